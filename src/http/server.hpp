// The HTTP/1.1 server: one event loop per worker thread, each with its own SO_REUSEPORT
// listener, so the kernel spreads connections and no request ever crosses threads.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/limits.hpp"
#include "http/metrics.hpp"
#include "http/pipeline.hpp"

namespace mercado::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 3000;  // 0: any free port; port() tells which
  unsigned threads = 1;
  ServerLimits limits;
  Metrics* metrics = nullptr;  // connections opened, refused, accept pauses; null: not counted
};

class Server {
 public:
  using HandlerFactory = std::function<std::unique_ptr<RequestHandler>(boost::asio::io_context&)>;

  // Binds the listeners (throws if it can't); `make_handler` runs once on each worker thread,
  // given that worker's event loop.
  Server(ServerOptions options, HandlerFactory make_handler);
  ~Server();

  std::uint16_t port() const { return port_; }
  const ServerLimits& limits() const { return options_.limits; }

  // Serves until stop(); returns after every worker has finished.
  void run();
  // Drains, safe from any thread: stops accepting (connections the kernel had already accepted
  // are served), answers every request that has arrived, the last one on each connection with
  // Connection: close, gives idle connections a last second to send one, and closes whatever is
  // still open after `grace`. run() returns once every connection is gone.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(0));

 private:
  struct Worker;
  ServerOptions options_;
  HandlerFactory make_handler_;
  std::uint16_t port_ = 0;
  std::atomic<std::size_t> connections_{0};
  std::string at_capacity_;  // the whole answer to a connection over the cap
  std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace mercado::http
