#include "storage/postgres/pg_store.hpp"

#include <algorithm>

#include "storage/postgres/migrations.gen.hpp"
#include "storage/postgres/pg_async_reader.hpp"
#include "storage/postgres/pg_reader.hpp"
#include "support/log.hpp"

namespace mercado::storage::postgres {
namespace {

// How often a write that met a deadlock runs before it is answered 503.
constexpr int kMaxAttempts = 3;

// Any number chosen once: every instance of every deployment locks the same one.
constexpr std::int64_t kMigrationLock = 0x6d65726361646f;  // "mercado"

// The writer's session. A 2xx means the commit is on the primary's disk: the server's
// synchronous_commit is kept unless it would acknowledge a commit before that (off);
// remote_apply and friends are stronger and stay. Plans are made once per statement, as for
// readers (AsyncConnection).
void prepare_writer_session(Connection& db) {
  if (db.run("SELECT current_setting('synchronous_commit')").view(0, 0) == "off") {
    db.exec("SET synchronous_commit = on");
  }
  db.exec("SET plan_cache_mode = force_generic_plan");
}

}  // namespace

int migrate(Connection& db) {
  db.run("SELECT pg_advisory_lock($1)", Params().add(kMigrationLock));
  int reached = 0;
  try {
    db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    for (const auto& migration : kMigrations) {
      const bool applied = !db.run("SELECT 1 FROM schema_migrations WHERE version = $1",
                                   Params().add(std::int64_t{migration.version}))
                                .empty();
      if (!applied) {
        db.exec("BEGIN");
        try {
          db.exec(migration.sql);
          db.run("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                 Params().add(std::int64_t{migration.version}).add(migration.name));
          db.exec("COMMIT");
        } catch (...) {
          if (db.open()) db.exec("ROLLBACK");
          throw;
        }
      }
      reached = migration.version;
    }
  } catch (...) {
    if (db.open()) db.run("SELECT pg_advisory_unlock($1)", Params().add(kMigrationLock));
    throw;
  }
  db.run("SELECT pg_advisory_unlock($1)", Params().add(kMigrationLock));
  return reached;
}

PgStore::PgStore(PostgresOptions options) : options_(std::move(options)) {
  {
    Connection db(options_.primary, "mercado migrate");
    migrate(db);
  }
  writer_ = std::thread([this] { writer_loop(); });
}

PgStore::~PgStore() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  writer_.join();
}

std::unique_ptr<StoreReader> PgStore::open_reader() {
  return std::make_unique<PgReader>(options_.primary, options_.replicas);
}

std::unique_ptr<AsyncStoreReader> PgStore::open_async_reader(boost::asio::io_context& loop) {
  return std::make_unique<PgAsyncReader>(loop, options_.primary, options_.replicas);
}

bool PgStore::submit(WriteJob job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= options_.max_queued_writes) return false;
    queue_.push_back({std::move(job), 0});
  }
  wake_.notify_one();
  return true;
}

void PgStore::writer_loop() {
  std::unique_ptr<Connection> db;
  std::deque<QueuedWrite> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_ && queue_.empty()) return;  // every queued write has been committed
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    try {
      if (!db) {
        db = std::make_unique<Connection>(options_.primary, "mercado writer");
        prepare_writer_session(*db);
      } else if (!db->open()) {
        db->reconnect();
        prepare_writer_session(*db);
      }
      PgWriter writer(*db);
      commit(*db, writer, batch);
    } catch (const PostgresError& error) {
      // No connection: nothing of the batch ran.
      support::log_error("write batch failed", error.what());
      for (auto& write : batch) write.job.done(false);
    }
    batch.clear();
  }
}

void PgStore::commit(Connection& db, PgWriter& writer, std::deque<QueuedWrite>& batch) {
  // Everything that queued up while the previous commit was on its way goes into this one, each
  // job in a savepoint of its own, so one job's failure undoes only its own work. The savepoint
  // commands travel with the next job's first statement: no round trip of their own.
  //
  // Another instance's batch may hold what a job waits for while waiting for what this batch
  // holds; PostgreSQL ends one of the waits (a deadlock). Only the job that met it is undone,
  // and it runs again in the next batch, once this one has let go of its locks.
  std::vector<bool> again(batch.size(), false);
  bool durable = false;
  try {
    db.defer("BEGIN");
    db.defer("SAVEPOINT job");
    for (std::size_t i = 0; i < batch.size(); ++i) {
      bool kept = false;
      db.forget_failure();
      try {
        kept = batch[i].job.run(writer);
      } catch (const std::exception& error) {
        support::log_error("write job failed", error.what());
      }
      again[i] = !kept && is_transient(db.last_failure()) && batch[i].attempts < kMaxAttempts;
      if (!kept) db.defer("ROLLBACK TO job");
      db.defer("RELEASE job");
      if (i + 1 < batch.size()) db.defer("SAVEPOINT job");
    }
    // With the connection lost during the COMMIT the outcome is unknown: the jobs answer 503,
    // and only an Idempotency-Key makes their retry safe (docs/API.md).
    db.exec("COMMIT");
    durable = true;
  } catch (const PostgresError& error) {
    support::log_error("write batch failed", error.what());
    std::fill(again.begin(), again.end(), false);
    try {
      if (db.open()) db.exec("ROLLBACK");
    } catch (const PostgresError&) {
      // The connection went with the transaction: nothing more to undo.
    }
  }
  std::vector<QueuedWrite> retries;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (again[i]) {
      ++batch[i].attempts;
      retries.push_back(std::move(batch[i]));
    } else {
      batch[i].job.done(durable);
    }
  }
  if (!retries.empty()) {
    std::lock_guard lock(mutex_);
    for (auto job = retries.rbegin(); job != retries.rend(); ++job) {
      queue_.push_front(std::move(*job));
    }
  }
}

}  // namespace mercado::storage::postgres
