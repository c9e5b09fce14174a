// Entity tags and conditional requests (RFC 9110 8.8.3 and 13): a client that already holds a
// representation asks "only if it changed" (If-None-Match, to save a download) or "only if it
// did not" (If-Match, so two editors never overwrite each other's update).
#pragma once

#include <string>
#include <string_view>

namespace mercado::http {

// The strong entity tag of a representation: a 128-bit XXH3 hash of its bytes, quoted. Every
// instance computes the same tag for the same bytes, so tags hold across a cluster. A tag is
// not a secret and guards against accidents, not forgers (a client only ever fools itself), so
// it needs a fast hash with no practical accidental collisions rather than a cryptographic one.
std::string entity_tag(std::string_view representation);

// The tag of the gzip-coded variant of the representation whose tag is `tag`: a different
// content coding is a different representation (RFC 9110 8.8.3).
std::string gzip_entity_tag(std::string_view tag);

enum class TagMatch { kNone, kMatch, kMalformed };

// Whether an If-None-Match value ("*" or a list of entity tags) names `current`, compared
// weakly: W/"x" matches "x". The gzip variant of a tag names the same state.
TagMatch none_match(std::string_view if_none_match, std::string_view current);

// Whether an If-Match value names `current`, compared strongly: weak tags never match.
// `current` is empty when the resource does not exist, which only "*" fails to match too.
TagMatch if_match(std::string_view if_match, std::string_view current);

}  // namespace mercado::http
