#include "app/config.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <thread>

#include "cluster/shared_counters.hpp"
#include "storage/open.hpp"

namespace mercado::app {
namespace {

struct Option {
  const char* flag;
  const char* variable;
};

// Flag, environment variable: the one list both the parser and the usage text read.
constexpr Option kOptions[] = {
    {"--host", "MERCADO_HOST"},
    {"--port", "MERCADO_PORT"},
    {"--db", "MERCADO_DB"},
    {"--db-replicas", "MERCADO_DB_REPLICAS"},
    {"--profile", "MERCADO_PROFILE"},
    {"--threads", "MERCADO_THREADS"},
    {"--public-url", "MERCADO_PUBLIC_URL"},
    {"--body-limit", "MERCADO_BODY_LIMIT"},
    {"--max-connections", "MERCADO_MAX_CONNECTIONS"},
    {"--upload-limit", "MERCADO_UPLOAD_LIMIT"},
    {"--access-token-ttl", "MERCADO_ACCESS_TOKEN_TTL"},
    {"--refresh-token-ttl", "MERCADO_REFRESH_TOKEN_TTL"},
    {"--argon2-memory-kib", "MERCADO_ARGON2_MEMORY_KIB"},
    {"--argon2-passes", "MERCADO_ARGON2_PASSES"},
    {"--rate-limit", "MERCADO_RATE_LIMIT"},
    {"--cors-origins", "MERCADO_CORS_ORIGINS"},
    {"--trusted-proxies", "MERCADO_TRUSTED_PROXIES"},
    {"--access-log", "MERCADO_ACCESS_LOG"},
    {"--compression", "MERCADO_COMPRESSION"},
    {"--etag", "MERCADO_ETAG"},
    {"--read-cache", "MERCADO_READ_CACHE"},
    {"--drain-timeout", "MERCADO_DRAIN_TIMEOUT"},
    {"--shutdown-delay", "MERCADO_SHUTDOWN_DELAY"},
    {"--memcached", "MERCADO_MEMCACHED"},
    {"--docs-dir", "MERCADO_DOCS_DIR"},
    {"--web", "MERCADO_WEB"},
};

constexpr const char* kJwtSecretVariable = "MERCADO_JWT_SECRET";

template <class T>
bool parse_number(const std::string& text, T& out, T min, T max) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return false;
  }
  out = value;
  return true;
}

std::string apply_seconds(std::chrono::seconds& out, const std::string& value, std::int64_t max,
                          const char* error) {
  std::int64_t seconds = 0;
  if (!parse_number<std::int64_t>(value, seconds, 60, max)) return error;
  out = std::chrono::seconds(seconds);
  return {};
}

// Uploads, tokens and password hashing.
std::string apply_security(Config& config, const std::string& flag, const std::string& value) {
  if (flag == "--upload-limit") {
    if (!parse_number<std::size_t>(value, config.upload_limit, 1024, 64 << 20)) {
      return "--upload-limit: 1024 to 67108864 bytes";
    }
  } else if (flag == "--access-token-ttl") {
    return apply_seconds(config.access_token_lifetime, value, 24 * 3600,
                         "--access-token-ttl: 60 to 86400 seconds");
  } else if (flag == "--refresh-token-ttl") {
    return apply_seconds(config.refresh_token_lifetime, value, 90 * 24 * 3600,
                         "--refresh-token-ttl: 60 to 7776000 seconds");
  } else if (flag == "--argon2-memory-kib") {
    if (!parse_number<std::size_t>(value, config.hash_cost.memory_kib,
                                   auth::kMinimumHashCost.memory_kib, 4 << 20)) {
      return "--argon2-memory-kib: 19456 (OWASP's minimum) to 4194304";
    }
  } else if (flag == "--argon2-passes") {
    if (!parse_number<unsigned long long>(value, config.hash_cost.passes,
                                          auth::kMinimumHashCost.passes, 20)) {
      return "--argon2-passes: 2 (OWASP's minimum) to 20";
    }
  }
  return {};
}

bool parse_switch(const std::string& value, bool& out) {
  if (value != "on" && value != "off") return false;
  out = value == "on";
  return true;
}

