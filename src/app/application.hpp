// Wiring: the store, the API and the server, built from a Config. main() and the tests build
// Mercado the same way.
#pragma once

#include <atomic>
#include <memory>

#include "api/context.hpp"
#include "app/config.hpp"
#include "cluster/shared_counters.hpp"
#include "http/server.hpp"
#include "storage/store.hpp"

namespace mercado::app {

class Application {
 public:
  // Opens and migrates storage, binds the port, seeds the sandbox. Throws on failure.
  explicit Application(Config config);
  ~Application();

  std::uint16_t port() const { return server_->port(); }
  const api::ApiSettings& settings() const { return settings_; }

  // Serves until stop(); then every acknowledged write is on disk.
  void run();
  // Drains: readiness turns 503, no new connection is taken, requests in progress get up to
  // the configured drain timeout to finish. run() returns when they have.
  void stop();

 private:
  // Production refuses a database with published passwords; the sandbox seeds its demo data.
  void prepare_data();

  Config config_;
  api::ApiSettings settings_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<auth::TokenIssuer> tokens_;
  std::unique_ptr<auth::KeyedDigest> request_fingerprints_;
  std::unique_ptr<runtime::BlockingPool> blocking_;
  std::unique_ptr<api::ReaderThreads> slow_reads_;
  auth::LoginThrottle throttle_;
  cluster::SharedStateHealth shared_state_health_;
  std::unique_ptr<api::ApiServices> services_;
  std::unique_ptr<http::Metrics> metrics_;
  std::unique_ptr<http::RateLimiter> rate_limiter_;
  std::unique_ptr<http::PipelineSettings> pipeline_settings_;
  std::atomic<bool> draining_{false};
  std::unique_ptr<http::Server> server_;
};

}  // namespace mercado::app
