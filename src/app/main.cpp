// The mercado command: `mercado serve` runs the store's HTTP API.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "api/routes.hpp"
#include "app/admin.hpp"
#include "app/application.hpp"
#include "app/config.hpp"
#include "storage/open.hpp"
#include "support/log.hpp"

namespace {

constexpr const char* kUsage =
    "usage: mercado <command>\n"
    "  serve      run the HTTP API (mercado serve --help for its options)\n"
    "  admin      create an administrator (mercado admin create --help)\n"
    "  migrate    bring a database's schema up to date and exit (mercado migrate --db URL)\n"
    "  routes     list every route with its access rule, one per line\n"
    "  version    print the version\n";

// METHOD PATTERN RULE, one route per line: for documentation and for the authorization tests.
int list_routes() {
  for (const auto& route : mercado::api::route_table()) {
    std::cout << mercado::http::beast_http::to_string(route.method) << ' ' << route.pattern << ' '
              << mercado::domain::rule_name(route.rule) << '\n';
  }
  return 0;
}

// Brings the schema up to date and exits, for deploys that migrate before they start instances
// (serve migrates at start as well). The URL is never echoed: it may hold a password.
int migrate(const std::vector<std::string>& args) {
  constexpr const char* kMigrateUsage = "usage: mercado migrate --db URL\n";
  if (args.size() != 2 || args[0] != "--db") {
    std::cerr << kMigrateUsage;
    return 2;
  }
  if (const auto problem = mercado::storage::check_database_url(args[1])) {
    std::cerr << "mercado migrate: --db: " << *problem << "\n" << kMigrateUsage;
    return 2;
  }
  try {
    mercado::storage::open(args[1]);
  } catch (const std::exception& error) {
    std::cerr << "mercado migrate: " << error.what() << "\n";
    return 1;
  }
  std::cout << "mercado migrate: the schema is up to date\n";
  return 0;
}

int serve(const std::vector<std::string>& args) {
  using namespace mercado::app;
  const auto parsed = parse_serve_config(args, [](const char* name) { return std::getenv(name); });
  if (parsed.help) {
    std::cout << serve_usage();
    return 0;
  }
  if (!parsed.config) {
    std::cerr << "mercado serve: " << parsed.error << "\n" << serve_usage();
    return 2;
  }
  // Signals are taken by one thread with sigwait, never by a handler in the middle of I/O code.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    Application application(*parsed.config);
    std::thread server([&] { application.run(); });
    int signal = 0;
    sigwait(&signals, &signal);
    mercado::support::log_info("stopping", {{"signal", std::to_string(signal)}});
    application.stop();
    server.join();
  } catch (const std::exception& error) {
    mercado::support::log_error("cannot start", error.what());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + std::min(argc, 2), argv + argc);
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "serve") return serve(args);
  if (command == "admin")
    return mercado::app::run_admin_command(args, std::cin, std::cout, std::cerr);
  if (command == "routes") return list_routes();
  if (command == "migrate") return migrate(args);
  if (command == "version" || command == "--version") {
    std::cout << "mercado " << MERCADO_VERSION << "\n";
    return 0;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << kUsage;
  return 2;
}
