#include "http/document_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "support/log.hpp"

namespace mercado::http {
namespace {

void append_xml_escaped(std::string& out, std::string_view text) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool plain = (c >= 0x20 || c == '\t' || c == '\n') && c != '<' && c != '>' && c != '&' &&
                       c != '"' && c != '\'';
    if (plain) continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
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
      case '\r':
        out += "&#13;";  // a raw CR would be read back as LF (XML end-of-line handling)
        break;
      default:
        // Other C0 controls are not allowed in XML 1.0, not even as references; stored text
        // never has them, so dropping them here loses nothing.
        break;
    }
  }
  out.append(text.data() + run, text.size() - run);
}

}  // namespace

DocumentWriter::DocumentWriter(Format format, std::size_t reserve) : format_(format) {
  out_.reserve(reserve);
  if (format_ == Format::kXml) out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
}

std::string_view DocumentWriter::item_name() const {
  return levels_.empty() ? std::string_view("item") : levels_.back().item;
}

std::optional<DocumentWriter::Mark> DocumentWriter::unselected(std::string_view name) const {
  if (!selected_ || levels_.empty() || levels_.back().is_array) return std::nullopt;
  // An entity: the document's top object, or an item of its top array.
  const bool entity = levels_.size() == 1 || (levels_.size() == 2 && levels_[0].is_array);
  if (!entity || std::find(selected_->begin(), selected_->end(), name) != selected_->end()) {
    return std::nullopt;
  }
  return Mark{out_.size(), levels_.back().empty};
}

void DocumentWriter::take_back(const std::optional<Mark>& mark) {
  if (!mark) return;
  out_.resize(mark->size);
  levels_.back().empty = mark->parent_empty;
}

void DocumentWriter::open(std::string_view name) {
  if (format_ == Format::kXml) {
    out_ += '<';
    out_ += name;
    out_ += '>';
    return;
  }
  if (levels_.empty()) return;
  Level& parent = levels_.back();
  if (!parent.empty) out_ += ',';
  parent.empty = false;
  if (!parent.is_array) {
    out_ += '"';
    out_ += name;
    out_ += "\":";
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
    out_.reserve(out_.size() + value.size() + 2);
    out_ += '"';
    support::append_json_escaped(out_, value);
    out_ += '"';
  } else {
    append_xml_escaped(out_, value);
  }
}

void DocumentWriter::begin_object(std::string_view name) {
  const auto mark = unselected(name);
  open(name);
  if (format_ == Format::kJson) out_ += '{';
  levels_.push_back({false, true, name, {}, mark});
}

void DocumentWriter::end_object() {
  if (format_ == Format::kJson) out_ += '}';
  close(levels_.back().name);
  const auto mark = levels_.back().unselected;
  levels_.pop_back();
  take_back(mark);
}

void DocumentWriter::begin_array(std::string_view name, std::string_view item) {
  const auto mark = unselected(name);
  open(name);
  if (format_ == Format::kJson) out_ += '[';
  levels_.push_back({true, true, name, item, mark});
}

void DocumentWriter::end_array() {
  if (format_ == Format::kJson) out_ += ']';
  close(levels_.back().name);
  const auto mark = levels_.back().unselected;
  levels_.pop_back();
  take_back(mark);
}

template <class WriteValue>
void DocumentWriter::value(std::string_view name, WriteValue write_value) {
  const auto mark = unselected(name);
  open(name);
  write_value();
  close(name);
  take_back(mark);
}

void DocumentWriter::field(std::string_view name, std::string_view content) {
  value(name, [&] { text(content); });
}

void DocumentWriter::field(std::string_view name, std::int64_t number) {
  value(name, [&] {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    out_.append(digits, end);
  });
}

void DocumentWriter::field(std::string_view name, bool flag) {
  value(name, [&] { out_ += flag ? "true" : "false"; });
}

void DocumentWriter::field(std::string_view name, domain::Cents price) {
  value(name, [&] { domain::append_price(out_, price); });
}

void DocumentWriter::field(std::string_view name, double number) {
  value(name, [&] {
    if (std::isfinite(number)) {
      char digits[512];  // fixed notation of the largest double takes 309 digits
      const auto end =
          std::to_chars(digits, digits + sizeof digits, number + 0.0, std::chars_format::fixed).ptr;
      out_.append(digits, end);
    } else if (format_ == Format::kJson) {
      out_ += "null";
    }
  });
}

void DocumentWriter::boolean_document(std::string_view name, bool value) { field(name, value); }

bool append_text_field(std::string& document, Format format, std::string_view name,
                       std::string_view text) {
  std::string field;
  std::size_t at = 0;
  if (format == Format::kJson) {
    if (document.size() < 2 || document.front() != '{' || document.back() != '}') return false;
    at = document.size() - 1;
    if (at > 1) field += ',';
    field += '"';
    field += name;
    field += "\":\"";
    support::append_json_escaped(field, text);
    field += '"';
  } else {
    // The root element's end tag closes the document.
    at = document.rfind("</");
    if (at == std::string::npos || document.back() != '>') return false;
    field += '<';
    field += name;
    field += '>';
    append_xml_escaped(field, text);
    field += "</";
    field += name;
    field += '>';
  }
  document.insert(at, field);
  return true;
}

}  // namespace mercado::http
