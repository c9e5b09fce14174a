#include "graphql/values.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace mercado::graphql {
namespace {

namespace json = boost::json;
using Kind = Value::Kind;

bool in_int32(double number) {
  return number >= std::numeric_limits<std::int32_t>::min() &&
         number <= std::numeric_limits<std::int32_t>::max();
}

bool is_whole(const json::value& number) {
  return number.is_int64() || number.is_uint64() ||
         (number.is_double() && std::isfinite(number.get_double()) &&
          std::trunc(number.get_double()) == number.get_double());
}

// A built-in scalar from a literal, or the reason it cannot be one.
std::optional<std::string> scalar_from_literal(const NamedType& type, const Value& literal,
                                               json::value& out) {
  const std::string& name = type.name;
  if (name == "Int") {
    std::int64_t number = 0;
    if (literal.kind != Kind::kInt) {
      return "Int cannot represent non-integer value: " + print(literal);
    }
    const auto [end, ec] =
        std::from_chars(literal.text.data(), literal.text.data() + literal.text.size(), number);
    if (ec != std::errc() || !in_int32(static_cast<double>(number))) {
      return "Int cannot represent non 32-bit signed integer value: " + literal.text;
    }
    out = number;
  } else if (name == "Float") {
    if (literal.kind != Kind::kInt && literal.kind != Kind::kFloat) {
      return "Float cannot represent non numeric value: " + print(literal);
    }
    const double number = std::strtod(literal.text.c_str(), nullptr);
    if (!std::isfinite(number)) return "Float cannot represent non numeric value: " + literal.text;
    out = number;
  } else if (name == "Boolean") {
    if (literal.kind != Kind::kBoolean) {
      return "Boolean cannot represent a non boolean value: " + print(literal);
    }
    out = literal.text == "true";
  } else if (name == "ID") {
    if (literal.kind != Kind::kString && literal.kind != Kind::kInt) {
      return "ID cannot represent a non-string and non-integer value: " + print(literal);
    }
    out = literal.text;
  } else {  // String, and the custom scalars (DateTime), which are strings
    if (literal.kind != Kind::kString) {
      return name + " cannot represent a non string value: " + print(literal);
    }
    out = literal.text;
  }
  return std::nullopt;
}

// A built-in scalar from a variable's JSON value.
std::optional<std::string> scalar_from_json(const NamedType& type, const json::value& given,
                                            json::value& out) {
  const std::string& name = type.name;
  if (name == "Int") {
    if (given.is_int64() && in_int32(static_cast<double>(given.get_int64()))) {
      out = given.get_int64();
    } else if (given.is_double() && std::trunc(given.get_double()) == given.get_double() &&
               in_int32(given.get_double())) {
      out = static_cast<std::int64_t>(given.get_double());
    } else if (is_whole(given)) {
      return "Int cannot represent non 32-bit signed integer value: " + print(given);
    } else {
      return "Int cannot represent non-integer value: " + print(given);
    }
  } else if (name == "Float") {
    if (!given.is_number()) return "Float cannot represent non numeric value: " + print(given);
    out = given.to_number<double>();
  } else if (name == "Boolean") {
    if (!given.is_bool()) return "Boolean cannot represent a non boolean value: " + print(given);
    out = given.get_bool();
  } else if (name == "ID") {
    if (given.is_string()) {
      out = given.get_string();
    } else if (is_whole(given)) {
      out = print(given);
    } else {
      return "ID cannot represent value: " + print(given);
    }
  } else {
    if (!given.is_string()) return name + " cannot represent a non string value: " + print(given);
    out = given.get_string();
  }
  return std::nullopt;
}

std::optional<std::string> object_from_literal(const Schema& schema, const NamedType& type,
                                               const Value& literal, const json::object* variables,
                                               json::value& out) {
  if (literal.kind != Kind::kObject) {
    return "Expected value of type \"" + type.name + "\", found " + print(literal) + ".";
  }
  json::object fields;
  for (std::size_t i = 0; i < literal.items.size(); ++i) {
    const InputValue* field = type.input_field(literal.names[i]);
    if (!field) {
      return "Field \"" + literal.names[i] + "\" is not defined by type \"" + type.name + "\".";
    }
    if (fields.contains(field->name)) {
      return "There can be only one input field named \"" + field->name + "\".";
    }
    const Value& item = literal.items[i];
    if (item.kind == Kind::kVariable && variables && !variables->contains(item.text)) continue;
    json::value value;
    if (auto problem = coerce_literal(schema, field->type, item, variables, value)) return problem;
    fields[field->name] = std::move(value);
  }
  for (const auto& field : type.input_fields) {
    if (fields.contains(field.name)) continue;
    if (!field.default_value.empty()) {
      fields[field.name] = default_of(field);
    } else if (field.type.kind == TypeRef::Kind::kNonNull) {
      const bool named_by_variable =
          !variables && std::any_of(literal.names.begin(), literal.names.end(),
                                    [&](const auto& name) { return name == field.name; });
      if (!named_by_variable) {
        return "Field \"" + type.name + "." + field.name + "\" of required type \"" +
               to_string(field.type) + "\" was not provided.";
      }
    }
  }
  out = std::move(fields);
  return std::nullopt;
}

std::vector<std::string> names_of(const std::vector<InputValue>& inputs) {
  std::vector<std::string> names;
  for (const auto& input : inputs) names.push_back(input.name);
  return names;
}

std::vector<std::string> names_of(const std::vector<EnumValue>& values) {
  std::vector<std::string> names;
  for (const auto& value : values) names.push_back(value.name);
  return names;
}

// A problem with a variable's value: where in it ("" at the top, ".name", "[2]"), the part at
// fault, and what is wrong with it.
struct JsonProblem {
  std::string path;
  std::string value;
  std::string message;
};

// graphql-js's coerceInputValue: every problem is reported, not just the first.
void coerce_json(const Schema& schema, const TypeRef& type, const json::value& given,
                 json::value& out, std::string& path, std::vector<JsonProblem>& problems);

void object_from_json(const Schema& schema, const NamedType& type, const json::value& given,
                      json::value& out, std::string& path, std::vector<JsonProblem>& problems) {
  if (problems.size() > kMaxVariableErrors) return;  // no more are reported
  if (!given.is_object()) {
    problems.push_back(
        {path, print(given), "Expected type \"" + type.name + "\" to be an object."});
    return;
  }
  json::object fields;
  for (const auto& field : type.input_fields) {
    const json::value* value = given.get_object().if_contains(field.name);
    if (!value) {
      if (!field.default_value.empty()) {
        fields[field.name] = default_of(field);
      } else if (field.type.kind == TypeRef::Kind::kNonNull) {
        problems.push_back({path, print(given),
                            "Field \"" + field.name + "\" of required type \"" +
                                to_string(field.type) + "\" was not provided."});
      }
      continue;
    }
    const std::size_t mark = path.size();
    path += "." + field.name;
    coerce_json(schema, field.type, *value, fields[field.name], path, problems);
    path.resize(mark);
  }
  for (const auto& [key, value] : given.get_object()) {
    if (!type.input_field(key) && problems.size() <= kMaxVariableErrors) {
      problems.push_back({path, print(given),
                          "Field \"" + std::string(key) + "\" is not defined by type \"" +
                              type.name + "\"." + did_you_mean(key, names_of(type.input_fields))});
    }
  }
  out = std::move(fields);
}

void coerce_json(const Schema& schema, const TypeRef& type, const json::value& given,
                 json::value& out, std::string& path, std::vector<JsonProblem>& problems) {
  if (problems.size() > kMaxVariableErrors) return;  // no more are reported
  if (type.kind == TypeRef::Kind::kNonNull) {
    if (given.is_null()) {
      problems.push_back(
          {path, "null", "Expected non-nullable type \"" + to_string(type) + "\" not to be null."});
      return;
    }
    coerce_json(schema, *type.of, given, out, path, problems);
    return;
  }
  if (given.is_null()) {
    out = nullptr;
    return;
  }
  if (type.kind == TypeRef::Kind::kList) {
    json::array items;
    if (!given.is_array()) {
      coerce_json(schema, *type.of, given, items.emplace_back(nullptr), path, problems);
    } else {
      for (std::size_t i = 0; i < given.get_array().size(); ++i) {
        const std::size_t mark = path.size();
        path += "[" + std::to_string(i) + "]";
        coerce_json(schema, *type.of, given.get_array()[i], items.emplace_back(nullptr), path,
                    problems);
        path.resize(mark);
      }
    }
    out = std::move(items);
    return;
  }
  const NamedType* named = schema.type(type.name);
  if (named->kind == TypeKind::kInputObject) {
    object_from_json(schema, *named, given, out, path, problems);
    return;
  }
  std::optional<std::string> problem;
  if (named->kind == TypeKind::kEnum) {
    if (!given.is_string()) {
      problem = "Enum \"" + named->name + "\" cannot represent non-string value: " + print(given) +
                "." + did_you_mean(print(given), names_of(named->enum_values), "the enum value");
    } else if (!named->has_enum_value(given.get_string())) {
      problem = "Value \"" + std::string(given.get_string()) + "\" does not exist in \"" +
                named->name + "\" enum." +
                did_you_mean(given.get_string(), names_of(named->enum_values), "the enum value");
    } else {
      out = given.get_string();
    }
  } else {
    problem = scalar_from_json(*named, given, out);
  }
  if (problem) problems.push_back({path, print(given), std::move(*problem)});
}

}  // namespace

