// The one rule for URLs a client gives us (product images, category images).
#pragma once

#include <cstddef>
#include <string_view>

namespace mercado::domain {

inline constexpr std::size_t kMaxUrlLength = 2048;

// An absolute http or https URL with a host, no white space or control characters, at most
// kMaxUrlLength bytes. Deliberately strict: these strings end up in <img src> of front ends.
bool is_http_url(std::string_view url);

}  // namespace mercado::domain
