#include "domain/validation.hpp"

#include "domain/text.hpp"
#include "domain/url.hpp"

namespace mercado::domain {

void FieldErrors::check_text(const std::string& value, const char* field, std::size_t max_length) {
  if (has_forbidden_characters(value)) {
    add(field, "must be one line of UTF-8 text without control characters");
  } else if (trim(value).empty()) {
    add(field, "must not be empty");
  } else if (utf8_length(value) > max_length) {
    add(field, "must be at most " + std::to_string(max_length) + " characters");
  }
}

void FieldErrors::check_paragraph(const std::string& value, const char* field,
                                  std::size_t max_length) {
  if (has_forbidden_characters(value, /*allow_line_breaks=*/true)) {
    add(field, "must be UTF-8 text without control characters other than line breaks");
  } else if (trim(value).empty()) {
    add(field, "must not be empty");
  } else if (utf8_length(value) > max_length) {
    add(field, "must be at most " + std::to_string(max_length) + " characters");
  }
}

void FieldErrors::check_url(const std::string& value, const std::string& field) {
  if (!is_http_url(value)) add(field, "must be an absolute http or https URL");
}

}  // namespace mercado::domain
