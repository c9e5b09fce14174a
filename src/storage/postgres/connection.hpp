// A thin RAII layer over libpq: a connection, results, and statements that are always prepared
// and always take their values as parameters, never spliced into SQL text.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/store.hpp"

namespace mercado::storage::postgres {

// A fault of the database or of the way to it. `sqlstate` is PostgreSQL's error code (empty when
// the server never answered); `connection_lost` says the connection is gone, so what was sent
// may or may not have run.
class PostgresError : public StoreFault {
 public:
  PostgresError(std::string sqlstate, bool connection_lost, const std::string& what)
      : StoreFault(what), sqlstate_(std::move(sqlstate)), connection_lost_(connection_lost) {}
  const std::string& sqlstate() const { return sqlstate_; }
  bool connection_lost() const { return connection_lost_; }
  bool is(std::string_view sqlstate) const { return sqlstate_ == sqlstate; }

 private:
  std::string sqlstate_;
  bool connection_lost_;
};

// SQLSTATEs the store acts on.
inline constexpr std::string_view kUniqueViolation = "23505";
inline constexpr std::string_view kForeignKeyViolation = "23503";
inline constexpr std::string_view kQueryCanceled = "57014";  // statement_timeout
// Two transactions each waited for the other (deadlock_detected), or SERIALIZABLE found a
// conflict: the same statement may succeed once the other transaction has ended.
inline bool is_transient(std::string_view sqlstate) {
  return sqlstate == "40P01" || sqlstate == "40001";
}

// The SQLSTATE of a failed statement's result ("" without one).
std::string sqlstate_of(const PGresult* result);
// The first line of libpq's message: the rest repeats the statement, which may hold values.
std::string first_line(const char* message);

// libpq's connection keywords and values for a URI: defaults first (a connect timeout;
// keepalives and a user timeout that notice a server gone without closing its connections;
// the application name pg_stat_activity shows), then the URI, whose own settings win
// (expand_dbname applies it last). Points into `uri` and `role`, which must outlive it.
class ConnectionSettings {
 public:
  ConnectionSettings(const std::string& uri, const std::string& role);
  const char* const* keywords() const { return kKeywords; }
  const char* const* values() const { return values_; }

 private:
  static constexpr const char* kKeywords[] = {"connect_timeout",
                                              "application_name",
                                              "keepalives",
                                              "keepalives_idle",
                                              "keepalives_interval",
                                              "keepalives_count",
                                              "tcp_user_timeout",
                                              "dbname",
                                              nullptr};
  const char* values_[9];
};

// Statements kept prepared per connection: lists have a statement per filter combination and
// order a client picks, and each prepared one costs the server memory.
inline constexpr std::size_t kMaxPreparedStatements = 512;

// Values for a statement's $1, $2...: text, or bytes sent as binary (bytea).
class Params {
 public:
  Params& add(std::string_view text);
  Params& add(std::int64_t number) { return add(std::string_view(std::to_string(number))); }
  Params& add(bool flag) { return add(std::string_view(flag ? "t" : "f")); }
  Params& add(const char* text) { return add(std::string_view(text)); }
  Params& add(const std::string& text) { return add(std::string_view(text)); }
  Params& add_null();
  Params& add_bytes(std::string_view bytes);
  template <class T>
  Params& add(const std::optional<T>& value) {
    return value ? add(*value) : add_null();
  }

  int size() const { return static_cast<int>(values_.size()); }
  std::vector<const char*> pointers() const;
  std::vector<int> lengths() const;
  std::vector<int> formats() const;

