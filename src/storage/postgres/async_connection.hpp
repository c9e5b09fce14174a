// A connection whose statements never block the thread that sends them: libpq in non-blocking
// pipeline mode, its socket watched by the caller's event loop. Many reads may be on their way
// on one connection at once; each gets its rows, in the order they were sent.
#pragma once

#include <libpq-fe.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/postgres/connection.hpp"

namespace mercado::storage::postgres {

class AsyncConnection : public std::enable_shared_from_this<AsyncConnection> {
 public:
  // One Rows per statement, or why there are none (the first statement that failed, or the
  // connection's loss: then what was sent may or may not have run).
  using Done = std::function<void(std::vector<Rows> rows, const PostgresError* failure)>;

  // Connects on the first send(). Every statement is cut off after `statement_timeout_ms`.
  static std::shared_ptr<AsyncConnection> create(boost::asio::io_context& loop, std::string uri,
                                                 std::string role,
                                                 std::int64_t statement_timeout_ms);
  ~AsyncConnection();

  // Sends `statements` as one pipeline and calls `done`, later and on the loop's thread, with
  // their rows. A lost connection fails every statement on its way; the next send() opens a
  // new one.
  void send(std::vector<Statement> statements, Done done);

 private:
  AsyncConnection(boost::asio::io_context& loop, std::string uri, std::string role,
                  std::int64_t statement_timeout_ms);

  // What one pipeline waits for: a result per prepared statement and per statement, in order.
  struct Pending {
    std::vector<bool> prepares;  // per expected result: whether it is a preparation's
    std::vector<std::string> prepared_sql;
    std::vector<Rows> rows;
    std::optional<PostgresError> failure;
    Done done;
  };

  void connect();
  void poll_connect(PostgresPollingStatusType status);
  // Queues one pipeline; false if the connection failed (every pending read was failed).
  bool queue(std::vector<Statement> statements, Done done);
  void flush();
  void wait(bool writable);
  void on_readable();
  bool take_results();
  void finish_front();
  void fail_all(const std::string& why);
  void close();
  const std::string* prepared(const std::string& sql, Pending& pending);

  boost::asio::io_context& loop_;
  std::string uri_;
  std::string role_;
  std::int64_t statement_timeout_ms_;
  PGconn* conn_ = nullptr;
  std::optional<boost::asio::posix::stream_descriptor> socket_;
  enum class State { kClosed, kConnecting, kReady } state_ = State::kClosed;
  std::uint64_t generation_ = 0;  // which connection a socket wait was armed for
  bool reading_ = false;          // a wait for input is armed
  bool writing_ = false;          // a wait to write is armed
  // Statements sent while connecting, sent once connected.
  std::vector<std::pair<std::vector<Statement>, Done>> waiting_;
  std::deque<Pending> pending_;
  std::size_t next_result_ = 0;  // in pending_.front()
  bool in_result_ = false;       // pending_.front() got a result not yet ended by a null
  std::unordered_map<std::string, std::string> statements_;  // SQL -> prepared name
  std::uint64_t statements_named_ = 0;
};

}  // namespace mercado::storage::postgres
