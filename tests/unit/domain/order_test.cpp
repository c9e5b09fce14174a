#include <gtest/gtest.h>

#include "domain/order.hpp"

namespace mercado::domain {
namespace {

Product product(std::int64_t id, std::int64_t cents, std::int64_t stock) {
  Product p;
  p.id = ProductId{id};
  p.title = "Product " + std::to_string(id);
  p.price = Cents{cents};
  p.images = {"https://img.example/" + std::to_string(id) + ".png"};
  p.stock = stock;
  return p;
}

Order order_in(OrderStatus status, std::int64_t owner) {
  Order order;
  order.id = OrderId{1};
  order.user_id = UserId{owner};
  order.status = status;
  return order;
}

TEST(Cart, TotalsAreExactCents) {
  Cart cart;
  cart.lines.push_back({product(1, 1999, 5), 3});
  cart.lines.push_back({product(2, 1, 5), 1});
  EXPECT_EQ(cart_total(cart).value, 3 * 1999 + 1);
  EXPECT_EQ(cart_count(cart), 4);
  EXPECT_EQ(cart_total(Cart{}).value, 0);
}

TEST(Cart, QuantityMustBeGivenAndInRange) {
  EXPECT_TRUE(validate_cart_quantity(0).empty());
  EXPECT_TRUE(validate_cart_quantity(kMaxLineQuantity).empty());
  EXPECT_EQ(validate_cart_quantity(-1).at(0).field, "quantity");
  EXPECT_EQ(validate_cart_quantity(kMaxLineQuantity + 1).at(0).field, "quantity");
  EXPECT_EQ(validate_cart_quantity(std::nullopt).at(0).field, "quantity");
}

TEST(Cart, RefusesMoreThanTheStockAndAFullCart) {
  EXPECT_FALSE(check_cart_line(product(1, 100, 3), 3, 0));
  const auto too_many = check_cart_line(product(1, 100, 3), 4, 0);
  ASSERT_TRUE(too_many);
  EXPECT_EQ(too_many->code, ErrorCode::kConflict);
  EXPECT_EQ(too_many->fields.at(0).field, "quantity");
  const auto full = check_cart_line(product(1, 100, 3), 1, kMaxOrderLines);
  ASSERT_TRUE(full);
  EXPECT_EQ(full->code, ErrorCode::kConflict);
  EXPECT_FALSE(check_cart_line(product(1, 100, 3), 1, kMaxOrderLines - 1));
}

TEST(OrderItems, NamesEachBadItemByItsPosition) {
  EXPECT_TRUE(validate_order_items({{ProductId{1}, 2}, {ProductId{2}, 1}}).empty());
  const auto errors = validate_order_items({{ProductId{1}, 0}, {ProductId{1}, 1}});
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "items[0].quantity");
  EXPECT_EQ(errors[1].field, "items[1].productId");
  EXPECT_EQ(validate_order_items({}).at(0).field, "items");
  const std::vector<OrderItem> too_many(kMaxOrderLines + 1, {ProductId{1}, 1});
  EXPECT_EQ(validate_order_items(too_many).at(0).field, "items");
}

TEST(OrderLines, SnapshotTitleImageAndPriceInTheItemsOrder) {
  const auto lines =
      order_lines({{ProductId{2}, 2}, {ProductId{1}, 1}}, {product(1, 500, 1), product(2, 250, 9)});
  ASSERT_TRUE(lines);
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].product_id, ProductId{2});
  EXPECT_EQ((*lines)[0].title, "Product 2");
  EXPECT_EQ((*lines)[0].image, "https://img.example/2.png");
  EXPECT_EQ((*lines)[0].unit_price.value, 250);
  EXPECT_EQ(order_total(*lines).value, 2 * 250 + 500);
}

TEST(OrderLines, AShortageNamesEveryShortOrUnknownItem) {
  const auto lines = order_lines({{ProductId{1}, 2}, {ProductId{2}, 1}, {ProductId{3}, 1}},
                                 {product(1, 500, 1), product(2, 250, 9)});
  ASSERT_FALSE(lines);
  EXPECT_EQ(lines.error().code, ErrorCode::kConflict);
  ASSERT_EQ(lines.error().fields.size(), 2u);
  EXPECT_EQ(lines.error().fields[0].field, "items[0].quantity");
  EXPECT_NE(lines.error().fields[0].message.find("only 1"), std::string::npos);
  EXPECT_EQ(lines.error().fields[1].field, "items[2].productId");
}

