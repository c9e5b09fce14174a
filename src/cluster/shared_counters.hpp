// Counters every instance of a deployment shares, kept in memcached: the rate limit's requests
// per client and the failed logins per account and per client, so that N instances behind a
// load balancer allow what one instance allows.
//
// Each counter counts within a fixed window of wall-clock time (the key names the window), so a
// count needs no clock shared beyond the hosts' own (NTP) and expires by itself. One count is
// one round trip on a connection the event loop owns: `add KEY 0 TTL 1` (creates the counter at
// 0 if it is missing) and `incr KEY DELTA`, pipelined, in memcached's text protocol.
//
// memcached is a cache, not a database: when it cannot be reached, or answers too slowly, a
// count gives nullopt and the caller decides with this process's own state (a log line and the
// mercado_shared_state_* metrics say so); a second later the next count tries again.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mercado::cluster {

// "127.0.0.1:11211" or "[::1]:11211": an IP address (no name to resolve on the request path)
// and a port.
std::optional<boost::asio::ip::tcp::endpoint> parse_endpoint(std::string_view text);

// Whether memcached answers, for the whole process: logs when that changes and counts the
// decisions taken without it. Shared by every event loop.
class SharedStateHealth {
 public:
  void reachable();
  void unreachable(std::string_view why);
  void count_fallback() { fallbacks_.fetch_add(1, std::memory_order_relaxed); }

  bool up() const { return up_.load(std::memory_order_relaxed); }
  std::uint64_t fallbacks() const { return fallbacks_.load(std::memory_order_relaxed); }
  // The Prometheus lines: mercado_shared_state_up and mercado_shared_state_fallbacks_total.
  void render(std::string& out) const;

 private:
  std::atomic<bool> up_{true};
  std::atomic<std::uint64_t> fallbacks_{0};
};

struct WindowCount {
  std::uint64_t count = 0;
  std::chrono::seconds resets_in{0};  // until the window ends and the count starts again
};

// One per event loop; every call is made on that loop's thread.
class SharedCounters {
 public:
  SharedCounters(boost::asio::io_context& loop, boost::asio::ip::tcp::endpoint memcached,
                 SharedStateHealth& health);
  ~SharedCounters();
  SharedCounters(const SharedCounters&) = delete;
  SharedCounters& operator=(const SharedCounters&) = delete;

  // Adds `delta` (0 reads) to what `identity` has counted in `scope` in the current `window`.
  boost::asio::awaitable<std::optional<WindowCount>> add(std::string_view scope,
                                                         std::string_view identity,
                                                         std::uint64_t delta,
                                                         std::chrono::seconds window);
  // Forgets that count; false when memcached could not be asked.
  boost::asio::awaitable<bool> reset(std::string_view scope, std::string_view identity,
                                     std::chrono::seconds window);

  class Connection;  // the socket and its queue of requests (shared_counters.cpp)

 private:
  std::shared_ptr<Connection> connection_;
  SharedStateHealth& health_;
};

// The memcached key of a counter: "mercado:SCOPE:HASH:WINDOW". The identity (an e-mail, an
// address) is hashed: memcached keys may not hold spaces or control characters, nor exceed 250
// bytes, and the cache need not hold who tried to log in.
std::string counter_key(std::string_view scope, std::string_view identity,
                        std::int64_t window_number);

}  // namespace mercado::cluster
