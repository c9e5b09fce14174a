// Handlers for /api/v1/auth: logging in, who am I, and trading a refresh token for new tokens.
#pragma once

#include "api/access.hpp"
#include "api/context.hpp"
#include "http/message.hpp"

namespace mercado::api::auth {

http::Task<http::Response> login(ApiContext& context, http::Request& request);
http::Task<http::Response> profile(ApiContext& context, http::Request& request,
                                   const Caller& caller);
http::Task<http::Response> refresh(ApiContext& context, http::Request& request);

}  // namespace mercado::api::auth
