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

 private:
  struct Bucket {
    double tokens;
    Clock::time_point refilled;
    std::list<std::string>::iterator age;  // its place in the shard's least-recent order
  };
  // Shards keep two worker threads from waiting on one lock.
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Bucket> buckets;
    std::list<std::string> by_age;  // most recent first
  };
  static constexpr std::size_t kShards = 16;

  double rate_;
  std::size_t max_per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace mercado::http
