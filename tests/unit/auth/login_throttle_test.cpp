#include "auth/login_throttle.hpp"

#include <gtest/gtest.h>

namespace mercado::auth {
namespace {

using Clock = LoginThrottle::Clock;
using std::chrono::seconds;

const Clock::time_point kStart{};

TEST(LoginThrottle, BlocksAnAccountAfterItsLimitForTheRestOfTheWindow) {
  LoginThrottle throttle({.failures_per_account = 3,
                          .failures_per_client = 100,
                          .window = seconds(60),
                          .max_entries = 100});
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(throttle.blocked_for("ana", "10.0.0.1", kStart + seconds(i)));
    throttle.record_failure("ana", "10.0.0.1", kStart + seconds(i));
  }
  EXPECT_EQ(throttle.blocked_for("ana", "10.0.0.9", kStart + seconds(10)), 50);
  EXPECT_FALSE(throttle.blocked_for("bob", "10.0.0.1", kStart + seconds(10)));
  EXPECT_FALSE(throttle.blocked_for("ana", "10.0.0.1", kStart + seconds(60)));
}

TEST(LoginThrottle, BlocksAClientAcrossAccounts) {
  LoginThrottle throttle({.failures_per_account = 100,
                          .failures_per_client = 3,
                          .window = seconds(60),
                          .max_entries = 100});
  for (const char* account : {"a", "b", "c"}) throttle.record_failure(account, "ip", kStart);
  EXPECT_TRUE(throttle.blocked_for("fresh", "ip", kStart + seconds(1)));
  EXPECT_FALSE(throttle.blocked_for("fresh", "other-ip", kStart + seconds(1)));
}

TEST(LoginThrottle, SuccessClearsTheAccountOnly) {
  LoginThrottle throttle({.failures_per_account = 2,
                          .failures_per_client = 3,
                          .window = seconds(60),
                          .max_entries = 100});
  throttle.record_failure("ana", "ip", kStart);
  throttle.record_failure("ana", "ip", kStart);
  ASSERT_TRUE(throttle.blocked_for("ana", "ip2", kStart));
  throttle.record_success("ana");
  EXPECT_FALSE(throttle.blocked_for("ana", "ip2", kStart));
  throttle.record_failure("bob", "ip", kStart);
  EXPECT_TRUE(throttle.blocked_for("carl", "ip", kStart));
}

TEST(LoginThrottle, ForgetsTheOldestWhenFullSoMemoryStaysBounded) {
  LoginThrottle throttle({.failures_per_account = 1,
                          .failures_per_client = 1000,
                          .window = seconds(600),
                          .max_entries = 4});
  for (int i = 0; i < 10; ++i) {
    throttle.record_failure("user" + std::to_string(i), "ip", kStart + seconds(i));
  }
  // The newest four are remembered, the first six were forgotten.
  EXPECT_TRUE(throttle.blocked_for("user9", "x", kStart + seconds(20)));
  EXPECT_TRUE(throttle.blocked_for("user6", "x", kStart + seconds(20)));
  EXPECT_FALSE(throttle.blocked_for("user0", "x", kStart + seconds(20)));
  EXPECT_FALSE(throttle.blocked_for("user5", "x", kStart + seconds(20)));
}

}  // namespace
}  // namespace mercado::auth
