#include "api/slow_reads.hpp"

#include <memory>

namespace mercado::api {
namespace {

// Each slow-read thread's own reader: a reader serves one thread.
thread_local std::unique_ptr<storage::StoreReader> slow_reader;

}  // namespace

SlowReads::SlowReads(storage::Store& store, unsigned threads, std::size_t max_queued,
                     std::chrono::milliseconds limit)
    : pool_(
          threads, max_queued,
          [&store, limit] {
            slow_reader = store.open_reader();
            slow_reader->set_time_limit(limit);
          },
          [] { slow_reader.reset(); }) {}

storage::StoreReader& SlowReads::thread_reader() { return *slow_reader; }

}  // namespace mercado::api
