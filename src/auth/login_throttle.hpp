// Slows password guessing: after too many failed logins for one account, or from one client,
// further attempts are refused for the rest of a window (429 with Retry-After).
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mercado::auth {

struct ThrottleLimits {
  int failures_per_account = 5;
  int failures_per_client = 20;
  std::chrono::seconds window{std::chrono::minutes(15)};
  // Entries kept per table; past it the oldest window is forgotten, so memory stays bounded
  // whatever a client sends.
  std::size_t max_entries = 10'000;
};

// Shared by every I/O thread. State is in memory: a cluster keeps its counts in memcached
// (api/failed_logins.hpp), and this is what each instance falls back to without it.
class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LoginThrottle(ThrottleLimits limits = {}) : limits_(limits) {}

  const ThrottleLimits& limits() const { return limits_; }

  // Seconds to wait when `account` or `client` is blocked; nullopt when a try is allowed.
  std::optional<int> blocked_for(std::string_view account, std::string_view client,
                                 Clock::time_point now);
  void record_failure(std::string_view account, std::string_view client, Clock::time_point now);
  // A successful login clears the account's count (not the client's).
  void record_success(std::string_view account);

 private:
  struct Window {
    Clock::time_point start;
    int failures = 0;
  };
  using Table = std::unordered_map<std::string, Window>;

  std::optional<int> blocked_in(Table& table, std::string_view key, int limit,
                                Clock::time_point now) const;
  void count_in(Table& table, std::string_view key, Clock::time_point now) const;

  ThrottleLimits limits_;
  std::mutex mutex_;
  Table accounts_;
  Table clients_;
};

}  // namespace mercado::auth
