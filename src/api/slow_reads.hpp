// Threads of their own, each with its own reader, for reads too slow for an event loop.
#pragma once

#include <chrono>
#include <cstddef>

#include "runtime/blocking_pool.hpp"
#include "storage/store.hpp"

namespace mercado::api {

class SlowReads {
 public:
  // `threads` readers of `store`; a read on them is cut off after `limit` (503). Reads waiting
  // beyond `max_queued` are refused at once (503).
  SlowReads(storage::Store& store, unsigned threads, std::size_t max_queued,
            std::chrono::milliseconds limit);

  // Runs read(reader) on a slow-read thread; nullopt when too many are waiting.
  template <class Read>
  auto run(const Read& read) {
    return pool_.run([read] {
      storage::StoreReader& reader = thread_reader();
      auto result = read(reader);
      // An idle thread must not hold a snapshot: it would pin the database's log.
      reader.idle();
      return result;
    });
  }

 private:
  static storage::StoreReader& thread_reader();
  runtime::BlockingPool pool_;
};

}  // namespace mercado::api
