// Idempotency keys on POST, with Stripe's semantics: a client that did not hear the answer to
// a create retries with the same Idempotency-Key and gets the first answer again instead of a
// second resource. Keys live in the database, so every instance of a cluster honours them.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mercado::domain {

inline constexpr std::size_t kMaxIdempotencyKeyLength = 255;
// How long an answer is kept for replay.
inline constexpr std::chrono::hours kIdempotencyWindow{24};
// A claim with no answer after this long belongs to a request whose instance died: it may be
// taken over by a retry.
inline constexpr std::chrono::seconds kAbandonedClaim{60};

// 1-255 visible ASCII characters (UUIDs, ULIDs and the like).
bool is_valid_idempotency_key(std::string_view key);

// The answer kept for replay: what a create returned, byte for byte.
struct StoredResponse {
  int status = 0;
  std::string content_type;
  std::string location;
  std::string body;
};

struct IdempotencyRequest {
  std::string key;          // the client's key, scoped to the method and path
  std::string fingerprint;  // a digest of what the request asked for
  std::int64_t now_ms = 0;  // Unix time in milliseconds
};

struct IdempotencyClaim {
  enum class Kind {
    kNew,       // first use (or the earlier claim was abandoned): go ahead, then record
    kReplay,    // answered before: send `response` again
    kInFlight,  // the first request with this key is still running: 409
    kMismatch,  // the key was used for a different request: 422
  };
  Kind kind = Kind::kNew;
  std::optional<StoredResponse> response;
};

}  // namespace mercado::domain
