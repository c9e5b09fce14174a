#include "storage/sqlite/sqlite_writer.hpp"

#include <charconv>

#include "domain/slug.hpp"
#include "domain/text.hpp"
#include "domain/timestamp.hpp"
#include "storage/sqlite/queries.hpp"
#include "storage/sqlite/rows.hpp"

namespace mercado::storage::sqlite {
namespace {

std::string concat(std::string_view a, std::string_view b) {
  std::string sql(a);
  sql += b;
  return sql;
}

domain::Error unknown_category() {
  return domain::invalid("The body is invalid.",
                         {{"categoryId", "must be the id of an existing category"}});
}

}  // namespace

Statement& SqliteWriter::statement(std::string_view sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    found = statements_.emplace(std::string(sql), db_.prepare(sql)).first;
  }
  found->second.reset();
  return found->second;
}

// Lowest numbered variant of `base` that no other row uses: "desk", else "desk-N" for N above
// every number already taken. One query, whatever the number of earlier duplicates.
std::string SqliteWriter::free_slug(std::string_view sql, const std::string& base,
                                    std::int64_t self_id) {
  auto& taken = statement(sql);
  taken.bind(1, base).bind(2, self_id);
  bool base_taken = false;
  int highest = 1;
  while (taken.step()) {
    const std::string_view slug = taken.column_view(0);
    if (slug == base) {
      base_taken = true;
      continue;
    }
    const std::string_view suffix = slug.substr(base.size() + 1);
    int n = 0;
    const auto [end, ec] = std::from_chars(suffix.data(), suffix.data() + suffix.size(), n);
    if (ec == std::errc() && end == suffix.data() + suffix.size()) highest = std::max(highest, n);
  }
  return base_taken ? domain::slug_candidate(base, highest + 1) : base;
}

Result<Product> SqliteWriter::load_product(ProductId id) {
  auto& select = statement(concat(queries::kProductColumns, queries::kProductById));
  select.bind(1, id.value);
  if (!select.step()) return domain::not_found("No product has this id.");
  return read_product(select);
}

Result<Category> SqliteWriter::load_category(CategoryId id) {
  auto& select = statement(concat(queries::kCategoryColumns, queries::kCategoryById));
  select.bind(1, id.value);
  if (!select.step()) return domain::not_found("No category has this id.");
  return read_category(select);
}

bool SqliteWriter::category_exists(CategoryId id) {
  auto& select = statement(queries::kCategoryExists);
  select.bind(1, id.value);
  return select.step();
}

Result<Product> SqliteWriter::create_product(const ProductInput& input) {
  if (!category_exists(*input.category_id)) return unknown_category();
  const std::string now = domain::now_timestamp();
  statement(queries::kInsertProduct)
      .bind(1, *input.title)
      .bind(2, domain::fold_to_ascii_lower(*input.title))
      .bind(3, free_slug(queries::kProductSlugsLike, domain::slugify(*input.title), 0))
      .bind(4, input.price->value)
      .bind(5, *input.description)
      .bind(6, input.category_id->value)
      .bind(7, encode_images(*input.images))
      .bind(8, now)
      .run();
  return load_product({db_.last_insert_id()});
}

Result<Product> SqliteWriter::update_product(ProductId id, const ProductInput& input) {
  auto current = load_product(id);
  if (!current) return current;
  Product& product = *current;
  if (input.category_id && *input.category_id != product.category.id) {
    if (!category_exists(*input.category_id)) return unknown_category();
    product.category.id = *input.category_id;
  }
  if (input.title && *input.title != product.title) {
    product.title = *input.title;
    product.slug = free_slug(queries::kProductSlugsLike, domain::slugify(product.title), id.value);
  }
  if (input.price) product.price = *input.price;
  if (input.description) product.description = *input.description;
  if (input.images) product.images = *input.images;
  statement(queries::kUpdateProduct)
      .bind(1, id.value)
      .bind(2, product.title)
      .bind(3, domain::fold_to_ascii_lower(product.title))
      .bind(4, product.slug)
      .bind(5, product.price.value)
      .bind(6, product.description)
      .bind(7, product.category.id.value)
      .bind(8, encode_images(product.images))
      .bind(9, domain::now_timestamp())
      .run();
  return load_product(id);
}

Result<bool> SqliteWriter::delete_product(ProductId id) {
  statement(queries::kDeleteProduct).bind(1, id.value).run();
  if (db_.changes() == 0) return domain::not_found("No product has this id.");
  return true;
}

Result<Category> SqliteWriter::create_category(const CategoryInput& input) {
  statement(queries::kInsertCategory)
      .bind(1, *input.name)
      .bind(2, free_slug(queries::kCategorySlugsLike, domain::slugify(*input.name), 0))
      .bind(3, *input.image)
      .bind(4, domain::now_timestamp())
      .run();
  return load_category({db_.last_insert_id()});
}

Result<Category> SqliteWriter::update_category(CategoryId id, const CategoryInput& input) {
  auto current = load_category(id);
  if (!current) return current;
  Category& category = *current;
  if (input.name && *input.name != category.name) {
    category.name = *input.name;
    category.slug =
        free_slug(queries::kCategorySlugsLike, domain::slugify(category.name), id.value);
  }
  if (input.image) category.image = *input.image;
  statement(queries::kUpdateCategory)
      .bind(1, id.value)
      .bind(2, category.name)
      .bind(3, category.slug)
      .bind(4, category.image)
      .bind(5, domain::now_timestamp())
      .run();
  return load_category(id);
}

Result<bool> SqliteWriter::delete_category(CategoryId id) {
  if (!category_exists(id)) return domain::not_found("No category has this id.");
  auto& has_products = statement(queries::kCategoryHasProducts);
  has_products.bind(1, id.value);
  if (has_products.step()) {
    return domain::conflict(
        "The category still has products; delete or move them before deleting it.");
  }
  statement(queries::kDeleteCategory).bind(1, id.value).run();
  return true;
}

Result<bool> SqliteWriter::catalog_is_empty() {
  auto& select = statement(queries::kCatalogIsEmpty);
  select.step();
  return select.column_int(0) != 0;
}

}  // namespace mercado::storage::sqlite
