// Execution (specification section 6) with a resolver that records what it is asked: fields are
// resolved once per place in the response for all the objects there (no N+1), merged and
// skipped as the spec says, and errors leave nulls that rise to the nearest nullable field.
#include "graphql/execution.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "graphql/response_text.hpp"
#include "test_schema.hpp"

namespace mercado::graphql {
namespace {

namespace json = boost::json;

json::value category(int id) {
  return json::object{{"id", id}, {"name", "Category " + std::to_string(id)}};
}

json::value product(int id) {
  return json::object{{"id", id},
                      {"title", "Product " + std::to_string(id)},
                      {"price", id * 1.5},
                      {"category", category(id % 3 + 1)},
                      {"note", nullptr}};
}

// Products and categories from memory; counts every call and how many parents it was given.
class RecordingResolver final : public Resolver {
 public:
  struct Call {
    std::string field;
    std::size_t parents;
  };
  std::vector<Call> calls;
  // product(id: 0) fails, as a store read can.
  bool resolves(const NamedType& parent, const FieldDefinition& field) const override {
    return parent.name == "Query" || parent.name == "Mutation" || field.name == "products";
  }
  boost::asio::awaitable<std::vector<FieldResult>> resolve(
      const FieldCall& call, const std::vector<const json::value*>& parents) override {
    calls.push_back({call.parent.name + "." + call.definition.name, parents.size()});
    std::vector<FieldResult> results;
    for (std::size_t i = 0; i < parents.size(); ++i) results.push_back(one(call));
    co_return results;
  }

 private:
  static FieldResult one(const FieldCall& call) {
    const std::string& name = call.definition.name;
    if (name == "products") {
      const auto* limit = call.arguments.if_contains("limit");
      const std::int64_t count = limit && !limit->is_null() ? limit->as_int64() : 200;
      json::array items;
      for (int id = 1; id <= count; ++id) items.push_back(product(id));
      return {std::move(items), std::nullopt};
    }
    if (name == "categories") {
      return {json::array{category(1), category(2), category(3)}, std::nullopt};
    }
    if (name == "product") {
      const auto id = std::stoi(std::string(call.arguments.at("id").as_string()));
      if (id == 0) {
        return {nullptr, FieldError{"No product has this id.", {{"code", "NOT_FOUND"}}}};
      }
      json::value found = product(id);
      if (id == 99) found.as_object()["title"] = nullptr;  // breaks a non-null field
      return {std::move(found), std::nullopt};
    }
    if (name == "count") return {call.arguments.at("step"), std::nullopt};
    return {nullptr, std::nullopt};
  }
};

const Schema& schema() {
  static const Schema instance = testing::test_schema();
  return instance;
}

// Runs a document to its response, as text.
std::string run(std::string_view text, RecordingResolver& resolver,
                const json::object& variables = {}, std::string_view operation = {}) {
  auto prepared = prepare(schema(), text, operation, variables);
  if (auto* errors = std::get_if<RequestErrors>(&prepared)) return to_text(error_response(*errors));
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, execute(schema(), resolver, std::get<Prepared>(prepared)),
                                      boost::asio::use_future);
  io.run();
  return to_text(future.get());
}

TEST(GraphqlExecution, AListWithItsNestedObjectsAsksTheResolverOncePerPlace) {
  RecordingResolver resolver;
  const std::string answer =
      run("{ products { id category { name products(limit: 2) { title } } } }", resolver);
  // 200 products, 200 categories under them: one call for the list, one for all the nested
  // lists together.
  ASSERT_EQ(resolver.calls.size(), 2u);
  EXPECT_EQ(resolver.calls[0].field, "Query.products");
  EXPECT_EQ(resolver.calls[1].field, "Category.products");
  EXPECT_EQ(resolver.calls[1].parents, 200u);
  const auto response = json::parse(answer);
  const auto& products = response.at("data").at("products").as_array();
  ASSERT_EQ(products.size(), 200u);
  EXPECT_EQ(json::serialize(products[0]),
            R"({"id":"1","category":{"name":"Category 2","products":[{"title":"Product 1"},)"
            R"({"title":"Product 2"}]}})");
}

TEST(GraphqlExecution, KeysFollowTheSelectionAndFragmentsMerge) {
  RecordingResolver resolver;
  EXPECT_EQ(run("query ($n: Int!) { products(limit: $n) { ...F title id: id } } "
                "fragment F on Product { id price ... on Product { kind: __typename } }",
                resolver, {{"n", 2}}),
            R"({"data":{"products":[{"id":"1","price":1.5,"kind":"Product","title":"Product 1"},)"
            R"({"id":"2","price":3,"kind":"Product","title":"Product 2"}]}})");
}

TEST(GraphqlExecution, SkipAndIncludeFollowTheirVariables) {
  RecordingResolver resolver;
  const std::string text =
      "query ($s: Boolean!) { products(limit: 1) { id @skip(if: $s) title @include(if: $s) } }";
  EXPECT_EQ(run(text, resolver, {{"s", true}}), R"({"data":{"products":[{"title":"Product 1"}]}})");
  EXPECT_EQ(run(text, resolver, {{"s", false}}), R"({"data":{"products":[{"id":"1"}]}})");
}

TEST(GraphqlExecution, AFieldErrorNullsTheNullableFieldAndNamesItsPath) {
  RecordingResolver resolver;
  EXPECT_EQ(
      run("{ a: product(id: 0) { id } b: product(id: 1) { id } }", resolver),
      R"({"errors":[{"message":"No product has this id.","locations":[{"line":1,"column":3}],)"
      R"("path":["a"],"extensions":{"code":"NOT_FOUND"}}],"data":{"a":null,"b":{"id":"1"}}})");
}

TEST(GraphqlExecution, ANullInANonNullFieldRisesToTheNearestNullableOne) {
  RecordingResolver resolver;
  // title is String! on a nullable product: the product becomes null, its sibling stays.
  EXPECT_EQ(
      run("{ product(id: 99) { id title } count }", resolver),
      R"({"errors":[{"message":"Cannot return null for non-nullable field Product.title.",)"
      R"("locations":[{"line":1,"column":24}],"path":["product","title"],)"
      R"("extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":{"product":null,"count":1}})");
}

TEST(GraphqlExecution, VariablesAreCoercedOrRefusedBeforeAnythingRuns) {
  RecordingResolver resolver;
  EXPECT_EQ(run("query ($id: ID!) { product(id: $id) { id } }", resolver, {{"id", 7}}),
            R"({"data":{"product":{"id":"7"}}})");
  EXPECT_EQ(run("query ($step: Int) { count(step: $step) }", resolver, {{"step", "x"}}),
            R"({"errors":[{"message":"Variable \"$step\" got invalid value \"x\"; Int cannot )"
            R"(represent non-integer value: \"x\"","locations":[{"line":1,"column":8}],)"
            R"("extensions":{"code":"BAD_USER_INPUT"}}]})");
  // An absent variable leaves the argument to its default.
  EXPECT_EQ(run("query ($step: Int) { count(step: $step) }", resolver), R"({"data":{"count":1}})");
  EXPECT_EQ(run("query ($id: ID!) { product(id: $id) { id } }", resolver),
            R"({"errors":[{"message":"Variable \"$id\" of required type \"ID!\" was not )"
            R"(provided.","locations":[{"line":1,"column":8}],)"
            R"("extensions":{"code":"BAD_USER_INPUT"}}]})");
  EXPECT_TRUE(resolver.calls.size() == 2u);
}

