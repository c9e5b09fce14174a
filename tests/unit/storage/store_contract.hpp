// The fixture every store contract test shares: a fresh store per test, for each implementation.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "storage/postgres/connection.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/store.hpp"

namespace mercado::storage::testing {

using domain::Cents;

struct StoreFactory {
  std::string name;
  std::function<std::unique_ptr<Store>(const std::string& scratch)> open;
};

// Names the implementation in test output.
inline void PrintTo(const StoreFactory& factory, std::ostream* out) { *out << factory.name; }

// `server` (a PostgreSQL URL naming any database) for database mercado_contract, with `schema`
// first on the search path.
inline std::string contract_database(std::string server, const std::string& schema) {
  server.erase(server.find('/', server.find("://") + 3));
  return server + "/mercado_contract?options=-csearch_path%3D" + schema + "%2Cpublic";
}

// A PostgreSQL store in a schema of its own, on the server MERCADO_TEST_PG_PRIMARY names (and
// reading from MERCADO_TEST_PG_REPLICA when set): scripts/pg-test-cluster.sh starts both.
// The schema is named after `scratch`, so a test that opens its store again finds its data.
inline std::unique_ptr<Store> open_postgres_store(const std::string& primary,
                                                  const std::string& scratch) {
  // Once per process, and one process at a time: ctest runs test cases as processes side by
  // side, and two creating the database at once would collide.
  static const bool prepared = [&] {
    postgres::Connection server(primary, "mercado tests");
    server.run("SELECT pg_advisory_lock(7411)");
    if (server.run("SELECT 1 FROM pg_database WHERE datname = 'mercado_contract'").empty()) {
      server.exec("CREATE DATABASE mercado_contract");
    }
    postgres::Connection database(contract_database(primary, "public"), "mercado tests");
    database.exec("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public");
    server.run("SELECT pg_advisory_unlock(7411)");
    return true;
  }();
  (void)prepared;
  const std::string schema = "contract_" + std::to_string(std::hash<std::string>{}(scratch));
  postgres::Connection(contract_database(primary, "public"), "mercado tests")
      .exec("CREATE SCHEMA IF NOT EXISTS " + schema);
  postgres::PostgresOptions options{.primary = contract_database(primary, schema), .replicas = {}};
  if (const char* replica = std::getenv("MERCADO_TEST_PG_REPLICA")) {
    options.replicas.push_back(contract_database(replica, schema));
  }
  return std::make_unique<postgres::PgStore>(std::move(options));
}

// Every implementation the contract tests run against.
inline std::vector<StoreFactory> store_implementations() {
  std::vector<StoreFactory> stores = {
      {"sqlite", [](const std::string& scratch) -> std::unique_ptr<Store> {
         return std::make_unique<sqlite::SqliteStore>(
             sqlite::SqliteOptions{.path = scratch + "/test.db"});
       }}};
  if (const char* primary = std::getenv("MERCADO_TEST_PG_PRIMARY"); primary && *primary) {
    stores.push_back({"postgres", [primary = std::string(primary)](const std::string& scratch) {
                        return open_postgres_store(primary, scratch);
                      }});
  }
  return stores;
}

class StoreContract : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override {
    scratch_ = (std::filesystem::temp_directory_path() /
                ("mercado-store-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name()))
                   .string();
    std::filesystem::remove_all(scratch_);
    std::filesystem::create_directories(scratch_);
    store_ = GetParam().open(scratch_);
    reader_ = store_->open_reader();
  }
  void TearDown() override {
    reader_.reset();
    store_.reset();
    std::filesystem::remove_all(scratch_);
  }

  // Runs one change and returns its result once it is durable.
  template <class T>
  domain::Result<T> write(std::function<domain::Result<T>(StoreWriter&)> change) {
    std::optional<domain::Result<T>> result;
    const bool durable = store_->write_now([&](StoreWriter& writer) {
      result = change(writer);
      return result->ok();
    });
    EXPECT_TRUE(durable);
    return std::move(*result);
  }

  // Runs one change that may be refused (a refused change commits nothing) and returns its result.
  template <class T>
  domain::Result<T> attempt(std::function<domain::Result<T>(StoreWriter&)> change) {
    std::optional<domain::Result<T>> result;
    store_->write_now([&](StoreWriter& writer) {
      result = change(writer);
      return result->ok();
    });
    return std::move(*result);
  }

  Category category(const std::string& name) {
    auto created = write<Category>([&](StoreWriter& w) {
      return w.create_category({.name = name, .image = "https://img.example/c.png"});
    });
    EXPECT_TRUE(created) << created.error().detail;
    return *created;
  }

  Product product(const std::string& title, CategoryId category, std::int64_t cents = 1000,
                  std::int64_t stock = 0) {
    auto created = write<Product>([&](StoreWriter& w) {
      return w.create_product({.title = title,
                               .price = Cents{cents},
                               .description = "About " + title,
                               .category_id = category,
                               .images = std::vector<std::string>{"https://img.example/p.png"},
                               .stock = stock});
    });
    EXPECT_TRUE(created) << created.error().detail;
    return *created;
  }

  std::vector<std::int64_t> ids(const domain::ProductQuery& query) {
    std::vector<std::int64_t> result;
    auto products = reader_->products(query);
    EXPECT_TRUE(products);
    for (const auto& p : products->items) result.push_back(p.id.value);
    return result;
  }

  std::string scratch_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<StoreReader> reader_;
};

}  // namespace mercado::storage::testing
