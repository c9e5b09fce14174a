#include "domain/policy.hpp"

namespace mercado::domain {

Access catalog_write_access(Profile profile, Role caller) {
  if (profile == Profile::kSandbox) return Access::kAllowed;
  switch (caller) {
    case Role::kAdmin:
      return Access::kAllowed;
    case Role::kCustomer:
      return Access::kForbidden;
    case Role::kAnonymous:
      break;
  }
  return Access::kUnauthenticated;
}

WriteMode put_mode(Profile profile) {
  return profile == Profile::kSandbox ? WriteMode::kPatch : WriteMode::kReplace;
}

}  // namespace mercado::domain
