#include "api/slow_reads.hpp"

#include <memory>

#include "support/log.hpp"

namespace mercado::api {
namespace {

// Each slow-read thread's own reader: a reader serves one thread.
thread_local std::unique_ptr<storage::StoreReader> slow_reader;

}  // namespace

SlowReads::SlowReads(storage::Store& store, unsigned threads, std::size_t max_queued,
                     std::chrono::milliseconds limit)
    : store_(store), limit_(limit), pool_(threads, max_queued, {}, [] { slow_reader.reset(); }) {}

storage::StoreReader* SlowReads::thread_reader() {
  if (slow_reader) return slow_reader.get();
  try {
    slow_reader = store_.open_reader();
    slow_reader->set_time_limit(limit_);
  } catch (const std::exception& error) {
    slow_reader.reset();
    support::log_error("a slow-read thread could not open its reader", error.what());
  }
  return slow_reader.get();
}

}  // namespace mercado::api
