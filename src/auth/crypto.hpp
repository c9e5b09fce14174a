// Randomness and keyed digests from libsodium, for what Mercado needs besides passwords and
// tokens.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace mercado::auth {

// Call once at start-up, before any other function of this library (repeating it is harmless).
void initialize_crypto();

// `count` bytes from the operating system's CSPRNG, as lower-case hex.
std::string random_hex(std::size_t count);

// Digests of data that may hold secrets (a request body with a password), keyed with a key
// derived from the server's secret for one purpose: nobody without the key can test guesses
// against a stored digest, and no two purposes share a key. BLAKE2b-256 (libsodium), as hex.
class KeyedDigest {
 public:
  // `purpose` names the use: at most 8 characters (libsodium's key derivation context).
  KeyedDigest(std::string_view secret, std::string_view purpose);
  std::string operator()(std::string_view message) const;

 private:
  std::array<unsigned char, 32> key_{};
};

}  // namespace mercado::auth
