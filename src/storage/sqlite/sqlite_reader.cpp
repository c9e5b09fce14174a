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

}  // namespace

SqliteReader::SqliteReader(const std::string& path)
    : db_(path, Connection::Mode::kReadOnly),
      product_by_id_(db_.prepare(queries::join(queries::kProductColumns, queries::kProductById))),
      product_by_slug_(
          db_.prepare(queries::join(queries::kProductColumns, queries::kProductBySlug))),
      product_list_(db_.prepare(queries::join(queries::kProductColumns, queries::kProductList))),
      category_by_id_(
          db_.prepare(queries::join(queries::kCategoryColumns, queries::kCategoryById))),
      category_by_slug_(
          db_.prepare(queries::join(queries::kCategoryColumns, queries::kCategoryBySlug))),
      category_list_(db_.prepare(queries::join(queries::kCategoryColumns, queries::kCategoryList))),
      user_by_id_(db_.prepare(queries::join(queries::kUserColumns, queries::kUserById))),
      user_list_(db_.prepare(queries::join(queries::kUserColumns, queries::kUserList))),
      email_taken_(db_.prepare(queries::kEmailTaken)),
      credentials_(db_.prepare(queries::kCredentials)),
      file_by_name_(db_.prepare(queries::kFileByName)) {}

Result<Product> SqliteReader::product(ProductId id) {
  return guard<Product>([&] {
    product_by_id_.bind(1, id.value);
    return one_row<Product>(product_by_id_, read_product, "No product has this id.");
  });
}

Result<Product> SqliteReader::product_by_slug(std::string_view slug) {
  return guard<Product>([&] {
    product_by_slug_.bind(1, slug);
    return one_row<Product>(product_by_slug_, read_product, "No product has this slug.");
  });
}

Result<std::vector<Product>> SqliteReader::products(const domain::ProductQuery& query) {
  return guard<std::vector<Product>>([&]() -> Result<std::vector<Product>> {
    const auto& filter = query.filter;
    const auto cents = [](const std::optional<domain::Cents>& c) {
      return c ? std::optional<std::int64_t>(c->value) : std::nullopt;
    };
    product_list_.bind(1, filter.title_folded)
        .bind(2, cents(filter.price))
        .bind(3, cents(filter.price_min))
        .bind(4, cents(filter.price_max))
        .bind(5, filter.category_id ? std::optional(filter.category_id->value) : std::nullopt)
        .bind(6, filter.category_slug)
        .bind(7, filter.excluded ? std::optional(filter.excluded->value) : std::nullopt)
        .bind(8, query.page.limit)
        .bind(9, query.page.offset);
    std::vector<Product> products;
    products.reserve(static_cast<std::size_t>(std::min<std::int64_t>(query.page.limit, 32)));
    while (product_list_.step()) products.push_back(read_product(product_list_));
    product_list_.reset();
    return products;
  });
}

Result<Category> SqliteReader::category(CategoryId id) {
  return guard<Category>([&] {
    category_by_id_.bind(1, id.value);
    return one_row<Category>(
        category_by_id_, [](const Statement& row) { return read_category(row); },
        "No category has this id.");
  });
}

Result<Category> SqliteReader::category_by_slug(std::string_view slug) {
  return guard<Category>([&] {
    category_by_slug_.bind(1, slug);
    return one_row<Category>(
        category_by_slug_, [](const Statement& row) { return read_category(row); },
        "No category has this slug.");
  });
}

Result<std::vector<Category>> SqliteReader::categories(const domain::Page& page) {
  return guard<std::vector<Category>>([&]() -> Result<std::vector<Category>> {
    category_list_.bind(1, page.limit).bind(2, page.offset);
    std::vector<Category> categories;
    while (category_list_.step()) categories.push_back(read_category(category_list_));
    category_list_.reset();
    return categories;
  });
}

Result<User> SqliteReader::user(UserId id) {
  return guard<User>([&] {
    user_by_id_.bind(1, id.value);
    return one_row<User>(user_by_id_, read_user, "No user has this id.");
  });
}

Result<std::vector<User>> SqliteReader::users(const domain::Page& page) {
  return guard<std::vector<User>>([&]() -> Result<std::vector<User>> {
    user_list_.bind(1, page.limit).bind(2, page.offset);
    std::vector<User> users;
    while (user_list_.step()) users.push_back(read_user(user_list_));
    user_list_.reset();
    return users;
  });
}

Result<bool> SqliteReader::email_taken(std::string_view email) {
  return guard<bool>([&]() -> Result<bool> {
    email_taken_.bind(1, domain::email_key(email)).bind(2, std::int64_t{0});
    const bool taken = email_taken_.step();
    email_taken_.reset();
    return taken;
  });
}

Result<Credentials> SqliteReader::credentials(std::string_view email) {
  return guard<Credentials>([&] {
    credentials_.bind(1, domain::email_key(email));
    return one_row<Credentials>(
        credentials_,
        [](const Statement& row) {
          return Credentials{read_user(row), row.column_text(8)};
        },
        "No user has this e-mail.");
  });
}

Result<StoredFile> SqliteReader::file(std::string_view name) {
  return guard<StoredFile>([&] {
    file_by_name_.bind(1, name);
    return one_row<StoredFile>(file_by_name_, read_file, "No file has this name.");
  });
}

}  // namespace mercado::storage::sqlite
