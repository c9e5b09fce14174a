#include "http/pagination.hpp"

#include <algorithm>
#include <boost/url/url.hpp>

namespace mercado::http {
namespace {

std::string page_target(const Request& request, std::int64_t offset, std::int64_t limit) {
  boost::urls::url target;
  target.set_encoded_path(request.path());
  auto params = target.params();
  for (const auto& [key, value] : request.query()) {
    if (key != "offset" && key != "limit") params.append({key, value});
  }
  params.append({"offset", std::to_string(offset)});
  params.append({"limit", std::to_string(limit)});
  return std::string(target.buffer());
}

}  // namespace

std::string page_links(const Request& request, std::int64_t offset, std::int64_t limit,
                       std::int64_t total) {
  limit = std::max<std::int64_t>(limit, 1);
  // The last page starts at the last multiple of `limit` below `total` (0 for an empty list).
  const std::int64_t last = total > 0 ? (total - 1) / limit * limit : 0;
  std::string links;
  const auto add = [&](std::int64_t at, std::string_view relation) {
    if (!links.empty()) links += ", ";
    links += '<';
    links += page_target(request, at, limit);
    links += ">; rel=\"";
    links += relation;
    links += '"';
  };
  add(0, "first");
  if (offset > 0) add(std::max<std::int64_t>(0, std::min(offset - limit, last)), "prev");
  if (offset + limit < total) add(offset + limit, "next");
  add(last, "last");
  return links;
}

void add_page_headers(const Request& request, Response& response, std::int64_t offset,
                      std::int64_t limit, std::int64_t total) {
  response.set("X-Total-Count", std::to_string(total));
  response.set(beast_http::field::link, page_links(request, offset, limit, total));
}

}  // namespace mercado::http
