#include "storage/postgres/connection.hpp"

#include <charconv>
#include <utility>

namespace mercado::storage::postgres {

std::string sqlstate_of(const PGresult* result) {
  const char* code = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  return code ? code : "";
}

ConnectionSettings::ConnectionSettings(const std::string& uri, const std::string& role)
    : values_{"5", role.c_str(), "1", "5", "2", "3", "10000", uri.c_str(), nullptr} {}

std::string first_line(const char* message) {
  std::string_view text = message ? message : "";
  return std::string(text.substr(0, text.find('\n')));
}

Params& Params::add(std::string_view text) {
  values_.push_back({std::string(text), false, false});
  return *this;
}

Params& Params::add_null() {
  values_.push_back({{}, true, false});
  return *this;
}

Params& Params::add_bytes(std::string_view bytes) {
  values_.push_back({std::string(bytes), false, true});
  return *this;
}

std::vector<const char*> Params::pointers() const {
  std::vector<const char*> pointers;
  for (const auto& value : values_) pointers.push_back(value.null ? nullptr : value.bytes.data());
  return pointers;
}

std::vector<int> Params::lengths() const {
  std::vector<int> lengths;
  for (const auto& value : values_) lengths.push_back(static_cast<int>(value.bytes.size()));
  return lengths;
}

std::vector<int> Params::formats() const {
  std::vector<int> formats;
  for (const auto& value : values_) formats.push_back(value.binary ? 1 : 0);
  return formats;
}

std::int64_t Rows::number(int row, int column) const {
  const auto text = view(row, column);
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::string Rows::bytes(int row, int column) const {
  std::size_t length = 0;
  unsigned char* raw = PQunescapeBytea(
      reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row, column + first_)),
      &length);
  if (!raw) throw PostgresError("", false, "out of memory unescaping a bytea value");
  std::string bytes(reinterpret_cast<const char*>(raw), length);
  PQfreemem(raw);
  return bytes;
}

std::int64_t Rows::affected() const {
  const char* count = PQcmdTuples(result_.get());
  std::int64_t value = 0;
  std::from_chars(count, count + std::char_traits<char>::length(count), value);
  return value;
}

Connection::Connection(std::string uri, std::string_view role) : uri_(std::move(uri)), role_(role) {
  connect();
}

void Connection::connect() {
  const ConnectionSettings settings(uri_, role_);
  conn_.reset(PQconnectdbParams(settings.keywords(), settings.values(), 1));
  statements_.clear();
  deferred_.clear();
  broken_ = false;
  if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) {
    throw PostgresError("", true,
                        "could not connect to PostgreSQL: " +
                            first_line(conn_ ? PQerrorMessage(conn_.get()) : "out of memory"));
  }
  // Notices ("already exists, skipping") would go to stderr unstructured; none needs acting on.
  PQsetNoticeProcessor(
      conn_.get(), [](void*, const char*) {}, nullptr);
}

void Connection::reconnect() { connect(); }

void Connection::fail(const PGresult* result, std::string_view doing) {
  const bool lost = PQstatus(conn_.get()) != CONNECTION_OK;
  const char* message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn_.get());
  last_failure_ = sqlstate_of(result);
  throw PostgresError(last_failure_, lost, std::string(doing) + ": " + first_line(message));
}

// The prepared statement for `sql`, prepared (or its preparation queued, in a pipeline) when it
// is new; null once kMaxPreparedStatements are kept: then it is sent unnamed, parsed each time.
const std::string* Connection::prepared(std::string_view sql, bool in_pipeline) {
  auto found = statements_.find(std::string(sql));
  if (found != statements_.end()) return &found->second;
  if (statements_.size() >= kMaxPreparedStatements) return nullptr;
  std::string name = std::to_string(++statements_named_);
  name.insert(name.begin(), 's');
  if (in_pipeline) {
    if (PQsendPrepare(conn_.get(), name.c_str(), std::string(sql).c_str(), 0, nullptr) == 0) {
      fail(nullptr, "queueing a statement");
    }
  } else {
    Rows result(PQprepare(conn_.get(), name.c_str(), std::string(sql).c_str(), 0, nullptr));
    if (PQresultStatus(result.result()) != PGRES_COMMAND_OK) fail(result.result(), "preparing");
  }
  return &statements_.emplace(std::string(sql), std::move(name)).first->second;
}

