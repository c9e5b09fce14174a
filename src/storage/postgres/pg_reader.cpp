#include "storage/postgres/pg_reader.hpp"

#include "storage/postgres/queries.hpp"
#include "storage/postgres/rows.hpp"
#include "support/log.hpp"

namespace mercado::storage::postgres {
namespace {

// How long a server that could not be reached is left alone before a read tries it again.
constexpr auto kServerRetryDelay = std::chrono::seconds(1);

// A tsquery in which every word must appear, the last as a prefix (search as you type). Each
// word is a quoted lexeme, so nothing the client typed is read as tsquery syntax.
std::optional<std::string> search_expression(const std::vector<std::string>& words) {
  if (words.empty()) return std::nullopt;
  std::string expression;
  for (const auto& word : words) {
    if (!expression.empty()) expression += " & ";
    expression += '\'';
    for (const char c : word) {
      if (c == '\'' || c == '\\') expression += c;
      expression += c;
    }
    expression += '\'';
  }
  return expression + ":*";
}

std::optional<std::int64_t> value_of(const std::optional<domain::Cents>& cents) {
  return cents ? std::optional(cents->value) : std::nullopt;
}

// The filters a query has, one bit each in queries::kProductConditions' order, and their values
// in the same order.
unsigned product_filter_values(const domain::ProductFilter& filter,
                               const std::optional<std::string>& search, Params& params) {
  unsigned bits = 0;
  unsigned bit = 0;
  const auto add = [&](const auto& value) {
    if (value) {
      params.add(*value);
      bits |= 1u << bit;
    }
    ++bit;
  };
  add(filter.title_folded);
  add(value_of(filter.price));
  add(value_of(filter.price_min));
  add(value_of(filter.price_max));
  add(filter.category_id ? std::optional(filter.category_id->value) : std::nullopt);
  add(filter.category_slug);
  add(filter.excluded ? std::optional(filter.excluded->value) : std::nullopt);
  add(search);
  return bits;
}

template <class T, class ReadRow>
std::vector<T> all_rows(const Rows& rows, ReadRow read_row) {
  std::vector<T> items;
  items.reserve(static_cast<std::size_t>(rows.size()));
  for (int row = 0; row < rows.size(); ++row) items.push_back(read_row(rows, row));
  return items;
}

template <class T, class ReadRow>
Result<T> one_row(const Rows& rows, ReadRow read_row, const char* missing) {
  if (rows.empty()) return domain::not_found(missing);
  return read_row(rows, 0);
}

Params page_params(const domain::Page& page) { return Params().add(page.limit).add(page.offset); }

}  // namespace

PgReader::PgReader(const std::string& primary, const std::vector<std::string>& replicas,
                   PositionClock& clock)
    : clock_(clock) {
  primary_.uri = primary;
  for (const auto& uri : replicas) replicas_.push_back(ReadServer{.uri = uri, .db = nullptr});
}

std::optional<CommitPosition> PgReader::commit_position() { return clock_.now(); }

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
  // One statement is one snapshot: a lookup (at most one row) carries the server's position in
  // its own row. Several go in one round trip, in one read-only transaction.
  const bool lookup = statements.size() == 1;
  std::vector<Statement> batch;
  std::string wrapped;  // outlives `batch`, which points into it
  if (lookup && needed) {
    wrapped = queries::wrap_lookup(statements.front().sql);
    batch.push_back({wrapped, statements.front().params});
  } else if (lookup) {
    batch = statements;
  } else {
    batch.push_back({queries::kBeginRead, {}});
    if (needed) batch.push_back({queries::kCommitPosition, {}});
    batch.insert(batch.end(), statements.begin(), statements.end());
    batch.push_back({queries::kCommit, {}});
  }
  // A read changes nothing, so one met by a lost connection is simply sent again.
  for (int attempt = 0;; ++attempt) {
    try {
      auto rows = connection(server).pipeline(batch);
      std::optional<CommitPosition> position;
      if (lookup && needed) {
        position = static_cast<CommitPosition>(rows.front().unwrap_lookup());
      } else if (!lookup) {
        rows.erase(rows.begin());  // BEGIN
        rows.pop_back();           // COMMIT
        if (needed) {
          position = static_cast<CommitPosition>(rows.front().number(0, 0));
          rows.erase(rows.begin());
        }
      }
      if (needed && *position < *needed) return std::nullopt;
      return rows;
    } catch (const PostgresError& error) {
      if (!error.connection_lost() || attempt > 0) throw;
    }
  }
}

