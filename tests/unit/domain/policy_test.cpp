#include "domain/policy.hpp"

#include <gtest/gtest.h>

namespace mercado::domain {
namespace {

constexpr Role kRoles[] = {Role::kAnonymous, Role::kCustomer, Role::kAdmin};

TEST(RouteAccess, AnyoneMeansAnyoneInBothProfiles) {
  for (const Profile profile : {Profile::kSandbox, Profile::kProduction}) {
    for (const Role role : kRoles) {
      EXPECT_EQ(route_access(profile, RouteRule::kAnyone, role), Access::kAllowed);
    }
    EXPECT_FALSE(needs_caller(profile, RouteRule::kAnyone));
  }
}

TEST(RouteAccess, SignedInNeedsATokenEvenInTheSandbox) {
  for (const Profile profile : {Profile::kSandbox, Profile::kProduction}) {
    EXPECT_EQ(route_access(profile, RouteRule::kSignedIn, Role::kAnonymous),
              Access::kUnauthenticated);
    EXPECT_EQ(route_access(profile, RouteRule::kSignedIn, Role::kCustomer), Access::kAllowed);
    EXPECT_TRUE(needs_caller(profile, RouteRule::kSignedIn));
  }
}

TEST(RouteAccess, SandboxWritesAreOpenToEveryone) {
  for (const RouteRule rule : {RouteRule::kCatalogEditor, RouteRule::kUserDirectory,
                               RouteRule::kAccountOwner, RouteRule::kUploader}) {
    for (const Role role : kRoles) {
      EXPECT_EQ(route_access(Profile::kSandbox, rule, role), Access::kAllowed);
    }
    EXPECT_FALSE(needs_caller(Profile::kSandbox, rule));
    EXPECT_TRUE(needs_caller(Profile::kProduction, rule));
  }
}

TEST(RouteAccess, ProductionCatalogAndDirectoryAreForAdminsOnly) {
  for (const RouteRule rule : {RouteRule::kCatalogEditor, RouteRule::kUserDirectory}) {
    EXPECT_EQ(route_access(Profile::kProduction, rule, Role::kAnonymous), Access::kUnauthenticated);
    EXPECT_EQ(route_access(Profile::kProduction, rule, Role::kCustomer), Access::kForbidden);
    EXPECT_EQ(route_access(Profile::kProduction, rule, Role::kAdmin), Access::kAllowed);
  }
}

TEST(RouteAccess, ProductionAccountsBelongToThemselvesAndAdmins) {
  const auto access = [](Role role, bool is_target) {
    return route_access(Profile::kProduction, RouteRule::kAccountOwner, role, is_target);
  };
  EXPECT_EQ(access(Role::kCustomer, true), Access::kAllowed);
  EXPECT_EQ(access(Role::kCustomer, false), Access::kForbidden);
  EXPECT_EQ(access(Role::kAdmin, false), Access::kAllowed);
  EXPECT_EQ(access(Role::kAnonymous, false), Access::kUnauthenticated);
  EXPECT_EQ(access(Role::kAnonymous, true), Access::kUnauthenticated);
}

TEST(RouteAccess, ProductionUploadsNeedAnyAccount) {
  EXPECT_EQ(route_access(Profile::kProduction, RouteRule::kUploader, Role::kAnonymous),
            Access::kUnauthenticated);
  EXPECT_EQ(route_access(Profile::kProduction, RouteRule::kUploader, Role::kCustomer),
            Access::kAllowed);
}

TEST(MaySetRole, OnlyAdminsInProduction) {
  EXPECT_TRUE(may_set_role(Profile::kSandbox, Role::kAnonymous));
  EXPECT_FALSE(may_set_role(Profile::kProduction, Role::kCustomer));
  EXPECT_FALSE(may_set_role(Profile::kProduction, Role::kAnonymous));
  EXPECT_TRUE(may_set_role(Profile::kProduction, Role::kAdmin));
}

TEST(PutMode, IsLenientOnlyInTheSandbox) {
  EXPECT_EQ(put_mode(Profile::kSandbox), WriteMode::kPatch);
  EXPECT_EQ(put_mode(Profile::kProduction), WriteMode::kReplace);
}

}  // namespace
}  // namespace mercado::domain
