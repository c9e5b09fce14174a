// The route table and the request pipeline around it: decode the target, find the route
// (404, or 405 with Allow), run the handler, and keep HEAD and faults in one place.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace mercado::http {

using Handler = std::function<Task<Response>(Request&)>;

// What a server worker calls for each request; each worker thread has its own.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual Task<Response> handle(Request& request) = 0;
};

struct RouteOptions {
  // The name of the access rule the handler enforces, listed for documentation and for tests
  // that must check every route against it.
  std::string rule;
  // A negotiated route answers in JSON or XML, so a client that accepts neither gets 406
  // before it runs.
  bool negotiated = true;
};

class Router final : public RequestHandler {
 public:
  // `pattern` is a path with `{name}` segments, e.g. "/api/v1/products/{id}".
  void add(Verb method, std::string_view pattern, Handler handler, RouteOptions options = {});

  // GET routes answer HEAD too; OPTIONS answers 204 with Allow on every known path.
  Task<Response> handle(Request& request) override;

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
  struct Route {
    Verb method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
    RouteOptions options;
  };

  // Matches `path` against `route`, filling `params` with the decoded parameters.
  static bool matches(const Route& route, const std::vector<std::string_view>& segments,
                      std::vector<std::string>& params);
  Task<Response> dispatch(Request& request, const std::vector<std::string_view>& segments);

  std::vector<Route> routes_;
};

// Splits the target into path and decoded query; nullopt when either is malformed.
bool decode_target(Request& request);

}  // namespace mercado::http
