#include "http/server.hpp"

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <ctime>
#include <list>
#include <sstream>
#include <thread>

#include "http/problem.hpp"
#include "http/request_reader.hpp"
#include "support/log.hpp"

namespace mercado::http {
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);

namespace {

// How long a connection idle when a drain begins may still send one last request: a keep-alive
// client may have sent it before it could know.
constexpr auto kLastCall = std::chrono::seconds(1);
// After the server's last response on a connection, how long and how much it reads and
// discards while the client closes its side (see Worker::close).
constexpr auto kLinger = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 1024 * 1024;
// How long accepting waits when the process is out of file descriptors.
constexpr auto kAcceptPause = std::chrono::milliseconds(100);
// Warnings about refused connections or paused accepting, at most this often per worker.
constexpr auto kWarningInterval = std::chrono::seconds(10);

// A connection as the worker's sweeper sees it: when it must have made progress by.
struct Connection {
  explicit Connection(tcp::socket s) : socket(std::move(s)) {}
  tcp::socket socket;
  Clock::time_point deadline;
  bool busy = false;  // between a request's first byte and the end of its response
};

std::string http_date(std::time_t now) {
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

// A connection's coroutine must never take the process down: what escapes it (it shouldn't;
// parsing failures are refusals and handler faults are 500s) ends that connection only.
void log_escape(const std::exception_ptr& escaped) {
  if (!escaped) return;
  try {
    std::rethrow_exception(escaped);
  } catch (const std::exception& error) {
    support::log_line("error", "connection failed", {{"detail", error.what()}});
  } catch (...) {
    support::log_line("error", "connection failed", {{"detail", "unknown exception"}});
  }
}

bool out_of_descriptors(const boost::system::error_code& error) {
  return error == net::error::no_descriptors || error == net::error::no_buffer_space ||
         error == net::error::no_memory || error.value() == ENFILE;
}

}  // namespace

struct Server::Worker {
  Worker(Server& server, const tcp::endpoint& endpoint)
      : server(server), acceptor(io), ticker(io), accept_pause(io) {
    acceptor.open(endpoint.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    // Every worker listens on the same port; the kernel balances new connections among them.
    acceptor.set_option(net::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true));
    acceptor.bind(endpoint);
    acceptor.listen(net::socket_base::max_listen_connections);
  }

  net::awaitable<void> accept_loop();
  void admit(tcp::socket socket);
  net::awaitable<void> serve(tcp::socket socket);
  net::awaitable<void> close(Connection& connection);
  net::awaitable<void> sweep_loop();
  void drain(Clock::duration grace);
  // When a connection waiting for its next request is given up on.
  Clock::time_point idle_deadline() const;
  // Whether the client has sent more than what was read (pipelined requests).
  static bool more_arrived(const Connection& connection, const boost::beast::flat_buffer& buffer);
  // Logs `message` unless this worker logged one within kWarningInterval.
  void warn(std::string_view message);

