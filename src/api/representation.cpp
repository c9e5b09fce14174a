#include "api/representation.hpp"

namespace mercado::api {

void write(http::DocumentWriter& out, const domain::Category& category, std::string_view element) {
  out.begin_object(element);
  out.field("id", category.id.value);
  out.field("name", category.name);
  out.field("slug", category.slug);
  out.field("image", category.image);
  out.field("creationAt", category.created_at);
  out.field("updatedAt", category.updated_at);
  out.end_object();
}

void write(http::DocumentWriter& out, const domain::Product& product, std::string_view element) {
  out.begin_object(element);
  out.field("id", product.id.value);
  out.field("title", product.title);
  out.field("slug", product.slug);
  out.field("price", product.price);
  out.field("description", product.description);
  write(out, product.category);
  out.begin_array("images", "image");
  for (const auto& url : product.images) out.item(url);
  out.end_array();
  out.field("stock", product.stock);
  out.field("creationAt", product.created_at);
  out.field("updatedAt", product.updated_at);
  out.end_object();
}

void write(http::DocumentWriter& out, const std::vector<domain::Category>& categories) {
  out.reserve(categories.size() * 256);
  out.begin_array("categories", "category");
  for (const auto& category : categories) write(out, category);
  out.end_array();
}

void write(http::DocumentWriter& out, const std::vector<domain::Product>& products) {
  out.reserve(products.size() * 1024);  // a product is 600-900 bytes of JSON
  out.begin_array("products", "product");
  for (const auto& product : products) write(out, product);
  out.end_array();
}

void write(http::DocumentWriter& out, const domain::Location& location) {
  out.begin_object("location");
  out.field("id", location.id);
  out.field("name", location.name);
  out.field("description", location.description);
  out.field("latitude", location.latitude);
  out.field("longitude", location.longitude);
  out.end_object();
}

void write(http::DocumentWriter& out, const std::vector<domain::Location>& locations) {
  out.reserve(locations.size() * 160);  // a location is 120-150 bytes of JSON
  out.begin_array("locations", "location");
  for (const auto& location : locations) write(out, location);
  out.end_array();
}

void write(http::DocumentWriter& out, bool deleted) { out.boolean_document("deleted", deleted); }

void write(http::DocumentWriter& out, const domain::Cart& cart) {
  out.begin_object("cart");
  out.begin_array("items", "item");
  for (const auto& line : cart.lines) {
    out.begin_object("item");
    out.field("productId", line.product.id.value);
    write(out, line.product);
    out.field("quantity", line.quantity);
    out.field("unitPrice", line.product.price);
    out.field("lineTotal", domain::line_total(line.product.price, line.quantity));
    out.end_object();
  }
  out.end_array();
  out.field("count", domain::cart_count(cart));
  out.field("total", domain::cart_total(cart));
  out.end_object();
}

void write(http::DocumentWriter& out, const domain::Order& order) {
  out.begin_object("order");
  out.field("id", order.id.value);
  out.field("userId", order.user_id.value);
  out.field("status", domain::status_name(order.status));
  out.begin_array("items", "item");
  for (const auto& line : order.lines) {
    out.begin_object("item");
    out.field("productId", line.product_id.value);
    out.field("title", line.title);
    out.field("image", line.image);
    out.field("unitPrice", line.unit_price);
    out.field("quantity", line.quantity);
    out.field("lineTotal", domain::line_total(line.unit_price, line.quantity));
    out.end_object();
  }
  out.end_array();
  out.field("total", order.total);
  out.field("creationAt", order.created_at);
  out.field("updatedAt", order.updated_at);
  out.end_object();
}

void write(http::DocumentWriter& out, const std::vector<domain::Order>& orders) {
  out.reserve(orders.size() * 512);
  out.begin_array("orders", "order");
  for (const auto& order : orders) write(out, order);
  out.end_array();
}

void write(http::DocumentWriter& out, const domain::User& user) {
  out.begin_object("user");
  out.field("id", user.id.value);
  out.field("email", user.email);
  out.field("name", user.name);
  out.field("role", domain::role_name(user.role));
  out.field("avatar", user.avatar);
  out.field("creationAt", user.created_at);
  out.field("updatedAt", user.updated_at);
  out.end_object();
}

void write(http::DocumentWriter& out, const std::vector<domain::User>& users) {
  out.reserve(users.size() * 256);
  out.begin_array("users", "user");
  for (const auto& user : users) write(out, user);
  out.end_array();
}

void write(http::DocumentWriter& out, const mercado::auth::TokenPair& tokens) {
  out.begin_object("tokens");
  out.field("access_token", tokens.access_token);
  out.field("refresh_token", tokens.refresh_token);
  out.end_object();
}

void write(http::DocumentWriter& out, const Availability& availability) {
  out.begin_object("availability");
  out.field("isAvailable", availability.available);
  out.end_object();
}

void write(http::DocumentWriter& out, const UploadReceipt& receipt) {
  out.begin_object("file");
  out.field("originalname", receipt.original_name);
  out.field("filename", receipt.name);
  out.field("location", receipt.location);
  out.end_object();
}

}  // namespace mercado::api
