// Validation (specification section 5) and the bounds that keep a hostile document cheap:
// everything a document can do wrong is found here, before anything runs. Errors come in
// graphql-js's words, each with the locations of the nodes concerned.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graphql/ast.hpp"
#include "graphql/schema.hpp"

namespace mercado::graphql {

// The bounds on what one operation may ask, with fragments expanded (docs/API.md, "GraphQL").
// Introspection lists count as one item each: the schema they describe is small and fixed.
struct Limits {
  std::size_t max_depth = 15;    // fields nested in fields; the introspection query has 12
  std::size_t max_aliases = 50;  // in the whole document
  std::size_t max_fields = 1000;
  // Every field counts 1, and what is selected under a list counts once per item the list may
  // hold (FieldDefinition::assumed_size, or the literal `limit` it is given).
  std::int64_t max_cost = 100'000;
};

// As graphql-js's validate(): past this many errors, one more says so and the rest are dropped.
inline constexpr std::size_t kMaxValidationErrors = 100;

struct ValidationError {
  std::string message;
  std::vector<SourceLocation> locations;
  // "GRAPHQL_VALIDATION_FAILED", or "QUERY_TOO_COMPLEX" for a bound.
  std::string code = "GRAPHQL_VALIDATION_FAILED";
};

// Every rule of section 5 for a schema without interfaces and unions. A document over a bound
// gets that one error and no further checks. The merging check (5.3.2) runs last, and only
// when nothing else failed, on a tree the bounds have already kept small.
std::vector<ValidationError> validate(const Schema& schema, const Document& document,
                                      const Limits& limits = {});

// How much an operation asks, fragments expanded (for the bounds and their tests).
struct Measure {
  std::size_t depth = 0;
  std::size_t fields = 0;
  std::int64_t cost = 0;
};
Measure measure(const Schema& schema, const Document& document, const Operation& operation);

}  // namespace mercado::graphql
