// Carts and orders: what a shopper means to buy, and what they bought. Money is integer cents,
// so every line and total is exact; an order keeps the title, image and price each product had
// when it was placed, whatever happens to the product afterwards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/list_query.hpp"
#include "domain/money.hpp"
#include "domain/policy.hpp"
#include "domain/product.hpp"
#include "domain/user.hpp"

namespace mercado::domain {

// A cart line holds 1 to kMaxLineQuantity units; a cart or an order at most kMaxOrderLines
// lines. With prices under kMaxPrice no total can overflow 64 bits.
inline constexpr std::int64_t kMaxLineQuantity = 1000;
inline constexpr std::size_t kMaxOrderLines = 50;

Cents line_total(Cents unit_price, std::int64_t quantity);

struct CartLine {
  Product product;
  std::int64_t quantity = 0;
};

// A signed-in user's cart, its lines in the order they were first added. It reserves nothing:
// stock is taken when an order is placed.
struct Cart {
  std::vector<CartLine> lines;
};

Cents cart_total(const Cart& cart);
// Units in the cart, over all lines.
std::int64_t cart_count(const Cart& cart);

// A cart or order of an account deleted since its token was issued.
inline Error account_gone() {
  return unauthorized("The account this token names no longer exists.");
}

// An order asked of an empty cart.
inline Error empty_cart() { return conflict("The cart is empty: there is nothing to order."); }

// "quantity" for PUT /cart/items/{id}: 0 (remove) to kMaxLineQuantity.
std::vector<FieldError> validate_cart_quantity(const std::optional<std::int64_t>& quantity);
// Whether `product` can go into a cart `quantity` times: its stock holds that many, and the cart
// (of `lines` other lines) has room for a new line.
std::optional<Error> check_cart_line(const Product& product, std::int64_t quantity,
                                     std::size_t other_lines);

struct OrderId {
  std::int64_t value = 0;
  auto operator<=>(const OrderId&) const = default;
};

// pending -> paid -> shipped -> delivered, and pending or paid -> cancelled.
enum class OrderStatus { kPending, kPaid, kShipped, kDelivered, kCancelled };

std::string_view status_name(OrderStatus status);
std::optional<OrderStatus> parse_status(std::string_view name);
// The statuses an order in `from` may move to (none once delivered or cancelled).
std::vector<OrderStatus> next_statuses(OrderStatus from);

// What the shopper asked for: a product and how many.
struct OrderItem {
  ProductId product_id;
  std::int64_t quantity = 0;
};

// The items of POST /orders: 1 to kMaxOrderLines, each product once, 1 to kMaxLineQuantity each.
std::vector<FieldError> validate_order_items(const std::vector<OrderItem>& items);

struct OrderLine {
  ProductId product_id;
  std::string title;
  std::string image;  // the product's first image, or empty
  Cents unit_price;
  std::int64_t quantity = 0;
};

struct Order {
  OrderId id;
  UserId user_id;
  OrderStatus status = OrderStatus::kPending;
  std::vector<OrderLine> lines;
  Cents total;
  std::string created_at;
  std::string updated_at;
  // Bumped by the store in every change of the row: what its entity tag is made from.
  std::int64_t version = 1;
};

// The lines an order takes from `products` (each item's product, as stored now, in the items'
// order), or a conflict naming every item whose product has less stock than asked, by its
// position in `items` ("items[2].quantity").
Result<std::vector<OrderLine>> order_lines(const std::vector<OrderItem>& items,
                                           const std::vector<Product>& products);
Cents order_total(const std::vector<OrderLine>& lines);

// Who may move `order` to `to`: an admin along any transition; its owner only from pending to
// cancelled. A move that no transition allows is a conflict naming the ones that are.
std::optional<Error> check_transition(const Order& order, OrderStatus to, Role caller,
                                      UserId caller_id);

// Whether `caller` may see `order`: its owner and admins.
bool may_see(const Order& order, Role caller, UserId caller_id);

// GET /orders: a page, and the filters `status` and `userId`.
struct OrderQuery {
  Page page;
  std::optional<OrderStatus> status;
  std::optional<UserId> user_id;
};

inline constexpr SortField kOrderSortFields[] = {SortField::kId, SortField::kCreatedAt,
                                                 SortField::kUpdatedAt};
inline constexpr std::string_view kOrderFields[] = {"id",    "userId",     "status",   "items",
                                                    "total", "creationAt", "updatedAt"};

Result<OrderQuery> parse_order_query(const QueryParams& params);

}  // namespace mercado::domain