std::optional<std::string> coerce_literal(const Schema& schema, const TypeRef& type,
                                          const Value& literal, const json::object* variables,
                                          json::value& out) {
  if (literal.kind == Kind::kVariable) {
    if (!variables) return std::nullopt;
    const json::value* value = variables->if_contains(literal.text);
    out = value ? *value : json::value(nullptr);
    return std::nullopt;
  }
  if (type.kind == TypeRef::Kind::kNonNull) {
    if (literal.kind == Kind::kNull) {
      return "Expected value of type \"" + to_string(type) + "\", found null.";
    }
    return coerce_literal(schema, *type.of, literal, variables, out);
  }
  if (literal.kind == Kind::kNull) {
    out = nullptr;
    return std::nullopt;
  }
  if (type.kind == TypeRef::Kind::kList) {
    json::array items;
    if (literal.kind != Kind::kList) {
      if (auto problem =
              coerce_literal(schema, *type.of, literal, variables, items.emplace_back(nullptr))) {
        return problem;
      }
    } else {
      for (const Value& item : literal.items) {
        if (auto problem =
                coerce_literal(schema, *type.of, item, variables, items.emplace_back(nullptr))) {
          return problem;
        }
      }
    }
    out = std::move(items);
    return std::nullopt;
  }
  const NamedType* named = schema.type(type.name);
  if (named->kind == TypeKind::kInputObject) {
    return object_from_literal(schema, *named, literal, variables, out);
  }
  if (named->kind == TypeKind::kEnum) {
    if (literal.kind != Kind::kEnum) {
      return "Enum \"" + named->name + "\" cannot represent non-enum value: " + print(literal) +
             "." + did_you_mean(print(literal), names_of(named->enum_values), "the enum value");
    }
    if (!named->has_enum_value(literal.text)) {
      return "Value \"" + literal.text + "\" does not exist in \"" + named->name + "\" enum." +
             did_you_mean(literal.text, names_of(named->enum_values), "the enum value");
    }
    out = literal.text;
    return std::nullopt;
  }
  return scalar_from_literal(*named, literal, out);
}

