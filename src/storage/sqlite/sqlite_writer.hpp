// StoreWriter on the writer thread's connection, inside the transaction of one batch.
#pragma once

#include <string>
#include <unordered_map>

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/order_rows.hpp"
#include "storage/sqlite/queries.hpp"
#include "storage/store.hpp"

namespace mercado::storage::sqlite {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};

class SqliteWriter final : public StoreWriter {
 public:
  explicit SqliteWriter(Connection& db) : db_(db) {}

  Result<Product> product(ProductId id) override { return load_product(id); }
  Result<Category> category(CategoryId id) override { return load_category(id); }
  Result<User> user(UserId id) override { return load_user(id); }
  Result<Product> create_product(const ProductInput& input) override;
  Result<Product> update_product(ProductId id, const ProductInput& input) override;
  Result<bool> delete_product(ProductId id) override;
  Result<Category> create_category(const CategoryInput& input) override;
  Result<Category> update_category(CategoryId id, const CategoryInput& input) override;
  Result<bool> delete_category(CategoryId id) override;
  Result<bool> catalog_is_empty() override;
  Result<User> create_user(const NewUser& user) override;
  Result<User> update_user(UserId id, const UserChanges& changes) override;
  Result<bool> delete_user(UserId id) override;
  Result<bool> has_demo_users() override;
  Result<bool> save_file(const StoredFile& file) override;
  Result<Cart> set_cart_quantity(UserId user, ProductId product, std::int64_t quantity) override;
  Result<Cart> clear_cart(UserId user) override;
  Result<Order> place_order(UserId user,
                            const std::optional<std::vector<domain::OrderItem>>& items) override;
  Result<Order> order(OrderId id) override;
  Result<Order> set_order_status(OrderId id, domain::OrderStatus status) override;
  Result<std::string> setting(std::string_view key, std::string_view initial) override;
  Result<domain::IdempotencyClaim> claim_idempotency_key(
      const domain::IdempotencyRequest& request) override;
  Result<bool> settle_idempotency_key(
      std::string_view key, const std::optional<domain::StoredResponse>& response) override;

  // Resets every cached statement, so none holds a cursor open across a savepoint's end.
  void finish_job() {
    for (auto& [sql, statement] : statements_) statement.reset();
  }

 private:
  Result<Product> load_product(ProductId id);
  Result<Category> load_category(CategoryId id);
  bool category_exists(CategoryId id);
  Result<User> load_user(UserId id);
  // Whether another account (not `self`) has this e-mail, case-insensitively.
  bool email_taken(std::string_view email, UserId self);
  // The statement for `sql`, prepared on first use and reset for this one.
  Statement& statement(std::string_view sql);
  // statement() as order_rows.hpp asks for it.
  Prepare prepare() {
    return [this](std::string_view sql) -> Statement& { return statement(sql); };
  }
  struct FreeSlug {
    std::string slug;
    std::string base;
    std::int64_t number;
  };
  FreeSlug free_slug(const queries::SlugQueries& queries, std::string base, std::int64_t self_id);

  Connection& db_;
  std::unordered_map<std::string, Statement, StringHash, std::equal_to<>> statements_;
};

}  // namespace mercado::storage::sqlite
