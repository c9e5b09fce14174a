// A small schema in the store's shape for the GraphQL tests: lists, nesting both ways, an input
// object, an enum, nullable and non-null fields.
#pragma once

#include "graphql/schema.hpp"

namespace mercado::graphql::testing {

inline Schema test_schema() {
  Schema schema;
  auto products = field("products", "[Product!]!", {argument("limit", "Int")});
  products.assumed_size = 200;
  products.size_argument = "limit";
  schema.add(
      object("Product", {field("id", "ID!"), field("title", "String!"), field("price", "Float!"),
                         field("category", "Category!"), field("note", "String")}));
  schema.add(object("Category", {field("id", "ID!"), field("name", "String!"), products}));
  schema.add(enumeration("Role", {"admin", "customer"}));
  schema.add(input_object("NewProduct",
                          {argument("title", "String!"), argument("price", "Float!"),
                           argument("tags", "[String!]"), argument("role", "Role", "customer")}));
  auto categories = field("categories", "[Category!]!");
  categories.assumed_size = 200;
  schema.add(
      object("Query", {products, categories, field("product", "Product", {argument("id", "ID!")}),
                       field("count", "Int!", {argument("step", "Int", "1")})}));
  auto expensive = field("login", "String!", {argument("email", "String!")});
  expensive.cost = 20'000;
  schema.add(object(
      "Mutation", {field("addProduct", "Product!", {argument("data", "NewProduct!")}), expensive}));
  schema.set_roots("Query", "Mutation");
  return schema;
}

}  // namespace mercado::graphql::testing
