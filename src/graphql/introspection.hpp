// Answers about the schema itself (specification 4): the sources of __Schema, __Type and the
// rest, made from the Schema, for the executor to select from like any other object.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "graphql/schema.hpp"

namespace mercado::graphql {

// Whether `parent.field` is answered here: __schema and __type on the query root, and the
// members of __Type that list what a named type holds.
bool is_introspection_field(const Schema& schema, const NamedType& parent,
                            const FieldDefinition& field);

boost::json::value resolve_introspection(const Schema& schema, const NamedType& parent,
                                         const FieldDefinition& field,
                                         const boost::json::object& arguments,
                                         const boost::json::value& source);

}  // namespace mercado::graphql
