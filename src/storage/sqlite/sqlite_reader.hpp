// StoreReader on a read-only SQLite connection with its statements prepared once.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

namespace mercado::storage::sqlite {

// What the store's writer tells its readers, so they know when a snapshot may be kept.
struct WriterSignals {
  // Commits so far, counted before their writes are acknowledged.
  std::atomic<std::uint64_t> commits{0};
  // The WAL has grown past the checkpoint threshold: readers must not hold snapshots, which
  // would keep the checkpoint from finishing and the WAL from starting over.
  std::atomic<bool> checkpoint_due{false};
};

class SqliteReader final : public StoreReader {
 public:
  SqliteReader(const std::string& path, const WriterSignals& writer);

  Result<Product> product(ProductId id) override;
  Result<Product> product_by_slug(std::string_view slug) override;
  Result<domain::Listing<Product>> products(const domain::ProductQuery& query) override;
  Result<Category> category(CategoryId id) override;
  Result<Category> category_by_slug(std::string_view slug) override;
  Result<domain::Listing<Category>> categories(const domain::Page& page) override;
  Result<User> user(UserId id) override;
  Result<domain::Listing<User>> users(const domain::Page& page) override;
  Result<bool> email_taken(std::string_view email) override;
  Result<Credentials> credentials(std::string_view email) override;
  Result<StoredFile> file(std::string_view name) override;
  Result<bool> reachable() override;
  void release() override;
  // The number of snapshots begun so far: each new one may see new data.
  std::optional<std::uint64_t> data_version() override;

 private:
  // Runs `body` inside a current snapshot; database faults become kUnavailable.
  template <class T, class Body>
  Result<T> read(Body&& body);
  // Makes sure a read transaction is open and no older than the last commit (see the .cpp).
  void open_snapshot();

  // The list statement for one order, prepared the first time that order is asked for: the
  // ORDER BY comes from a fixed list of columns, never from the client's text.
  Statement& list_statement(std::string_view kind, std::string_view columns_and_filter,
                            const domain::Page& page);
  // The count `statement` (bound already) gives, from `counts_` while the reader is in the
  // snapshot it was taken in: SQLite counts by reading every row, and a catalog is read far
  // more often than it is written.
  std::int64_t cached_count(const std::string& key, Statement& statement);

  Connection db_;
  const WriterSignals& writer_;
  std::uint64_t snapshot_commits_ = 0;
  std::uint64_t snapshots_ = 0;
  std::chrono::steady_clock::time_point snapshot_began_;
  Statement begin_;
  Statement end_;
  Statement product_by_id_;
  Statement product_by_slug_;
  Statement product_count_;
  Statement category_by_id_;
  Statement category_by_slug_;
  Statement category_count_;
  Statement user_by_id_;
  Statement user_count_;
  Statement select_one_;
  std::uint64_t counted_snapshot_ = 0;  // snapshots_ begins at 1 with the first read
  std::unordered_map<std::string, std::int64_t> counts_;
  std::unordered_map<std::string, Statement> list_statements_;
  Statement email_taken_;
  Statement credentials_;
  Statement file_by_name_;
};

}  // namespace mercado::storage::sqlite
