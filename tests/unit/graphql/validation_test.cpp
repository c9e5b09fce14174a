// Validation (specification section 5): each rule refuses what it should, with graphql-js's
// message and the locations of the nodes concerned, and accepts what it should; and the bounds
// refuse hostile documents with one error, before any other work.
#include "graphql/validation.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <variant>

#include "graphql/parser.hpp"
#include "test_schema.hpp"

namespace mercado::graphql {
namespace {

const Schema& schema() {
  static const Schema instance = testing::test_schema();
  return instance;
}

std::vector<ValidationError> errors_of(std::string_view text, const Limits& limits = {}) {
  auto parsed = parse(text);
  if (auto* error = std::get_if<SyntaxError>(&parsed)) {
    ADD_FAILURE() << "syntax: " << error->message;
    return {};
  }
  return validate(schema(), std::get<Document>(parsed), limits);
}

// The one message the document gets.
std::string only_error(std::string_view text, const Limits& limits = {}) {
  const auto errors = errors_of(text, limits);
  EXPECT_EQ(errors.size(), 1u) << text;
  std::string all;
  for (const auto& error : errors) all += error.message;
  return all;
}

TEST(GraphqlValidation, AcceptsTheSpecsKindsOfDocument) {
  EXPECT_TRUE(errors_of("{ products { id title category { name } } }").empty());
  EXPECT_TRUE(errors_of("query Q($n: Int = 5, $skip: Boolean!) { products(limit: $n) @skip(if: "
                        "$skip) { ...P ... on Product { price } ... @include(if: true) { id } } }"
                        "fragment P on Product { id renamed: title __typename }")
                  .empty());
  EXPECT_TRUE(
      errors_of("mutation { addProduct(data: {title: \"a\", price: 1, tags: \"one\"}) { id } }")
          .empty());
  EXPECT_TRUE(
      errors_of("{ __schema { types { name } } __type(name: \"Product\") { name } }").empty());
  // The same field twice under one key merges, arguments and all.
  EXPECT_TRUE(errors_of("{ product(id: 1) { id } product(id: 1) { title } }").empty());
}

TEST(GraphqlValidation, FieldsMustExistAndLeavesMustEndSelections) {
  EXPECT_EQ(only_error("{ nope }"), "Cannot query field \"nope\" on type \"Query\".");
  EXPECT_EQ(only_error("{ products }"),
            "Field \"products\" of type \"[Product!]!\" must have a selection of subfields. Did "
            "you mean \"products { ... }\"?");
  EXPECT_EQ(only_error("{ count { x } }"),
            "Field \"count\" must not have a selection since type \"Int!\" has no subfields.");
  // __schema lives on the query root only.
  EXPECT_EQ(only_error("{ products { __schema { types { name } } } }"),
            "Cannot query field \"__schema\" on type \"Product\".");
}

TEST(GraphqlValidation, ArgumentsAreKnownUniqueAndGiven) {
  EXPECT_EQ(only_error("{ products(first: 2) { id } }"),
            "Unknown argument \"first\" on field \"Query.products\". Did you mean \"limit\"?");
  EXPECT_EQ(only_error("{ products(limit: 1, limit: 2) { id } }"),
            "There can be only one argument named \"limit\".");
  EXPECT_EQ(only_error("{ product { id } }"),
            "Field \"product\" argument \"id\" of type \"ID!\" is required, but it was not "
            "provided.");
  const auto errors = errors_of("{ products(limit: \"ten\") { id } }");
  ASSERT_EQ(errors.size(), 1u);
  // The scalar's own words, as graphql-js reports a scalar that refuses a literal.
  EXPECT_EQ(errors[0].message, "Int cannot represent non-integer value: \"ten\"");
  EXPECT_EQ(errors[0].locations.at(0).column, 19u);
}

TEST(GraphqlValidation, InputObjectsAndEnums) {
  EXPECT_EQ(only_error("mutation { addProduct(data: {title: \"a\"}) { id } }"),
            "Field \"NewProduct.price\" of required type \"Float!\" was not provided.");
  EXPECT_EQ(only_error("mutation { addProduct(data: {title: \"a\", price: 1, x: 1}) { id } }"),
            "Field \"x\" is not defined by type \"NewProduct\".");
  EXPECT_EQ(
      only_error("mutation { addProduct(data: {title: \"a\", price: 1, role: boss}) { id } }"),
      "Value \"boss\" does not exist in \"Role\" enum.");
  EXPECT_EQ(only_error("mutation { addProduct(data: {title: null, price: 1}) { id } }"),
            "Expected value of type \"String!\", found null.");
  EXPECT_EQ(only_error("{ count(step: 3000000000) }"),
            "Int cannot represent non 32-bit signed integer value: 3000000000");
}

TEST(GraphqlValidation, Fragments) {
  EXPECT_EQ(only_error("{ products { ...Nope } }"), "Unknown fragment \"Nope\".");
  EXPECT_EQ(only_error("{ products { id } } fragment F on Product { id }"),
            "Fragment \"F\" is never used.");
  EXPECT_EQ(only_error("{ products { ...F } } fragment F on Nope { id }"),
            "Unknown type \"Nope\". Did you mean \"Role\"?");
  EXPECT_EQ(only_error("{ products { ...F } } fragment F on Category { id }"),
            "Fragment \"F\" cannot be spread here as objects of type \"Product\" can never be of "
            "type \"Category\".");
  EXPECT_EQ(only_error("{ products { ...F } } fragment F on String { id }"),
            "Fragment \"F\" cannot condition on non composite type \"String\".");
  EXPECT_EQ(only_error("{ products { ...F } } fragment F on Product { id } "
                       "fragment F on Product { title }"),
            "There can be only one fragment named \"F\".");
}

TEST(GraphqlValidation, FragmentCyclesStopValidationBeforeAnyExpansion) {
  const auto errors = errors_of(
      "{ products { ...A } } fragment A on Product { ...B } "
      "fragment B on Product { ...A }");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "Cannot spread fragment \"A\" within itself via \"B\".");
  EXPECT_EQ(only_error("{ products { ...A } } fragment A on Product { id ...A }"),
            "Cannot spread fragment \"A\" within itself.");
}

TEST(GraphqlValidation, Variables) {
  EXPECT_EQ(only_error("query ($n: Int) { products { id } }"), "Variable \"$n\" is never used.");
  EXPECT_EQ(only_error("query Q { products(limit: $n) { id } }"),
            "Variable \"$n\" is not defined by operation \"Q\".");
  EXPECT_EQ(only_error("query ($n: Int, $n: Int) { products(limit: $n) { id } }"),
            "There can be only one variable named \"$n\".");
  const auto non_input = errors_of("query ($p: Product) { product(id: 1) { id } }");
  ASSERT_EQ(non_input.size(), 2u);  // and it is never used
  EXPECT_EQ(non_input[0].message, "Variable \"$p\" cannot be non-input type \"Product\".");
  EXPECT_EQ(only_error("query ($id: ID) { product(id: $id) { id } }"),
            "Variable \"$id\" of type \"ID\" used in position expecting type \"ID!\".");
  // A default on the variable makes a nullable one fit a non-null position.
  EXPECT_TRUE(errors_of("query ($id: ID = 1) { product(id: $id) { id } }").empty());
  // Variables used in fragments belong to each operation that spreads them.
  EXPECT_EQ(only_error("query A { products { ...F } } fragment F on Product { id @skip(if: $s) }"),
            "Variable \"$s\" is not defined by operation \"A\".");
}

TEST(GraphqlValidation, OperationsAndDirectives) {
  EXPECT_EQ(only_error("{ count } query Q { count }"),
            "This anonymous operation must be the only defined operation.");
  EXPECT_EQ(only_error("query Q { count } query Q { count }"),
            "There can be only one operation named \"Q\".");
  EXPECT_EQ(only_error("subscription { count }"),
            "Schema is not configured to execute subscription operation.");
  EXPECT_EQ(only_error("{ count @nope }"), "Unknown directive \"@nope\".");
  EXPECT_EQ(only_error("query @skip(if: true) { count }"),
            "Directive \"@skip\" may not be used on QUERY.");
  EXPECT_EQ(only_error("{ count @skip(if: true) @skip(if: false) }"),
            "The directive \"@skip\" can only be used once at this location.");
  EXPECT_EQ(only_error("{ count @include }"),
            "Directive \"@include\" argument \"if\" of type \"Boolean!\" is required, but it was "
            "not provided.");
}

TEST(GraphqlValidation, ConflictingFieldsUnderOneKey) {
  EXPECT_EQ(only_error("{ products { x: id x: title } }"),
            "Fields \"x\" conflict because \"id\" and \"title\" are different fields. Use "
            "different aliases on the fields to fetch both if this was intentional.");
  EXPECT_EQ(only_error("{ product(id: 1) { id } product(id: 2) { id } }"),
            "Fields \"product\" conflict because they have differing arguments. Use different "
            "aliases on the fields to fetch both if this was intentional.");
  // Through a fragment and one level down.
  const std::string nested = only_error(
      "{ categories { products { x: id } ...F } } fragment F on Category { products { x: title } "
      "}");
  EXPECT_NE(nested.find("\"id\" and \"title\" are different fields"), std::string::npos) << nested;
}

TEST(GraphqlValidation, BoundsGiveOneErrorEach) {
  Limits limits;
  limits.max_depth = 3;
  auto errors = errors_of("{ categories { products { category { name } } } }", limits);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "QUERY_TOO_COMPLEX");
  EXPECT_EQ(errors[0].message, "The operation nests fields 4 deep; at most 3 levels are allowed.");
  limits = {};
  limits.max_aliases = 2;
  EXPECT_EQ(only_error("{ a: count b: count c: count }", limits),
            "The document has 3 aliases; at most 2 are allowed.");
  // A list multiplies what it selects: 200 categories of 200 products of 3 fields.
  errors = errors_of("{ categories { products { id title price } } }");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message.substr(0, 40), "The operation may return 120201 values; ");
  // A literal limit counts instead of the assumed page.
  EXPECT_TRUE(errors_of("{ categories { products(limit: 10) { id title price } } }").empty());
  // Work that hashes passwords counts heavily: five logins fit, six do not.
  EXPECT_TRUE(errors_of("mutation { a: login(email: \"a\") b: login(email: \"a\") "
                        "c: login(email: \"a\") d: login(email: \"a\") e: login(email: \"a\") }")
                  .empty());
  EXPECT_EQ(errors_of("mutation { a: login(email: \"a\") b: login(email: \"a\") "
                      "c: login(email: \"a\") d: login(email: \"a\") e: login(email: \"a\") "
                      "f: login(email: \"a\") }")
                .at(0)
                .code,
            "QUERY_TOO_COMPLEX");
}

TEST(GraphqlValidation, FragmentsThatDoubleAtEachLevelAreMeasuredNotExpanded) {
  std::string text = "{ products { ...F0 } }";
  for (int i = 0; i < 40; ++i) {
    text += " fragment F" + std::to_string(i) + " on Product { ...F" + std::to_string(i + 1) +
            " ...F" + std::to_string(i + 1) + " }";
  }
  text += " fragment F40 on Product { id }";
  const auto started = std::chrono::steady_clock::now();
  const auto errors = errors_of(text);
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "QUERY_TOO_COMPLEX");
  EXPECT_LT(took, std::chrono::seconds(1));
}

TEST(GraphqlValidation, MeasureCountsFragmentsAndLists) {
  auto parsed =
      parse("{ categories { ...C } } fragment C on Category { id products(limit: 3) { id } }");
  const auto& document = std::get<Document>(parsed);
  const Measure size = measure(schema(), document, document.operations[0]);
  EXPECT_EQ(size.depth, 3u);
  EXPECT_EQ(size.fields, 4u);
  // categories (1) + 200 x (id 1 + products (1 + 3 x id 1)).
  EXPECT_EQ(size.cost, 1 + 200 * (1 + 1 + 3));
}

}  // namespace
}  // namespace mercado::graphql
