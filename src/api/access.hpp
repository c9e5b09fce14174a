// Who is calling, from the bearer token, and whether the route's rule lets them in.
#pragma once

#include <optional>

#include "api/context.hpp"
#include "domain/user.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"

namespace mercado::api {

struct Caller {
  std::optional<domain::User> user;  // nullopt: anonymous

  domain::Role role() const { return user ? user->role : domain::Role::kAnonymous; }
  bool is(domain::UserId id) const { return user && user->id == id; }
};

// Anonymous without an Authorization header; with one, it must be "Bearer <access token>" for
// a user who still exists (so a deleted user's tokens stop working), else a 401.
http::Task<domain::Result<Caller>> identify(ApiContext& context, const http::Request& request);

// nullopt when the rule lets the caller in; otherwise the 401 or 403 to answer.
// `target` is the account the route names, for kAccountOwner.
std::optional<domain::Error> check_access(const ApiContext& context, domain::RouteRule rule,
                                          const Caller& caller,
                                          std::optional<domain::UserId> target);

}  // namespace mercado::api
