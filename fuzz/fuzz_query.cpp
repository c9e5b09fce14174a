// Fuzzes request targets and the text rules: decode_target, list queries, ids, prices, slugs.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "domain/list_query.hpp"
#include "domain/slug.hpp"
#include "domain/text.hpp"
#include "fuzz_support.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace {

using namespace mercado;

void check_price(std::string_view text) {
  const auto price = domain::parse_price(text);
  if (!price) return;
  FUZZ_CHECK(price->value >= 0 && *price <= domain::kMaxPrice);
  // The rendering is canonical and reads back as the same amount...
  const std::string rendered = domain::format_price(*price);
  FUZZ_CHECK(domain::parse_price(rendered) == price);
  FUZZ_CHECK(rendered.size() <= text.size());
  // ...and the same text as a JSON number means the same amount ("the same rules apply to JSON
  // numbers, XML text and query parameters").
  const std::string copy(text);
  FUZZ_CHECK(domain::price_from_double(std::strtod(copy.c_str(), nullptr)) == price);
}

// The other way round: a decimal that reads as a JSON price reads as the same text price, once
// trailing zeros after the point are dropped (a JSON number 1.500 is 1.5). A double can't tell
// 129 from 129.000000001, so the rule is checked up to 8 decimals, where it can.
void check_json_price(std::string_view text) {
  if (text.empty() || text.size() > 20) return;
  if (text.find_first_not_of("0123456789.") != std::string_view::npos || text.front() == '.' ||
      text.back() == '.' || std::count(text.begin(), text.end(), '.') > 1) {
    return;
  }
  if (const auto point = text.find('.');
      point != std::string_view::npos && text.size() - point > 9) {
    return;
  }
  const std::string copy(text);
  const auto from_double = domain::price_from_double(std::strtod(copy.c_str(), nullptr));
  if (!from_double) return;
  std::string_view shortest = text;
  if (shortest.find('.') != std::string_view::npos) {
    while (shortest.back() == '0') shortest.remove_suffix(1);
    if (shortest.back() == '.') shortest.remove_suffix(1);
  }
  FUZZ_CHECK(domain::parse_price(shortest) == from_double);
}

void check_id(std::string_view text) {
  const auto id = domain::parse_id(text);
  if (!id) return;
  FUZZ_CHECK(*id > 0);
  FUZZ_CHECK(std::to_string(*id) == text);  // only the canonical spelling is an id
}

void check_text(std::string_view text) {
  const bool valid = domain::is_valid_utf8(text);
  const std::string folded = domain::fold_to_ascii_lower(text);
  for (const char c : folded) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
  if (valid) {
    FUZZ_CHECK(domain::is_valid_utf8(folded));
    FUZZ_CHECK(domain::fold_to_ascii_lower(folded) == folded);
  }
  const std::string slug = domain::slugify(text);
  FUZZ_CHECK(domain::is_valid_slug(slug));
  FUZZ_CHECK(domain::slugify(slug) == slug);
  FUZZ_CHECK(domain::is_valid_slug(domain::slug_candidate(slug, 2)));
  FUZZ_CHECK(domain::is_valid_slug(domain::slug_candidate(slug, 2147483647)));
  if (domain::is_valid_slug(text) && text.size() <= 120) FUZZ_CHECK(domain::slugify(text) == text);
  check_price(text);
  check_json_price(text);
  check_id(text);
}

// The first value given for `name`; an empty value is an absent parameter, as the lists read it.
const std::string* find(const domain::QueryParams& params, std::string_view name) {
  for (const auto& [key, value] : params) {
    if (key == name && !value.empty()) return &value;
  }
  return nullptr;
}

void check_query(const domain::QueryParams& params) {
  const auto page = domain::parse_page(params, domain::kProductSortFields);
  const auto query = domain::parse_product_query(params);
  if (page) {
    FUZZ_CHECK(page->offset >= 0 && page->offset <= domain::kMaxOffset);
    FUZZ_CHECK(page->limit >= 1 && page->limit <= domain::kMaxPageSize);
    // Counts have one spelling, like ids ("012" is refused).
    // Counts are canonical: what was accepted prints back as it was sent.
    {
      if (const std::string* offset = find(params, "offset")) {
        FUZZ_CHECK(std::to_string(page->offset) == *offset);
      }
      if (const std::string* limit = find(params, "limit")) {
        FUZZ_CHECK(std::to_string(page->limit) == *limit);
      }
    }
  } else {
    FUZZ_CHECK(page.error().code == domain::ErrorCode::kInvalidInput);
    FUZZ_CHECK(!page.error().fields.empty());
  }
  if (!query) {
    FUZZ_CHECK(query.error().code == domain::ErrorCode::kInvalidInput);
    FUZZ_CHECK(!query.error().fields.empty());
    return;
  }
  // The product list reads its page exactly as parse_page does.
  FUZZ_CHECK(page.ok());
  FUZZ_CHECK(query->page.offset == page->offset && query->page.limit == page->limit);
  const auto& filter = query->filter;
  for (const auto& price : {filter.price, filter.price_min, filter.price_max}) {
    if (price) FUZZ_CHECK(price->value >= 0 && *price <= domain::kMaxPrice);
  }
  if (filter.price_min && filter.price_max) FUZZ_CHECK(*filter.price_min <= *filter.price_max);
  if (filter.category_id) FUZZ_CHECK(filter.category_id->value > 0);
  if (filter.category_slug) FUZZ_CHECK(domain::is_valid_slug(*filter.category_slug));
  if (const std::string* title = find(params, "title")) {
    FUZZ_CHECK(filter.title_folded == domain::fold_to_ascii_lower(*title));
  } else {
    FUZZ_CHECK(!filter.title_folded);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  check_text(text);

  http::BeastRequest raw{http::Verb::get, text, 11};
  http::Request request(raw);
  if (!http::decode_target(request)) return 0;
  // The path is as sent: everything before the query in origin form ("/p?q"); in absolute form
  // ("http://host/p?q") the end of that, after the authority.
  FUZZ_CHECK(request.path().starts_with('/'));
  const std::string_view before_query = text.substr(0, text.find('?'));
  if (text.starts_with('/')) {
    FUZZ_CHECK(request.path() == before_query);
  } else {
    FUZZ_CHECK(before_query.ends_with(request.path()));
  }
  if (text.find('?') == std::string_view::npos) FUZZ_CHECK(request.query().empty());
  check_query(request.query());
  for (const auto& [key, value] : request.query()) {
    check_text(key);
    check_text(value);
  }
  return 0;
}
