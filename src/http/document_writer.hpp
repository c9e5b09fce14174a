// Writes one entity as JSON or XML through the same calls, so each resource describes its
// representation once. Output goes straight into a string: no intermediate tree.
//
// XML mapping (the contract's "Representations"): an object is an element whose children are
// its fields; an array is a wrapper element of repeated items (images -> <images><image>...).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/money.hpp"
#include "http/negotiation.hpp"

namespace mercado::http {

class DocumentWriter {
 public:
  explicit DocumentWriter(Format format, std::size_t reserve = 1024);

  // Objects: `name` is the XML element name; JSON uses it as the key inside a parent object.
  void begin_object(std::string_view name);
  void end_object();
  // Arrays: `name` names the wrapper (the key in JSON), `item` each element in XML.
  void begin_array(std::string_view name, std::string_view item);
  void end_array();

  void field(std::string_view name, std::string_view text);
  void field(std::string_view name, const char* text) { field(name, std::string_view(text)); }
  void field(std::string_view name, std::int64_t number);
  void field(std::string_view name, bool flag);
  void field(std::string_view name, domain::Cents price);
  // The shortest decimal that reads back as the same double, never with an exponent, -0 as 0.
  // JSON has no NaN or infinity: they are written as null (an empty element in XML).
  void field(std::string_view name, double number);
  // An array item that is a plain string (inside begin_array).
  void item(std::string_view text) { field(item_name(), text); }

  // A lone boolean document: `true` in JSON, <name>true</name> in XML.
  void boolean_document(std::string_view name, bool value);

  // Sparse fieldsets (`fields=`): only these fields of each entity are written, the top-level
  // object's or each item's of a top-level array. `fields` must outlive the writer.
  void select(const std::vector<std::string>& fields) { selected_ = &fields; }

  // Makes room for `bytes` more output, so long lists don't grow the buffer step by step.
  void reserve(std::size_t bytes) { out_.reserve(out_.size() + bytes); }

  Format format() const { return format_; }
  std::string take() { return std::move(out_); }

 private:
  // Where the output stood before a value that is not selected, so it can be taken back.
  struct Mark {
    std::size_t size;
    bool parent_empty;
  };
  struct Level {
    bool is_array;
    bool empty;
    std::string_view name;
    std::string_view item;
    std::optional<Mark> unselected;
  };
  // A mark when `name` is an entity's field that is not selected.
  std::optional<Mark> unselected(std::string_view name) const;
  void take_back(const std::optional<Mark>& mark);
  // Opens a value named `name` in the current container: the key or the element.
  void open(std::string_view name);
  void close(std::string_view name);
  // A named value: opened, written by `write_value`, closed, and taken back if not selected.
  template <class WriteValue>
  void value(std::string_view name, WriteValue write_value);
  std::string_view item_name() const;
  void text(std::string_view value);

  Format format_;
  std::string out_;
  std::vector<Level> levels_;
  const std::vector<std::string>* selected_ = nullptr;
};

// Adds a text field to a finished document of one object, as this writer renders it: for a value
// that comes from the request, not from the entity (api/password_echo). False, and nothing
// changed, when `document` is not such a document.
bool append_text_field(std::string& document, Format format, std::string_view name,
                       std::string_view text);

}  // namespace mercado::http
