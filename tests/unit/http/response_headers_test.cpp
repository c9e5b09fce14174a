#include "http/response_headers.hpp"

#include <gtest/gtest.h>

#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "http/pipeline.hpp"

namespace mercado::http {
namespace {

TEST(RequestId, KeepsAWellFormedClientId) {
  EXPECT_EQ(request_id("abc-123_X.y"), "abc-123_X.y");
  EXPECT_EQ(request_id(std::string(kMaxRequestIdLength, 'a')),
            std::string(kMaxRequestIdLength, 'a'));
}

TEST(RequestId, ReplacesAnythingElseWithAFreshOne) {
  for (const std::string& sent :
       {std::string(), std::string(kMaxRequestIdLength + 1, 'a'), std::string("a b"),
        std::string("id\r\nSet-Cookie: x"), std::string("<script>"), std::string("é")}) {
    const auto id = request_id(sent);
    EXPECT_NE(id, sent);
    EXPECT_EQ(id.size(), 16u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  }
}

TEST(RequestId, FreshIdsDiffer) { EXPECT_NE(request_id(""), request_id("")); }

// Runs the pipeline on a request carrying `headers`.
Response call(Pipeline& pipeline, std::string target,
              const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  BeastRequest raw(Verb::get, target, 11);
  for (const auto& [name, value] : headers) raw.insert(name, value);
  Request request(raw);
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, pipeline.handle(request), boost::asio::use_future);
  io.run();
  return future.get();
}

class StandardHeaders : public ::testing::Test {
 protected:
  void SetUp() override {
    Router routes;
    routes.add(Verb::get, "/ok",
               [](Request&) -> Task<Response> { co_return Response(Status::ok, 11); });
    routes.add(Verb::get, "/fails", [](Request&) -> Task<Response> {
      throw std::runtime_error("boom");
      co_return Response(Status::ok, 11);
    });
    pipeline.emplace(settings, std::move(routes));
  }
  PipelineSettings settings{.cors = CorsPolicy(), .access_log = false};
  std::optional<Pipeline> pipeline;
};

TEST_F(StandardHeaders, AreOnSuccessesAndEveryKindOfError) {
  for (const char* target : {"/ok", "/missing", "/fails", "/%zz"}) {
    const auto response = call(*pipeline, target);
    EXPECT_EQ(response["X-Content-Type-Options"], "nosniff") << target;
    EXPECT_EQ(response["Referrer-Policy"], "no-referrer") << target;
    EXPECT_EQ(response["X-Request-Id"].size(), 16u) << target;
    EXPECT_EQ(response.count("X-Powered-By"), 0u);
    EXPECT_EQ(response.count(beast_http::field::server), 0u);
  }
}

TEST_F(StandardHeaders, EchoTheClientsRequestIdOnlyWhenWellFormed) {
  EXPECT_EQ(call(*pipeline, "/ok", {{"X-Request-Id", "trace-42"}})["X-Request-Id"], "trace-42");
  EXPECT_EQ(call(*pipeline, "/missing", {{"x-request-id", "trace-43"}})["X-Request-Id"],
            "trace-43");
  EXPECT_NE(call(*pipeline, "/ok", {{"X-Request-Id", "bad id"}})["X-Request-Id"], "bad id");
}

}  // namespace
}  // namespace mercado::http
