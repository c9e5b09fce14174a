// The Store on PostgreSQL: writes on the primary, committed in groups by one writer thread per
// instance; reads on replicas that have caught up with them (PgReader). Any number of instances
// may share one database.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/postgres/connection.hpp"
#include "storage/postgres/pg_writer.hpp"
#include "storage/store.hpp"

namespace mercado::storage::postgres {

struct PostgresOptions {
  std::string primary;                // a libpq connection URI
  std::vector<std::string> replicas;  // streaming replicas of it, for reads
  // As SqliteOptions: writes waiting beyond this are refused (503); how many one commit carries.
  // Each write of a group runs in a savepoint, a subtransaction; PostgreSQL keeps the ids of 64
  // of them per transaction in shared memory, and with more every snapshot, on the primary and
  // the replicas, must look subtransactions up on disk (a "suboverflowed" snapshot).
  std::size_t max_queued_writes = 10'000;
  std::size_t max_batch = 64;
};

// Brings the schema up to date; instances starting together take turns (an advisory lock), so
// each migration runs once. Returns the version reached.
int migrate(Connection& db);

class PgStore final : public Store {
 public:
  // Connects, migrates and starts the writer; throws PostgresError if the primary can't be
  // reached or the schema can't be brought up to date.
  explicit PgStore(PostgresOptions options);
  ~PgStore() override;

  std::unique_ptr<StoreReader> open_reader() override;
  bool submit(WriteJob job) override;
  std::unique_ptr<AsyncStoreReader> open_async_reader(boost::asio::io_context& loop) override;

 private:
  // A write and how often it has met a deadlock.
  struct QueuedWrite {
    WriteJob job;
    int attempts = 0;
  };
  void writer_loop();
  void commit(Connection& db, PgWriter& writer, std::deque<QueuedWrite>& batch);

  PostgresOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<QueuedWrite> queue_;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace mercado::storage::postgres
