// The HTTP/1.1 server: one event loop per worker thread, each with its own SO_REUSEPORT
// listener, so the kernel spreads connections and no request ever crosses threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/router.hpp"

namespace mercado::http {

// Every size and time a client controls is bounded here.
struct ServerLimits {
  std::size_t header_bytes = 16 * 1024;  // request line plus headers
  std::size_t body_bytes = 1024 * 1024;  // JSON and XML bodies
  // Targets that take uploads, and how large their bodies may be (the file plus its multipart
  // framing).
  std::vector<std::string> upload_paths;
  std::size_t upload_body_bytes = 0;
  // From a request's first byte to its last: a client that trickles bytes (slowloris) is
  // dropped when it runs out, whatever its pace.
  std::chrono::seconds request_timeout{10};
  std::chrono::seconds idle_timeout{30};   // a keep-alive connection between requests
  std::chrono::seconds write_timeout{10};  // a client that does not read its response
  std::size_t max_connections = 20'000;    // past this, new connections are closed at once
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 3000;  // 0: any free port; port() tells which
  unsigned threads = 1;
  ServerLimits limits;
};

class Server {
 public:
  using HandlerFactory = std::function<std::unique_ptr<RequestHandler>()>;

  // Binds the listeners (throws if it can't); `make_handler` runs once on each worker thread.
  Server(ServerOptions options, HandlerFactory make_handler);
  ~Server();

  std::uint16_t port() const { return port_; }

  // Serves until stop(); returns after every worker has finished.
  void run();
  // Drains, safe from any thread: stops accepting, closes idle connections, lets requests in
  // progress finish (their responses say Connection: close), and closes whatever is still open
  // after `grace`. run() returns once every connection is gone.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(0));

 private:
  struct Worker;
  ServerOptions options_;
  HandlerFactory make_handler_;
  std::uint16_t port_ = 0;
  std::atomic<std::size_t> connections_{0};
  std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace mercado::http
