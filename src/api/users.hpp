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

}  // namespace mercado::api::users
