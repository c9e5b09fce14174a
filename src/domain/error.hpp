// Errors as values: what went wrong, in terms of the domain, never of HTTP or SQL.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace mercado::domain {

// The kinds of failure a caller can act on; the HTTP layer maps each to one status.
enum class ErrorCode {
  kInvalidInput,          // the request is malformed or fails validation
  kNotFound,              // no such resource
  kConflict,              // the change contradicts stored state (a unique value, a dependent row)
  kUnauthorized,          // who the caller is could not be established
  kForbidden,             // the caller is known but may not do this
  kTooLarge,              // a body or upload over its limit
  kUnsupportedMediaType,  // a body or upload of a type that is not accepted
  kRateLimited,           // too many attempts; retry after `retry_after_seconds`
  kStale,                 // the client's copy is out of date (a failed If-Match)
  kUnprocessable,         // well-formed, but contradicts an earlier request (a reused key)
  kUnavailable,           // a dependency (storage) is down or overloaded; retrying may help
  kTimedOut,              // ran out of its time budget having changed nothing; may run again
  kInternal,              // a bug or an unexpected fault; details go to the log only
};

struct FieldError {
  std::string field;
  std::string message;
  bool operator==(const FieldError&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string detail;
  std::vector<FieldError> fields;
  int retry_after_seconds = 0;  // for kRateLimited
};

inline Error invalid(std::string detail, std::vector<FieldError> fields = {}) {
  return {ErrorCode::kInvalidInput, std::move(detail), std::move(fields)};
}
inline Error not_found(std::string detail) { return {ErrorCode::kNotFound, std::move(detail), {}}; }
inline Error conflict(std::string detail) { return {ErrorCode::kConflict, std::move(detail), {}}; }
inline Error unauthorized(std::string detail) {
  return {ErrorCode::kUnauthorized, std::move(detail), {}};
}
inline Error forbidden(std::string detail) {
  return {ErrorCode::kForbidden, std::move(detail), {}};
}
inline Error unavailable(std::string detail) {
  return {ErrorCode::kUnavailable, std::move(detail), {}};
}

// A value or the reason there is none. Small on purpose: ok(), value(), error().
template <class T, class E = Error>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(E error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const { return std::get<E>(state_); }

 private:
  std::variant<T, E> state_;
};

}  // namespace mercado::domain
