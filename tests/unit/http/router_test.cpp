#include "http/router.hpp"

#include <gtest/gtest.h>

#include "http/call_router.hpp"

namespace mercado::http {
namespace {

Response call(Router& router, Verb method, std::string target, std::string accept = "") {
  testing::Call request{.method = method, .target = std::move(target), .headers = {}, .body = {}};
  if (!accept.empty()) request.headers.emplace_back(beast_http::field::accept, accept);
  return testing::call(router, request);
}

Handler echo_params() {
  return [](Request& request) -> Task<Response> {
    Response response(Status::ok, 11);
    for (const auto& param : request.params()) response.body() += param + "|";
    for (const auto& [key, value] : request.query()) response.body() += key + "=" + value + "|";
    co_return response;
  };
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.add(Verb::get, "/items/slug/{slug}", echo_params());
    router.add(Verb::get, "/items/{id}", echo_params());
    router.add(Verb::delete_, "/items/{id}", echo_params());
    router.add(Verb::get, "/raw/{name}", echo_params(), {.rule = "", .negotiated = false});
  }
  Pipeline pipeline{.cors = CorsPolicy(), .access_log = false};
  Router router{pipeline};
};

TEST_F(RouterTest, CapturesDecodedParametersAndQuery) {
  const auto response = call(router, Verb::get, "/items/a%20b?x=1&y=caf%C3%A9&z=a+b");
  EXPECT_EQ(response.result(), Status::ok);
  EXPECT_EQ(response.body(), "a b|x=1|y=café|z=a b|");
}

TEST_F(RouterTest, PrefersTheRouteRegisteredFirst) {
  EXPECT_EQ(call(router, Verb::get, "/items/slug/desk").body(), "desk|");
}

TEST_F(RouterTest, AnswersUnknownPathsWith404) {
  EXPECT_EQ(call(router, Verb::get, "/nothing").result(), Status::not_found);
  EXPECT_EQ(call(router, Verb::get, "/items/1/extra").result(), Status::not_found);
}

TEST_F(RouterTest, AnswersWrongMethodsWith405AndAllow) {
  const auto response = call(router, Verb::post, "/items/1");
  EXPECT_EQ(response.result(), Status::method_not_allowed);
  EXPECT_EQ(response[beast_http::field::allow], "GET, DELETE, HEAD, OPTIONS");
}

TEST_F(RouterTest, AnswersOptionsWithAllow) {
  const auto response = call(router, Verb::options, "/items/1");
  EXPECT_EQ(response.result(), Status::no_content);
  EXPECT_EQ(response[beast_http::field::allow], "GET, DELETE, HEAD, OPTIONS");
}

TEST_F(RouterTest, AnswersHeadLikeGetWithoutABody) {
  const auto get = call(router, Verb::get, "/items/7");
  const auto head = call(router, Verb::head, "/items/7");
  EXPECT_EQ(head.result(), Status::ok);
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(head[beast_http::field::content_length], std::to_string(get.body().size()));
}

TEST_F(RouterTest, RefusesUnacceptableFormatsOnlyOnNegotiatedRoutes) {
  EXPECT_EQ(call(router, Verb::get, "/items/1", "image/png").result(), Status::not_acceptable);
  EXPECT_EQ(call(router, Verb::get, "/raw/x", "image/png").result(), Status::ok);
}

TEST_F(RouterTest, AcceptsAbsoluteFormTargets) {
  EXPECT_EQ(call(router, Verb::get, "http://example.com/items/7?x=1").body(), "7|x=1|");
}

TEST_F(RouterTest, RefusesMalformedTargets) {
  EXPECT_EQ(call(router, Verb::get, "http:items/7").result(), Status::bad_request);
  EXPECT_EQ(call(router, Verb::get, "*").result(), Status::bad_request);
  EXPECT_EQ(call(router, Verb::get, "/items/1?title=%ZZ").result(), Status::bad_request);
  EXPECT_EQ(call(router, Verb::get, "/items/%ZZ").result(), Status::bad_request);
}

TEST_F(RouterTest, TurnsHandlerExceptionsInto500WithoutDetails) {
  router.add(Verb::get, "/boom", [](Request&) -> Task<Response> {
    throw std::runtime_error("secret detail");
    co_return Response();
  });
  const auto response = call(router, Verb::get, "/boom");
  EXPECT_EQ(response.result(), Status::internal_server_error);
  EXPECT_EQ(response.body().find("secret"), std::string::npos);
}

}  // namespace
}  // namespace mercado::http
