// Threads for work that would stall an event loop (password hashing, slow reads): a coroutine
// hands it over and resumes on its own thread when it is done.
#pragma once

#include <atomic>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

namespace mercado::runtime {

class BlockingPool {
 public:
  // The threads run at a lower scheduling priority than the I/O threads, so a storm of logins
  // slows logins, not every other request. `max_queued` bounds the work waiting for a thread.
  // Each thread runs `on_start` before its first job and `on_stop` after its last (to set up
  // and tear down what a thread keeps for itself).
  BlockingPool(unsigned threads, std::size_t max_queued, std::function<void()> on_start = {},
               std::function<void()> on_stop = {});
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // Runs `work` on a pool thread and completes on the calling coroutine's thread with its
  // result, or with nullopt at once when too much work is queued (the caller answers 503).
  template <class Work>
  auto run(const Work& work) {
    using Value = std::invoke_result_t<Work&>;
    using Outcome = std::optional<Value>;
    return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(Outcome)>(
        [this](auto handler, Work work) {
          auto executor = boost::asio::get_associated_executor(handler);
          auto guard = boost::asio::make_work_guard(executor);
          if (queued_.fetch_add(1) >= max_queued_) {
            queued_.fetch_sub(1);
            boost::asio::post(executor, [handler = std::move(handler)]() mutable {
              std::move(handler)(Outcome());
            });
            return;
          }
          boost::asio::post(io_, [this, work = std::move(work), handler = std::move(handler),
                                  executor, guard = std::move(guard)]() mutable {
            queued_.fetch_sub(1);
            Outcome outcome(work());
            boost::asio::post(
                executor, [handler = std::move(handler), outcome = std::move(outcome)]() mutable {
                  std::move(handler)(std::move(outcome));
                });
          });
        },
        boost::asio::use_awaitable, work);
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> keep_running_;
  std::vector<std::thread> threads_;
  std::atomic<std::size_t> queued_{0};
  std::size_t max_queued_;
};

}  // namespace mercado::runtime