std::vector<Rows> PgReader::fetch(const std::vector<Statement>& statements) {
  const auto now = std::chrono::steady_clock::now();
  // An unknown position (the primary can't be asked) leaves the primary to answer, or fail.
  const auto needed = replicas_.empty() ? std::nullopt : clock_.now();
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

template <class T, class Parse>
Result<T> PgReader::read(std::vector<Statement> statements, Parse parse) {
  try {
    auto rows = fetch(statements);
    return parse(rows);
  } catch (const PostgresError& error) {
    if (error.is(kQueryCanceled)) {
      return domain::Error{domain::ErrorCode::kTimedOut, "The read took too long.", {}};
    }
    support::log_error("storage fault", error.what());
    return domain::Error{domain::ErrorCode::kUnavailable, "The database is unavailable.", {}};
  }
}

Result<Product> PgReader::product(ProductId id) {
  return read<Product>(
      {{queries::join(queries::kProductColumns, queries::kProductById), Params().add(id.value)}},
      [](auto& rows) {
        return one_row<Product>(rows[0], read_product, "No product has this id.");
      });
}

Result<Product> PgReader::product_by_slug(std::string_view slug) {
  return read<Product>(
      {{queries::join(queries::kProductColumns, queries::kProductBySlug), Params().add(slug)}},
      [](auto& rows) {
        return one_row<Product>(rows[0], read_product, "No product has this slug.");
      });
}

Result<domain::Listing<Product>> PgReader::products(const domain::ProductQuery& query) {
  Params filter;
  const unsigned present =
      product_filter_values(query.filter, search_expression(query.filter.search_words), filter);
  int next = 1;
  const std::string where = queries::product_filter(present, next);
  Params list = filter;
  list.add(query.page.limit).add(query.page.offset);
  return read<domain::Listing<Product>>(
      {{queries::join(queries::join(queries::kProductColumns, where),
                      queries::order_and_page("products", query.page, next)),
        list},
       {queries::join(queries::kProductCount, where), filter}},
      [](auto& rows) -> Result<domain::Listing<Product>> {
        return domain::Listing<Product>{all_rows<Product>(rows[0], read_product),
                                        rows[1].number(0, 0)};
      });
}

Result<Category> PgReader::category(CategoryId id) {
  return read<Category>(
      {{queries::join(queries::kCategoryColumns, queries::kCategoryById), Params().add(id.value)}},
      [](auto& rows) {
        return one_row<Category>(
            rows[0], [](const Rows& r, int row) { return read_category(r, row); },
            "No category has this id.");
      });
}

Result<Category> PgReader::category_by_slug(std::string_view slug) {
  return read<Category>(
      {{queries::join(queries::kCategoryColumns, queries::kCategoryBySlug), Params().add(slug)}},
      [](auto& rows) {
        return one_row<Category>(
            rows[0], [](const Rows& r, int row) { return read_category(r, row); },
            "No category has this slug.");
      });
}

Result<domain::Listing<Category>> PgReader::categories(const domain::Page& page) {
  return read<domain::Listing<Category>>(
      {{queries::join(queries::kCategoryColumns, queries::order_and_page("categories", page, 1)),
        page_params(page)},
       {queries::kCategoryCount, {}}},
      [](auto& rows) -> Result<domain::Listing<Category>> {
        return domain::Listing<Category>{
            all_rows<Category>(rows[0],
                               [](const Rows& r, int row) { return read_category(r, row); }),
            rows[1].number(0, 0)};
      });
}

Result<User> PgReader::user(UserId id) {
  return read<User>(
      {{queries::join(queries::kUserColumns, queries::kUserById), Params().add(id.value)}},
      [](auto& rows) { return one_row<User>(rows[0], read_user, "No user has this id."); });
}

Result<domain::Listing<User>> PgReader::users(const domain::Page& page) {
  return read<domain::Listing<User>>(
      {{queries::join(queries::kUserColumns, queries::order_and_page("users", page, 1)),
        page_params(page)},
       {queries::kUserCount, {}}},
      [](auto& rows) -> Result<domain::Listing<User>> {
        return domain::Listing<User>{all_rows<User>(rows[0], read_user), rows[1].number(0, 0)};
      });
}

Result<bool> PgReader::email_taken(std::string_view email) {
  return read<bool>(
      {{queries::kEmailTaken, Params().add(domain::email_key(email)).add(std::int64_t{0})}},
      [](auto& rows) -> Result<bool> { return !rows[0].empty(); });
}

Result<Credentials> PgReader::credentials(std::string_view email) {
  return read<Credentials>({{queries::kCredentials, Params().add(domain::email_key(email))}},
                           [](auto& rows) -> Result<Credentials> {
                             if (rows[0].empty())
                               return domain::not_found("No user has this e-mail.");
                             return Credentials{read_user(rows[0], 0), rows[0].text(0, 9)};
                           });
}

Result<StoredFile> PgReader::file(std::string_view name) {
  return read<StoredFile>({{queries::kFileByName, Params().add(name)}}, [](auto& rows) {
    return one_row<StoredFile>(rows[0], read_file, "No file has this name.");
  });
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
