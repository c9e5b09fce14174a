#include "http/document_writer.hpp"

#include "support/log.hpp"

namespace mercado::http {
namespace {

void append_xml_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 forbids most C0 controls even as references; stored text never has them
        // except tab, newline and carriage return, which are legal.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
          out += c;
        }
    }
  }
}

}  // namespace

DocumentWriter::DocumentWriter(Format format, std::size_t reserve) : format_(format) {
  out_.reserve(reserve);
  if (format_ == Format::kXml) out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
}

std::string_view DocumentWriter::item_name() const {
  return levels_.empty() ? std::string_view("item") : levels_.back().item;
}

void DocumentWriter::open(std::string_view name) {
  const bool in_array = !levels_.empty() && levels_.back().is_array;
  if (format_ == Format::kJson) {
    if (!levels_.empty()) {
      if (!levels_.back().empty) out_ += ',';
      levels_.back().empty = false;
      if (!in_array) {
        out_ += '"';
        out_ += name;
        out_ += "\":";
      }
    }
  } else {
    out_ += '<';
    out_ += name;
    out_ += '>';
  }
}

void DocumentWriter::close(std::string_view name) {
  if (format_ == Format::kXml) {
    out_ += "</";
    out_ += name;
    out_ += '>';
  }
}

void DocumentWriter::text(std::string_view value) {
  if (format_ == Format::kJson) {
    out_ += '"';
    support::append_json_escaped(out_, value);
    out_ += '"';
  } else {
    append_xml_escaped(out_, value);
  }
}

void DocumentWriter::begin_object(std::string_view name) {
  open(name);
  if (format_ == Format::kJson) out_ += '{';
  levels_.push_back({false, true, name, {}});
}

void DocumentWriter::end_object() {
  if (format_ == Format::kJson) out_ += '}';
  close(levels_.back().name);
  levels_.pop_back();
}

void DocumentWriter::begin_array(std::string_view name, std::string_view item) {
  open(name);
  if (format_ == Format::kJson) out_ += '[';
  levels_.push_back({true, true, name, item});
}

void DocumentWriter::end_array() {
  if (format_ == Format::kJson) out_ += ']';
  close(levels_.back().name);
  levels_.pop_back();
}

void DocumentWriter::field(std::string_view name, std::string_view value) {
  open(name);
  text(value);
  close(name);
}

void DocumentWriter::field(std::string_view name, std::int64_t number) {
  open(name);
  out_ += std::to_string(number);
  close(name);
}

void DocumentWriter::field(std::string_view name, bool value) {
  open(name);
  out_ += value ? "true" : "false";
  close(name);
}

void DocumentWriter::field(std::string_view name, domain::Cents price) {
  open(name);
  domain::append_price(out_, price);
  close(name);
}

void DocumentWriter::boolean_document(std::string_view name, bool value) { field(name, value); }

}  // namespace mercado::http
