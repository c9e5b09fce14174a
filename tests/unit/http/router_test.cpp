// The route table alone: what a method and a path match, with nothing around it.
#include "http/router.hpp"

#include <gtest/gtest.h>

namespace mercado::http {
namespace {

Handler nothing() {
  return [](Request&) -> Task<Response> { co_return Response(Status::ok, 11); };
}

class RouterMatch : public ::testing::Test {
 protected:
  void SetUp() override {
    routes.add(Verb::get, "/items/slug/{slug}", nothing());
    routes.add(Verb::get, "/items/{id}", nothing());
    routes.add(Verb::delete_, "/items/{id}", nothing());
  }
  Router routes;
};

TEST_F(RouterMatch, FindsTheFirstRouteAddedWithItsDecodedParameters) {
  const auto match = routes.match(Verb::get, "/items/slug/caf%C3%A9");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->pattern, "/items/slug/{slug}");
  EXPECT_EQ(match.index, 0u);
  EXPECT_EQ(match.params, std::vector<std::string>{"café"});
}

TEST_F(RouterMatch, MatchesHeadAsGetAndOneTrailingSlashAsNone) {
  const auto head = routes.match(Verb::head, "/items/7/");
  ASSERT_NE(head.route, nullptr);
  EXPECT_EQ(head.route->method, Verb::get);
  EXPECT_EQ(head.params, std::vector<std::string>{"7"});
  EXPECT_EQ(routes.match(Verb::get, "/items//7").route, nullptr);
}

TEST_F(RouterMatch, ListsTheMethodsAPathHasWhenNoneIsTheOneAskedFor) {
  const auto match = routes.match(Verb::put, "/items/7");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(match.index, routes.size());
  EXPECT_TRUE(match.params.empty());
  EXPECT_EQ(match.allowed, (std::vector<Verb>{Verb::get, Verb::delete_}));
  EXPECT_EQ(allow_header(match.allowed), "GET, DELETE, HEAD, OPTIONS");
  EXPECT_TRUE(routes.match(Verb::get, "/nothing/here").allowed.empty());
}

TEST_F(RouterMatch, NamesNoRouteForMalformedPercentEncoding) {
  EXPECT_EQ(routes.match(Verb::get, "/items/%zz").route, nullptr);
}

}  // namespace
}  // namespace mercado::http
