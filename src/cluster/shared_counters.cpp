#include "cluster/shared_counters.hpp"

#include <xxhash.h>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <charconv>
#include <cstdio>
#include <deque>
#include <vector>

#include "support/log.hpp"

namespace mercado::cluster {
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using Replies = std::optional<std::vector<std::string>>;

namespace {

// memcached on the same network answers in well under a millisecond; one that takes this long
// is treated as gone, so a request never waits on it for longer.
constexpr auto kReplyTimeout = std::chrono::milliseconds(250);
// After a failure, counts are decided locally for this long before memcached is tried again.
constexpr auto kRetryAfter = std::chrono::seconds(1);
// Requests waiting on one connection; past it, a count is decided locally at once.
constexpr std::size_t kMaxPending = 4096;

std::optional<std::uint64_t> parse_count(std::string_view line) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), value);
  if (ec != std::errc() || end != line.data() + line.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<tcp::endpoint> parse_endpoint(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
      port > 65535) {
    return std::nullopt;
  }
  boost::system::error_code error;
  const auto address = net::ip::make_address(std::string(host), error);
  if (error) return std::nullopt;
  return tcp::endpoint(address, static_cast<std::uint16_t>(port));
}

// Each reply reports here: a load first keeps the steady state from writing a cache line every
// worker shares.
void SharedStateHealth::reachable() {
  if (up_.load(std::memory_order_relaxed)) return;
  if (!up_.exchange(true, std::memory_order_relaxed)) {
    support::log_info("memcached reachable again: limits are shared across instances");
  }
}

void SharedStateHealth::unreachable(std::string_view why) {
  if (!up_.load(std::memory_order_relaxed)) return;
  if (up_.exchange(false, std::memory_order_relaxed)) {
    support::log_error("memcached unreachable: each instance limits on its own until it is back",
                       std::string(why));
  }
}

void SharedStateHealth::render(std::string& out) const {
  out +=
      "# HELP mercado_shared_state_up Whether memcached, which holds the limits instances "
      "share, answered last.\n"
      "# TYPE mercado_shared_state_up gauge\n"
      "mercado_shared_state_up ";
  out += up() ? "1\n" : "0\n";
  out +=
      "# HELP mercado_shared_state_fallbacks_total Limit decisions taken by this process alone "
      "because memcached could not be asked.\n"
      "# TYPE mercado_shared_state_fallbacks_total counter\n"
      "mercado_shared_state_fallbacks_total ";
  out += std::to_string(fallbacks()) + "\n";
}

std::string counter_key(std::string_view scope, std::string_view identity,
                        std::int64_t window_number) {
  const XXH128_hash_t hash = XXH3_128bits(identity.data(), identity.size());
  char digest[33];
  std::snprintf(digest, sizeof digest, "%016llx%016llx",
                static_cast<unsigned long long>(hash.high64),
                static_cast<unsigned long long>(hash.low64));
  std::string key = "mercado:";
  key += scope;
  key += ':';
  key += digest;
  key += ':';
  key += std::to_string(window_number);
  return key;
}

