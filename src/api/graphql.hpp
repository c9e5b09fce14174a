// /graphql: GraphQL over HTTP (graphql-over-http, the 2024 draft) on the store schema.
// GET runs queries (cacheable: the pipeline gives 200s an ETag, as every read), POST runs
// queries and mutations; a browser that opens the page gets GraphiQL (web::graphiql_page).
#pragma once

#include "api/context.hpp"
#include "http/message.hpp"
#include "http/representation_cache.hpp"
#include "http/router.hpp"

namespace mercado::api::graphql_http {

// What the endpoint keeps per worker: `rest` routes /api/v1/... to this worker's handlers
// (api/graphql_resolver.hpp); `answers` keeps the answers of documents that read only the
// catalog, while the data stays the same (as the pipeline keeps catalog reads').
struct Endpoint {
  http::Router rest;
  http::RepresentationCache answers;
};

http::Task<http::Response> serve(ApiContext& context, http::Request& request, Endpoint& endpoint);

}  // namespace mercado::api::graphql_http
