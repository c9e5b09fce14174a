#include "domain/idempotency.hpp"

#include <algorithm>

namespace mercado::domain {

bool is_valid_idempotency_key(std::string_view key) {
  return !key.empty() && key.size() <= kMaxIdempotencyKeyLength &&
         std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

}  // namespace mercado::domain
