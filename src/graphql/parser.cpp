// Recursive descent over the executable part of the grammar (October 2021, Appendix B), one
// function per production as in graphql-js's parser, with its messages.
#include "graphql/parser.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <utility>
#include <vector>

#include "graphql/lexer.hpp"

namespace mercado::graphql {
namespace {

using Kind = TokenKind;

// Keywords that start a type system definition (`extend` and a description aside).
constexpr std::array<std::string_view, 8> kTypeSystemKeywords = {
    "schema", "scalar", "type", "interface", "union", "enum", "input", "directive"};

bool is_type_system_keyword(std::string_view word) {
  return std::find(kTypeSystemKeywords.begin(), kTypeSystemKeywords.end(), word) !=
         kTypeSystemKeywords.end();
}

OperationType operation_type(std::string_view keyword) {
  if (keyword == "mutation") return OperationType::kMutation;
  if (keyword == "subscription") return OperationType::kSubscription;
  return OperationType::kQuery;
}

[[noreturn]] void fail(SourceLocation where, std::string message) {
  throw SyntaxFailure{SyntaxError{std::move(message), where}};
}

class Parser {
 public:
  explicit Parser(Lexer& lexer) : lexer_(lexer) { advance(); }

  Document document() {
    Document document;
    do definition(document);
    while (!peek(Kind::kEof));
    return document;
  }

 private:
  // One level of selection set, list or object value, or list type, for as long as it lives.
  // The level past kMaxParseDepth is refused before anything in it is read, which is also what
  // bounds the recursion.
  class Nesting {
   public:
    Nesting(Parser& parser, SourceLocation where) : parser_(parser) {
      if (parser_.depth_ == kMaxParseDepth) {
        fail(where,
             "Document nested too deeply: at most " + std::to_string(kMaxParseDepth) + " levels.");
      }
      ++parser_.depth_;
    }
    ~Nesting() { --parser_.depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    Parser& parser_;
  };

  void advance() { token_ = lexer_.next(); }
  bool peek(Kind kind) const { return token_.kind == kind; }
  bool peek_keyword(std::string_view word) const {
    return peek(Kind::kName) && token_.value == word;
  }

  bool skip(Kind kind) {
    if (!peek(kind)) return false;
    advance();
    return true;
  }

  void expect(Kind kind) {
    if (!skip(kind)) fail_expected(describe(kind));
  }

  std::string expect_name() {
    if (!peek(Kind::kName)) fail_expected("Name");
    std::string name = std::move(token_.value);
    advance();
    return name;
  }

  [[noreturn]] void fail_expected(const std::string& what) const {
    fail(token_.location, "Syntax Error: Expected " + what + ", found " + describe(token_) + ".");
  }

  [[noreturn]] void fail_unexpected() const {
    fail(token_.location, "Syntax Error: Unexpected " + describe(token_) + ".");
  }

  void definition(Document& document) {
    if (peek(Kind::kString) || peek(Kind::kBlockString)) description();
    if (peek(Kind::kBraceL) || peek_keyword("query") || peek_keyword("mutation") ||
        peek_keyword("subscription")) {
      document.operations.push_back(operation());
    } else if (peek_keyword("fragment")) {
      document.fragments.push_back(fragment_definition());
    } else if (peek(Kind::kName) &&
               (is_type_system_keyword(token_.value) || token_.value == "extend")) {
      not_executable(token_.location);
    } else {
      fail_unexpected();
    }
  }

  // Only type system definitions have descriptions: one is refused whatever follows it.
  [[noreturn]] void description() {
    const SourceLocation start = token_.location;
    advance();
    if (peek(Kind::kName) && is_type_system_keyword(token_.value)) not_executable(start);
    if (!peek(Kind::kName)) fail_unexpected();
    fail(start,
         "Syntax Error: Unexpected description, descriptions are supported only on type "
         "definitions.");
  }

