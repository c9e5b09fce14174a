// Threads of their own, each with its own reader, for reads too slow for an event loop: a list
// whose filters, order and offset make SQLite scan (api/store_read.hpp).
#pragma once

#include <chrono>
#include <cstddef>

#include "runtime/blocking_pool.hpp"
#include "storage/store.hpp"

namespace mercado::api {

class ReaderThreads {
 public:
  // `threads` readers of `store`; a read on them is cut off after `limit` (503). Reads waiting
  // beyond `max_queued` are refused at once (503).
  ReaderThreads(storage::Store& store, unsigned threads, std::size_t max_queued,
                std::chrono::milliseconds limit);

  // Runs read(reader) on one of the threads; nullopt when too many are waiting. A thread whose
  // reader can't be opened answers kUnavailable (503) and tries again with its next read.
  template <class Read>
  auto run(const Read& read) {
    using Outcome = decltype(read(std::declval<storage::StoreReader&>()));
    return pool_.run([this, read]() -> Outcome {
      storage::StoreReader* reader = thread_reader();
      if (!reader) {
        if constexpr (requires { Outcome(domain::Error{}); }) {
          return domain::Error{domain::ErrorCode::kUnavailable, "Storage is not reachable.", {}};
        } else {
          return Outcome();
        }
      }
      auto result = read(*reader);
      // An idle thread must not hold a snapshot: it would pin the database's log.
      reader->idle();
      return result;
    });
  }

 private:
  // This thread's reader, opened on its first read; null when it can't be opened.
  storage::StoreReader* thread_reader();

  storage::Store& store_;
  std::chrono::milliseconds limit_;
  runtime::BlockingPool pool_;
};

}  // namespace mercado::api
