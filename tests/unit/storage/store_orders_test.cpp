// The store contract for carts and orders: stock is taken exactly once, and a refused order
// writes nothing.
#include <gtest/gtest.h>

#include "storage/store_contract.hpp"

namespace mercado::storage::testing {
namespace {

using domain::OrderItem;
using domain::OrderStatus;

class StoreOrders : public StoreContract {
 protected:
  User shopper(const std::string& email) {
    auto created = write<User>([&](StoreWriter& w) {
      return w.create_user({.email = email,
                            .name = "Shopper",
                            .password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
                            .avatar = "https://img.example/a.png",
                            .role = domain::Role::kCustomer,
                            .demo = false});
    });
    EXPECT_TRUE(created) << created.error().detail;
    return *created;
  }

  domain::Result<Cart> put(UserId user, ProductId product, std::int64_t quantity) {
    return write<Cart>(
        [&](StoreWriter& w) { return w.set_cart_quantity(user, product, quantity); });
  }

  domain::Result<Order> place(UserId user, std::optional<std::vector<OrderItem>> items) {
    return write<Order>([&](StoreWriter& w) { return w.place_order(user, items); });
  }

  std::int64_t stock_of(ProductId id) { return reader_->product(id)->stock; }
};

TEST_P(StoreOrders, ACartKeepsItsLinesInTheOrderTheyWereAdded) {
  const auto shelf = category("Shelf");
  const auto lamp = product("Lamp", shelf.id, 1250, 5);
  const auto desk = product("Desk", shelf.id, 9900, 2);
  const auto ana = shopper("ana@x.co");
  ASSERT_TRUE(put(ana.id, desk.id, 1));
  ASSERT_TRUE(put(ana.id, lamp.id, 2));
  const auto updated = put(ana.id, desk.id, 2);
  ASSERT_TRUE(updated) << updated.error().detail;
  const auto cart = reader_->cart(ana.id);
  ASSERT_TRUE(cart);
  ASSERT_EQ(cart->lines.size(), 2u);
  EXPECT_EQ(cart->lines[0].product.id, desk.id);
  EXPECT_EQ(cart->lines[0].quantity, 2);
  EXPECT_EQ(cart->lines[1].product.title, "Lamp");
  EXPECT_EQ(domain::cart_total(*cart).value, 2 * 9900 + 2 * 1250);

  ASSERT_TRUE(put(ana.id, desk.id, 0));
  EXPECT_EQ(reader_->cart(ana.id)->lines.size(), 1u);
  ASSERT_TRUE(write<Cart>([&](StoreWriter& w) { return w.clear_cart(ana.id); }));
  EXPECT_TRUE(reader_->cart(ana.id)->lines.empty());
}

TEST_P(StoreOrders, ACartRefusesMoreThanTheStockAndUnknownProducts) {
  const auto lamp = product("Lamp", category("Shelf").id, 1250, 3);
  const auto ana = shopper("ana@x.co");
  const auto too_many =
      attempt<Cart>([&](StoreWriter& w) { return w.set_cart_quantity(ana.id, lamp.id, 4); });
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, domain::ErrorCode::kConflict);
  const auto unknown =
      attempt<Cart>([&](StoreWriter& w) { return w.set_cart_quantity(ana.id, ProductId{999}, 1); });
  EXPECT_EQ(unknown.error().code, domain::ErrorCode::kNotFound);
  EXPECT_TRUE(reader_->cart(ana.id)->lines.empty());
  EXPECT_EQ(reader_->cart(UserId{999}).error().code, domain::ErrorCode::kUnauthorized);
}

TEST_P(StoreOrders, AnOrderFromTheCartTakesStockSnapshotsPricesAndEmptiesTheCart) {
  const auto shelf = category("Shelf");
  const auto lamp = product("Lamp", shelf.id, 1250, 5);
  const auto desk = product("Desk", shelf.id, 9900, 2);
  const auto ana = shopper("ana@x.co");
  ASSERT_TRUE(put(ana.id, lamp.id, 3));
  ASSERT_TRUE(put(ana.id, desk.id, 2));
  const auto order = place(ana.id, std::nullopt);
  ASSERT_TRUE(order) << order.error().detail;
  EXPECT_EQ(order->user_id, ana.id);
  EXPECT_EQ(order->status, OrderStatus::kPending);
  ASSERT_EQ(order->lines.size(), 2u);
  EXPECT_EQ(order->lines[0].title, "Lamp");
  EXPECT_EQ(order->lines[0].image, "https://img.example/p.png");
  EXPECT_EQ(order->total.value, 3 * 1250 + 2 * 9900);
  EXPECT_EQ(stock_of(lamp.id), 2);
  EXPECT_EQ(stock_of(desk.id), 0);
  EXPECT_TRUE(reader_->cart(ana.id)->lines.empty());

  // The order keeps what was bought, whatever happens to the product afterwards.
  ASSERT_TRUE(write<bool>([&](StoreWriter& w) { return w.delete_product(lamp.id); }));
  const auto stored = reader_->order(order->id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->lines[0].title, "Lamp");
  EXPECT_EQ(stored->lines[0].unit_price.value, 1250);
  EXPECT_EQ(stored->version, order->version);
}

TEST_P(StoreOrders, AShortOrderWritesNothingAndNamesTheShortItem) {
  const auto shelf = category("Shelf");
  const auto lamp = product("Lamp", shelf.id, 1250, 5);
  const auto desk = product("Desk", shelf.id, 9900, 1);
  const auto ana = shopper("ana@x.co");
  ASSERT_TRUE(put(ana.id, lamp.id, 1));
  const auto refused = attempt<Order>([&](StoreWriter& w) {
    return w.place_order(ana.id, std::vector<OrderItem>{{lamp.id, 2}, {desk.id, 2}});
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, domain::ErrorCode::kConflict);
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].field, "items[1].quantity");
  EXPECT_EQ(stock_of(lamp.id), 5);
  EXPECT_EQ(reader_->orders({})->total, 0);