 private:
  struct Value {
    std::string bytes;
    bool null = false;
    bool binary = false;
  };
  std::vector<Value> values_;
};

// One statement's rows, in text format.
class Rows {
 public:
  explicit Rows(PGresult* result) : result_(result) {}
  int size() const { return rows_ >= 0 ? rows_ : PQntuples(result_.get()); }
  bool empty() const { return size() == 0; }
  bool is_null(int row, int column) const {
    return PQgetisnull(result_.get(), row, column + first_) != 0;
  }
  std::string_view view(int row, int column) const {
    return {PQgetvalue(result_.get(), row, column + first_),
            static_cast<std::size_t>(PQgetlength(result_.get(), row, column + first_))};
  }
  std::string text(int row, int column) const { return std::string(view(row, column)); }
  std::int64_t number(int row, int column) const;
  bool flag(int row, int column) const { return view(row, column) == "t"; }
  // A bytea column, unescaped.
  std::string bytes(int row, int column) const;
  // Rows an INSERT, UPDATE or DELETE touched.
  std::int64_t affected() const;
  const PGresult* result() const { return result_.get(); }

  // The rows of a lookup that was wrapped to carry one value in front of them, always in one
  // row ("SELECT v, x.* FROM ... LEFT JOIN LATERAL (lookup) x ON true"): that value, then the
  // lookup's own rows, none when its first column is null.
  std::int64_t unwrap_lookup() {
    const std::int64_t carried = number(0, 0);
    first_ = 1;
    rows_ = is_null(0, 0) ? 0 : 1;
    return carried;
  }

 private:
  struct Clear {
    void operator()(PGresult* result) const { PQclear(result); }
  };
  std::unique_ptr<PGresult, Clear> result_;
  int first_ = 0;  // the column the caller's column 0 is
  int rows_ = -1;  // the caller's row count, when not the result's
};

// One statement of a pipeline; it keeps its text, so it may wait in a queue.
struct Statement {
  Statement(std::string_view text, Params values = {})  // NOLINT(google-explicit-constructor)
      : sql(text), params(std::move(values)) {}
  std::string sql;
  Params params;
};

class Connection {
 public:
  // Connects to any libpq connection URI; throws PostgresError if it can't. `role` names the
  // connection in pg_stat_activity ("mercado reader"...).
  Connection(std::string uri, std::string_view role);

  // Runs one statement, prepared on first use.
  Rows run(std::string_view sql, const Params& params = {});
  // Runs `sql` as a simple query (several statements, no parameters): schema changes.
  void exec(std::string_view sql);
  // Sends every statement at once and reads their results in one round trip; throws for the
  // first that failed (the ones after it did not run).
  std::vector<Rows> pipeline(const std::vector<Statement>& statements);
  // Sends `sql` (no parameters, no rows: SAVEPOINT job) ahead of the next statement, in its
  // round trip rather than one of its own; a failure is that statement's.
  void defer(std::string_view sql) { deferred_.emplace_back(sql); }

  // Whether the connection is open; a lost one is reopened by reconnect().
  bool open() const { return !broken_ && PQstatus(conn_.get()) == CONNECTION_OK; }
  void reconnect();
  // The SQLSTATE of the last statement that failed on this connection, until forget_failure().
  const std::string& last_failure() const { return last_failure_; }
  void forget_failure() { last_failure_.clear(); }
  bool in_transaction() const { return PQtransactionStatus(conn_.get()) != PQTRANS_IDLE; }

 private:
  void connect();
  // pipeline() without what was deferred.
  std::vector<Rows> send_pipeline(const std::vector<Statement>& statements);
  // The name of the prepared statement for `sql`, preparing it (or queueing its preparation in
  // a pipeline) when it is new to this connection.
  const std::string* prepared(std::string_view sql, bool in_pipeline);
  [[noreturn]] void fail(const PGresult* result, std::string_view doing);

  struct Finish {
    void operator()(PGconn* conn) const { PQfinish(conn); }
  };
  std::string uri_;
  std::string role_;
  std::unique_ptr<PGconn, Finish> conn_;
  std::unordered_map<std::string, std::string> statements_;  // SQL -> prepared statement name
  std::uint64_t statements_named_ = 0;
  std::vector<std::string> deferred_;
  std::string last_failure_;
  // A pipeline that failed half-way leaves the protocol state unknown: reconnect before reuse.
  bool broken_ = false;
};

}  // namespace mercado::storage::postgres
