#include "storage/postgres/position_clock.hpp"

#include "storage/postgres/queries.hpp"

namespace mercado::storage::postgres {

CommitPosition PositionClock::now() {
  std::unique_lock lock(mutex_);
  // A fetch already on its way may have read the position before this call began: only the
  // next one to start is sure to count what this caller wrote.
  const std::uint64_t needed = started_ + 1;
  while (finished_ < needed) {
    if (fetching_) {
      finished_fetch_.wait(lock);
      continue;
    }
    fetching_ = true;
    const std::uint64_t ticket = ++started_;
    lock.unlock();
    std::exception_ptr failure;
    CommitPosition position = 0;
    try {
      position = fetch();
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    fetching_ = false;
    finished_ = ticket;
    failure_ = failure;
    if (!failure) latest_ = position;
    finished_fetch_.notify_all();
  }
  if (failure_) std::rethrow_exception(failure_);
  return latest_;
}

CommitPosition PositionClock::fetch() {
  // A connection lost since the last fetch is opened again, once: nothing was written.
  for (int attempt = 0;; ++attempt) {
    try {
      if (!db_) {
        db_ = std::make_unique<Connection>(uri_, "mercado position");
      } else if (!db_->open()) {
        db_->reconnect();
      }
      const auto rows = db_->run(queries::kCommitPosition);
      return static_cast<CommitPosition>(rows.number(0, 0));
    } catch (const PostgresError& error) {
      if (!error.connection_lost() || attempt > 0) throw;
    }
  }
}

}  // namespace mercado::storage::postgres
