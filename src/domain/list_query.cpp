#include "domain/list_query.hpp"

#include <algorithm>
#include <charconv>

#include "domain/slug.hpp"
#include "domain/text.hpp"
#include "domain/validation.hpp"

namespace mercado::domain {
namespace {

constexpr std::size_t kMaxTitleFilterLength = 200;

// Canonical decimal digits only: no sign, no leading zero, within int64.
std::optional<std::int64_t> parse_count(std::string_view text) {
  if (text.empty() || text.size() > 19 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  if (text[0] < '0' || text[0] > '9') return std::nullopt;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

// Walks the parameters once, refusing a known one given twice.
class ParamReader {
 public:
  explicit ParamReader(const QueryParams& params) : params_(params) {}

  const std::string* get(std::string_view name) { return single_param(params_, name, errors_); }

  void read_page(Page& page, std::span<const SortField> sortable) {
    if (const std::string* sort = get("sortBy")) {
      const auto found = std::find_if(sortable.begin(), sortable.end(), [&](SortField field) {
        return sort_field_name(field) == *sort;
      });
      if (found != sortable.end()) {
        page.sort = *found;
      } else {
        std::string names;
        for (const SortField field : sortable) {
          names += names.empty() ? "" : ", ";
          names += sort_field_name(field);
        }
        errors_.add("sortBy", "must be one of " + names);
      }
    }
    if (const std::string* order = get("order")) {
      if (*order == "asc" || *order == "ASC") {
        page.order = SortOrder::kAscending;
      } else if (*order == "desc" || *order == "DESC") {
        page.order = SortOrder::kDescending;
      } else {
        errors_.add("order", "must be asc or desc");
      }
    }
    if (const std::string* offset = get("offset")) {
      const auto value = parse_count(*offset);
      if (value && *value <= kMaxOffset) {
        page.offset = *value;
      } else {
        errors_.add("offset", "must be an integer from 0 to " + std::to_string(kMaxOffset));
      }
    }
    if (const std::string* limit = get("limit")) {
      const auto value = parse_count(*limit);
      if (value && *value >= 1 && *value <= kMaxPageSize) {
        page.limit = *value;
      } else {
        errors_.add("limit", "must be an integer from 1 to " + std::to_string(kMaxPageSize));
      }
    }
  }

  std::optional<Cents> read_price(const char* name) {
    const std::string* text = get(name);
    if (!text) return std::nullopt;
    auto price = parse_price(*text);
    if (!price) errors_.add(name, "must be a non-negative amount with at most two decimals");
    return price;
  }

  FieldErrors& errors() { return errors_; }

 private:
  const QueryParams& params_;
  FieldErrors errors_;
};

}  // namespace

std::optional<std::int64_t> parse_id(std::string_view text) {
  auto value = parse_count(text);
  if (!value || *value == 0) return std::nullopt;
  return value;
}

std::string_view sort_field_name(SortField field) {
  switch (field) {
    case SortField::kId:
      return "id";
    case SortField::kTitle:
      return "title";
    case SortField::kPrice:
      return "price";
    case SortField::kName:
      return "name";
    case SortField::kEmail:
      return "email";
    case SortField::kCreatedAt:
      return "creationAt";
    case SortField::kUpdatedAt:
      return "updatedAt";
  }
  return "id";
}

std::vector<std::string> search_words(std::string_view text) {
  constexpr std::size_t kMaxWords = 16;
  const std::string folded = fold_to_ascii_lower(text);
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    if (!word.empty() && words.size() < kMaxWords) words.push_back(word);
    word.clear();
  };
  for (const char c : folded) {
    const auto byte = static_cast<unsigned char>(c);
    // Bytes of multi-byte UTF-8 sequences belong to letters of other scripts: keep them.
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || byte >= 0x80) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return words;
}

Result<std::vector<std::string>> parse_fields(const QueryParams& params,
                                              std::span<const std::string_view> known) {
  FieldErrors errors;
  std::vector<std::string> fields;
  const std::string* list = single_param(params, "fields", errors);
  std::string_view rest = list ? std::string_view(*list) : std::string_view();
  std::string problem;
  while (problem.empty() && !rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view name = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? "" : rest.substr(comma + 1);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      problem = "must list fields among";
      for (const auto field : known) problem += " " + std::string(field);
    } else if (std::find(fields.begin(), fields.end(), name) != fields.end()) {
      problem = "must name each field once";
    } else {
      fields.emplace_back(name);
    }
  }
  if (list && fields.empty() && problem.empty()) problem = "must name at least one field";
  if (!problem.empty()) errors.add("fields", problem);
  auto found = errors.take();
  if (!found.empty()) return invalid("The query parameters are invalid.", std::move(found));
  return fields;
}

Result<Page> parse_page(const QueryParams& params, std::span<const SortField> sortable) {
  ParamReader reader(params);
  Page page;
  reader.read_page(page, sortable);
  auto errors = reader.errors().take();
  if (!errors.empty()) return invalid("The query parameters are invalid.", std::move(errors));
  return page;
}

Result<ProductQuery> parse_product_query(const QueryParams& params) {
  ParamReader reader(params);
  ProductQuery query;
  reader.read_page(query.page, kProductSortFields);
  ProductFilter& filter = query.filter;
  if (const std::string* title = reader.get("title")) {
    // A control character can't be in a title, and a NUL can't even reach PostgreSQL.
    if (has_forbidden_characters(*title) || utf8_length(*title) > kMaxTitleFilterLength) {
      reader.errors().add("title",
                          "must be one line of UTF-8 text of at most 200 characters, without "
                          "control characters");
    } else {
      filter.title_folded = fold_to_ascii_lower(*title);
    }
  }
  filter.price = reader.read_price("price");
  filter.price_min = reader.read_price("price_min");
  filter.price_max = reader.read_price("price_max");
  if (filter.price_min && filter.price_max && *filter.price_min > *filter.price_max) {
    reader.errors().add("price_min", "must not be greater than price_max");
  }
  if (const std::string* id = reader.get("categoryId")) {
    if (const auto value = parse_id(*id)) {
      filter.category_id = CategoryId{*value};
    } else {
      reader.errors().add("categoryId", "must be a positive integer");
    }
  }
  if (const std::string* slug = reader.get("categorySlug")) {
    if (is_valid_slug(*slug)) {
      filter.category_slug = *slug;
    } else {
      reader.errors().add("categorySlug", "must be a slug: lower-case letters, digits and '-'");
    }
  }
  if (const std::string* q = reader.get("q")) {
    if (!is_valid_utf8(*q) || utf8_length(*q) > kMaxSearchLength) {
      reader.errors().add("q", "must be UTF-8 text of at most 200 characters");
    } else if (filter.search_words = search_words(*q); filter.search_words.empty()) {
      reader.errors().add("q", "must contain a letter or a digit");
    }
  }
  auto errors = reader.errors().take();
  if (!errors.empty()) return invalid("The query parameters are invalid.", std::move(errors));
  return query;
}

const std::string* single_param(const QueryParams& params, std::string_view name,
                                FieldErrors& errors) {
  const std::string* found = nullptr;
  for (const auto& [key, value] : params) {
    // Clients build query strings from form state with "" for "not set": an empty value is an
    // absent parameter.
    if (key != name || value.empty()) continue;
    if (found) {
      errors.add(std::string(name), "must be given at most once");
      return nullptr;
    }
    found = &value;
  }
  return found;
}

}  // namespace mercado::domain
