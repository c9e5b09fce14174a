// Content negotiation: which representation to answer with (Accept) and how to read a body
// (Content-Type). JSON is the default; XML is the alternative the contract promises.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace mercado::http {

enum class Format { kJson, kXml };

// The best format for an Accept header value (q-values honoured, "*/*" and "application/*"
// allowed; an empty header means JSON). nullopt when nothing acceptable is offered: a 406.
std::optional<Format> negotiate(std::string_view accept);

// Which of `offered` (media types, most preferred first) an Accept header value picks: the
// highest weight, a more specific range beating a wildcard, ties going to the earlier offer.
// An empty header picks the first; nullopt when none is acceptable.
std::optional<std::size_t> choose_media_type(std::string_view accept,
                                             std::span<const std::string_view> offered);

// The format of a request body by its Content-Type, ignoring parameters such as charset;
// nullopt for anything else: a 415. A charset other than UTF-8 is refused too.
std::optional<Format> body_format(std::string_view content_type);

// Whether an Accept-Encoding value allows gzip: named ("gzip", "x-gzip") or covered by "*", with
// a weight above 0. An absent header allows any coding, but we only compress when asked.
bool accepts_gzip(std::string_view accept_encoding);

// Media types we answer with.
std::string_view media_type(Format format);
std::string_view problem_media_type(Format format);

}  // namespace mercado::http
