// Hashing a password on the blocking pool, as handlers need it.
#pragma once

#include <optional>
#include <string>

#include "api/context.hpp"
#include "domain/error.hpp"
#include "http/message.hpp"

namespace mercado::api {

// The PHC string for `password`, hashed off the I/O thread; kUnavailable (503) when the pool is
// saturated or memory for the hash can't be had.
http::Task<domain::Result<std::string>> hash_off_thread(const ApiContext& context,
                                                        const std::string& password);

// Whether `password` matches `encoded`, checked off the I/O thread; kUnavailable when the pool
// is saturated.
http::Task<domain::Result<bool>> verify_off_thread(const ApiContext& context,
                                                   const std::string& encoded,
                                                   const std::string& password);

}  // namespace mercado::api
