#include "http/cors.hpp"

#include <gtest/gtest.h>

namespace mercado::http {
namespace {

Response decorated(const CorsPolicy& policy, std::string_view origin) {
  BeastRequest raw(Verb::get, "/", 11);
  if (!origin.empty()) raw.set(beast_http::field::origin, origin);
  Request request(raw);
  Response response(Status::ok, 11);
  policy.decorate(request, response);
  return response;
}

TEST(CorsPolicy, ParsesOriginListsAndRefusesAnythingElse) {
  EXPECT_TRUE(CorsPolicy::parse("*")->enabled());
  EXPECT_FALSE(CorsPolicy::parse("")->enabled());
  const auto listed = CorsPolicy::parse("https://a.example, http://b.example:8080/");
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->origins(),
            (std::vector<std::string>{"https://a.example", "http://b.example:8080"}));
  for (const char* bad : {"a.example", "ftp://a.example", "https://a.example/path",
                          "https://user@a.example", "https://"}) {
    EXPECT_FALSE(CorsPolicy::parse(bad)) << bad;
  }
}

TEST(CorsPolicy, AnswersListedOriginsOnlyAndNeverWithCredentials) {
  const auto policy = *CorsPolicy::parse("https://shop.example");
  const auto allowed = decorated(policy, "https://shop.example");
  EXPECT_EQ(allowed[beast_http::field::access_control_allow_origin], "https://shop.example");
  EXPECT_EQ(allowed.count(beast_http::field::access_control_allow_credentials), 0u);
  EXPECT_EQ(allowed[beast_http::field::vary], "Origin");
  const auto other = decorated(policy, "https://evil.example");
  EXPECT_EQ(other.count(beast_http::field::access_control_allow_origin), 0u);
  EXPECT_EQ(other[beast_http::field::vary], "Origin");
}

TEST(CorsPolicy, AnyOriginIsAStar) {
  const auto response = decorated(*CorsPolicy::parse("*"), "https://anyone.example");
  EXPECT_EQ(response[beast_http::field::access_control_allow_origin], "*");
  EXPECT_NE(response[beast_http::field::access_control_expose_headers].find("ETag"),
            std::string_view::npos);
}

TEST(CorsPolicy, DoesNothingWhenOff) {
  const auto response = decorated(CorsPolicy(), "https://shop.example");
  EXPECT_EQ(response.count(beast_http::field::access_control_allow_origin), 0u);
  EXPECT_EQ(response.count(beast_http::field::vary), 0u);
}

}  // namespace
}  // namespace mercado::http
