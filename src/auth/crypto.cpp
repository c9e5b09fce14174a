#include "auth/crypto.hpp"

#include <sodium.h>

#include <stdexcept>

namespace mercado::auth {
namespace {

std::string to_hex(const unsigned char* bytes, std::size_t count) {
  std::string hex(count * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, count);
  hex.pop_back();  // the terminating NUL
  return hex;
}

}  // namespace

void initialize_crypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string random_hex(std::size_t count) {
  std::string bytes(count, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  return to_hex(reinterpret_cast<const unsigned char*>(bytes.data()), count);
}

KeyedDigest::KeyedDigest(std::string_view secret, std::string_view purpose) {
  if (purpose.size() > crypto_kdf_CONTEXTBYTES) throw std::invalid_argument("purpose too long");
  // The secret may have any length: its digest is the master key, and each purpose gets its own
  // subkey of that.
  unsigned char master[crypto_kdf_KEYBYTES];
  crypto_generichash(master, sizeof master, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  char context[crypto_kdf_CONTEXTBYTES] = {};
  purpose.copy(context, purpose.size());
  crypto_kdf_derive_from_key(key_.data(), key_.size(), 1, context, master);
  sodium_memzero(master, sizeof master);
}

std::string KeyedDigest::operator()(std::string_view message) const {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size(), key_.data(), key_.size());
  return to_hex(digest, sizeof digest);
}

}  // namespace mercado::auth
