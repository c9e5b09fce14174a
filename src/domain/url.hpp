// The one rule for URLs a client gives us (product images, category images).
#pragma once

#include <cstddef>
#include <string_view>

namespace mercado::domain {

inline constexpr std::size_t kMaxUrlLength = 2048;

// An absolute http or https URL (scheme in any case) with a DNS name or IP literal host, an
// optional port 1-65535, no user information, and a path/query/fragment of RFC 3986 characters
// with valid %XX escapes (non-ASCII must be percent-encoded); at most kMaxUrlLength bytes.
// Deliberately strict: these strings end up in <img src> of front ends.
bool is_http_url(std::string_view url);

}  // namespace mercado::domain
