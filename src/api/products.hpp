// Handlers for /api/v1/products.
#pragma once

#include "api/context.hpp"
#include "http/message.hpp"

namespace mercado::api::products {

http::Task<http::Response> list(ApiContext& context, http::Request& request);
http::Task<http::Response> get_by_id(ApiContext& context, http::Request& request);
http::Task<http::Response> get_by_slug(ApiContext& context, http::Request& request);
http::Task<http::Response> related_by_id(ApiContext& context, http::Request& request);
http::Task<http::Response> related_by_slug(ApiContext& context, http::Request& request);
http::Task<http::Response> create(ApiContext& context, http::Request& request);
http::Task<http::Response> replace(ApiContext& context, http::Request& request);
http::Task<http::Response> patch(ApiContext& context, http::Request& request);
http::Task<http::Response> remove(ApiContext& context, http::Request& request);

}  // namespace mercado::api::products
