#include "api/reader_threads.hpp"

#include <memory>

#include "support/log.hpp"

namespace mercado::api {
namespace {

// Each thread's own reader: a reader serves one thread (and a thread serves one pool).
thread_local std::unique_ptr<storage::StoreReader> own_reader;

}  // namespace

ReaderThreads::ReaderThreads(storage::Store& store, unsigned threads, std::size_t max_queued,
                             std::chrono::milliseconds limit)
    : store_(store), limit_(limit), pool_(threads, max_queued, {}, [] { own_reader.reset(); }) {}

storage::StoreReader* ReaderThreads::thread_reader() {
  if (own_reader) return own_reader.get();
  try {
    own_reader = store_.open_reader();
    own_reader->set_time_limit(limit_);
  } catch (const std::exception& error) {
    own_reader.reset();
    support::log_error("a reader thread could not open its reader", error.what());
  }
  return own_reader.get();
}

}  // namespace mercado::api
