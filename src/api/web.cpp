#include "api/web.hpp"

#include "http/problem.hpp"
#include "web/web_assets.gen.hpp"

namespace mercado::api::web {
namespace {

using http::beast_http::field;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

http::Response bytes(const http::Request& request, std::string_view type, std::string_view body,
                     std::string_view cache_control) {
  http::Response response(http::Status::ok, request.raw().version());
  response.set(field::content_type, type);
  response.set(field::cache_control, cache_control);
  response.body() = std::string(body);
  return response;
}

// The origin of an http(s) URL: scheme, host and port, without a path.
std::string_view origin_of(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  const auto path = url.find('/', scheme + 3);
  return url.substr(0, path);
}

}  // namespace

bool built() { return !web_assets::kFiles.empty(); }

std::string content_policy(std::string_view public_url) {
  std::string images = "'self' data: https:";
  if (const auto origin = origin_of(public_url); !origin.empty()) {
    images += ' ';
    images += origin;
  }
  return "default-src 'none'; script-src 'self'; style-src 'self'; img-src " + images +
         "; connect-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
         "form-action 'none'";
}

http::Task<http::Response> page(ApiContext& context, http::Request& request) {
  // Turned off, the client's paths answer as if they were not routes at all.
  if (!context.settings.web_client) {
    co_return http::problem_response(request, domain::not_found("No such route."));
  }
  if (!built()) {
    co_return http::problem_response(
        request, domain::not_found("The web client is not built into this binary (run npm ci, "
                                   "then build again)."));
  }
  auto response = bytes(request, "text/html; charset=utf-8", web_assets::kIndexHtml, "no-cache");
  response.set("Content-Security-Policy", context.settings.web_policy);
  response.set("X-Frame-Options", "DENY");
  co_return response;
}

http::Task<http::Response> graphiql_page(ApiContext& context, http::Request& request) {
  if (!context.settings.web_client) {
    co_return http::problem_response(
        request, domain::not_found("GraphiQL is off with the web client (--web off); send queries "
                                   "with POST /graphql."));
  }
  if (!built()) {
    co_return http::problem_response(
        request, domain::not_found("GraphiQL is not built into this binary (run npm ci, then build "
                                   "again); send queries with POST /graphql."));
  }
  auto response = bytes(request, "text/html; charset=utf-8", web_assets::kGraphiqlHtml, "no-cache");
  response.set("Content-Security-Policy", kGraphiqlPolicy);
  response.set("X-Frame-Options", "DENY");
  co_return response;
}

http::Task<http::Response> asset(ApiContext& context, http::Request& request) {
  if (context.settings.web_client) {
    const std::string& name = request.param(0);
    for (const auto& file : web_assets::kFiles) {
      if (file.name == name) co_return bytes(request, file.type, file.bytes, kImmutable);
    }
  }
  co_return http::problem_response(request, domain::not_found("No such file."));
}

}  // namespace mercado::api::web
