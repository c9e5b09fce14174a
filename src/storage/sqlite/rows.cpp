#include "storage/sqlite/rows.hpp"

#include <boost/json.hpp>

namespace mercado::storage::sqlite {

domain::Category read_category(const Statement& row, int first) {
  return {
      .id = {row.column_int(first)},
      .name = row.column_text(first + 1),
      .slug = row.column_text(first + 2),
      .image = row.column_text(first + 3),
      .created_at = row.column_text(first + 4),
      .updated_at = row.column_text(first + 5),
  };
}

domain::Product read_product(const Statement& row) {
  return {
      .id = {row.column_int(0)},
      .title = row.column_text(1),
      .slug = row.column_text(2),
      .price = {row.column_int(3)},
      .description = row.column_text(4),
      .category = read_category(row, 8),
      .images = decode_images(row.column_view(5)),
      .created_at = row.column_text(6),
      .updated_at = row.column_text(7),
  };
}

std::string encode_images(const std::vector<std::string>& images) {
  boost::json::array array;
  array.reserve(images.size());
  for (const auto& url : images) array.emplace_back(url);
  return boost::json::serialize(array);
}

std::vector<std::string> decode_images(std::string_view json) {
  std::vector<std::string> images;
  boost::system::error_code error;
  const boost::json::value value = boost::json::parse(json, error);
  if (error || !value.is_array()) return images;  // written by encode_images only
  for (const auto& url : value.get_array()) {
    if (url.is_string()) images.emplace_back(url.get_string());
  }
  return images;
}

}  // namespace mercado::storage::sqlite
