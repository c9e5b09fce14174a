#include "http/body.hpp"

#include <boost/json/parse.hpp>
#include <pugixml.hpp>

#include "domain/list_query.hpp"
#include "domain/text.hpp"

namespace mercado::http {
namespace {

domain::Error malformed(std::string detail) { return domain::invalid(std::move(detail)); }

// All the text of an element, across comments and CDATA sections.
std::string element_text(const pugi::xml_node& element) {
  std::string text;
  for (const auto& child : element.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      text += child.value();
    }
  }
  return text;
}

// Element -> value: text-only elements become strings; elements with children become objects,
// and a child name that repeats becomes an array under that name.
boost::json::value xml_to_json(const pugi::xml_node& element, std::size_t depth, bool& valid_utf8) {
  bool has_children = false;
  for (const auto& child : element.children()) {
    if (child.type() == pugi::node_element) {
      has_children = true;
      break;
    }
  }
  if (!has_children || depth > kMaxBodyDepth) {
    std::string text = element_text(element);
    valid_utf8 = valid_utf8 && domain::is_valid_utf8(text);
    return boost::json::string(text);
  }
  boost::json::object object;
  for (const auto& child : element.children()) {
    if (child.type() != pugi::node_element) continue;
    boost::json::value value = xml_to_json(child, depth + 1, valid_utf8);
    auto* existing = object.if_contains(child.name());
    if (!existing) {
      object.emplace(child.name(), std::move(value));
    } else if (existing->is_array()) {  // only repeats make arrays here
      existing->get_array().push_back(std::move(value));
    } else {
      boost::json::array array;
      array.push_back(std::move(*existing));
      array.push_back(std::move(value));
      *existing = std::move(array);
    }
  }
  return object;
}

}  // namespace

BodyResult parse_json_body(std::string_view text) {
  boost::json::parse_options options;
  options.max_depth = kMaxBodyDepth;
  boost::system::error_code error;
  BodyDocument document{boost::json::parse(text, error, {}, options), false};
  if (error) return malformed("The body is not valid JSON.");
  if (!document.root.is_object()) return malformed("The body must be a JSON object.");
  return document;
}

BodyResult parse_xml_body(std::string_view text) {
  // pugixml never fetches external entities; a DOCTYPE is refused outright so that no entity
  // declaration (billion laughs, external references) is even looked at. parse_fragment keeps
  // text outside the root element as nodes, so that it can be refused below.
  pugi::xml_document xml;
  const auto parsed = xml.load_buffer(
      text.data(), text.size(), pugi::parse_default | pugi::parse_doctype | pugi::parse_fragment,
      pugi::encoding_utf8);
  if (!parsed) return malformed("The body is not well-formed XML.");
  pugi::xml_node root;
  for (const auto& node : xml.children()) {
    switch (node.type()) {
      case pugi::node_doctype:
        return malformed("XML bodies may not have a DOCTYPE.");
      case pugi::node_element:
        if (root) return malformed("The body is not well-formed XML.");  // two roots
        root = node;
        break;
      case pugi::node_pcdata:
      case pugi::node_cdata:
        return malformed("The body is not well-formed XML.");  // text outside the root
      default:
        break;  // the declaration, comments, processing instructions
    }
  }
  if (!root) return malformed("The body has no root element.");
  bool valid_utf8 = true;
  BodyDocument document{xml_to_json(root, 0, valid_utf8), true};
  // Character references (&#xD800;) can decode to what UTF-8 forbids.
  if (!valid_utf8) return malformed("The body is not valid UTF-8.");
  if (!document.root.is_object()) document.root = boost::json::object();
  return document;
}

BodyResult parse_body(const Request& request) {
  const auto format = body_format(request.header(beast_http::field::content_type));
  if (!format) {
    return domain::Error{domain::ErrorCode::kUnsupportedMediaType,
                         "Send the body as application/json or application/xml (UTF-8).",
                         {}};
  }
  if (!domain::is_valid_utf8(request.body())) return malformed("The body is not valid UTF-8.");
  return *format == Format::kJson ? parse_json_body(request.body())
                                  : parse_xml_body(request.body());
}

BodyReader::BodyReader(const BodyDocument& document)
    : BodyReader(document.root.get_object(), document.from_xml, "") {}

BodyReader::BodyReader(const boost::json::object& object, bool from_xml, std::string prefix)
    : object_(object), from_xml_(from_xml), prefix_(std::move(prefix)) {}

const boost::json::value* BodyReader::find(const char* name) {
  const auto* value = object_.if_contains(name);
  if (value && value->is_null()) {
    errors_.push_back({field(name), "must not be null"});
    return nullptr;
  }
  return value;
}

std::optional<std::string> BodyReader::string(const char* name) {
  const auto* value = find(name);
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    errors_.push_back({field(name), "must be a string"});
    return std::nullopt;
  }
  return std::string(value->get_string());
}

