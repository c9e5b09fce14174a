// Handlers for /api/v1/orders. A customer sees and cancels their own orders; an admin sees all
// and moves them along their lifecycle (domain::check_transition).
#pragma once

#include "api/access.hpp"
#include "api/context.hpp"
#include "http/message.hpp"

namespace mercado::api::orders {

http::Task<http::Response> create(ApiContext& context, http::Request& request,
                                  const Caller& caller);
http::Task<http::Response> list(ApiContext& context, http::Request& request, const Caller& caller);
http::Task<http::Response> get_by_id(ApiContext& context, http::Request& request,
                                     const Caller& caller);
http::Task<http::Response> patch(ApiContext& context, http::Request& request, const Caller& caller);

}  // namespace mercado::api::orders
