// The primary's commit position, read fresh for every request that needs it, with one query
// answering every request that arrived while it was on its way.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <string>

#include "storage/postgres/connection.hpp"
#include "storage/store.hpp"

namespace mercado::storage::postgres {

class PositionClock {
 public:
  explicit PositionClock(std::string primary_uri) : uri_(std::move(primary_uri)) {}

  // The primary's position as read by a query that began after this call did, so it counts
  // every write acknowledged, by any instance, before the call: a read at this position or
  // later shows the caller every such write. Throws PostgresError when the primary can't tell.
  //
  // Callers that arrive while a query is on its way wait for the next one, which starts when
  // the current one ends and answers all of them: under load one round trip serves many
  // requests, and the primary sees one small query per round trip, not one per request.
  CommitPosition now();

 private:
  CommitPosition fetch();

  std::string uri_;
  std::unique_ptr<Connection> db_;  // used by one fetch at a time
  std::mutex mutex_;
  std::condition_variable finished_fetch_;
  std::uint64_t started_ = 0;   // fetches begun
  std::uint64_t finished_ = 0;  // the number of the last fetch to end
  bool fetching_ = false;
  CommitPosition latest_ = 0;
  std::exception_ptr failure_;  // the last fetch's, if it failed
};

}  // namespace mercado::storage::postgres
