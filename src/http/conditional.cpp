#include "http/conditional.hpp"

#include <xxhash.h>

namespace mercado::http {
namespace {

constexpr std::string_view kGzipSuffix = "-gzip";

// etagc = "!" / %x23-7E / obs-text: anything visible but the quote.
bool is_etag_character(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte == 0x21 || (byte >= 0x23 && byte != 0x7F);
}

struct Tag {
  std::string_view opaque;  // between the quotes, without a gzip suffix
  bool weak = false;
};

std::string_view without_gzip(std::string_view opaque) {
  if (opaque.ends_with(kGzipSuffix)) opaque.remove_suffix(kGzipSuffix.size());
  return opaque;
}

// Calls `each` for every tag of a `1#entity-tag` list; false when the list is malformed.
template <class Each>
bool for_each_tag(std::string_view list, Each each) {
  const auto skip_space = [&list] {
    while (!list.empty() && (list.front() == ' ' || list.front() == '\t' || list.front() == ','))
      list.remove_prefix(1);
  };
  skip_space();
  if (list.empty()) return false;
  while (!list.empty()) {
    Tag tag;
    if (list.starts_with("W/")) {
      tag.weak = true;
      list.remove_prefix(2);
    }
    if (list.empty() || list.front() != '"') return false;
    const std::size_t close = list.find('"', 1);
    if (close == std::string_view::npos) return false;
    tag.opaque = list.substr(1, close - 1);
    for (const char c : tag.opaque) {
      if (!is_etag_character(c)) return false;
    }
    list.remove_prefix(close + 1);
    if (!list.empty() && list.front() != ',' && list.front() != ' ' && list.front() != '\t')
      return false;
    each(tag);
    skip_space();
  }
  return true;
}

bool is_star(std::string_view value) {
  while (value.starts_with(' ')) value.remove_prefix(1);
  while (value.ends_with(' ')) value.remove_suffix(1);
  return value == "*";
}

// The opaque part of our own (quoted, strong) tag.
std::string_view opaque_of(std::string_view current) {
  if (current.size() >= 2 && current.front() == '"' && current.back() == '"') {
    return current.substr(1, current.size() - 2);
  }
  return current;
}

TagMatch match(std::string_view header, std::string_view current, bool strong) {
  if (is_star(header)) return current.empty() ? TagMatch::kNone : TagMatch::kMatch;
  const std::string_view wanted = without_gzip(opaque_of(current));
  bool found = false;
  const bool valid = for_each_tag(header, [&](const Tag& tag) {
    if (strong && tag.weak) return;
    if (!current.empty() && without_gzip(tag.opaque) == wanted) found = true;
  });
  if (!valid) return TagMatch::kMalformed;
  return found ? TagMatch::kMatch : TagMatch::kNone;
}

}  // namespace

std::string entity_tag(std::string_view representation) {
  // The canonical (big-endian) form, so the tag is the same on every machine.
  XXH128_canonical_t digest;
  XXH128_canonicalFromHash(&digest, XXH3_128bits(representation.data(), representation.size()));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string tag(2 + 2 * sizeof digest.digest, '"');
  for (std::size_t i = 0; i < sizeof digest.digest; ++i) {
    tag[1 + 2 * i] = kHex[digest.digest[i] >> 4];
    tag[2 + 2 * i] = kHex[digest.digest[i] & 15];
  }
  return tag;
}

std::string gzip_entity_tag(std::string_view tag) {
  std::string coded(opaque_of(tag));
  return '"' + coded + std::string(kGzipSuffix) + '"';
}

TagMatch none_match(std::string_view if_none_match, std::string_view current) {
  return match(if_none_match, current, false);
}

TagMatch if_match(std::string_view if_match, std::string_view current) {
  return match(if_match, current, true);
}

}  // namespace mercado::http
