// Database URLs: which are accepted, and what of them a log may show.
#include "storage/open.hpp"

#include <gtest/gtest.h>

namespace mercado::storage {
namespace {

TEST(DatabaseUrl, NamesAStoreBySchemeOnly) {
  EXPECT_FALSE(check_database_url("sqlite:m.db"));
  EXPECT_FALSE(check_database_url("postgresql://shop@db1:5432/shop?sslmode=require"));
  EXPECT_FALSE(check_database_url("postgres://db1/shop"));
  EXPECT_TRUE(check_database_url("postgresql://"));
  EXPECT_TRUE(check_database_url("mysql://db/shop"));
  EXPECT_TRUE(check_replica_url("sqlite:r.db"));
  EXPECT_FALSE(check_replica_url("postgresql://db2/shop"));
}

TEST(DatabaseUrl, ShowsNoPasswordAndNoQueryInALog) {
  EXPECT_EQ(redacted_database_url("postgresql://shop:s3cret@db1:5432/shop?password=x&sslmode=y"),
            "postgresql://shop@db1:5432/shop");
  EXPECT_EQ(redacted_database_url("postgres://db1/shop"), "postgres://db1/shop");
  // An '@' in the password (percent-encoding is optional to libpq's parser in practice).
  EXPECT_EQ(redacted_database_url("postgresql://shop:a@b@db1/shop"), "postgresql://shop@db1/shop");
  EXPECT_EQ(redacted_database_url("sqlite:data/m.db"), "sqlite:data/m.db");
}

}  // namespace
}  // namespace mercado::storage
