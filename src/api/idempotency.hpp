// Idempotency-Key on the POSTs that create something (Stripe's semantics): the first request
// with a key runs and its answer is kept for 24 hours; a retry with the same key and the same
// request gets that answer again (Idempotent-Replayed: true); the same key on a different
// request is a 422; a retry while the first is still running is a 409.
#pragma once

#include "api/context.hpp"
#include "http/router.hpp"

namespace mercado::api {

// Runs `handler` under the request's Idempotency-Key, if it has one.
http::Task<http::Response> run_idempotently(ApiContext& context, http::Request& request,
                                            const http::Handler& handler);

}  // namespace mercado::api
