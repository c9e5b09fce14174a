#include "storage/sqlite/sqlite_store.hpp"

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/sqlite_reader.hpp"
#include "storage/sqlite/sqlite_writer.hpp"
#include "support/log.hpp"

namespace mercado::storage::sqlite {
namespace {

// WAL lets readers run beside the writer. synchronous=FULL fsyncs the WAL at every commit:
// a write is acknowledged only once it would survive a power cut, not just a killed process.
// Group commit (below) is what keeps that affordable.
void configure_writer(Connection& db) {
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA foreign_keys = ON");
}

}  // namespace

SqliteStore::SqliteStore(SqliteOptions options) : options_(std::move(options)) {
  {
    Connection db(options_.path, Connection::Mode::kReadWrite);
    configure_writer(db);
    migrate(db);
  }
  writer_ = std::thread([this] { writer_loop(); });
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  writer_.join();
}

std::unique_ptr<StoreReader> SqliteStore::open_reader() {
  return std::make_unique<SqliteReader>(options_.path);
}

bool SqliteStore::submit(WriteJob job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= options_.max_queued_writes) return false;
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

void SqliteStore::writer_loop() {
  Connection db(options_.path, Connection::Mode::kReadWrite);
  configure_writer(db);
  SqliteWriter writer(db);
  std::deque<WriteJob> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every queued write has been committed
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    // Everything that queued up while the previous commit was syncing goes into this one.
    std::vector<bool> kept(batch.size(), false);
    bool durable = false;
    try {
      db.exec("BEGIN IMMEDIATE");
      for (std::size_t i = 0; i < batch.size(); ++i) {
        // A savepoint per job: one job's failure (validation, a fault) undoes only its own work.
        db.exec("SAVEPOINT job");
        try {
          kept[i] = batch[i].run(writer);
        } catch (const std::exception& error) {
          support::log_error("write job failed", error.what());
        }
        writer.finish_job();
        db.exec(kept[i] ? "RELEASE job" : "ROLLBACK TO job; RELEASE job");
      }
      db.exec("COMMIT");
      durable = true;
    } catch (const DatabaseError& error) {
      support::log_error("write batch failed", error.what());
      writer.finish_job();
      try {
        db.exec("ROLLBACK");
      } catch (const DatabaseError&) {
        // Nothing more to undo: SQLite rolled back by itself.
      }
    }
    for (auto& job : batch) job.done(durable);
    batch.clear();
  }
}

}  // namespace mercado::storage::sqlite
