// Small field rules shared by the resources' validators.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"

namespace mercado::domain {

// Collects field errors for one input, in the order the checks run.
class FieldErrors {
 public:
  // Adds "is required" when a create or replace left the field out; true if it is present.
  template <class T>
  bool require(const std::optional<T>& value, const char* field, bool required) {
    if (value) return true;
    if (required) add(field, "is required");
    return false;
  }

  // One line of single-line text of 1..max_length characters, not only white space.
  void check_text(const std::string& value, const char* field, std::size_t max_length);
  // Multi-line text of 1..max_length characters.
  void check_paragraph(const std::string& value, const char* field, std::size_t max_length);
  void check_url(const std::string& value, const std::string& field);

  void add(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }
  std::vector<FieldError> take() { return std::move(errors_); }

 private:
  std::vector<FieldError> errors_;
};

}  // namespace mercado::domain
