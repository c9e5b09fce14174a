// Handlers for /api/v1/cart: the signed-in caller's own cart, the only one anyone can reach.
#pragma once

#include "api/access.hpp"
#include "api/context.hpp"
#include "http/message.hpp"

namespace mercado::api::carts {

http::Task<http::Response> get(ApiContext& context, http::Request& request, const Caller& caller);
http::Task<http::Response> set_item(ApiContext& context, http::Request& request,
                                    const Caller& caller);
http::Task<http::Response> remove_item(ApiContext& context, http::Request& request,
                                       const Caller& caller);
http::Task<http::Response> clear(ApiContext& context, http::Request& request, const Caller& caller);

}  // namespace mercado::api::carts
