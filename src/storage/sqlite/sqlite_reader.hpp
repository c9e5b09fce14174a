// StoreReader on a read-only SQLite connection with its statements prepared once.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/order_rows.hpp"
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
  Result<Cart> cart(UserId user) override;
  Result<Order> order(OrderId id) override;
  Result<domain::Listing<Order>> orders(const domain::OrderQuery& query) override;
  Result<bool> reachable() override;
  void idle() override;
  void set_time_limit(std::optional<std::chrono::microseconds> limit) override;
  // The position the snapshot was taken at (table commit_position).
  std::optional<CommitPosition> commit_position() override;

 private:
  // Runs `body` inside a current snapshot; database faults become kUnavailable.
  template <class T, class Body>
  Result<T> read(Body&& body);
  // Makes sure a read transaction is open and no older than the last commit (see the .cpp).
  void open_snapshot();

  // The statement named `key`, prepared from make_sql() the first time it is asked for. Lists
  // take one per set of filters and order: their SQL comes from fixed fragments chosen by what
  // the query has, never from the client's text.
  template <class MakeSql>
  Statement& prepared(const std::string& key, MakeSql make_sql);
  // A list's statement for one order of `columns_and_filter` (`kind` names the table).
  Statement& list_statement(std::string_view kind, std::string_view key,
                            std::string_view columns_and_filter, const domain::Page& page,
                            int first_page_parameter);
  // SQLite's progress handler: stops the running statement once the call's deadline is past.
  static int over_time(void* reader);
  // The count `statement` (bound already) gives, from `counts_` while the reader is at the
  // commit position it was taken at: SQLite counts by reading every row, and a catalog is read
  // far more often than it is written.
  std::int64_t cached_count(const std::string& key, Statement& statement);
  // prepared() as order_rows.hpp asks for it: keyed by the SQL itself.
  Prepare prepare();

  Connection db_;
  const WriterSignals& writer_;
  std::uint64_t snapshot_commits_ = 0;
  CommitPosition snapshot_position_ = 0;
  std::chrono::steady_clock::time_point snapshot_began_;
  Statement begin_;
  Statement end_;
  Statement product_by_id_;
  Statement product_by_slug_;
  Statement category_by_id_;
  Statement category_by_slug_;
  Statement category_count_;
  Statement user_by_id_;
  Statement user_count_;
  Statement select_one_;
  Statement position_;
  CommitPosition counted_position_ = 0;  // positions begin at 1
  std::unordered_map<std::string, std::int64_t> counts_;
  std::unordered_map<std::string, Statement> statements_;
  std::optional<std::chrono::microseconds> time_limit_;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
  Statement email_taken_;
  Statement credentials_;
  Statement file_by_name_;
};

}  // namespace mercado::storage::sqlite