TEST(OrderStatus, NamesRoundTrip) {
  for (const auto status : {OrderStatus::kPending, OrderStatus::kPaid, OrderStatus::kShipped,
                            OrderStatus::kDelivered, OrderStatus::kCancelled}) {
    EXPECT_EQ(parse_status(status_name(status)), status);
  }
  EXPECT_FALSE(parse_status("Pending"));
  EXPECT_FALSE(parse_status(""));
}

TEST(Transitions, AdminFollowsTheLifecycle) {
  const UserId admin{9};
  EXPECT_FALSE(check_transition(order_in(OrderStatus::kPending, 1), OrderStatus::kPaid,
                                Role::kAdmin, admin));
  EXPECT_FALSE(check_transition(order_in(OrderStatus::kPaid, 1), OrderStatus::kShipped,
                                Role::kAdmin, admin));
  EXPECT_FALSE(check_transition(order_in(OrderStatus::kShipped, 1), OrderStatus::kDelivered,
                                Role::kAdmin, admin));
  EXPECT_FALSE(check_transition(order_in(OrderStatus::kPaid, 1), OrderStatus::kCancelled,
                                Role::kAdmin, admin));
}

TEST(Transitions, AnyOtherMoveIsAConflictNamingTheAllowedOnes) {
  const auto skipped = check_transition(order_in(OrderStatus::kPending, 1), OrderStatus::kShipped,
                                        Role::kAdmin, UserId{9});
  ASSERT_TRUE(skipped);
  EXPECT_EQ(skipped->code, ErrorCode::kConflict);
  EXPECT_NE(skipped->detail.find("paid, cancelled"), std::string::npos);
  const auto done = check_transition(order_in(OrderStatus::kDelivered, 1), OrderStatus::kCancelled,
                                     Role::kAdmin, UserId{9});
  ASSERT_TRUE(done);
  EXPECT_EQ(done->code, ErrorCode::kConflict);
  EXPECT_TRUE(check_transition(order_in(OrderStatus::kShipped, 1), OrderStatus::kCancelled,
                               Role::kAdmin, UserId{9}));
}

TEST(Transitions, TheOwnerMayOnlyCancelWhilePending) {
  const UserId owner{1};
  EXPECT_FALSE(check_transition(order_in(OrderStatus::kPending, 1), OrderStatus::kCancelled,
                                Role::kCustomer, owner));
  const auto pay = check_transition(order_in(OrderStatus::kPending, 1), OrderStatus::kPaid,
                                    Role::kCustomer, owner);
  ASSERT_TRUE(pay);
  EXPECT_EQ(pay->code, ErrorCode::kForbidden);
  const auto late = check_transition(order_in(OrderStatus::kPaid, 1), OrderStatus::kCancelled,
                                     Role::kCustomer, owner);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->code, ErrorCode::kForbidden);
  const auto stranger = check_transition(order_in(OrderStatus::kPending, 1),
                                         OrderStatus::kCancelled, Role::kCustomer, UserId{2});
  ASSERT_TRUE(stranger);
  EXPECT_EQ(stranger->code, ErrorCode::kForbidden);
}

TEST(Orders, OnlyTheOwnerAndAdminsSeeAnOrder) {
  EXPECT_TRUE(may_see(order_in(OrderStatus::kPending, 1), Role::kCustomer, UserId{1}));
  EXPECT_FALSE(may_see(order_in(OrderStatus::kPending, 1), Role::kCustomer, UserId{2}));
  EXPECT_TRUE(may_see(order_in(OrderStatus::kPending, 1), Role::kAdmin, UserId{2}));
}

TEST(OrderQuery, ParsesFiltersAndRefusesUnknownOnes) {
  const auto query = parse_order_query({{"status", "paid"}, {"userId", "3"}, {"limit", "5"}});
  ASSERT_TRUE(query);
  EXPECT_EQ(query->status, OrderStatus::kPaid);
  EXPECT_EQ(query->user_id, UserId{3});
  EXPECT_EQ(query->page.limit, 5);
  const auto bad = parse_order_query({{"status", "lost"}, {"userId", "-1"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields.size(), 2u);
  EXPECT_FALSE(parse_order_query({{"sortBy", "price"}}));
}

}  // namespace
}  // namespace mercado::domain
