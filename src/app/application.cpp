#include "app/application.hpp"

#include <sys/resource.h>

#include <thread>

#include "api/operations.hpp"
#include "api/routes.hpp"
#include "api/store_read.hpp"
#include "api/web.hpp"
#include "app/seed.hpp"
#include "auth/crypto.hpp"
#include "cluster/shared_counters.hpp"
#include "storage/open.hpp"
#include "support/log.hpp"

namespace mercado::app {
namespace {

std::string default_public_url(const std::string& host, std::uint16_t port) {
  // A wildcard address is where we listen, not where clients find us.
  const std::string reachable = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host;
  const bool ipv6 = reachable.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + reachable + "]" : reachable) + ":" + std::to_string(port);
}

// The configured key, or the one this deployment's first instance generated and stored.
std::string signing_secret(const Config& config, storage::Store& store) {
  if (!config.jwt_secret.empty()) return config.jwt_secret;
  std::string secret;
  const bool stored = store.write_now([&](storage::StoreWriter& writer) {
    auto value = writer.setting("jwt_secret", auth::random_hex(auth::kMinimumSecretBytes));
    if (value) secret = std::move(*value);
    return value.ok();
  });
  if (!stored || secret.size() < auth::kMinimumSecretBytes) {
    throw std::runtime_error("the token signing key could not be read or stored");
  }
  return secret;
}

// About 100 bytes each: 100,000 clients cost some 10 MB at most.
constexpr std::size_t kMaxRateLimitedClients = 100'000;

// Descriptors kept for everything but client connections: listeners, event loops, database
// files (a SQLite connection holds three), log and standard streams, with room to spare.
constexpr std::size_t kReservedDescriptors = 64;
constexpr std::size_t kReservedDescriptorsPerThread = 16;

// Raises the soft limit on open files to the hard one (the soft default, often 1024, is far
// below what a server needs) and says how many descriptors the process may hold.
std::size_t descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return static_cast<std::size_t>(limit.rlim_cur);
}

http::ServerLimits server_limits(const Config& config) {
  http::ServerLimits limits = config.limits;
  // Connections past the descriptor limit would make accept fail without taking the connection
  // off the queue; the cap keeps every connection the server admits within it.
  const std::size_t reserved =
      kReservedDescriptors + kReservedDescriptorsPerThread * config.threads;
  const std::size_t descriptors = descriptor_limit();
  limits.max_connections =
      std::min(limits.max_connections, descriptors > reserved + 1 ? descriptors - reserved : 1);
  limits.upload_paths = {"/api/v1/files/upload"};
  // The multipart framing around the file: part headers, boundaries, a small text field or two.
  limits.upload_body_bytes = config.upload_limit + 64 * 1024;
  return limits;
}

}  // namespace

