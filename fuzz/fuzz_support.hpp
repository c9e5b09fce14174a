// Shared by the fuzz targets: property checks that abort (so libFuzzer keeps the input) and the
// product read/write round trip used by the JSON and XML body targets.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/category.hpp"
#include "domain/error.hpp"
#include "domain/money.hpp"
#include "domain/product.hpp"
#include "domain/text.hpp"
#include "http/body.hpp"
#include "http/document_writer.hpp"
#include "http/negotiation.hpp"

#include "fuzz_check.hpp"

namespace mercado::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A product as the API reads it (api/inputs.cpp does exactly these calls), plus the reader's
// decoding errors.
struct ReadProduct {
  domain::ProductInput input;
  std::vector<domain::FieldError> errors;
};

inline ReadProduct read_product(const http::BodyDocument& document) {
  http::BodyReader reader(document);
  ReadProduct read;
  read.input.title = reader.string("title");
  read.input.price = reader.price("price");
  read.input.description = reader.string("description");
  if (const auto id = reader.id("categoryId")) read.input.category_id = domain::CategoryId{*id};
  read.input.images = reader.string_list("images");
  read.errors = reader.take_errors();
  return read;
}

inline bool same_input(const domain::ProductInput& a, const domain::ProductInput& b) {
  const auto same_id = [](const auto& x, const auto& y) {
    return x.has_value() == y.has_value() && (!x || x->value == y->value);
  };
  return a.title == b.title && a.price == b.price && a.description == b.description &&
         same_id(a.category_id, b.category_id) && a.images == b.images;
}

// Writes the fields that are present the way the API writes a product.
inline std::string write_product(http::Format format, const domain::ProductInput& input) {
  http::DocumentWriter out(format);
  out.begin_object("product");
  if (input.title) out.field("title", *input.title);
  if (input.price) out.field("price", *input.price);
  if (input.description) out.field("description", *input.description);
  if (input.category_id) out.field("categoryId", input.category_id->value);
  if (input.images) {
    out.begin_array("images", "image");
    for (const auto& url : *input.images) out.item(url);
    out.end_array();
  }
  out.end_object();
  return out.take();
}

inline bool contains(const std::vector<domain::FieldError>& errors, const domain::FieldError& e) {
  return std::find(errors.begin(), errors.end(), e) != errors.end();
}

// The properties every successfully parsed body has, whatever its format.
inline void check_product_body(const http::BodyDocument& document) {
  FUZZ_CHECK(document.root.is_object());
  const ReadProduct read = read_product(document);
  const domain::ProductInput& input = read.input;

  // A field yields a value or an error, never both, and at most one error; only the five
  // fields read have errors.
  std::ptrdiff_t counted = 0;
  for (const char* name : {"title", "price", "description", "categoryId", "images"}) {
    const auto errors = std::count_if(read.errors.begin(), read.errors.end(),
                                      [&](const auto& e) { return e.field == name; });
    FUZZ_CHECK(errors <= 1);
    counted += errors;
  }
  FUZZ_CHECK(counted == static_cast<std::ptrdiff_t>(read.errors.size()));
  const auto has_error = [&](std::string_view name) {
    return std::any_of(read.errors.begin(), read.errors.end(),
                       [&](const auto& e) { return e.field == name; });
  };
  FUZZ_CHECK(!(input.title && has_error("title")));
  FUZZ_CHECK(!(input.price && has_error("price")));
  FUZZ_CHECK(!(input.description && has_error("description")));
  FUZZ_CHECK(!(input.category_id && has_error("categoryId")));
  FUZZ_CHECK(!(input.images && has_error("images")));
  if (input.price) FUZZ_CHECK(input.price->value >= 0 && *input.price <= domain::kMaxPrice);
  if (input.category_id) FUZZ_CHECK(input.category_id->value > 0);

  // Validation: PATCH only drops "is required", so its errors are a subset of POST's; a strict
  // PUT is a POST.
  const auto create = domain::validate_product(input, domain::WriteMode::kCreate);
  const auto replace = domain::validate_product(input, domain::WriteMode::kReplace);
  const auto patch = domain::validate_product(input, domain::WriteMode::kPatch);
  FUZZ_CHECK(create == replace);
  for (const auto& error : patch) FUZZ_CHECK(contains(create, error));
  for (const auto& error : create) {
    FUZZ_CHECK(contains(patch, error) || error.message == "is required");
  }

  std::vector<const std::string*> strings = {input.title ? &*input.title : nullptr,
                                             input.description ? &*input.description : nullptr};
  if (input.images) {
    for (const auto& url : *input.images) strings.push_back(&url);
  }
  const bool utf8 = std::all_of(strings.begin(), strings.end(), [](const std::string* text) {
    return !text || domain::is_valid_utf8(*text);
  });
  const bool valid = read.errors.empty() && patch.empty();
  // JSON strings are UTF-8 (Boost.JSON checks). Whatever the format, what passes validation is
  // well-formed UTF-8, since every response is UTF-8 text.
  if (!document.from_xml) FUZZ_CHECK(utf8);
  // XML character references such as &#xD800; decode to ill-formed UTF-8: never accepted.
  if (valid) FUZZ_CHECK(utf8);

  // Whatever was read survives JSON: write it, parse it, read it, and get the same input back.
  if (utf8) {
    const std::string json = write_product(http::Format::kJson, input);
    auto json_again = http::parse_json_body(json);
    FUZZ_CHECK(json_again.ok());
    const ReadProduct from_json = read_product(*json_again);
    FUZZ_CHECK(from_json.errors.empty());
    FUZZ_CHECK(same_input(from_json.input, input));
  }

  // Valid input survives XML too: "\r" escaped, long ids read back.
  if (utf8 && valid) {
    const std::string xml = write_product(http::Format::kXml, input);
    auto xml_again = http::parse_xml_body(xml);
    FUZZ_CHECK(xml_again.ok());
    const ReadProduct from_xml = read_product(*xml_again);
    FUZZ_CHECK(from_xml.errors.empty());
    FUZZ_CHECK(same_input(from_xml.input, input));
  }
}

}  // namespace mercado::fuzz
