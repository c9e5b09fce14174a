#include "graphql/schema.hpp"

#include <algorithm>
#include <stdexcept>

namespace mercado::graphql {
namespace {

template <class Item>
const Item* find_named(const std::vector<Item>& items, std::string_view name) {
  const auto found =
      std::find_if(items.begin(), items.end(), [&](const Item& item) { return item.name == name; });
  return found == items.end() ? nullptr : &*found;
}

// Reads one type from `text` at `at`: Name, [Type] and either followed by '!'.
TypeRef read_type(std::string_view text, std::size_t& at) {
  TypeRef type;
  if (at < text.size() && text[at] == '[') {
    ++at;
    type.kind = TypeRef::Kind::kList;
    type.of = std::make_shared<TypeRef>(read_type(text, at));
    if (at >= text.size() || text[at] != ']') throw std::invalid_argument("type: expected ]");
    ++at;
  } else {
    const auto end = text.find_first_of("[]!", at);
    type.name = std::string(text.substr(at, end == std::string_view::npos ? end : end - at));
    if (type.name.empty()) throw std::invalid_argument("type: expected a name");
    at += type.name.size();
  }
  if (at < text.size() && text[at] == '!') {
    ++at;
    TypeRef wrapper;
    wrapper.kind = TypeRef::Kind::kNonNull;
    wrapper.of = std::make_shared<TypeRef>(std::move(type));
    return wrapper;
  }
  return type;
}

// Section 4.2's types, with graphql-js's additions that its introspection query asks for
// (isRepeatable, specifiedByURL, includeDeprecated on arguments and input fields).
void add_introspection_types(Schema& schema) {
  const auto deprecated = [] { return argument("includeDeprecated", "Boolean", "false"); };
  schema.add(object("__Schema",
                    {field("description", "String"), field("types", "[__Type!]!"),
                     field("queryType", "__Type!"), field("mutationType", "__Type"),
                     field("subscriptionType", "__Type"), field("directives", "[__Directive!]!")}));
  schema.add(
      object("__Type",
             {field("kind", "__TypeKind!"), field("name", "String"), field("description", "String"),
              field("specifiedByURL", "String"), field("fields", "[__Field!]", {deprecated()}),
              field("interfaces", "[__Type!]"), field("possibleTypes", "[__Type!]"),
              field("enumValues", "[__EnumValue!]", {deprecated()}),
              field("inputFields", "[__InputValue!]", {deprecated()}), field("ofType", "__Type")}));
  schema.add(object("__Field",
                    {field("name", "String!"), field("description", "String"),
                     field("args", "[__InputValue!]!", {deprecated()}), field("type", "__Type!"),
                     field("isDeprecated", "Boolean!"), field("deprecationReason", "String")}));
  schema.add(object("__InputValue",
                    {field("name", "String!"), field("description", "String"),
                     field("type", "__Type!"), field("defaultValue", "String"),
                     field("isDeprecated", "Boolean!"), field("deprecationReason", "String")}));
  schema.add(object("__EnumValue",
                    {field("name", "String!"), field("description", "String"),
                     field("isDeprecated", "Boolean!"), field("deprecationReason", "String")}));
  schema.add(object("__Directive", {field("name", "String!"), field("description", "String"),
                                    field("isRepeatable", "Boolean!"),
                                    field("locations", "[__DirectiveLocation!]!"),
                                    field("args", "[__InputValue!]!", {deprecated()})}));
  schema.add(enumeration("__TypeKind", {"SCALAR", "OBJECT", "INTERFACE", "UNION", "ENUM",
                                        "INPUT_OBJECT", "LIST", "NON_NULL"}));
  schema.add(
      enumeration("__DirectiveLocation",
                  {"QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION",
                   "FRAGMENT_SPREAD", "INLINE_FRAGMENT", "VARIABLE_DEFINITION", "SCHEMA", "SCALAR",
                   "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE", "UNION",
                   "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION"}));
}

std::vector<DirectiveDefinition> built_in_directives() {
  using L = DirectiveLocation;
  const std::vector<L> field_positions = {L::kField, L::kFragmentSpread, L::kInlineFragment};
  return {
      {"include",
       "Directs the executor to include this field or fragment only when the `if` "
       "argument is true.",
       field_positions,
       {argument("if", "Boolean!", {}, "Included when true.")}},
      {"skip",
       "Directs the executor to skip this field or fragment when the `if` argument is true.",
       field_positions,
       {argument("if", "Boolean!", {}, "Skipped when true.")}},
      {"deprecated",
       "Marks an element of a GraphQL schema as no longer supported.",
       {L::kFieldDefinition, L::kArgumentDefinition, L::kInputFieldDefinition, L::kEnumValue},
       {argument("reason", "String", "\"No longer supported\"")}},
      {"specifiedBy",
       "Exposes a URL that specifies the behavior of this scalar.",
       {L::kScalar},
       {argument("url", "String!")}},
  };
}

}  // namespace

InputValue argument(std::string name, std::string_view type, std::string default_value,
                    std::string description) {
  return {.name = std::move(name),
          .type = type_of(type),
          .description = std::move(description),
          .default_value = std::move(default_value)};
}

FieldDefinition field(std::string name, std::string_view type, std::vector<InputValue> args,
                      std::string description) {
  return {.name = std::move(name),
          .type = type_of(type),
          .arguments = std::move(args),
          .description = std::move(description),
          .deprecation_reason = std::nullopt,
          .assumed_size = 1,
          .size_argument = {},
          .cost = 1};
}

NamedType object(std::string name, std::vector<FieldDefinition> fields, std::string description) {
  NamedType type;
  type.kind = TypeKind::kObject;
  type.name = std::move(name);
  type.description = std::move(description);
  type.fields = std::move(fields);
  return type;
}

NamedType input_object(std::string name, std::vector<InputValue> fields, std::string description) {
  NamedType type;
  type.kind = TypeKind::kInputObject;
  type.name = std::move(name);
  type.description = std::move(description);
  type.input_fields = std::move(fields);
  return type;
}

NamedType enumeration(std::string name, std::vector<std::string> values, std::string description) {
  NamedType type;
  type.kind = TypeKind::kEnum;
  type.name = std::move(name);
  type.description = std::move(description);
  for (auto& value : values) type.enum_values.push_back({std::move(value), {}});
  return type;
}

NamedType scalar(std::string name, std::string description, std::string specified_by) {
  NamedType type;
  type.name = std::move(name);
  type.description = std::move(description);
  type.specified_by = std::move(specified_by);
  return type;
}

TypeRef type_of(std::string_view text) {
  std::size_t at = 0;
  TypeRef type = read_type(text, at);
  if (at != text.size()) throw std::invalid_argument("type: trailing text");
  return type;
}

const std::string& named_type(const TypeRef& type) {
  return type.kind == TypeRef::Kind::kNamed ? type.name : named_type(*type.of);
}

std::string to_string(const TypeRef& type) {
  switch (type.kind) {
    case TypeRef::Kind::kNamed:
      return type.name;
    case TypeRef::Kind::kList:
      return "[" + to_string(*type.of) + "]";
    case TypeRef::Kind::kNonNull:
      return to_string(*type.of) + "!";
  }
  return {};
}

const InputValue* FieldDefinition::argument(std::string_view name) const {
  return find_named(arguments, name);
}

const FieldDefinition* NamedType::field(std::string_view name) const {
  return find_named(fields, name);
}

const InputValue* NamedType::input_field(std::string_view name) const {
  return find_named(input_fields, name);
}

bool NamedType::has_enum_value(std::string_view name) const {
  return find_named(enum_values, name) != nullptr;
}

std::string_view location_name(DirectiveLocation location) {
  static constexpr std::string_view kNames[] = {"QUERY",
                                                "MUTATION",
                                                "SUBSCRIPTION",
                                                "FIELD",
                                                "FRAGMENT_DEFINITION",
                                                "FRAGMENT_SPREAD",
                                                "INLINE_FRAGMENT",
                                                "VARIABLE_DEFINITION",
                                                "FIELD_DEFINITION",
                                                "ENUM_VALUE",
                                                "ARGUMENT_DEFINITION",
                                                "INPUT_FIELD_DEFINITION",
                                                "SCALAR"};
  return kNames[static_cast<int>(location)];
}

Schema::Schema()
    : directives_(built_in_directives()),
      typename_field_(field("__typename", "String!")),
      schema_field_(field("__schema", "__Schema!")),
      type_field_(field("__type", "__Type", {argument("name", "String!")})) {
  add(scalar("Int",
             "The `Int` scalar type represents non-fractional signed whole numeric values. "
             "Int can represent values between -(2^31) and 2^31 - 1."));
  add(scalar("Float",
             "The `Float` scalar type represents signed double-precision fractional "
             "values as specified by [IEEE 754](https://en.wikipedia.org/wiki/IEEE_754)."));
  add(scalar("String",
             "The `String` scalar type represents textual data, represented as UTF-8 "
             "character sequences."));
  add(scalar("Boolean", "The `Boolean` scalar type represents `true` or `false`."));
  add(scalar("ID",
             "The `ID` scalar type represents a unique identifier, serialized as a "
             "String; as input, a String or an Int is accepted."));
  add_introspection_types(*this);
}

NamedType& Schema::add(NamedType type) {
  types_.push_back(std::make_unique<NamedType>(std::move(type)));
  by_name_[types_.back()->name] = types_.back().get();
  return *types_.back();
}

void Schema::set_roots(std::string query, std::string mutation) {
  query_ = std::move(query);
  mutation_ = std::move(mutation);
}

const NamedType* Schema::type(std::string_view name) const {
  const auto found = by_name_.find(name);
  return found == by_name_.end() ? nullptr : found->second;
}

const FieldDefinition* Schema::field_of(const NamedType& parent, std::string_view name) const {
  if (name == "__typename") return &typename_field_;
  if (name.substr(0, 2) == "__" && &parent == &query_type()) {
    if (name == "__schema") return &schema_field_;
    if (name == "__type") return &type_field_;
  }
  return parent.field(name);
}

const DirectiveDefinition* Schema::directive(std::string_view name) const {
  return find_named(directives_, name);
}

bool Schema::is_input_type(const TypeRef& type) const {
  const NamedType* named = this->type(named_type(type));
  return named && named->kind != TypeKind::kObject;
}

bool Schema::is_leaf(const TypeRef& type) const {
  const NamedType* named = this->type(named_type(type));
  return named && (named->kind == TypeKind::kScalar || named->kind == TypeKind::kEnum);
}

std::vector<std::string> Schema::check() const {
  std::vector<std::string> problems;
  const auto expect = [&](const TypeRef& type, bool input, const std::string& where) {
    const NamedType* named = this->type(named_type(type));
    if (!named) {
      problems.push_back(where + ": unknown type " + named_type(type));
    } else if (input != (named->kind != TypeKind::kObject) && named->kind != TypeKind::kScalar &&
               named->kind != TypeKind::kEnum) {
      problems.push_back(where + ": " + named->name +
                         (input ? " is not an input type" : " is not an output type"));
    }
  };
  for (const auto& type : types_) {
    for (const auto& field : type->fields) {
      const std::string where = type->name + "." + field.name;
      expect(field.type, false, where);
      for (const auto& arg : field.arguments) expect(arg.type, true, where + "(" + arg.name + ")");
    }
    for (const auto& input : type->input_fields) {
      expect(input.type, true, type->name + "." + input.name);
    }
  }
  if (!type(query_)) problems.push_back("no query type " + query_);
  if (!mutation_.empty() && !type(mutation_)) problems.push_back("no mutation type " + mutation_);
  return problems;
}

}  // namespace mercado::graphql
