// The query parameters of list routes: filters and pagination, parsed and checked.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
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

// The value of `name`, or null when it is absent, empty (`title=`) or repeated; a repeat is
// recorded in `errors` ("must be given at most once"), as every list does.
const std::string* single_param(const QueryParams& params, std::string_view name,
                                FieldErrors& errors);

// No list ever returns more than this many items; a larger `limit` is a 400.
inline constexpr std::int64_t kMaxPageSize = 200;
inline constexpr std::int64_t kMaxOffset = 1'000'000'000;

// What a list may be sorted by; each resource allows its own subset (parse_page's `sortable`).
enum class SortField { kId, kTitle, kPrice, kName, kEmail, kCreatedAt, kUpdatedAt };
enum class SortOrder { kAscending, kDescending };

// The `sortBy` name of a field, as the representation spells it ("creationAt").
std::string_view sort_field_name(SortField field);

inline constexpr SortField kProductSortFields[] = {SortField::kId, SortField::kTitle,
                                                   SortField::kPrice, SortField::kCreatedAt,
                                                   SortField::kUpdatedAt};
inline constexpr SortField kCategorySortFields[] = {SortField::kId, SortField::kName,
                                                    SortField::kCreatedAt, SortField::kUpdatedAt};
inline constexpr SortField kUserSortFields[] = {SortField::kId, SortField::kName, SortField::kEmail,
                                                SortField::kCreatedAt, SortField::kUpdatedAt};

// One page of a list: the order of the whole list, and the slice of it to return. Ties are
// broken by id, so pages never overlap or skip an item.
struct Page {
  std::int64_t offset = 0;
  std::int64_t limit = kMaxPageSize;
  SortField sort = SortField::kId;
  SortOrder order = SortOrder::kAscending;
};

// A page of items and how many the whole list holds (for X-Total-Count and the Link header).
template <class T>
struct Listing {
  std::vector<T> items;
  std::int64_t total = 0;
};

inline constexpr std::size_t kMaxSearchLength = 200;

// The fields of each representation, for sparse fieldsets (`fields=id,title`).
inline constexpr std::string_view kProductFields[] = {"id",          "title",    "slug",   "price",
                                                      "description", "category", "images", "stock",
                                                      "creationAt",  "updatedAt"};
inline constexpr std::string_view kCategoryFields[] = {"id",    "name",       "slug",
                                                       "image", "creationAt", "updatedAt"};
inline constexpr std::string_view kUserFields[] = {"id",     "email",      "name",     "role",
                                                   "avatar", "creationAt", "updatedAt"};

struct ProductFilter {
  std::optional<std::string> title_folded;  // fold_to_ascii_lower of the `title` parameter
  std::optional<Cents> price;
  std::optional<Cents> price_min;
  std::optional<Cents> price_max;
  std::optional<CategoryId> category_id;
  std::optional<std::string> category_slug;
  std::optional<ProductId> excluded;  // for "related products": everything but this one
  // `q`: words that must all appear in the title or description (the last may be a prefix).
  std::vector<std::string> search_words;
};

struct ProductQuery {
  ProductFilter filter;
  Page page;
};

// `offset`, `limit`, `sortBy` (one of `sortable`) and `order` (asc or desc); other parameters
// are ignored (cache busters and the like are common).
Result<Page> parse_page(const QueryParams& params, std::span<const SortField> sortable);

// `fields`: a comma-separated list of field names from `known`, each at most once; empty when
// the parameter is absent (every field). Unknown or repeated names are a 400.
Result<std::vector<std::string>> parse_fields(const QueryParams& params,
                                              std::span<const std::string_view> known);

// The words of a search text: runs of letters and digits (any script), folded to lower-case
// ASCII where they have an ASCII form. At most 16 are kept.
std::vector<std::string> search_words(std::string_view text);

// The product list's filters plus the page. Every bad parameter is named in the error.
Result<ProductQuery> parse_product_query(const QueryParams& params);

// A positive 64-bit id from a path segment or parameter ("12"), nothing else ("012", "1e3").
std::optional<std::int64_t> parse_id(std::string_view text);

}  // namespace mercado::domain
