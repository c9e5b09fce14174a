#include "auth/login_throttle.hpp"

#include <algorithm>

namespace mercado::auth {

std::optional<int> LoginThrottle::blocked_in(Table& table, std::string_view key, int limit,
                                             Clock::time_point now) const {
  const auto found = table.find(std::string(key));
  if (found == table.end()) return std::nullopt;
  const auto ends = found->second.start + limits_.window;
  if (now >= ends) {
    table.erase(found);
    return std::nullopt;
  }
  if (found->second.failures < limit) return std::nullopt;
  const auto wait = std::chrono::ceil<std::chrono::seconds>(ends - now);
  return std::max<int>(1, static_cast<int>(wait.count()));
}

void LoginThrottle::count_in(Table& table, std::string_view key, Clock::time_point now) const {
  auto found = table.find(std::string(key));
  if (found == table.end()) {
    if (table.size() >= limits_.max_entries) {
      std::erase_if(table,
                    [&](const auto& entry) { return now >= entry.second.start + limits_.window; });
    }
    if (table.size() >= limits_.max_entries) {
      table.erase(std::min_element(table.begin(), table.end(), [](const auto& a, const auto& b) {
        return a.second.start < b.second.start;
      }));
    }
    found = table.emplace(std::string(key), Window{now, 0}).first;
  } else if (now >= found->second.start + limits_.window) {
    found->second = Window{now, 0};
  }
  ++found->second.failures;
}

std::optional<int> LoginThrottle::blocked_for(std::string_view account, std::string_view client,
                                              Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  const auto by_account = blocked_in(accounts_, account, limits_.failures_per_account, now);
  const auto by_client = blocked_in(clients_, client, limits_.failures_per_client, now);
  if (by_account && by_client) return std::max(*by_account, *by_client);
  return by_account ? by_account : by_client;
}

void LoginThrottle::record_failure(std::string_view account, std::string_view client,
                                   Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  count_in(accounts_, account, now);
  count_in(clients_, client, now);
}

void LoginThrottle::record_success(std::string_view account) {
  const std::lock_guard lock(mutex_);
  accounts_.erase(std::string(account));
}

}  // namespace mercado::auth
