#include "auth/password.hpp"

#include <gtest/gtest.h>

#include "auth/crypto.hpp"

namespace mercado::auth {
namespace {

class PasswordTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { initialize_crypto(); }
};

TEST_F(PasswordTest, HashesWithArgon2idAtTheConfiguredCost) {
  const auto hash = hash_password("correct horse", kMinimumHashCost);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *hash;
  const auto stronger = hash_password("correct horse", {.passes = 3, .memory_kib = 32 * 1024});
  ASSERT_TRUE(stronger);
  EXPECT_TRUE(stronger->starts_with("$argon2id$v=19$m=32768,t=3,")) << *stronger;
}

TEST_F(PasswordTest, VerifiesTheRightPasswordOnly) {
  const auto hash = hash_password("correct horse", kMinimumHashCost);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(verify_password(*hash, "correct horse"));
  EXPECT_FALSE(verify_password(*hash, "correct horsE"));
  EXPECT_FALSE(verify_password(*hash, ""));
}

TEST_F(PasswordTest, SaltsEachHash) {
  EXPECT_NE(hash_password("same", kMinimumHashCost), hash_password("same", kMinimumHashCost));
}

TEST_F(PasswordTest, AMalformedHashMatchesNothing) {
  EXPECT_FALSE(verify_password("", ""));
  EXPECT_FALSE(verify_password("plain text", "plain text"));
  EXPECT_FALSE(verify_password(std::string(512, '$'), "x"));
}

TEST_F(PasswordTest, TheDecoyMatchesNoOrdinaryPassword) {
  const auto& decoy = decoy_hash(kMinimumHashCost);
  EXPECT_TRUE(decoy.starts_with("$argon2id$"));
  EXPECT_FALSE(verify_password(decoy, "changeme"));
  EXPECT_EQ(&decoy, &decoy_hash(kMinimumHashCost));
}

TEST(Crypto, RandomHexHasTheAskedLengthAndVaries) {
  initialize_crypto();
  const auto a = random_hex(16);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, random_hex(16));
}

}  // namespace
}  // namespace mercado::auth
