#include "http/conditional.hpp"

#include <gtest/gtest.h>

namespace mercado::http {
namespace {

TEST(EntityTag, IsAStableQuotedDigestOfTheBytes) {
  const auto tag = entity_tag("{\"id\":1}");
  EXPECT_EQ(tag, entity_tag("{\"id\":1}"));
  EXPECT_NE(tag, entity_tag("{\"id\":2}"));
  ASSERT_EQ(tag.size(), 34u);
  EXPECT_EQ(tag.front(), '"');
  EXPECT_EQ(tag.back(), '"');
  EXPECT_EQ(tag.find_first_not_of("0123456789abcdef", 1), 33u);
}

// Every instance, whatever its CPU, must give the same tag: XXH3-128 in canonical byte order.
TEST(EntityTag, IsTheCanonicalXxh3OfTheBytesOnEveryMachine) {
  EXPECT_EQ(entity_tag(""), "\"99aa06d3014798d86001c324468d497f\"");  // xxHash's published value
}

TEST(EntityTag, TheGzipVariantIsAnotherTagForTheSameState) {
  const auto tag = entity_tag("body");
  const auto coded = gzip_entity_tag(tag);
  EXPECT_NE(coded, tag);
  EXPECT_EQ(coded, tag.substr(0, tag.size() - 1) + "-gzip\"");
  EXPECT_EQ(none_match(coded, tag), TagMatch::kMatch);
  EXPECT_EQ(none_match(tag, coded), TagMatch::kMatch);
  EXPECT_EQ(if_match(coded, tag), TagMatch::kMatch);
}

TEST(NoneMatch, ComparesWeaklyAcrossALists) {
  const std::string tag = "\"abc\"";
  EXPECT_EQ(none_match("\"abc\"", tag), TagMatch::kMatch);
  EXPECT_EQ(none_match("W/\"abc\"", tag), TagMatch::kMatch);
  EXPECT_EQ(none_match("\"x\", \"abc\"", tag), TagMatch::kMatch);
  EXPECT_EQ(none_match("\"x\",W/\"abc\"", tag), TagMatch::kMatch);
  EXPECT_EQ(none_match(" * ", tag), TagMatch::kMatch);
  EXPECT_EQ(none_match("\"abcd\"", tag), TagMatch::kNone);
  EXPECT_EQ(none_match("\"ABC\"", tag), TagMatch::kNone);  // opaque tags are case-sensitive
}

TEST(NoneMatch, NamesMalformedLists) {
  for (const char* bad : {"abc", "\"abc", "W/abc", "\"a\"\"b\"", "\"a\" x", "", ",", "w/\"abc\""}) {
    EXPECT_EQ(none_match(bad, "\"abc\""), TagMatch::kMalformed) << bad;
  }
}

TEST(IfMatch, ComparesStronglyAndNeedsAResourceForStar) {
  const std::string tag = "\"abc\"";
  EXPECT_EQ(if_match("\"abc\"", tag), TagMatch::kMatch);
  EXPECT_EQ(if_match("W/\"abc\"", tag), TagMatch::kNone);
  EXPECT_EQ(if_match("\"zzz\", \"abc\"", tag), TagMatch::kMatch);
  EXPECT_EQ(if_match("*", tag), TagMatch::kMatch);
  EXPECT_EQ(if_match("*", ""), TagMatch::kNone);
  EXPECT_EQ(if_match("\"abc\"", ""), TagMatch::kNone);
}

}  // namespace
}  // namespace mercado::http