std::vector<InputError> coerce_variables(const Schema& schema, const Operation& operation,
                                         const json::object& given, json::object& out) {
  std::vector<InputError> errors;
  // Each message shows the value at fault, which can be most of the request: the count and the
  // bytes are bounded, so that an answer is never much larger than its request.
  std::size_t bytes = 0;
  bool full = false;
  const auto report = [&](std::string message, const VariableDefinition& definition) {
    if (full) return;
    bytes += message.size();
    full = errors.size() == kMaxVariableErrors || (!errors.empty() && bytes > kMaxErrorBytes);
    if (full) {
      errors.push_back(
          {"Too many errors processing variables, error limit reached. Execution "
           "aborted.",
           {}});
    } else {
      errors.push_back({std::move(message), {definition.location}});
    }
  };
  for (const auto& definition : operation.variables) {
    const std::string name = "$" + definition.name;
    const json::value* value = given.if_contains(definition.name);
    if (!value) {
      if (definition.default_value) {
        json::value coerced;
        coerce_literal(schema, definition.type, *definition.default_value, nullptr, coerced);
        out[definition.name] = std::move(coerced);
      } else if (definition.type.kind == TypeRef::Kind::kNonNull) {
        report("Variable \"" + name + "\" of required type \"" + to_string(definition.type) +
                   "\" was not provided.",
               definition);
      }
      continue;
    }
    if (value->is_null() && definition.type.kind == TypeRef::Kind::kNonNull) {
      report("Variable \"" + name + "\" of non-null type \"" + to_string(definition.type) +
                 "\" must not be null.",
             definition);
      continue;
    }
    std::string path;
    std::vector<JsonProblem> problems;
    json::value coerced;
    coerce_json(schema, definition.type, *value, coerced, path, problems);
    for (auto& problem : problems) {
      const std::string at =
          problem.path.empty() ? "" : " at \"" + definition.name + problem.path + "\"";
      report("Variable \"" + name + "\" got invalid value " + problem.value + at + "; " +
                 problem.message,
             definition);
    }
    if (problems.empty()) out[definition.name] = std::move(coerced);
  }
  return errors;
}

