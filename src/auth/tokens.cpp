#include "auth/tokens.hpp"

#include <jwt.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <memory>
#include <new>
#include <stdexcept>

#include "auth/crypto.hpp"

namespace mercado::auth {
namespace {

struct JwtFree {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using Jwt = std::unique_ptr<jwt_t, JwtFree>;

struct StringFree {
  void operator()(char* text) const { std::free(text); }  // libjwt allocates with malloc
};

// The claim that keeps the two kinds apart: a refresh token is never an access token.
constexpr const char* kKindClaim = "typ";
std::string_view kind_name(TokenKind kind) {
  return kind == TokenKind::kAccess ? "access" : "refresh";
}

const unsigned char* key_bytes(const std::string& secret) {
  return reinterpret_cast<const unsigned char*>(secret.data());
}

}  // namespace

domain::Error invalid_token() {
  return domain::unauthorized("The token is invalid or has expired.");
}

TokenIssuer::TokenIssuer(TokenSettings settings) : settings_(std::move(settings)) {}

std::string TokenIssuer::issue(domain::UserId user, TokenKind kind, std::int64_t now) const {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::bad_alloc();
  Jwt jwt(raw);
  const auto lifetime =
      kind == TokenKind::kAccess ? settings_.access_lifetime : settings_.refresh_lifetime;
  const std::string subject = std::to_string(user.value);
  const std::string kind_text(kind_name(kind));
  // A random id makes every token distinct, even two issued in the same second.
  const std::string id = random_hex(16);
  bool ok = jwt_add_grant(jwt.get(), "sub", subject.c_str()) == 0 &&
            jwt_add_grant(jwt.get(), kKindClaim, kind_text.c_str()) == 0 &&
            jwt_add_grant(jwt.get(), "jti", id.c_str()) == 0 &&
            jwt_add_grant_int(jwt.get(), "iat", static_cast<long>(now)) == 0 &&
            jwt_add_grant_int(jwt.get(), "exp", static_cast<long>(now + lifetime.count())) == 0 &&
            jwt_set_alg(jwt.get(), JWT_ALG_HS256, key_bytes(settings_.secret),
                        static_cast<int>(settings_.secret.size())) == 0;
  std::unique_ptr<char, StringFree> encoded(ok ? jwt_encode_str(jwt.get()) : nullptr);
  if (!encoded) throw std::runtime_error("a token could not be signed");
  return encoded.get();
}

TokenPair TokenIssuer::issue_pair(domain::UserId user, std::int64_t now) const {
  return {issue(user, TokenKind::kAccess, now), issue(user, TokenKind::kRefresh, now)};
}

domain::Result<domain::UserId> TokenIssuer::verify(std::string_view token, TokenKind kind,
                                                   std::int64_t now) const {
  if (token.empty() || token.size() > kMaxTokenBytes) return invalid_token();
  const std::string terminated(token);
  if (terminated.find('\0') != std::string::npos) return invalid_token();
  jwt_t* raw = nullptr;
  // With a key, libjwt checks the signature (in constant time) before it returns the token.
  if (jwt_decode(&raw, terminated.c_str(), key_bytes(settings_.secret),
                 static_cast<int>(settings_.secret.size())) != 0) {
    return invalid_token();
  }
  Jwt jwt(raw);
  // libjwt reads `alg` case-insensitively; RFC 7515 4.1.1 makes it case-sensitive. The header as
  // sent must say exactly HS256.
  const char* algorithm = jwt_get_header(jwt.get(), "alg");
  if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256 || algorithm == nullptr ||
      std::string_view(algorithm) != "HS256") {
    return invalid_token();
  }
  const char* claimed_kind = jwt_get_grant(jwt.get(), kKindClaim);
  if (claimed_kind == nullptr || claimed_kind != kind_name(kind)) return invalid_token();
  errno = 0;
  const long expires = jwt_get_grant_int(jwt.get(), "exp");
  if (errno != 0 || expires <= now) return invalid_token();
  // Not valid before `nbf` (RFC 7519 4.1.5), when the token has one (we never issue it). Read as
  // JSON text: libjwt's integer getter can't tell a missing claim from a malformed one.
  const std::unique_ptr<char, StringFree> not_before(jwt_get_grants_json(jwt.get(), "nbf"));
  if (not_before) {
    const std::string_view text(not_before.get());
    std::int64_t seconds = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (error != std::errc() || end != text.data() + text.size() || seconds > now) {
      return invalid_token();
    }
  }
  const char* subject = jwt_get_grant(jwt.get(), "sub");
  if (subject == nullptr) return invalid_token();
  const std::string_view text(subject);
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) return invalid_token();
  return domain::UserId{id};
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace mercado::auth
