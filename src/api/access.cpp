#include "api/access.hpp"

namespace mercado::api {

std::optional<http::Problem> check_catalog_write(const ApiContext& context,
                                                 const http::Request& /*request*/) {
  const domain::Role caller = domain::Role::kAnonymous;
  switch (domain::catalog_write_access(context.settings.profile, caller)) {
    case domain::Access::kAllowed:
      return std::nullopt;
    case domain::Access::kForbidden:
      return http::Problem(domain::Error{
          domain::ErrorCode::kForbidden, "Only an administrator may change the catalog.", {}});
    case domain::Access::kUnauthenticated:
      break;
  }
  return http::Problem(domain::Error{domain::ErrorCode::kUnauthorized,
                                     "Changing the catalog needs an administrator's access token.",
                                     {}});
}

}  // namespace mercado::api
