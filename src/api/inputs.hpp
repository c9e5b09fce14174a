// Request bodies to validated domain inputs: decode (types), then validate (rules), and report
// every bad field at once.
#pragma once

#include <functional>

#include "domain/category.hpp"
#include "domain/order.hpp"
#include "domain/product.hpp"
#include "domain/user.hpp"
#include "http/message.hpp"

namespace mercado::api {

template <class T>
using InputResult = domain::Result<T>;

// `category_exists` lets the errors name an unknown categoryId beside every other bad field;
// the store checks it again inside the write, where it counts.
InputResult<domain::ProductInput> read_product_input(
    const http::Request& request, domain::WriteMode mode,
    const std::function<bool(domain::CategoryId)>& category_exists);
InputResult<domain::CategoryInput> read_category_input(const http::Request& request,
                                                       domain::WriteMode mode);

InputResult<domain::UserInput> read_user_input(const http::Request& request, domain::WriteMode mode,
                                               domain::Profile profile);

// The body of POST /auth/login. A field that is absent or null is nullopt: a failed login.
struct LoginInput {
  std::optional<std::string> email;
  std::optional<std::string> password;
};
InputResult<LoginInput> read_login_input(const http::Request& request);

// A body with one required string field (`email` of is-available, `refreshToken`).
InputResult<std::string> read_single_field(const http::Request& request, const char* field);

// {"quantity": n} of PUT /cart/items/{id}.
InputResult<std::int64_t> read_cart_quantity(const http::Request& request);
// The body of POST /orders: nullopt (no body, or no "items") orders the cart.
InputResult<std::optional<std::vector<domain::OrderItem>>> read_order_items(
    const http::Request& request);
// {"status": ...} of PATCH /orders/{id}.
InputResult<domain::OrderStatus> read_order_status(const http::Request& request);

// A positive integer id from the path, or a 400 naming it.
InputResult<std::int64_t> path_id(const http::Request& request, std::size_t index = 0);

}  // namespace mercado::api
