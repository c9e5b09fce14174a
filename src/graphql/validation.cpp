#include "graphql/validation.hpp"

#include <algorithm>
#include <functional>

#include "graphql/merging.hpp"
#include "graphql/validator.hpp"
#include "graphql/values.hpp"

namespace mercado::graphql {
namespace detail {

std::vector<ValidationError> Validator::run(const Limits& limits) {
  check_names();
  if (!check_fragment_cycles()) return std::move(errors_);
  if (!check_bounds(limits)) return std::move(errors_);
  for (const auto& fragment : doc_.fragments) check_fragment(fragment);
  for (const auto& operation : doc_.operations) check_operation(operation);
  check_unused_fragments();
  if (errors_.empty()) {
    for (const auto& operation : doc_.operations) {
      const NamedType* root = root_type(operation);
      if (!root) continue;
      for (auto& conflict : find_conflicts(schema_, doc_, *root, operation.selection_set)) {
        error(std::move(conflict.message), std::move(conflict.locations));
      }
    }
  }
  return std::move(errors_);
}

void Validator::error(std::string message, std::vector<SourceLocation> locations) {
  if (errors_.size() > kMaxValidationErrors) return;
  if (errors_.size() == kMaxValidationErrors) {
    message = "Too many validation errors, error limit reached. Validation aborted.";
    locations.clear();
  }
  errors_.push_back({std::move(message), std::move(locations), "GRAPHQL_VALIDATION_FAILED"});
}

const NamedType* Validator::root_type(const Operation& operation) const {
  switch (operation.type) {
    case OperationType::kQuery:
      return &schema_.query_type();
    case OperationType::kMutation:
      return schema_.mutation_type();
    case OperationType::kSubscription:
      return nullptr;
  }
  return nullptr;
}

// 5.2.1.1, 5.2.2.1, 5.5.1.1.
void Validator::check_names() {
  std::map<std::string, const Operation*> operations;
  for (const auto& operation : doc_.operations) {
    if (operation.name.empty()) {
      if (doc_.operations.size() > 1) {
        error("This anonymous operation must be the only defined operation.", {operation.location});
      }
    } else if (const auto [at, fresh] = operations.emplace(operation.name, &operation); !fresh) {
      error("There can be only one operation named " + quoted(operation.name) + ".",
            {at->second->name_location, operation.name_location});
    }
  }
  std::map<std::string, const Fragment*> fragments;
  for (const auto& fragment : doc_.fragments) {
    if (const auto [at, fresh] = fragments.emplace(fragment.name, &fragment); !fresh) {
      error("There can be only one fragment named " + quoted(fragment.name) + ".",
            {at->second->name_location, fragment.name_location});
    }
  }
}

// The fragments a selection set spreads, directly or in inline fragments and fields.
void Validator::direct_spreads(const SelectionSet& set, std::vector<const Selection*>& out) {
  for (const auto& selection : set.selections) {
    if (selection.kind == Kind::kFragmentSpread) {
      out.push_back(&selection);
    } else {
      direct_spreads(selection.selection_set, out);
    }
  }
}

// 5.5.2.2: a cycle would make expansion endless, so nothing after it is checked.
bool Validator::check_fragment_cycles() {
  std::map<std::string, int> state;  // 1: on the current path, 2: done
  std::vector<const Selection*> path;
  bool sound = true;
  const std::function<void(const Fragment&)> visit = [&](const Fragment& fragment) {
    state[fragment.name] = 1;
    std::vector<const Selection*> spreads;
    direct_spreads(fragment.selection_set, spreads);
    for (const Selection* spread : spreads) {
      const auto target = fragments_.find(spread->name);
      if (target == fragments_.end()) continue;
      if (state[spread->name] == 1) {
        const auto start = std::find_if(
            path.begin(), path.end(), [&](const Selection* s) { return s->name == spread->name; });
        std::string via;
        std::vector<SourceLocation> locations;
        for (auto it = start == path.end() ? path.begin() : start + 1; it != path.end(); ++it) {
          via += (via.empty() ? "" : ", ") + quoted((*it)->name);
        }
        // The spreads of the cycle: from the one leaving the fragment to the one back to it.
        for (auto it = start == path.end() ? path.begin() : start + 1; it != path.end(); ++it) {
          locations.push_back((*it)->location);
        }
        locations.push_back(spread->location);
        error("Cannot spread fragment " + quoted(spread->name) + " within itself" +
                  (via.empty() ? "" : " via " + via) + ".",
              locations);
        sound = false;
      } else if (state[spread->name] == 0) {
        path.push_back(spread);
        visit(*target->second);
        path.pop_back();
      }
    }
    state[fragment.name] = 2;
  };
  for (const auto& fragment : doc_.fragments) {
    if (state[fragment.name] == 0) visit(fragment);
  }
  return sound;
}

bool Validator::check_bounds(const Limits& limits) {
  std::size_t aliases = 0;
  const std::function<void(const SelectionSet&)> count = [&](const SelectionSet& set) {
    for (const auto& selection : set.selections) {
      if (!selection.alias.empty()) ++aliases;
      count(selection.selection_set);
    }
  };
  for (const auto& operation : doc_.operations) count(operation.selection_set);
  for (const auto& fragment : doc_.fragments) count(fragment.selection_set);
  if (aliases > limits.max_aliases) {
    bound("The document has " + std::to_string(aliases) + " aliases; at most " +
          std::to_string(limits.max_aliases) + " are allowed.");
    return false;
  }
  for (const auto& operation : doc_.operations) {
    const Measure size = measure(schema_, doc_, operation);
    const std::string name = operation.name.empty() ? "The operation" : quoted(operation.name);
    if (size.depth > limits.max_depth) {
      bound(name + " nests fields " + std::to_string(size.depth) + " deep; at most " +
            std::to_string(limits.max_depth) + " levels are allowed.");
    } else if (size.fields > limits.max_fields) {
      bound(name + " selects " +
            (size.fields == kSaturated ? "too many" : std::to_string(size.fields)) +
            " fields with its fragments expanded; at most " + std::to_string(limits.max_fields) +
            " are allowed.");
    } else if (size.cost > limits.max_cost) {
      bound(name + " may return " + std::to_string(size.cost) + " values; at most " +
            std::to_string(limits.max_cost) + " are allowed. Ask for smaller pages (limit).");
    } else {
      continue;
    }
    return false;
  }
  return true;
}

void Validator::bound(std::string message) {
  errors_.push_back({std::move(message), {}, "QUERY_TOO_COMPLEX"});
}

void Validator::check_operation(const Operation& operation) {
  const NamedType* root = root_type(operation);
  if (!root) {
    error(operation.type == OperationType::kSubscription
              ? "Schema is not configured to execute subscription operation."
              : "Schema is not configured to execute mutation operation.",
          {operation.location});
    return;
  }
  check_directives(operation.directives, operation.type == OperationType::kQuery
                                             ? DirectiveLocation::kQuery
                                             : DirectiveLocation::kMutation);
  std::map<std::string, const VariableDefinition*> defined;
  for (const auto& variable : operation.variables) {
    if (const auto [at, fresh] = defined.emplace(variable.name, &variable); !fresh) {
      error("There can be only one variable named " + quoted("$" + variable.name) + ".",
            {at->second->name_location, variable.name_location});
    }
    check_directives(variable.directives, DirectiveLocation::kVariableDefinition);
    const NamedType* named = schema_.type(named_type(variable.type));
    if (!named) {
      const TypeRef* inner = &variable.type;
      while (inner->of) inner = inner->of.get();
      error("Unknown type " + quoted(named_type(variable.type)) + "." +
                did_you_mean(named_type(variable.type), type_names()),
            {inner->location});
    } else if (!schema_.is_input_type(variable.type)) {
      error("Variable " + quoted("$" + variable.name) + " cannot be non-input type " +
                quoted(to_string(variable.type)) + ".",
            {variable.type.location});
    } else if (variable.default_value) {
      check_value(variable.type, *variable.default_value);
    }
  }
  Footprint footprint;
  check_selection_set(*root, operation.selection_set, footprint);
  // 5.8.3-5.8.5 over the operation and every fragment it reaches.
  std::set<std::string> reached;
  std::vector<VariableUsage> usages = footprint.usages;
  std::vector<const Selection*> pending = footprint.spreads;
  while (!pending.empty()) {
    const Selection* spread = pending.back();
    pending.pop_back();
    if (!reached.insert(spread->name).second) continue;
    const auto found = fragment_footprints_.find(spread->name);
    if (found == fragment_footprints_.end()) continue;
    usages.insert(usages.end(), found->second.usages.begin(), found->second.usages.end());
    pending.insert(pending.end(), found->second.spreads.begin(), found->second.spreads.end());
  }
  used_fragments_.insert(reached.begin(), reached.end());
  std::set<std::string> used;
  for (const auto& usage : usages) {
    const std::string& name = usage.variable->text;
    used.insert(name);
    const auto definition = defined.find(name);
    if (definition == defined.end()) {
      error("Variable " + quoted("$" + name) + " is not defined" +
                (operation.name.empty() ? "" : " by operation " + quoted(operation.name)) + ".",
            {usage.variable->location, operation.location});
    } else if (schema_.is_input_type(definition->second->type) &&
               !usage_allowed(*definition->second, usage)) {
      error("Variable " + quoted("$" + name) + " of type " +
                quoted(to_string(definition->second->type)) + " used in position expecting type " +
                quoted(to_string(usage.expected)) + ".",
            {definition->second->location, usage.variable->location});
    }
  }
  for (const auto& variable : operation.variables) {
    if (used.count(variable.name) == 0) {
      error("Variable " + quoted("$" + variable.name) + " is never used" +
                (operation.name.empty() ? "" : " in operation " + quoted(operation.name)) + ".",
            {variable.location});
    }
  }
}

void Validator::check_fragment(const Fragment& fragment) {
  check_directives(fragment.directives, DirectiveLocation::kFragmentDefinition);
  const NamedType* type = composite_condition(
      fragment.type_condition, fragment.type_condition_location, quoted(fragment.name) + " ");
  if (!type) return;
  Footprint footprint;
  check_selection_set(*type, fragment.selection_set, footprint);
  fragment_footprints_.emplace(fragment.name, std::move(footprint));
}

// 5.5.1.2 and 5.5.1.3: the type a fragment conditions on.
const NamedType* Validator::composite_condition(const std::string& name, SourceLocation location,
                                                const std::string& fragment) {
  const NamedType* type = schema_.type(name);
  if (!type) {
    error("Unknown type " + quoted(name) + "." + did_you_mean(name, type_names()), {location});
  } else if (type->kind != TypeKind::kObject) {
    error("Fragment " + fragment + "cannot condition on non composite type " + quoted(name) + ".",
          {location});
    return nullptr;
  }
  return type;
}

std::vector<std::string> Validator::type_names() const {
  std::vector<std::string> names;
  for (const auto& type : schema_.types()) names.push_back(type->name);
  return names;
}

void Validator::check_unused_fragments() {
  for (const auto& fragment : doc_.fragments) {
    if (used_fragments_.count(fragment.name) == 0) {
      error("Fragment " + quoted(fragment.name) + " is never used.", {fragment.location});
    }
  }
}

}  // namespace detail

std::vector<ValidationError> validate(const Schema& schema, const Document& document,
                                      const Limits& limits) {
  return detail::Validator(schema, document).run(limits);
}

}  // namespace mercado::graphql
