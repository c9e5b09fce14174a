// The route table and the request pipeline around it: decode the target, find the route
// (404, or 405 with Allow), run the handler, and keep HEAD and faults in one place.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/compression.hpp"
#include "http/cors.hpp"
#include "http/message.hpp"
#include "http/metrics.hpp"
#include "http/rate_limiter.hpp"
#include "http/representation_cache.hpp"
#include "http/trusted_proxies.hpp"
#include "support/log.hpp"

namespace mercado::http {

using Handler = std::function<Task<Response>(Request&)>;

// What a server worker calls for each request; each worker thread has its own.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual Task<Response> handle(Request& request) = 0;
  // Called by the worker about once a second, and before it stops.
  virtual void tick() {}
};

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
  // 200s are kept in the worker's RepresentationCache while the data does not change.
  bool cacheable = false;
};

// What every route gets around its handler; one per process, shared by every worker's router.
struct Pipeline {
  CorsPolicy cors;
  TrustedProxies trusted_proxies = {};  // whose X-Forwarded-For names the client
  RateLimiter* rate_limiter = nullptr;  // null: no limit
  Metrics* metrics = nullptr;           // null: nothing counted
  bool access_log = true;
  bool compression = true;
  bool entity_tags = true;  // off (no ETag at all) only to measure their cost (bench/features.py)
  bool read_cache = true;   // RouteOptions::cacheable routes use the RepresentationCache
};

class Router final : public RequestHandler {
 public:
  explicit Router(const Pipeline& pipeline) : pipeline_(pipeline) {}

  // `pattern` is a path with `{name}` segments, e.g. "/api/v1/products/{id}".
  void add(Verb method, std::string_view pattern, Handler handler, RouteOptions options = {});

  // GET routes answer HEAD too; OPTIONS answers 204 with Allow on every known path (a CORS
  // preflight when it is one). Around the handler: rate limit, ETag and If-None-Match, gzip,
  // CORS, the standard headers, metrics and the access log.
  Task<Response> handle(Request& request) override;
  // Names the version of the data cacheable routes read (StoreReader::data_version); without
  // it, or when it gives nullopt, nothing is cached.
  using DataVersion = std::function<std::optional<std::uint64_t>()>;
  void set_data_version(DataVersion data_version) { data_version_ = std::move(data_version); }
  // Runs `chore` on every tick, after the access log is written out.
  void on_tick(std::function<void()> chore) { chores_.push_back(std::move(chore)); }
  // Writes the access log lines gathered since the last tick, then runs the chores.
  void tick() override;

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

  // What is known of a request as it goes through the pipeline.
  struct Exchange {
    std::size_t route;  // index into routes_; routes_.size() when none matched
    std::optional<RateDecision> rate;
  };

  // Matches `path` against `route`, filling `params` with the decoded parameters.
  static bool matches(const Route& route, const std::vector<std::string_view>& segments,
                      std::vector<std::string>& params);
  Task<Response> respond(Request& request, Exchange& exchange);
  Task<Response> dispatch(Request& request, Exchange& exchange);
  // Runs the route's handler, or answers from the cache when the route allows.
  Task<Response> run(const Route& route, Request& request);
  // Validators, compression and the headers every response carries.
  void finish(const Request& request, const Exchange& exchange, Response& response,
              std::string_view id);
  void record(const Request& request, const Exchange& exchange, const Response& response,
              std::string_view id, std::chrono::steady_clock::time_point started);

  const Pipeline& pipeline_;
  std::vector<Route> routes_;
  support::LogBuffer access_log_;
  GzipCache gzip_cache_;
  RepresentationCache representations_;
  DataVersion data_version_;
  std::vector<std::function<void()>> chores_;
};

// Splits the target into path and decoded query; nullopt when either is malformed.
bool decode_target(Request& request);

}  // namespace mercado::http