Application::Application(Config config) : config_(std::move(config)) {
  auth::initialize_crypto();
  store_ = storage::open(config_.database_url, config_.database_replicas);
  settings_.profile = config_.profile;
  settings_.hash_cost = config_.hash_cost;
  settings_.upload_limit = config_.upload_limit;
  const std::string secret = signing_secret(config_, *store_);
  tokens_ = std::make_unique<auth::TokenIssuer>(
      auth::TokenSettings{secret, config_.access_token_lifetime, config_.refresh_token_lifetime});
  request_fingerprints_ = std::make_unique<auth::KeyedDigest>(secret, "idemkey");
  // Password hashing gets a thread per core at a lower priority; more would only queue longer.
  blocking_ = std::make_unique<runtime::BlockingPool>(std::max(1u, config_.threads), 256);
  // Reads too slow for an event loop; they queue rather than take every core.
  slow_reads_ = std::make_unique<api::ReaderThreads>(*store_, std::max(1u, config_.threads / 2), 64,
                                                     std::chrono::seconds(5));
  settings_.docs_assets = api::operations::load_docs_assets(config_.docs_dir);
  metrics_ = std::make_unique<http::Metrics>(api::route_labels());
  const auto memcached = cluster::parse_endpoint(config_.memcached);
  if (memcached) {
    metrics_->add_section([this](std::string& out) { shared_state_health_.render(out); });
  }
  if (*config_.rate_limit > 0) {
    rate_limiter_ =
        std::make_unique<http::RateLimiter>(*config_.rate_limit, kMaxRateLimitedClients);
  }
  pipeline_settings_ = std::make_unique<http::PipelineSettings>(http::PipelineSettings{
      .cors = *http::CorsPolicy::parse(*config_.cors_origins),
      .trusted_proxies = *http::TrustedProxies::parse(config_.trusted_proxies),
      .rate_limiter = rate_limiter_.get(),
      .metrics = metrics_.get(),
      .access_log = config_.access_log,
      .compression = config_.compression,
      .entity_tags = config_.entity_tags,
      .read_cache = config_.read_cache,
  });
  services_ = std::make_unique<api::ApiServices>(
      api::ApiServices{*tokens_, *blocking_, *slow_reads_, throttle_, *request_fingerprints_,
                       metrics_.get(), &draining_});
  server_ = std::make_unique<http::Server>(
      http::ServerOptions{config_.host, config_.port, config_.threads, server_limits(config_),
                          metrics_.get()},
      [this, memcached](boost::asio::io_context& loop) -> std::unique_ptr<http::RequestHandler> {
        // Each worker thread gets its own readers: one that reads on the thread, and for a
        // store whose reads wait on the network, one whose waits are on the thread's loop.
        // And its own connection to the counters instances share, when there is memcached.
        struct WorkerState {
          std::unique_ptr<storage::StoreReader> reader;
          std::unique_ptr<storage::AsyncStoreReader> async_reader;
          std::unique_ptr<cluster::SharedCounters> counters;
          api::ApiContext context;
        };
        auto reader = store_->open_reader();
        auto async_reader = store_->open_async_reader(loop);
        auto counters = memcached ? std::make_unique<cluster::SharedCounters>(loop, *memcached,
                                                                              shared_state_health_)
                                  : nullptr;
        auto& reader_ref = *reader;
        auto* async_ref = async_reader.get();
        auto* counters_ref = counters.get();
        auto state = std::make_shared<WorkerState>(
            WorkerState{std::move(reader),
                        std::move(async_reader),
                        std::move(counters),
                        {reader_ref, *store_, settings_, *services_, async_ref, counters_ref}});
        // The routes hold the context; the aliasing pointer keeps the reader alive with it.
        const std::shared_ptr<api::ApiContext> context(state, &state->context);
        auto pipeline =
            std::make_unique<http::Pipeline>(*pipeline_settings_, api::make_routes(context));
        // Cached answers are keyed by the reader's commit position; an idle reader lets go of
        // its snapshot.
        pipeline->set_data_version([context] { return api::read_commit_position(*context); });
        pipeline->on_tick([context] { context->reader.idle(); });
        if (rate_limiter_) pipeline->set_shared_counters(counters_ref);
        return pipeline;
      });
  settings_.public_url =
      config_.public_url.empty() ? default_public_url(config_.host, port()) : config_.public_url;
  settings_.web_client = config_.web_client;
  settings_.read_cache = config_.read_cache;
  settings_.web_policy = api::web::content_policy(settings_.public_url);
  prepare_data();
}

Application::~Application() = default;

void Application::prepare_data() {
  if (config_.profile == domain::Profile::kProduction) {
    bool has_demo_users = true;
    store_->write_now([&](storage::StoreWriter& writer) {
      const auto found = writer.has_demo_users();
      has_demo_users = !found || *found;
      return false;
    });
    if (has_demo_users) {
      throw std::runtime_error(
          "this database holds the sandbox's demo accounts, whose passwords are published; "
          "production will not serve it (start from a new database)");
    }
    return;
  }
  switch (seed_demo_catalog(*store_, settings_.public_url)) {
    case SeedOutcome::kSeeded:
      support::log_info("seeded the demo catalog");
      break;
    case SeedOutcome::kAlreadyHasData:
      break;
    case SeedOutcome::kFailed:
      throw std::runtime_error("seeding the demo catalog failed");
  }
  if (!seed_demo_accounts(*store_, settings_.public_url, settings_.hash_cost)) {
    throw std::runtime_error("seeding the demo accounts failed");
  }
}

void Application::stop() {
  draining_.store(true);
  // Load balancers see /readyz turn 503 and stop sending before the port closes.
  if (config_.shutdown_delay.count() > 0) std::this_thread::sleep_for(config_.shutdown_delay);
  server_->stop(std::chrono::duration_cast<std::chrono::milliseconds>(config_.drain_timeout));
}

void Application::run() {
  support::log_info(
      "listening",
      {{"url", default_public_url(config_.host, port())},
       {"port", std::to_string(port())},
       {"profile", config_.profile == domain::Profile::kSandbox ? "sandbox" : "production"},
       {"db", storage::redacted_database_url(config_.database_url)},
       {"db_replicas", std::to_string(config_.database_replicas.size())},
       {"threads", std::to_string(config_.threads)},
       {"memcached", config_.memcached.empty() ? "none" : config_.memcached},
       {"max_connections", server_->limits().max_connections}});
  server_->run();
  // The writer commits what is still queued before the store closes; no reader outlives it.
  slow_reads_.reset();
  store_.reset();
}

}  // namespace mercado::app
