#include "storage/sqlite/order_rows.hpp"

#include "storage/sqlite/queries.hpp"
#include "storage/sqlite/rows.hpp"

namespace mercado::storage::sqlite {
namespace {

domain::Order read_order_row(const Statement& row) {
  return {
      .id = {row.column_int(0)},
      .user_id = {row.column_int(1)},
      .status = domain::parse_status(row.column_view(2)).value_or(domain::OrderStatus::kPending),
      .lines = {},
      .total = {row.column_int(3)},
      .created_at = row.column_text(4),
      .updated_at = row.column_text(5),
      .version = row.column_int(6),
  };
}

void load_lines(const Prepare& prepare, domain::Order& order) {
  auto& lines = prepare(queries::kOrderLines);
  lines.bind(1, order.id.value);
  while (lines.step()) {
    order.lines.push_back({.product_id = {lines.column_int(0)},
                           .title = lines.column_text(1),
                           .image = lines.column_text(2),
                           .unit_price = {lines.column_int(3)},
                           .quantity = lines.column_int(4)});
  }
  lines.reset();
}

void bind_filters(Statement& statement, const domain::OrderQuery& query) {
  if (query.user_id) statement.bind(1, query.user_id->value);
  if (query.status) statement.bind(2, domain::status_name(*query.status));
}

}  // namespace

domain::Cart load_cart(const Prepare& prepare, domain::UserId user) {
  auto& lines = prepare(queries::kCartLines);
  lines.bind(1, user.value);
  domain::Cart cart;
  while (lines.step()) cart.lines.push_back({read_product(lines), lines.column_int(17)});
  lines.reset();
  return cart;
}

Result<domain::Order> load_order(const Prepare& prepare, domain::OrderId id) {
  auto& row = prepare(queries::join(queries::kOrderColumns, queries::kOrderById));
  row.bind(1, id.value);
  if (!row.step()) {
    row.reset();
    return domain::not_found("No order has this id.");
  }
  auto order = read_order_row(row);
  row.reset();
  load_lines(prepare, order);
  return order;
}

domain::Listing<domain::Order> load_orders(const Prepare& prepare, Statement& page,
                                           Statement& count, const domain::OrderQuery& query) {
  domain::Listing<domain::Order> listing;
  bind_filters(page, query);
  page.bind(3, query.page.limit).bind(4, query.page.offset);
  while (page.step()) listing.items.push_back(read_order_row(page));
  page.reset();
  for (auto& order : listing.items) load_lines(prepare, order);
  bind_filters(count, query);
  count.step();
  listing.total = count.column_int(0);
  count.reset();
  return listing;
}

}  // namespace mercado::storage::sqlite
