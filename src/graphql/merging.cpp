#include "graphql/merging.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "graphql/values.hpp"

namespace mercado::graphql {
namespace {

namespace json = boost::json;

const Fragment* find_fragment(const Document& document, std::string_view name) {
  for (const auto& fragment : document.fragments) {
    if (fragment.name == name) return &fragment;
  }
  return nullptr;
}

// @skip(if: true) or @include(if: false) on a selection, with `variables` given.
bool excluded(const std::vector<Directive>& directives, const json::object& variables) {
  for (const auto& directive : directives) {
    if (directive.name != "skip" && directive.name != "include") continue;
    for (const auto& argument : directive.arguments) {
      if (argument.name != "if") continue;
      bool condition = argument.value.text == "true";
      if (argument.value.kind == Value::Kind::kVariable) {
        const json::value* value = variables.if_contains(argument.value.text);
        condition = value && value->is_bool() && value->get_bool();
      }
      if (condition == (directive.name == "skip")) return true;
    }
  }
  return false;
}

void collect(const Document& document, const NamedType& type, const SelectionSet& set,
             const json::object* variables, std::vector<FieldGroup>& groups,
             std::map<std::string, std::size_t, std::less<>>& index,
             std::set<std::string, std::less<>>& spread) {
  for (const auto& selection : set.selections) {
    if (variables && excluded(selection.directives, *variables)) continue;
    switch (selection.kind) {
      case Selection::Kind::kField: {
        const auto [at, fresh] = index.emplace(selection.response_key(), groups.size());
        if (fresh) groups.push_back({selection.response_key(), {}});
        groups[at->second].fields.push_back(&selection);
        break;
      }
      case Selection::Kind::kFragmentSpread: {
        // A fragment spread twice at one level adds nothing the first did not.
        if (!spread.insert(selection.name).second) break;
        const Fragment* fragment = find_fragment(document, selection.name);
        if (fragment && fragment->type_condition == type.name) {
          collect(document, type, fragment->selection_set, variables, groups, index, spread);
        }
        break;
      }
      case Selection::Kind::kInlineFragment:
        if (selection.type_condition.empty() || selection.type_condition == type.name) {
          collect(document, type, selection.selection_set, variables, groups, index, spread);
        }
        break;
    }
  }
}

std::map<std::string, std::string> printed_arguments(const Selection& field) {
  std::map<std::string, std::string> printed;
  for (const auto& argument : field.arguments) printed[argument.name] = print(argument.value);
  return printed;
}

void check_level(const Schema& schema, const Document& document, const NamedType& type,
                 const std::vector<const SelectionSet*>& sets, std::vector<Conflict>& conflicts) {
  for (const auto& group : collect_fields(document, type, sets, nullptr)) {
    const Selection& first = *group.fields.front();
    std::vector<std::map<std::string, std::string>> arguments;
    for (const Selection* field : group.fields) arguments.push_back(printed_arguments(*field));
    bool sound = true;
    // Every pair that conflicts, as graphql-js reports them; past the error limit, no more.
    for (std::size_t i = 0; i < group.fields.size(); ++i) {
      for (std::size_t j = i + 1; j < group.fields.size(); ++j) {
        const Selection& one = *group.fields[i];
        const Selection& other = *group.fields[j];
        std::string reason;
        if (other.name != one.name) {
          reason = "\"" + one.name + "\" and \"" + other.name + "\" are different fields";
        } else if (arguments[j] != arguments[i]) {
          reason = "they have differing arguments";
        }
        if (reason.empty()) continue;
        sound = false;
        if (conflicts.size() > kMaxValidationErrors) return;
        conflicts.push_back({"Fields \"" + group.key + "\" conflict because " + reason +
                                 ". Use different aliases on the fields to fetch both if this "
                                 "was intentional.",
                             {one.location, other.location}});
      }
    }
    const FieldDefinition* definition = schema.field_of(type, first.name);
    if (!sound || !definition) continue;
    const NamedType* child = schema.type(named_type(definition->type));
    if (!child || child->kind != TypeKind::kObject) continue;
    std::vector<const SelectionSet*> children;
    for (const Selection* field : group.fields) children.push_back(&field->selection_set);
    check_level(schema, document, *child, children, conflicts);
  }
}

std::size_t add(std::size_t a, std::size_t b) { return std::min(a + b, kSaturated); }
std::int64_t add(std::int64_t a, std::int64_t b) {
  return std::min<std::int64_t>(a + b, static_cast<std::int64_t>(kSaturated));
}
std::int64_t times(std::int64_t a, std::int64_t b) {
  if (a != 0 && b > static_cast<std::int64_t>(kSaturated) / a) {
    return static_cast<std::int64_t>(kSaturated);
  }
  return a * b;
}

// How many items a list field is counted as: its literal size argument, else its assumption.
// An Int argument no Int can hold is left to the rule on values, which refuses it in its own
// words (a bound's error would hide that one).
std::int64_t list_size(const FieldDefinition& definition, const Selection& field) {
  for (const auto& argument : field.arguments) {
    if (argument.name == definition.size_argument && argument.value.kind == Value::Kind::kInt) {
      const std::int64_t size =
          std::clamp<std::int64_t>(std::strtoll(argument.value.text.c_str(), nullptr, 10), 0,
                                   static_cast<std::int64_t>(kSaturated));
      const InputValue* input = definition.argument(definition.size_argument);
      const bool refused = input && named_type(input->type) == "Int" &&
                           size > std::numeric_limits<std::int32_t>::max();
      return refused ? definition.assumed_size : size;
    }
  }
  return definition.assumed_size;
}

class Measurer {
 public:
  Measurer(const Schema& schema, const Document& document) : schema_(schema), document_(document) {}

