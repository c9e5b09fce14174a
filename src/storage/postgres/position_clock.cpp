#include "storage/postgres/position_clock.hpp"

#include <future>

#include "storage/postgres/queries.hpp"
#include "support/log.hpp"

namespace mercado::storage::postgres {

PositionClock::PositionClock(std::string primary_uri)
    : uri_(std::move(primary_uri)), thread_([this] { run(); }) {}

PositionClock::~PositionClock() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void PositionClock::after_now(Callback done) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      waiting_.push_back(std::move(done));
      done = nullptr;
    }
  }
  if (done) {
    done(std::nullopt);
  } else {
    wake_.notify_one();
  }
}

std::optional<CommitPosition> PositionClock::now() {
  std::promise<std::optional<CommitPosition>> answer;
  auto position = answer.get_future();
  after_now([&answer](std::optional<CommitPosition> value) { answer.set_value(value); });
  return position.get();
}

void PositionClock::run() {
  std::vector<Callback> answering;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
      // Those who asked during the last query are answered by this one, which begins now.
      answering.swap(waiting_);
    }
    if (answering.empty()) return;  // stopping, and no one is waiting
    const auto position = fetch();
    for (auto& done : answering) done(position);
    answering.clear();
  }
}

std::optional<CommitPosition> PositionClock::fetch() {
  // A connection lost since the last fetch is opened again, once: the query changes nothing.
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (!db_) {
        db_ = std::make_unique<Connection>(uri_, "mercado position");
      } else if (!db_->open()) {
        db_->reconnect();
      }
      return static_cast<CommitPosition>(db_->run(queries::kCommitPosition).number(0, 0));
    } catch (const PostgresError& error) {
      if (!error.connection_lost() || attempt > 0) {
        support::log_error("storage fault", error.what());
        return std::nullopt;
      }
    }
  }
  return std::nullopt;
}

}  // namespace mercado::storage::postgres
