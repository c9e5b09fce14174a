// Carts and orders from their rows, for the reader and the writer alike: each passes the
// statements it keeps (`Prepare` returns one for an SQL text, ready to bind).
#pragma once

#include <functional>
#include <string_view>

#include "domain/order.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

namespace mercado::storage::sqlite {

using Prepare = std::function<Statement&(std::string_view sql)>;

domain::Cart load_cart(const Prepare& prepare, domain::UserId user);
Result<domain::Order> load_order(const Prepare& prepare, domain::OrderId id);
// A page of orders (queries::order_filter) with their lines.
domain::Listing<domain::Order> load_orders(const Prepare& prepare, Statement& page,
                                           Statement& count, const domain::OrderQuery& query);

}  // namespace mercado::storage::sqlite
