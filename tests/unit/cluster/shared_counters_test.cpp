// The shared counters against a real memcached (Debian's, started on a free loopback port):
// what instances count together, many counts pipelined on one connection, and what happens
// when memcached dies, comes back, or stops answering.
#include "cluster/shared_counters.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <filesystem>
#include <set>
#include <thread>

namespace mercado::cluster {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using std::chrono::seconds;

constexpr const char* kMemcached = "/usr/bin/memcached";

std::uint16_t free_port() {
  net::io_context io;
  tcp::acceptor probe(io, tcp::endpoint(net::ip::address_v4::loopback(), 0));
  return probe.local_endpoint().port();
}

bool answers(std::uint16_t port) {
  net::io_context io;
  tcp::socket socket(io);
  boost::system::error_code error;
  socket.connect(tcp::endpoint(net::ip::address_v4::loopback(), port), error);
  return !error;
}

// memcached as the cluster runs it: TCP only, loopback only.
class MemcachedProcess {
 public:
  explicit MemcachedProcess(std::uint16_t port) : port_(port) {
    const std::string port_text = std::to_string(port);
    pid_ = fork();
    if (pid_ == 0) {
      // memcached refuses to run as root without a user to switch to.
      const char* user = geteuid() == 0 ? "nobody" : nullptr;
      if (user) {
        execl(kMemcached, kMemcached, "-U", "0", "-l", "127.0.0.1", "-p", port_text.c_str(), "-u",
              user, static_cast<char*>(nullptr));
      } else {
        execl(kMemcached, kMemcached, "-U", "0", "-l", "127.0.0.1", "-p", port_text.c_str(),
              static_cast<char*>(nullptr));
      }
      _exit(127);
    }
    for (int i = 0; i < 200 && !answers(port); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~MemcachedProcess() { kill(); }
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  tcp::endpoint endpoint() const { return tcp::endpoint(net::ip::address_v4::loopback(), port_); }

 private:
  std::uint16_t port_;
  pid_t pid_ = -1;
};

// Runs `counters.add(...)` to completion on `io`.
std::optional<WindowCount> count(net::io_context& io, SharedCounters& counters,
                                 std::string identity, std::uint64_t delta,
                                 seconds window = seconds(60)) {
  std::optional<WindowCount> result;
  net::co_spawn(
      io,
      [&]() -> net::awaitable<void> {
        result = co_await counters.add("test", identity, delta, window);
      },
      net::detached);
  io.restart();
  io.run();
  return result;
}

class SharedCountersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kMemcached)) GTEST_SKIP() << "memcached is not installed";
    port_ = free_port();
    memcached_ = std::make_unique<MemcachedProcess>(port_);
    ASSERT_TRUE(answers(port_)) << "memcached did not start";
  }

  std::uint16_t port_ = 0;
  std::unique_ptr<MemcachedProcess> memcached_;
  SharedStateHealth health_;
};

TEST_F(SharedCountersTest, InstancesCountTogether) {
  net::io_context first_loop;
  net::io_context second_loop;
  SharedCounters first(first_loop, memcached_->endpoint(), health_);
  SharedCounters second(second_loop, memcached_->endpoint(), health_);
  EXPECT_EQ(count(first_loop, first, "10.0.0.1", 1)->count, 1u);
  EXPECT_EQ(count(second_loop, second, "10.0.0.1", 1)->count, 2u);
  EXPECT_EQ(count(first_loop, first, "10.0.0.1", 0)->count, 2u) << "a delta of 0 only reads";
  EXPECT_EQ(count(second_loop, second, "10.0.0.2", 0)->count, 0u) << "an identity of its own";
  const auto counted = count(first_loop, first, "10.0.0.1", 3);
  EXPECT_EQ(counted->count, 5u);
  EXPECT_GE(counted->resets_in.count(), 1);
  EXPECT_LE(counted->resets_in.count(), 60);

  bool reset = false;
  net::co_spawn(
      first_loop,
      [&]() -> net::awaitable<void> {
        reset = co_await first.reset("test", "10.0.0.1", seconds(60));
      },
      net::detached);
  first_loop.restart();
  first_loop.run();
  EXPECT_TRUE(reset);
  EXPECT_EQ(count(second_loop, second, "10.0.0.1", 1)->count, 1u);
  EXPECT_TRUE(health_.up());
  EXPECT_EQ(health_.fallbacks(), 0u);
}

