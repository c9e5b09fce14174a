// The validator's parts, shared by validation.cpp (the document's rules: names, fragments,
// variables, bounds) and field_rules.cpp (the rules of each selection, argument and value).
// Internal to the GraphQL library.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "graphql/validation.hpp"

namespace mercado::graphql::detail {

using Kind = Selection::Kind;

inline std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

// Where a variable is used: the type its position expects, and whether that position has a
// default of its own (which lets a nullable variable fill a non-null argument).
struct VariableUsage {
  const Value* variable;
  TypeRef expected;
  bool position_has_default;
};

// What one operation or fragment refers to, found while walking it once.
struct Footprint {
  std::vector<VariableUsage> usages;
  std::vector<const Selection*> spreads;
};

class Validator {
 public:
  Validator(const Schema& schema, const Document& document) : schema_(schema), doc_(document) {
    for (const auto& fragment : document.fragments) fragments_.emplace(fragment.name, &fragment);
  }

  std::vector<ValidationError> run(const Limits& limits);

 private:
  void error(std::string message, std::vector<SourceLocation> locations);

  const NamedType* root_type(const Operation& operation) const;

  // 5.2.1.1, 5.2.2.1, 5.5.1.1.
  void check_names();

  // The fragments a selection set spreads, directly or in inline fragments and fields.
  static void direct_spreads(const SelectionSet& set, std::vector<const Selection*>& out);

  // 5.5.2.2: a cycle would make expansion endless, so nothing after it is checked.
  bool check_fragment_cycles();

  bool check_bounds(const Limits& limits);

  void bound(std::string message);

  void check_operation(const Operation& operation);

  void check_fragment(const Fragment& fragment);

  // 5.5.1.2 and 5.5.1.3: the type a fragment conditions on.
  const NamedType* composite_condition(const std::string& name, SourceLocation location,
                                       const std::string& fragment);

  std::vector<std::string> type_names() const;

  void check_unused_fragments();

  void check_selection_set(const NamedType& type, const SelectionSet& set, Footprint& footprint);
  void check_field(const NamedType& parent, const Selection& field, Footprint& footprint);
  void check_arguments(const std::vector<InputValue>& definitions,
                       const std::vector<Argument>& arguments, const std::string& owner,
                       bool is_directive, SourceLocation location, Footprint& footprint);
  void check_directives(const std::vector<Directive>& directives, DirectiveLocation location,
                        Footprint* footprint = nullptr);
  void check_value(const TypeRef& type, const Value& value, Footprint* footprint = nullptr);
  bool usage_allowed(const VariableDefinition& definition, const VariableUsage& usage) const;

  const Schema& schema_;
  const Document& doc_;
  std::map<std::string, const Fragment*> fragments_;
  std::map<std::string, Footprint> fragment_footprints_;
  std::set<std::string> used_fragments_;
  std::vector<ValidationError> errors_;
};

}  // namespace mercado::graphql::detail
