#include "http/router.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>

#include "http/problem.hpp"
#include "http/response_headers.hpp"
#include "support/log.hpp"

namespace mercado::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path.front() != '/') return segments;
  path.remove_prefix(1);
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

Task<Response> Router::dispatch(Request& request, const std::vector<std::string_view>& segments) {
  const Verb method = request.method() == Verb::head ? Verb::get : request.method();
  std::vector<Verb> allowed;
  std::vector<std::string> params;
  for (const auto& route : routes_) {
    if (!matches(route, segments, params)) continue;
    if (route.method == method) {
      if (route.options.negotiated && !request.format()) {
        co_return problem_response(
            request, Problem(Status::not_acceptable,
                             "This resource is available as application/json or application/xml."));
      }
      request.mutable_params() = std::move(params);
      co_return co_await route.handler(request);
    }
    allowed.push_back(route.method);
  }
  if (allowed.empty())
    co_return problem_response(request, Problem(Status::not_found, "No such route."));
  if (request.method() == Verb::options) {
    Response response(Status::no_content, request.raw().version());
    response.set(beast_http::field::allow, allow_header(allowed));
    response.keep_alive(request.raw().keep_alive());
    co_return response;
  }
  Problem problem(Status::method_not_allowed, "This path does not support this method.");
  problem.headers.emplace_back(beast_http::field::allow, allow_header(allowed));
  co_return problem_response(request, problem);
}

Task<Response> Router::handle(Request& request) {
  const auto found = request.raw().find("X-Request-Id");
  const std::string id = request_id(
      found == request.raw().end() ? std::string_view() : std::string_view(found->value()));
  Response response;
  if (!decode_target(request)) {
    response =
        problem_response(request, Problem(Status::bad_request, "The request target is malformed."));
  } else {
    try {
      response = co_await dispatch(request, split_path(request.path()));
    } catch (const std::exception& error) {
      // The client sees a generic 500 with this id; the detail is only here.
      support::log_line("error", "handler failed", {{"request_id", id}, {"detail", error.what()}});
      response = problem_response(
          request, Problem(Status::internal_server_error, "An unexpected error occurred."));
    }
  }
  add_standard_headers(response, id);
  response.keep_alive(request.raw().keep_alive());
  if (response.result() == Status::no_content || response.result() == Status::not_modified) {
    // RFC 9110 8.6: no Content-Length on a 204, nor on a 304 (whose length would have to be
    // that of the 200 it stands for).
  } else if (request.method() == Verb::head) {
    // Same headers as GET, Content-Length included, and no body (RFC 9110 9.3.2).
    response.prepare_payload();
    const auto length = response.body().size();
    response.body().clear();
    response.content_length(length);
  } else {
    response.prepare_payload();
  }
  co_return response;
}

}  // namespace mercado::http