  // Refused with the message of graphql-js's ExecutableDefinitionsRule, which names the
  // definition, so only as much is read as it takes to find the name.
  [[noreturn]] void not_executable(SourceLocation start) {
    std::string keyword = std::move(token_.value);
    advance();
    if (keyword == "extend") {
      if (!peek(Kind::kName) || token_.value == "directive" ||
          !is_type_system_keyword(token_.value)) {
        fail_unexpected();
      }
      keyword = std::move(token_.value);
      advance();
    }
    if (keyword == "schema") fail(start, "The schema definition is not executable.");
    if (keyword == "directive") expect(Kind::kAt);
    fail(start, "The \"" + expect_name() + "\" definition is not executable.");
  }

  Operation operation() {
    Operation operation;
    operation.location = token_.location;
    if (!peek(Kind::kBraceL)) {
      operation.type = operation_type(token_.value);
      advance();
      operation.name_location = token_.location;
      if (peek(Kind::kName)) operation.name = expect_name();
      if (peek(Kind::kParenL)) operation.variables = variable_definitions();
      operation.directives = directives(false);
    }
    operation.selection_set = selection_set();
    return operation;
  }

  Fragment fragment_definition() {
    Fragment fragment;
    fragment.location = token_.location;
    advance();
    if (peek_keyword("on")) fail_unexpected();
    fragment.name_location = token_.location;
    fragment.name = expect_name();
    if (!peek_keyword("on")) fail_expected("\"on\"");
    advance();
    fragment.type_condition_location = token_.location;
    fragment.type_condition = expect_name();
    fragment.directives = directives(false);
    fragment.selection_set = selection_set();
    return fragment;
  }

  std::vector<VariableDefinition> variable_definitions() {
    std::vector<VariableDefinition> definitions;
    expect(Kind::kParenL);
    do definitions.push_back(variable_definition());
    while (!skip(Kind::kParenR));
    return definitions;
  }

  VariableDefinition variable_definition() {
    VariableDefinition definition;
    definition.location = token_.location;
    expect(Kind::kDollar);
    definition.name_location = token_.location;
    definition.name = expect_name();
    expect(Kind::kColon);
    definition.type = type_reference();
    if (skip(Kind::kEquals)) definition.default_value = value(true);
    definition.directives = directives(true);
    return definition;
  }

  TypeRef type_reference() {
    TypeRef type;
    type.location = token_.location;
    if (peek(Kind::kBracketL)) {
      const Nesting nesting(*this, type.location);
      advance();
      type.kind = TypeRef::Kind::kList;
      type.of = std::make_shared<TypeRef>(type_reference());
      expect(Kind::kBracketR);
    } else {
      type.name = expect_name();
    }
    if (!skip(Kind::kBang)) return type;
    TypeRef non_null;
    non_null.kind = TypeRef::Kind::kNonNull;
    non_null.location = type.location;
    non_null.of = std::make_shared<TypeRef>(std::move(type));
    return non_null;
  }

  std::vector<Directive> directives(bool is_const) {
    std::vector<Directive> directives;
    while (peek(Kind::kAt)) {
      Directive directive;
      directive.location = token_.location;
      advance();
      directive.name = expect_name();
      directive.arguments = arguments(is_const);
      directives.push_back(std::move(directive));
    }
    return directives;
  }

  std::vector<Argument> arguments(bool is_const) {
    std::vector<Argument> arguments;
    if (!skip(Kind::kParenL)) return arguments;
    do {
      Argument argument;
      argument.location = token_.location;
      argument.name = expect_name();
      expect(Kind::kColon);
      argument.value = value(is_const);
      arguments.push_back(std::move(argument));
    } while (!skip(Kind::kParenR));
    return arguments;
  }

