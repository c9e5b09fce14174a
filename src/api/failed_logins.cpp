#include "api/failed_logins.hpp"

#include <algorithm>

namespace mercado::api {
namespace {

using Clock = mercado::auth::LoginThrottle::Clock;

constexpr std::string_view kAccountScope = "login-account";
constexpr std::string_view kClientScope = "login-client";

// The wait a shared count imposes: none under the limit, else until its window ends.
std::optional<int> wait_for(const std::optional<cluster::WindowCount>& count, int limit) {
  if (!count || count->count < static_cast<std::uint64_t>(limit)) return std::nullopt;
  return std::max<int>(1, static_cast<int>(count->resets_in.count()));
}

}  // namespace

http::Task<std::optional<int>> login_blocked_for(const ApiContext& context,
                                                 std::string_view account,
                                                 std::string_view client) {
  auto& local = context.services.throttle;
  if (cluster::SharedCounters* shared = context.shared_counters) {
    const auto& limits = local.limits();
    const auto by_account = co_await shared->add(kAccountScope, account, 0, limits.window);
    const auto by_client = co_await shared->add(kClientScope, client, 0, limits.window);
    if (by_account && by_client) {
      const auto account_wait = wait_for(by_account, limits.failures_per_account);
      const auto client_wait = wait_for(by_client, limits.failures_per_client);
      if (account_wait && client_wait) co_return std::max(*account_wait, *client_wait);
      co_return account_wait ? account_wait : client_wait;
    }
  }
  co_return local.blocked_for(account, client, Clock::now());
}

http::Task<void> record_login_failure(const ApiContext& context, std::string_view account,
                                      std::string_view client) {
  auto& local = context.services.throttle;
  if (cluster::SharedCounters* shared = context.shared_counters) {
    const auto window = local.limits().window;
    const auto by_account = co_await shared->add(kAccountScope, account, 1, window);
    const auto by_client = co_await shared->add(kClientScope, client, 1, window);
    if (by_account && by_client) co_return;
  }
  local.record_failure(account, client, Clock::now());
}

http::Task<void> record_login_success(const ApiContext& context, std::string_view account) {
  auto& local = context.services.throttle;
  if (cluster::SharedCounters* shared = context.shared_counters) {
    co_await shared->reset(kAccountScope, account, local.limits().window);
  }
  local.record_success(account);
}

}  // namespace mercado::api