TEST(GraphqlExecution, TheOperationIsChosenByName) {
  RecordingResolver resolver;
  const std::string text = "query A { count } query B { c: count(step: 2) }";
  EXPECT_EQ(run(text, resolver, {}, "B"), R"({"data":{"c":2}})");
  EXPECT_EQ(json::parse(run(text, resolver)).at("errors").at(0).at("message"),
            "Must provide operation name if query contains multiple operations.");
  EXPECT_EQ(json::parse(run(text, resolver, {}, "C")).at("errors").at(0).at("message"),
            "Unknown operation named \"C\".");
}

TEST(GraphqlExecution, IntrospectionDescribesTheSchema) {
  RecordingResolver resolver;
  const auto response = json::parse(
      run("{ __type(name: \"Category\") { kind name fields { name type { kind ofType { kind "
          "ofType { name } } } } } __schema { queryType { name } mutationType { name } } }",
          resolver));
  const auto& type = response.at("data").at("__type");
  EXPECT_EQ(type.at("kind"), "OBJECT");
  const auto& products = type.at("fields").at(2);
  EXPECT_EQ(products.at("name"), "products");
  EXPECT_EQ(json::serialize(products.at("type")),
            R"({"kind":"NON_NULL","ofType":{"kind":"LIST","ofType":{"name":null}}})");
  EXPECT_EQ(response.at("data").at("__schema").at("mutationType").at("name"), "Mutation");
  EXPECT_TRUE(resolver.calls.empty());
}

TEST(GraphqlExecution, NumbersAreWrittenAsShortDecimals) {
  EXPECT_EQ(to_text(json::value(0.3)), "0.3");
  EXPECT_EQ(to_text(json::value(10.0)), "10");
  EXPECT_EQ(to_text(json::value(-0.0)), "0");
  EXPECT_EQ(to_text(json::value("a\"\n")), R"("a\"\u000a")");
}

}  // namespace
}  // namespace mercado::graphql
