#include "storage/postgres/async_connection.hpp"

#include <boost/asio/post.hpp>

namespace mercado::storage::postgres {
namespace {

PostgresError error_of(const PGresult* result) {
  return PostgresError(sqlstate_of(result), false,
                       "running a pipeline: " + first_line(PQresultErrorMessage(result)));
}

}  // namespace

std::shared_ptr<AsyncConnection> AsyncConnection::create(boost::asio::io_context& loop,
                                                         std::string uri, std::string role,
                                                         std::int64_t statement_timeout_ms) {
  return std::shared_ptr<AsyncConnection>(
      new AsyncConnection(loop, std::move(uri), std::move(role), statement_timeout_ms));
}

AsyncConnection::AsyncConnection(boost::asio::io_context& loop, std::string uri, std::string role,
                                 std::int64_t statement_timeout_ms)
    : loop_(loop),
      uri_(std::move(uri)),
      role_(std::move(role)),
      statement_timeout_ms_(statement_timeout_ms) {}

AsyncConnection::~AsyncConnection() { close(); }

void AsyncConnection::close() {
  // The socket belongs to libpq: the descriptor object lets go of it before PQfinish closes it.
  if (socket_) {
    boost::system::error_code ignored;
    socket_->cancel(ignored);
    socket_->release();
    socket_.reset();
  }
  if (conn_) PQfinish(conn_);
  conn_ = nullptr;
  state_ = State::kClosed;
  // Waits still armed were cancelled; their handlers, when they run, belong to this connection.
  ++generation_;
  reading_ = writing_ = false;
  statements_.clear();
  next_result_ = 0;
  in_result_ = false;
}

void AsyncConnection::send(std::vector<Statement> statements, Done done) {
  if (state_ == State::kReady) {
    if (queue(std::move(statements), std::move(done))) flush();
    return;
  }
  waiting_.emplace_back(std::move(statements), std::move(done));
  if (state_ == State::kClosed) connect();
}

void AsyncConnection::connect() {
  const ConnectionSettings settings(uri_, role_);
  conn_ = PQconnectStartParams(settings.keywords(), settings.values(), 1);
  if (!conn_ || PQstatus(conn_) == CONNECTION_BAD) {
    fail_all("could not connect to PostgreSQL: " +
             first_line(conn_ ? PQerrorMessage(conn_) : "out of memory"));
    return;
  }
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  state_ = State::kConnecting;
  poll_connect(PGRES_POLLING_WRITING);
}

void AsyncConnection::poll_connect(PostgresPollingStatusType status) {
  if (status == PGRES_POLLING_OK) {
    state_ = State::kReady;
    if (PQsetnonblocking(conn_, 1) != 0 || PQenterPipelineMode(conn_) == 0) {
      fail_all("could not enter pipeline mode: " + first_line(PQerrorMessage(conn_)));
      return;
    }
    // The session's settings go first, in the pipeline of the first statements: the time
    // limit, and plans made once per statement. A read's statements are the same few shapes
    // with new values each time; planning each execution anew (PostgreSQL's choice for
    // statements with LIMIT $n) took half of a replica's time.
    bool sent = queue({{"SELECT set_config('statement_timeout', $1, false), "
                        "set_config('plan_cache_mode', 'force_generic_plan', false)",
                        Params().add(std::to_string(statement_timeout_ms_))}},
                      [](std::vector<Rows>, const PostgresError*) {});
    // A failed queue() fails whatever is still waiting too.
    while (sent && !waiting_.empty()) {
      auto [statements, done] = std::move(waiting_.front());
      waiting_.erase(waiting_.begin());
      sent = queue(std::move(statements), std::move(done));
    }
    if (sent) flush();
    return;
  }
  if (status == PGRES_POLLING_FAILED) {
    fail_all("could not connect to PostgreSQL: " + first_line(PQerrorMessage(conn_)));
    return;
  }
  // The socket may change while libpq tries the addresses a host name has.
  const int fd = PQsocket(conn_);
  if (!socket_ || socket_->native_handle() != fd) {
    if (socket_) socket_->release();
    socket_.emplace(loop_, fd);
  }
  const auto kind = status == PGRES_POLLING_READING
                        ? boost::asio::posix::descriptor_base::wait_read
                        : boost::asio::posix::descriptor_base::wait_write;
  socket_->async_wait(kind, [self = shared_from_this(),
                             generation = generation_](const boost::system::error_code& error) {
    if (error || self->generation_ != generation || self->state_ != State::kConnecting) return;
    self->poll_connect(PQconnectPoll(self->conn_));
  });
}

// The prepared statement for `sql`, its preparation queued first when it is new; null once
// kMaxPreparedStatements are kept (then it is sent unnamed, parsed each time).
const std::string* AsyncConnection::prepared(const std::string& sql, Pending& pending) {
  auto found = statements_.find(sql);
  if (found != statements_.end()) return &found->second;
  if (statements_.size() >= kMaxPreparedStatements) return nullptr;
  std::string name = std::to_string(++statements_named_);
  name.insert(name.begin(), 'a');
  if (PQsendPrepare(conn_, name.c_str(), sql.c_str(), 0, nullptr) == 0) return nullptr;
  pending.prepares.push_back(true);
  pending.prepared_sql.push_back(sql);
  return &statements_.emplace(sql, std::move(name)).first->second;
}

bool AsyncConnection::queue(std::vector<Statement> statements, Done done) {
  Pending pending;
  pending.done = std::move(done);
  bool sent = true;
  for (const auto& statement : statements) {
    const std::string* name = prepared(statement.sql, pending);
    const auto values = statement.params.pointers();
    const auto lengths = statement.params.lengths();
    const auto formats = statement.params.formats();
    const int queued =
        name ? PQsendQueryPrepared(conn_, name->c_str(), statement.params.size(), values.data(),
                                   lengths.data(), formats.data(), 0)
             : PQsendQueryParams(conn_, statement.sql.c_str(), statement.params.size(), nullptr,
                                 values.data(), lengths.data(), formats.data(), 0);
    sent = sent && queued != 0;
    pending.prepares.push_back(false);
  }
  sent = sent && PQpipelineSync(conn_) != 0;
  pending_.push_back(std::move(pending));
  if (!sent) fail_all("lost the connection to PostgreSQL: " + first_line(PQerrorMessage(conn_)));
  return sent;
}

void AsyncConnection::flush() {
  const int result = PQflush(conn_);
  if (result < 0) {
    fail_all("lost the connection to PostgreSQL: " + first_line(PQerrorMessage(conn_)));
    return;
  }
  if (result == 1) wait(true);
  if (!pending_.empty()) wait(false);
}

void AsyncConnection::wait(bool writable) {
  bool& armed = writable ? writing_ : reading_;
  if (armed) return;
  if (!socket_ || socket_->native_handle() != PQsocket(conn_)) {
    if (socket_) socket_->release();
    socket_.emplace(loop_, PQsocket(conn_));
  }
  armed = true;
  const auto kind = writable ? boost::asio::posix::descriptor_base::wait_write
                             : boost::asio::posix::descriptor_base::wait_read;
  socket_->async_wait(kind, [self = shared_from_this(), writable,
                             generation = generation_](const boost::system::error_code& error) {
    if (self->generation_ != generation) return;  // a closed connection's wait
    (writable ? self->writing_ : self->reading_) = false;
    if (error || self->state_ != State::kReady) return;
    if (writable) {
      self->flush();
    } else {
      self->on_readable();
    }
  });
}

void AsyncConnection::on_readable() {
  if (PQconsumeInput(conn_) == 0) {
    fail_all("lost the connection to PostgreSQL: " + first_line(PQerrorMessage(conn_)));
    return;
  }
  if (!take_results()) return;
  // Reading may have made room for the rest of what is still to be sent.
  flush();
}

// Takes every result that has arrived; false when the connection failed meanwhile.
bool AsyncConnection::take_results() {
  while (!pending_.empty() && PQisBusy(conn_) == 0) {
    PGresult* raw = PQgetResult(conn_);
    Pending& front = pending_.front();
    if (!raw) {
      if (PQstatus(conn_) == CONNECTION_BAD) {
        fail_all("lost the connection to PostgreSQL: " + first_line(PQerrorMessage(conn_)));
        return false;
      }
      // The end of one statement's results; a null with none before it means libpq has
      // nothing more for now (it would return null again and again).
      if (!in_result_) break;
      ++next_result_;
      in_result_ = false;
      continue;
    }
    Rows rows(raw);
    const auto status = PQresultStatus(raw);
    if (status == PGRES_PIPELINE_SYNC) {
      finish_front();
      continue;
    }
    in_result_ = true;
    const bool ok = status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
    if (!ok && !front.failure && status != PGRES_PIPELINE_ABORTED) front.failure = error_of(raw);
    const bool prepare = next_result_ < front.prepares.size() && front.prepares[next_result_];
    if (prepare && !ok) {
      // Not prepared on the server after all: prepare it again next time.
      std::size_t index = 0;
      for (std::size_t i = 0; i < next_result_; ++i) index += front.prepares[i] ? 1 : 0;
      statements_.erase(front.prepared_sql[index]);
    } else if (!prepare && ok) {
      front.rows.push_back(std::move(rows));
    }
  }
  return true;
}

void AsyncConnection::finish_front() {
  Pending done = std::move(pending_.front());
  pending_.pop_front();
  next_result_ = 0;
  in_result_ = false;
  // Called from the loop, not from here: the callback may send again on this connection.
  boost::asio::post(loop_, [done = std::move(done)]() mutable {
    done.done(std::move(done.rows), done.failure ? &*done.failure : nullptr);
  });
}

void AsyncConnection::fail_all(const std::string& why) {
  const PostgresError failure("", true, why);
  std::vector<Done> failed;
  for (auto& pending : pending_) failed.push_back(std::move(pending.done));
  for (auto& [statements, done] : waiting_) failed.push_back(std::move(done));
  pending_.clear();
  waiting_.clear();
  close();
  for (auto& done : failed) {
    boost::asio::post(loop_, [done = std::move(done), failure] { done({}, &failure); });
  }
}

}  // namespace mercado::storage::postgres
