// Configuration from flags and environment variables (flags win), checked before anything
// starts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/password.hpp"
#include "auth/tokens.hpp"
#include "domain/policy.hpp"
#include "domain/upload.hpp"
#include "http/cors.hpp"
#include "http/server.hpp"
#include "http/trusted_proxies.hpp"

namespace mercado::app {

struct Config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 3000;
  std::string database_url = "sqlite:mercado.db";
  // PostgreSQL streaming replicas of database_url that reads are spread over.
  std::vector<std::string> database_replicas;
  domain::Profile profile = domain::Profile::kSandbox;
  unsigned threads = 0;    // 0: one per core
  std::string public_url;  // empty: http://host:port
  http::ServerLimits limits;
  std::size_t upload_limit = domain::kDefaultUploadLimit;
  auth::HashCost hash_cost;
  std::chrono::seconds access_token_lifetime{std::chrono::hours(1)};
  std::chrono::seconds refresh_token_lifetime{std::chrono::hours(24 * 7)};
  // MERCADO_JWT_SECRET only (a flag would show in `ps`); empty: generated once and kept in the
  // database, so every instance of a deployment agrees.
  std::string jwt_secret;
  // Requests per second per client address (0: no limit) and the origins browsers may call
  // from; unset, each takes its profile's default.
  std::optional<std::uint32_t> rate_limit;
  std::optional<std::string> cors_origins;
  // The load balancers whose X-Forwarded-For names the client (addresses and networks);
  // empty: the TCP peer is the client.
  std::string trusted_proxies;
  bool access_log = true;
  bool compression = true;
  bool entity_tags = true;
  // Catalog reads answered from each worker's cache while the data is unchanged.
  bool read_cache = true;
  // After SIGTERM: how long in-flight requests have to finish.
  std::chrono::seconds drain_timeout{10};
  // After SIGTERM, before the drain: how long the server goes on taking connections while GET
  // /readyz answers 503, so that a load balancer's health checks take it out of rotation first
  // and no request meets a closed port (a couple of check intervals).
  std::chrono::seconds shutdown_delay{0};
  // memcached's address: the rate limit and the failed-login counts are kept there, shared by
  // every instance; empty: each process counts alone.
  std::string memcached;
  // Where Swagger UI's files are (npm's swagger-ui-dist); empty: the build's node_modules.
  std::string docs_dir;
  // The browser client: the storefront at / and the admin console at /admin (api/web.hpp).
  bool web_client = true;
};

struct ConfigResult {
  std::optional<Config> config;
  std::string error;  // why there is no config; empty with --help
  bool help = false;
};

// Reads `mercado serve` flags, then MERCADO_* variables for whatever the flags left unset.
ConfigResult parse_serve_config(const std::vector<std::string>& args,
                                const std::function<const char*(const char*)>& getenv);

std::string serve_usage();

}  // namespace mercado::app
