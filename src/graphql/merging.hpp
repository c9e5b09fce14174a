// Field collection shared by validation and execution: fragments expanded into the fields each
// response key stands for, and the checks on that expansion (bounds, 5.3.2's merging rule).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "graphql/ast.hpp"
#include "graphql/schema.hpp"
#include "graphql/validation.hpp"

namespace mercado::graphql {

// Counts stop growing here, so a document of fragments that double at every level is measured
// in time linear in its size and is refused, not overflowed.
inline constexpr std::size_t kSaturated = std::size_t{1} << 50;

struct Conflict {
  std::string message;
  std::vector<SourceLocation> locations;
};

// 5.3.2 for the fields under `root`: every response key names one field with one set of
// arguments, at every level. Fragments are expanded and directives ignored, as the rule says.
std::vector<Conflict> find_conflicts(const Schema& schema, const Document& document,
                                     const NamedType& root, const SelectionSet& set);

// The fields of `set` on `type`, grouped by response key in the order they first appear:
// fragments expanded, and those that @skip/@include leave out gone (`variables` give their
// `if` arguments; null: keep every field, for validation). Each group holds the field nodes
// that merge into the key.
struct FieldGroup {
  std::string key;
  std::vector<const Selection*> fields;
};
std::vector<FieldGroup> collect_fields(const Document& document, const NamedType& type,
                                       const std::vector<const SelectionSet*>& sets,
                                       const boost::json::object* variables);

}  // namespace mercado::graphql
