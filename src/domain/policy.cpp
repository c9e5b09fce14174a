#include "domain/policy.hpp"

namespace mercado::domain {
namespace {

Access signed_in(Role caller) {
  return caller == Role::kAnonymous ? Access::kUnauthenticated : Access::kAllowed;
}

Access admin_only(Role caller) {
  if (caller == Role::kAdmin) return Access::kAllowed;
  return caller == Role::kAnonymous ? Access::kUnauthenticated : Access::kForbidden;
}

}  // namespace

Access route_access(Profile profile, RouteRule rule, Role caller, bool is_target) {
  if (rule == RouteRule::kAnyone) return Access::kAllowed;
  if (rule == RouteRule::kSignedIn) return signed_in(caller);
  if (profile == Profile::kSandbox) return Access::kAllowed;
  switch (rule) {
    case RouteRule::kCatalogEditor:
    case RouteRule::kUserDirectory:
      return admin_only(caller);
    case RouteRule::kAccountOwner:
      return is_target && caller != Role::kAnonymous ? Access::kAllowed : admin_only(caller);
    case RouteRule::kUploader:
    case RouteRule::kSignedIn:
    case RouteRule::kAnyone:
      break;
  }
  return signed_in(caller);
}

bool needs_caller(Profile profile, RouteRule rule) {
  if (rule == RouteRule::kAnyone) return false;
  return rule == RouteRule::kSignedIn || profile == Profile::kProduction;
}

std::string_view rule_name(RouteRule rule) {
  switch (rule) {
    case RouteRule::kAnyone:
      return "anyone";
    case RouteRule::kSignedIn:
      return "signed-in";
    case RouteRule::kCatalogEditor:
      return "catalog-editor";
    case RouteRule::kUserDirectory:
      return "user-directory";
    case RouteRule::kAccountOwner:
      return "account-owner";
    case RouteRule::kUploader:
      return "uploader";
  }
  return "unknown";
}

bool may_set_role(Profile profile, Role caller) {
  return profile == Profile::kSandbox || caller == Role::kAdmin;
}

WriteMode put_mode(Profile profile) {
  return profile == Profile::kSandbox ? WriteMode::kPatch : WriteMode::kReplace;
}

}  // namespace mercado::domain
