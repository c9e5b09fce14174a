// The slow-read threads when the database can't be opened: an answer, never a crash.
#include "api/reader_threads.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <stdexcept>

namespace mercado::api {
namespace {

class UnopenableStore final : public storage::Store {
 public:
  std::unique_ptr<storage::StoreReader> open_reader() override {
    ++attempts;
    throw std::runtime_error("unable to open database file");
  }
  bool submit(storage::WriteJob) override { return false; }

  std::atomic<int> attempts = 0;
};

domain::ErrorCode read_once(ReaderThreads& reads) {
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(
      io,
      [&reads]() -> boost::asio::awaitable<domain::ErrorCode> {
        const auto outcome =
            co_await reads.run([](storage::StoreReader& reader) { return reader.reachable(); });
        if (!outcome) co_return domain::ErrorCode::kInternal;  // refused as queued: not expected
        co_return outcome->ok() ? domain::ErrorCode::kInternal : outcome->error().code;
      },
      boost::asio::use_future);
  io.run();
  return future.get();
}

TEST(ReaderThreads, AnswersUnavailableWhenTheirReaderCannotOpenAndTryAgainNextTime) {
  UnopenableStore store;
  ReaderThreads reads(store, 1, 8, std::chrono::seconds(1));
  EXPECT_EQ(read_once(reads), domain::ErrorCode::kUnavailable);
  EXPECT_EQ(read_once(reads), domain::ErrorCode::kUnavailable);
  EXPECT_EQ(store.attempts.load(), 2);
}

}  // namespace
}  // namespace mercado::api
