// A response as JSON text. Numbers are written as the shortest decimal that reads back as the
// same double, never with an exponent, so a price of 0.3 is `0.3` and 10 is `10`, as REST
// writes them (Boost.JSON's own serializer would write 1E1).
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace mercado::graphql {

std::string to_text(const boost::json::value& value);

}  // namespace mercado::graphql
