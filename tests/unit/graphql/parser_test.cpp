// The GraphQL parser: the examples of the specification's section 2, each kind of syntax error
// with graphql-js's message and its location, and every limit, hostile documents included.
#include "graphql/parser.hpp"

#include <gtest/gtest.h>
#include <pthread.h>

#include <chrono>
#include <functional>
#include <string>
#include <variant>

namespace mercado::graphql {
namespace {

using namespace std::string_literals;

Document parsed(std::string_view text) {
  ParseResult result = parse(text);
  if (const auto* error = std::get_if<SyntaxError>(&result)) {
    ADD_FAILURE() << "refused: " << error->message << " at " << error->location.line << ":"
                  << error->location.column;
    return {};
  }
  return std::get<Document>(std::move(result));
}

std::string where(SourceLocation location) {
  return std::to_string(location.line) + ":" + std::to_string(location.column);
}

// "line:column message", so one comparison checks both.
std::string error_of(std::string_view text) {
  const ParseResult result = parse(text);
  if (const auto* error = std::get_if<SyntaxError>(&result)) {
    return where(error->location) + " " + error->message;
  }
  return "accepted";
}

// The value of `a` in `{ f(a: <literal>) }`.
Value argument(std::string_view literal) {
  const Document document = parsed("{ f(a: " + std::string(literal) + ") }");
  if (document.operations.empty()) return {};
  return document.operations[0].selection_set.selections[0].arguments[0].value;
}

std::string string_value(std::string_view literal) {
  const Value value = argument(literal);
  EXPECT_EQ(value.kind, Value::Kind::kString) << literal;
  return value.text;
}

const char* const kKitchenSink =
    R"graphql(query queryName($foo: ComplexType, $site: Site = MOBILE) @onQuery {
  whoever123is: node(id: [123, 456]) {
    id ,
    ... on User @onInlineFragment {
      field2 {
        alias: field1(first: 10, after: $foo) @include(if: $foo) { id, ...frag @onFragmentSpread }
      }
    }
    ... @skip(unless: $foo) { id }
    ... { id }
  }
}

mutation likeStory @onMutation { like(story: 123) @onField { story { id @onField } } }

subscription StoryLikeSubscription($input: StoryLikeSubscribeInput @onVariableDefinition)
    @onSubscription { storyLikeSubscribe(input: $input) { story { likers { count } } } }

fragment frag on Friend @onFragmentDefinition {
  foo(size: $size, bar: $b, obj: {key: "value", block: """
      block string uses \"""
  """})
}

{ unnamed(truthy: true, falsy: false, nullish: null), query }

query { __typename }
)graphql";

