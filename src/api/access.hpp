// Authorization for the routes of this layer, by the rules in domain/policy.
#pragma once

#include <optional>

#include "api/context.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"

namespace mercado::api {

// nullopt when the caller may change the catalog; otherwise the 401 or 403 to answer.
// Until access tokens exist every caller is anonymous, so production refuses every write.
std::optional<http::Problem> check_catalog_write(const ApiContext& context,
                                                 const http::Request& request);

}  // namespace mercado::api
