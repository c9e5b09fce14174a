#include "http/router.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>

#include "http/compression.hpp"
#include "http/conditional.hpp"
#include "http/problem.hpp"
#include "http/response_headers.hpp"
#include "support/log.hpp"

namespace mercado::http {
namespace {

// The segments of a path. One trailing slash names the same route as none (`/products/` is
// `/products`, as on the reference API, whose clients send both); an empty segment anywhere
// else (`/products//1`) matches no route.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path.front() != '/') return segments;
  path.remove_prefix(1);
  if (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
  for (;;) {
    const std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

std::string allow_header(const std::vector<Verb>& matched) {
  // Two routes may match one path (/products/slug/related): list each method once.
  std::vector<Verb> methods;
  for (const Verb method : matched) {
    if (std::find(methods.begin(), methods.end(), method) == methods.end()) {
      methods.push_back(method);
    }
  }
  std::string allow;
  const bool has_get = std::find(methods.begin(), methods.end(), Verb::get) != methods.end();
  if (has_get) methods.push_back(Verb::head);
  methods.push_back(Verb::options);
  for (const Verb method : methods) {
    if (!allow.empty()) allow += ", ";
    allow += beast_http::to_string(method);
  }
  return allow;
}

// Responses whose body is the target's representation, so their ETag is that of its state: a
// read, the result of a PUT or PATCH, and a created resource.
bool carries_representation(Verb method, Status status) {
  switch (method) {
    case Verb::get:
    case Verb::head:
    case Verb::put:
    case Verb::patch:
      return status == Status::ok;
    case Verb::post:
      return status == Status::created;
    default:
      return false;
  }
}

// RFC 9110 15.4.5: a 304 keeps the validators and caching headers of the 200 it stands for and
// drops the body and what describes it.
void not_modified(Response& response) {
  response.result(Status::not_modified);
  response.body().clear();
  response.erase(beast_http::field::content_type);
  response.erase(beast_http::field::content_encoding);
  response.erase(beast_http::field::content_length);
}

// X-Forwarded-For as one list: a proxy may have added its own header rather than appending.
std::string forwarded_for(const Request& request) {
  std::string list;
  const auto [first, last] = request.raw().equal_range("X-Forwarded-For");
  for (auto it = first; it != last; ++it) {
    if (!list.empty()) list += ',';
    list += it->value();
  }
  return list;
}

}  // namespace

bool decode_target(Request& request) {
  const std::string_view raw = request.raw().target();
  // Origin form ("/path?query") is the usual; a server must accept absolute form too
  // (RFC 9112 3.2.2), as sent to proxies: "http://host/path?query".
  const auto target = raw.starts_with('/') ? boost::urls::parse_origin_form(raw)
                                           : boost::urls::parse_absolute_uri(raw);
  if (!target || !target->encoded_path().starts_with('/')) return false;
  domain::QueryParams query;
  if (target->has_query()) {
    for (const auto& param : target->params()) {
      query.emplace_back(param.key, param.has_value ? param.value : std::string());
    }
  }
  request.set_target(target->encoded_path(), std::move(query));
  return true;
}

void Router::tick() {
  access_log_.flush();
  for (const auto& chore : chores_) chore();
}

void Router::add(Verb method, std::string_view pattern, Handler handler, RouteOptions options) {
  Route route{method, std::string(pattern), {}, std::move(handler), std::move(options)};
  for (const std::string_view segment : split_path(pattern)) {
    const bool is_param = segment.starts_with('{') && segment.ends_with('}');
    route.segments.push_back({is_param ? std::string() : std::string(segment), is_param});
  }
  routes_.push_back(std::move(route));
}

std::vector<Router::RouteInfo> Router::routes() const {
  std::vector<RouteInfo> info;
  for (const auto& route : routes_)
    info.push_back({route.method, route.pattern, route.options.rule});
  return info;
}

bool Router::matches(const Route& route, const std::vector<std::string_view>& segments,
                     std::vector<std::string>& params) {
  if (route.segments.size() != segments.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (!route.segments[i].is_param) {
      if (route.segments[i].literal != segments[i]) return false;
      continue;
    }
    if (segments[i].empty()) return false;
    const auto encoded = boost::urls::make_pct_string_view(segments[i]);
    if (!encoded) return false;  // malformed percent-encoding names no resource
    params.push_back(encoded->decode());
  }
  return true;
}

Task<Response> Router::dispatch(Request& request, Exchange& exchange) {
  const auto segments = split_path(request.path());
  const Verb method = request.method() == Verb::head ? Verb::get : request.method();
  std::vector<Verb> allowed;
  std::vector<std::string> params;
  const Route* found = nullptr;
  for (std::size_t i = 0; i < routes_.size() && !found; ++i) {
    if (!matches(routes_[i], segments, params)) continue;
    if (routes_[i].method != method) {
      allowed.push_back(routes_[i].method);
      continue;
    }
    found = &routes_[i];
    exchange.route = i;
  }
  // Every request counts against the client's budget, unmatched ones too (scanners), except
  // the probes a load balancer must always get through.
  if (pipeline_.rate_limiter && !(found && found->options.operational)) {
    exchange.rate = pipeline_.rate_limiter->take(request.client_address());
    if (!exchange.rate->allowed) {
      Problem problem(Status::too_many_requests, "Too many requests; slow down.");
      problem.headers.emplace_back(beast_http::field::retry_after,
                                   std::to_string(exchange.rate->retry_after));
      co_return problem_response(request, problem);
    }
  }
  if (found) {
    if (found->options.negotiated && !request.format()) {
      co_return problem_response(
          request, Problem(Status::not_acceptable,
                           "This resource is available as application/json or application/xml."));
    }
    request.mutable_params() = std::move(params);
    co_return co_await run(*found, request);
  }
  if (allowed.empty())
    co_return problem_response(request, Problem(Status::not_found, "No such route."));
  if (request.method() == Verb::options) {
    // Preflights are answered without authentication: the browser sends none with them.
    if (CorsPolicy::is_preflight(request))
      co_return pipeline_.cors.preflight(request, allow_header(allowed));
    Response response(Status::no_content, request.raw().version());
    response.set(beast_http::field::allow, allow_header(allowed));
    co_return response;
  }
  Problem problem(Status::method_not_allowed, "This path does not support this method.");
  problem.headers.emplace_back(beast_http::field::allow, allow_header(allowed));
  co_return problem_response(request, problem);
}

Task<Response> Router::run(const Route& route, Request& request) {
  const bool cacheable = route.options.cacheable && pipeline_.read_cache && data_version_;
  const auto version = cacheable ? data_version_() : std::optional<std::uint64_t>();
  if (!version) co_return co_await route.handler(request);
  if (const Response* kept = representations_.find(request, *version)) {
    Response answer = *kept;
    answer.version(request.raw().version());
    co_return answer;
  }
  Response answer = co_await route.handler(request);
  representations_.add(request, *version, answer);
  co_return answer;
}

Task<Response> Router::respond(Request& request, Exchange& exchange) {
  if (!decode_target(request)) {
    co_return problem_response(request,
                               Problem(Status::bad_request, "The request target is malformed."));
  }
  co_return co_await dispatch(request, exchange);
}

void Router::finish(const Request& request, const Exchange& exchange, Response& response,
                    std::string_view id) {
  const Verb method = request.method();
  const bool read = method == Verb::get || method == Verb::head;
  if (!pipeline_.entity_tags) {
    response.erase(beast_http::field::etag);
  } else if (carries_representation(method, response.result()) &&
             response[beast_http::field::etag].empty()) {
    response.set(beast_http::field::etag, entity_tag(response.body()));
  }
  if (pipeline_.compression) compress_if_worthwhile(request, response, gzip_cache_);
  if (read && response.result() == Status::ok) {
    const auto condition = request.header(beast_http::field::if_none_match);
    if (!condition.empty() &&
        none_match(condition, response[beast_http::field::etag]) == TagMatch::kMatch) {
      not_modified(response);
    }
  }
  pipeline_.cors.decorate(request, response);
  if (exchange.rate) {
    response.set("RateLimit-Limit", std::to_string(exchange.rate->limit));
    response.set("RateLimit-Remaining", std::to_string(exchange.rate->remaining));
    response.set("RateLimit-Reset", std::to_string(exchange.rate->reset));
  }
  add_standard_headers(response, id);
  response.keep_alive(request.raw().keep_alive());
  if (response.result() == Status::no_content || response.result() == Status::not_modified) {
    // RFC 9110 8.6: no Content-Length on a 204, nor on a 304 (whose length would have to be
    // that of the 200 it stands for).
  } else if (method == Verb::head) {
    // Same headers as GET, Content-Length included, and no body (RFC 9110 9.3.2).
    response.prepare_payload();
    const auto length = response.body().size();
    response.body().clear();
    response.content_length(length);
  } else {
    response.prepare_payload();
  }
}

void Router::record(const Request& request, const Exchange& exchange, const Response& response,
                    std::string_view id, std::chrono::steady_clock::time_point started) {
  const auto elapsed = std::chrono::steady_clock::now() - started;
  const auto status = static_cast<unsigned>(response.result_int());
  if (pipeline_.metrics) pipeline_.metrics->request_finished(exchange.route, status, elapsed);
  if (!pipeline_.access_log) return;
  const bool matched = exchange.route < routes_.size();
  access_log_.add(
      "info", "request",
      {{"id", id},
       {"method", std::string_view(beast_http::to_string(request.method()))},
       {"route", matched ? std::string_view(routes_[exchange.route].pattern) : "unmatched"},
       {"status", status},
       {"bytes", response.body().size()},
       {"duration_ms", std::chrono::duration<double, std::milli>(elapsed).count()},
       {"client", request.client_address()}});
}

Task<Response> Router::handle(Request& request) {
  const auto started = std::chrono::steady_clock::now();
  if (pipeline_.metrics) pipeline_.metrics->request_started();
  std::string client;  // the request refers to it until it is answered
  if (!pipeline_.trusted_proxies.empty()) {
    client = pipeline_.trusted_proxies.client(request.client_address(), forwarded_for(request));
    request.set_client_address(client);
  }
  const std::string id = request_id(request.header("X-Request-Id"));
  Exchange exchange{routes_.size(), std::nullopt};
  Response response;
  try {
    response = co_await respond(request, exchange);
  } catch (const std::exception& error) {
    // The client sees a generic 500 with this id; the detail is only here.
    support::log_line("error", "handler failed", {{"request_id", id}, {"detail", error.what()}});
    response = problem_response(
        request, Problem(Status::internal_server_error, "An unexpected error occurred."));
  }
  finish(request, exchange, response, id);
  record(request, exchange, response, id, started);
  co_return response;
}

}  // namespace mercado::http
