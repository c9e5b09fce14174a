// How values and names appear in error messages, in graphql-js's words, so that clients and
// tools written against it show what they would show for any other server.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "graphql/ast.hpp"

namespace mercado::graphql {

// A variable's value for messages, as graphql-js's inspect() writes it: "abc" in quotes, 12,
// 1.5, true, null, [1, 2], { a: 1 }.
std::string print(const boost::json::value& value);
// A literal as GraphQL source, for messages: "abc" in quotes, 12, true, null, [1, 2], {a: 1}.
std::string print(const Value& literal);

// graphql-js's hint for a name nothing has: " Did you mean \"title\"?" with the (at most five)
// options nearest `input`, `what` before them ("the enum value"); "" when none is near.
std::string did_you_mean(std::string_view input, const std::vector<std::string>& options,
                         std::string_view what = {});

}  // namespace mercado::graphql
