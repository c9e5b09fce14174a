#include "api/idempotency.hpp"

#include "api/store_write.hpp"
#include "domain/idempotency.hpp"
#include "http/problem.hpp"

namespace mercado::api {
namespace {

using http::beast_http::field;
using Kind = domain::IdempotencyClaim::Kind;

// What the request asks for: the same key with another fingerprint is another request. The
// caller's credentials are part of it, so nobody replays someone else's answer. The digest is
// keyed: the body may hold a password, and the fingerprint is kept for a day.
std::string fingerprint(const ApiContext& context, const http::Request& request) {
  std::string material(http::beast_http::to_string(request.method()));
  for (const std::string_view part :
       {std::string_view(request.raw().target()), request.header(field::content_type),
        request.header(field::authorization), std::string_view(request.body())}) {
    material += '\n';
    material += std::to_string(part.size());
    material += ':';
    material += part;
  }
  return context.services.request_fingerprints(material);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

http::Response replay(const http::Request& request, const domain::StoredResponse& stored) {
  http::Response response(static_cast<http::Status>(stored.status), request.raw().version());
  if (!stored.content_type.empty()) response.set(field::content_type, stored.content_type);
  if (!stored.location.empty()) response.set(field::location, stored.location);
  response.set("Idempotent-Replayed", "true");
  response.body() = stored.body;
  return response;
}

// Answers worth replaying: anything but those that say nothing happened and a retry may work.
std::optional<domain::StoredResponse> replayable(const http::Response& response) {
  const auto status = response.result_int();
  if (status >= 500 || status == 429) return std::nullopt;
  return domain::StoredResponse{static_cast<int>(status),
                                std::string(response[field::content_type]),
                                std::string(response[field::location]), response.body()};
}

}  // namespace

http::Task<http::Response> run_idempotently(ApiContext& context, http::Request& request,
                                            const http::Handler& handler) {
  const auto sent = request.header("Idempotency-Key");
  if (sent.empty()) co_return co_await handler(request);
  if (!domain::is_valid_idempotency_key(sent)) {
    co_return http::problem_response(
        request,
        domain::invalid("The Idempotency-Key header is invalid.",
                        {{"Idempotency-Key", "must be 1 to 255 visible ASCII characters"}}));
  }
  const domain::IdempotencyRequest claim_request{
      .key = std::string(http::beast_http::to_string(request.method())) + " " +
             std::string(request.path()) + " " + std::string(sent),
      .fingerprint = fingerprint(context, request),
      .now_ms = now_ms()};
  const Change<domain::IdempotencyClaim> claim = [claim_request](storage::StoreWriter& writer) {
    return writer.claim_idempotency_key(claim_request);
  };
  const auto claimed = co_await write(context, claim);
  if (!claimed) co_return http::problem_response(request, claimed.error());
  switch (claimed->kind) {
    case Kind::kReplay:
      co_return replay(request, *claimed->response);
    case Kind::kMismatch:
      co_return http::problem_response(
          request, domain::Error{domain::ErrorCode::kUnprocessable,
                                 "This Idempotency-Key was used for a different request.",
                                 {}});
    case Kind::kInFlight:
      co_return http::problem_response(
          request, domain::conflict("A request with this Idempotency-Key is still running; retry "
                                    "shortly to get its answer."));
    case Kind::kNew:
      break;
  }
  auto response = co_await handler(request);
  const Change<bool> settle = [key = claim_request.key,
                               kept = replayable(response)](storage::StoreWriter& writer) {
    return writer.settle_idempotency_key(key, kept);
  };
  // If this fails the claim is abandoned, and a retry after kAbandonedClaim runs again.
  [[maybe_unused]] const auto settled = co_await write(context, settle);
  co_return response;
}

}  // namespace mercado::api
