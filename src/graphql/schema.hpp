// The type system a schema is made of (specification section 3), for what Mercado serves:
// scalars, object types, input objects, enums, lists and non-null. No interfaces or unions:
// every field has exactly one concrete type, which keeps validation and execution simple.
// The introspection types (__Schema, __Type, ...) are types of every schema, so queries about
// the schema are validated and executed like any other.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graphql/ast.hpp"

namespace mercado::graphql {

enum class TypeKind { kScalar, kObject, kInputObject, kEnum };

// Parses a type as written in SDL ("[String!]!"); the schema is written with these.
TypeRef type_of(std::string_view text);
// The named type at the bottom of the wrappers.
const std::string& named_type(const TypeRef& type);
// "[String!]!" again.
std::string to_string(const TypeRef& type);

struct InputValue {
  std::string name;
  TypeRef type;
  std::string description;
  // The default as GraphQL source text ("20"), for introspection; empty when there is none.
  std::string default_value;
};

struct FieldDefinition {
  std::string name;
  TypeRef type;
  std::vector<InputValue> arguments;
  std::string description;
  std::optional<std::string> deprecation_reason;
  // For the cost bound (validation.hpp): how many items a list field is counted as, and the
  // argument that caps it (`limit`), whose literal value counts instead when given.
  std::int64_t assumed_size = 1;
  std::string size_argument;
  // What the field itself counts for the cost bound: more than 1 for work that costs more
  // than a read (hashing a password).
  std::int64_t cost = 1;

  const InputValue* argument(std::string_view name) const;
};

struct EnumValue {
  std::string name;
  std::string description;
};

struct NamedType {
  TypeKind kind = TypeKind::kScalar;
  std::string name;
  std::string description;
  std::vector<FieldDefinition> fields;   // kObject
  std::vector<InputValue> input_fields;  // kInputObject
  std::vector<EnumValue> enum_values;    // kEnum
  std::string specified_by;              // kScalar: a URL describing it, when there is one

  const FieldDefinition* field(std::string_view name) const;
  const InputValue* input_field(std::string_view name) const;
  bool has_enum_value(std::string_view name) const;
};

enum class DirectiveLocation {
  kQuery,
  kMutation,
  kSubscription,
  kField,
  kFragmentDefinition,
  kFragmentSpread,
  kInlineFragment,
  kVariableDefinition,
  kFieldDefinition,
  kEnumValue,
  kArgumentDefinition,
  kInputFieldDefinition,
  kScalar,
};
std::string_view location_name(DirectiveLocation location);

struct DirectiveDefinition {
  std::string name;
  std::string description;
  std::vector<DirectiveLocation> locations;
  std::vector<InputValue> arguments;
};

// Shorthands for writing a schema in code, in SDL's order: field("product", "Product!", {...}).
InputValue argument(std::string name, std::string_view type, std::string default_value = {},
                    std::string description = {});
FieldDefinition field(std::string name, std::string_view type, std::vector<InputValue> args = {},
                      std::string description = {});
NamedType object(std::string name, std::vector<FieldDefinition> fields,
                 std::string description = {});
NamedType input_object(std::string name, std::vector<InputValue> fields,
                       std::string description = {});
NamedType enumeration(std::string name, std::vector<std::string> values,
                      std::string description = {});
NamedType scalar(std::string name, std::string description, std::string specified_by = {});

class Schema {
 public:
  // A schema with the built-in scalars, @skip, @include, @deprecated and @specifiedBy, and the
  // introspection types.
  Schema();

  // Adds a type; `fields` etc. as the NamedType holds them. Types may name types added later:
  // check() says whether every name resolves.
  NamedType& add(NamedType type);
  void set_roots(std::string query, std::string mutation);
  // Every type a field, argument or input field names exists and is of a fitting kind; the
  // problems found, empty when the schema is sound. Run once at start (and in the tests).
  std::vector<std::string> check() const;

  const NamedType* type(std::string_view name) const;
  // The field `name` of `parent`, including the meta-fields: __typename everywhere, __schema
  // and __type on the query root (4.1).
  const FieldDefinition* field_of(const NamedType& parent, std::string_view name) const;
  const NamedType& query_type() const { return *type(query_); }
  const NamedType* mutation_type() const { return mutation_.empty() ? nullptr : type(mutation_); }
  const DirectiveDefinition* directive(std::string_view name) const;
  const std::vector<DirectiveDefinition>& directives() const { return directives_; }
  // In the order they were added: introspection lists them so.
  const std::vector<std::unique_ptr<NamedType>>& types() const { return types_; }

  // Input types can be the type of a variable or argument; output types of a field.
  bool is_input_type(const TypeRef& type) const;
  bool is_leaf(const TypeRef& type) const;  // a scalar or enum, under any wrappers

 private:
  std::vector<std::unique_ptr<NamedType>> types_;
  std::map<std::string, const NamedType*, std::less<>> by_name_;
  std::vector<DirectiveDefinition> directives_;
  std::string query_;
  std::string mutation_;
  FieldDefinition typename_field_;
  FieldDefinition schema_field_;
  FieldDefinition type_field_;
};

}  // namespace mercado::graphql
