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
      category_list_(
          db_.prepare(queries::join(queries::kCategoryColumns, queries::kCategoryList))) {}

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

}  // namespace mercado::storage::sqlite
