// StoreReader over PostgreSQL, for threads that may wait (tools, start-up work, the store
// contract tests); the server reads through PgAsyncReader. As that one, it reads from a replica
// that has replayed every write acknowledged before the read began, else from the primary.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/postgres/connection.hpp"
#include "storage/postgres/read_plans.hpp"
#include "storage/store.hpp"

namespace mercado::storage::postgres {

// One server reads may go to, with this reader's connection to it (opened on first use).
struct ReadServer {
  std::string uri;
  std::unique_ptr<Connection> db;
  // A server that could not be reached is left alone until then.
  std::chrono::steady_clock::time_point down_until{};
  // The statement_timeout the connection has, in milliseconds (0: none).
  std::int64_t timeout_ms = -1;
};

class PgReader final : public StoreReader {
 public:
  PgReader(const std::string& primary, const std::vector<std::string>& replicas);

  std::optional<CommitPosition> commit_position() override;
  void set_time_limit(std::optional<std::chrono::microseconds> limit) override;

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

 private:
  // Runs `statements` in one snapshot on a server current enough for this read, and hands their
  // rows to `parse`. Faults become kUnavailable (logged), a statement over the time limit
  // kTimedOut.
  template <class T>
  Result<T> read(const ReadPlan<T>& plan);
  // The rows of `statements` from a replica at `needed` or later, else from the primary.
  std::vector<Rows> fetch(const std::vector<Statement>& statements);
  // The rows from one server, in one snapshot; with `needed`, nullopt if the server's position
  // is behind it. A lost connection is opened again and the read sent once more.
  std::optional<std::vector<Rows>> fetch_from(ReadServer& server,
                                              const std::vector<Statement>& statements,
                                              std::optional<CommitPosition> needed);
  Connection& connection(ReadServer& server);

  ReadServer primary_;
  std::vector<ReadServer> replicas_;
  std::size_t next_replica_ = 0;
  std::int64_t timeout_ms_ = 0;
};

}  // namespace mercado::storage::postgres