// One TCP connection to memcached, used by one event loop. Requests are pipelined: their
// commands are written in order and memcached answers in order, one line per command, so the
// oldest waiting request owns the next line. The connection is opened on first use and after
// a failure (at most once per kRetryAfter); it only waits on the socket while requests wait,
// so an idle connection never keeps its event loop from finishing.
class SharedCounters::Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Done = net::any_completion_handler<void(Replies)>;

  Connection(net::io_context& loop, tcp::endpoint endpoint, SharedStateHealth& health)
      : loop_(loop), endpoint_(endpoint), health_(health), socket_(loop), watchdog_(loop) {}

  // Sends `commands` and hands `done` the `replies` lines answering them, or nullopt.
  void send(std::string commands, std::size_t replies, Done done) {
    if (state_ == State::resting && Clock::now() < retry_at_) return finish(std::move(done), {});
    if (pending_.size() >= kMaxPending) return finish(std::move(done), {});
    pending_.push_back({replies, {}, Clock::now() + kReplyTimeout, std::move(done)});
    outbox_ += commands;
    if (state_ == State::closed || state_ == State::resting) {
      connect();
    } else if (state_ == State::open) {
      write();
      read();
    }
    watch();
  }

  // Ends the connection without calling memcached unreachable: the worker is stopping.
  void close() { drop(); }

 private:
  enum class State { closed, connecting, open, resting };
  struct Pending {
    std::size_t replies;
    std::vector<std::string> lines;
    Clock::time_point deadline;
    Done done;
  };

  void finish(Done done, Replies replies) {
    net::post(loop_, [done = std::move(done), replies = std::move(replies)]() mutable {
      std::move(done)(std::move(replies));
    });
  }

  void connect() {
    state_ = State::connecting;
    socket_.async_connect(endpoint_, [self = shared_from_this(), generation = generation_](
                                         const boost::system::error_code& error) {
      if (generation != self->generation_) return;
      if (error) return self->fail("connect: " + error.message());
      boost::system::error_code ignored;
      self->socket_.set_option(tcp::no_delay(true), ignored);
      self->state_ = State::open;
      self->write();
      self->read();
    });
  }

  void write() {
    if (writing_ || outbox_.empty()) return;
    writing_ = true;
    sending_ = std::move(outbox_);
    outbox_.clear();
    net::async_write(socket_, net::buffer(sending_),
                     [self = shared_from_this(), generation = generation_](
                         const boost::system::error_code& error, std::size_t) {
                       if (generation != self->generation_) return;
                       self->writing_ = false;
                       if (error) return self->fail("write: " + error.message());
                       self->write();
                     });
  }

  void read() {
    if (reading_ || pending_.empty()) return;
    reading_ = true;
    net::async_read_until(socket_, net::dynamic_buffer(inbox_, 64 * 1024), "\r\n",
                          [self = shared_from_this(), generation = generation_](
                              const boost::system::error_code& error, std::size_t length) {
                            if (generation != self->generation_) return;
                            self->reading_ = false;
                            if (error) return self->fail("read: " + error.message());
                            self->take_line(length);
                          });
  }

  void take_line(std::size_t length) {
    std::string line = inbox_.substr(0, length - 2);
    inbox_.erase(0, length);
    // A line nobody waits for means the stream is out of step: start again.
    if (pending_.empty()) return fail("an answer nobody asked for");
    Pending& oldest = pending_.front();
    oldest.lines.push_back(std::move(line));
    if (oldest.lines.size() == oldest.replies) {
      finish(std::move(oldest.done), std::move(oldest.lines));
      pending_.pop_front();
      if (pending_.empty()) watchdog_.cancel();
      health_.reachable();
    }
    read();
  }

  // One timer for the oldest request: if its answer is late, the connection is given up.
  void watch() {
    if (watching_ || pending_.empty()) return;
    watching_ = true;
    watchdog_.expires_at(pending_.front().deadline);
    watchdog_.async_wait([self = shared_from_this()](const boost::system::error_code&) {
      self->watching_ = false;
      if (self->pending_.empty()) return;
      if (Clock::now() >= self->pending_.front().deadline) return self->fail("no answer in time");
      self->watch();
    });
  }

  void fail(const std::string& why) {
    drop();
    health_.unreachable(why);
  }

  // Closes the socket, answers every waiting request with nothing, and rests for kRetryAfter.
  void drop() {
    ++generation_;  // what the old socket's operations report is no longer ours
    boost::system::error_code ignored;
    socket_.close(ignored);
    socket_ = tcp::socket(loop_);
    writing_ = reading_ = false;
    inbox_.clear();
    outbox_.clear();
    sending_.clear();
    state_ = State::resting;
    retry_at_ = Clock::now() + kRetryAfter;
    for (auto& pending : pending_) finish(std::move(pending.done), {});
    pending_.clear();
    watchdog_.cancel();
  }

  net::io_context& loop_;
  tcp::endpoint endpoint_;
  SharedStateHealth& health_;
  tcp::socket socket_;
  net::steady_timer watchdog_;
  State state_ = State::closed;
  Clock::time_point retry_at_;
  std::uint64_t generation_ = 0;
  std::deque<Pending> pending_;
  std::string outbox_;   // commands not yet handed to the socket
  std::string sending_;  // commands being written
  std::string inbox_;
  bool writing_ = false;
  bool reading_ = false;
  bool watching_ = false;
};

namespace {

// What `connection` answers to `commands`, to be awaited. Callers keep the operation in a named
// local before co_await: GCC 12 destroys temporaries with destructors inside a co_await
// expression twice.
net::awaitable<Replies> exchange(const std::shared_ptr<SharedCounters::Connection>& connection,
                                 std::string commands, std::size_t replies) {
  return net::async_initiate<decltype(net::use_awaitable), void(Replies)>(
      [](auto handler, std::shared_ptr<SharedCounters::Connection> target, std::string text,
         std::size_t count) { target->send(std::move(text), count, std::move(handler)); },
      net::use_awaitable, connection, std::move(commands), replies);
}

struct Window {
  std::int64_t number;
  std::chrono::seconds remaining;
};

Window current_window(std::chrono::seconds length) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const auto span = std::max<std::int64_t>(1, length.count());
  return {now / span, std::chrono::seconds(span - now % span)};
}

}  // namespace

SharedCounters::SharedCounters(net::io_context& loop, tcp::endpoint memcached,
                               SharedStateHealth& health)
    : connection_(std::make_shared<Connection>(loop, memcached, health)), health_(health) {}

SharedCounters::~SharedCounters() { connection_->close(); }

net::awaitable<std::optional<WindowCount>> SharedCounters::add(std::string_view scope,
                                                               std::string_view identity,
                                                               std::uint64_t delta,
                                                               std::chrono::seconds window) {
  const Window now = current_window(window);
  const std::string key = counter_key(scope, identity, now.number);
  // The counter outlives its window by one more, so a clock a little behind still finds it.
  const std::string lifetime = std::to_string(2 * std::max<std::int64_t>(1, window.count()));
  std::string commands = "add " + key + " 0 " + lifetime + " 1\r\n0\r\n";
  commands += "incr " + key + " " + std::to_string(delta) + "\r\n";
  auto operation = exchange(connection_, std::move(commands), 2);
  const Replies replies = co_await std::move(operation);
  // The add says STORED or NOT_STORED (it existed); the incr, the new count. Anything else
  // (evicted in between, a server error) is no answer.
  const auto count = replies ? parse_count(replies->back()) : std::nullopt;
  if (!count) {
    health_.count_fallback();
    co_return std::nullopt;
  }
  co_return WindowCount{*count, now.remaining};
}

net::awaitable<bool> SharedCounters::reset(std::string_view scope, std::string_view identity,
                                           std::chrono::seconds window) {
  const Window now = current_window(window);
  std::string command = "delete " + counter_key(scope, identity, now.number) + "\r\n";
  auto operation = exchange(connection_, std::move(command), 1);
  const Replies replies = co_await std::move(operation);
  co_return replies && (replies->front() == "DELETED" || replies->front() == "NOT_FOUND");
}

}  // namespace mercado::cluster
