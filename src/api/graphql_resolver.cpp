#include "api/graphql_resolver.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <map>

#include "api/store_read.hpp"
#include "domain/list_query.hpp"
#include "http/problem.hpp"

namespace mercado::api {
namespace {

namespace json = boost::json;
using graphql::FieldResult;
using http::Verb;

// extensions.code for an HTTP status, in the words GraphQL servers commonly use.
std::string_view code_for(unsigned status) {
  switch (status) {
    case 400:
      return "BAD_USER_INPUT";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "FORBIDDEN";
    case 404:
      return "NOT_FOUND";
    case 409:
      return "CONFLICT";
    case 412:
      return "PRECONDITION_FAILED";
    case 413:
      return "PAYLOAD_TOO_LARGE";
    case 422:
      return "UNPROCESSABLE_ENTITY";
    case 429:
      return "TOO_MANY_REQUESTS";
    case 503:
    case 504:
      return "SERVICE_UNAVAILABLE";
    default:
      return status < 500 ? "BAD_REQUEST" : "INTERNAL_SERVER_ERROR";
  }
}

// The error a field gets for a problem document: its detail, and in extensions its code, the
// HTTP status REST would have answered and the fields at fault.
FieldResult failure(unsigned status, std::string detail, json::array fields) {
  json::object extensions{{"code", code_for(status)}, {"status", status}};
  if (!fields.empty()) extensions["fields"] = std::move(fields);
  return {nullptr, graphql::FieldError{std::move(detail), std::move(extensions)}};
}

FieldResult failure(const domain::Error& error) {
  const http::Problem problem(error);
  json::array fields;
  for (const auto& field : problem.fields) {
    fields.push_back(json::object{{"field", field.field}, {"message", field.message}});
  }
  return failure(static_cast<unsigned>(problem.status), problem.detail, std::move(fields));
}

FieldResult failure_from(const http::Response& response) {
  std::error_code ignored;
  const json::value problem = json::parse(response.body(), ignored);
  const json::object* fields = problem.if_object();
  std::string detail(response.reason());
  json::array errors;
  if (fields) {
    if (const auto* text = fields->if_contains("detail"); text && text->is_string()) {
      detail = text->get_string();
    }
    if (const auto* list = fields->if_contains("errors"); list && list->is_array()) {
      errors = list->get_array();
    }
  }
  return failure(response.result_int(), std::move(detail), std::move(errors));
}

json::value category_source(const domain::Category& category) {
  return json::object{{"id", category.id.value},
                      {"name", category.name},
                      {"slug", category.slug},
                      {"image", category.image},
                      {"creationAt", category.created_at},
                      {"updatedAt", category.updated_at}};
}

json::value product_source(const domain::Product& product) {
  json::array images;
  for (const auto& image : product.images) images.emplace_back(image);
  return json::object{{"id", product.id.value},
                      {"title", product.title},
                      {"slug", product.slug},
                      // The nearest double: its shortest form is the exact decimal again.
                      {"price", static_cast<double>(product.price.value) / 100.0},
                      {"description", product.description},
                      {"category", category_source(product.category)},
                      {"images", std::move(images)},
                      {"stock", product.stock},
                      {"creationAt", product.created_at},
                      {"updatedAt", product.updated_at}};
}

template <class T, class Source>
FieldResult listing_result(const domain::Result<domain::Listing<T>>& listing, Source source) {
  if (!listing) return failure(listing.error());
  json::array items;
  items.reserve(listing->items.size());
  for (const auto& item : listing->items) items.push_back(source(item));
  return {std::move(items), std::nullopt};
}

template <class T, class Source>
FieldResult entity_result(const domain::Result<T>& entity, Source source) {
  if (!entity) return failure(entity.error());
  return {source(*entity), std::nullopt};
}

// A number argument as a query parameter: "12", or "1.5" (which the REST rules then refuse
// where only whole numbers are allowed, with the same message).
std::string parameter_text(const json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_double() && std::trunc(value.get_double()) == value.get_double() &&
      std::abs(value.get_double()) < 1e15) {
    return std::to_string(static_cast<std::int64_t>(value.get_double()));
  }
  return json::serialize(value);
}

domain::QueryParams parameters(const json::object& arguments) {
  domain::QueryParams params;
  for (const auto& [name, value] : arguments) {
    if (!value.is_null()) params.emplace_back(std::string(name), parameter_text(value));
  }
  return params;
}

// An `id: ID!` argument, checked before it goes into a path.
std::optional<std::int64_t> id_argument(const json::object& arguments) {
  return domain::parse_id(arguments.at("id").as_string());
}

FieldResult bad_id() {
  return failure(domain::invalid("The id is invalid.", {{"id", "must be a positive integer"}}));
}

// Input objects as REST bodies: whole numbers written as integers (a Float `categoryId` of 3
// arrives as 3.0, and REST reads ids as integers).
json::value as_body(const json::value& input) {
  if (input.is_object()) {
    json::object body;
    for (const auto& [key, value] : input.get_object()) body[key] = as_body(value);
    return body;
  }
  if (input.is_array()) {
    json::array items;
    for (const auto& item : input.get_array()) items.push_back(as_body(item));
    return items;
  }
  if (input.is_double() && std::trunc(input.get_double()) == input.get_double() &&
      std::abs(input.get_double()) < 1e15) {
    return static_cast<std::int64_t>(input.get_double());
  }
  return input;
}

}  // namespace

