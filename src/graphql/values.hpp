// Input coercion (specification 3.5 and 6.1.2, 6.4.1): literals in the document and variables
// from the request become Boost.JSON values of the types the schema expects. Coerced values:
// Int is an int64 in 32-bit range, Float a double, String, ID and enum values strings, Boolean a
// bool, an input object an object holding the fields given (and defaulted), a list an array.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graphql/ast.hpp"
#include "graphql/messages.hpp"
#include "graphql/schema.hpp"

namespace mercado::graphql {

// What a value does wrong, in graphql-js's words ("Int cannot represent non-integer value:
// \"x\""); where, when the value came from the document.
struct InputError {
  std::string message;
  std::vector<SourceLocation> locations;
};

// Checks `literal` against `type` and writes its coerced value to `out`. Variables are read
// from `variables`; with none (validation, before any variables are known) a variable passes
// here and its usage is checked by the variable rules. An absent variable inside a list is
// null, inside an object the field is left out. Returns the problem, if any.
std::optional<std::string> coerce_literal(const Schema& schema, const TypeRef& type,
                                          const Value& literal,
                                          const boost::json::object* variables,
                                          boost::json::value& out);

// The request's variables against the operation's definitions: defaults applied, required
// ones present, each of its type. A variable the request does not give and that has no default
// is left out (an argument that names it then takes its own default). Returns every problem
// (none: the variables are good), at most kMaxVariableErrors and a last one saying so.
inline constexpr std::size_t kMaxVariableErrors = 50;
inline constexpr std::size_t kMaxErrorBytes = 64 * 1024;
std::vector<InputError> coerce_variables(const Schema& schema, const Operation& operation,
                                         const boost::json::object& given,
                                         boost::json::object& out);

// A field's or directive's arguments (already validated): literals coerced, variables read,
// defaults applied.
std::optional<InputError> coerce_arguments(const Schema& schema,
                                           const std::vector<InputValue>& definitions,
                                           const std::vector<Argument>& arguments,
                                           const boost::json::object& variables,
                                           SourceLocation location, boost::json::object& out);

// A default value written as GraphQL source ("false", "20", "\"text\"") as a coerced value.
boost::json::value default_of(const InputValue& input);

}  // namespace mercado::graphql
