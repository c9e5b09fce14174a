// The syntax tree of an executable GraphQL document (October 2021 specification, section 2):
// operations and fragments, nothing of the type system language. Every node keeps where it
// started, so errors can point at it ("locations" in a response).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mercado::graphql {

// 1-based, as in the "locations" of an error; the column counts code points.
struct SourceLocation {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

// A literal or a variable in an argument, a default value or a list/object inside them.
struct Value {
  enum class Kind { kVariable, kInt, kFloat, kString, kBoolean, kNull, kEnum, kList, kObject };
  Kind kind = Kind::kNull;
  // kVariable: the name without '$'; kInt/kFloat: the literal as written; kString: the value
  // with escapes and block-string indentation resolved; kBoolean: "true" or "false"; kEnum: the
  // name.
  std::string text;
  // kList: the items; kObject: the field values, named by `names` at the same index.
  std::vector<Value> items;
  std::vector<std::string> names;
  SourceLocation location;
  std::vector<SourceLocation> name_locations;  // kObject: where each of `names` is
};

// A type in a variable definition: `[Int!]!` is NonNull(List(NonNull(Named Int))).
struct TypeRef {
  enum class Kind { kNamed, kList, kNonNull };
  Kind kind = Kind::kNamed;
  std::string name;             // kNamed
  std::shared_ptr<TypeRef> of;  // kList, kNonNull
  SourceLocation location;
};

struct Argument {
  std::string name;
  Value value;
  SourceLocation location;
};

struct Directive {
  std::string name;
  std::vector<Argument> arguments;
  SourceLocation location;
};

struct Selection;

// Never empty once parsed: `{}` is a syntax error.
struct SelectionSet {
  std::vector<Selection> selections;
  SourceLocation location;
};

struct Selection {
  enum class Kind { kField, kFragmentSpread, kInlineFragment };
  Kind kind = Kind::kField;
  std::string alias;                // kField: empty when the field has none
  std::string name;                 // kField: the field; kFragmentSpread: the fragment
  std::string type_condition;       // kInlineFragment: empty when it has none
  std::vector<Argument> arguments;  // kField
  std::vector<Directive> directives;
  SelectionSet selection_set;  // kField: empty for a leaf; kInlineFragment: never empty
  SourceLocation location;
  // Errors about a fragment's name or type point at the name, as graphql-js's do.
  SourceLocation name_location;            // kFragmentSpread
  SourceLocation type_condition_location;  // kInlineFragment with a type condition

  // The key of this field in the response: the alias if any, else the name.
  const std::string& response_key() const { return alias.empty() ? name : alias; }
};

struct VariableDefinition {
  std::string name;  // without '$'
  TypeRef type;
  std::optional<Value> default_value;
  std::vector<Directive> directives;
  SourceLocation location;
  SourceLocation name_location;  // after the '$'
};

enum class OperationType { kQuery, kMutation, kSubscription };

struct Operation {
  OperationType type = OperationType::kQuery;
  std::string name;  // empty for an anonymous operation (and for the `{ ... }` shorthand)
  std::vector<VariableDefinition> variables;
  std::vector<Directive> directives;
  SelectionSet selection_set;
  SourceLocation location;
  SourceLocation name_location;
};

struct Fragment {
  std::string name;
  std::string type_condition;
  std::vector<Directive> directives;
  SelectionSet selection_set;
  SourceLocation location;
  SourceLocation name_location;
  SourceLocation type_condition_location;
};

struct Document {
  std::vector<Operation> operations;
  std::vector<Fragment> fragments;
};

}  // namespace mercado::graphql
