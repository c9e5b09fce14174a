#include "http/server.hpp"

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <ctime>
#include <limits>
#include <list>
#include <thread>

#include "http/problem.hpp"
#include "support/log.hpp"

namespace mercado::http {
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);

namespace {

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

bool is_disconnect(const boost::system::error_code& error) {
  return error == beast_http::error::end_of_stream || error == net::error::eof ||
         error == net::error::connection_reset || error == net::error::operation_aborted ||
         error == net::error::bad_descriptor || error == net::error::broken_pipe;
}

// Upload targets take larger bodies than the rest; the query is not part of the match.
std::size_t body_limit(const ServerLimits& limits, std::string_view target) {
  if (target.starts_with("http://") || target.starts_with("https://")) {  // absolute form
    const auto slash = target.find('/', target.find("//") + 2);
    target = slash == std::string_view::npos ? "/" : target.substr(slash);
  }
  const auto path = target.substr(0, target.find('?'));
  for (const auto& upload : limits.upload_paths) {
    if (path == upload) return std::max(limits.body_bytes, limits.upload_body_bytes);
  }
  return limits.body_bytes;
}

// RFC 9112 3.2: an HTTP/1.1 request has exactly one Host header.
bool has_one_host(const BeastRequest::header_type& header) {
  const auto count = header.count(beast_http::field::host);
  return header.version() < 11 ? count <= 1 : count == 1;
}

Problem read_failure(const boost::system::error_code& error) {
  if (error == beast_http::error::header_limit) {
    return {Status::request_header_fields_too_large, "The request headers are too large."};
  }
  if (error == beast_http::error::body_limit) {
    return {Status::payload_too_large, "The request body is larger than the server accepts."};
  }
  return {Status::bad_request, "The request is not valid HTTP/1.1."};
}

}  // namespace

struct Server::Worker {
  Worker(Server& server, const tcp::endpoint& endpoint) : server(server), acceptor(io), ticker(io) {
    acceptor.open(endpoint.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    // Every worker listens on the same port; the kernel balances new connections among them.
    acceptor.set_option(net::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true));
    acceptor.bind(endpoint);
    acceptor.listen(net::socket_base::max_listen_connections);
  }

  net::awaitable<void> accept_loop();
  net::awaitable<void> serve(tcp::socket socket);
  net::awaitable<void> sweep_loop();
  void drain(Clock::duration grace);

  Server& server;
  bool stopping = false;  // set by drain: no new connection, no new request after it
  Clock::time_point drain_deadline;
  // Declared before the io_context: connections unregister while its pending frames die.
  std::list<Connection*> connections;
  std::string date = http_date(std::time(nullptr));
  Clock::time_point now = Clock::now();
  net::io_context io{1};
  tcp::acceptor acceptor;
  net::steady_timer ticker;
  std::unique_ptr<RequestHandler> handler;
};

net::awaitable<void> Server::Worker::accept_loop() {
  while (acceptor.is_open()) {
    auto [error, socket] = co_await acceptor.async_accept(kTuple);
    if (error) {
      if (error == net::error::operation_aborted) co_return;
      continue;  // EMFILE and the like: the next accept may succeed
    }
    if (server.connections_.load(std::memory_order_relaxed) >=
        server.options_.limits.max_connections) {
      continue;  // the socket closes as it goes out of scope
    }
    net::co_spawn(io, serve(std::move(socket)), net::detached);
  }
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
  drain_deadline = Clock::now() + grace;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  ticker.cancel();
  // A connection between requests has nothing to finish.
  for (Connection* connection : connections) {
    if (!connection->busy) connection->socket.close(ignored);
  }
}

