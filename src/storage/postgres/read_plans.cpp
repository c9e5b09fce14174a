#include "storage/postgres/read_plans.hpp"

#include "storage/postgres/queries.hpp"
#include "storage/postgres/rows.hpp"

namespace mercado::storage::postgres::plans {
namespace {

// The words of q= as a text[] literal for mercado_search_query (0002_search_query.sql), which
// folds, quotes and joins them. Each element is double-quoted, so no word is array syntax.
std::optional<std::string> search_words(const std::vector<std::string>& words) {
  if (words.empty()) return std::nullopt;
  std::string array = "{";
  for (const auto& word : words) {
    if (array.size() > 1) array += ',';
    array += '"';
    for (const char c : word) {
      if (c == '"' || c == '\\') array += '\\';
      array += c;
    }
    array += '"';
  }
  return array + '}';
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

std::vector<Statement> sent_statements(const std::vector<Statement>& statements,
                                       bool with_position) {
  if (statements.size() == 1) {
    if (!with_position) return statements;
    return {{queries::wrap_lookup(statements.front().sql), statements.front().params}};
  }
  std::vector<Statement> batch{{queries::kBeginRead}};
  if (with_position) batch.emplace_back(queries::kCommitPosition);
  batch.insert(batch.end(), statements.begin(), statements.end());
  batch.emplace_back(queries::kCommit);
  return batch;
}

std::vector<Statement> closing_statements(const std::vector<Statement>& statements) {
  if (statements.size() == 1) return {};
  return {{"ROLLBACK"}};
}

std::optional<CommitPosition> received_rows(std::vector<Rows>& rows, std::size_t statements,
                                            bool with_position) {
  if (statements == 1) {
    if (!with_position) return std::nullopt;
    return static_cast<CommitPosition>(rows.front().unwrap_lookup());
  }
  rows.erase(rows.begin());  // BEGIN
  rows.pop_back();           // COMMIT
  if (!with_position) return std::nullopt;
  const auto position = static_cast<CommitPosition>(rows.front().number(0, 0));
  rows.erase(rows.begin());
  return position;
}

ReadPlan<Product> product(ProductId id) {
  return {
      {{queries::join(queries::kProductColumns, queries::kProductById), Params().add(id.value)}},
      [](auto& rows) {
        return one_row<Product>(rows[0], read_product, "No product has this id.");
      }};
}

ReadPlan<Product> product_by_slug(std::string_view slug) {
  return {{{queries::join(queries::kProductColumns, queries::kProductBySlug), Params().add(slug)}},
          [](auto& rows) {
            return one_row<Product>(rows[0], read_product, "No product has this slug.");
          }};
}

ReadPlan<domain::Listing<Product>> products(const domain::ProductQuery& query) {
  Params filter;
  const unsigned present =
      product_filter_values(query.filter, search_words(query.filter.search_words), filter);
  int next = 1;
  const std::string where = queries::product_filter(present, next);
  Params list = filter;
  list.add(query.page.limit).add(query.page.offset);
  return {{{queries::join(queries::join(queries::kProductColumns, where),
                          queries::order_and_page("products", query.page, next)),
            list},
           {queries::join(queries::kProductCount, where), filter}},
          [](auto& rows) -> Result<domain::Listing<Product>> {
            return domain::Listing<Product>{all_rows<Product>(rows[0], read_product),
                                            rows[1].number(0, 0)};
          }};
}

ReadPlan<Category> category(CategoryId id) {
  return {
      {{queries::join(queries::kCategoryColumns, queries::kCategoryById), Params().add(id.value)}},
      [](auto& rows) {
        return one_row<Category>(
            rows[0], [](const Rows& r, int row) { return read_category(r, row); },
            "No category has this id.");
      }};
}

ReadPlan<Category> category_by_slug(std::string_view slug) {
  return {
      {{queries::join(queries::kCategoryColumns, queries::kCategoryBySlug), Params().add(slug)}},
      [](auto& rows) {
        return one_row<Category>(
            rows[0], [](const Rows& r, int row) { return read_category(r, row); },
            "No category has this slug.");
      }};
}

ReadPlan<domain::Listing<Category>> categories(const domain::Page& page) {
  return {
      {{queries::join(queries::kCategoryColumns, queries::order_and_page("categories", page, 1)),
        page_params(page)},
       {queries::kCategoryCount, {}}},
      [](auto& rows) -> Result<domain::Listing<Category>> {
        return domain::Listing<Category>{
            all_rows<Category>(rows[0],
                               [](const Rows& r, int row) { return read_category(r, row); }),
            rows[1].number(0, 0)};
      }};
}

ReadPlan<User> user(UserId id) {
  return {{{queries::join(queries::kUserColumns, queries::kUserById), Params().add(id.value)}},
          [](auto& rows) { return one_row<User>(rows[0], read_user, "No user has this id."); }};
}

ReadPlan<domain::Listing<User>> users(const domain::Page& page) {
  return {{{queries::join(queries::kUserColumns, queries::order_and_page("users", page, 1)),
            page_params(page)},
           {queries::kUserCount, {}}},
          [](auto& rows) -> Result<domain::Listing<User>> {
            return domain::Listing<User>{all_rows<User>(rows[0], read_user), rows[1].number(0, 0)};
          }};
}

ReadPlan<bool> email_taken(std::string_view email) {
  return {{{queries::kEmailTaken, Params().add(domain::email_key(email)).add(std::int64_t{0})}},
          [](auto& rows) -> Result<bool> { return !rows[0].empty(); }};
}

ReadPlan<Credentials> credentials(std::string_view email) {
  return {{{queries::kCredentials, Params().add(domain::email_key(email))}},
          [](auto& rows) -> Result<Credentials> {
            if (rows[0].empty()) return domain::not_found("No user has this e-mail.");
            return Credentials{read_user(rows[0], 0), rows[0].text(0, 9)};
          }};
}

ReadPlan<StoredFile> file(std::string_view name) {
  return {{{queries::kFileByName, Params().add(name)}}, [](auto& rows) {
            return one_row<StoredFile>(rows[0], read_file, "No file has this name.");
          }};
}

ReadPlan<Cart> cart(UserId user) {
  return {{{queries::kUserIsThere, Params().add(user.value)},
           {queries::kCartLines, Params().add(user.value)}},
          [](auto& rows) -> Result<Cart> {
            if (rows[0].empty()) return domain::account_gone();
            return read_cart(rows[1]);
          }};
}

ReadPlan<Order> order(OrderId id) {
  return {
      {{queries::join(queries::kOrderColumns, queries::kOrderById), Params().add(id.value)},
       {queries::join(queries::kOrderLineColumns, queries::kOrderLines), Params().add(id.value)}},
      [](auto& rows) -> Result<Order> {
        if (rows[0].empty()) return domain::not_found("No order has this id.");
        std::vector<Order> orders{read_order(rows[0], 0)};
        add_order_lines(rows[1], orders);
        return std::move(orders.front());
      }};
}

ReadPlan<domain::Listing<Order>> orders(const domain::OrderQuery& query) {
  Params filter;
  if (query.user_id) filter.add(query.user_id->value);
  if (query.status) filter.add(domain::status_name(*query.status));
  int next = 1;
  const std::string where =
      queries::order_filter(query.user_id.has_value(), query.status.has_value(), next);
  Params list = filter;
  list.add(query.page.limit).add(query.page.offset);
  const std::string page = queries::join(queries::join(queries::kOrderColumns, where),
                                         queries::order_and_page("orders", query.page, next));
  return {
      {{page, list},
       {queries::join(queries::kOrderCount, where), filter},
       {queries::lines_of_page(page), list}},
      [](auto& rows) -> Result<domain::Listing<Order>> {
        domain::Listing<Order> listing{all_rows<Order>(rows[0], read_order), rows[1].number(0, 0)};
        add_order_lines(rows[2], listing.items);
        return listing;
      }};
}

ReadPlan<bool> reachable() {
  return {{{"SELECT 1"}}, [](auto&) -> Result<bool> { return true; }};
}

}  // namespace mercado::storage::postgres::plans
