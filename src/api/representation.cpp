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

void write(http::DocumentWriter& out, bool deleted) { out.boolean_document("deleted", deleted); }

}  // namespace mercado::api
