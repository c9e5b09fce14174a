#include "auth/password.hpp"

#include <sodium.h>

#include <mutex>

#include "auth/crypto.hpp"

namespace mercado::auth {

std::optional<std::string> hash_password(std::string_view password, const HashCost& cost) {
  char encoded[crypto_pwhash_STRBYTES];
  const int status = crypto_pwhash_str_alg(encoded, password.data(), password.size(), cost.passes,
                                           cost.memory_kib * 1024, crypto_pwhash_ALG_ARGON2ID13);
  if (status != 0) return std::nullopt;
  return std::string(encoded);
}

bool verify_password(std::string_view encoded, std::string_view password) {
  // libsodium reads a NUL-terminated string of at most crypto_pwhash_STRBYTES.
  if (encoded.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string terminated(encoded);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

const std::string& decoy_hash(const HashCost& cost) {
  static std::once_flag once;
  static std::string hash;
  std::call_once(once, [&] { hash = hash_password(random_hex(16), cost).value_or(""); });
  return hash;
}

}  // namespace mercado::auth