net::awaitable<void> Server::Worker::serve(tcp::socket socket) {
  if (stopping) co_return;  // accepted just before the stop: close it
  const ServerLimits& limits = server.options_.limits;
  Connection connection(std::move(socket));
  connections.push_front(&connection);
  server.connections_.fetch_add(1, std::memory_order_relaxed);
  struct Unregister {
    Worker& worker;
    std::list<Connection*>::iterator position;
    ~Unregister() {
      worker.connections.erase(position);
      worker.server.connections_.fetch_sub(1, std::memory_order_relaxed);
    }
  } unregister{*this, connections.begin()};
  connection.socket.set_option(tcp::no_delay(true));
  boost::system::error_code endpoint_error;
  const auto peer = connection.socket.remote_endpoint(endpoint_error);
  const std::string client_address = endpoint_error ? "" : peer.address().to_string();

  boost::beast::flat_buffer buffer;
  for (;;) {
    if (buffer.size() == 0) {
      // Idle between requests: wait for the first byte under the keep-alive timeout.
      connection.busy = false;
      connection.deadline = now + limits.idle_timeout;
      auto [error] = co_await connection.socket.async_wait(tcp::socket::wait_read, kTuple);
      if (error || stopping) co_return;
    }
    connection.busy = true;
    connection.deadline = now + limits.request_timeout;
    beast_http::request_parser<beast_http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.header_bytes));
    // The body limit is applied once the header is in: a declared length over it is refused
    // below with the path known; a chunked body is cut off by the parser as it reads.
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());

    auto [error, ignored] =
        co_await beast_http::async_read_header(connection.socket, buffer, parser, kTuple);
    std::optional<Problem> refusal;
    if (!error) {
      const auto& header = parser.get();
      // Content-Length beside Transfer-Encoding is how requests are smuggled past proxies.
      if (header.count(beast_http::field::content_length) &&
          header.count(beast_http::field::transfer_encoding)) {
        refusal.emplace(Status::bad_request,
                        "Content-Length and Transfer-Encoding must not both be present.");
      } else if (!has_one_host(header)) {
        refusal.emplace(Status::bad_request, "An HTTP/1.1 request needs exactly one Host header.");
      } else if (parser.content_length() &&
                 *parser.content_length() > body_limit(limits, header.target())) {
        refusal.emplace(Status::payload_too_large,
                        "The request body is larger than the server accepts.");
      } else if (!parser.is_done()) {
        parser.body_limit(body_limit(limits, header.target()));
        if (beast_http::token_list(header[beast_http::field::expect]).exists("100-continue")) {
          Response proceed(Status::continue_, header.version());
          co_await beast_http::async_write(connection.socket, proceed, kTuple);
        }
        std::tie(error, ignored) =
            co_await beast_http::async_read(connection.socket, buffer, parser, kTuple);
      }
    }
    if (error) {
      if (is_disconnect(error) || !connection.socket.is_open()) co_return;
      refusal = read_failure(error);
    }

    Response response;
    bool keep_alive = false;
    BeastRequest message;
    if (refusal) {
      // The stream can't be trusted after a bad message: answer, then close.
      const std::string_view target =
          parser.is_header_done() ? std::string_view(parser.get().target()) : std::string_view();
      response = bare_problem_response(*refusal, target.substr(0, target.find('?')));
    } else {
      message = parser.release();
      Request request(message);
      request.set_client_address(client_address);
      response = co_await handler->handle(request);
      // Draining: this response is the connection's last.
      if (stopping) response.keep_alive(false);
      keep_alive = response.keep_alive();
    }
    response.set(beast_http::field::date, date);
    connection.deadline = now + limits.write_timeout;
    auto [write_error, written] =
        co_await beast_http::async_write(connection.socket, response, kTuple);
    if (write_error || !keep_alive || stopping) break;
  }
  boost::system::error_code ignored;
  connection.socket.shutdown(tcp::socket::shutdown_send, ignored);
}

Server::Server(ServerOptions options, HandlerFactory make_handler)
    : options_(std::move(options)), make_handler_(std::move(make_handler)) {
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
      worker.handler = make_handler_();
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
