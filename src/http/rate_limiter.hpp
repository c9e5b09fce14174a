// Requests per second per client, as a token bucket: each client may burst up to `rate`
// requests, then gets `rate` a second. The table of clients is bounded: past `max_clients`,
// the client seen least recently is forgotten (it comes back with a full bucket, which is the
// worst a flood of addresses can buy).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mercado::http {

struct RateDecision {
  bool allowed = true;
  std::uint32_t limit = 0;        // RateLimit-Limit: the burst, and the refill per second
  std::uint32_t remaining = 0;    // RateLimit-Remaining
  std::uint32_t reset = 0;        // RateLimit-Reset: seconds until the bucket is full again
  std::uint32_t retry_after = 0;  // seconds until one request is allowed, when refused
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  RateLimiter(std::uint32_t rate, std::size_t max_clients);

  // Takes one token from `client`'s bucket, if there is one.
  RateDecision take(std::string_view client, Clock::time_point now = Clock::now());

  std::size_t tracked_clients() const;
  std::uint32_t rate() const { return static_cast<std::uint32_t>(rate_); }

 private:
  struct Bucket {
    std::string client;
    double tokens;
    Clock::time_point refilled;
  };
  // Shards keep two worker threads from waiting on one lock. The buckets sit in a list, most
  // recently seen first; the map finds them by the client's address, a view into the bucket,
  // so a known client costs no allocation.
  struct Shard {
    mutable std::mutex mutex;
    std::list<Bucket> by_age;
    std::unordered_map<std::string_view, std::list<Bucket>::iterator> buckets;
  };
  static constexpr std::size_t kShards = 16;

  double rate_;
  std::size_t max_per_shard_;
  std::array<Shard, kShards> shards_;
};

// The decision for a client whose `count`-th request this is in a one-second window that every
// instance shares (cluster::SharedCounters), ending in `resets_in` seconds: `rate` are allowed
// per window.
RateDecision window_decision(std::uint64_t count, std::uint32_t rate,
                             std::chrono::seconds resets_in);

}  // namespace mercado::http