TEST(GraphqlParser, ReadsTheKitchenSinksQuery) {
  const Document document = parsed(kKitchenSink);
  ASSERT_EQ(document.operations.size(), 5u);
  ASSERT_EQ(document.fragments.size(), 1u);

  const Operation& query = document.operations[0];
  EXPECT_EQ(query.type, OperationType::kQuery);
  EXPECT_EQ(query.name, "queryName");
  EXPECT_EQ(where(query.location), "1:1");
  ASSERT_EQ(query.variables.size(), 2u);
  EXPECT_EQ(query.variables[0].name, "foo");
  EXPECT_EQ(where(query.variables[0].location), "1:17");
  EXPECT_EQ(query.variables[0].type.name, "ComplexType");
  EXPECT_FALSE(query.variables[0].default_value);
  ASSERT_TRUE(query.variables[1].default_value);
  EXPECT_EQ(query.variables[1].default_value->kind, Value::Kind::kEnum);
  EXPECT_EQ(query.variables[1].default_value->text, "MOBILE");
  ASSERT_EQ(query.directives.size(), 1u);
  EXPECT_EQ(query.directives[0].name, "onQuery");

  const Selection& node = query.selection_set.selections.at(0);
  EXPECT_EQ(node.alias, "whoever123is");
  EXPECT_EQ(node.name, "node");
  EXPECT_EQ(node.response_key(), "whoever123is");
  EXPECT_EQ(where(node.location), "2:3");
  const Value& ids = node.arguments.at(0).value;
  EXPECT_EQ(ids.kind, Value::Kind::kList);
  EXPECT_EQ(where(ids.location), "2:26");
  ASSERT_EQ(ids.items.size(), 2u);
  EXPECT_EQ(ids.items[1].kind, Value::Kind::kInt);
  EXPECT_EQ(ids.items[1].text, "456");

  const auto& inside = node.selection_set.selections;
  ASSERT_EQ(inside.size(), 4u);
  EXPECT_EQ(inside[0].name, "id");
  EXPECT_EQ(inside[1].kind, Selection::Kind::kInlineFragment);
  EXPECT_EQ(inside[1].type_condition, "User");
  EXPECT_EQ(inside[1].directives.at(0).name, "onInlineFragment");
  EXPECT_EQ(where(inside[1].location), "4:5");
  const Selection& alias = inside[1].selection_set.selections.at(0).selection_set.selections.at(0);
  EXPECT_EQ(alias.alias, "alias");
  EXPECT_EQ(alias.name, "field1");
  ASSERT_EQ(alias.arguments.size(), 2u);
  EXPECT_EQ(alias.arguments[0].value.text, "10");
  EXPECT_EQ(alias.arguments[1].value.kind, Value::Kind::kVariable);
  EXPECT_EQ(alias.arguments[1].value.text, "foo");
  EXPECT_EQ(alias.directives.at(0).arguments.at(0).name, "if");
  const Selection& spread = alias.selection_set.selections.at(1);
  EXPECT_EQ(spread.kind, Selection::Kind::kFragmentSpread);
  EXPECT_EQ(spread.name, "frag");
  EXPECT_EQ(spread.directives.at(0).name, "onFragmentSpread");
  EXPECT_EQ(inside[2].kind, Selection::Kind::kInlineFragment);
  EXPECT_EQ(inside[2].type_condition, "");
  EXPECT_EQ(inside[2].directives.at(0).name, "skip");
  EXPECT_TRUE(inside[3].directives.empty());
  EXPECT_EQ(inside[3].selection_set.selections.at(0).name, "id");
}

TEST(GraphqlParser, ReadsTheKitchenSinksOtherDefinitions) {
  const Document document = parsed(kKitchenSink);
  ASSERT_EQ(document.operations.size(), 5u);
  ASSERT_EQ(document.fragments.size(), 1u);
  EXPECT_EQ(document.operations[1].type, OperationType::kMutation);
  EXPECT_EQ(document.operations[1].name, "likeStory");
  EXPECT_EQ(document.operations[2].type, OperationType::kSubscription);
  EXPECT_EQ(document.operations[2].variables.at(0).directives.at(0).name, "onVariableDefinition");

  const Fragment& fragment = document.fragments[0];
  EXPECT_EQ(fragment.name, "frag");
  EXPECT_EQ(fragment.type_condition, "Friend");
  EXPECT_EQ(where(fragment.location), "19:1");
  const Value& object = fragment.selection_set.selections.at(0).arguments.at(2).value;
  EXPECT_EQ(object.kind, Value::Kind::kObject);
  EXPECT_EQ(object.names, (std::vector<std::string>{"key", "block"}));
  EXPECT_EQ(object.items.at(0).text, "value");
  EXPECT_EQ(object.items.at(1).text, R"(block string uses """)");

  const Operation& shorthand = document.operations[3];
  EXPECT_EQ(shorthand.type, OperationType::kQuery);
  EXPECT_EQ(shorthand.name, "");
  EXPECT_EQ(where(shorthand.location), "25:1");
  const auto& literals = shorthand.selection_set.selections.at(0).arguments;
  ASSERT_EQ(literals.size(), 3u);
  EXPECT_EQ(literals[0].value.kind, Value::Kind::kBoolean);
  EXPECT_EQ(literals[1].value.text, "false");
  EXPECT_EQ(literals[2].value.kind, Value::Kind::kNull);
  EXPECT_EQ(shorthand.selection_set.selections.at(1).name, "query");
  EXPECT_EQ(document.operations[4].selection_set.selections.at(0).name, "__typename");
  EXPECT_EQ(where(document.operations[4].location), "27:1");
}

