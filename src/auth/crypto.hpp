// Randomness from libsodium, for what Mercado needs besides passwords and tokens.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mercado::auth {

// Call once at start-up, before any other function of this library (repeating it is harmless).
void initialize_crypto();

// `count` bytes from the operating system's CSPRNG, as lower-case hex.
std::string random_hex(std::size_t count);

}  // namespace mercado::auth
