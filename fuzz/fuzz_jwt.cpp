// Fuzzes bearer-token verification with any bytes a client can put in an Authorization header
// (the first input byte picks the expected kind). Properties: verification never crashes or
// leaks; a refusal is always kUnauthorized; an accepted token names a positive user id and is
// never accepted as the other kind. The corpus holds tokens signed with the fuzzer's key, so
// mutations explore the paths past the signature check too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/crypto.hpp"
#include "auth/tokens.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace mercado;

constexpr std::int64_t kNow = 1'800'000'000;

const auth::TokenIssuer& issuer() {
  static const auth::TokenIssuer instance{{.secret = std::string(40, 'k')}};
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  auth::initialize_crypto();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto kind = data[0] & 1 ? auth::TokenKind::kRefresh : auth::TokenKind::kAccess;
  const auto user = issuer().verify(input, kind, kNow);
  if (!user) {
    FUZZ_CHECK(user.error().code == domain::ErrorCode::kUnauthorized);
    return 0;
  }
  FUZZ_CHECK(user->value > 0);
  const auto other =
      kind == auth::TokenKind::kAccess ? auth::TokenKind::kRefresh : auth::TokenKind::kAccess;
  FUZZ_CHECK(!issuer().verify(input, other, kNow));
  return 0;
}
