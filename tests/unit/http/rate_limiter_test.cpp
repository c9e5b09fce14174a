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

TEST(WindowDecision, AllowsTheRateInAWindowThenRefusesUntilItEnds) {
  const auto first = window_decision(1, 3, std::chrono::seconds(1));
  EXPECT_TRUE(first.allowed);
  EXPECT_EQ(first.limit, 3u);
  EXPECT_EQ(first.remaining, 2u);
  EXPECT_EQ(first.reset, 1u);
  const auto last = window_decision(3, 3, std::chrono::seconds(1));
  EXPECT_TRUE(last.allowed);
  EXPECT_EQ(last.remaining, 0u);
  const auto refused = window_decision(4, 3, std::chrono::seconds(1));
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0u);
  EXPECT_EQ(refused.retry_after, 1u);
  EXPECT_EQ(window_decision(9, 3, std::chrono::seconds(0)).retry_after, 1u)
      << "never tells a client to retry at once";
}

TEST(RateLimiter, ForgetsTheLeastRecentClientWhenFull) {
  RateLimiter limiter(1, 16);  // one client per shard
  const auto now = RateLimiter::Clock::now();
  for (int i = 0; i < 10'000; ++i) limiter.take("client-" + std::to_string(i), now);
  EXPECT_LE(limiter.tracked_clients(), 16u);
}

}  // namespace
}  // namespace mercado::http
