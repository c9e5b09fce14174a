// Fuzzes content negotiation and the other request headers read as lists: http::negotiate
// (Accept), http::body_format (Content-Type), http::accepts_gzip (Accept-Encoding), and the
// entity-tag lists of If-None-Match and If-Match.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "http/conditional.hpp"
#include "http/negotiation.hpp"

namespace {

using namespace mercado;

std::string ascii_case(std::string_view text, bool upper) {
  std::string out(text);
  for (char& c : out) {
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The comma-separated ranges in reverse order.
std::string reversed_ranges(std::string_view accept) {
  std::vector<std::string_view> ranges;
  for (;;) {
    const std::size_t comma = accept.find(',');
    ranges.push_back(accept.substr(0, comma));
    if (comma == std::string_view::npos) break;
    accept.remove_prefix(comma + 1);
  }
  std::string out;
  for (auto range = ranges.rbegin(); range != ranges.rend(); ++range) {
    if (!out.empty() || range != ranges.rbegin()) out += ',';
    out += *range;
  }
  return out;
}

void check_accept(std::string_view accept) {
  const auto format = http::negotiate(accept);
  // Media types, q and the wildcards are case-insensitive; white space around ranges is not
  // significant.
  FUZZ_CHECK(http::negotiate(ascii_case(accept, true)) == format);
  FUZZ_CHECK(http::negotiate(ascii_case(accept, false)) == format);
  FUZZ_CHECK(http::negotiate(" \t" + std::string(accept)) == format);
  // Only the first 64 ranges count; below that, the order of the ranges does not matter, and a
  // client that adds an unqualified JSON or XML range gets something.
  const auto commas = std::count(accept.begin(), accept.end(), ',');
  if (commas < 63) {
    FUZZ_CHECK(http::negotiate(reversed_ranges(accept)) == format);
    FUZZ_CHECK(http::negotiate(std::string(accept) + ",application/json") == http::Format::kJson);
    FUZZ_CHECK(http::negotiate(std::string(accept) + ",application/xml").has_value());
    // Adding "*/*;q=0" (refusing whatever was not named) keeps the choice, except that it turns
    // an empty header, which means "anything", into one that accepts nothing.
    const bool empty = accept.find_first_not_of(" \t") == std::string_view::npos;
    if (format && !empty) FUZZ_CHECK(http::negotiate(std::string(accept) + ",*/*;q=0") == format);
  }
  if (format) {
    // What we answer with reads back as the same format.
    FUZZ_CHECK(http::body_format(http::media_type(*format)) == format);
    FUZZ_CHECK(!http::problem_media_type(*format).empty());
  }
}

void check_content_type(std::string_view content_type) {
  const auto format = http::body_format(content_type);
  FUZZ_CHECK(http::body_format(ascii_case(content_type, true)) == format);
  // Adding charset=utf-8 changes nothing; any other charset is refused.
  FUZZ_CHECK(http::body_format(std::string(content_type) + "; charset=utf-8") == format);
  FUZZ_CHECK(http::body_format(std::string(content_type) + ";charset=\"UTF-8\"") == format);
  FUZZ_CHECK(!http::body_format(std::string(content_type) + "; charset=latin1"));
  if (!format) return;
  // Only the media types the contract names, in any case, with parameters after ';'.
  std::string type = ascii_case(content_type.substr(0, content_type.find(';')), false);
  type.erase(0, type.find_first_not_of(" \t"));
  type.erase(type.find_last_not_of(" \t") + 1);
  if (*format == http::Format::kJson) {
    FUZZ_CHECK(type == "application/json" || type == "application/merge-patch+json");
  } else {
    FUZZ_CHECK(type == "application/xml" || type == "text/xml");
  }
}

void check_accept_encoding(std::string_view accept_encoding) {
  const bool gzip = http::accepts_gzip(accept_encoding);
  FUZZ_CHECK(http::accepts_gzip(ascii_case(accept_encoding, true)) == gzip);
  // Where gzip is not named yet, naming it decides: with weight 0 it is refused (even under
  // "*"), with full weight allowed.
  if (ascii_case(accept_encoding, false).find("gzip") == std::string::npos) {
    FUZZ_CHECK(!http::accepts_gzip(std::string(accept_encoding) + ",gzip;q=0"));
    FUZZ_CHECK(http::accepts_gzip(std::string(accept_encoding) + ",gzip"));
  }
}

void check_entity_tags(std::string_view list) {
  const std::string tag = http::entity_tag(list);
  const auto weak = http::none_match(list, tag);
  const auto strong = http::if_match(list, tag);
  // The same list is malformed for both comparisons or for neither; a strong match is also a
  // weak one.
  FUZZ_CHECK((weak == http::TagMatch::kMalformed) == (strong == http::TagMatch::kMalformed));
  if (strong == http::TagMatch::kMatch) FUZZ_CHECK(weak == http::TagMatch::kMatch);
  // Our own tag, alone or added to a valid list, always matches; its gzip variant too.
  FUZZ_CHECK(http::if_match(tag, tag) == http::TagMatch::kMatch);
  FUZZ_CHECK(http::none_match(http::gzip_entity_tag(tag), tag) == http::TagMatch::kMatch);
  // ("*" is valid only alone, so a list with it is left out.)
  if (weak != http::TagMatch::kMalformed && list.find('*') == std::string_view::npos) {
    FUZZ_CHECK(http::if_match(std::string(list) + ", " + tag, tag) == http::TagMatch::kMatch);
    FUZZ_CHECK(http::none_match(std::string(list) + ", W/" + tag, tag) == http::TagMatch::kMatch);
  }
  // No resource: only a list can be malformed, nothing matches.
  FUZZ_CHECK(http::if_match(list, "") != http::TagMatch::kMatch);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  check_accept(text);
  check_content_type(text);
  check_accept_encoding(text);
  check_entity_tags(text);
  return 0;
}
