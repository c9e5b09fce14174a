#include "api/graphql_schema.hpp"

#include <stdexcept>

#include "domain/list_query.hpp"

namespace mercado::api {
namespace {

using graphql::argument;
using graphql::field;
using graphql::FieldDefinition;
using graphql::InputValue;

// A list the cost bound counts as a full page unless its `limit` says less.
FieldDefinition page_of(FieldDefinition list) {
  list.assumed_size = domain::kMaxPageSize;
  list.size_argument = "limit";
  return list;
}

FieldDefinition hashing(FieldDefinition write) {
  write.cost = kPasswordHashingCost;
  return write;
}

std::vector<InputValue> paging() {
  return {argument("limit", "Int", {}, "At most this many (1 to 200; 200 when absent)."),
          argument("offset", "Int", {}, "How many to skip first.")};
}

void add_object_types(graphql::Schema& schema) {
  schema.add(graphql::scalar("DateTime",
                             "A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant "
                             "with the date-time format.",
                             "https://datatracker.ietf.org/doc/html/rfc3339"));
  schema.add(graphql::object(
      "Product",
      {field("id", "ID!"), field("title", "String!"), field("slug", "String!"),
       field("price", "Float!", {}, "In the store's currency, with at most two decimals."),
       field("description", "String!"), field("category", "Category!"),
       field("images", "[String!]!"), field("creationAt", "DateTime!"),
       field("updatedAt", "DateTime!"),
       field("stock", "Int!", {}, "Units on hand (Mercado's addition).")},
      "product"));
  auto products = paging();
  schema.add(graphql::object(
      "Category",
      {field("id", "ID!"), field("name", "String!"), field("slug", "String!"),
       field("image", "String!"), field("creationAt", "DateTime!"), field("updatedAt", "DateTime!"),
       page_of(field("products", "[Product!]!", std::move(products),
                     "The category's products, by id (limit and offset are Mercado's "
                     "additions)."))},
      "category"));
  schema.add(graphql::object(
      "User",
      {field("id", "ID!"), field("email", "String!"),
       field("password", "String!", {},
             "Kept for compatibility and always the empty string: passwords are never returned."),
       field("name", "String!"), field("role", "String!"), field("avatar", "String!"),
       field("creationAt", "DateTime!"), field("updatedAt", "DateTime!")},
      "user"));
  schema.add(graphql::object(
      "Login", {field("access_token", "String!"), field("refresh_token", "String!")}, "Login"));
}

void add_input_types(graphql::Schema& schema) {
  schema.add(graphql::input_object(
      "CreateProductDto",
      {argument("title", "String!"), argument("price", "Float!"),
       argument("description", "String!"), argument("categoryId", "Float!"),
       argument("images", "[String!]!"), argument("stock", "Int", {}, "Mercado's addition.")}));
  schema.add(graphql::input_object(
      "UpdateProductDto",
      {argument("title", "String"), argument("price", "Float"), argument("description", "String"),
       argument("categoryId", "Float"), argument("images", "[String!]"),
       argument("stock", "Int", {}, "Mercado's addition.")}));
  schema.add(graphql::input_object(
      "CreateUserDto",
      {argument("email", "String!"), argument("name", "String!"), argument("password", "String!"),
       argument("role", "Role"), argument("avatar", "String!")}));
  schema.add(graphql::enumeration("Role", {"admin", "customer"}));
  schema.add(graphql::input_object(
      "UpdateUserDto",
      {argument("email", "String"), argument("name", "String"), argument("password", "String"),
       argument("role", "Role"), argument("avatar", "String")}));
  schema.add(graphql::input_object("CreateCategoryDto",
                                   {argument("name", "String!"), argument("image", "String!")}));
  schema.add(graphql::input_object("UpdateCategoryDto",
                                   {argument("name", "String"), argument("image", "String")}));
}

void add_roots(graphql::Schema& schema) {
  auto product_filters = paging();
  for (auto extra :
       {argument("price", "Int"), argument("price_min", "Int"), argument("price_max", "Int"),
        argument("title", "String"), argument("categoryId", "Float"),
        argument("categorySlug", "String"),
        argument("sortBy", "String", {},
                 "id, title, price, creationAt or updatedAt (Mercado's addition)."),
        argument("order", "String", {}, "asc or desc (Mercado's addition)."),
        argument("q", "String", {}, "Words in the title or description (Mercado's addition).")}) {
    product_filters.push_back(std::move(extra));
  }
  schema.add(graphql::object(
      "Query", {page_of(field("products", "[Product!]!", std::move(product_filters))),
                field("product", "Product!", {argument("id", "ID!")}),
                page_of(field("users", "[User!]!", {argument("limit", "Float")})),
                field("user", "User!", {argument("id", "ID!")}),
                field("isAvailable", "Boolean!", {argument("email", "String!")}),
                page_of(field("categories", "[Category!]!", paging(),
                              "Every category, by id (limit and offset are Mercado's additions).")),
                field("category", "Category!", {argument("id", "ID!")}),
                field("myProfile", "User!", {}, "The user of the Bearer access token.")}));
  schema.add(graphql::object(
      "Mutation", {field("addProduct", "Product!", {argument("data", "CreateProductDto!")}),
                   field("updateProduct", "Product!",
                         {argument("id", "ID!"), argument("changes", "UpdateProductDto!")}),
                   field("deleteProduct", "Boolean!", {argument("id", "ID!")}),
                   hashing(field("addUser", "User!", {argument("data", "CreateUserDto!")})),
                   hashing(field("updateUser", "User!",
                                 {argument("id", "ID!"), argument("changes", "UpdateUserDto!")})),
                   field("deleteUser", "Boolean!", {argument("id", "ID!")}),
                   field("addCategory", "Category!", {argument("data", "CreateCategoryDto!")}),
                   field("updateCategory", "Category!",
                         {argument("id", "ID!"), argument("changes", "UpdateCategoryDto!")}),
                   field("deleteCategory", "Boolean!", {argument("id", "ID!")}),
                   hashing(field("login", "Login!",
                                 {argument("email", "String!"), argument("password", "String!")})),
                   field("refreshToken", "Login!", {argument("refreshToken", "String!")})}));
  schema.set_roots("Query", "Mutation");
}

graphql::Schema build() {
  graphql::Schema schema;
  add_object_types(schema);
  add_input_types(schema);
  add_roots(schema);
  if (const auto problems = schema.check(); !problems.empty()) {
    throw std::logic_error("the GraphQL schema is unsound: " + problems.front());
  }
  return schema;
}

}  // namespace

const graphql::Schema& store_schema() {
  static const graphql::Schema schema = build();
  return schema;
}

}  // namespace mercado::api