  // `type` is null under a field the schema does not have: its fields still count.
  Measure of(const NamedType* type, const SelectionSet& set) {
    Measure total;
    for (const auto& selection : set.selections) {
      Measure part;
      if (selection.kind == Selection::Kind::kFragmentSpread) {
        part = fragment(selection.name);
      } else if (selection.kind == Selection::Kind::kInlineFragment) {
        const NamedType* condition =
            selection.type_condition.empty() ? type : schema_.type(selection.type_condition);
        part = of(condition, selection.selection_set);
      } else {
        const FieldDefinition* definition =
            type ? schema_.field_of(*type, selection.name) : nullptr;
        const NamedType* child = definition ? schema_.type(named_type(definition->type)) : nullptr;
        const Measure below = of(child, selection.selection_set);
        const std::int64_t size = definition ? list_size(*definition, selection) : 1;
        const std::int64_t own = definition ? definition->cost : 1;
        part = {.depth = below.depth + 1,
                .fields = add(below.fields, std::size_t{1}),
                .cost = add(own, times(size, below.cost))};
      }
      total.depth = std::max(total.depth, part.depth);
      total.fields = add(total.fields, part.fields);
      total.cost = add(total.cost, part.cost);
    }
    return total;
  }

 private:
  // Each fragment is measured once: its type condition, not where it is spread, decides it.
  Measure fragment(const std::string& name) {
    if (const auto known = memo_.find(name); known != memo_.end()) return known->second;
    memo_[name] = {};  // a cycle (refused before this runs) would count as nothing
    const Fragment* definition = find_fragment(document_, name);
    Measure measured;
    if (definition)
      measured = of(schema_.type(definition->type_condition), definition->selection_set);
    memo_[name] = measured;
    return measured;
  }

  const Schema& schema_;
  const Document& document_;
  std::map<std::string, Measure, std::less<>> memo_;
};

}  // namespace

std::vector<FieldGroup> collect_fields(const Document& document, const NamedType& type,
                                       const std::vector<const SelectionSet*>& sets,
                                       const json::object* variables) {
  std::vector<FieldGroup> groups;
  std::map<std::string, std::size_t, std::less<>> index;
  std::set<std::string, std::less<>> spread;
  for (const SelectionSet* set : sets) {
    collect(document, type, *set, variables, groups, index, spread);
  }
  return groups;
}

std::vector<Conflict> find_conflicts(const Schema& schema, const Document& document,
                                     const NamedType& root, const SelectionSet& set) {
  std::vector<Conflict> conflicts;
  check_level(schema, document, root, {&set}, conflicts);
  return conflicts;
}

Measure measure(const Schema& schema, const Document& document, const Operation& operation) {
  const NamedType* root =
      operation.type == OperationType::kMutation ? schema.mutation_type() : &schema.query_type();
  return Measurer(schema, document).of(root, operation.selection_set);
}

}  // namespace mercado::graphql