// What wraps every request: rate limit, CORS, access log, compression, draining.
std::string apply_http(Config& config, const std::string& flag, const std::string& value) {
  if (flag == "--rate-limit") {
    std::uint32_t rate = 0;
    if (!parse_number<std::uint32_t>(value, rate, 0, 1'000'000)) {
      return "--rate-limit: 0 (off) to 1000000 requests per second";
    }
    config.rate_limit = rate;
  } else if (flag == "--cors-origins") {
    if (!http::CorsPolicy::parse(value)) {
      return "--cors-origins: * or a comma-separated list of origins (https://shop.example)";
    }
    config.cors_origins = value;
  } else if (flag == "--trusted-proxies") {
    if (!http::TrustedProxies::parse(value)) {
      return "--trusted-proxies: a comma-separated list of IP addresses and networks "
             "(10.0.0.0/8,192.0.2.7)";
    }
    config.trusted_proxies = value;
  } else if (flag == "--access-log") {
    if (!parse_switch(value, config.access_log)) return "--access-log: on or off";
  } else if (flag == "--compression") {
    if (!parse_switch(value, config.compression)) return "--compression: on or off";
  } else if (flag == "--etag") {
    if (!parse_switch(value, config.entity_tags)) return "--etag: on or off";
  } else if (flag == "--read-cache") {
    if (!parse_switch(value, config.read_cache)) return "--read-cache: on or off";
  } else if (flag == "--drain-timeout") {
    std::int64_t seconds = 0;
    if (!parse_number<std::int64_t>(value, seconds, 1, 600)) return "--drain-timeout: 1 to 600";
    config.drain_timeout = std::chrono::seconds(seconds);
  } else if (flag == "--shutdown-delay") {
    std::int64_t seconds = 0;
    if (!parse_number<std::int64_t>(value, seconds, 0, 60)) return "--shutdown-delay: 0 to 60";
    config.shutdown_delay = std::chrono::seconds(seconds);
  } else if (flag == "--memcached") {
    if (!cluster::parse_endpoint(value)) {
      return "--memcached: an IP address and port (127.0.0.1:11211, [::1]:11211)";
    }
    config.memcached = value;
  } else if (flag == "--docs-dir") {
    config.docs_dir = value;
  } else if (flag == "--web") {
    if (!parse_switch(value, config.web_client)) return "--web: on or off";
  } else {
    return apply_security(config, flag, value);
  }
  return {};
}

std::string apply(Config& config, const std::string& flag, const std::string& value) {
  if (flag == "--host") {
    config.host = value;
  } else if (flag == "--port") {
    if (!parse_number<std::uint16_t>(value, config.port, 0, 65535)) return "--port: 0 to 65535";
  } else if (flag == "--db") {
    if (const auto problem = storage::check_database_url(value)) return "--db: " + *problem;
    config.database_url = value;
  } else if (flag == "--db-replicas") {
    config.database_replicas.clear();
    for (std::size_t start = 0; start <= value.size();) {
      const auto comma = std::min(value.find(',', start), value.size());
      const std::string replica = value.substr(start, comma - start);
      if (const auto problem = storage::check_replica_url(replica)) {
        return "--db-replicas: " + *problem;
      }
      config.database_replicas.push_back(replica);
      start = comma + 1;
    }
  } else if (flag == "--profile") {
    if (value == "sandbox") {
      config.profile = domain::Profile::kSandbox;
    } else if (value == "production") {
      config.profile = domain::Profile::kProduction;
    } else {
      return "--profile: sandbox or production";
    }
  } else if (flag == "--threads") {
    if (!parse_number<unsigned>(value, config.threads, 1, 256)) return "--threads: 1 to 256";
  } else if (flag == "--public-url") {
    if (!value.starts_with("http://") && !value.starts_with("https://")) {
      return "--public-url: an http or https URL";
    }
    config.public_url = value;
    while (config.public_url.ends_with('/')) config.public_url.pop_back();
  } else if (flag == "--body-limit") {
    if (!parse_number<std::size_t>(value, config.limits.body_bytes, 1024, 64 << 20)) {
      return "--body-limit: 1024 to 67108864 bytes";
    }
  } else if (flag == "--max-connections") {
    if (!parse_number<std::size_t>(value, config.limits.max_connections, 1, 1'000'000)) {
      return "--max-connections: 1 to 1000000";
    }
  } else {
    return apply_http(config, flag, value);
  }
  return {};
}

}  // namespace

