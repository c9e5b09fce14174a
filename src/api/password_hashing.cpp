#include "api/password_hashing.hpp"

namespace mercado::api {
namespace {

domain::Error busy() {
  return {domain::ErrorCode::kUnavailable, "The server is busy; retry shortly.", {}};
}

}  // namespace

http::Task<domain::Result<std::string>> hash_off_thread(const ApiContext& context,
                                                        const std::string& password) {
  const auto work = [password, cost = context.settings.hash_cost] {
    return mercado::auth::hash_password(password, cost);
  };
  const auto hashed = co_await context.services.blocking.run(work);
  if (!hashed || !*hashed) co_return busy();
  co_return std::move(**hashed);
}

http::Task<domain::Result<bool>> verify_off_thread(const ApiContext& context,
                                                   const std::string& encoded,
                                                   const std::string& password) {
  const auto work = [encoded, password] {
    return mercado::auth::verify_password(encoded, password);
  };
  const auto matches = co_await context.services.blocking.run(work);
  if (!matches) co_return busy();
  co_return *matches;
}

}  // namespace mercado::api
