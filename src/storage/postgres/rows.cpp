#include "storage/postgres/rows.hpp"

#include "storage/image_list.hpp"

namespace mercado::storage::postgres {

domain::Category read_category(const Rows& rows, int row, int first) {
  return {
      .id = {rows.number(row, first)},
      .name = rows.text(row, first + 1),
      .slug = rows.text(row, first + 2),
      .image = rows.text(row, first + 3),
      .created_at = rows.text(row, first + 4),
      .updated_at = rows.text(row, first + 5),
      .version = rows.number(row, first + 6),
  };
}

domain::Product read_product(const Rows& rows, int row) {
  return {
      .id = {rows.number(row, 0)},
      .title = rows.text(row, 1),
      .slug = rows.text(row, 2),
      .price = {rows.number(row, 3)},
      .description = rows.text(row, 4),
      .category = read_category(rows, row, 9),
      .images = decode_images(rows.view(row, 5)),
      .stock = rows.number(row, 16),
      .created_at = rows.text(row, 6),
      .updated_at = rows.text(row, 7),
      .version = rows.number(row, 8),
  };
}

domain::User read_user(const Rows& rows, int row) {
  return {
      .id = {rows.number(row, 0)},
      .email = rows.text(row, 1),
      .name = rows.text(row, 2),
      .role = domain::parse_role(rows.view(row, 3)).value_or(domain::Role::kCustomer),
      .avatar = rows.text(row, 4),
      .created_at = rows.text(row, 5),
      .updated_at = rows.text(row, 6),
      .demo = rows.flag(row, 7),
      .version = rows.number(row, 8),
  };
}

domain::StoredFile read_file(const Rows& rows, int row) {
  return {
      .name = rows.text(row, 0),
      .media_type = rows.text(row, 1),
      .bytes = rows.bytes(row, 2),
      .etag = rows.text(row, 3),
      .created_at = rows.text(row, 4),
  };
}

domain::Cart read_cart(const Rows& rows) {
  domain::Cart cart;
  for (int row = 0; row < rows.size(); ++row) {
    cart.lines.push_back({read_product(rows, row), rows.number(row, 17)});
  }
  return cart;
}

domain::Order read_order(const Rows& rows, int row) {
  return {
      .id = {rows.number(row, 0)},
      .user_id = {rows.number(row, 1)},
      .status = domain::parse_status(rows.view(row, 2)).value_or(domain::OrderStatus::kPending),
      .lines = {},
      .total = {rows.number(row, 3)},
      .created_at = rows.text(row, 4),
      .updated_at = rows.text(row, 5),
      .version = rows.number(row, 6),
  };
}

void add_order_lines(const Rows& rows, std::vector<domain::Order>& orders) {
  for (int row = 0; row < rows.size(); ++row) {
    const domain::OrderId id{rows.number(row, 0)};
    for (auto& order : orders) {
      if (order.id != id) continue;
      order.lines.push_back({.product_id = {rows.number(row, 1)},
                             .title = rows.text(row, 2),
                             .image = rows.text(row, 3),
                             .unit_price = {rows.number(row, 4)},
                             .quantity = rows.number(row, 5)});
      break;
    }
  }
}

}  // namespace mercado::storage::postgres
