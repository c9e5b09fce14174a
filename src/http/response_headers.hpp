// What every response carries, whatever produced it: a request id to match a client's report
// with the server log, and the headers that keep browsers from misreading an API response.
#pragma once

#include <string>
#include <string_view>

#include "http/message.hpp"

namespace mercado::http {

inline constexpr std::size_t kMaxRequestIdLength = 128;

// The client's X-Request-Id when it is 1-128 characters of letters, digits, '.', '_' or '-'
// (what proxies and tracing tools send), else a fresh random one: an id that could carry a
// line break or markup is never echoed into a header or the log.
std::string request_id(std::string_view sent);

// X-Request-Id, X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer.
void add_standard_headers(Response& response, std::string_view request_id);

}  // namespace mercado::http
