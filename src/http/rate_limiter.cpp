#include "http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace mercado::http {

RateLimiter::RateLimiter(std::uint32_t rate, std::size_t max_clients)
    : rate_(std::max<std::uint32_t>(rate, 1)),
      max_per_shard_(std::max<std::size_t>(max_clients / kShards, 1)) {}

RateDecision RateLimiter::take(std::string_view client, Clock::time_point now) {
  Shard& shard = shards_[std::hash<std::string_view>{}(client) % kShards];
  const std::lock_guard lock(shard.mutex);
  const auto found = shard.buckets.find(client);
  if (found == shard.buckets.end()) {
    if (shard.buckets.size() >= max_per_shard_) {
      shard.buckets.erase(shard.by_age.back().client);
      shard.by_age.pop_back();
    }
    shard.by_age.push_front({std::string(client), rate_, now});
    shard.buckets.emplace(shard.by_age.front().client, shard.by_age.begin());
  } else {
    shard.by_age.splice(shard.by_age.begin(), shard.by_age, found->second);
  }
  Bucket& bucket = shard.by_age.front();
  const double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
  bucket.tokens = std::min(rate_, bucket.tokens + std::max(0.0, elapsed) * rate_);
  bucket.refilled = now;

  RateDecision decision;
  decision.limit = static_cast<std::uint32_t>(rate_);
  decision.allowed = bucket.tokens >= 1.0;
  if (decision.allowed) bucket.tokens -= 1.0;
  decision.remaining = static_cast<std::uint32_t>(std::floor(bucket.tokens));
  decision.reset = static_cast<std::uint32_t>(std::ceil((rate_ - bucket.tokens) / rate_));
  if (!decision.allowed) {
    decision.retry_after = std::max<std::uint32_t>(
        1, static_cast<std::uint32_t>(std::ceil((1.0 - bucket.tokens) / rate_)));
  }
  return decision;
}

RateDecision window_decision(std::uint64_t count, std::uint32_t rate,
                             std::chrono::seconds resets_in) {
  RateDecision decision;
  decision.limit = rate;
  decision.allowed = count <= rate;
  decision.remaining = decision.allowed ? static_cast<std::uint32_t>(rate - count) : 0;
  decision.reset = static_cast<std::uint32_t>(std::max<std::int64_t>(1, resets_in.count()));
  if (!decision.allowed) decision.retry_after = decision.reset;
  return decision;
}

std::size_t RateLimiter::tracked_clients() const {
  std::size_t count = 0;
  for (const auto& shard : shards_) {
    const std::lock_guard lock(shard.mutex);
    count += shard.buckets.size();
  }
  return count;
}

}  // namespace mercado::http
