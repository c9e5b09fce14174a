// The primary's commit position, read fresh for every request that needs it, with one query
// answering every request that asked while the previous one was on its way.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "storage/postgres/connection.hpp"
#include "storage/store.hpp"

namespace mercado::storage::postgres {

class PositionClock {
 public:
  using Callback = std::function<void(std::optional<CommitPosition>)>;

  explicit PositionClock(std::string primary_uri);
  ~PositionClock();
  PositionClock(const PositionClock&) = delete;
  PositionClock& operator=(const PositionClock&) = delete;

  // Calls `done`, on the clock's own thread, with the primary's position as read by a query
  // that began after this call did (nullopt if the primary can't tell): it counts every write
  // acknowledged, by any instance, before the call, so a read at that position or later shows
  // the caller every such write.
  //
  // Callers that ask while a query is on its way wait for the next, which starts when the
  // current one ends and answers all of them: under load one round trip serves many requests,
  // the primary sees one small query per round trip, and no caller's thread waits.
  void after_now(Callback done);
  // The same, waiting for the answer (for threads that may wait).
  std::optional<CommitPosition> now();

 private:
  void run();
  std::optional<CommitPosition> fetch();

  std::string uri_;
  std::unique_ptr<Connection> db_;  // the clock thread's own
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Callback> waiting_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace mercado::storage::postgres
