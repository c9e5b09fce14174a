// What operators and tools ask of a running instance: liveness, readiness, metrics, and the
// API's own description with its interactive documentation.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "api/context.hpp"
#include "http/message.hpp"

namespace mercado::api::operations {

// GET /healthz: the process answers. Nothing else is checked, so a slow database never gets
// a live instance restarted.
http::Task<http::Response> health(ApiContext& context, http::Request& request);
// GET /readyz: storage answers and the instance is not draining; else 503.
http::Task<http::Response> readiness(ApiContext& context, http::Request& request);
// GET /metrics, in Prometheus' text format.
http::Task<http::Response> metrics(ApiContext& context, http::Request& request);
// GET /api/v1/openapi.json: the OpenAPI 3.1 document built into the binary.
http::Task<http::Response> openapi(ApiContext& context, http::Request& request);
// GET /docs and GET /docs/{file}: Swagger UI, served from this instance (works offline).
http::Task<http::Response> docs_page(ApiContext& context, http::Request& request);
http::Task<http::Response> docs_asset(ApiContext& context, http::Request& request);

// The Swagger UI files the docs page needs, read from `directory` (npm's swagger-ui-dist);
// empty when it is missing, and /docs then says how to install it.
std::map<std::string, std::string, std::less<>> load_docs_assets(
    const std::filesystem::path& directory);

}  // namespace mercado::api::operations