TEST(GraphqlParser, ReadsTheSpecificationsFragmentsVariablesAndTypes) {
  const Document document = parsed(R"(
    query withNestedFragments($size: Int = 60, $ids: [ID!]!) {
      user(id: 4) { friends(first: 10) { ...friendFields } }
    }
    fragment friendFields on User { id name ...standardProfilePic }
    fragment standardProfilePic on User { profilePic(size: $size) }
  )");
  ASSERT_EQ(document.fragments.size(), 2u);
  EXPECT_EQ(document.fragments[0].selection_set.selections.at(2).name, "standardProfilePic");
  const auto& variables = document.operations.at(0).variables;
  ASSERT_EQ(variables.size(), 2u);
  EXPECT_EQ(variables[0].default_value->text, "60");
  const TypeRef& ids = variables[1].type;  // NonNull(List(NonNull(ID)))
  ASSERT_EQ(ids.kind, TypeRef::Kind::kNonNull);
  ASSERT_EQ(ids.of->kind, TypeRef::Kind::kList);
  ASSERT_EQ(ids.of->of->kind, TypeRef::Kind::kNonNull);
  EXPECT_EQ(ids.of->of->of->kind, TypeRef::Kind::kNamed);
  EXPECT_EQ(ids.of->of->of->name, "ID");
  EXPECT_EQ(where(ids.location), "2:54");

  // Keywords are names everywhere else; `...onion` is a spread, `... on` a type condition.
  const Document keywords = parsed("query query { ...onion ... on on { on } }");
  const auto& selections = keywords.operations.at(0).selection_set.selections;
  EXPECT_EQ(keywords.operations[0].name, "query");
  EXPECT_EQ(selections.at(0).kind, Selection::Kind::kFragmentSpread);
  EXPECT_EQ(selections.at(0).name, "onion");
  EXPECT_EQ(selections.at(1).type_condition, "on");
  EXPECT_EQ(parsed("fragment f on on { on }").fragments.at(0).type_condition, "on");
}

TEST(GraphqlParser, ReadsEveryKindOfValue) {
  const Value value = argument(R"({i: 0, n: -123, f: -1.5e10, g: 1E-3, h: 0.5, s: "s", b: true,
    z: null, e: ENUM, v: $var, l: [1, [2, []]], o: {x: {}}})");
  ASSERT_EQ(value.names.size(), 12u);
  const std::vector<std::pair<Value::Kind, std::string>> expected = {
      {Value::Kind::kInt, "0"},         {Value::Kind::kInt, "-123"},
      {Value::Kind::kFloat, "-1.5e10"}, {Value::Kind::kFloat, "1E-3"},
      {Value::Kind::kFloat, "0.5"},     {Value::Kind::kString, "s"},
      {Value::Kind::kBoolean, "true"},  {Value::Kind::kNull, ""},
      {Value::Kind::kEnum, "ENUM"},     {Value::Kind::kVariable, "var"},
      {Value::Kind::kList, ""},         {Value::Kind::kObject, ""}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(value.items[i].kind, expected[i].first) << value.names[i];
    EXPECT_EQ(value.items[i].text, expected[i].second) << value.names[i];
  }
  EXPECT_EQ(value.items[10].items.at(1).items.at(1).kind, Value::Kind::kList);
  EXPECT_EQ(value.items[11].items.at(0).kind, Value::Kind::kObject);
  EXPECT_EQ(where(value.items[1].location), "1:18");
  EXPECT_EQ(where(value.items[7].location), "2:8");
}

TEST(GraphqlParser, ResolvesStringEscapes) {
  EXPECT_EQ(string_value(R"(" white space ")"), " white space ");
  EXPECT_EQ(string_value(R"("\" \\ \/ \b \f \n \r \t")"), "\" \\ / \b \f \n \r \t");
  EXPECT_EQ(string_value(R"("\u1234\u5678\u90AB\uCDEF\u00e9")"), "\u1234\u5678\u90AB\uCDEF\u00e9");
  EXPECT_EQ(string_value(R"("\uD83D\uDE00 \ud83d\ude00")"), "\xF0\x9F\x98\x80 \xF0\x9F\x98\x80");
  EXPECT_EQ(string_value(R"("\u0000")"), "\0"s);
  EXPECT_EQ(string_value("\"caf\xC3\xA9 \xF0\x9F\x98\x80\ttab\x7F\""),
            "caf\xC3\xA9 \xF0\x9F\x98\x80\ttab\x7F");
}

