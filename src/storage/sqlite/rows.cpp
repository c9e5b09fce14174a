#include "storage/sqlite/rows.hpp"

namespace mercado::storage::sqlite {

domain::Category read_category(const Statement& row, int first) {
  return {
      .id = {row.column_int(first)},
      .name = row.column_text(first + 1),
      .slug = row.column_text(first + 2),
      .image = row.column_text(first + 3),
      .created_at = row.column_text(first + 4),
      .updated_at = row.column_text(first + 5),
      .version = row.column_int(first + 6),
  };
}

domain::Product read_product(const Statement& row) {
  return {
      .id = {row.column_int(0)},
      .title = row.column_text(1),
      .slug = row.column_text(2),
      .price = {row.column_int(3)},
      .description = row.column_text(4),
      .category = read_category(row, 9),
      .images = decode_images(row.column_view(5)),
      .stock = row.column_int(16),
      .created_at = row.column_text(6),
      .updated_at = row.column_text(7),
      .version = row.column_int(8),
  };
}

domain::User read_user(const Statement& row) {
  return {
      .id = {row.column_int(0)},
      .email = row.column_text(1),
      .name = row.column_text(2),
      .role = domain::parse_role(row.column_view(3)).value_or(domain::Role::kCustomer),
      .avatar = row.column_text(4),
      .created_at = row.column_text(5),
      .updated_at = row.column_text(6),
      .demo = row.column_int(7) != 0,
      .version = row.column_int(8),
  };
}

domain::StoredFile read_file(const Statement& row) {
  return {
      .name = row.column_text(0),
      .media_type = row.column_text(1),
      .bytes = std::string(row.column_blob(2)),
      .etag = row.column_text(3),
      .created_at = row.column_text(4),
  };
}

}  // namespace mercado::storage::sqlite
