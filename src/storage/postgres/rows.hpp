// Mapping between the PostgreSQL store's rows and domain values; column layouts as in queries.hpp.
#pragma once

#include "domain/category.hpp"
#include "domain/order.hpp"
#include "domain/product.hpp"
#include "domain/upload.hpp"
#include "domain/user.hpp"
#include "storage/postgres/connection.hpp"

namespace mercado::storage::postgres {

// Columns [first, first + 7) laid out as queries::kCategoryColumns.
domain::Category read_category(const Rows& rows, int row, int first = 0);
domain::Product read_product(const Rows& rows, int row);
domain::User read_user(const Rows& rows, int row);
domain::StoredFile read_file(const Rows& rows, int row);
// The rows of queries::kCartLines.
domain::Cart read_cart(const Rows& rows);
// An order without its lines (queries::kOrderColumns).
domain::Order read_order(const Rows& rows, int row);
// Each row of queries::kOrderLineColumns into the order of `orders` it belongs to.
void add_order_lines(const Rows& rows, std::vector<domain::Order>& orders);

}  // namespace mercado::storage::postgres