  // Ordering given items leaves the cart alone.
  ASSERT_TRUE(place(ana.id, std::vector<OrderItem>{{lamp.id, 5}}));
  EXPECT_EQ(stock_of(lamp.id), 0);
  EXPECT_EQ(reader_->cart(ana.id)->lines.size(), 1u);

  const auto bob = shopper("bob@x.co");
  const auto empty =
      attempt<Order>([&](StoreWriter& w) { return w.place_order(bob.id, std::nullopt); });
  EXPECT_EQ(empty.error().code, domain::ErrorCode::kConflict);
}

TEST_P(StoreOrders, CancellingReturnsTheStockOnce) {
  const auto lamp = product("Lamp", category("Shelf").id, 1250, 5);
  const auto ana = shopper("ana@x.co");
  const auto order = place(ana.id, std::vector<OrderItem>{{lamp.id, 4}});
  ASSERT_TRUE(order);
  EXPECT_EQ(stock_of(lamp.id), 1);
  const auto cancelled = write<Order>(
      [&](StoreWriter& w) { return w.set_order_status(order->id, OrderStatus::kCancelled); });
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->status, OrderStatus::kCancelled);
  EXPECT_GT(cancelled->version, order->version);
  EXPECT_EQ(stock_of(lamp.id), 5);
  const auto paid = write<Order>(
      [&](StoreWriter& w) { return w.set_order_status(order->id, OrderStatus::kPaid); });
  ASSERT_TRUE(paid);
  EXPECT_EQ(stock_of(lamp.id), 5);
}

TEST_P(StoreOrders, ListsOrdersByUserAndStatusWithTheirLines) {
  const auto shelf = category("Shelf");
  const auto lamp = product("Lamp", shelf.id, 100, 50);
  const auto desk = product("Desk", shelf.id, 200, 50);
  const auto ana = shopper("ana@x.co");
  const auto bob = shopper("bob@x.co");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(place(ana.id, std::vector<OrderItem>{{lamp.id, 1}}));
  const auto bobs = place(bob.id, std::vector<OrderItem>{{desk.id, 2}, {lamp.id, 1}});
  ASSERT_TRUE(bobs);
  ASSERT_TRUE(write<Order>(
      [&](StoreWriter& w) { return w.set_order_status(bobs->id, OrderStatus::kPaid); }));

  domain::OrderQuery query;
  query.user_id = ana.id;
  query.page.limit = 2;
  const auto anas = reader_->orders(query);
  ASSERT_TRUE(anas);
  EXPECT_EQ(anas->total, 3);
  ASSERT_EQ(anas->items.size(), 2u);
  EXPECT_EQ(anas->items[0].lines.size(), 1u);
  EXPECT_LT(anas->items[0].id, anas->items[1].id);

  domain::OrderQuery paid;
  paid.status = OrderStatus::kPaid;
  const auto paid_orders = reader_->orders(paid);
  ASSERT_TRUE(paid_orders);
  ASSERT_EQ(paid_orders->total, 1);
  EXPECT_EQ(paid_orders->items[0].id, bobs->id);
  ASSERT_EQ(paid_orders->items[0].lines.size(), 2u);
  EXPECT_EQ(paid_orders->items[0].lines[0].title, "Desk");

  paid.user_id = ana.id;
  EXPECT_EQ(reader_->orders(paid)->total, 0);
  domain::OrderQuery newest;
  newest.page.order = domain::SortOrder::kDescending;
  EXPECT_EQ(reader_->orders(newest)->items.at(0).id, bobs->id);
  EXPECT_EQ(reader_->order(OrderId{999}).error().code, domain::ErrorCode::kNotFound);
}

TEST_P(StoreOrders, DeletingAnAccountEmptiesItsCartButKeepsItsOrders) {
  const auto lamp = product("Lamp", category("Shelf").id, 100, 5);
  const auto ana = shopper("ana@x.co");
  ASSERT_TRUE(put(ana.id, lamp.id, 1));
  const auto order = place(ana.id, std::vector<OrderItem>{{lamp.id, 1}});
  ASSERT_TRUE(order);
  ASSERT_TRUE(write<bool>([&](StoreWriter& w) { return w.delete_user(ana.id); }));
  EXPECT_TRUE(reader_->order(order->id));
  const auto refused =
      attempt<Cart>([&](StoreWriter& w) { return w.set_cart_quantity(ana.id, lamp.id, 1); });
  EXPECT_EQ(refused.error().code, domain::ErrorCode::kUnauthorized);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreOrders, ::testing::ValuesIn(store_implementations()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace mercado::storage::testing
