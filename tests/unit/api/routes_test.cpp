// The API wired as in production, over a real SQLite store, without sockets: what only the
// handlers can show (503 when the store refuses, problem formats, profiles).
#include "api/routes.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "http/call_router.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace mercado::api {
namespace {

using http::Status;
using http::Verb;
using http::beast_http::field;

// A store whose write queue is always full: the state a burst of writes leaves behind.
class FullQueueStore final : public storage::Store {
 public:
  explicit FullQueueStore(storage::Store& inner) : inner_(inner) {}
  std::unique_ptr<storage::StoreReader> open_reader() override { return inner_.open_reader(); }
  bool submit(storage::WriteJob) override { return false; }

 private:
  storage::Store& inner_;
};

class RoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("mercado-routes-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    store_ = std::make_unique<storage::sqlite::SqliteStore>(
        storage::sqlite::SqliteOptions{.path = path_.string()});
    reader_ = store_->open_reader();
    slow_reads_ = std::make_unique<ReaderThreads>(*store_, 1, 8, std::chrono::seconds(5));
    services_ = std::make_unique<ApiServices>(
        ApiServices{tokens_, blocking_, *slow_reads_, throttle_, fingerprints_});
  }
  void TearDown() override {
    services_.reset();
    slow_reads_.reset();
    reader_.reset();
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_.string() + suffix);
  }

  std::unique_ptr<http::Pipeline> router(storage::Store& store, domain::Profile profile) {
    settings_.profile = profile;
    return std::make_unique<http::Pipeline>(
        pipeline_, make_routes(std::make_shared<ApiContext>(
                       ApiContext{*reader_, store, settings_, *services_})));
  }

  static http::testing::Call post_category() {
    return {.method = Verb::post,
            .target = "/api/v1/categories",
            .headers = {{field::content_type, "application/json"}},
            .body = R"({"name":"Tools","image":"https://img.example/tools.png"})"};
  }

  mercado::auth::TokenIssuer tokens_{{.secret = std::string(32, 'k')}};
  runtime::BlockingPool blocking_{1, 8};
  mercado::auth::LoginThrottle throttle_;
  mercado::auth::KeyedDigest fingerprints_{std::string(32, 'k'), "idemkey"};
  std::unique_ptr<ReaderThreads> slow_reads_;
  std::unique_ptr<ApiServices> services_;
  http::PipelineSettings pipeline_{.cors = http::CorsPolicy(), .access_log = false};
  std::filesystem::path path_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<storage::StoreReader> reader_;
  ApiSettings settings_;
};

TEST_F(RoutesTest, PostCategoryCreatesWithLocation) {
  auto api = router(*store_, domain::Profile::kSandbox);
  const auto response = http::testing::call(*api, post_category());
  EXPECT_EQ(response.result(), Status::created);
  EXPECT_EQ(response[field::location], "/api/v1/categories/1");
}

TEST_F(RoutesTest, PostWhenTheWriteQueueIsFullIs503WithRetryAfter) {
  FullQueueStore full(*store_);
  auto api = router(full, domain::Profile::kSandbox);
  const auto response = http::testing::call(*api, post_category());
  EXPECT_EQ(response.result(), Status::service_unavailable);
  EXPECT_EQ(response[field::retry_after], "1");
  EXPECT_EQ(response[field::content_type], "application/problem+json; charset=utf-8");
  EXPECT_TRUE(reader_->categories({})->items.empty());
}

TEST_F(RoutesTest, AWriteThatMeetsADatabaseFaultIsA503WithRetryAfter) {
  auto api = router(*store_, domain::Profile::kSandbox);
  const auto before = http::testing::call(*api, post_category());
  ASSERT_EQ(before.result(), Status::created);
  // The table vanishes under the writer: its next statement fails inside the write job.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);  // the store's writer may be checkpointing
  EXPECT_EQ(sqlite3_exec(db, "ALTER TABLE categories RENAME TO categories_elsewhere", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  const auto response = http::testing::call(*api, post_category());
  EXPECT_EQ(response.result(), Status::service_unavailable);
  EXPECT_EQ(response[field::retry_after], "1");
  EXPECT_EQ(response[field::content_type], "application/problem+json; charset=utf-8");
}

TEST_F(RoutesTest, ProductionRefusesAnonymousCatalogWritesWith401) {
  auto api = router(*store_, domain::Profile::kProduction);
  const auto response = http::testing::call(*api, post_category());
  EXPECT_EQ(response.result(), Status::unauthorized);
  EXPECT_TRUE(response[field::www_authenticate].starts_with("Bearer"));
  EXPECT_TRUE(reader_->categories({})->items.empty());
}

TEST_F(RoutesTest, ProblemsFollowTheAcceptedFormat) {
  auto api = router(*store_, domain::Profile::kSandbox);
  const auto response = http::testing::call(*api, {.method = Verb::get,
                                                   .target = "/api/v1/products/999",
                                                   .headers = {{field::accept, "application/xml"}},
                                                   .body = {}});
  EXPECT_EQ(response.result(), Status::not_found);
  EXPECT_EQ(response[field::content_type], "application/problem+xml; charset=utf-8");
  EXPECT_NE(response.body().find("<status>404</status>"), std::string::npos);
}

TEST_F(RoutesTest, EveryRouteOfTheContractIsRegistered) {
  auto api = router(*store_, domain::Profile::kSandbox);
  std::vector<std::string> routes;
  for (const auto& route : api->routes().routes()) {
    routes.push_back(std::string(http::beast_http::to_string(route.method)) + " " + route.pattern);
  }
  for (const char* expected :
       {"GET /api/v1/products", "POST /api/v1/products", "GET /api/v1/products/{id}",
        "PUT /api/v1/products/{id}", "PATCH /api/v1/products/{id}", "DELETE /api/v1/products/{id}",
        "GET /api/v1/products/{id}/related", "GET /api/v1/products/slug/{slug}",
        "GET /api/v1/products/slug/{slug}/related", "GET /api/v1/categories",
        "POST /api/v1/categories", "GET /api/v1/categories/{id}", "PUT /api/v1/categories/{id}",
        "PATCH /api/v1/categories/{id}", "DELETE /api/v1/categories/{id}",
        "GET /api/v1/categories/{id}/products", "GET /api/v1/categories/slug/{slug}"}) {
    EXPECT_NE(std::find(routes.begin(), routes.end(), expected), routes.end()) << expected;
  }
}

}  // namespace
}  // namespace mercado::api
