#include "storage/sqlite/migrations.hpp"

#include "storage/sqlite/migrations.gen.hpp"

namespace mercado::storage::sqlite {

int migrate(Connection& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  int reached = 0;
  for (const auto& migration : kMigrations) {
    // IMMEDIATE takes the write lock first, so two processes starting together can't both
    // decide a migration is pending.
    db.exec("BEGIN IMMEDIATE");
    try {
      auto applied = db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?1");
      applied.bind(1, std::int64_t{migration.version});
      if (!applied.step()) {
        db.exec(migration.sql);
        db.prepare(
              "INSERT INTO schema_migrations (version, name, applied_at)"
              " VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
            .bind(1, std::int64_t{migration.version})
            .bind(2, migration.name)
            .run();
      }
      db.exec("COMMIT");
    } catch (...) {
      db.exec("ROLLBACK");
      throw;
    }
    reached = migration.version;
  }
  return reached;
}

}  // namespace mercado::storage::sqlite
