// The query parameters of list routes: filters and pagination, parsed and checked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/category.hpp"
#include "domain/error.hpp"
#include "domain/money.hpp"
#include "domain/product.hpp"

namespace mercado::domain {

// Decoded query parameters in the order the client sent them.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

class FieldErrors;

// The value of `name`, or null when it is absent or repeated; a repeat is recorded in `errors`
// ("must be given at most once"), as every list does.
const std::string* single_param(const QueryParams& params, std::string_view name,
                                FieldErrors& errors);

// No list ever returns more than this many items; a larger `limit` is a 400.
inline constexpr std::int64_t kMaxPageSize = 200;
inline constexpr std::int64_t kMaxOffset = 1'000'000'000;

struct Page {
  std::int64_t offset = 0;
  std::int64_t limit = kMaxPageSize;
};

struct ProductFilter {
  std::optional<std::string> title_folded;  // fold_to_ascii_lower of the `title` parameter
  std::optional<Cents> price;
  std::optional<Cents> price_min;
  std::optional<Cents> price_max;
  std::optional<CategoryId> category_id;
  std::optional<std::string> category_slug;
  std::optional<ProductId> excluded;  // for "related products": everything but this one
};

struct ProductQuery {
  ProductFilter filter;
  Page page;
};

// `offset` and `limit`; other parameters are ignored (cache busters and the like are common).
Result<Page> parse_page(const QueryParams& params);

// The product list's filters plus the page. Every bad parameter is named in the error.
Result<ProductQuery> parse_product_query(const QueryParams& params);

// A positive 64-bit id from a path segment or parameter ("12"), nothing else ("012", "1e3").
std::optional<std::int64_t> parse_id(std::string_view text);

}  // namespace mercado::domain
