// The Store on an embedded SQLite file: WAL, one read connection per thread, and one writer
// thread that commits queued writes in groups, so many writes share one fsync.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/sqlite_reader.hpp"
#include "storage/sqlite/sqlite_writer.hpp"
#include "storage/store.hpp"

namespace mercado::storage::sqlite {

struct SqliteOptions {
  std::string path;
  // Writes waiting for the writer beyond this are refused (503): memory stays bounded and
  // clients learn to back off instead of timing out.
  std::size_t max_queued_writes = 10'000;
  // How many writes one commit may carry.
  std::size_t max_batch = 512;
};

class SqliteStore final : public Store {
 public:
  // Opens (creating if needed) and migrates the database; throws DatabaseError if it can't.
  explicit SqliteStore(SqliteOptions options);
  ~SqliteStore() override;

  std::unique_ptr<StoreReader> open_reader() override;
  bool submit(WriteJob job) override;

 private:
  void writer_loop();
  // Runs the batch's jobs in one transaction and tells each whether it is durable.
  void commit(Connection& db, SqliteWriter& writer, std::deque<WriteJob>& batch);
  // Copies the WAL into the database file as far as readers allow (see after_wal_commit).
  void checkpoint(Connection& db);

  SqliteOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<WriteJob> queue_;
  bool stopping_ = false;
  WriterSignals signals_;
  std::thread writer_;
};

}  // namespace mercado::storage::sqlite
