// The few primitives Mercado needs besides passwords and tokens, from libsodium.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mercado::auth {

// Call once at start-up, before any other function of this library (repeating it is harmless).
void initialize_crypto();

// `count` bytes from the operating system's CSPRNG, as lower-case hex.
std::string random_hex(std::size_t count);

// A 128-bit BLAKE2b digest of `bytes`, as lower-case hex: a content fingerprint (ETags), not a
// password hash.
std::string digest_hex(std::string_view bytes);

}  // namespace mercado::auth
