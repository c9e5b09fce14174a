#include "storage/postgres/pg_reader.hpp"

#include "storage/postgres/queries.hpp"
#include "support/log.hpp"

namespace mercado::storage::postgres {
namespace {

// How long a server that could not be reached is left alone before a read tries it again.
constexpr auto kServerRetryDelay = std::chrono::seconds(1);

}  // namespace

PgReader::PgReader(const std::string& primary, const std::vector<std::string>& replicas) {
  primary_.uri = primary;
  for (const auto& uri : replicas) replicas_.push_back(ReadServer{.uri = uri, .db = nullptr});
}

std::optional<CommitPosition> PgReader::commit_position() {
  try {
    const auto rows = fetch_from(primary_, {{queries::kCommitPosition}}, std::nullopt);
    return static_cast<CommitPosition>(rows->front().number(0, 0));
  } catch (const PostgresError& error) {
    support::log_error("storage fault", error.what());
    return std::nullopt;
  }
}

void PgReader::set_time_limit(std::optional<std::chrono::microseconds> limit) {
  // PostgreSQL counts in milliseconds; a limit under one is still a limit.
  timeout_ms_ = limit ? std::max<std::int64_t>(1, limit->count() / 1000) : 0;
}

Connection& PgReader::connection(ReadServer& server) {
  if (!server.db) {
    server.db = std::make_unique<Connection>(server.uri, "mercado reader");
    server.timeout_ms = -1;
  } else if (!server.db->open()) {
    server.db->reconnect();
    server.timeout_ms = -1;
  }
  if (server.timeout_ms != timeout_ms_) {
    server.db->run("SELECT set_config('statement_timeout', $1, false)",
                   Params().add(std::to_string(timeout_ms_)));
    server.timeout_ms = timeout_ms_;
  }
  return *server.db;
}

std::optional<std::vector<Rows>> PgReader::fetch_from(ReadServer& server,
                                                      const std::vector<Statement>& statements,
                                                      std::optional<CommitPosition> needed) {
  const bool with_position = needed.has_value();
  const auto batch = plans::sent_statements(statements, with_position);
  // A read changes nothing, so one met by a lost connection is simply sent again.
  for (int attempt = 0;; ++attempt) {
    try {
      auto rows = connection(server).pipeline(batch);
      const auto position = plans::received_rows(rows, statements.size(), with_position);
      if (with_position && *position < *needed) return std::nullopt;
      return rows;
    } catch (const PostgresError& error) {
      // A list's statement that failed leaves its transaction open and aborted: end it, or
      // every later read on this connection would fail too.
      if (server.db->open() && server.db->in_transaction()) server.db->exec("ROLLBACK");
      if (!error.connection_lost() || attempt > 0) throw;
    }
  }
}

std::vector<Rows> PgReader::fetch(const std::vector<Statement>& statements) {
  const auto now = std::chrono::steady_clock::now();
  // An unknown position (the primary can't be asked) leaves the primary to answer, or fail.
  const auto needed = replicas_.empty() ? std::nullopt : commit_position();
  for (std::size_t tried = 0; needed && tried < replicas_.size(); ++tried) {
    ReadServer& replica = replicas_[next_replica_++ % replicas_.size()];
    if (replica.down_until > now) continue;
    try {
      if (auto rows = fetch_from(replica, statements, needed)) return std::move(*rows);
      // Behind this read: skipped for it, tried again by the next one.
    } catch (const PostgresError& error) {
      if (error.is(kQueryCanceled)) throw;
      support::log_error("replica skipped", error.what());
      replica.down_until = now + kServerRetryDelay;
    }
  }
  return std::move(*fetch_from(primary_, statements, std::nullopt));
}

template <class T>
Result<T> PgReader::read(const ReadPlan<T>& plan) {
  try {
    auto rows = fetch(plan.statements);
    return plan.parse(rows);
  } catch (const PostgresError& error) {
    if (error.is(kQueryCanceled)) {
      return domain::Error{domain::ErrorCode::kTimedOut, "The read took too long.", {}};
    }
    support::log_error("storage fault", error.what());
    return domain::Error{domain::ErrorCode::kUnavailable, "The database is unavailable.", {}};
  }
}

Result<Product> PgReader::product(ProductId id) { return read(plans::product(id)); }

Result<Product> PgReader::product_by_slug(std::string_view slug) {
  return read(plans::product_by_slug(slug));
}

Result<domain::Listing<Product>> PgReader::products(const domain::ProductQuery& query) {
  return read(plans::products(query));
}

Result<Category> PgReader::category(CategoryId id) { return read(plans::category(id)); }

Result<Category> PgReader::category_by_slug(std::string_view slug) {
  return read(plans::category_by_slug(slug));
}

Result<domain::Listing<Category>> PgReader::categories(const domain::Page& page) {
  return read(plans::categories(page));
}

Result<User> PgReader::user(UserId id) { return read(plans::user(id)); }

Result<domain::Listing<User>> PgReader::users(const domain::Page& page) {
  return read(plans::users(page));
}

Result<bool> PgReader::email_taken(std::string_view email) {
  return read(plans::email_taken(email));
}

Result<Credentials> PgReader::credentials(std::string_view email) {
  return read(plans::credentials(email));
}

Result<StoredFile> PgReader::file(std::string_view name) { return read(plans::file(name)); }

Result<Cart> PgReader::cart(UserId user) { return read(plans::cart(user)); }

Result<Order> PgReader::order(OrderId id) { return read(plans::order(id)); }

Result<domain::Listing<Order>> PgReader::orders(const domain::OrderQuery& query) {
  return read(plans::orders(query));
}

Result<bool> PgReader::reachable() {
  try {
    connection(primary_).run("SELECT 1");
    return true;
  } catch (const PostgresError& error) {
    support::log_error("storage fault", error.what());
    return domain::Error{domain::ErrorCode::kUnavailable, "The database is unavailable.", {}};
  }
}

}  // namespace mercado::storage::postgres
