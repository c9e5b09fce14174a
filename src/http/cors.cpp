#include "http/cors.hpp"

#include <algorithm>

namespace mercado::http {
namespace {

// What a front end may read besides the CORS-safelisted headers.
constexpr std::string_view kExposed =
    "ETag, Link, Location, X-Total-Count, X-Request-Id, Retry-After, RateLimit-Limit, "
    "RateLimit-Remaining, RateLimit-Reset, Idempotent-Replayed";
// What a front end may send besides the safelisted ones.
constexpr std::string_view kAllowedHeaders =
    "Authorization, Content-Type, Accept, If-Match, If-None-Match, Idempotency-Key, X-Request-Id";
constexpr std::string_view kMaxAge = "600";

// scheme "://" host [":" port], nothing more: what a browser sends as Origin.
bool is_origin(std::string_view origin) {
  const std::size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return false;
  const std::string_view scheme = origin.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  const std::string_view rest = origin.substr(scheme_end + 3);
  return !rest.empty() && rest.find_first_of("/?#@ ") == std::string_view::npos;
}

void add_vary_origin(Response& response) {
  const auto current = response[beast_http::field::vary];
  if (current.empty()) {
    response.set(beast_http::field::vary, "Origin");
  } else if (current.find("Origin") == std::string_view::npos) {
    response.set(beast_http::field::vary, std::string(current) + ", Origin");
  }
}

}  // namespace

CorsPolicy::CorsPolicy(std::vector<std::string> origins) {
  for (auto& origin : origins) {
    if (origin == "*") {
      any_ = true;
    } else {
      origins_.push_back(std::move(origin));
    }
  }
}

std::optional<CorsPolicy> CorsPolicy::parse(std::string_view list) {
  std::vector<std::string> origins;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view origin = list.substr(0, comma);
    list = comma == std::string_view::npos ? "" : list.substr(comma + 1);
    while (origin.starts_with(' ')) origin.remove_prefix(1);
    while (origin.ends_with(' ')) origin.remove_suffix(1);
    while (origin.ends_with('/')) origin.remove_suffix(1);
    if (origin.empty()) continue;
    if (origin != "*" && !is_origin(origin)) return std::nullopt;
    origins.emplace_back(origin);
  }
  return CorsPolicy(std::move(origins));
}

bool CorsPolicy::is_preflight(const Request& request) {
  return request.method() == Verb::options && !request.header(beast_http::field::origin).empty() &&
         !request.header(beast_http::field::access_control_request_method).empty();
}

std::string CorsPolicy::allowed_origin(std::string_view origin) const {
  if (origin.empty()) return {};
  if (any_) return "*";
  const bool listed = std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
  return listed ? std::string(origin) : std::string();
}

Response CorsPolicy::preflight(const Request& request, std::string_view allowed_methods) const {
  Response response(Status::no_content, request.raw().version());
  response.set(beast_http::field::allow, allowed_methods);
  const std::string origin = allowed_origin(request.header(beast_http::field::origin));
  if (!origin.empty()) {
    response.set(beast_http::field::access_control_allow_origin, origin);
    response.set(beast_http::field::access_control_allow_methods, allowed_methods);
    response.set(beast_http::field::access_control_allow_headers, kAllowedHeaders);
    response.set(beast_http::field::access_control_max_age, kMaxAge);
  }
  add_vary_origin(response);
  return response;
}

void CorsPolicy::decorate(const Request& request, Response& response) const {
  if (!enabled()) return;
  // The answer depends on Origin: caches must keep one copy per origin.
  add_vary_origin(response);
  const std::string origin = allowed_origin(request.header(beast_http::field::origin));
  if (origin.empty()) return;
  response.set(beast_http::field::access_control_allow_origin, origin);
  response.set(beast_http::field::access_control_expose_headers, kExposed);
}

}  // namespace mercado::http