bool StoreResolver::resolves(const graphql::NamedType& parent,
                             const graphql::FieldDefinition& field) const {
  return parent.name == "Query" || parent.name == "Mutation" ||
         (parent.name == "Category" && field.name == "products");
}

http::Task<std::vector<FieldResult>> StoreResolver::resolve(
    const graphql::FieldCall& call, const std::vector<const json::value*>& parents) {
  if (call.parent.name == "Category") {
    auto products = co_await category_products(call, parents);
    co_return products;
  }
  // A root field has one parent: the operation's root.
  std::vector<FieldResult> results;
  if (call.parent.name == "Mutation") {
    auto result = co_await mutation(call);
    results.push_back(std::move(result));
  } else {
    auto result = co_await query(call);
    results.push_back(std::move(result));
  }
  co_return results;
}

http::Task<FieldResult> StoreResolver::query(const graphql::FieldCall& call) {
  const std::string& name = call.definition.name;
  const json::object& arguments = call.arguments;
  if (name == "products") co_return co_await products(arguments);
  if (name == "product") co_return co_await product(arguments);
  if (name == "categories") co_return co_await categories(arguments);
  if (name == "category") co_return co_await category(arguments);
  if (name == "users") {
    std::string target = "/api/v1/users";
    if (const auto params = parameters(arguments); !params.empty()) {
      target += "?limit=" + params.front().second;
    }
    co_return co_await rest(Verb::get, target, nullptr);
  }
  if (name == "user") {
    const auto id = id_argument(arguments);
    if (!id) co_return bad_id();
    const std::string target = "/api/v1/users/" + std::to_string(*id);
    co_return co_await rest(Verb::get, target, nullptr);
  }
  if (name == "myProfile") co_return co_await rest(Verb::get, "/api/v1/auth/profile", nullptr);
  // isAvailable
  const json::value body = json::object{{"email", arguments.at("email")}};
  auto answer = co_await rest(Verb::post, "/api/v1/users/is-available", &body);
  if (!answer.error) {
    json::value available = answer.value.as_object().at("isAvailable");
    answer.value = std::move(available);
  }
  co_return answer;
}

namespace {

// Each mutation is the REST call it names: the method, the collection (the target, or where
// the `id` argument's resource lives) and the argument that is its body.
struct RestCall {
  Verb method;
  std::string_view collection;
  std::string_view body;  // the argument sent as the body; empty: all the arguments, or none
  bool by_id;
};

const std::map<std::string_view, RestCall>& rest_mutations() {
  static const std::map<std::string_view, RestCall> calls = {
      {"addProduct", {Verb::post, "/api/v1/products", "data", false}},
      {"updateProduct", {Verb::patch, "/api/v1/products", "changes", true}},
      {"deleteProduct", {Verb::delete_, "/api/v1/products", {}, true}},
      {"addUser", {Verb::post, "/api/v1/users", "data", false}},
      {"updateUser", {Verb::patch, "/api/v1/users", "changes", true}},
      {"deleteUser", {Verb::delete_, "/api/v1/users", {}, true}},
      {"addCategory", {Verb::post, "/api/v1/categories", "data", false}},
      {"updateCategory", {Verb::patch, "/api/v1/categories", "changes", true}},
      {"deleteCategory", {Verb::delete_, "/api/v1/categories", {}, true}},
      {"login", {Verb::post, "/api/v1/auth/login", {}, false}},
      {"refreshToken", {Verb::post, "/api/v1/auth/refresh-token", {}, false}},
  };
  return calls;
}

}  // namespace

