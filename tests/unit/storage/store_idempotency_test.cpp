// The store contract for idempotency keys: claims, replays, mismatches, and their timing.
#include <gtest/gtest.h>

#include "storage/store_contract.hpp"

namespace mercado::storage::testing {
namespace {

using domain::IdempotencyClaim;
using Kind = domain::IdempotencyClaim::Kind;

constexpr std::int64_t kNow = 1'800'000'000'000;  // Unix milliseconds
constexpr std::int64_t kSecond = 1000;

class IdempotencyContract : public StoreContract {
 protected:
  Result<IdempotencyClaim> claim(std::string_view fingerprint, std::int64_t now_ms,
                                 std::string_view key = "POST /api/v1/products k1") {
    const domain::IdempotencyRequest request{std::string(key), std::string(fingerprint), now_ms};
    return write<IdempotencyClaim>(
        [&](StoreWriter& w) { return w.claim_idempotency_key(request); });
  }
  void settle(std::optional<domain::StoredResponse> response,
              std::string_view key = "POST /api/v1/products k1") {
    ASSERT_TRUE(
        write<bool>([&](StoreWriter& w) { return w.settle_idempotency_key(key, response); }));
  }
};

const domain::StoredResponse kCreated{201, "application/json", "/api/v1/products/7",
                                      std::string("{\"id\":7}\0binary", 15)};

TEST_P(IdempotencyContract, ReplaysTheAnswerToTheSameRequest) {
  EXPECT_EQ(claim("fp", kNow)->kind, Kind::kNew);
  settle(kCreated);
  const auto replay = claim("fp", kNow + kSecond);
  ASSERT_EQ(replay->kind, Kind::kReplay);
  EXPECT_EQ(replay->response->status, 201);
  EXPECT_EQ(replay->response->content_type, "application/json");
  EXPECT_EQ(replay->response->location, "/api/v1/products/7");
  EXPECT_EQ(replay->response->body, kCreated.body);
}

TEST_P(IdempotencyContract, RefusesAnotherRequestUnderTheSameKey) {
  EXPECT_EQ(claim("fp", kNow)->kind, Kind::kNew);
  EXPECT_EQ(claim("other", kNow)->kind, Kind::kMismatch);
  settle(kCreated);
  EXPECT_EQ(claim("other", kNow)->kind, Kind::kMismatch);
  EXPECT_EQ(claim("other", kNow, "POST /api/v1/categories k1")->kind, Kind::kNew);
}

TEST_P(IdempotencyContract, SaysARunningRequestIsInFlightUntilItIsAbandoned) {
  EXPECT_EQ(claim("fp", kNow)->kind, Kind::kNew);
  EXPECT_EQ(claim("fp", kNow + 59 * kSecond)->kind, Kind::kInFlight);
  EXPECT_EQ(claim("fp", kNow + 61 * kSecond)->kind, Kind::kNew) << "taken over";
  EXPECT_EQ(claim("fp", kNow + 62 * kSecond)->kind, Kind::kInFlight);
}

TEST_P(IdempotencyContract, ARetryRunsAgainAfterAReleasedClaim) {
  EXPECT_EQ(claim("fp", kNow)->kind, Kind::kNew);
  settle(std::nullopt);
  EXPECT_EQ(claim("fp", kNow + kSecond)->kind, Kind::kNew);
}

TEST_P(IdempotencyContract, ForgetsAnswersAfterADay) {
  EXPECT_EQ(claim("fp", kNow)->kind, Kind::kNew);
  settle(kCreated);
  const std::int64_t day = 24 * 3600 * kSecond;
  EXPECT_EQ(claim("fp", kNow + day - kSecond)->kind, Kind::kReplay);
  EXPECT_EQ(claim("other", kNow + day + kSecond)->kind, Kind::kNew) << "the key is free again";
}

INSTANTIATE_TEST_SUITE_P(Stores, IdempotencyContract, ::testing::ValuesIn(store_implementations()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace mercado::storage::testing