TEST(GraphqlParser, RemovesBlockStringIndentation) {
  // Section 2.9.4's example.
  EXPECT_EQ(
      string_value("\"\"\"\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  \"\"\""),
      "Hello,\n  World!\n\nYours,\n  GraphQL.");
  EXPECT_EQ(string_value(R"("""  white space  """)"), "  white space  ");
  EXPECT_EQ(string_value(R"("""contains " quote""")"), R"(contains " quote)");
  EXPECT_EQ(string_value(R"("""contains \""" triple quote""")"), R"(contains """ triple quote)");
  EXPECT_EQ(string_value("\"\"\"multi\rline\r\nnormalized\n\"\"\""), "multi\nline\nnormalized");
  EXPECT_EQ(string_value(R"("""unescaped \n\r\b\t\f\u1234""")"), R"(unescaped \n\r\b\t\f\u1234)");
  EXPECT_EQ(string_value("\"\"\"\n\n    spans\n      multiple\n        lines\n\n    \"\"\""),
            "spans\n  multiple\n    lines");
  EXPECT_EQ(string_value("\"\"\"  first\n    second\n  third\"\"\""), "  first\n  second\nthird");
  EXPECT_EQ(string_value("\"\"\"first\n    second\n    third\"\"\""), "first\nsecond\nthird");
  EXPECT_EQ(string_value("\"\"\"\n\tx\n\t\ty\n\"\"\""), "x\n\ty");
  EXPECT_EQ(string_value(R"("""""")"), "");
  EXPECT_EQ(string_value("\"\"\"  \n  \t \n\"\"\""), "");
}

TEST(GraphqlParser, LocatesByLineAndCodePoint) {
  const Document document = parsed(
      "query Q {\r\n  a(x: \"\xC3\xA9\xF0\x9F\x98\x80\", y: $v) {\r    b\n  }\n  c(z: \"\"\"\n"
      "  one\n  two\n\"\"\") d\n}");
  const auto& selections = document.operations.at(0).selection_set.selections;
  ASSERT_EQ(selections.size(), 3u);
  EXPECT_EQ(where(selections[0].location), "2:3");
  EXPECT_EQ(where(selections[0].arguments.at(1).location), "2:14");
  EXPECT_EQ(where(selections[0].arguments.at(1).value.location), "2:17");
  EXPECT_EQ(where(selections[0].selection_set.selections.at(0).location), "3:5");
  EXPECT_EQ(selections[1].arguments.at(0).value.text, "one\ntwo");
  EXPECT_EQ(where(selections[2].location), "8:6");
  EXPECT_EQ(error_of("{ a(x: \"\xC3\xA9\xF0\x9F\x98\x80\") ? }"),
            "1:14 Syntax Error: Unexpected character: \"?\".");
  EXPECT_EQ(error_of("\xEF\xBB\xBF{"), "1:3 Syntax Error: Expected Name, found <EOF>.");
  EXPECT_EQ(error_of("{\ra\r"), "3:1 Syntax Error: Expected Name, found <EOF>.");
}

TEST(GraphqlParser, RefusesBadCharactersAndStrings) {
  EXPECT_EQ(error_of("{ a ? }"), "1:5 Syntax Error: Unexpected character: \"?\".");
  EXPECT_EQ(error_of("{ a 'b' }"),
            "1:5 Syntax Error: Unexpected single quote character ('), did you mean to use a "
            "double quote (\")?");
  EXPECT_EQ(error_of("{ a. }"), "1:4 Syntax Error: Unexpected character: \".\".");
  EXPECT_EQ(error_of("{ a .. b }"), "1:5 Syntax Error: Unexpected character: \".\".");
  EXPECT_EQ(error_of("{ a \x07 }"), "1:5 Syntax Error: Unexpected character: U+0007.");
  EXPECT_EQ(error_of("{ \xC3\xA9 }"), "1:3 Syntax Error: Unexpected character: U+00E9.");
  EXPECT_EQ(error_of("{ a } # comment \x01 more"),
            "1:17 Syntax Error: Unexpected character: U+0001.");
  EXPECT_EQ(error_of("{ a(b: \"x\x01\") }"),
            "1:10 Syntax Error: Invalid character within String: U+0001.");
  EXPECT_EQ(error_of("{ a(b: \"\"\"x\x1F\"\"\") }"),
            "1:12 Syntax Error: Invalid character within String: U+001F.");
  EXPECT_EQ(error_of("{ a(b: \"abc) }"), "1:15 Syntax Error: Unterminated string.");
  EXPECT_EQ(error_of("{ a(b: \"ab\ncd\") }"), "1:11 Syntax Error: Unterminated string.");
  EXPECT_EQ(error_of("{ a(b: \"\"\"abc) }"), "1:17 Syntax Error: Unterminated string.");
  EXPECT_EQ(error_of(R"({ a(b: "\x") })"),
            R"(1:9 Syntax Error: Invalid character escape sequence: "\x".)");
  EXPECT_EQ(error_of(R"({ a(b: "\u12G4") })"),
            R"(1:9 Syntax Error: Invalid Unicode escape sequence: "\u12G4".)");
  // \u{...} came after the October 2021 edition.
  EXPECT_EQ(error_of(R"({ a(b: "\u{1F600}") })"),
            R"(1:9 Syntax Error: Invalid Unicode escape sequence: "\u{1F6".)");
  for (const char* lone :
       {R"("\uD83D")", R"("\uDE00\uD83D")", R"("\uD83D\u0041")", R"("\uD83Dx")"}) {
    EXPECT_EQ(error_of("{ a(b: "s + lone + ") }"),
              "1:9 Syntax Error: Invalid Unicode escape sequence: \""s + std::string(lone + 1, 6) +
                  "\".");
  }
}

TEST(GraphqlParser, RefusesMalformedUtf8) {
  for (const char* bad :
       {"\xC3\x28", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF", "\xE2\x82"}) {
    EXPECT_EQ(error_of("{ a(b: \""s + bad + "\") }"), "1:9 Syntax Error: Invalid UTF-8.") << bad;
  }
  EXPECT_EQ(error_of("{\n \xC3\xA9\xFF }"), "2:3 Syntax Error: Invalid UTF-8.");
  EXPECT_EQ(error_of("{ a } \xE2\x82"), "1:7 Syntax Error: Invalid UTF-8.");
}

TEST(GraphqlParser, RefusesBadNumbers) {
  EXPECT_EQ(error_of("{ f(a: 00) }"),
            "1:9 Syntax Error: Invalid number, unexpected digit after 0: \"0\".");
  EXPECT_EQ(error_of("{ f(a: -01) }"),
            "1:10 Syntax Error: Invalid number, unexpected digit after 0: \"1\".");
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"1.)", "1:10 ... \")\""},   {"1x)", "1:9 ... \"x\""},    {"1.5.2)", "1:11 ... \".\""},
      {"0x1F)", "1:9 ... \"x\""},  {"-)", "1:9 ... \")\""},     {"1e)", "1:10 ... \")\""},
      {"1_000)", "1:9 ... \"_\""}, {"1.e5)", "1:10 ... \"e\""}, {"1.", "1:10 ... <EOF>"}};
  for (const auto& [literal, expected] : cases) {
    std::string message = expected;
    message.replace(message.find("..."), 3,
                    "Syntax Error: Invalid number, expected digit but got:");
    EXPECT_EQ(error_of("{ f(a: "s + literal), message + ".") << literal;
  }
  EXPECT_EQ(error_of("{ f(a: .5) }"), "1:8 Syntax Error: Unexpected character: \".\".");
}

TEST(GraphqlParser, RefusesWhatTheGrammarDoesNotAllow) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "1:1 Syntax Error: Unexpected <EOF>."},
      {"  # only a comment\n", "2:1 Syntax Error: Unexpected <EOF>."},
      {"{", "1:2 Syntax Error: Expected Name, found <EOF>."},
      {"{}", "1:2 Syntax Error: Expected Name, found \"}\"."},
      {"{ a }}", "1:6 Syntax Error: Unexpected \"}\"."},
      {"query", "1:6 Syntax Error: Expected \"{\", found <EOF>."},
      {"query Q($a: Int) @d", "1:20 Syntax Error: Expected \"{\", found <EOF>."},
      {"notanoperation Foo { field }", "1:1 Syntax Error: Unexpected Name \"notanoperation\"."},
      {"...", "1:1 Syntax Error: Unexpected \"...\"."},
      {"{ ...MissingOn }\nfragment MissingOn Type",
       "2:20 Syntax Error: Expected \"on\", found Name \"Type\"."},
      {"fragment on on on { on }", "1:10 Syntax Error: Unexpected Name \"on\"."},
      {"{ field: {} }", "1:10 Syntax Error: Expected Name, found \"{\"."},
      {"{ f(a: ) }", "1:8 Syntax Error: Unexpected \")\"."},
      {"{ f() }", "1:5 Syntax Error: Expected Name, found \")\"."},
      {"{ f(a: \"x\" \"y\") }", "1:12 Syntax Error: Expected Name, found String \"y\"."},
      {"{ f(a: 1 2) }", "1:10 Syntax Error: Expected Name, found Int \"2\"."},
      {"{ f(a: [1, 2) }", "1:13 Syntax Error: Unexpected \")\"."},
      {"{ f(a: {c 1}) }", "1:11 Syntax Error: Expected \":\", found Int \"1\"."},
      {"{ a @ }", "1:7 Syntax Error: Expected Name, found \"}\"."},
      {"{ ... on }", "1:10 Syntax Error: Expected Name, found \"}\"."},
      {"{ ... on T }", "1:12 Syntax Error: Expected \"{\", found \"}\"."},
      {"query Q() { a }", "1:9 Syntax Error: Expected \"$\", found \")\"."},
      {"query Q($a) { a }", "1:11 Syntax Error: Expected \":\", found \")\"."},
      {"query Q($a: ) { a }", "1:13 Syntax Error: Expected Name, found \")\"."},
      {"query Q($a: [Int) { a }", "1:17 Syntax Error: Expected \"]\", found \")\"."},
      {"query Q($a: Int = $b) { a }",
       "1:19 Syntax Error: Unexpected variable \"$b\" in constant value."},
      {"query Q($a: [Int] = [1, {x: $b}]) { a }",
       "1:29 Syntax Error: Unexpected variable \"$b\" in constant value."},
      {"query Q($a: Int @d(x: $b)) { a }",
       "1:23 Syntax Error: Unexpected variable \"$b\" in constant value."},
      {"query Q($a: Int = $) { a }", "1:19 Syntax Error: Unexpected \"$\"."},
      {"{ f(a: $) }", "1:9 Syntax Error: Expected Name, found \")\"."},
      {"{ a } extra", "1:7 Syntax Error: Unexpected Name \"extra\"."},
      {"\"desc\" query { a }",
       "1:1 Syntax Error: Unexpected description, descriptions are supported only on type "
       "definitions."},
      {"\"desc\" { a }", "1:8 Syntax Error: Unexpected \"{\"."},
  };
  for (const auto& [text, expected] : cases) EXPECT_EQ(error_of(text), expected) << text;
}

TEST(GraphqlParser, RefusesTypeSystemDefinitionsAsNotExecutable) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"type Query { a: Int }", "1:1 The \"Query\" definition is not executable."},
      {"schema { query: Query }", "1:1 The schema definition is not executable."},
      {"scalar Date", "1:1 The \"Date\" definition is not executable."},
      {"interface Node { id: ID }", "1:1 The \"Node\" definition is not executable."},
      {"union U = A | B", "1:1 The \"U\" definition is not executable."},
      {"enum E { A }", "1:1 The \"E\" definition is not executable."},
      {"input I { a: Int }", "1:1 The \"I\" definition is not executable."},
      {"directive @cached on FIELD", "1:1 The \"cached\" definition is not executable."},
      {"extend type Query { b: Int }", "1:1 The \"Query\" definition is not executable."},
      {"extend schema @d", "1:1 The schema definition is not executable."},
      {"{ a }\n\n\"\"\"Described\"\"\"\ntype Foo", "3:1 The \"Foo\" definition is not executable."},
      {"extend foo", "1:8 Syntax Error: Unexpected Name \"foo\"."},
      {"extend directive @x", "1:8 Syntax Error: Unexpected Name \"directive\"."},
      {"type", "1:5 Syntax Error: Expected Name, found <EOF>."},
      {"directive cached", "1:11 Syntax Error: Expected \"@\", found Name \"cached\"."},
      {"\"d\" extend type Foo",
       "1:1 Syntax Error: Unexpected description, descriptions are supported only on type "
       "definitions."},
  };
  for (const auto& [text, expected] : cases) EXPECT_EQ(error_of(text), expected) << text;
}

std::string repeat(std::string_view piece, std::size_t times) {
  std::string text;
  for (std::size_t i = 0; i < times; ++i) text += piece;
  return text;
}

const std::string kTooDeep = "Document nested too deeply: at most 64 levels.";

TEST(GraphqlParser, EnforcesTheSizeAndTokenLimits) {
  const std::string padded = "{ a }" + std::string(kMaxDocumentBytes - 5, ' ');
  EXPECT_EQ(error_of(padded), "accepted");
  EXPECT_EQ(error_of(padded + " "), "1:1 Document too large: at most 65536 bytes.");

  // Punctuators, names and literals count; commas and comments do not.
  EXPECT_EQ(error_of("{" + repeat("a, # c\n", kMaxTokens - 2) + "}"), "accepted");
  EXPECT_EQ(error_of("{" + repeat("a ", kMaxTokens - 1) + "}"),
            "1:16000 Document too large: more than 8000 tokens.");
  // Reading stops at the limit: what follows is never looked at.
  EXPECT_EQ(error_of("{" + repeat("a ", kMaxTokens) + "?"),
            "1:16000 Document too large: more than 8000 tokens.");
}

TEST(GraphqlParser, CountsEveryKindOfNestingAgainstOneDepthLimit) {
  const auto fields = [](std::size_t n) { return repeat("{a", n) + repeat("}", n); };
  EXPECT_EQ(error_of(fields(64)), "accepted");
  EXPECT_EQ(error_of(fields(65)), "1:129 " + kTooDeep);
  const auto lists = [](std::size_t n) {
    return "{ f(a: " + repeat("[", n) + repeat("]", n) + ") }";
  };
  EXPECT_EQ(error_of(lists(63)), "accepted");
  EXPECT_EQ(error_of(lists(64)), "1:71 " + kTooDeep);
  const auto objects = [](std::size_t n) {
    return "{ f(a: " + repeat("{b: ", n) + "1" + repeat("}", n) + ") }";
  };
  EXPECT_EQ(error_of(objects(63)), "accepted");
  EXPECT_EQ(error_of(objects(64)), "1:260 " + kTooDeep);
  const auto types = [](std::size_t n) {
    return "query ($v: " + repeat("[", n) + "Int" + repeat("]", n) + ") { a }";
  };
  EXPECT_EQ(error_of(types(64)), "accepted");
  EXPECT_EQ(error_of(types(65)), "1:76 " + kTooDeep);
  const auto mixed = [](std::size_t n) {
    return repeat("{a", 32) + "(x: " + repeat("[", n) + repeat("]", n) + ")" + repeat("}", 32);
  };
  EXPECT_EQ(error_of(mixed(32)), "accepted");
  EXPECT_EQ(error_of(mixed(33)), "1:101 " + kTooDeep);
  EXPECT_EQ(error_of(repeat("{... on T ", 65) + repeat("}", 65)), "1:641 " + kTooDeep);
}

// Runs `work` on a thread with a 1 MiB stack: a parser that recursed once per bracket of a
// hostile document would overflow it long before the end.
void on_small_stack(const std::function<void()>& work) {
  pthread_attr_t attributes;
  ASSERT_EQ(pthread_attr_init(&attributes), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attributes, 1 << 20), 0);
  pthread_t thread;
  const auto run = [](void* job) -> void* {
    (*static_cast<const std::function<void()>*>(job))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attributes, run, const_cast<std::function<void()>*>(&work)),
            0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
}

TEST(GraphqlParser, RefusesHostileDocumentsFastAndWithoutDeepRecursion) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {repeat("{", 100000), "1:1 Document too large: at most 65536 bytes."},
      {repeat("{", kMaxDocumentBytes), "1:2 Syntax Error: Expected Name, found \"{\"."},
      {repeat("{a", kMaxDocumentBytes / 2), "1:129 " + kTooDeep},
      {"{f(a:" + repeat("[", kMaxDocumentBytes - 5), "1:69 " + kTooDeep},
      {"{a(b:" + repeat("{c:", 21000), "1:195 " + kTooDeep},
      {"query($v:" + repeat("[", kMaxDocumentBytes - 9), "1:74 " + kTooDeep},
  };
  for (const auto& [text, expected] : cases) {
    std::string error;
    std::chrono::steady_clock::duration took{};
    on_small_stack([&] {
      const auto start = std::chrono::steady_clock::now();
      error = error_of(text);
      took = std::chrono::steady_clock::now() - start;
    });
    EXPECT_EQ(error, expected) << text.substr(0, 20);
    EXPECT_LT(took, std::chrono::seconds(1)) << text.substr(0, 20);
  }
}

}  // namespace
}  // namespace mercado::graphql