std::optional<std::string> BodyReader::nullable_string(const char* name) {
  const auto* value = object_.if_contains(name);
  if (value && value->is_null()) return std::nullopt;
  return string(name);
}

std::optional<std::int64_t> BodyReader::id(const char* name) {
  const auto* value = find(name);
  if (!value) return std::nullopt;
  if (value->is_int64() && value->get_int64() > 0) return value->get_int64();
  if (value->is_uint64() && value->get_uint64() <= INT64_MAX) {
    return static_cast<std::int64_t>(value->get_uint64());
  }
  if (from_xml_ && value->is_string()) {
    if (const auto parsed = domain::parse_id(domain::trim(value->get_string()))) return parsed;
  }
  errors_.push_back({field(name), "must be a positive integer"});
  return std::nullopt;
}

std::optional<domain::Cents> BodyReader::price(const char* name) {
  const auto* value = find(name);
  if (!value) return std::nullopt;
  std::optional<domain::Cents> price;
  if (value->is_int64() && value->get_int64() >= 0) {
    price = domain::price_from_double(static_cast<double>(value->get_int64()));
  } else if (value->is_uint64()) {
    price = std::nullopt;  // beyond any allowed price
  } else if (value->is_double()) {
    price = domain::price_from_double(value->get_double());
  } else if (from_xml_ && value->is_string()) {
    price = domain::parse_price(domain::trim(value->get_string()));
  }
  if (!price) {
    errors_.push_back(
        {field(name), "must be a number from 0.01 to 10000000 with at most two decimals"});
  }
  return price;
}

std::optional<std::vector<std::string>> BodyReader::string_list(const char* name) {
  const auto* value = find(name);
  if (!value) return std::nullopt;
  const boost::json::value* items = value;
  // XML: <images><image>a</image></images> arrives as {"image": "a"} or {"image": [...]}.
  if (from_xml_ && value->is_object() && value->get_object().size() == 1) {
    items = &value->get_object().begin()->value();
  }
  std::vector<std::string> list;
  if (items->is_string() && from_xml_) {
    if (!items->get_string().empty()) list.emplace_back(items->get_string());
    return list;
  }
  if (!items->is_array()) {
    errors_.push_back({field(name), "must be an array of strings"});
    return std::nullopt;
  }
  for (const auto& item : items->get_array()) {
    if (!item.is_string()) {
      errors_.push_back({field(name), "must be an array of strings"});
      return std::nullopt;
    }
    list.emplace_back(item.get_string());
  }
  return list;
}

std::optional<std::int64_t> BodyReader::count(const char* name) {
  const auto* value = find(name);
  if (!value) return std::nullopt;
  if (value->is_int64() && value->get_int64() >= 0) return value->get_int64();
  if (from_xml_ && value->is_string()) {
    const auto text = domain::trim(value->get_string());
    if (text == "0") return 0;
    if (const auto parsed = domain::parse_id(text)) return parsed;
  }
  errors_.push_back({field(name), "must be a whole number from 0"});
  return std::nullopt;
}

std::optional<std::vector<BodyReader>> BodyReader::objects(const char* name, std::size_t max) {
  const auto* value = find(name);
  if (!value) return std::nullopt;
  const boost::json::value* items = value;
  // XML: <items><item>...</item></items> arrives as {"item": {...}} or {"item": [...]}.
  if (from_xml_ && value->is_object() && value->get_object().size() == 1) {
    items = &value->get_object().begin()->value();
  }
  std::vector<const boost::json::value*> elements;
  if (from_xml_ && items->is_object()) {
    elements.push_back(items);
  } else if (items->is_array()) {
    for (const auto& item : items->get_array()) elements.push_back(&item);
  } else if (!(from_xml_ && items->is_string() && items->get_string().empty())) {
    errors_.push_back({field(name), "must be an array of objects"});
    return std::nullopt;
  }
  if (elements.size() > max) {
    errors_.push_back({field(name), "must hold at most " + std::to_string(max) + " items"});
    return std::nullopt;
  }
  std::vector<BodyReader> readers;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (!elements[i]->is_object()) {
      errors_.push_back({field(name), "must be an array of objects"});
      return std::nullopt;
    }
    readers.push_back(BodyReader(elements[i]->get_object(), from_xml_,
                                 field(name) + "[" + std::to_string(i) + "]."));
  }
  return readers;
}

void BodyReader::require(bool present, const char* name) {
  const std::string named = field(name);
  if (present || std::any_of(errors_.begin(), errors_.end(),
                             [&](const auto& error) { return error.field == named; })) {
    return;
  }
  errors_.push_back({named, "is required"});
}

void BodyReader::merge_errors(BodyReader& item) {
  for (auto& error : item.take_errors()) errors_.push_back(std::move(error));
}

}  // namespace mercado::http
