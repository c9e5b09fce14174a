// The PostgreSQL store's async reader, the one the server reads through: same answers as the
// waiting reader, retried after a lost connection, fresh after a write. Runs when
// MERCADO_TEST_PG_PRIMARY names a server (scripts/pg-test-cluster.sh), reading from
// MERCADO_TEST_PG_REPLICA as well when that is set.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

#include "storage/store_contract.hpp"

namespace mercado::storage::testing {
namespace {

class PgAsyncReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* primary = std::getenv("MERCADO_TEST_PG_PRIMARY");
    if (!primary || !*primary) GTEST_SKIP() << "needs MERCADO_TEST_PG_PRIMARY";
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    store_ = open_postgres_store(
        primary, std::string("async-") + test->name() + "-" + std::to_string(::getpid()));
    reader_ = store_->open_async_reader(loop_);
    ASSERT_NE(reader_, nullptr);
  }

  // Runs the loop until `done` has been called.
  template <class T, class Start>
  T await(Start start) {
    std::optional<T> value;
    start([&value](T answer) { value = std::move(answer); });
    loop_.restart();
    while (!value && loop_.run_one() > 0) {
    }
    EXPECT_TRUE(value.has_value());
    return std::move(*value);
  }

  Result<Product> product(ProductId id) {
    return await<Result<Product>>([&](auto done) { reader_->product(id, std::move(done)); });
  }

  Product write_product(const std::string& title, std::int64_t cents) {
    std::optional<Result<Product>> written;
    store_->write_now([&](StoreWriter& writer) {
      const auto shelf = writer.create_category({.name = "Shelf " + title, .image = kImage});
      written = writer.create_product({.title = title,
                                       .price = Cents{cents},
                                       .description = "About " + title,
                                       .category_id = shelf->id,
                                       .images = std::vector<std::string>{kImage},
                                       .stock = {}});
      return written->ok();
    });
    EXPECT_TRUE(*written);
    return **written;
  }

  static constexpr const char* kImage = "https://img.example/p.png";
  boost::asio::io_context loop_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<AsyncStoreReader> reader_;
};

TEST_F(PgAsyncReaderTest, AnswersAsTheWaitingReaderDoes) {
  const auto written = write_product("Async Lamp", 1999);
  const auto read = product(written.id);
  ASSERT_TRUE(read) << read.error().detail;
  const auto waited = store_->open_reader()->product(written.id);
  ASSERT_TRUE(waited);
  EXPECT_EQ(read->title, waited->title);
  EXPECT_EQ(read->slug, "async-lamp");
  EXPECT_EQ(read->price, Cents{1999});
  EXPECT_EQ(read->category.name, "Shelf Async Lamp");
  EXPECT_EQ(read->version, waited->version);

  const auto missing = product({written.id.value + 1000});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, domain::ErrorCode::kNotFound);

  const auto listing = await<Result<domain::Listing<Product>>>([&](auto done) {
    domain::ProductQuery query;
    query.filter.search_words = {"asy"};
    reader_->products(query, std::move(done));
  });
  ASSERT_TRUE(listing);
  ASSERT_EQ(listing->items.size(), 1u);
  EXPECT_EQ(listing->total, 1);
  EXPECT_EQ(listing->items[0].id, written.id);
}

TEST_F(PgAsyncReaderTest, SeesEveryWriteAcknowledgedBeforeTheReadBegan) {
  const auto written = write_product("Fresh Lamp", 1000);
  for (std::int64_t cents = 1001; cents < 1021; ++cents) {
    ASSERT_TRUE(store_->write_now([&](StoreWriter& writer) {
      domain::ProductInput change;
      change.price = Cents{cents};
      return writer.update_product(written.id, change).ok();
    }));
    const auto read = product(written.id);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->price, Cents{cents});
  }
}

TEST_F(PgAsyncReaderTest, AnswersEveryPositionRequestWithOneThatCountsTheLastWrite) {
  const auto before = await<std::optional<CommitPosition>>(
      [&](auto done) { reader_->commit_position(std::move(done)); });
  ASSERT_TRUE(before);
  write_product("Moving Lamp", 1000);
  std::vector<std::optional<CommitPosition>> answers;
  for (int i = 0; i < 50; ++i) {
    reader_->commit_position([&answers](auto position) { answers.push_back(position); });
  }
  loop_.restart();
  while (answers.size() < 50 && loop_.run_one() > 0) {
  }
  ASSERT_EQ(answers.size(), 50u);
  for (const auto& answer : answers) {
    ASSERT_TRUE(answer);
    EXPECT_GT(*answer, *before);
    EXPECT_EQ(*answer, *answers.front());
  }
}

TEST_F(PgAsyncReaderTest, SendsAReadAgainOnANewConnectionWhenItsConnectionWasLost) {
  const auto written = write_product("Sturdy Lamp", 1000);
  ASSERT_TRUE(product(written.id));
  // Ends the readers' connections to the primary, as a restarted server would (readers of
  // other tests running meanwhile send their read again too).
  postgres::Connection admin(std::getenv("MERCADO_TEST_PG_PRIMARY"), "mercado tests");
  const auto ended = admin.run(
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
      "WHERE application_name = 'mercado reader' AND datname = 'mercado_contract'");
  EXPECT_GE(ended.number(0, 0), 1);
  const auto read = product(written.id);
  ASSERT_TRUE(read) << read.error().detail;
  EXPECT_EQ(read->id, written.id);
}

}  // namespace
}  // namespace mercado::storage::testing
