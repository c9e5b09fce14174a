#include "domain/policy.hpp"

#include <gtest/gtest.h>

namespace mercado::domain {
namespace {

TEST(CatalogWriteAccess, SandboxIsOpenToEveryone) {
  for (const Role role : {Role::kAnonymous, Role::kCustomer, Role::kAdmin}) {
    EXPECT_EQ(catalog_write_access(Profile::kSandbox, role), Access::kAllowed);
  }
}

TEST(CatalogWriteAccess, ProductionIsForAdminsOnly) {
  EXPECT_EQ(catalog_write_access(Profile::kProduction, Role::kAnonymous), Access::kUnauthenticated);
  EXPECT_EQ(catalog_write_access(Profile::kProduction, Role::kCustomer), Access::kForbidden);
  EXPECT_EQ(catalog_write_access(Profile::kProduction, Role::kAdmin), Access::kAllowed);
}

TEST(PutMode, IsLenientOnlyInTheSandbox) {
  EXPECT_EQ(put_mode(Profile::kSandbox), WriteMode::kPatch);
  EXPECT_EQ(put_mode(Profile::kProduction), WriteMode::kReplace);
}

}  // namespace
}  // namespace mercado::domain
