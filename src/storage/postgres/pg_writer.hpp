// StoreWriter on the writer's connection to the primary, inside the transaction of one batch.
// Many instances write at once: what SQLite's single writer gets for free, this gets from the
// database — row locks for If-Match, advisory locks for slugs and e-mails, and claims that are
// rows inserted first.
#pragma once

#include <string>

#include "storage/postgres/connection.hpp"
#include "storage/postgres/queries.hpp"
#include "storage/store.hpp"

namespace mercado::storage::postgres {

class PgWriter final : public StoreWriter {
 public:
  explicit PgWriter(Connection& db) : db_(db) {}

  Result<Product> product(ProductId id) override;
  Result<Category> category(CategoryId id) override;
  Result<User> user(UserId id) override;
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

 private:
  // The row as it is now, locked until the transaction ends.
  Result<Product> load_product(ProductId id);
  Result<Category> load_category(CategoryId id);
  Result<User> load_user(UserId id);
  bool category_exists(CategoryId id);
  // Takes the user's cart lock (every cart write and order of one user, in every instance, takes
  // turns), then whether the account still exists, kept so until the transaction ends.
  bool lock_cart(UserId user);
  Cart load_cart(UserId user);
  Result<Order> load_order(OrderId id);
  // Whether another account (not `self`) has this e-mail, case-insensitively; holds the
  // e-mail's lock, so no other writer can take it before this transaction ends.
  bool email_taken(std::string_view email, UserId self);
  struct FreeSlug {
    std::string slug;
    std::string base;
    std::int64_t number;
  };
  FreeSlug free_slug(std::string_view table, const queries::SlugQueries& queries, std::string base,
                     std::int64_t self_id);

  Connection& db_;
};

}  // namespace mercado::storage::postgres
