// Failed logins, counted per account and per client: in the counters every instance shares
// when the deployment has them (memcached), so guessing a password through N instances is as
// slow as through one; else, or while they cannot be reached, in this process's LoginThrottle.
//
// Shared counts use fixed windows of the throttle's length (15 minutes) aligned to the clock:
// an account is refused after 5 failures in a window, until the window ends.
#pragma once

#include <optional>
#include <string_view>

#include "api/context.hpp"
#include "http/message.hpp"

namespace mercado::api {

// Seconds to wait when `account` or `client` has failed too often; nullopt when a try is
// allowed.
http::Task<std::optional<int>> login_blocked_for(const ApiContext& context,
                                                 std::string_view account, std::string_view client);
http::Task<void> record_login_failure(const ApiContext& context, std::string_view account,
                                      std::string_view client);
// A successful login clears the account's count (not the client's).
http::Task<void> record_login_success(const ApiContext& context, std::string_view account);

}  // namespace mercado::api
