// AsyncStoreReader over PostgreSQL, for one event loop: one pipelined connection to the primary
// and one to each replica, whose sockets wait on that loop. As PgReader, a read goes to a
// replica that has replayed every write acknowledged before it began, else to the primary.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "storage/postgres/async_connection.hpp"
#include "storage/postgres/read_plans.hpp"
#include "storage/store.hpp"

namespace mercado::storage::postgres {

class PgAsyncReader final : public AsyncStoreReader {
 public:
  PgAsyncReader(boost::asio::io_context& loop, const std::string& primary,
                const std::vector<std::string>& replicas);

  void commit_position(std::function<void(std::optional<CommitPosition>)> done) override;
  void product(ProductId id, Done<Product> done) override;
  void product_by_slug(std::string_view slug, Done<Product> done) override;
  void products(const domain::ProductQuery& query, Done<domain::Listing<Product>> done) override;
  void category(CategoryId id, Done<Category> done) override;
  void category_by_slug(std::string_view slug, Done<Category> done) override;
  void categories(const domain::Page& page, Done<domain::Listing<Category>> done) override;
  void user(UserId id, Done<User> done) override;
  void users(const domain::Page& page, Done<domain::Listing<User>> done) override;
  void email_taken(std::string_view email, Done<bool> done) override;
  void credentials(std::string_view email, Done<Credentials> done) override;
  void file(std::string_view name, Done<StoredFile> done) override;
  void cart(UserId user, Done<Cart> done) override;
  void order(OrderId id, Done<Order> done) override;
  void orders(const domain::OrderQuery& query, Done<domain::Listing<Order>> done) override;
  void reachable(Done<bool> done) override;

 private:
  struct Server {
    std::shared_ptr<AsyncConnection> db;
    // A replica that failed is left alone until then.
    std::chrono::steady_clock::time_point down_until{};
  };
  template <class T>
  void read(ReadPlan<T> plan, Done<T> done);
  template <class T>
  void read_primary(std::shared_ptr<ReadPlan<T>> plan, Done<T> done, bool retry);
  void send_read(AsyncConnection& db, const std::vector<Statement>& statements, bool with_position,
                 AsyncConnection::Done done);
  // The next replica not known to be down, or null.
  Server* pick_replica();
  void fetch_position();

  std::shared_ptr<AsyncConnection> primary_;
  std::vector<Server> replicas_;
  std::size_t next_replica_ = 0;
  // Callers of commit_position: those the query on its way answers, and those who asked since.
  bool fetching_ = false;
  std::vector<std::function<void(std::optional<CommitPosition>)>> answering_;
  std::vector<std::function<void(std::optional<CommitPosition>)>> waiting_;
};

}  // namespace mercado::storage::postgres
