#include "http/body.hpp"

#include <gtest/gtest.h>

namespace mercado::http {
namespace {

BodyResult parse(std::string_view content_type, std::string body) {
  BeastRequest raw(Verb::post, "/", 11);
  raw.set(beast_http::field::content_type, content_type);
  raw.body() = std::move(body);
  return parse_body(Request(raw));
}

TEST(ParseBody, ReadsAJsonObject) {
  const auto body = parse("application/json", R"({"title":"x"})");
  ASSERT_TRUE(body);
  EXPECT_FALSE(body->from_xml);
  EXPECT_EQ(body->root.at("title").as_string(), "x");
}

TEST(ParseBody, RefusesUnsupportedMediaTypes) {
  const auto body = parse("text/plain", "{}");
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code, domain::ErrorCode::kUnsupportedMediaType);
}

TEST(ParseBody, RefusesMalformedJsonAndNonObjects) {
  for (const char* text : {"{", "[1]", "\"x\"", "{\"a\":1}x", ""}) {
    const auto body = parse("application/json", text);
    ASSERT_FALSE(body) << text;
    EXPECT_EQ(body.error().code, domain::ErrorCode::kInvalidInput);
  }
}

TEST(ParseBody, RefusesDeepNesting) {
  std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_FALSE(parse("application/json", deep));
}

TEST(ParseBody, RefusesInvalidUtf8) {
  EXPECT_FALSE(parse("application/json", "{\"title\":\"\xC3\x28\"}"));
  EXPECT_FALSE(parse("application/xml", "<p><title>\xFF</title></p>"));
}

TEST(ParseBody, ReadsXmlIntoTheSameShape) {
  const auto body = parse("application/xml",
                          "<product><title>Salt &amp; Pepper</title><price>12.5</price>"
                          "<images><image>a</image><image>b</image></images></product>");
  ASSERT_TRUE(body);
  EXPECT_TRUE(body->from_xml);
  EXPECT_EQ(body->root.at("title").as_string(), "Salt & Pepper");
  EXPECT_EQ(body->root.at("images").at("image").as_array().size(), 2u);
}

TEST(ParseBody, RefusesXmlWithADoctype) {
  const auto body = parse("application/xml",
                          "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]>"
                          "<product><title>&lol;</title></product>");
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code, domain::ErrorCode::kInvalidInput);
}

TEST(ParseBody, RefusesXmlCharacterReferencesThatAreNotUtf8) {
  EXPECT_FALSE(parse_xml_body("<p><description>caf&#xD800;</description></p>"));
  EXPECT_FALSE(parse_xml_body("<p><description>&#x110000;</description></p>"));
  EXPECT_TRUE(parse_xml_body("<p><description>caf&#xE9;</description></p>"));
}

TEST(ParseBody, RefusesTextOutsideTheRootAndSecondRoots) {
  EXPECT_FALSE(parse_xml_body("junk<p><a>1</a></p>"));
  EXPECT_FALSE(parse_xml_body("<p><a>1</a></p>trailing"));
  EXPECT_FALSE(parse_xml_body("<p><a>1</a></p><q/>"));
  EXPECT_TRUE(parse_xml_body("<?xml version=\"1.0\"?>\n<!-- c --><p><a>1</a></p>\n"));
}

TEST(ParseBody, ReadsXmlTextAcrossCommentsAndCdata) {
  const auto body =
      parse_xml_body("<p><description>Salt <!-- x -->and <![CDATA[<Pepper>]]></description></p>");
  ASSERT_TRUE(body);
  EXPECT_EQ(body->root.at("description").as_string(), "Salt and <Pepper>");
}

TEST(BodyReader, ReadsTypedFieldsAndNamesWrongTypes) {
  const auto body = parse_json_body(
      R"({"title":5,"price":12.5,"categoryId":"3","images":["a",1],"description":null})");
  ASSERT_TRUE(body);
  BodyReader reader(*body);
  EXPECT_FALSE(reader.string("title"));
  EXPECT_EQ(reader.price("price"), domain::Cents{1250});
  EXPECT_FALSE(reader.id("categoryId"));
  EXPECT_FALSE(reader.string_list("images"));
  EXPECT_FALSE(reader.string("description"));
  EXPECT_FALSE(reader.string("absent"));
  std::vector<std::string> fields;
  for (const auto& error : reader.take_errors()) fields.push_back(error.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"title", "categoryId", "images", "description"}));
}

TEST(BodyReader, AcceptsNumericTextAndSingleItemListsFromXml) {
  const auto body = parse_xml_body(
      "<product><price> 19.99 </price><categoryId>2</categoryId>"
      "<images><image>https://x.example/a.png</image></images></product>");
  ASSERT_TRUE(body);
  BodyReader reader(*body);
  EXPECT_EQ(reader.price("price"), domain::Cents{1999});
  EXPECT_EQ(reader.id("categoryId"), 2);
  EXPECT_EQ(reader.string_list("images"), std::vector<std::string>{"https://x.example/a.png"});
  EXPECT_TRUE(reader.take_errors().empty());
}

TEST(BodyReader, RefusesNumericTextInJson) {
  const auto body = parse_json_body(R"({"price":"12.5"})");
  ASSERT_TRUE(body);
  BodyReader reader(*body);
  EXPECT_FALSE(reader.price("price"));
}

}  // namespace
}  // namespace mercado::http