std::optional<InputError> coerce_arguments(const Schema& schema,
                                           const std::vector<InputValue>& definitions,
                                           const std::vector<Argument>& arguments,
                                           const json::object& variables, SourceLocation location,
                                           json::object& out) {
  for (const auto& definition : definitions) {
    const auto given = std::find_if(arguments.begin(), arguments.end(),
                                    [&](const Argument& a) { return a.name == definition.name; });
    const bool absent = given == arguments.end() || (given->value.kind == Kind::kVariable &&
                                                     !variables.contains(given->value.text));
    if (absent) {
      if (!definition.default_value.empty()) {
        out[definition.name] = default_of(definition);
      } else if (definition.type.kind == TypeRef::Kind::kNonNull) {
        return InputError{"Argument \"" + definition.name + "\" of required type \"" +
                              to_string(definition.type) + "\" was not provided.",
                          {given == arguments.end() ? location : given->location}};
      }
      continue;
    }
    json::value value;
    if (auto problem = coerce_literal(schema, definition.type, given->value, &variables, value)) {
      return InputError{*problem, {given->value.location}};
    }
    if (value.is_null() && definition.type.kind == TypeRef::Kind::kNonNull) {
      return InputError{"Argument \"" + definition.name + "\" of non-null type \"" +
                            to_string(definition.type) + "\" must not be null.",
                        {given->value.location}};
    }
    out[definition.name] = std::move(value);
  }
  return std::nullopt;
}

json::value default_of(const InputValue& input) {
  const std::string& text = input.default_value;
  if (text == "true" || text == "false") return text == "true";
  if (text == "null" || text.empty()) return nullptr;
  if (text.front() == '"') return json::string(text.substr(1, text.size() - 2));
  if (text.find_first_of(".eE") != std::string::npos) return std::strtod(text.c_str(), nullptr);
  return std::strtoll(text.c_str(), nullptr, 10);
}

}  // namespace mercado::graphql
