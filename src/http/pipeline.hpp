// What every request goes through around its route, in one place: the client's address behind
// a trusted proxy, the rate limit, the route (404; 405 with Allow; OPTIONS and CORS preflights;
// 406), the read cache, the handler (its faults become a 500), then the ETag, gzip, 304, CORS
// and the standard headers, the metrics and the access log. The server hands each request to
// its worker's Pipeline, which asks its Router for the route; the router knows none of this.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "cluster/shared_counters.hpp"
#include "http/compression.hpp"
#include "http/cors.hpp"
#include "http/message.hpp"
#include "http/metrics.hpp"
#include "http/rate_limiter.hpp"
#include "http/representation_cache.hpp"
#include "http/router.hpp"
#include "http/trusted_proxies.hpp"
#include "support/log.hpp"

namespace mercado::http {

// What a server worker calls for each request; each worker thread has its own.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual Task<Response> handle(Request& request) = 0;
  // Called by the worker about once a second, and before it stops.
  virtual void tick() {}
};

// How the pipeline treats every route; one per process, shared by every worker's pipeline.
struct PipelineSettings {
  CorsPolicy cors;
  TrustedProxies trusted_proxies = {};  // whose X-Forwarded-For names the client
  RateLimiter* rate_limiter = nullptr;  // null: no limit
  Metrics* metrics = nullptr;           // null: nothing counted
  bool access_log = true;
  bool compression = true;
  bool entity_tags = true;  // off (no ETag at all) only to measure their cost (bench/features.py)
  bool read_cache = true;   // RouteOptions::cacheable routes use the RepresentationCache
};

class Pipeline final : public RequestHandler {
 public:
  Pipeline(const PipelineSettings& settings, Router routes)
      : settings_(settings), routes_(std::move(routes)) {}

  // GET routes answer HEAD too; OPTIONS answers 204 with Allow on every known path.
  Task<Response> handle(Request& request) override;

  // Names the version of the data cacheable routes read (StoreReader::commit_position); without
  // it, or when it gives nullopt, nothing is cached.
  using DataVersion = std::function<Task<std::optional<std::uint64_t>>()>;
  void set_data_version(DataVersion data_version) { data_version_ = std::move(data_version); }
  // This worker's connection to the counters every instance shares: with it, the rate limit
  // counts a client's requests across instances (the local limiter decides when they cannot
  // be reached).
  void set_shared_counters(cluster::SharedCounters* counters) { shared_counters_ = counters; }
  // Runs `chore` on every tick, after the access log is written out.
  void on_tick(std::function<void()> chore) { chores_.push_back(std::move(chore)); }
  // Writes the access log lines gathered since the last tick, then runs the chores.
  void tick() override;

  const Router& routes() const { return routes_; }

 private:
  // What is known of a request as it goes through.
  struct Exchange {
    std::size_t route;  // the route's index; routes_.size() when none matched
    std::optional<RateDecision> rate;
  };

  Task<Response> respond(Request& request, Exchange& exchange);
  // The rate limit counted in the counters instances share, or locally when they are away.
  Task<RateDecision> take_shared_rate(std::string_view client);
  // Answers a path that has no route for the method: 404, 405, or OPTIONS.
  Response unrouted(const Request& request, const RouteMatch& match) const;
  // Runs the route's handler, or answers from the cache when the route allows.
  Task<Response> run(const Route& route, Request& request);
  // Validators, compression and the headers every response carries.
  void finish(const Request& request, const Exchange& exchange, Response& response,
              std::string_view id);
  void record(const Request& request, const Exchange& exchange, const Response& response,
              std::string_view id, std::chrono::steady_clock::time_point started);

  const PipelineSettings& settings_;
  Router routes_;
  support::LogBuffer access_log_;
  GzipCache gzip_cache_;
  RepresentationCache representations_;
  DataVersion data_version_;
  cluster::SharedCounters* shared_counters_ = nullptr;
  std::vector<std::function<void()>> chores_;
};

}  // namespace mercado::http
