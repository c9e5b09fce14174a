#include "domain/idempotency.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mercado::domain {
namespace {

TEST(IdempotencyKey, IsOneTo255VisibleAsciiCharacters) {
  EXPECT_TRUE(is_valid_idempotency_key("5f0c7c1e-1b7a-4e0b-9d9e-0c8b1f0a2d3e"));
  EXPECT_TRUE(is_valid_idempotency_key(std::string(255, 'k')));
  for (const std::string& bad : {std::string(), std::string(256, 'k'), std::string("a b"),
                                 std::string("caf\xc3\xa9"), std::string("tab\tkey")}) {
    EXPECT_FALSE(is_valid_idempotency_key(bad)) << bad;
  }
}

}  // namespace
}  // namespace mercado::domain
