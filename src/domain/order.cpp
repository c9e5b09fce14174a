#include "domain/order.hpp"

#include <algorithm>
#include <array>
#include <numeric>
#include <set>

#include "domain/validation.hpp"

namespace mercado::domain {
namespace {

constexpr std::array<std::pair<OrderStatus, std::string_view>, 5> kStatusNames = {{
    {OrderStatus::kPending, "pending"},
    {OrderStatus::kPaid, "paid"},
    {OrderStatus::kShipped, "shipped"},
    {OrderStatus::kDelivered, "delivered"},
    {OrderStatus::kCancelled, "cancelled"},
}};

std::string quantity_range() { return "from 1 to " + std::to_string(kMaxLineQuantity); }

std::string item_field(std::size_t index, std::string_view name) {
  return "items[" + std::to_string(index) + "]." + std::string(name);
}

std::string status_list(const std::vector<OrderStatus>& statuses) {
  std::string list;
  for (const auto status : statuses) {
    if (!list.empty()) list += ", ";
    list += status_name(status);
  }
  return list;
}

}  // namespace

Cents line_total(Cents unit_price, std::int64_t quantity) { return {unit_price.value * quantity}; }

Cents cart_total(const Cart& cart) {
  return std::accumulate(
      cart.lines.begin(), cart.lines.end(), Cents{}, [](Cents sum, const CartLine& line) {
        return Cents{sum.value + line_total(line.product.price, line.quantity).value};
      });
}

std::int64_t cart_count(const Cart& cart) {
  return std::accumulate(
      cart.lines.begin(), cart.lines.end(), std::int64_t{0},
      [](std::int64_t sum, const CartLine& line) { return sum + line.quantity; });
}

std::vector<FieldError> validate_cart_quantity(const std::optional<std::int64_t>& quantity) {
  FieldErrors errors;
  if (errors.require(quantity, "quantity", true) &&
      (*quantity < 0 || *quantity > kMaxLineQuantity)) {
    errors.add("quantity",
               "must be a whole number from 0 (remove) to " + std::to_string(kMaxLineQuantity));
  }
  return errors.take();
}

std::optional<Error> check_cart_line(const Product& product, std::int64_t quantity,
                                     std::size_t other_lines) {
  if (quantity > product.stock) {
    return Error{ErrorCode::kConflict,
                 "Not enough stock: " + std::to_string(product.stock) + " of this product left.",
                 {{"quantity",
                   "must be at most " + std::to_string(product.stock) + " (the product's stock)"}}};
  }
  if (other_lines >= kMaxOrderLines) {
    return conflict("The cart is full: it holds at most " + std::to_string(kMaxOrderLines) +
                    " different products.");
  }
  return std::nullopt;
}

std::string_view status_name(OrderStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) return name;
  }
  return "pending";
}

std::optional<OrderStatus> parse_status(std::string_view name) {
  for (const auto& [value, known] : kStatusNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

std::vector<OrderStatus> next_statuses(OrderStatus from) {
  switch (from) {
    case OrderStatus::kPending:
      return {OrderStatus::kPaid, OrderStatus::kCancelled};
    case OrderStatus::kPaid:
      return {OrderStatus::kShipped, OrderStatus::kCancelled};
    case OrderStatus::kShipped:
      return {OrderStatus::kDelivered};
    case OrderStatus::kDelivered:
    case OrderStatus::kCancelled:
      break;
  }
  return {};
}

std::vector<FieldError> validate_order_items(const std::vector<OrderItem>& items) {
  FieldErrors errors;
  if (items.empty() || items.size() > kMaxOrderLines) {
    errors.add("items", "must hold 1 to " + std::to_string(kMaxOrderLines) + " items");
    return errors.take();
  }
  std::set<ProductId> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].quantity < 1 || items[i].quantity > kMaxLineQuantity) {
      errors.add(item_field(i, "quantity"), "must be a whole number " + quantity_range());
    }
    if (!seen.insert(items[i].product_id).second) {
      errors.add(item_field(i, "productId"), "must name each product once");
    }
  }
  return errors.take();
}

Result<std::vector<OrderLine>> order_lines(const std::vector<OrderItem>& items,
                                           const std::vector<Product>& products) {
  std::vector<OrderLine> lines;
  std::vector<FieldError> short_items;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto found = std::find_if(products.begin(), products.end(),
                                    [&](const Product& p) { return p.id == items[i].product_id; });
    if (found == products.end()) {
      short_items.push_back({item_field(i, "productId"), "must be the id of an existing product"});
      continue;
    }
    if (found->stock < items[i].quantity) {
      short_items.push_back(
          {item_field(i, "quantity"), "only " + std::to_string(found->stock) + " of product " +
                                          std::to_string(found->id.value) + " (\"" + found->title +
                                          "\") in stock"});
      continue;
    }
    lines.push_back({.product_id = found->id,
                     .title = found->title,
                     .image = found->images.empty() ? std::string() : found->images.front(),
                     .unit_price = found->price,
                     .quantity = items[i].quantity});
  }
  if (!short_items.empty()) {
    return Error{ErrorCode::kConflict, "Not enough stock for every item; nothing was ordered.",
                 std::move(short_items)};
  }
  return lines;
}

Cents order_total(const std::vector<OrderLine>& lines) {
  Cents total;
  for (const auto& line : lines) total.value += line_total(line.unit_price, line.quantity).value;
  return total;
}

std::optional<Error> check_transition(const Order& order, OrderStatus to, Role caller,
                                      UserId caller_id) {
  const auto allowed = next_statuses(order.status);
  if (std::find(allowed.begin(), allowed.end(), to) == allowed.end()) {
    std::string detail = "An order that is " + std::string(status_name(order.status)) + " ";
    detail +=
        allowed.empty() ? "can change no more." : "can only become: " + status_list(allowed) + ".";
    return Error{
        ErrorCode::kConflict,
        detail,
        {{"status", "must be one of: " + (allowed.empty() ? "(none)" : status_list(allowed))}}};
  }
  if (caller == Role::kAdmin) return std::nullopt;
  const bool owner = order.user_id == caller_id;
  if (owner && order.status == OrderStatus::kPending && to == OrderStatus::kCancelled) {
    return std::nullopt;
  }
  return forbidden(owner ? "You may cancel your order while it is pending; only an admin moves "
                           "it further."
                         : "Only an admin may change another user's order.");
}

bool may_see(const Order& order, Role caller, UserId caller_id) {
  return caller == Role::kAdmin || order.user_id == caller_id;
}

Result<OrderQuery> parse_order_query(const QueryParams& params) {
  OrderQuery query;
  auto page = parse_page(params, kOrderSortFields);
  std::vector<FieldError> errors = page ? std::vector<FieldError>{} : page.error().fields;
  if (page) query.page = *page;
  FieldErrors filters;
  if (const std::string* status = single_param(params, "status", filters)) {
    query.status = parse_status(*status);
    if (!query.status) {
      filters.add("status", "must be one of: pending, paid, shipped, delivered, cancelled");
    }
  }
  if (const std::string* user = single_param(params, "userId", filters)) {
    if (const auto id = parse_id(*user)) {
      query.user_id = UserId{*id};
    } else {
      filters.add("userId", "must be a positive integer");
    }
  }
  for (auto& error : filters.take()) errors.push_back(std::move(error));
  if (!errors.empty()) return invalid("The query parameters are invalid.", std::move(errors));
  return query;
}

}  // namespace mercado::domain
