#include "api/operations.hpp"

#include <fstream>
#include <sstream>
#include "api/store_read.hpp"

#include "api/representation.hpp"
#include "docs/docs_init.gen.hpp"
#include "docs/docs_page.gen.hpp"
#include "docs/openapi.gen.hpp"
#include "http/problem.hpp"

namespace mercado::api::operations {
namespace {

using http::beast_http::field;

// The only page we serve: scripts and styles from this origin only, no framing, no plugins.
constexpr std::string_view kDocsPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'";

// The files taken from swagger-ui-dist, with their types.
constexpr std::pair<std::string_view, std::string_view> kDocsFiles[] = {
    {"swagger-ui.css", "text/css; charset=utf-8"},
    {"swagger-ui-bundle.js", "application/javascript; charset=utf-8"},
};

http::Response document(const http::Request& request, std::string_view content_type,
                        std::string body) {
  http::Response response(http::Status::ok, request.raw().version());
  response.set(field::content_type, content_type);
  response.set(field::cache_control, "no-cache");
  response.body() = std::move(body);
  return response;
}

struct HealthStatus {
  std::string_view status;
};
void write(http::DocumentWriter& out, const HealthStatus& status) {
  out.begin_object("health");
  out.field("status", status.status);
  out.end_object();
}

}  // namespace

http::Task<http::Response> health(ApiContext& /*context*/, http::Request& request) {
  auto response = represent(request, http::Status::ok, HealthStatus{"ok"});
  response.set(field::cache_control, "no-store");
  co_return response;
}

http::Task<http::Response> readiness(ApiContext& context, http::Request& request) {
  if (context.services.draining && context.services.draining->load()) {
    co_return http::problem_response(request, domain::unavailable("This instance is stopping."));
  }
  const auto reachable = co_await read_reachable(context);
  if (!reachable || !*reachable) {
    co_return http::problem_response(request, domain::unavailable("Storage is not reachable."));
  }
  auto response = represent(request, http::Status::ok, HealthStatus{"ready"});
  response.set(field::cache_control, "no-store");
  co_return response;
}

http::Task<http::Response> metrics(ApiContext& context, http::Request& request) {
  auto response = document(request, "text/plain; version=0.0.4; charset=utf-8",
                           context.services.metrics ? context.services.metrics->render() : "");
  response.set(field::cache_control, "no-store");
  co_return response;
}

http::Task<http::Response> openapi(ApiContext& /*context*/, http::Request& request) {
  co_return document(request, "application/json", std::string(kOpenApiJson));
}

http::Task<http::Response> docs_page(ApiContext& context, http::Request& request) {
  if (context.settings.docs_assets.empty()) {
    co_return http::problem_response(
        request, domain::not_found("The documentation page is not installed (run npm ci); the API "
                                   "description is at /api/v1/openapi.json."));
  }
  auto response = document(request, "text/html; charset=utf-8", std::string(kDocsPageHtml));
  response.set("Content-Security-Policy", kDocsPolicy);
  response.set("X-Frame-Options", "DENY");
  co_return response;
}

http::Task<http::Response> docs_asset(ApiContext& context, http::Request& request) {
  const std::string& name = request.param(0);
  if (name == "init.js") {
    co_return document(request, "application/javascript; charset=utf-8", std::string(kDocsInitJs));
  }
  for (const auto& [file, type] : kDocsFiles) {
    if (name != file) continue;
    const auto found = context.settings.docs_assets.find(name);
    if (found == context.settings.docs_assets.end()) break;
    co_return document(request, type, found->second);
  }
  co_return http::problem_response(request, domain::not_found("No such file."));
}

std::map<std::string, std::string, std::less<>> load_docs_assets(
    const std::filesystem::path& directory) {
  std::map<std::string, std::string, std::less<>> assets;
  for (const auto& [file, type] : kDocsFiles) {
    std::ifstream in(directory / file, std::ios::binary);
    if (!in) return {};
    std::ostringstream bytes;
    bytes << in.rdbuf();
    assets.emplace(file, bytes.str());
  }
  return assets;
}

}  // namespace mercado::api::operations
