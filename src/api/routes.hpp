// The route table: every path, method and handler of the API, in one place.
#pragma once

#include <memory>

#include "api/context.hpp"
#include "http/router.hpp"

namespace mercado::api {

// A router for one worker thread, its handlers bound to that worker's context.
std::unique_ptr<http::Router> make_router(std::shared_ptr<ApiContext> context);

}  // namespace mercado::api
