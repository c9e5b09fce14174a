#include "auth/crypto.hpp"

#include <gtest/gtest.h>

namespace mercado::auth {
namespace {

class KeyedDigestTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { initialize_crypto(); }
};

TEST_F(KeyedDigestTest, IsStableForOneKeyAndPurpose) {
  const KeyedDigest digest(std::string(40, 's'), "idemkey");
  EXPECT_EQ(digest("POST /users {\"password\":\"hunter2\"}"),
            digest("POST /users {\"password\":\"hunter2\"}"));
  EXPECT_EQ(digest("a").size(), 64u);
}

TEST_F(KeyedDigestTest, DependsOnTheMessageTheSecretAndThePurpose) {
  const std::string message = "{\"password\":\"hunter2\"}";
  const KeyedDigest mine(std::string(40, 's'), "idemkey");
  EXPECT_NE(mine(message), mine("{\"password\":\"hunter3\"}"));
  EXPECT_NE(mine(message), KeyedDigest(std::string(40, 't'), "idemkey")(message));
  EXPECT_NE(mine(message), KeyedDigest(std::string(40, 's'), "other")(message));
  // A secret longer than a BLAKE2b key is fine: it is digested first.
  EXPECT_NE(KeyedDigest(std::string(100, 's'), "idemkey")(message),
            KeyedDigest(std::string(100, 's') + "x", "idemkey")(message));
}

TEST_F(KeyedDigestTest, RefusesAPurposeLongerThanEightCharacters) {
  EXPECT_THROW(KeyedDigest(std::string(40, 's'), "much too long"), std::invalid_argument);
}

}  // namespace
}  // namespace mercado::auth
