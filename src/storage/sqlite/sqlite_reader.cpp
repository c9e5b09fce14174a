#include "storage/sqlite/sqlite_reader.hpp"

#include "storage/sqlite/guard.hpp"
#include "storage/sqlite/queries.hpp"
#include "storage/sqlite/rows.hpp"

namespace mercado::storage::sqlite {
namespace {

// Runs a prepared single-row lookup; `missing` names what was not found.
template <class T, class Read>
Result<T> one_row(Statement& statement, Read read, const char* missing) {
  const bool found = statement.step();
  Result<T> result = found ? Result<T>(read(statement)) : Result<T>(domain::not_found(missing));
  statement.reset();
  return result;
}

// Reads every row of a prepared list statement.
template <class T, class Read>
std::vector<T> all_rows(Statement& statement, Read read) {
  std::vector<T> items;
  while (statement.step()) items.push_back(read(statement));
  statement.reset();
  return items;
}

std::int64_t count_of(Statement& statement) {
  statement.step();
  const auto count = statement.column_int(0);
  statement.reset();
  return count;
}

// An FTS5 query in which every word must appear, the last as a prefix (search as you type).
// Words are quoted, so nothing the client typed is read as FTS5 syntax.
std::optional<std::string> search_expression(const std::vector<std::string>& words) {
  if (words.empty()) return std::nullopt;
  std::string expression;
  for (const auto& word : words) {
    if (!expression.empty()) expression += ' ';
    expression += '"';
    for (const char c : word) expression += c == '"' ? std::string("\"\"") : std::string(1, c);
    expression += '"';
  }
  return expression + '*';
}

std::optional<std::int64_t> value_of(const std::optional<domain::Cents>& cents) {
  return cents ? std::optional(cents->value) : std::nullopt;
}

// The filters a query has, as queries::product_filter numbers them.
unsigned present_filters(const domain::ProductFilter& filter,
                         const std::optional<std::string>& search) {
  const bool present[] = {filter.title_folded.has_value(), filter.price.has_value(),
                          filter.price_min.has_value(),    filter.price_max.has_value(),
                          filter.category_id.has_value(),  filter.category_slug.has_value(),
                          filter.excluded.has_value(),     search.has_value()};
  unsigned bits = 0;
  for (unsigned i = 0; i < std::size(present); ++i) bits |= present[i] ? 1u << i : 0u;
  return bits;
}

// Binds the filters the query has; the statement names no others (SQLite refuses a parameter
// number beyond the highest the statement uses).
void bind_filter(Statement& statement, const domain::ProductFilter& filter,
                 const std::optional<std::string>& search) {
  const auto bind = [&statement](int index, const auto& value) {
    if (value) statement.bind(index, *value);
  };
  bind(1, filter.title_folded);
  bind(2, value_of(filter.price));
  bind(3, value_of(filter.price_min));
  bind(4, value_of(filter.price_max));
  bind(5, filter.category_id ? std::optional(filter.category_id->value) : std::nullopt);
  bind(6, filter.category_slug);
  bind(7, filter.excluded ? std::optional(filter.excluded->value) : std::nullopt);
  bind(8, search);
}

// Every filter value, unambiguously: the key of a product count.
std::string count_key(const domain::ProductFilter& filter,
                      const std::optional<std::string>& search) {
  std::string key = "products";
  const auto add = [&key](const auto& value) {
    key += '\x1f';
    if (!value) return;
    if constexpr (std::is_same_v<std::decay_t<decltype(*value)>, std::string>) {
      key += std::to_string(value->size()) + ':' + *value;
    } else {
      key += std::to_string(value->value);  // cents and ids
    }
  };
  add(filter.title_folded);
  add(filter.price);
  add(filter.price_min);
  add(filter.price_max);
  add(filter.category_id);
  add(filter.category_slug);
  add(filter.excluded);
  add(search);
  return key;
}

}  // namespace

SqliteReader::SqliteReader(const std::string& path, const WriterSignals& writer)
    : db_(path, Connection::Mode::kReadOnly),
      writer_(writer),
      begin_(db_.prepare("BEGIN")),
      end_(db_.prepare("COMMIT")),
      product_by_id_(db_.prepare(queries::join(queries::kProductColumns, queries::kProductById))),
      product_by_slug_(
          db_.prepare(queries::join(queries::kProductColumns, queries::kProductBySlug))),
      category_by_id_(
          db_.prepare(queries::join(queries::kCategoryColumns, queries::kCategoryById))),
      category_by_slug_(
          db_.prepare(queries::join(queries::kCategoryColumns, queries::kCategoryBySlug))),
      category_count_(db_.prepare(queries::kCategoryCount)),
      user_by_id_(db_.prepare(queries::join(queries::kUserColumns, queries::kUserById))),
      user_count_(db_.prepare(queries::kUserCount)),
      select_one_(db_.prepare("SELECT 1")),
      position_(db_.prepare(queries::kCommitPosition)),
      email_taken_(db_.prepare(queries::kEmailTaken)),
      credentials_(db_.prepare(queries::kCredentials)),
      file_by_name_(db_.prepare(queries::kFileByName)) {
  // Asked every kProgressSteps virtual machine steps (some microseconds) whether to stop.
  constexpr int kProgressSteps = 1000;
  sqlite3_progress_handler(db_.handle(), kProgressSteps, &SqliteReader::over_time, this);
}

int SqliteReader::over_time(void* reader) {
  const auto& self = *static_cast<const SqliteReader*>(reader);
  return std::chrono::steady_clock::now() > self.deadline_ ? 1 : 0;
}

void SqliteReader::set_time_limit(std::optional<std::chrono::microseconds> limit) {
  time_limit_ = limit;
}

// A read that opens its own transaction pays for fcntl locks and a process-wide mutex in
// SQLite's WAL code, as much as the lookup itself. So a reader keeps one read transaction open
// across calls and starts a new one only when it must:
// - when the store has committed since: a client always reads what it was told is written;
// - when it is older than kMaxSnapshotAge: writes from other processes (`mercado admin`) show
//   within that;
// - after every call while the writer has a checkpoint due (WriterSignals), and whenever the
//   reader's thread calls idle(): a snapshot pins the WAL, which can only start over once no
//   reader holds an old one.
void SqliteReader::open_snapshot() {
  constexpr auto kMaxSnapshotAge = std::chrono::milliseconds(100);
  const auto commits = writer_.commits.load(std::memory_order_acquire);
  const auto now = std::chrono::steady_clock::now();
  // SQLite ends a transaction by itself after some faults: ask it rather than remember.
  const bool open = sqlite3_get_autocommit(db_.handle()) == 0;
  if (open && commits == snapshot_commits_ && now - snapshot_began_ < kMaxSnapshotAge) return;
  if (open) end_.run();
  // Deferred: the snapshot is taken by its first read, the position's, which comes after
  // `commits` was loaded, so it holds at least every commit counted there.
  begin_.run();
  position_.step();
  snapshot_position_ = static_cast<CommitPosition>(position_.column_int(0));
  position_.reset();
  snapshot_commits_ = commits;
  snapshot_began_ = now;
}

void SqliteReader::idle() {
  if (sqlite3_get_autocommit(db_.handle()) != 0) return;
  try {
    end_.run();
  } catch (const DatabaseError& error) {
    support::log_error("storage fault", error.what());
  }
}

std::optional<CommitPosition> SqliteReader::commit_position() {
  try {
    open_snapshot();
  } catch (const DatabaseError& error) {
    support::log_error("storage fault", error.what());
    return std::nullopt;
  }
  const auto position = snapshot_position_;
  if (writer_.checkpoint_due.load(std::memory_order_relaxed)) idle();
  return position;
}

template <class T, class Body>
Result<T> SqliteReader::read(Body&& body) {
  using Clock = std::chrono::steady_clock;
  deadline_ = time_limit_ ? Clock::now() + *time_limit_ : Clock::time_point::max();
  auto result = guard<T>([&]() -> Result<T> {
    open_snapshot();
    return body();
  });
  deadline_ = Clock::time_point::max();
  if (writer_.checkpoint_due.load(std::memory_order_relaxed)) idle();
  return result;
}

Result<Product> SqliteReader::product(ProductId id) {
  return read<Product>([&] {
    product_by_id_.bind(1, id.value);
    return one_row<Product>(product_by_id_, read_product, "No product has this id.");
  });
}

Result<Product> SqliteReader::product_by_slug(std::string_view slug) {
  return read<Product>([&] {
    product_by_slug_.bind(1, slug);
    return one_row<Product>(product_by_slug_, read_product, "No product has this slug.");
  });
}

template <class MakeSql>
Statement& SqliteReader::prepared(const std::string& key, MakeSql make_sql) {
  auto found = statements_.find(key);
  if (found == statements_.end()) found = statements_.emplace(key, db_.prepare(make_sql())).first;
  return found->second;
}

Statement& SqliteReader::list_statement(std::string_view kind, std::string_view key,
                                        std::string_view columns_and_filter,
                                        const domain::Page& page, int first_page_parameter) {
  std::string name(key);
  name += static_cast<char>('0' + static_cast<int>(page.sort));
  name += page.order == domain::SortOrder::kAscending ? 'a' : 'd';
  return prepared(name, [&] {
    return queries::join(columns_and_filter,
                         queries::order_and_page(kind, page, first_page_parameter));
  });
}

std::int64_t SqliteReader::cached_count(const std::string& key, Statement& statement) {
  constexpr std::size_t kMaxCounts = 1024;  // distinct filters remembered between writes
  if (snapshot_position_ != counted_position_ || counts_.size() >= kMaxCounts) {
    counts_.clear();
    counted_position_ = snapshot_position_;
  }
  if (const auto found = counts_.find(key); found != counts_.end()) {
    statement.reset();
    return found->second;
  }
  return counts_[key] = count_of(statement);
}

Result<domain::Listing<Product>> SqliteReader::products(const domain::ProductQuery& query) {
  return read<domain::Listing<Product>>([&]() -> Result<domain::Listing<Product>> {
    const auto& filter = query.filter;
    const auto search = search_expression(filter.search_words);
    const unsigned present = present_filters(filter, search);
    const std::string shape = std::to_string(present);
    Statement& list = list_statement(
        "products", "products/" + shape,
        queries::join(queries::kProductColumns, queries::product_filter(present)), query.page, 9);
    bind_filter(list, filter, search);
    list.bind(9, query.page.limit).bind(10, query.page.offset);
    domain::Listing<Product> listing{all_rows<Product>(list, read_product), 0};
    Statement& count = prepared("count/" + shape, [&] {
      return queries::join(queries::kProductCount, queries::product_filter(present));
    });
    bind_filter(count, filter, search);
    listing.total = cached_count(count_key(filter, search), count);
    return listing;
  });
}

Result<Category> SqliteReader::category(CategoryId id) {
  return read<Category>([&] {
    category_by_id_.bind(1, id.value);
    return one_row<Category>(
        category_by_id_, [](const Statement& row) { return read_category(row); },
        "No category has this id.");
  });
}

Result<Category> SqliteReader::category_by_slug(std::string_view slug) {
  return read<Category>([&] {
    category_by_slug_.bind(1, slug);
    return one_row<Category>(
        category_by_slug_, [](const Statement& row) { return read_category(row); },
        "No category has this slug.");
  });
}

Result<domain::Listing<Category>> SqliteReader::categories(const domain::Page& page) {
  return read<domain::Listing<Category>>([&]() -> Result<domain::Listing<Category>> {
    Statement& list =
        list_statement("categories", "categories", queries::kCategoryColumns, page, 1);
    list.bind(1, page.limit).bind(2, page.offset);
    domain::Listing<Category> listing{
        all_rows<Category>(list, [](const Statement& row) { return read_category(row); }), 0};
    listing.total = cached_count("categories", category_count_);
    return listing;
  });
}

Result<User> SqliteReader::user(UserId id) {
  return read<User>([&] {
    user_by_id_.bind(1, id.value);
    return one_row<User>(user_by_id_, read_user, "No user has this id.");
  });
}

Result<domain::Listing<User>> SqliteReader::users(const domain::Page& page) {
  return read<domain::Listing<User>>([&]() -> Result<domain::Listing<User>> {
    Statement& list = list_statement("users", "users", queries::kUserColumns, page, 1);
    list.bind(1, page.limit).bind(2, page.offset);
    domain::Listing<User> listing{all_rows<User>(list, read_user), 0};
    listing.total = cached_count("users", user_count_);
    return listing;
  });
}

Result<bool> SqliteReader::email_taken(std::string_view email) {
  return read<bool>([&]() -> Result<bool> {
    email_taken_.bind(1, domain::email_key(email)).bind(2, std::int64_t{0});
    const bool taken = email_taken_.step();
    email_taken_.reset();
    return taken;
  });
}

Result<Credentials> SqliteReader::credentials(std::string_view email) {
  return read<Credentials>([&] {
    credentials_.bind(1, domain::email_key(email));
    return one_row<Credentials>(
        credentials_,
        [](const Statement& row) {
          return Credentials{read_user(row), row.column_text(9)};
        },
        "No user has this e-mail.");
  });
}

Result<StoredFile> SqliteReader::file(std::string_view name) {
  return read<StoredFile>([&] {
    file_by_name_.bind(1, name);
    return one_row<StoredFile>(file_by_name_, read_file, "No file has this name.");
  });
}

Prepare SqliteReader::prepare() {
  return [this](std::string_view sql) -> Statement& {
    const std::string key(sql);
    auto& statement = prepared(key, [&] { return key; });
    statement.reset();
    return statement;
  };
}

Result<Cart> SqliteReader::cart(UserId user) {
  return read<Cart>([&]() -> Result<Cart> {
    auto& account = prepare()(queries::kUserIsThere);
    account.bind(1, user.value);
    const bool exists = account.step();
    account.reset();
    if (!exists) return domain::account_gone();
    return load_cart(prepare(), user);
  });
}

Result<Order> SqliteReader::order(OrderId id) {
  return read<Order>([&] { return load_order(prepare(), id); });
}

Result<domain::Listing<Order>> SqliteReader::orders(const domain::OrderQuery& query) {
  return read<domain::Listing<Order>>([&]() -> Result<domain::Listing<Order>> {
    const std::string where =
        queries::order_filter(query.user_id.has_value(), query.status.has_value());
    const std::string shape = std::string(query.user_id ? "u" : "") + (query.status ? "s" : "");
    Statement& page = list_statement("orders", "orders/" + shape,
                                     queries::join(queries::kOrderColumns, where), query.page, 3);
    Statement& count = prepared("orders-count/" + shape,
                                [&] { return queries::join(queries::kOrderCount, where); });
    return load_orders(prepare(), page, count, query);
  });
}

Result<bool> SqliteReader::reachable() {
  return read<bool>([&]() -> Result<bool> { return count_of(select_one_) == 1; });
}

}  // namespace mercado::storage::sqlite
