// Access and refresh tokens: JWTs signed with HS256 (libjwt), checked strictly.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/user.hpp"

namespace mercado::auth {

enum class TokenKind { kAccess, kRefresh };

struct TokenSettings {
  std::string secret;  // at least kMinimumSecretBytes
  std::chrono::seconds access_lifetime{std::chrono::hours(1)};
  std::chrono::seconds refresh_lifetime{std::chrono::hours(24 * 7)};
};

inline constexpr std::size_t kMinimumSecretBytes = 32;
// Tokens are a few hundred bytes; anything far longer is refused before it is decoded.
inline constexpr std::size_t kMaxTokenBytes = 4096;

struct TokenPair {
  std::string access_token;
  std::string refresh_token;
};

class TokenIssuer {
 public:
  explicit TokenIssuer(TokenSettings settings);

  // `now` is seconds since the epoch.
  std::string issue(domain::UserId user, TokenKind kind, std::int64_t now) const;
  TokenPair issue_pair(domain::UserId user, std::int64_t now) const;

  // The user a token speaks for, when it is a well-formed HS256 JWT signed with our secret, of
  // the expected kind, and not expired; kUnauthorized otherwise. The header's `alg` is pinned:
  // "none", or any other algorithm, is refused whatever the signature says.
  domain::Result<domain::UserId> verify(std::string_view token, TokenKind kind,
                                        std::int64_t now) const;

 private:
  TokenSettings settings_;
};

std::int64_t unix_now();

// The one answer to a token that can't be used, whatever the reason (forged, expired, of the
// wrong kind, or its user gone): telling them apart would only help whoever forged it.
domain::Error invalid_token();

}  // namespace mercado::auth
