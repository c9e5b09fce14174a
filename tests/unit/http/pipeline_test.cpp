#include "http/pipeline.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "http/call_router.hpp"

namespace mercado::http {
namespace {

// Routes and the settings of a pipeline that is made from them when first called.
class PipelineTest : public ::testing::Test {
 protected:
  Response call(Verb method, std::string target, std::string accept = "") {
    testing::Call request{.method = method, .target = std::move(target), .headers = {}, .body = {}};
    if (!accept.empty()) request.headers.emplace_back(beast_http::field::accept, accept);
    return testing::call(pipeline(), request);
  }
  Pipeline& pipeline() {
    if (!pipeline_) pipeline_.emplace(settings, std::move(routes));
    return *pipeline_;
  }

  PipelineSettings settings{.cors = CorsPolicy(), .access_log = false};
  Router routes;

 private:
  std::optional<Pipeline> pipeline_;
};

Handler echo_params() {
  return [](Request& request) -> Task<Response> {
    Response response(Status::ok, 11);
    for (const auto& param : request.params()) response.body() += param + "|";
    for (const auto& [key, value] : request.query()) response.body() += key + "=" + value + "|";
    co_return response;
  };
}

class RoutedPipeline : public PipelineTest {
 protected:
  void SetUp() override {
    routes.add(Verb::get, "/items/slug/{slug}", echo_params());
    routes.add(Verb::get, "/items/{id}", echo_params());
    routes.add(Verb::delete_, "/items/{id}", echo_params());
    routes.add(Verb::get, "/raw/{name}", echo_params(), {.rule = "", .negotiated = false});
  }
};

TEST_F(RoutedPipeline, CapturesDecodedParametersAndQuery) {
  const auto response = call(Verb::get, "/items/a%20b?x=1&y=caf%C3%A9&z=a+b");
  EXPECT_EQ(response.result(), Status::ok);
  EXPECT_EQ(response.body(), "a b|x=1|y=café|z=a b|");
}

// A handler's own tag (an entity's, from its state) is kept; other reads get one from their
// bytes; with tags off (only to measure their cost) no response carries any.
TEST_F(RoutedPipeline, TagsEveryReadAndDropsEveryTagWhenTagsAreOff) {
  routes.add(Verb::get, "/tagged", [](Request&) -> Task<Response> {
    Response response(Status::ok, 11);
    response.set(beast_http::field::etag, "\"state\"");
    co_return response;
  });
  EXPECT_EQ(call(Verb::get, "/tagged")[beast_http::field::etag], "\"state\"");
  EXPECT_FALSE(call(Verb::get, "/items/1")[beast_http::field::etag].empty());
  settings.entity_tags = false;
  EXPECT_EQ(call(Verb::get, "/tagged").count(beast_http::field::etag), 0u);
  EXPECT_EQ(call(Verb::get, "/items/1").count(beast_http::field::etag), 0u);
}

TEST_F(RoutedPipeline, PrefersTheRouteRegisteredFirst) {
  EXPECT_EQ(call(Verb::get, "/items/slug/desk").body(), "desk|");
}

TEST_F(RoutedPipeline, AnswersUnknownPathsWith404) {
  EXPECT_EQ(call(Verb::get, "/nothing").result(), Status::not_found);
  EXPECT_EQ(call(Verb::get, "/items/1/extra").result(), Status::not_found);
}

TEST_F(RoutedPipeline, MatchesAPathWithOneTrailingSlashAsTheRouteItself) {
  EXPECT_EQ(call(Verb::get, "/items/7/").body(), "7|");
  EXPECT_EQ(call(Verb::get, "/items/slug/desk/?x=1").body(), "desk|x=1|");
  EXPECT_EQ(call(Verb::delete_, "/items/7/").result(), Status::ok);
  EXPECT_EQ(call(Verb::post, "/items/7/").result(), Status::method_not_allowed);
}

TEST_F(RoutedPipeline, MatchesNoRouteWithAnEmptySegmentInside) {
  EXPECT_EQ(call(Verb::get, "/items//7").result(), Status::not_found);
  EXPECT_EQ(call(Verb::get, "/items/7//").result(), Status::not_found);
  EXPECT_EQ(call(Verb::get, "//items/7").result(), Status::not_found);
  EXPECT_EQ(call(Verb::get, "//").result(), Status::not_found);
}

TEST_F(RoutedPipeline, AnswersWrongMethodsWith405AndAllow) {
  const auto response = call(Verb::post, "/items/1");
  EXPECT_EQ(response.result(), Status::method_not_allowed);
  EXPECT_EQ(response[beast_http::field::allow], "GET, DELETE, HEAD, OPTIONS");
}

TEST_F(RoutedPipeline, AnswersOptionsWithAllow) {
  const auto response = call(Verb::options, "/items/1");
  EXPECT_EQ(response.result(), Status::no_content);
  EXPECT_EQ(response[beast_http::field::allow], "GET, DELETE, HEAD, OPTIONS");
}

TEST_F(RoutedPipeline, AnswersHeadLikeGetWithoutABody) {
  const auto get = call(Verb::get, "/items/7");
  const auto head = call(Verb::head, "/items/7");
  EXPECT_EQ(head.result(), Status::ok);
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(head[beast_http::field::content_length], std::to_string(get.body().size()));
}

TEST_F(RoutedPipeline, RefusesUnacceptableFormatsOnlyOnNegotiatedRoutes) {
  EXPECT_EQ(call(Verb::get, "/items/1", "image/png").result(), Status::not_acceptable);
  EXPECT_EQ(call(Verb::get, "/raw/x", "image/png").result(), Status::ok);
}

TEST_F(RoutedPipeline, AcceptsAbsoluteFormTargets) {
  EXPECT_EQ(call(Verb::get, "http://example.com/items/7?x=1").body(), "7|x=1|");
}

TEST_F(RoutedPipeline, RefusesMalformedTargets) {
  EXPECT_EQ(call(Verb::get, "http:items/7").result(), Status::bad_request);
  EXPECT_EQ(call(Verb::get, "*").result(), Status::bad_request);
  EXPECT_EQ(call(Verb::get, "/items/1?title=%ZZ").result(), Status::bad_request);
  EXPECT_EQ(call(Verb::get, "/items/%ZZ").result(), Status::bad_request);
}

TEST_F(RoutedPipeline, TurnsHandlerExceptionsInto500WithoutDetails) {
  routes.add(Verb::get, "/boom", [](Request&) -> Task<Response> {
    throw std::runtime_error("secret detail");
    co_return Response();
  });
  const auto response = call(Verb::get, "/boom");
  EXPECT_EQ(response.result(), Status::internal_server_error);
  EXPECT_EQ(response.body().find("secret"), std::string::npos);
}

TEST_F(RoutedPipeline, RunsItsChoresOnEveryTick) {
  int runs = 0;
  pipeline().on_tick([&runs] { ++runs; });
  pipeline().tick();
  pipeline().tick();
  EXPECT_EQ(runs, 2);
}

// A cacheable route that counts its runs and answers with the run number, the Accept header it
// saw and `status` (a 404 on a path ending in "missing").
class CachedRouteTest : public PipelineTest {
 protected:
  void SetUp() override {
    routes.add(Verb::get, "/catalog/{name}",
               [this](Request& request) -> Task<Response> {
                 ++runs;
                 const bool missing = request.param(0) == "missing";
                 Response response(missing ? Status::not_found : Status::ok, 11);
                 response.body() = std::to_string(runs) + " " +
                                   std::string(request.header(beast_http::field::accept));
                 co_return response;
               },
               {.rule = "", .negotiated = false, .operational = false, .cacheable = true});
    pipeline().set_data_version(
        [this]() -> Task<std::optional<std::uint64_t>> { co_return version; });
  }
  std::optional<std::uint64_t> version = 1;
  int runs = 0;
};

TEST_F(CachedRouteTest, AnswersTheSameRequestFromTheCacheWhileTheDataIsUnchanged) {
  EXPECT_EQ(call(Verb::get, "/catalog/a?page=1").body(), "1 ");
  EXPECT_EQ(call(Verb::get, "/catalog/a?page=1").body(), "1 ");
  EXPECT_EQ(call(Verb::head, "/catalog/a?page=1").result(), Status::ok);
  EXPECT_EQ(runs, 1);
  // Another target, another Accept: other answers.
  EXPECT_EQ(call(Verb::get, "/catalog/a?page=2").body(), "2 ");
  EXPECT_EQ(call(Verb::get, "/catalog/a?page=1", "application/xml").body(), "3 application/xml");
  EXPECT_EQ(call(Verb::get, "/catalog/a?page=1", "application/xml").body(), "3 application/xml");
  EXPECT_EQ(runs, 3);
}

TEST_F(CachedRouteTest, StartsAfreshWhenTheDataChanges) {
  call(Verb::get, "/catalog/a");
  version = 2;
  EXPECT_EQ(call(Verb::get, "/catalog/a").body(), "2 ");
  EXPECT_EQ(call(Verb::get, "/catalog/a").body(), "2 ");
}

TEST_F(CachedRouteTest, KeepsNothingWithoutAVersionOrWhenTurnedOff) {
  version.reset();
  call(Verb::get, "/catalog/a");
  call(Verb::get, "/catalog/a");
  EXPECT_EQ(runs, 2);
  version = 1;
  settings.read_cache = false;
  call(Verb::get, "/catalog/a");
  call(Verb::get, "/catalog/a");
  EXPECT_EQ(runs, 4);
}

TEST_F(CachedRouteTest, NeverKeepsAnythingButA200) {
  EXPECT_EQ(call(Verb::get, "/catalog/missing").result(), Status::not_found);
  EXPECT_EQ(call(Verb::get, "/catalog/missing").result(), Status::not_found);
  EXPECT_EQ(runs, 2);
}

}  // namespace
}  // namespace mercado::http
