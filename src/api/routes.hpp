// The route table: every path, method and handler of the API, in one place.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/context.hpp"
#include "http/router.hpp"

namespace mercado::api {

// One row of the route table: what the API documentation lists, and how to bind the handler
// to a worker's context.
struct RouteSpec {
  http::Verb method;
  std::string pattern;
  domain::RouteRule rule;
  bool negotiated;
  bool operational;  // health, readiness, metrics: exempt from rate limiting
  bool cacheable;    // a public catalog read (http::RouteOptions::cacheable)
  std::function<http::Handler(const std::shared_ptr<ApiContext>&)> bind;
};

// Every route, in matching order.
const std::vector<RouteSpec>& route_table();

// A router for one worker thread, its handlers bound to that worker's context.
http::Router make_routes(const std::shared_ptr<ApiContext>& context);
// The same for the REST API's routes only (/api/v1/...): what GraphQL's fields call.
http::Router make_rest_routes(const std::shared_ptr<ApiContext>& context);

// "METHOD pattern" of every route, in table order: the metrics' route labels.
std::vector<std::string> route_labels();

}  // namespace mercado::api
