#include "http/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mercado::http {
namespace {

using std::chrono::milliseconds;

TEST(RateLimiter, AllowsABurstOfTheRateThenRefusesWithRetryAfter) {
  RateLimiter limiter(3, 100);
  const auto now = RateLimiter::Clock::now();
  for (std::uint32_t i = 0; i < 3; ++i) {
    const auto decision = limiter.take("10.0.0.1", now);
    EXPECT_TRUE(decision.allowed);
    EXPECT_EQ(decision.limit, 3u);
    EXPECT_EQ(decision.remaining, 2 - i);
  }
  const auto refused = limiter.take("10.0.0.1", now);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0u);
  EXPECT_GE(refused.retry_after, 1u);
  EXPECT_TRUE(limiter.take("10.0.0.2", now).allowed) << "clients have buckets of their own";
}

TEST(RateLimiter, RefillsAtTheRate) {
  RateLimiter limiter(10, 100);
  const auto start = RateLimiter::Clock::now();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(limiter.take("c", start).allowed);
  EXPECT_FALSE(limiter.take("c", start).allowed);
  EXPECT_TRUE(limiter.take("c", start + milliseconds(110)).allowed);  // one token back
  EXPECT_FALSE(limiter.take("c", start + milliseconds(120)).allowed);
  const auto full = limiter.take("c", start + milliseconds(5000));
  EXPECT_TRUE(full.allowed);
  EXPECT_EQ(full.remaining, 9u) << "a bucket never holds more than the rate";
}

TEST(RateLimiter, ForgetsTheLeastRecentClientWhenFull) {
  RateLimiter limiter(1, 16);  // one client per shard
  const auto now = RateLimiter::Clock::now();
  for (int i = 0; i < 10'000; ++i) limiter.take("client-" + std::to_string(i), now);
  EXPECT_LE(limiter.tracked_clients(), 16u);
}

}  // namespace
}  // namespace mercado::http
