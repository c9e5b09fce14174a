// The route table: which handler a method and a path name. It matches and does nothing else;
// what every request goes through around its handler is http/pipeline.hpp, which asks the
// router and is never called back by it.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace mercado::http {

using Handler = std::function<Task<Response>(Request&)>;

struct RouteOptions {
  // The name of the access rule the handler enforces, listed for documentation and for tests
  // that must check every route against it.
  std::string rule;
  // A negotiated route answers in JSON or XML, so a client that accepts neither gets 406
  // before it runs.
  bool negotiated = true;
  // Health checks and metrics: never rate limited, so a load balancer's probes always get
  // through.
  bool operational = false;
  // A public read whose answer depends only on the target, Accept and the stored data: its
  // 200s may be kept while the data does not change (http/pipeline.hpp).
  bool cacheable = false;
};

struct Route {
  Verb method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
};

// What a method and a path name in the table.
struct RouteMatch {
  // The route; null when none has this method, and then `allowed` lists the methods the path
  // does have (empty: no route has this path).
  const Route* route = nullptr;
  std::size_t index = 0;            // the route's place in the table, to count it by
  std::vector<std::string> params;  // the path's parameters, percent-decoded
  std::vector<Verb> allowed;
};

class Router {
 public:
  // `pattern` is a path with `{name}` segments, e.g. "/api/v1/products/{id}".
  void add(Verb method, std::string_view pattern, Handler handler, RouteOptions options = {});

  // The first route added that matches; HEAD matches a GET route.
  RouteMatch match(Verb method, std::string_view path) const;

  std::size_t size() const { return routes_.size(); }
  const Route& route(std::size_t index) const { return routes_[index].route; }

  // The routes, for documentation and for tests that must cover each of them.
  struct RouteInfo {
    Verb method;
    std::string pattern;
    std::string rule;
  };
  std::vector<RouteInfo> routes() const;

 private:
  struct Segment {
    std::string literal;
    bool is_param = false;
  };
  struct Entry {
    Route route;
    std::vector<Segment> segments;
  };

  // Matches `segments` against `entry`, filling `params` with the decoded parameters.
  static bool matches(const Entry& entry, const std::vector<std::string_view>& segments,
                      std::vector<std::string>& params);

  std::vector<Entry> routes_;
};

// The Allow header for the methods a path has: GET brings HEAD, and OPTIONS is always there.
std::string allow_header(const std::vector<Verb>& methods);

// Splits the target into path and decoded query; false when either is malformed.
bool decode_target(Request& request);

}  // namespace mercado::http
