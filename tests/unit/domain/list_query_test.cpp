#include "domain/list_query.hpp"

#include <gtest/gtest.h>

namespace mercado::domain {
namespace {

bool names_field(const Error& error, const std::string& field) {
  return std::any_of(error.fields.begin(), error.fields.end(),
                     [&](const auto& e) { return e.field == field; });
}

TEST(ParsePage, DefaultsToTheCap) {
  const auto page = parse_page({}, kProductSortFields);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->offset, 0);
  EXPECT_EQ(page->limit, kMaxPageSize);
}

TEST(ParsePage, ReadsOffsetAndLimit) {
  const auto page = parse_page({{"offset", "20"}, {"limit", "10"}}, kProductSortFields);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->offset, 20);
  EXPECT_EQ(page->limit, 10);
}

TEST(ParsePage, RefusesLimitsOutsideTheDocumentedRange) {
  for (const char* limit : {"0", "201", "-1", "-0", "+5", "abc", "1.5", "010"}) {
    const auto page = parse_page({{"limit", limit}}, kProductSortFields);
    ASSERT_FALSE(page) << limit;
    EXPECT_TRUE(names_field(page.error(), "limit"));
  }
}

TEST(ParsePage, RefusesARepeatedParameter) {
  EXPECT_FALSE(parse_page({{"limit", "5"}, {"limit", "6"}}, kProductSortFields));
}

TEST(ParsePage, TakesAnEmptyValueForAnAbsentParameter) {
  const auto page = parse_page({{"offset", ""}, {"limit", ""}, {"sortBy", ""}, {"order", ""}},
                               kProductSortFields);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->offset, 0);
  EXPECT_EQ(page->limit, kMaxPageSize);
  EXPECT_EQ(page->sort, SortField::kId);
  // An empty repeat is no repeat.
  const auto limited = parse_page({{"limit", "5"}, {"limit", ""}}, kProductSortFields);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->limit, 5);
}

TEST(ParseProductQuery, TakesEmptyFiltersForAbsentOnes) {
  const auto query = parse_product_query({{"title", ""},
                                          {"price", ""},
                                          {"price_min", ""},
                                          {"price_max", ""},
                                          {"categoryId", ""},
                                          {"categorySlug", ""},
                                          {"q", ""}});
  ASSERT_TRUE(query);
  EXPECT_FALSE(query->filter.title_folded);
  EXPECT_FALSE(query->filter.price || query->filter.price_min || query->filter.price_max);
  EXPECT_FALSE(query->filter.category_id);
  EXPECT_FALSE(query->filter.category_slug);
  EXPECT_TRUE(query->filter.search_words.empty());
}

TEST(ParseProductQuery, RefusesControlCharactersInTheTitleFilter) {
  for (const std::string& title :
       {std::string("a\0b", 3), std::string("a\nb"), std::string("\x7f")}) {
    const auto query = parse_product_query({{"title", title}});
    ASSERT_FALSE(query);
    EXPECT_EQ(query.error().fields.at(0).field, "title");
  }
}

TEST(ParseProductQuery, ReadsEveryFilter) {
  const auto query = parse_product_query({{"title", "CAFÉ"},
                                          {"price_min", "10"},
                                          {"price_max", "99.5"},
                                          {"categoryId", "3"},
                                          {"categorySlug", "furniture"},
                                          {"ignored", "x"}});
  ASSERT_TRUE(query);
  EXPECT_EQ(query->filter.title_folded, "cafe");
  EXPECT_EQ(query->filter.price_min, Cents{1000});
  EXPECT_EQ(query->filter.price_max, Cents{9950});
  EXPECT_EQ(query->filter.category_id, CategoryId{3});
  EXPECT_EQ(query->filter.category_slug, "furniture");
}

TEST(ParseProductQuery, NamesEveryBadParameter) {
  const auto query = parse_product_query(
      {{"price_min", "-1"}, {"price", "x"}, {"categoryId", "0"}, {"categorySlug", "Not A Slug"}});
  ASSERT_FALSE(query);
  for (const char* field : {"price_min", "price", "categoryId", "categorySlug"}) {
    EXPECT_TRUE(names_field(query.error(), field)) << field;
  }
}

TEST(ParseProductQuery, RefusesAnInvertedPriceRange) {
  EXPECT_FALSE(parse_product_query({{"price_min", "10"}, {"price_max", "5"}}));
}

TEST(ParseId, AcceptsOnlyPositiveCanonicalIntegers) {
  EXPECT_EQ(parse_id("12"), 12);
  EXPECT_EQ(parse_id("1000000000000"), 1'000'000'000'000);
  EXPECT_EQ(parse_id("9223372036854775807"), INT64_MAX);
  EXPECT_FALSE(parse_id("9223372036854775808"));
  for (const char* text :
       {"0", "-1", "-0", "+1", "012", "1e3", "abc", "", "99999999999999999999"}) {
    EXPECT_FALSE(parse_id(text)) << text;
  }
}

TEST(ParsePage, ReadsSortFieldsTheResourceAllows) {
  const auto page = parse_page({{"sortBy", "price"}, {"order", "desc"}}, kProductSortFields);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->sort, SortField::kPrice);
  EXPECT_EQ(page->order, SortOrder::kDescending);
  const auto by_default = parse_page({}, kProductSortFields);
  EXPECT_EQ(by_default->sort, SortField::kId);
  EXPECT_EQ(by_default->order, SortOrder::kAscending);
  EXPECT_EQ(parse_page({{"sortBy", "creationAt"}}, kUserSortFields)->sort, SortField::kCreatedAt);
}

TEST(ParsePage, RefusesFieldsOutsideTheWhitelist) {
  const auto page = parse_page({{"sortBy", "price"}}, kCategorySortFields);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().fields.at(0).field, "sortBy");
  EXPECT_EQ(page.error().fields.at(0).message, "must be one of id, name, creationAt, updatedAt");
  for (const char* order : {"up", " ", "ascending"}) {
    EXPECT_FALSE(parse_page({{"order", order}}, kProductSortFields)) << order;
  }
  EXPECT_FALSE(parse_page({{"sortBy", "password_hash"}}, kUserSortFields));
}

TEST(SearchWords, SplitsOnAnythingButLettersAndDigits) {
  EXPECT_EQ(search_words("Café  bistro-CHAIR!"),
            (std::vector<std::string>{"cafe", "bistro", "chair"}));
  EXPECT_EQ(search_words("\"title:x\" OR NEAR(a b)*"),
            (std::vector<std::string>{"title", "x", "or", "near", "a", "b"}));
  EXPECT_TRUE(search_words("!!! ... ---").empty());
  EXPECT_EQ(search_words(std::string(100, 'a') + " b c d e f g h i j k l m n o p q r s").size(),
            16u);
}

TEST(ParseProductQuery, ReadsTheSearchText) {
  const auto query = parse_product_query({{"q", "Lamp shade"}});
  ASSERT_TRUE(query);
  EXPECT_EQ(query->filter.search_words, (std::vector<std::string>{"lamp", "shade"}));
  EXPECT_FALSE(parse_product_query({{"q", "?!"}}));
  EXPECT_FALSE(parse_product_query({{"q", std::string(201, 'a')}}));
}

}  // namespace
}  // namespace mercado::domain
