#include "app/application.hpp"

#include "api/routes.hpp"
#include "app/seed.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "support/log.hpp"

namespace mercado::app {
namespace {

std::unique_ptr<storage::Store> open_store(const Config& config) {
  if (const auto path = sqlite_path(config.database_url)) {
    return std::make_unique<storage::sqlite::SqliteStore>(storage::sqlite::SqliteOptions{*path});
  }
  throw std::runtime_error("unsupported database URL");
}

std::string default_public_url(const std::string& host, std::uint16_t port) {
  // A wildcard address is where we listen, not where clients find us.
  const std::string reachable = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host;
  const bool ipv6 = reachable.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + reachable + "]" : reachable) + ":" + std::to_string(port);
}

}  // namespace

Application::Application(Config config) : config_(std::move(config)) {
  store_ = open_store(config_);
  settings_.profile = config_.profile;
  server_ = std::make_unique<http::Server>(
      http::ServerOptions{config_.host, config_.port, config_.threads, config_.limits},
      [this]() -> std::unique_ptr<http::RequestHandler> {
        // Each worker thread gets its own read connection.
        struct WorkerState {
          std::unique_ptr<storage::CatalogReader> reader;
          api::ApiContext context;
        };
        auto reader = store_->open_reader();
        auto& reader_ref = *reader;
        auto state = std::make_shared<WorkerState>(
            WorkerState{std::move(reader), {reader_ref, *store_, settings_}});
        // The routes hold the context; the aliasing pointer keeps the reader alive with it.
        return api::make_router(std::shared_ptr<api::ApiContext>(state, &state->context));
      });
  settings_.public_url =
      config_.public_url.empty() ? default_public_url(config_.host, port()) : config_.public_url;
  if (config_.profile == domain::Profile::kSandbox) {
    switch (seed_demo_catalog(*store_, settings_.public_url)) {
      case SeedOutcome::kSeeded:
        support::log_info("seeded the demo catalog");
        break;
      case SeedOutcome::kAlreadyHasData:
        break;
      case SeedOutcome::kFailed:
        throw std::runtime_error("seeding the demo catalog failed");
    }
  }
}

Application::~Application() = default;

void Application::run() {
  support::log_info(
      "listening",
      {{"url", default_public_url(config_.host, port())},
       {"port", std::to_string(port())},
       {"profile", config_.profile == domain::Profile::kSandbox ? "sandbox" : "production"},
       {"db", config_.database_url},
       {"threads", std::to_string(config_.threads)}});
  server_->run();
  // The writer commits what is still queued before the store closes.
  store_.reset();
}

}  // namespace mercado::app
