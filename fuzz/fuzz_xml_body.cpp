// Fuzzes XML request bodies: http::parse_xml_body (DOCTYPEs refused), BodyReader, validation.
#include <cstddef>
#include <cstdint>
#include <pugixml.hpp>

#include "domain/text.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace mercado;

// True when a "<!DOCTYPE" comes before the root element: after only a BOM, white space, the
// XML declaration, processing instructions and comments.
bool has_doctype_in_prolog(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  for (;;) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' ||
                             text.front() == '\n')) {
      text.remove_prefix(1);
    }
    std::string_view open, close;
    if (text.starts_with("<?")) {
      open = "<?", close = "?>";
    } else if (text.starts_with("<!--")) {
      open = "<!--", close = "-->";  // "<!-->" does not close itself
    } else {
      return text.starts_with("<!DOCTYPE");
    }
    const std::size_t end = text.find(close, open.size());
    if (end == std::string_view::npos) return false;
    text.remove_prefix(end + close.size());
  }
}

// An independent look for DOCTYPE nodes anywhere in the document, not just in the prolog.
bool pugixml_sees_doctype(std::string_view text) {
  pugi::xml_document xml;
  if (!xml.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_doctype,
                       pugi::encoding_utf8)) {
    return false;
  }
  for (const auto& node : xml.children()) {
    if (node.type() == pugi::node_doctype) return true;
  }
  return false;
}

// The XML model holds objects, strings and arrays of two or more items (repeated elements) only:
// XML has no numbers, booleans or null. Objects nest at most kMaxBodyDepth + 1 deep.
void check_xml_model(const boost::json::value& value, std::size_t objects) {
  if (value.is_string()) return;
  if (value.is_array()) {
    FUZZ_CHECK(value.get_array().size() >= 2);
    for (const auto& item : value.get_array()) {
      FUZZ_CHECK(!item.is_array());
      check_xml_model(item, objects);
    }
    return;
  }
  FUZZ_CHECK(value.is_object());
  FUZZ_CHECK(objects < http::kMaxBodyDepth + 1);
  for (const auto& member : value.get_object()) check_xml_model(member.value(), objects + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  auto result = http::parse_xml_body(text);
  if (!result) {
    FUZZ_CHECK(result.error().code == domain::ErrorCode::kInvalidInput);
    FUZZ_CHECK(result.error().fields.empty());
    return 0;
  }
  // A DOCTYPE is always refused, wherever pugixml puts it.
  FUZZ_CHECK(!has_doctype_in_prolog(text));
  FUZZ_CHECK(!pugixml_sees_doctype(text));
  FUZZ_CHECK(result->from_xml);
  check_xml_model(result->root, 0);
  // parse_body lets only UTF-8 through to parse_xml_body; the round trips assume it.
  if (domain::is_valid_utf8(text)) fuzz::check_product_body(*result);
  return 0;
}
