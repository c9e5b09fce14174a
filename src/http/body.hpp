// Request bodies: JSON or XML by Content-Type, parsed with limits, read field by field with
// the same rules for both formats.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/money.hpp"
#include "http/message.hpp"

namespace mercado::http {

// JSON nesting deeper than this is refused; no resource nests more than three levels.
inline constexpr std::size_t kMaxBodyDepth = 32;

// A parsed body. XML arrives as objects and strings only (XML has no numbers), so readers
// accept numeric text where XML is the source.
struct BodyDocument {
  boost::json::value root;
  bool from_xml = false;
};

using BodyResult = domain::Result<BodyDocument>;

// Parses the body by its Content-Type: 415 for other types, 400 for malformed documents,
// invalid UTF-8, a DTD or entity declarations in XML, or a root that is not an object.
// The error's detail says what is wrong without echoing the body.
BodyResult parse_body(const Request& request);

// Parses text as XML into the BodyDocument model. Exposed for tests and fuzzing.
BodyResult parse_xml_body(std::string_view text);
BodyResult parse_json_body(std::string_view text);

// Reads typed fields from a body object, collecting one FieldError per bad field. A field that
// is absent reads as nullopt; a field that is null or of the wrong type is an error (every
// field of the catalog is required, so JSON Merge Patch's "null removes" can't apply).
class BodyReader {
 public:
  explicit BodyReader(const BodyDocument& document);

  std::optional<std::string> string(const char* name);
  // The same, with null read as absent: for fields whose absence has a meaning of its own.
  std::optional<std::string> nullable_string(const char* name);
  std::optional<std::int64_t> id(const char* name);
  std::optional<domain::Cents> price(const char* name);
  std::optional<std::vector<std::string>> string_list(const char* name);

  // For a field whose value decoded but means nothing (an unknown enumerator).
  void add_error(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }
  std::vector<domain::FieldError> take_errors() { return std::move(errors_); }

 private:
  const boost::json::value* find(const char* name);

  const boost::json::object& object_;
  bool from_xml_;
  std::vector<domain::FieldError> errors_;
};

}  // namespace mercado::http
