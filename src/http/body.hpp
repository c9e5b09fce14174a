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
  // A whole number from 0 up (a quantity, a stock).
  std::optional<std::int64_t> count(const char* name);
  // An array of objects, each read by a reader of its own whose errors name the field with its
  // position ("items[2].quantity"); move them here with merge_errors. XML gives the list as
  // <items><item>...</item></items>. At most `max` items are read: more is an error.
  std::optional<std::vector<BodyReader>> objects(const char* name, std::size_t max);
  void merge_errors(BodyReader& item);

  // For a field whose value decoded but means nothing (an unknown enumerator).
  void add_error(const char* name, std::string message) {
    errors_.push_back({field(name), std::move(message)});
  }
  // "is required" for a field that was not read, unless reading it was already an error.
  void require(bool present, const char* name);
  std::vector<domain::FieldError> take_errors() { return std::move(errors_); }

 private:
  BodyReader(const boost::json::object& object, bool from_xml, std::string prefix);
  const boost::json::value* find(const char* name);
  std::string field(const char* name) const { return prefix_ + name; }

  const boost::json::object& object_;
  bool from_xml_;
  std::string prefix_;  // for an item of objects(): "items[2]."
  std::vector<domain::FieldError> errors_;
};

}  // namespace mercado::http