std::string serve_usage() {
  std::string usage =
      "usage: mercado serve [--host H] [--port P] [--db sqlite:PATH|postgresql://...]\n"
      "                     [--db-replicas URL,...] [--profile sandbox|production]\n"
      "                     [--threads N] [--public-url URL] [--body-limit BYTES]\n"
      "                     [--max-connections N] [--upload-limit BYTES]\n"
      "                     [--access-token-ttl S] [--refresh-token-ttl S]\n"
      "                     [--argon2-memory-kib K] [--argon2-passes N] [--rate-limit N]\n"
      "                     [--cors-origins LIST] [--trusted-proxies LIST] [--access-log on|off]\n"
      "                     [--compression on|off] [--etag on|off] [--read-cache on|off]\n"
      "                     [--drain-timeout S] [--shutdown-delay S] [--memcached ADDR:PORT]\n"
      "                     [--docs-dir DIR] [--web on|off]\n"
      "Each flag may also be set through its environment variable:";
  for (const auto& option : kOptions) {
    usage += "\n  ";
    usage += option.flag;
    usage += std::string(22 - std::string_view(option.flag).size(), ' ');
    usage += option.variable;
  }
  usage +=
      "\nThe token signing key comes from MERCADO_JWT_SECRET (at least 32 bytes) when set;\n"
      "otherwise one is generated and kept in the database.";
  return usage + "\n";
}

ConfigResult parse_serve_config(const std::vector<std::string>& args,
                                const std::function<const char*(const char*)>& getenv) {
  std::map<std::string, std::string> given;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") return {std::nullopt, {}, true};
    std::string flag = args[i], value;
    if (const auto equals = flag.find('='); equals != std::string::npos) {
      value = flag.substr(equals + 1);
      flag.resize(equals);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return {std::nullopt, flag + " needs a value", false};
    }
    const bool known = std::any_of(std::begin(kOptions), std::end(kOptions),
                                   [&](const Option& o) { return flag == o.flag; });
    if (!known) return {std::nullopt, "unknown option " + flag, false};
    given[flag] = value;
  }
  for (const auto& option : kOptions) {
    if (given.contains(option.flag)) continue;
    if (const char* value = getenv(option.variable); value && *value) given[option.flag] = value;
  }
  Config config;
  for (const auto& [flag, value] : given) {
    if (auto error = apply(config, flag, value); !error.empty()) {
      return {std::nullopt, error, false};
    }
  }
  if (const char* secret = getenv(kJwtSecretVariable); secret && *secret) {
    config.jwt_secret = secret;
    if (config.jwt_secret.size() < auth::kMinimumSecretBytes) {
      return {std::nullopt,
              std::string(kJwtSecretVariable) + ": at least " +
                  std::to_string(auth::kMinimumSecretBytes) + " bytes",
              false};
    }
  }
  const bool sandbox = config.profile == domain::Profile::kSandbox;
  // The sandbox is for front ends under development: any origin, a limit no one building an app
  // reaches. Production allows no origin until told, and a limit a person never hits.
  if (!config.rate_limit) config.rate_limit = sandbox ? 1000 : 100;
  if (!config.cors_origins) config.cors_origins = sandbox ? "*" : "";
#ifdef MERCADO_DOCS_DIR
  if (config.docs_dir.empty()) config.docs_dir = MERCADO_DOCS_DIR;
#endif
  if (!config.database_replicas.empty() &&
      storage::check_replica_url(config.database_url).has_value()) {
    return {std::nullopt, "--db-replicas: only a PostgreSQL database has replicas", false};
  }
  if (config.threads == 0) config.threads = std::max(1u, std::thread::hardware_concurrency());
  return {config, {}, false};
}

}  // namespace mercado::app
