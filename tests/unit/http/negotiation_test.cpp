#include "http/negotiation.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string_view>

namespace mercado::http {
namespace {

TEST(Negotiate, DefaultsToJson) {
  EXPECT_EQ(negotiate(""), Format::kJson);
  EXPECT_EQ(negotiate("*/*"), Format::kJson);
  EXPECT_EQ(negotiate("application/json"), Format::kJson);
}

TEST(Negotiate, PicksXmlWhenAskedFor) {
  EXPECT_EQ(negotiate("application/xml"), Format::kXml);
  EXPECT_EQ(negotiate("text/xml"), Format::kXml);
  EXPECT_EQ(negotiate("application/json;q=0.5, application/xml"), Format::kXml);
}

TEST(Negotiate, HonoursQualityValues) {
  EXPECT_EQ(negotiate("application/xml;q=0.9, application/json;q=0.8"), Format::kXml);
  EXPECT_EQ(negotiate("application/xml;q=0.1, */*;q=0.5"), Format::kJson);
}

TEST(Negotiate, ASpecificRangeOverridesAWildcard) {
  // */* offers JSON at 1.0, but application/json;q=0 refuses it explicitly.
  EXPECT_EQ(negotiate("application/json;q=0, */*"), Format::kXml);
}

TEST(Negotiate, RefusesWhenNothingAcceptableIsOffered) {
  EXPECT_FALSE(negotiate("image/png"));
  EXPECT_FALSE(negotiate("application/json;q=0"));
  EXPECT_FALSE(negotiate("text/html, image/*"));
}

TEST(BodyFormat, ReadsTheMediaTypeAndIgnoresCase) {
  EXPECT_EQ(body_format("application/json"), Format::kJson);
  EXPECT_EQ(body_format("Application/JSON; charset=UTF-8"), Format::kJson);
  EXPECT_EQ(body_format("application/merge-patch+json"), Format::kJson);
  EXPECT_EQ(body_format("text/xml; charset=\"utf-8\""), Format::kXml);
}

TEST(BodyFormat, RefusesOtherTypesAndCharsets) {
  EXPECT_FALSE(body_format(""));
  EXPECT_FALSE(body_format("text/plain"));
  EXPECT_FALSE(body_format("application/json; charset=latin1"));
  EXPECT_FALSE(body_format("multipart/form-data; boundary=x"));
}

TEST(ChooseMediaType, PicksTheMostSpecificHighestWeightedOfferAndTiesGoToTheFirst) {
  using namespace std::string_view_literals;
  constexpr std::array kOffered = {"application/json"sv, "application/graphql-response+json"sv,
                                   "text/html"sv};
  EXPECT_EQ(choose_media_type("", kOffered), 0u);
  EXPECT_EQ(choose_media_type("*/*", kOffered), 0u);
  EXPECT_EQ(
      choose_media_type("application/graphql-response+json, application/json;q=0.9", kOffered), 1u);
  EXPECT_EQ(choose_media_type("text/html,application/xhtml+xml,*/*;q=0.8", kOffered), 2u);
  // "application/*" covers both JSON types; the more specific json range wins over it.
  EXPECT_EQ(choose_media_type("application/*;q=0.5, application/json;q=0.1", kOffered), 1u);
  EXPECT_EQ(choose_media_type("application/xml", kOffered), std::nullopt);
  EXPECT_EQ(choose_media_type("application/json;q=0, */*", kOffered), 1u);
}

}  // namespace
}  // namespace mercado::http
