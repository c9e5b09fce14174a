#include "graphql/introspection.hpp"

namespace mercado::graphql {
namespace {

namespace json = boost::json;

// The key under which a named type's source keeps its name for the fields resolved later.
constexpr std::string_view kNamed = "$named";

json::value text_or_null(const std::string& text) {
  return text.empty() ? json::value(nullptr) : json::value(text);
}

std::string_view kind_name(TypeKind kind) {
  switch (kind) {
    case TypeKind::kScalar:
      return "SCALAR";
    case TypeKind::kObject:
      return "OBJECT";
    case TypeKind::kInputObject:
      return "INPUT_OBJECT";
    case TypeKind::kEnum:
      return "ENUM";
  }
  return "SCALAR";
}

json::value named_source(const NamedType& type) {
  return json::object{{"kind", kind_name(type.kind)},
                      {"name", type.name},
                      {"description", text_or_null(type.description)},
                      {"specifiedByURL", text_or_null(type.specified_by)},
                      {"ofType", nullptr},
                      {kNamed, type.name}};
}

json::value type_source(const Schema& schema, const TypeRef& type) {
  if (type.kind == TypeRef::Kind::kNamed) return named_source(*schema.type(type.name));
  return json::object{{"kind", type.kind == TypeRef::Kind::kList ? "LIST" : "NON_NULL"},
                      {"name", nullptr},
                      {"description", nullptr},
                      {"specifiedByURL", nullptr},
                      {"ofType", type_source(schema, *type.of)}};
}

json::value input_source(const Schema& schema, const InputValue& input) {
  return json::object{{"name", input.name},
                      {"description", text_or_null(input.description)},
                      {"type", type_source(schema, input.type)},
                      {"defaultValue", text_or_null(input.default_value)},
                      {"isDeprecated", false},
                      {"deprecationReason", nullptr}};
}

json::array input_sources(const Schema& schema, const std::vector<InputValue>& inputs) {
  json::array sources;
  for (const auto& input : inputs) sources.push_back(input_source(schema, input));
  return sources;
}

json::value field_source(const Schema& schema, const FieldDefinition& field) {
  return json::object{
      {"name", field.name},
      {"description", text_or_null(field.description)},
      {"args", input_sources(schema, field.arguments)},
      {"type", type_source(schema, field.type)},
      {"isDeprecated", field.deprecation_reason.has_value()},
      {"deprecationReason",
       field.deprecation_reason ? json::value(*field.deprecation_reason) : json::value(nullptr)}};
}

json::value schema_source(const Schema& schema) {
  json::array types;
  for (const auto& type : schema.types()) types.push_back(named_source(*type));
  json::array directives;
  for (const auto& directive : schema.directives()) {
    json::array locations;
    for (const auto location : directive.locations) locations.emplace_back(location_name(location));
    directives.push_back(json::object{{"name", directive.name},
                                      {"description", text_or_null(directive.description)},
                                      {"isRepeatable", false},
                                      {"locations", std::move(locations)},
                                      {"args", input_sources(schema, directive.arguments)}});
  }
  const NamedType* mutation = schema.mutation_type();
  return json::object{{"description", nullptr},
                      {"types", std::move(types)},
                      {"queryType", named_source(schema.query_type())},
                      {"mutationType", mutation ? named_source(*mutation) : json::value(nullptr)},
                      {"subscriptionType", nullptr},
                      {"directives", std::move(directives)}};
}

// fields, enumValues, inputFields, interfaces and possibleTypes of a __Type.
json::value type_member(const Schema& schema, const FieldDefinition& field,
                        const json::object& arguments, const json::value& source) {
  const json::value* name = source.as_object().if_contains(kNamed);
  const NamedType* type = name ? schema.type(name->as_string()) : nullptr;
  if (!type) return nullptr;  // a list or non-null wrapper lists nothing
  const bool deprecated_too =
      arguments.contains("includeDeprecated") && arguments.at("includeDeprecated").as_bool();
  const std::string& member = field.name;
  json::array items;
  if (member == "fields" && type->kind == TypeKind::kObject) {
    for (const auto& definition : type->fields) {
      if (deprecated_too || !definition.deprecation_reason) {
        items.push_back(field_source(schema, definition));
      }
    }
  } else if (member == "enumValues" && type->kind == TypeKind::kEnum) {
    for (const auto& value : type->enum_values) {
      items.push_back(json::object{{"name", value.name},
                                   {"description", text_or_null(value.description)},
                                   {"isDeprecated", false},
                                   {"deprecationReason", nullptr}});
    }
  } else if (member == "inputFields" && type->kind == TypeKind::kInputObject) {
    items = input_sources(schema, type->input_fields);
  } else if (!(member == "interfaces" && type->kind == TypeKind::kObject)) {
    return nullptr;  // a member this kind of type does not have
  }
  return items;
}

}  // namespace

bool is_introspection_field(const Schema& schema, const NamedType& parent,
                            const FieldDefinition& field) {
  if (&parent == &schema.query_type()) return field.name == "__schema" || field.name == "__type";
  return parent.name == "__Type" &&
         (field.name == "fields" || field.name == "enumValues" || field.name == "inputFields" ||
          field.name == "interfaces" || field.name == "possibleTypes");
}

json::value resolve_introspection(const Schema& schema, const NamedType& parent,
                                  const FieldDefinition& field, const json::object& arguments,
                                  const json::value& source) {
  if (parent.name != "__Type") {
    if (field.name == "__schema") return schema_source(schema);
    const NamedType* type = schema.type(arguments.at("name").as_string());
    return type ? named_source(*type) : json::value(nullptr);
  }
  return type_member(schema, field, arguments, source);
}

}  // namespace mercado::graphql
