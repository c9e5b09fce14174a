// Handlers for /api/v1/files: image uploads, and serving them back.
#pragma once

#include "api/context.hpp"
#include "http/message.hpp"

namespace mercado::api::files {

http::Task<http::Response> upload(ApiContext& context, http::Request& request);
http::Task<http::Response> download(ApiContext& context, http::Request& request);

}  // namespace mercado::api::files
