// Handlers for /api/v1/locations.
#pragma once

#include "api/context.hpp"
#include "http/message.hpp"

namespace mercado::api::locations {

http::Task<http::Response> list(ApiContext& context, http::Request& request);

}  // namespace mercado::api::locations
