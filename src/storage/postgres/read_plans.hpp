// What each read sends and how its rows become a value, for both PostgreSQL readers: the one
// that waits for the rows (PgReader) and the one that does not (PgAsyncReader).
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "storage/postgres/connection.hpp"
#include "storage/store.hpp"

namespace mercado::storage::postgres {

// A lookup (one statement, at most one row) or a list (a page and its count), read in one
// snapshot; `parse` gets one Rows per statement.
template <class T>
struct ReadPlan {
  std::vector<Statement> statements;
  std::function<Result<T>(std::vector<Rows>&)> parse;
};

namespace plans {

// A plan's statements as one read: a lookup alone (one statement is one snapshot), a list in a
// read-only transaction; `with_position`: the server's commit position comes with the rows,
// taken in the same snapshot (Rows::unwrap_lookup for a lookup).
std::vector<Statement> sent_statements(const std::vector<Statement>& statements,
                                       bool with_position);
// A pipeline that ends a list's transaction if a failure left it open (a failed statement
// skips the rest of its pipeline, COMMIT included); sent after every list, it only warns when
// the COMMIT ran.
std::vector<Statement> closing_statements(const std::vector<Statement>& statements);
// The plan's own rows out of the answer to sent_statements(`statements`), and the position
// when it was asked for.
std::optional<CommitPosition> received_rows(std::vector<Rows>& rows, std::size_t statements,
                                            bool with_position);

ReadPlan<Product> product(ProductId id);
ReadPlan<Product> product_by_slug(std::string_view slug);
ReadPlan<domain::Listing<Product>> products(const domain::ProductQuery& query);
ReadPlan<Category> category(CategoryId id);
ReadPlan<Category> category_by_slug(std::string_view slug);
ReadPlan<domain::Listing<Category>> categories(const domain::Page& page);
ReadPlan<User> user(UserId id);
ReadPlan<domain::Listing<User>> users(const domain::Page& page);
ReadPlan<bool> email_taken(std::string_view email);
ReadPlan<Credentials> credentials(std::string_view email);
ReadPlan<StoredFile> file(std::string_view name);
// A cart, with whether its owner's account still exists (a cart is read in a transaction even
// when empty: its lines are more than one row).
ReadPlan<Cart> cart(UserId user);
ReadPlan<Order> order(OrderId id);
ReadPlan<domain::Listing<Order>> orders(const domain::OrderQuery& query);
// Whether the server answers at all.
ReadPlan<bool> reachable();

}  // namespace plans
}  // namespace mercado::storage::postgres
