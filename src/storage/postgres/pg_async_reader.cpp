#include "storage/postgres/pg_async_reader.hpp"

#include "storage/postgres/queries.hpp"
#include "support/log.hpp"

namespace mercado::storage::postgres {
namespace {

// Every read statement is cut off after this; the client gets a 503 (as SQLite's slow reads).
constexpr std::int64_t kReadTimeoutMs = 5000;
constexpr auto kReplicaRetryDelay = std::chrono::seconds(1);

domain::Error unavailable() {
  return {domain::ErrorCode::kUnavailable, "The database is unavailable.", {}};
}

// What a failed read answers: a statement over its time limit is kTimedOut, anything else a
// fault (logged).
domain::Error read_failure(const PostgresError& failure) {
  if (failure.is(kQueryCanceled)) {
    return {domain::ErrorCode::kTimedOut, "The read took too long.", {}};
  }
  support::log_error("storage fault", failure.what());
  return unavailable();
}

}  // namespace

PgAsyncReader::PgAsyncReader(boost::asio::io_context& loop, const std::string& primary,
                             const std::vector<std::string>& replicas)
    : primary_(AsyncConnection::create(loop, primary, "mercado reader", kReadTimeoutMs)) {
  for (const auto& uri : replicas) {
    replicas_.push_back({AsyncConnection::create(loop, uri, "mercado reader", kReadTimeoutMs)});
  }
}

// A caller who asks while a query is on its way waits for the next, which
// begins when that one ends and answers everyone who asked meanwhile.
void PgAsyncReader::commit_position(std::function<void(std::optional<CommitPosition>)> done) {
  waiting_.push_back(std::move(done));
  if (!fetching_) fetch_position();
}

void PgAsyncReader::fetch_position() {
  fetching_ = true;
  answering_.swap(waiting_);
  primary_->send({{queries::kCommitPosition}},
                 [this](std::vector<Rows> rows, const PostgresError* failure) {
                   std::optional<CommitPosition> position;
                   if (failure) {
                     support::log_error("storage fault", failure->what());
                   } else {
                     position = static_cast<CommitPosition>(rows.front().number(0, 0));
                   }
                   for (auto& done : std::exchange(answering_, {})) done(position);
                   fetching_ = false;
                   if (!waiting_.empty()) fetch_position();
                 });
}

// Sends a read (as plans::sent_statements makes it) and, for a list, the pipeline that ends its
// transaction if a failure left it open: the connection stays usable for the reads after it.
void PgAsyncReader::send_read(AsyncConnection& db, const std::vector<Statement>& statements,
                              bool with_position, AsyncConnection::Done done) {
  db.send(plans::sent_statements(statements, with_position), std::move(done));
  if (auto closing = plans::closing_statements(statements); !closing.empty()) {
    db.send(std::move(closing), [](std::vector<Rows>, const PostgresError*) {});
  }
}

PgAsyncReader::Server* PgAsyncReader::pick_replica() {
  const auto now = std::chrono::steady_clock::now();
  for (std::size_t tried = 0; tried < replicas_.size(); ++tried) {
    Server& replica = replicas_[next_replica_++ % replicas_.size()];
    if (replica.down_until <= now) return &replica;
  }
  return nullptr;
}

template <class T>
void PgAsyncReader::read_primary(std::shared_ptr<ReadPlan<T>> plan, Done<T> done, bool retry) {
  send_read(*primary_, plan->statements, false,
            [this, plan, done = std::move(done), retry](std::vector<Rows> rows,
                                                        const PostgresError* failure) {
              // A read changes nothing: one met by a lost connection is sent once more.
              if (failure && failure->connection_lost() && retry) {
                read_primary(plan, done, false);
                return;
              }
              if (failure) {
                done(read_failure(*failure));
                return;
              }
              plans::received_rows(rows, plan->statements.size(), false);
              done(plan->parse(rows));
            });
}

// On a replica, the read and the primary's position go out together; the replica's answer is
// used if its own position, read in the same snapshot, is at least the primary's, which was
// read after the call began. Else the primary answers.
template <class T>
void PgAsyncReader::read(ReadPlan<T> plan, Done<T> done) {
  auto shared = std::make_shared<ReadPlan<T>>(std::move(plan));
  Server* replica = pick_replica();
  if (!replica) {
    read_primary(shared, std::move(done), true);
    return;
  }
  struct Race {
    std::optional<std::optional<CommitPosition>> needed;  // outer: arrived
    std::optional<std::vector<Rows>> rows;
    std::optional<CommitPosition> position;
    bool replica_answered = false;
  };
  auto race = std::make_shared<Race>();
  auto settle = [this, shared, race, done = std::move(done)]() mutable {
    if (!race->needed || !race->replica_answered) return;
    const auto& needed = *race->needed;
    // No position means the primary is away (a failover): the replica's answer is the best
    // there is, though it may miss the writes of the primary's last moments.
    const bool current = !needed || (race->position && *race->position >= *needed);
    if (race->rows && current) {
      done(shared->parse(*race->rows));
    } else {
      read_primary(shared, std::move(done), true);
    }
  };
  auto settle_shared = std::make_shared<decltype(settle)>(std::move(settle));
  commit_position([race, settle_shared](std::optional<CommitPosition> position) {
    race->needed = position;
    (*settle_shared)();
  });
  replica->db->send(
      plans::sent_statements(shared->statements, true),
      [this, replica, shared, race, settle_shared](std::vector<Rows> rows,
                                                   const PostgresError* failure) {
        race->replica_answered = true;
        if (failure) {
          if (!failure->is(kQueryCanceled)) {
            support::log_error("replica skipped", failure->what());
            replica->down_until = std::chrono::steady_clock::now() + kReplicaRetryDelay;
          }
        } else {
          race->position = plans::received_rows(rows, shared->statements.size(), true);
          race->rows = std::move(rows);
        }
        (*settle_shared)();
      });
}

void PgAsyncReader::product(ProductId id, Done<Product> done) {
  read(plans::product(id), std::move(done));
}

void PgAsyncReader::product_by_slug(std::string_view slug, Done<Product> done) {
  read(plans::product_by_slug(slug), std::move(done));
}

void PgAsyncReader::products(const domain::ProductQuery& query,
                             Done<domain::Listing<Product>> done) {
  read(plans::products(query), std::move(done));
}

void PgAsyncReader::category(CategoryId id, Done<Category> done) {
  read(plans::category(id), std::move(done));
}

void PgAsyncReader::category_by_slug(std::string_view slug, Done<Category> done) {
  read(plans::category_by_slug(slug), std::move(done));
}

void PgAsyncReader::categories(const domain::Page& page, Done<domain::Listing<Category>> done) {
  read(plans::categories(page), std::move(done));
}

void PgAsyncReader::user(UserId id, Done<User> done) { read(plans::user(id), std::move(done)); }

void PgAsyncReader::users(const domain::Page& page, Done<domain::Listing<User>> done) {
  read(plans::users(page), std::move(done));
}

void PgAsyncReader::email_taken(std::string_view email, Done<bool> done) {
  read(plans::email_taken(email), std::move(done));
}

void PgAsyncReader::credentials(std::string_view email, Done<Credentials> done) {
  read(plans::credentials(email), std::move(done));
}

void PgAsyncReader::file(std::string_view name, Done<StoredFile> done) {
  read(plans::file(name), std::move(done));
}

// Ready while a server answers reads: the primary, or while it is away, a replica. Were every
// instance to leave the balancer whenever the primary is down, a failover, during which reads
// can still be served, would become an outage of everything.
void PgAsyncReader::cart(UserId user, Done<Cart> done) { read(plans::cart(user), std::move(done)); }

void PgAsyncReader::order(OrderId id, Done<Order> done) { read(plans::order(id), std::move(done)); }

void PgAsyncReader::orders(const domain::OrderQuery& query, Done<domain::Listing<Order>> done) {
  read(plans::orders(query), std::move(done));
}

void PgAsyncReader::reachable(Done<bool> done) {
  auto plan = std::make_shared<ReadPlan<bool>>(plans::reachable());
  auto ask_replica = [this, plan, done = std::move(done)](domain::Result<bool> primary) {
    Server* replica = primary ? nullptr : pick_replica();
    if (!replica) return done(std::move(primary));
    send_read(*replica->db, plan->statements, false,
              [plan, done, primary](std::vector<Rows> rows, const PostgresError* failure) {
                if (failure) return done(primary);
                plans::received_rows(rows, plan->statements.size(), false);
                done(plan->parse(rows));
              });
  };
  read_primary(plan, Done<bool>(std::move(ask_replica)), true);
}

}  // namespace mercado::storage::postgres
