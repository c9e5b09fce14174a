// Execution (specification section 6): a validated operation against a schema, its fields'
// values from a Resolver. Fields are run level by level: all the objects at one place in the
// response are resolved together, so a list of 200 products with their categories asks the
// resolver twice, not 201 times (no N+1). Errors are values in the response, with the null
// they leave rising to the nearest nullable field (6.4.4).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "graphql/ast.hpp"
#include "graphql/schema.hpp"
#include "graphql/validation.hpp"

namespace mercado::graphql {

// A field that could not be resolved: its message and extensions ("code" at least).
struct FieldError {
  std::string message;
  boost::json::object extensions;
};

// One parent's value of a field: for an object type, an object holding the values of its
// fields by name (its "source"); for a list, an array; null or an error otherwise.
struct FieldResult {
  boost::json::value value;
  std::optional<FieldError> error;
};

struct FieldCall {
  const NamedType& parent;
  const FieldDefinition& definition;
  const boost::json::object& arguments;  // coerced, defaults applied
  std::string_view response_key;         // the alias, or the field's name
};

class Resolver {
 public:
  virtual ~Resolver() = default;
  // Whether `parent.field` is computed by resolve(); every other field is the parent source's
  // member of the field's name.
  virtual bool resolves(const NamedType& parent, const FieldDefinition& field) const = 0;
  // The field's values for all `parents` at one place in the response, in their order.
  virtual boost::asio::awaitable<std::vector<FieldResult>> resolve(
      const FieldCall& call, const std::vector<const boost::json::value*>& parents) = 0;
};

// A request's document, parsed and validated, with the operation to run and its variables.
struct Prepared {
  Document document;
  std::size_t operation = 0;
  boost::json::object variables;

  const Operation& chosen() const { return document.operations[operation]; }
};

// An error before execution: parse, validation, operation choice or variables. Such a request
// has no "data" at all (7.1.2).
using RequestErrors = std::vector<ValidationError>;

std::variant<Prepared, RequestErrors> prepare(const Schema& schema, std::string_view text,
                                              std::string_view operation_name,
                                              const boost::json::object& variables,
                                              const Limits& limits = {});

// {"errors": [...], "data": {...}} (errors only when there are some).
boost::asio::awaitable<boost::json::object> execute(const Schema& schema, Resolver& resolver,
                                                    const Prepared& request);

// {"errors": [...]} for errors found before execution.
boost::json::object error_response(const RequestErrors& errors);

}  // namespace mercado::graphql
