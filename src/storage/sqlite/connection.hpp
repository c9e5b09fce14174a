// A thin RAII layer over SQLite's C API: a connection, and prepared statements that bind by
// position. Parameters are always bound, never spliced into SQL text.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "storage/store.hpp"

namespace mercado::storage::sqlite {

// Thrown for faults that are not the client's doing (I/O errors, a corrupt file, a full disk);
// readers turn it into ErrorCode::kUnavailable, and write jobs see it as a StoreFault.
class DatabaseError : public StoreFault {
 public:
  DatabaseError(int code, const std::string& what) : StoreFault(what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;

  // Binding: index is 1-based as in SQLite; nullopt binds NULL.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, std::nullptr_t);
  // Bytes rather than text: no UTF-8 expected, none assumed.
  Statement& bind_blob(int index, std::string_view bytes);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, nullptr);
  }

  // Advances; true while there is a row.
  bool step();
  // Runs a statement that returns no rows.
  void run() {
    while (step()) {
    }
  }
  // Closes the cursor so the statement can run again; bindings stay until rebound.
  void reset();

  bool column_is_null(int index) const;
  std::int64_t column_int(int index) const;
  std::string column_text(int index) const;
  std::string_view column_view(int index) const;
  std::string_view column_blob(int index) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
  };
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> statement_;
};

class Connection {
 public:
  enum class Mode { kReadWrite, kReadOnly };
  Connection(const std::string& path, Mode mode);

  sqlite3* handle() const { return db_.get(); }
  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) const { return Statement(db_.get(), sql); }
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_.get()); }
  int changes() const { return sqlite3_changes(db_.get()); }

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  std::unique_ptr<sqlite3, Closer> db_;
};

}  // namespace mercado::storage::sqlite
