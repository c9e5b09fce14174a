// The rules of section 5 that apply where a selection, an argument or a value is: fields on
// their types (5.3.1, 5.3.3), arguments (5.4), fragment spreads (5.5.1.2-5.5.2.3), values
// (5.6), directives (5.7) and how variables are used (5.8.5).
#include <algorithm>

#include "graphql/validator.hpp"
#include "graphql/values.hpp"

namespace mercado::graphql::detail {

void Validator::check_selection_set(const NamedType& type, const SelectionSet& set,
                                    Footprint& footprint) {
  for (const auto& selection : set.selections) {
    switch (selection.kind) {
      case Kind::kField:
        check_directives(selection.directives, DirectiveLocation::kField, &footprint);
        check_field(type, selection, footprint);
        break;
      case Kind::kFragmentSpread: {
        check_directives(selection.directives, DirectiveLocation::kFragmentSpread, &footprint);
        const auto target = fragments_.find(selection.name);
        if (target == fragments_.end()) {
          error("Unknown fragment " + quoted(selection.name) + ".", {selection.name_location});
          break;
        }
        footprint.spreads.push_back(&selection);
        // 5.5.2.3: with object types only, a spread is possible where the types are the same.
        const std::string& condition = target->second->type_condition;
        if (schema_.type(condition) && condition != type.name &&
            schema_.type(condition)->kind == TypeKind::kObject) {
          error("Fragment " + quoted(selection.name) +
                    " cannot be spread here as objects of type " + quoted(type.name) +
                    " can never be of type " + quoted(condition) + ".",
                {selection.location});
        }
        break;
      }
      case Kind::kInlineFragment: {
        check_directives(selection.directives, DirectiveLocation::kInlineFragment, &footprint);
        const NamedType* inner = &type;
        if (!selection.type_condition.empty()) {
          inner =
              composite_condition(selection.type_condition, selection.type_condition_location, "");
          if (!inner) break;
          if (inner->name != type.name) {
            error("Fragment cannot be spread here as objects of type " + quoted(type.name) +
                      " can never be of type " + quoted(inner->name) + ".",
                  {selection.location});
          }
        }
        check_selection_set(*inner, selection.selection_set, footprint);
        break;
      }
    }
  }
}

void Validator::check_field(const NamedType& parent, const Selection& field, Footprint& footprint) {
  const FieldDefinition* definition = schema_.field_of(parent, field.name);
  if (!definition) {
    std::vector<std::string> names;
    for (const auto& known : parent.fields) names.push_back(known.name);
    error("Cannot query field " + quoted(field.name) + " on type " + quoted(parent.name) + "." +
              did_you_mean(field.name, names),
          {field.location});
    return;
  }
  check_arguments(definition->arguments, field.arguments, parent.name + "." + field.name, false,
                  field.location, footprint);
  const NamedType* type = schema_.type(named_type(definition->type));
  const bool leaf = type->kind == TypeKind::kScalar || type->kind == TypeKind::kEnum;
  const bool has_selection = !field.selection_set.selections.empty();
  if (leaf && has_selection) {
    error("Field " + quoted(field.name) + " must not have a selection since type " +
              quoted(to_string(definition->type)) + " has no subfields.",
          {field.selection_set.location});
  } else if (!leaf && !has_selection) {
    error("Field " + quoted(field.name) + " of type " + quoted(to_string(definition->type)) +
              " must have a selection of subfields. Did you mean \"" + field.name + " { ... }\"?",
          {field.location});
  } else if (!leaf) {
    check_selection_set(*type, field.selection_set, footprint);
  }
}

// 5.4.1, 5.4.2, 5.4.2.1 and 5.6 for the arguments of a field or directive.
void Validator::check_arguments(const std::vector<InputValue>& definitions,
                                const std::vector<Argument>& arguments, const std::string& owner,
                                bool is_directive, SourceLocation location, Footprint& footprint) {
  const std::string where =
      is_directive ? "directive " + quoted("@" + owner) : "field " + quoted(owner);
  std::map<std::string, const Argument*> seen;
  for (const auto& argument : arguments) {
    if (const auto [at, fresh] = seen.emplace(argument.name, &argument); !fresh) {
      error("There can be only one argument named " + quoted(argument.name) + ".",
            {at->second->location, argument.location});
      continue;
    }
    const auto definition =
        std::find_if(definitions.begin(), definitions.end(),
                     [&](const InputValue& input) { return input.name == argument.name; });
    if (definition == definitions.end()) {
      std::vector<std::string> names;
      for (const auto& known : definitions) names.push_back(known.name);
      error("Unknown argument " + quoted(argument.name) + " on " + where + "." +
                did_you_mean(argument.name, names),
            {argument.location});
      continue;
    }
    if (argument.value.kind == Value::Kind::kVariable) {
      footprint.usages.push_back(
          {&argument.value, definition->type, !definition->default_value.empty()});
    } else {
      check_value(definition->type, argument.value, &footprint);
    }
  }
  for (const auto& definition : definitions) {
    if (definition.type.kind == TypeRef::Kind::kNonNull && definition.default_value.empty() &&
        seen.count(definition.name) == 0) {
      const std::string subject = is_directive
                                      ? "Directive " + quoted("@" + owner)
                                      : "Field " + quoted(owner.substr(owner.find('.') + 1));
      error(subject + " argument " + quoted(definition.name) + " of type " +
                quoted(to_string(definition.type)) + " is required, but it was not provided.",
            {location});
    }
  }
}

// 5.7.1-5.7.3.
void Validator::check_directives(const std::vector<Directive>& directives,
                                 DirectiveLocation location, Footprint* footprint) {
  std::map<std::string, const Directive*> seen;
  Footprint ignored;
  for (const auto& directive : directives) {
    const DirectiveDefinition* definition = schema_.directive(directive.name);
    if (!definition) {
      error("Unknown directive " + quoted("@" + directive.name) + ".", {directive.location});
      continue;
    }
    if (std::find(definition->locations.begin(), definition->locations.end(), location) ==
        definition->locations.end()) {
      error("Directive " + quoted("@" + directive.name) + " may not be used on " +
                std::string(location_name(location)) + ".",
            {directive.location});
    }
    if (const auto [at, fresh] = seen.emplace(directive.name, &directive); !fresh) {
      error("The directive " + quoted("@" + directive.name) +
                " can only be used once at this location.",
            {at->second->location, directive.location});
    }
    check_arguments(definition->arguments, directive.arguments, directive.name, true,
                    directive.location, footprint ? *footprint : ignored);
  }
}

// 5.6.1-5.6.4 for a literal; the variables inside it are usages of their own.
void Validator::check_value(const TypeRef& type, const Value& value, Footprint* footprint) {
  if (value.kind == Value::Kind::kVariable) {
    if (footprint) footprint->usages.push_back({&value, type, false});
    return;
  }
  const TypeRef& inner = type.kind == TypeRef::Kind::kNonNull ? *type.of : type;
  if (value.kind == Value::Kind::kList && inner.kind == TypeRef::Kind::kList) {
    for (const auto& item : value.items) check_value(*inner.of, item, footprint);
    return;
  }
  const NamedType* named = inner.kind == TypeRef::Kind::kNamed ? schema_.type(inner.name) : nullptr;
  if (named && named->kind == TypeKind::kInputObject && value.kind != Value::Kind::kNull) {
    if (value.kind != Value::Kind::kObject) {
      error("Expected value of type " + quoted(to_string(type)) + ", found " + print(value) + ".",
            {value.location});
      return;
    }
    // Every field on its own, at its name: one wrong field hides nothing else.
    std::map<std::string, SourceLocation> seen;
    for (std::size_t i = 0; i < value.items.size(); ++i) {
      const std::string& name = value.names[i];
      const SourceLocation at = value.name_locations[i];
      if (const auto [first, fresh] = seen.emplace(name, at); !fresh) {
        error("There can be only one input field named " + quoted(name) + ".", {first->second, at});
      }
      const InputValue* field = named->input_field(name);
      if (!field) {
        std::vector<std::string> names;
        for (const auto& known : named->input_fields) names.push_back(known.name);
        error("Field " + quoted(name) + " is not defined by type " + quoted(named->name) + "." +
                  did_you_mean(name, names),
              {at});
        continue;
      }
      check_value(field->type, value.items[i], footprint);
    }
    for (const auto& field : named->input_fields) {
      if (field.type.kind == TypeRef::Kind::kNonNull && field.default_value.empty() &&
          seen.count(field.name) == 0) {
        error("Field " + quoted(named->name + "." + field.name) + " of required type " +
                  quoted(to_string(field.type)) + " was not provided.",
              {value.location});
      }
    }
    return;
  }
  boost::json::value ignored;
  if (auto problem = coerce_literal(schema_, type, value, nullptr, ignored)) {
    error(std::move(*problem), {value.location});
  }
}

// 5.8.5: a nullable variable may fill a non-null position only when either has a default.
bool Validator::usage_allowed(const VariableDefinition& definition,
                              const VariableUsage& usage) const {
  const TypeRef* variable = &definition.type;
  const TypeRef* expected = &usage.expected;
  if (expected->kind == TypeRef::Kind::kNonNull && variable->kind != TypeRef::Kind::kNonNull) {
    const bool variable_default =
        definition.default_value && definition.default_value->kind != Value::Kind::kNull;
    if (!variable_default && !usage.position_has_default) return false;
    expected = expected->of.get();
  }
  // AreTypesCompatible.
  while (true) {
    if (expected->kind == TypeRef::Kind::kNonNull) {
      if (variable->kind != TypeRef::Kind::kNonNull) return false;
      expected = expected->of.get();
      variable = variable->of.get();
    } else if (variable->kind == TypeRef::Kind::kNonNull) {
      variable = variable->of.get();
    } else if (expected->kind == TypeRef::Kind::kList) {
      if (variable->kind != TypeRef::Kind::kList) return false;
      expected = expected->of.get();
      variable = variable->of.get();
    } else {
      return variable->kind == TypeRef::Kind::kNamed && variable->name == expected->name;
    }
  }
}

}  // namespace mercado::graphql::detail
