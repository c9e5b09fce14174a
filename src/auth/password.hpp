// Password hashing with Argon2id (libsodium). Each call takes tens of milliseconds and tens of
// MiB on purpose: callers run it on the blocking pool, never on an I/O thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mercado::auth {

// OWASP's minimum for Argon2id is 19 MiB with 2 passes; lower is refused at start-up.
struct HashCost {
  unsigned long long passes = 2;
  std::size_t memory_kib = 19 * 1024;
};
inline constexpr HashCost kMinimumHashCost{};

// The PHC string ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash") with a fresh random salt;
// nullopt when memory for it can't be had.
std::optional<std::string> hash_password(std::string_view password, const HashCost& cost);

// Whether `password` matches `encoded`; false for a malformed hash.
bool verify_password(std::string_view encoded, std::string_view password);

// A hash of no one's password, to verify against when an e-mail is unknown: a login then takes
// as long whether or not the account exists, so timing does not tell which e-mails are
// registered.
const std::string& decoy_hash(const HashCost& cost);

}  // namespace mercado::auth
