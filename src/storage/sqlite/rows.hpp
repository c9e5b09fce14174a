// Mapping between the catalog's rows and domain values.
#pragma once

#include <string>
#include <vector>

#include "domain/category.hpp"
#include "domain/product.hpp"
#include "domain/upload.hpp"
#include "domain/user.hpp"
#include "storage/image_list.hpp"
#include "storage/sqlite/connection.hpp"

namespace mercado::storage::sqlite {

// Reads columns [first, first + 6) as laid out by queries::kCategoryColumns.
domain::Category read_category(const Statement& row, int first = 0);
// Reads a row laid out by queries::kProductColumns.
domain::Product read_product(const Statement& row);

// Reads a row laid out by queries::kUserColumns.
domain::User read_user(const Statement& row);
domain::StoredFile read_file(const Statement& row);

}  // namespace mercado::storage::sqlite
