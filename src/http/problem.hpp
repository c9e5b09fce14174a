// RFC 9457 problem details: the one place where failures become HTTP responses.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "domain/error.hpp"
#include "http/message.hpp"

namespace mercado::http {

// A failure with its HTTP status. Domain errors convert to one through the mapping in
// problem.cpp; the HTTP layer makes its own for what only HTTP knows (405, 406, 413, 415).
struct Problem {
  Problem(Status status, std::string detail, std::vector<domain::FieldError> fields = {})
      : status(status), detail(std::move(detail)), fields(std::move(fields)) {}
  explicit Problem(const domain::Error& error);

  Status status;
  std::string detail;
  std::vector<domain::FieldError> fields;
  // Extra headers the status calls for: Allow with 405, Retry-After with 503.
  std::vector<std::pair<beast_http::field, std::string>> headers;
};

// Renders the problem in the client's format (JSON when it accepts nothing we make).
Response problem_response(const Request& request, const Problem& problem);
inline Response problem_response(const Request& request, const domain::Error& error) {
  return problem_response(request, Problem(error));
}

// The same, for a message refused before it is read whole: JSON, `instance` the path when the
// header could be read, and the connection closed afterwards.
Response bare_problem_response(const Problem& problem, std::string_view instance);

}  // namespace mercado::http