Rows Connection::run(std::string_view sql, const Params& params) {
  if (!deferred_.empty()) return std::move(pipeline({{sql, params}}).back());
  const std::string* name = prepared(sql, false);
  const auto values = params.pointers();
  const auto lengths = params.lengths();
  const auto formats = params.formats();
  Rows rows(name ? PQexecPrepared(conn_.get(), name->c_str(), params.size(), values.data(),
                                  lengths.data(), formats.data(), 0)
                 : PQexecParams(conn_.get(), std::string(sql).c_str(), params.size(), nullptr,
                                values.data(), lengths.data(), formats.data(), 0));
  const auto status = PQresultStatus(rows.result());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) fail(rows.result(), "running");
  return rows;
}

void Connection::exec(std::string_view sql) {
  std::string text;
  for (const auto& deferred : deferred_) text += deferred + "; ";
  deferred_.clear();
  text += sql;
  Rows result(PQexec(conn_.get(), text.c_str()));
  const auto status = PQresultStatus(result.result());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) fail(result.result(), "executing");
}

std::vector<Rows> Connection::pipeline(const std::vector<Statement>& statements) {
  if (deferred_.empty()) return send_pipeline(statements);
  // Taken first: sent or failed, they are not sent again.
  std::vector<Statement> all;
  for (const auto& sql : std::exchange(deferred_, {})) all.push_back({sql});
  const std::size_t skipped = all.size();
  all.insert(all.end(), statements.begin(), statements.end());
  auto rows = send_pipeline(all);
  rows.erase(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(skipped));
  return rows;
}

std::vector<Rows> Connection::send_pipeline(const std::vector<Statement>& statements) {
  if (PQenterPipelineMode(conn_.get()) == 0) fail(nullptr, "entering pipeline mode");
  broken_ = true;
  // The order results come back in: a statement new to this connection is prepared first.
  std::vector<std::string> preparing;
  std::vector<bool> is_prepare;
  for (const auto& statement : statements) {
    const bool known = statements_.contains(statement.sql);
    const std::string* name = prepared(statement.sql, true);
    if (!known && name) {
      preparing.push_back(statement.sql);
      is_prepare.push_back(true);
    }
    const auto values = statement.params.pointers();
    const auto lengths = statement.params.lengths();
    const auto formats = statement.params.formats();
    const int queued =
        name ? PQsendQueryPrepared(conn_.get(), name->c_str(), statement.params.size(),
                                   values.data(), lengths.data(), formats.data(), 0)
             : PQsendQueryParams(conn_.get(), statement.sql.c_str(), statement.params.size(),
                                 nullptr, values.data(), lengths.data(), formats.data(), 0);
    if (queued == 0) fail(nullptr, "queueing a statement");
    is_prepare.push_back(false);
  }
  if (PQpipelineSync(conn_.get()) == 0) fail(nullptr, "sending a pipeline");

  std::vector<Rows> results;
  std::optional<Rows> failure;
  std::size_t prepares_seen = 0;
  for (const bool prepare : is_prepare) {
    PGresult* raw = PQgetResult(conn_.get());
    if (!raw) fail(nullptr, "reading a pipeline");
    Rows rows(raw);
    const auto status = PQresultStatus(raw);
    const bool ok = status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
    if (!ok && !failure && status != PGRES_PIPELINE_ABORTED) failure.emplace(std::move(rows));
    if (prepare) {
      // A statement whose preparation failed or never ran is not prepared on the server.
      if (!ok) statements_.erase(preparing[prepares_seen]);
      ++prepares_seen;
    } else if (ok) {
      results.push_back(std::move(rows));
    }
    while (PGresult* rest = PQgetResult(conn_.get())) PQclear(rest);  // the null that ends it
  }
  Rows sync(PQgetResult(conn_.get()));
  if (PQresultStatus(sync.result()) != PGRES_PIPELINE_SYNC)
    fail(sync.result(), "ending a pipeline");
  PQexitPipelineMode(conn_.get());
  broken_ = false;
  if (failure) fail(failure->result(), "running a pipeline");
  return results;
}

}  // namespace mercado::storage::postgres
