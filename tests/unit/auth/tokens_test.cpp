#include "auth/tokens.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include "auth/crypto.hpp"

namespace mercado::auth {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;

class TokensTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { initialize_crypto(); }
  TokenIssuer issuer_{{.secret = std::string(40, 's')}};
};

// Replaces part `index` (0 header, 1 payload, 2 signature) of a compact JWT.
std::string with_part(const std::string& token, int index, const std::string& part) {
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  std::string parts[3] = {token.substr(0, first), token.substr(first + 1, second - first - 1),
                          token.substr(second + 1)};
  parts[index] = part;
  return parts[0] + "." + parts[1] + "." + parts[2];
}

std::string base64url(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

// A token with this header and payload, correctly signed with HMAC-SHA256 and `secret`: what a
// holder of the key could make, to test the checks that come after the signature.
std::string sign(std::string_view header, std::string_view payload, const std::string& secret) {
  const std::string input = base64url(header) + "." + base64url(payload);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(input.data()),
                                input.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return input + "." + base64url({reinterpret_cast<const char*>(mac), sizeof mac});
}

std::string access_claims(std::string_view extra = "") {
  return R"({"sub":"5","typ":"access","iat":)" + std::to_string(kNow) + R"(,"exp":)" +
         std::to_string(kNow + 600) + std::string(extra) + "}";
}

TEST_F(TokensTest, AnIssuedTokenNamesItsUser) {
  const auto token = issuer_.issue({42}, TokenKind::kAccess, kNow);
  const auto user = issuer_.verify(token, TokenKind::kAccess, kNow + 10);
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->value, 42);
}

TEST_F(TokensTest, TwoTokensForTheSameUserAndSecondDiffer) {
  EXPECT_NE(issuer_.issue({1}, TokenKind::kAccess, kNow),
            issuer_.issue({1}, TokenKind::kAccess, kNow));
}

TEST_F(TokensTest, OneKindNeverStandsForTheOther) {
  const auto pair = issuer_.issue_pair({7}, kNow);
  EXPECT_FALSE(issuer_.verify(pair.refresh_token, TokenKind::kAccess, kNow).ok());
  EXPECT_FALSE(issuer_.verify(pair.access_token, TokenKind::kRefresh, kNow).ok());
  EXPECT_TRUE(issuer_.verify(pair.refresh_token, TokenKind::kRefresh, kNow).ok());
}

TEST_F(TokensTest, ExpiresAfterItsLifetime) {
  const TokenIssuer issuer({.secret = std::string(40, 's'),
                            .access_lifetime = std::chrono::seconds(60),
                            .refresh_lifetime = std::chrono::seconds(600)});
  const auto access = issuer.issue({1}, TokenKind::kAccess, kNow);
  EXPECT_TRUE(issuer.verify(access, TokenKind::kAccess, kNow + 59).ok());
  EXPECT_FALSE(issuer.verify(access, TokenKind::kAccess, kNow + 60).ok());
  const auto refresh = issuer.issue({1}, TokenKind::kRefresh, kNow);
  EXPECT_TRUE(issuer.verify(refresh, TokenKind::kRefresh, kNow + 599).ok());
  EXPECT_FALSE(issuer.verify(refresh, TokenKind::kRefresh, kNow + 600).ok());
}

TEST_F(TokensTest, AnotherSecretsTokenIsRefused) {
  const TokenIssuer other({.secret = std::string(40, 'o')});
  const auto token = other.issue({1}, TokenKind::kAccess, kNow);
  const auto result = issuer_.verify(token, TokenKind::kAccess, kNow);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, domain::ErrorCode::kUnauthorized);
}

TEST_F(TokensTest, AlgNoneIsRefused) {
  const auto token = issuer_.issue({1}, TokenKind::kAccess, kNow);
  // {"alg":"none","typ":"JWT"} with no signature.
  const auto unsigned_token = with_part(token, 0, "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0");
  EXPECT_FALSE(issuer_.verify(with_part(unsigned_token, 2, ""), TokenKind::kAccess, kNow).ok());
  EXPECT_FALSE(issuer_.verify(unsigned_token, TokenKind::kAccess, kNow).ok());
}

TEST_F(TokensTest, AcceptsAHandSignedTokenOfTheRightShape) {
  const auto token = sign(R"({"alg":"HS256","typ":"JWT"})", access_claims(), std::string(40, 's'));
  const auto user = issuer_.verify(token, TokenKind::kAccess, kNow);
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->value, 5);
}

TEST_F(TokensTest, ReadsTheAlgorithmCaseSensitively) {
  for (const char* alg : {"hs256", "Hs256", "HS256 ", "HS384"}) {
    const auto header = std::string(R"({"alg":")") + alg + R"(","typ":"JWT"})";
    const auto token = sign(header, access_claims(), std::string(40, 's'));
    EXPECT_FALSE(issuer_.verify(token, TokenKind::kAccess, kNow).ok()) << alg;
  }
}

TEST_F(TokensTest, RefusesATokenBeforeItsNotBeforeTime) {
  const std::string secret(40, 's');
  const std::string header = R"({"alg":"HS256","typ":"JWT"})";
  const auto later = sign(header, access_claims(",\"nbf\":" + std::to_string(kNow + 60)), secret);
  EXPECT_FALSE(issuer_.verify(later, TokenKind::kAccess, kNow).ok());
  EXPECT_TRUE(issuer_.verify(later, TokenKind::kAccess, kNow + 60).ok());
  const auto garbled = sign(header, access_claims(R"(,"nbf":"soon")"), secret);
  EXPECT_FALSE(issuer_.verify(garbled, TokenKind::kAccess, kNow).ok());
}

TEST_F(TokensTest, ATamperedPayloadIsRefused) {
  const auto mine = issuer_.issue({1}, TokenKind::kAccess, kNow);
  const auto theirs = issuer_.issue({2}, TokenKind::kAccess, kNow);
  const auto payload =
      theirs.substr(theirs.find('.') + 1, theirs.rfind('.') - theirs.find('.') - 1);
  EXPECT_FALSE(issuer_.verify(with_part(mine, 1, payload), TokenKind::kAccess, kNow).ok());
}

TEST_F(TokensTest, MalformedTokensAreRefused) {
  for (const std::string& token :
       {std::string(), std::string("garbage"), std::string("a.b.c"), std::string("..."),
        std::string(kMaxTokenBytes + 1, 'a'), std::string("eyJ\0abc", 7)}) {
    EXPECT_FALSE(issuer_.verify(token, TokenKind::kAccess, kNow).ok()) << token.size();
  }
}

}  // namespace
}  // namespace mercado::auth
