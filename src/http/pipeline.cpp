#include "http/pipeline.hpp"

#include "http/compression.hpp"
#include "http/conditional.hpp"
#include "http/problem.hpp"
#include "http/response_headers.hpp"
#include "support/log.hpp"

namespace mercado::http {
namespace {

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

void Pipeline::tick() {
  access_log_.flush();
  for (const auto& chore : chores_) chore();
}

Task<Response> Pipeline::respond(Request& request, Exchange& exchange) {
  if (!decode_target(request)) {
    co_return problem_response(request,
                               Problem(Status::bad_request, "The request target is malformed."));
  }
  RouteMatch match = routes_.match(request.method(), request.path());
  exchange.route = match.index;
  // Every request counts against the client's budget, unmatched ones too (scanners), except
  // the probes a load balancer must always get through.
  if (settings_.rate_limiter && !(match.route && match.route->options.operational)) {
    // Alone, the local limiter decides without a coroutine frame of its own.
    if (shared_counters_) {
      exchange.rate = co_await take_shared_rate(request.client_address());
    } else {
      exchange.rate = settings_.rate_limiter->take(request.client_address());
    }
    if (!exchange.rate->allowed) {
      Problem problem(Status::too_many_requests, "Too many requests; slow down.");
      problem.headers.emplace_back(beast_http::field::retry_after,
                                   std::to_string(exchange.rate->retry_after));
      co_return problem_response(request, problem);
    }
  }
  if (!match.route) co_return unrouted(request, match);
  if (match.route->options.negotiated && !request.format()) {
    co_return problem_response(
        request, Problem(Status::not_acceptable,
                         "This resource is available as application/json or application/xml."));
  }
  request.mutable_params() = std::move(match.params);
  co_return co_await run(*match.route, request);
}

Task<RateDecision> Pipeline::take_shared_rate(std::string_view client) {
  const auto count = co_await shared_counters_->add("rate", client, 1, std::chrono::seconds(1));
  if (count) {
    co_return window_decision(count->count, settings_.rate_limiter->rate(), count->resets_in);
  }
  co_return settings_.rate_limiter->take(client);  // memcached could not be asked
}

Response Pipeline::unrouted(const Request& request, const RouteMatch& match) const {
  if (match.allowed.empty())
    return problem_response(request, Problem(Status::not_found, "No such route."));
  if (request.method() == Verb::options) {
    // Preflights are answered without authentication: the browser sends none with them.
    if (CorsPolicy::is_preflight(request))
      return settings_.cors.preflight(request, allow_header(match.allowed));
    Response response(Status::no_content, request.raw().version());
    response.set(beast_http::field::allow, allow_header(match.allowed));
    return response;
  }
  Problem problem(Status::method_not_allowed, "This path does not support this method.");
  problem.headers.emplace_back(beast_http::field::allow, allow_header(match.allowed));
  return problem_response(request, problem);
}

Task<Response> Pipeline::run(const Route& route, Request& request) {
  const bool cacheable = route.options.cacheable && settings_.read_cache && data_version_;
  std::optional<std::uint64_t> version;
  if (cacheable) version = co_await data_version_();
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

void Pipeline::finish(const Request& request, const Exchange& exchange, Response& response,
                      std::string_view id) {
  const Verb method = request.method();
  const bool read = method == Verb::get || method == Verb::head;
  if (!settings_.entity_tags) {
    response.erase(beast_http::field::etag);
  } else if (carries_representation(method, response.result()) &&
             response[beast_http::field::etag].empty()) {
    response.set(beast_http::field::etag, entity_tag(response.body()));
  }
  if (settings_.compression) compress_if_worthwhile(request, response, gzip_cache_);
  if (read && response.result() == Status::ok) {
    const auto condition = request.header(beast_http::field::if_none_match);
    if (!condition.empty() &&
        none_match(condition, response[beast_http::field::etag]) == TagMatch::kMatch) {
      not_modified(response);
    }
  }
  settings_.cors.decorate(request, response);
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

void Pipeline::record(const Request& request, const Exchange& exchange, const Response& response,
                      std::string_view id, std::chrono::steady_clock::time_point started) {
  const auto elapsed = std::chrono::steady_clock::now() - started;
  const auto status = static_cast<unsigned>(response.result_int());
  if (settings_.metrics) settings_.metrics->request_finished(exchange.route, status, elapsed);
  if (!settings_.access_log) return;
  const bool matched = exchange.route < routes_.size();
  access_log_.add(
      "info", "request",
      {{"id", id},
       {"method", std::string_view(beast_http::to_string(request.method()))},
       {"route", matched ? std::string_view(routes_.route(exchange.route).pattern) : "unmatched"},
       {"status", status},
       {"bytes", response.body().size()},
       {"duration_ms", std::chrono::duration<double, std::milli>(elapsed).count()},
       {"client", request.client_address()}});
}

Task<Response> Pipeline::handle(Request& request) {
  const auto started = std::chrono::steady_clock::now();
  if (settings_.metrics) settings_.metrics->request_started();
  std::string client;  // the request refers to it until it is answered
  if (!settings_.trusted_proxies.empty()) {
    client = settings_.trusted_proxies.client(request.client_address(), forwarded_for(request));
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
