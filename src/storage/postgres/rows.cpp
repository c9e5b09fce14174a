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

}  // namespace mercado::storage::postgres
