// Awaiting a write on the store's writer thread from a handler on an I/O thread.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "api/context.hpp"
#include "http/message.hpp"
#include "storage/store.hpp"
#include "support/log.hpp"

namespace mercado::api {

template <class T>
using Change = std::function<domain::Result<T>(storage::StoreWriter&)>;

// What a write that met a database fault answers: nothing was kept, and a retry may succeed.
inline domain::Error unsaved() {
  return {domain::ErrorCode::kUnavailable, "The change could not be saved; retry shortly.", {}};
}

// Runs `change` in the store's next commit and completes, on the calling coroutine's own
// thread, once that commit is on disk. A full queue, a database fault inside the job, or a failed
// commit is kUnavailable (503 with Retry-After): nothing was written and the client may retry. The
// time to durability goes to the metrics.
//
// Call it with a named Change (`co_await write(context, change)`): GCC 12 mishandles
// temporaries with destructors inside a co_await expression.
template <class T>
auto write(ApiContext& context, const Change<T>& change) {
  using Outcome = domain::Result<T>;
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(Outcome)>(
      [&store = context.store, metrics = context.services.metrics](auto handler,
                                                                   const Change<T>& change) {
        const auto queued_at = std::chrono::steady_clock::now();
        // std::function needs copyable callables; the coroutine's handler is move-only.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        auto executor = boost::asio::get_associated_executor(*shared);
        // Keeps the worker's event loop alive until the writer answers.
        auto guard = std::make_shared<boost::asio::executor_work_guard<decltype(executor)>>(
            boost::asio::make_work_guard(executor));
        auto outcome = std::make_shared<std::optional<Outcome>>();
        const auto resume = [shared, executor, guard, outcome, metrics, queued_at](bool durable) {
          if (metrics) metrics->storage_write(std::chrono::steady_clock::now() - queued_at);
          boost::asio::post(executor, [shared, guard, outcome, durable] {
            if (!durable) {
              *outcome = unsaved();
            } else if (!*outcome) {
              *outcome = domain::Error{domain::ErrorCode::kInternal, "write job failed", {}};
            }
            (*shared)(std::move(**outcome));
          });
        };
        const bool queued = store.submit({
            .run =
                [outcome, change](storage::StoreWriter& writer) {
                  try {
                    *outcome = change(writer);
                  } catch (const storage::StoreFault& fault) {
                    support::log_error("storage fault in a write", fault.what());
                    *outcome = unsaved();
                  }
                  return (*outcome)->ok();
                },
            .done = resume,
        });
        if (!queued) {
          *outcome = domain::Error{
              domain::ErrorCode::kUnavailable, "The server is busy; retry shortly.", {}};
          resume(true);
        }
      },
      boost::asio::use_awaitable, change);
}

}  // namespace mercado::api