  // Default values and the arguments of a variable's directives are constant: no variables.
  Value value(bool is_const) {
    Value value;
    value.location = token_.location;
    switch (token_.kind) {
      case Kind::kBracketL:
        return list_value(is_const);
      case Kind::kBraceL:
        return object_value(is_const);
      case Kind::kDollar:
        return variable(is_const);
      case Kind::kInt:
        value.kind = Value::Kind::kInt;
        break;
      case Kind::kFloat:
        value.kind = Value::Kind::kFloat;
        break;
      case Kind::kString:
      case Kind::kBlockString:
        value.kind = Value::Kind::kString;
        break;
      case Kind::kName:
        value.kind = token_.value == "true" || token_.value == "false" ? Value::Kind::kBoolean
                     : token_.value == "null"                          ? Value::Kind::kNull
                                                                       : Value::Kind::kEnum;
        break;
      default:
        fail_unexpected();
    }
    if (value.kind != Value::Kind::kNull) value.text = std::move(token_.value);
    advance();
    return value;
  }

  Value variable(bool is_const) {
    Value variable;
    variable.kind = Value::Kind::kVariable;
    variable.location = token_.location;
    if (is_const) {
      advance();
      if (!peek(Kind::kName)) fail(variable.location, "Syntax Error: Unexpected \"$\".");
      fail(variable.location,
           "Syntax Error: Unexpected variable \"$" + token_.value + "\" in constant value.");
    }
    advance();
    variable.text = expect_name();
    return variable;
  }

  Value list_value(bool is_const) {
    Value list;
    list.kind = Value::Kind::kList;
    list.location = token_.location;
    const Nesting nesting(*this, list.location);
    advance();
    while (!skip(Kind::kBracketR)) list.items.push_back(value(is_const));
    return list;
  }

  Value object_value(bool is_const) {
    Value object;
    object.kind = Value::Kind::kObject;
    object.location = token_.location;
    const Nesting nesting(*this, object.location);
    advance();
    while (!skip(Kind::kBraceR)) {
      object.name_locations.push_back(token_.location);
      object.names.push_back(expect_name());
      expect(Kind::kColon);
      object.items.push_back(value(is_const));
    }
    return object;
  }

  SelectionSet selection_set() {
    SelectionSet set;
    set.location = token_.location;
    if (!peek(Kind::kBraceL)) fail_expected(describe(Kind::kBraceL));
    const Nesting nesting(*this, set.location);
    advance();
    do set.selections.push_back(peek(Kind::kSpread) ? fragment_selection() : field());
    while (!skip(Kind::kBraceR));
    return set;
  }

  Selection field() {
    Selection field;
    field.location = token_.location;
    field.name = expect_name();
    if (skip(Kind::kColon)) {
      field.alias = std::move(field.name);
      field.name = expect_name();
    }
    field.arguments = arguments(false);
    field.directives = directives(false);
    if (peek(Kind::kBraceL)) field.selection_set = selection_set();
    return field;
  }

  // `...name` is a spread, `...`, `... on Type` and `... @directive` start inline fragments.
  Selection fragment_selection() {
    Selection selection;
    selection.location = token_.location;
    advance();
    const bool has_type_condition = peek_keyword("on");
    if (!has_type_condition && peek(Kind::kName)) {
      selection.kind = Selection::Kind::kFragmentSpread;
      selection.name_location = token_.location;
      selection.name = expect_name();
      selection.directives = directives(false);
      return selection;
    }
    selection.kind = Selection::Kind::kInlineFragment;
    if (has_type_condition) {
      advance();
      selection.type_condition_location = token_.location;
      selection.type_condition = expect_name();
    }
    selection.directives = directives(false);
    selection.selection_set = selection_set();
    return selection;
  }

  Lexer& lexer_;
  Token token_;
  std::size_t depth_ = 0;
};

}  // namespace

ParseResult parse(std::string_view text) {
  if (text.size() > kMaxDocumentBytes) {
    return SyntaxError{
        "Document too large: at most " + std::to_string(kMaxDocumentBytes) + " bytes.", {}};
  }
  Lexer lexer(text);
  if (const std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    return SyntaxError{"Syntax Error: Invalid UTF-8.", lexer.locate(bad)};
  }
  try {
    return Parser(lexer).document();
  } catch (SyntaxFailure& failure) {
    return std::move(failure.error);
  }
}

}  // namespace mercado::graphql
