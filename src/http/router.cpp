#include "http/router.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>

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

}  // namespace

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
  Entry entry{{method, std::string(pattern), std::move(handler), std::move(options)}, {}};
  for (const std::string_view segment : split_path(pattern)) {
    const bool is_param = segment.starts_with('{') && segment.ends_with('}');
    entry.segments.push_back({is_param ? std::string() : std::string(segment), is_param});
  }
  routes_.push_back(std::move(entry));
}

std::vector<Router::RouteInfo> Router::routes() const {
  std::vector<RouteInfo> info;
  for (const auto& [route, segments] : routes_)
    info.push_back({route.method, route.pattern, route.options.rule});
  return info;
}

bool Router::matches(const Entry& entry, const std::vector<std::string_view>& segments,
                     std::vector<std::string>& params) {
  if (entry.segments.size() != segments.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (!entry.segments[i].is_param) {
      if (entry.segments[i].literal != segments[i]) return false;
      continue;
    }
    if (segments[i].empty()) return false;
    const auto encoded = boost::urls::make_pct_string_view(segments[i]);
    if (!encoded) return false;  // malformed percent-encoding names no resource
    params.push_back(encoded->decode());
  }
  return true;
}

RouteMatch Router::match(Verb method, std::string_view path) const {
  const auto segments = split_path(path);
  if (method == Verb::head) method = Verb::get;
  RouteMatch found;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (!matches(routes_[i], segments, found.params)) continue;
    if (routes_[i].route.method != method) {
      found.allowed.push_back(routes_[i].route.method);
      continue;
    }
    found.route = &routes_[i].route;
    found.index = i;
    return found;
  }
  found.params.clear();
  found.index = routes_.size();
  return found;
}

}  // namespace mercado::http