http::Task<FieldResult> StoreResolver::mutation(const graphql::FieldCall& call) {
  const RestCall& rest_call = rest_mutations().at(call.definition.name);
  const json::object& arguments = call.arguments;
  std::string target(rest_call.collection);
  if (rest_call.by_id) {
    const auto id = id_argument(arguments);
    if (!id) co_return bad_id();
    target += "/" + std::to_string(*id);
  }
  const json::value body =
      rest_call.body.empty() ? as_body(arguments) : as_body(arguments.at(rest_call.body));
  const bool has_body = rest_call.method != Verb::delete_;
  // Only a create is retried under a key: the others are idempotent, or are logins.
  const bool creates = rest_call.body == "data";
  co_return co_await rest(rest_call.method, target, has_body ? &body : nullptr,
                          creates ? call.response_key : std::string_view());
}

http::Task<FieldResult> StoreResolver::products(const json::object& arguments) {
  const auto query = domain::parse_product_query(parameters(arguments));
  if (!query) co_return failure(query.error());
  const auto listing = co_await read_products(context_, *query);
  co_return listing_result(listing, product_source);
}

http::Task<FieldResult> StoreResolver::categories(const json::object& arguments) {
  const auto page = domain::parse_page(parameters(arguments), domain::kCategorySortFields);
  if (!page) co_return failure(page.error());
  const auto listing = co_await read_categories(context_, *page);
  co_return listing_result(listing, category_source);
}

http::Task<FieldResult> StoreResolver::product(const json::object& arguments) {
  const auto id = id_argument(arguments);
  if (!id) co_return bad_id();
  const auto found = co_await read_product(context_, domain::ProductId{*id});
  co_return entity_result(found, product_source);
}

http::Task<FieldResult> StoreResolver::category(const json::object& arguments) {
  const auto id = id_argument(arguments);
  if (!id) co_return bad_id();
  const auto found = co_await read_category(context_, domain::CategoryId{*id});
  co_return entity_result(found, category_source);
}

// One read per distinct category in the response, however many times each appears.
http::Task<std::vector<FieldResult>> StoreResolver::category_products(
    const graphql::FieldCall& call, const std::vector<const json::value*>& parents) {
  std::vector<FieldResult> results(parents.size());
  const auto page = domain::parse_page(parameters(call.arguments), domain::kProductSortFields);
  std::map<std::int64_t, FieldResult> by_category;
  for (std::size_t i = 0; i < parents.size(); ++i) {
    if (!page) {
      results[i] = failure(page.error());
      continue;
    }
    const std::int64_t id = parents[i]->as_object().at("id").to_number<std::int64_t>();
    auto known = by_category.find(id);
    if (known == by_category.end()) {
      domain::ProductQuery query{.filter = {}, .page = *page};
      query.filter.category_id = domain::CategoryId{id};
      const auto listing = co_await read_products(context_, query);
      known = by_category.emplace(id, listing_result(listing, product_source)).first;
    }
    results[i] = known->second;
  }
  co_return results;
}

http::Task<FieldResult> StoreResolver::rest(Verb method, std::string_view target,
                                            const json::value* body, std::string_view creates_as) {
  using field = http::beast_http::field;
  http::BeastRequest raw{method, target, 11};
  raw.set(field::host, request_.header(field::host));
  raw.set(field::accept, "application/json");
  if (const auto credentials = request_.header(field::authorization); !credentials.empty()) {
    raw.set(field::authorization, credentials);
  }
  // Each create of a document gets a key of its own, the same on every retry of the document.
  // REST checks it: a key it refuses (one too long once the field's name is added) fails the
  // field, where dropping it would let a retry create again.
  if (const auto key = request_.header("Idempotency-Key"); !key.empty() && !creates_as.empty()) {
    raw.set("Idempotency-Key", std::string(key) + "/" + std::string(creates_as));
  }
  if (body) {
    raw.set(field::content_type, "application/json");
    raw.body() = json::serialize(*body);
  }
  raw.prepare_payload();
  http::Request request(raw);
  request.set_client_address(request_.client_address());
  http::decode_target(request);
  auto match = rest_.match(method, request.path());
  if (!match.route) co_return failure(domain::Error{domain::ErrorCode::kInternal, "No route.", {}});
  request.mutable_params() = std::move(match.params);
  const http::Response response = co_await match.route->handler(request);
  if (response.result_int() >= 300) co_return failure_from(response);
  std::error_code malformed;
  json::value value = json::parse(response.body(), malformed);
  if (malformed) co_return failure(domain::Error{domain::ErrorCode::kInternal, "Bad answer.", {}});
  // User.password is in the schema for compatibility only: it never carries a password, in a
  // user or in a list of them.
  const auto blank_password = [](json::value& item) {
    if (auto* user = item.if_object(); user && user->contains("email")) (*user)["password"] = "";
  };
  if (auto* list = value.if_array()) {
    for (auto& item : *list) blank_password(item);
  } else {
    blank_password(value);
  }
  co_return FieldResult{std::move(value), std::nullopt};
}

}  // namespace mercado::api
