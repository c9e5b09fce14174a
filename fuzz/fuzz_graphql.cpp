// Fuzzes the GraphQL parser and validator: errors point inside the text and say what they are;
// what parses respects the depth limit, holds well-formed UTF-8, and prints back as a document
// that parses to the same tree; validation of what parses ends, names where each error is, and
// passes nothing over the bounds.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "../tests/unit/graphql/test_schema.hpp"
#include "fuzz_check.hpp"
#include "graphql/parser.hpp"
#include "graphql/validation.hpp"

namespace {

using namespace mercado::graphql;

// Prints a document canonically (operations, then fragments, one space between tokens), and
// measures its nesting the way the parser's limit counts it.
class Printer {
 public:
  std::string text;
  std::size_t deepest = 0;

  void document(const Document& document) {
    for (const Operation& operation : document.operations) this->operation(operation);
    for (const Fragment& fragment : document.fragments) {
      FUZZ_CHECK(!fragment.selection_set.selections.empty());
      text += "fragment " + fragment.name + " on " + fragment.type_condition;
      directives(fragment.directives);
      selection_set(fragment.selection_set);
    }
  }

 private:
  // One level of nesting while it lives.
  class Level {
   public:
    explicit Level(Printer& printer) : printer_(printer) {
      printer_.deepest = std::max(printer_.deepest, ++printer_.depth_);
    }
    ~Level() { --printer_.depth_; }
    Level(const Level&) = delete;
    Level& operator=(const Level&) = delete;

   private:
    Printer& printer_;
  };

  void operation(const Operation& operation) {
    FUZZ_CHECK(!operation.selection_set.selections.empty());
    // The `{ ... }` shorthand has no keyword, name, variables or directives to print.
    if (operation.type != OperationType::kQuery || !operation.name.empty() ||
        !operation.variables.empty() || !operation.directives.empty()) {
      constexpr const char* kKeywords[] = {"query", "mutation", "subscription"};
      text += kKeywords[static_cast<int>(operation.type)];
      if (!operation.name.empty()) text += " " + operation.name;
    }
    if (!operation.variables.empty()) {
      text += "(";
      for (const VariableDefinition& variable : operation.variables) {
        text += " $" + variable.name + ": ";
        type(variable.type);
        if (variable.default_value) {
          text += " = ";
          value(*variable.default_value);
        }
        directives(variable.directives);
      }
      text += ")";
    }
    directives(operation.directives);
    selection_set(operation.selection_set);
  }

  void type(const TypeRef& type) {
    switch (type.kind) {
      case TypeRef::Kind::kNamed:
        text += type.name;
        return;
      case TypeRef::Kind::kList: {
        const Level level(*this);
        text += "[";
        this->type(*type.of);
        text += "]";
        return;
      }
      case TypeRef::Kind::kNonNull:
        FUZZ_CHECK(type.of->kind != TypeRef::Kind::kNonNull);
        this->type(*type.of);
        text += "!";
        return;
    }
  }

  void value(const Value& value) {
    switch (value.kind) {
      case Value::Kind::kVariable:
        text += "$" + value.text;
        return;
      case Value::Kind::kString:
        string(value.text);
        return;
      case Value::Kind::kNull:
        text += "null";
        return;
      case Value::Kind::kList:
      case Value::Kind::kObject: {
        const bool object = value.kind == Value::Kind::kObject;
        FUZZ_CHECK(value.names.size() == (object ? value.items.size() : 0));
        const Level level(*this);
        text += object ? "{" : "[";
        for (std::size_t i = 0; i < value.items.size(); ++i) {
          text += object ? " " + value.names[i] + ": " : " ";
          this->value(value.items[i]);
        }
        text += object ? " }" : " ]";
        return;
      }
      default:
        text += value.text;
    }
  }

  void string(std::string_view value) {
    text += '"';
    for (const char c : value) {
      if (c == '"' || c == '\\') {
        text += '\\';
        text += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        char escape[8];
        std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned>(c));
        text += escape;
      } else {
        text += c;
      }
    }
    text += '"';
  }

  void arguments(const std::vector<Argument>& arguments) {
    if (arguments.empty()) return;
    text += "(";
    for (const Argument& argument : arguments) {
      text += " " + argument.name + ": ";
      value(argument.value);
    }
    text += " )";
  }

  void directives(const std::vector<Directive>& directives) {
    for (const Directive& directive : directives) {
      text += " @" + directive.name;
      arguments(directive.arguments);
    }
  }

