// Fuzzes JSON request bodies: http::parse_json_body, then BodyReader and validate_product.
#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {

using namespace mercado;

// Nesting depth of arrays and objects: a scalar is 0, {} is 1.
std::size_t depth(const boost::json::value& value) {
  std::size_t deepest = 0;
  if (value.is_object()) {
    for (const auto& member : value.get_object())
      deepest = std::max(deepest, depth(member.value()));
    return deepest + 1;
  }
  if (value.is_array()) {
    for (const auto& item : value.get_array()) deepest = std::max(deepest, depth(item));
    return deepest + 1;
  }
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  auto result = http::parse_json_body(text);

  // A reference parse with a deeper limit: parse_json_body accepts exactly the JSON objects
  // nested at most kMaxBodyDepth deep, and yields the same value.
  boost::json::parse_options options;
  options.max_depth = 2 * http::kMaxBodyDepth;
  boost::system::error_code error;
  const boost::json::value reference = boost::json::parse(text, error, {}, options);
  const bool acceptable =
      !error && reference.is_object() && depth(reference) <= http::kMaxBodyDepth;

  if (!result) {
    FUZZ_CHECK(!acceptable);
    FUZZ_CHECK(result.error().code == domain::ErrorCode::kInvalidInput);
    FUZZ_CHECK(result.error().fields.empty());
    // The detail names the problem; it never echoes the body.
    const std::string& detail = result.error().detail;
    FUZZ_CHECK(detail == "The body is not valid JSON." ||
               detail == "The body must be a JSON object.");
    return 0;
  }
  FUZZ_CHECK(acceptable);
  FUZZ_CHECK(!result->from_xml);
  // Compared as text: Boost.JSON 1.81 reads 0e1032307 as NaN, and NaN != NaN.
  FUZZ_CHECK(boost::json::serialize(result->root) == boost::json::serialize(reference));
  fuzz::check_product_body(*result);
  return 0;
}
