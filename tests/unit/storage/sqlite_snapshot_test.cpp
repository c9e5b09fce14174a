// The SQLite reader keeps its snapshot between calls (see SqliteReader::open_snapshot); these
// tests pin down what that must never cost: other processes' writes, and the WAL's size.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "storage/store_contract.hpp"

namespace mercado::storage::testing {
namespace {

class SqliteSnapshot : public StoreContract {
 protected:
  std::string db_path() const { return scratch_ + "/test.db"; }

  // A write from outside the store, as `mercado admin` or a second process would make it.
  void retitle_outside_the_store(ProductId id, const std::string& title) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* update = nullptr;
    ASSERT_EQ(
        sqlite3_prepare_v2(db, "UPDATE products SET title = ? WHERE id = ?", -1, &update, nullptr),
        SQLITE_OK);
    sqlite3_bind_text(update, 1, title.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(update, 2, id.value);
    EXPECT_EQ(sqlite3_step(update), SQLITE_DONE);
    sqlite3_finalize(update);
    sqlite3_close(db);
  }
};

TEST_P(SqliteSnapshot, SeesAnotherProcessWriteOnceReleased) {
  const auto created = product("Before", category("Outside").id);
  ASSERT_EQ(reader_->product(created.id)->title, "Before");
  retitle_outside_the_store(created.id, "After");
  reader_->idle();
  EXPECT_EQ(reader_->product(created.id)->title, "After");
}

// Entity tags follow row versions, so a change by hand must bump one as the server's own do.
TEST_P(SqliteSnapshot, CountsAChangeMadeOutsideTheStoreInTheRowVersion) {
  const auto created = product("Before", category("Outside").id);
  retitle_outside_the_store(created.id, "After");
  reader_->idle();
  const auto read = reader_->product(created.id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->title, "After");
  EXPECT_EQ(read->version, created.version + 1);
}

TEST_P(SqliteSnapshot, MovesThePositionForAChangeMadeOutsideTheStore) {
  const auto created = product("Before", category("Outside").id);
  const auto before = reader_->commit_position();
  ASSERT_TRUE(before);
  retitle_outside_the_store(created.id, "After");
  reader_->idle();
  EXPECT_GT(reader_->commit_position().value_or(0), *before);
}

TEST_P(SqliteSnapshot, SeesAnotherProcessWriteWithinAFractionOfASecond) {
  const auto created = product("Before", category("Outside").id);
  ASSERT_EQ(reader_->product(created.id)->title, "Before");
  retitle_outside_the_store(created.id, "After");
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_EQ(reader_->product(created.id)->title, "After");
}

TEST_P(SqliteSnapshot, NamesANewDataVersionAfterEveryCommitOnly) {
  const auto shelf = category("Versions");
  // A snapshot also ends when it is 100 ms old, so one pair of calls might straddle that; five
  // pairs in a row can't.
  int unchanged = 0;
  for (int i = 0; i < 5; ++i) {
    const auto first = reader_->commit_position();
    ASSERT_TRUE(first);
    ASSERT_TRUE(reader_->categories({}));
    unchanged += reader_->commit_position() == first;
  }
  EXPECT_GT(unchanged, 0) << "the version changed though nothing was written";
  const auto before = reader_->commit_position();
  product("Changes Everything", shelf.id);
  const auto after = reader_->commit_position();
  ASSERT_TRUE(after);
  EXPECT_NE(after, before);
}

// A reader that reads between every two writes, and never calls idle(), must still let the
// WAL start over: otherwise it grows by every write, without end.
TEST_P(SqliteSnapshot, KeepsTheWalBoundedWhileAReaderReadsBetweenWrites) {
  const auto shelf = category("Bulk");
  const std::string description(3000, 'x');
  constexpr int kWrites = 1500;  // about 4,500 WAL frames of 4 KiB, were none reclaimed
  for (int i = 0; i < kWrites; ++i) {
    const auto created = write<Product>([&](StoreWriter& w) {
      return w.create_product({.title = "Bulk " + std::to_string(i),
                               .price = Cents{100},
                               .description = description,
                               .category_id = shelf.id,
                               .images = std::vector<std::string>{"https://img.example/p.png"},
                               .stock = {}});
    });
    ASSERT_TRUE(created);
    ASSERT_TRUE(reader_->product(created->id));
  }
  const auto wal_bytes = std::filesystem::file_size(db_path() + "-wal");
  EXPECT_LT(wal_bytes, 8u << 20) << "the WAL never started over";
}

INSTANTIATE_TEST_SUITE_P(Stores, SqliteSnapshot, ::testing::Values(store_implementations().front()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace mercado::storage::testing