  void selection_set(const SelectionSet& set) {
    if (set.selections.empty()) return;
    const Level level(*this);
    text += " {";
    for (const Selection& selection : set.selections) {
      text += " ";
      this->selection(selection);
    }
    text += " }\n";
  }

  void selection(const Selection& selection) {
    switch (selection.kind) {
      case Selection::Kind::kField:
        if (!selection.alias.empty()) text += selection.alias + ": ";
        text += selection.name;
        arguments(selection.arguments);
        break;
      case Selection::Kind::kFragmentSpread:
        FUZZ_CHECK(selection.selection_set.selections.empty());
        text += "..." + selection.name;
        break;
      case Selection::Kind::kInlineFragment:
        FUZZ_CHECK(!selection.selection_set.selections.empty());
        text += "...";
        if (!selection.type_condition.empty()) text += " on " + selection.type_condition;
        break;
    }
    directives(selection.directives);
    selection_set(selection.selection_set);
  }

  std::size_t depth_ = 0;
};

std::string print(const Document& document, std::size_t* deepest = nullptr) {
  Printer printer;
  printer.document(document);
  if (deepest) *deepest = printer.deepest;
  return std::move(printer.text);
}

// An error names its kind, and its line and column are inside the text (one past the end of a
// line at most, where a line or the text ended too soon).
void check_error(std::string_view text, const SyntaxError& error) {
  const std::string_view message = error.message;
  FUZZ_CHECK(message.starts_with("Syntax Error: ") || message.starts_with("Document too large: ") ||
             message.starts_with("Document nested too deeply: ") || message.starts_with("The "));
  FUZZ_CHECK(message.ends_with(".") || message.ends_with("?"));
  FUZZ_CHECK(error.location.line >= 1 && error.location.column >= 1);
  std::size_t line = 1;
  std::size_t offset = 0;
  for (; offset < text.size() && line < error.location.line; ++offset) {
    if (text[offset] == '\n' ||
        (text[offset] == '\r' && !text.substr(offset).starts_with("\r\n"))) {
      ++line;
    }
  }
  FUZZ_CHECK(line == error.location.line);
  std::size_t columns = 1;
  for (; offset < text.size() && text[offset] != '\n' && text[offset] != '\r'; ++offset) {
    if ((static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80) ++columns;
  }
  FUZZ_CHECK(error.location.column <= columns);
}

// What parsed prints back as text that parses to a tree printing the same. The printed text is
// never longer in tokens or deeper than the input, so only its size can stop it parsing.
void check_parsed(const Document& document) {
  std::size_t deepest = 0;
  const std::string printed = print(document, &deepest);
  FUZZ_CHECK(deepest <= kMaxParseDepth);
  if (printed.size() > kMaxDocumentBytes) return;
  const ParseResult again = parse(printed);
  if (const auto* error = std::get_if<SyntaxError>(&again)) {
    std::fprintf(stderr, "%s\n%s\n", printed.c_str(), error->message.c_str());
  }
  FUZZ_CHECK(std::holds_alternative<Document>(again));
  FUZZ_CHECK(print(std::get<Document>(again)) == printed);
}

// Validation against a schema of the store's shape ends on anything that parses (fragment
// cycles, fragments that double at each level); its errors have a message and point inside the
// text; a document it passes is within every bound, and one over a bound gets that error alone.
void check_validation(std::string_view text, const Document& document) {
  static const Schema schema = mercado::graphql::testing::test_schema();
  const Limits limits;
  const auto errors = validate(schema, document, limits);
  std::size_t lines = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && !text.substr(i).starts_with("\r\n"))) ++lines;
  }
  for (const auto& error : errors) {
    FUZZ_CHECK(!error.message.empty());
    for (const auto& location : error.locations) FUZZ_CHECK(location.line <= lines);
    if (error.code == "QUERY_TOO_COMPLEX") FUZZ_CHECK(errors.size() == 1);
  }
  if (!errors.empty()) return;
  for (const auto& operation : document.operations) {
    const Measure size = measure(schema, document, operation);
    FUZZ_CHECK(size.depth <= limits.max_depth && size.fields <= limits.max_fields &&
               size.cost <= limits.max_cost);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ParseResult result = parse(text);
  if (const auto* error = std::get_if<SyntaxError>(&result)) {
    check_error(text, *error);
    return 0;
  }
  const Document& document = std::get<Document>(result);
  check_parsed(document);
  check_validation(text, document);
  return 0;
}