TEST_F(SharedCountersTest, ManyCountsInFlightOnOneConnectionEachGetTheirOwnAnswer) {
  net::io_context loop;
  SharedCounters counters(loop, memcached_->endpoint(), health_);
  std::multiset<std::uint64_t> seen;
  constexpr int kCounts = 500;
  for (int i = 0; i < kCounts; ++i) {
    net::co_spawn(
        loop,
        [&]() -> net::awaitable<void> {
          const auto counted = co_await counters.add("test", "burst", 1, seconds(60));
          seen.insert(counted ? counted->count : 0);
        },
        net::detached);
  }
  loop.run();
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(kCounts));
  std::uint64_t expected = 1;
  for (const auto value : seen) EXPECT_EQ(value, expected++);
}

TEST_F(SharedCountersTest, GivesNoCountWhileMemcachedIsGoneAndCountsAgainWhenItIsBack) {
  net::io_context loop;
  SharedCounters counters(loop, memcached_->endpoint(), health_);
  ASSERT_TRUE(count(loop, counters, "c", 1));
  memcached_->kill();
  EXPECT_FALSE(count(loop, counters, "c", 1)) << "the open connection finds it gone";
  EXPECT_FALSE(health_.up());
  EXPECT_FALSE(count(loop, counters, "c", 1)) << "and for a second it is not asked";
  EXPECT_EQ(health_.fallbacks(), 2u);

  memcached_ = std::make_unique<MemcachedProcess>(port_);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const auto counted = count(loop, counters, "c", 1);
  ASSERT_TRUE(counted) << "asked again after a second";
  EXPECT_EQ(counted->count, 1u) << "a new memcached starts from nothing";
  EXPECT_TRUE(health_.up());
}

TEST(SharedCounters, GivesUpOnAServerThatDoesNotAnswerWithinAQuarterSecond) {
  net::io_context loop;
  // Takes connections (the kernel completes them) and never says a word.
  tcp::acceptor silent(loop, tcp::endpoint(net::ip::address_v4::loopback(), 0));
  SharedStateHealth health;
  SharedCounters counters(loop, silent.local_endpoint(), health);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(count(loop, counters, "c", 1));
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(waited, std::chrono::milliseconds(200));
  EXPECT_LT(waited, std::chrono::seconds(2));
  EXPECT_FALSE(health.up());
}

TEST(SharedCounters, NobodyListeningIsNoCountAtOnce) {
  net::io_context loop;
  SharedStateHealth health;
  SharedCounters counters(loop, tcp::endpoint(net::ip::address_v4::loopback(), free_port()),
                          health);
  EXPECT_FALSE(count(loop, counters, "c", 1));
  EXPECT_EQ(health.fallbacks(), 1u);
  std::string metrics;
  health.render(metrics);
  EXPECT_NE(metrics.find("mercado_shared_state_up 0\n"), std::string::npos);
  EXPECT_NE(metrics.find("mercado_shared_state_fallbacks_total 1\n"), std::string::npos);
}

TEST(CounterKey, IsAValidMemcachedKeyWhateverTheIdentityHolds) {
  const std::string identity = "a b\r\nc\x01" + std::string(1000, 'x');
  const std::string key = counter_key("login-account", identity, 1234);
  EXPECT_LE(key.size(), 250u);
  for (const char c : key) EXPECT_TRUE(c > ' ' && c < 127) << key;
  EXPECT_EQ(key.rfind("mercado:login-account:", 0), 0u);
  EXPECT_EQ(key, counter_key("login-account", identity, 1234)) << "stable";
  EXPECT_NE(key, counter_key("login-account", identity, 1235)) << "a window of its own";
  EXPECT_NE(key, counter_key("login-client", identity, 1234)) << "a scope of its own";
  EXPECT_NE(key, counter_key("login-account", "other", 1234));
}

TEST(MemcachedEndpoint, IsAnAddressAndAPort) {
  EXPECT_EQ(parse_endpoint("127.0.0.1:11211")->port(), 11211);
  EXPECT_TRUE(parse_endpoint("[::1]:11211")->address().is_v6());
  EXPECT_FALSE(parse_endpoint("memcached:11211")) << "no name to resolve on the request path";
  EXPECT_FALSE(parse_endpoint("127.0.0.1"));
  EXPECT_FALSE(parse_endpoint("127.0.0.1:"));
  EXPECT_FALSE(parse_endpoint("127.0.0.1:0"));
  EXPECT_FALSE(parse_endpoint("127.0.0.1:65536"));
  EXPECT_FALSE(parse_endpoint("127.0.0.1:11211x"));
}

}  // namespace
}  // namespace mercado::cluster
