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

// SQLite's automatic checkpoint (1000 frames, PASSIVE) runs right after the commit, while
// readers still hold their snapshots from before it, so it would rarely finish; the writer
// checkpoints itself instead (SqliteStore::checkpoint), and this hook, which replaces the
// automatic one, only says when one is due.
constexpr int kCheckpointFrames = 1000;
int after_wal_commit(void* signals, sqlite3*, const char*, int wal_frames) {
  if (wal_frames >= kCheckpointFrames) {
    static_cast<WriterSignals*>(signals)->checkpoint_due.store(true, std::memory_order_relaxed);
  }
  return SQLITE_OK;
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
  return std::make_unique<SqliteReader>(options_.path, signals_);
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
  sqlite3_wal_hook(db.handle(), after_wal_commit, &signals_);
  SqliteWriter writer(db);
  std::deque<WriteJob> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      const auto has_work = [&] { return stopping_ || !queue_.empty(); };
      // With a checkpoint due, an idle writer retries it soon: readers let go of their
      // snapshots within moments, and until it is done they cannot keep them.
      if (signals_.checkpoint_due.load(std::memory_order_relaxed)) {
        wake_.wait_for(lock, std::chrono::milliseconds(10), has_work);
      } else {
        wake_.wait(lock, has_work);
      }
      if (stopping_ && queue_.empty()) return;  // every queued write has been committed
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (!batch.empty()) commit(db, writer, batch);
    batch.clear();
    if (signals_.checkpoint_due.load(std::memory_order_relaxed)) checkpoint(db);
  }
}

void SqliteStore::commit(Connection& db, SqliteWriter& writer, std::deque<WriteJob>& batch) {
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
  // Counted even when the commit failed: a failed sync may still have left the writes
  // visible, and a needless new snapshot costs little.
  signals_.commits.fetch_add(1, std::memory_order_release);
  for (auto& job : batch) job.done(durable);
}

void SqliteStore::checkpoint(Connection& db) {
  int wal_frames = 0;
  int copied_frames = 0;
  const int code = sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                             &wal_frames, &copied_frames);
  if (code != SQLITE_OK) {
    support::log_error("checkpoint failed", sqlite3_errstr(code));
  } else if (copied_frames == wal_frames) {
    // Everything is in the database file: the next write starts the WAL over, as long as no
    // reader holds a snapshot from before this point, and snapshots begun from now on don't
    // count (they read the database file alone).
    signals_.checkpoint_due.store(false, std::memory_order_relaxed);
  }
}

}  // namespace mercado::storage::sqlite
