// Pagination headers for list responses, so clients page without knowing our parameters: the
// body stays a plain array (as the contract's clients expect), and the headers carry the rest.
#pragma once

#include <cstdint>
#include <string>

#include "http/message.hpp"

namespace mercado::http {

// RFC 8288 Link value with first, prev, next and last pages (prev and next only where they
// exist), each the request's own path and query with `offset` and `limit` replaced.
std::string page_links(const Request& request, std::int64_t offset, std::int64_t limit,
                       std::int64_t total);

// X-Total-Count (items in the whole list) and Link.
void add_page_headers(const Request& request, Response& response, std::int64_t offset,
                      std::int64_t limit, std::int64_t total);

}  // namespace mercado::http
