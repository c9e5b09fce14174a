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

// Every implementation the contract tests run against.
inline std::vector<StoreFactory> store_implementations() {
  return {{"sqlite", [](const std::string& scratch) -> std::unique_ptr<Store> {
             return std::make_unique<sqlite::SqliteStore>(
                 sqlite::SqliteOptions{.path = scratch + "/test.db"});
           }}};
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

  Category category(const std::string& name) {
    auto created = write<Category>([&](StoreWriter& w) {
      return w.create_category({.name = name, .image = "https://img.example/c.png"});
    });
    EXPECT_TRUE(created) << created.error().detail;
    return *created;
  }

  Product product(const std::string& title, CategoryId category, std::int64_t cents = 1000) {
    auto created = write<Product>([&](StoreWriter& w) {
      return w.create_product({.title = title,
                               .price = Cents{cents},
                               .description = "About " + title,
                               .category_id = category,
                               .images = std::vector<std::string>{"https://img.example/p.png"}});
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
