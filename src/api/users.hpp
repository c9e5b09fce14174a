// Handlers for /api/v1/users.
#pragma once

#include "api/access.hpp"
#include "api/context.hpp"
#include "http/message.hpp"

namespace mercado::api::users {

http::Task<http::Response> list(ApiContext& context, http::Request& request);
http::Task<http::Response> get_by_id(ApiContext& context, http::Request& request);
http::Task<http::Response> create(ApiContext& context, http::Request& request,
                                  const Caller& caller);
http::Task<http::Response> is_available(ApiContext& context, http::Request& request);
http::Task<http::Response> replace(ApiContext& context, http::Request& request,
                                   const Caller& caller);
http::Task<http::Response> patch(ApiContext& context, http::Request& request, const Caller& caller);
http::Task<http::Response> remove(ApiContext& context, http::Request& request);

// The reference API's sign-up flows read the password back from the answer to the request that
// set it, to log in at once. In the sandbox that answer (a 200 or 201) gets the password this
// request sent, which the client already holds; the routes add it outside the idempotency layer,
// so no stored answer ever holds it. Never in production.
void echo_password(const ApiContext& context, const http::Request& request,
                   http::Response& response);

}  // namespace mercado::api::users
