// Every order a list may be sorted in, and every selective filter, is served by an index: the
// query plans SQLite makes for the statements SqliteReader runs, checked with EXPLAIN QUERY PLAN.
// A plan with "USE TEMP B-TREE FOR ORDER BY" sorts the whole table for every page.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <span>
#include <string>

#include "storage/sqlite/queries.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace mercado::storage::sqlite {
namespace {

class SqliteQueryPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("mercado-plan-" + std::to_string(::getpid()) + ".db"))
                .string();
    std::filesystem::remove(path_);
    SqliteStore store({.path = path_});  // creates and migrates the schema
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db_), SQLITE_OK);
  }
  void TearDown() override {
    sqlite3_close(db_);
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }

  // The plan's lines, one per step, joined by newlines.
  std::string plan(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    const std::string explain = "EXPLAIN QUERY PLAN " + sql;
    EXPECT_EQ(sqlite3_prepare_v2(db_, explain.c_str(), -1, &statement, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_) << "\n"
        << sql;
    std::string lines;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      lines += reinterpret_cast<const char*>(sqlite3_column_text(statement, 3));
      lines += '\n';
    }
    sqlite3_finalize(statement);
    return lines;
  }

  std::string path_;
  sqlite3* db_ = nullptr;
};

using domain::SortField;
using domain::SortOrder;

TEST_F(SqliteQueryPlan, ReadsEveryProductOrderFromAnIndex) {
  for (const SortField sort : domain::kProductSortFields) {
    for (const SortOrder order : {SortOrder::kAscending, SortOrder::kDescending}) {
      const domain::Page page{.sort = sort, .order = order};
      const auto sql = queries::join(queries::kProductColumns, queries::product_filter(0)) +
                       queries::order_and_page("products", page, 9);
      EXPECT_EQ(plan(sql).find("TEMP B-TREE"), std::string::npos)
          << domain::sort_field_name(sort) << "\n"
          << plan(sql);
    }
  }
}

TEST_F(SqliteQueryPlan, ReadsEveryCategoryAndUserOrderFromAnIndex) {
  const auto check = [&](std::string_view kind, std::string_view columns,
                         std::span<const SortField> sorts) {
    for (const SortField sort : sorts) {
      for (const SortOrder order : {SortOrder::kAscending, SortOrder::kDescending}) {
        const domain::Page page{.sort = sort, .order = order};
        const auto sql = queries::join(columns, queries::order_and_page(kind, page, 1));
        EXPECT_EQ(plan(sql).find("TEMP B-TREE"), std::string::npos)
            << kind << " " << domain::sort_field_name(sort) << "\n"
            << plan(sql);
      }
    }
  };
  check("categories", queries::kCategoryColumns, domain::kCategorySortFields);
  check("users", queries::kUserColumns, domain::kUserSortFields);
}

TEST_F(SqliteQueryPlan, SearchesTheSelectiveFiltersThroughAnIndex) {
  // Bits as queries::product_filter numbers them.
  const std::pair<unsigned, const char*> filters[] = {
      {1u << 1, "products_by_price"},    {1u << 2, "products_by_price"},
      {1u << 3, "products_by_price"},    {1u << 4, "products_by_category"},
      {1u << 5, "products_by_category"}, {1u << 7, "product_search"}};
  for (const auto& [bit, index] : filters) {
    for (const auto& columns : {queries::kProductColumns, queries::kProductCount}) {
      const auto sql = queries::join(columns, queries::product_filter(bit));
      const auto lines = plan(sql);
      EXPECT_NE(lines.find(index), std::string::npos) << bit << "\n" << sql << "\n" << lines;
      EXPECT_EQ(lines.find("SCAN p\n"), std::string::npos) << bit << "\n" << lines;
    }
  }
}

}  // namespace
}  // namespace mercado::storage::sqlite
