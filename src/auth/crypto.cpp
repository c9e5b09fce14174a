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

}  // namespace mercado::auth