  Server& server;
  const ServerLimits& limits = server.options_.limits;
  Metrics* metrics = server.options_.metrics;
  bool stopping = false;  // set by drain: no new connection after it
  Clock::time_point drain_deadline;
  Clock::time_point last_call;
  Clock::time_point last_warning;
  std::size_t unreported = 0;  // events since the last warning
  // Declared before the io_context: connections unregister while its pending frames die.
  std::list<Connection*> connections;
  std::string date = http_date(std::time(nullptr));
  Clock::time_point now = Clock::now();
  net::io_context io{1};
  tcp::acceptor acceptor;
  net::steady_timer ticker;
  net::steady_timer accept_pause;
  std::unique_ptr<RequestHandler> handler;
};

void Server::Worker::warn(std::string_view message) {
  ++unreported;
  if (now - last_warning < kWarningInterval) return;
  last_warning = now;
  support::log_line("warn", message,
                    {{"events", unreported},
                     {"connections", server.connections_.load(std::memory_order_relaxed)},
                     {"cap", limits.max_connections}});
  unreported = 0;
}

net::awaitable<void> Server::Worker::accept_loop() {
  while (acceptor.is_open()) {
    auto [error, socket] = co_await acceptor.async_accept(kTuple);
    if (!error) {
      admit(std::move(socket));
    } else if (error == net::error::operation_aborted) {
      co_return;
    } else if (out_of_descriptors(error)) {
      // The connection stays in the backlog, so accepting again at once fails again at once:
      // wait for descriptors to come free instead of spinning.
      if (metrics) metrics->accept_paused();
      warn("accepting paused: the process is out of file descriptors");
      accept_pause.expires_after(kAcceptPause);
      co_await accept_pause.async_wait(kTuple);
    }
  }
}

void Server::Worker::admit(tcp::socket socket) {
  if (server.connections_.load(std::memory_order_relaxed) >= limits.max_connections) {
    // Over the cap: say so in one write that can't block, and close.
    boost::system::error_code ignored;
    socket.non_blocking(true, ignored);
    socket.send(net::buffer(server.at_capacity_), 0, ignored);
    if (metrics) metrics->connection_refused();
    warn("connection refused: at the connection cap");
    return;  // the socket closes as it goes out of scope
  }
  net::co_spawn(io, serve(std::move(socket)), log_escape);
}

net::awaitable<void> Server::Worker::sweep_loop() {
  // One coarse timer per worker instead of one per operation: deadlines are checked each
  // second, which costs nothing on the request path. While draining it ticks faster, to notice
  // the last connection go.
  for (;;) {
    ticker.expires_after(stopping ? std::chrono::milliseconds(20) : std::chrono::seconds(1));
    co_await ticker.async_wait(kTuple);  // woken early by drain()
    now = Clock::now();
    date = http_date(std::time(nullptr));
    handler->tick();
    if (stopping && connections.empty()) co_return;
    const bool out_of_grace = stopping && now >= drain_deadline;
    for (Connection* connection : connections) {
      if (out_of_grace || connection->deadline < now) {
        boost::system::error_code ignored;
        connection->socket.close(ignored);
      }
    }
  }
}

void Server::Worker::drain(Clock::duration grace) {
  if (stopping) return;
  stopping = true;
  now = Clock::now();
  drain_deadline = now + grace;
  last_call = now + std::min<Clock::duration>(grace, kLastCall);
  // Connections the kernel completed before the drain may carry requests: serve them rather
  // than let closing the listener reset them.
  boost::system::error_code error;
  acceptor.non_blocking(true, error);
  while (!error) {
    tcp::socket socket(io);
    acceptor.accept(socket, error);
    if (!error) admit(std::move(socket));
  }
  acceptor.close(error);
  accept_pause.cancel();
  ticker.cancel();
  for (Connection* connection : connections) {
    if (!connection->busy) connection->deadline = std::min(connection->deadline, last_call);
  }
}

Clock::time_point Server::Worker::idle_deadline() const {
  const auto deadline = now + limits.idle_timeout;
  return stopping ? std::min(deadline, last_call) : deadline;
}

bool Server::Worker::more_arrived(const Connection& connection,
                                  const boost::beast::flat_buffer& buffer) {
  boost::system::error_code error;
  return buffer.size() > 0 || connection.socket.available(error) > 0;
}

net::awaitable<void> Server::Worker::serve(tcp::socket socket) {
  Connection connection(std::move(socket));
  connections.push_front(&connection);
  server.connections_.fetch_add(1, std::memory_order_relaxed);
  if (metrics) metrics->connection_opened();
  struct Unregister {
    Worker& worker;
    std::list<Connection*>::iterator position;
    ~Unregister() {
      worker.connections.erase(position);
      worker.server.connections_.fetch_sub(1, std::memory_order_relaxed);
      if (worker.metrics) worker.metrics->connection_closed();
    }
  } unregister{*this, connections.begin()};
  boost::system::error_code error;
  connection.socket.set_option(tcp::no_delay(true), error);
  const auto peer = connection.socket.remote_endpoint(error);
  const std::string client_address = error ? "" : peer.address().to_string();

  boost::beast::flat_buffer buffer;
  for (;;) {
    RequestReader reader(limits);
    connection.busy = buffer.size() > 0;  // a pipelined request has begun already
    connection.deadline = connection.busy ? now + limits.request_timeout : idle_deadline();
    auto step = reader.advance(buffer);
    while (step == RequestReader::Step::kNeedMore) {
      if (!reader.started() && buffer.size() == 0) {
        // Idle: wait for a byte without holding a read buffer (idle connections stay small).
        auto [wait_error] = co_await connection.socket.async_wait(tcp::socket::wait_read, kTuple);
        if (wait_error) co_return;
      }
      if (!connection.busy) {
        connection.busy = true;
        connection.deadline = now + limits.request_timeout;
      }
      if (reader.take_continue()) {
        Response proceed(Status::continue_, 11);
        auto [write_error, written] =
            co_await beast_http::async_write(connection.socket, proceed, kTuple);
        if (write_error) co_return;
      }
      auto [read_error, read] = co_await connection.socket.async_read_some(
          buffer.prepare(RequestReader::read_size(buffer)), kTuple);
      if (read_error) co_return;  // the client left or the sweeper closed the connection
      buffer.commit(read);
      step = reader.advance(buffer);
      if (step == RequestReader::Step::kNeedMore && !reader.started() && buffer.size() == 0) {
        connection.busy = false;  // only empty lines so far: still idle
        connection.deadline = idle_deadline();
      }
    }

    Response response;
    BeastRequest message;
    bool keep_alive = false;
    if (step == RequestReader::Step::kRefused) {
      // The stream can't be trusted after a bad message: answer, then close.
      response = bare_problem_response(reader.refusal(), reader.refused_path());
    } else {
      message = reader.take_request();
      Request request(message);
      request.set_client_address(client_address);
      response = co_await handler->handle(request);
      // Draining: keep the connection only for requests the client has already sent.
      keep_alive = response.keep_alive() && (!stopping || more_arrived(connection, buffer));
    }
    response.keep_alive(keep_alive);
    response.set(beast_http::field::date, date);
    connection.deadline = now + limits.write_timeout;
    auto [write_error, written] =
        co_await beast_http::async_write(connection.socket, response, kTuple);
    if (write_error) co_return;
    if (!keep_alive) break;
  }
  co_await close(connection);
}

net::awaitable<void> Server::Worker::close(Connection& connection) {
  // Closing a socket with unread bytes makes the kernel answer with a reset, and a reset can
  // destroy the last response before the client reads it. So: end our side, then read and drop
  // what the client still sends until it closes its side (bounded in time and bytes).
  boost::system::error_code ignored;
  connection.socket.shutdown(tcp::socket::shutdown_send, ignored);
  connection.busy = true;
  connection.deadline = now + kLinger;
  std::array<char, 4096> sink;
  for (std::size_t discarded = 0; discarded < kLingerBytes;) {
    auto [error, read] = co_await connection.socket.async_read_some(net::buffer(sink), kTuple);
    if (error) break;
    discarded += read;
  }
}

Server::Server(ServerOptions options, HandlerFactory make_handler)
    : options_(std::move(options)), make_handler_(std::move(make_handler)) {
  Problem busy(Status::service_unavailable,
               "The server is at its connection limit; retry shortly.");
  busy.headers.emplace_back(beast_http::field::retry_after, "1");
  auto answer = bare_problem_response(busy, "");
  answer.prepare_payload();
  std::ostringstream text;
  text << answer;
  at_capacity_ = text.str();
  const auto address = net::ip::make_address(options_.host);
  std::uint16_t port = options_.port;
  for (unsigned i = 0; i < std::max(1u, options_.threads); ++i) {
    // The first listener may pick the port (port 0); the others join it.
    workers_.push_back(std::make_unique<Worker>(*this, tcp::endpoint(address, port)));
    port = workers_.back()->acceptor.local_endpoint().port();
  }
  port_ = port;
}

Server::~Server() = default;

void Server::run() {
  std::vector<std::thread> threads;
  for (auto& worker : workers_) {
    threads.emplace_back([this, &worker = *worker] {
      worker.handler = make_handler_(worker.io);
      net::co_spawn(worker.io, worker.accept_loop(), net::detached);
      net::co_spawn(worker.io, worker.sweep_loop(), net::detached);
      worker.io.run();
      worker.handler.reset();
    });
  }
  for (auto& thread : threads) thread.join();
}

void Server::stop(std::chrono::milliseconds grace) {
  for (auto& worker : workers_) {
    net::post(worker->io, [&worker = *worker, grace] { worker.drain(grace); });
  }
}

}  // namespace mercado::http
