// Every SQL statement the SQLite store runs, in one place. Parameters are numbered (?1, ?2...)
// and always bound.
#pragma once

#include <iterator>
#include <string>
#include <string_view>

#include "domain/list_query.hpp"

namespace mercado::storage::sqlite::queries {

// A SELECT's columns and its WHERE/ORDER part, as one statement.
inline std::string join(std::string_view columns, std::string_view rest) {
  std::string sql(columns);
  sql += rest;
  return sql;
}

inline constexpr std::string_view kProductColumns = R"(
  SELECT p.id, p.title, p.slug, p.price_cents, p.description, p.images, p.created_at,
         p.updated_at, p.version, c.id, c.name, c.slug, c.image, c.created_at, c.updated_at,
         c.version, p.stock
    FROM products p JOIN categories c ON c.id = p.category_id )";

inline constexpr std::string_view kProductById = "WHERE p.id = ?1";
inline constexpr std::string_view kProductBySlug = "WHERE p.slug = ?1";

// The product filters, one bit each in parameter order: ?1 title, ?2 price, ?3 price_min,
// ?4 price_max, ?5 categoryId, ?6 categorySlug, ?7 the product "related" leaves out, ?8 an FTS5
// query over titles and descriptions (see search_expression).
inline constexpr std::string_view kProductConditions[] = {
    "instr(p.title_folded, ?1) > 0",
    "p.price_cents = ?2",
    "p.price_cents >= ?3",
    "p.price_cents <= ?4",
    "p.category_id = ?5",
    "p.category_id = (SELECT id FROM categories WHERE slug = ?6)",
    "p.id <> ?7",
    "p.id IN (SELECT rowid FROM product_search WHERE product_search MATCH ?8)"};

// The WHERE part for the filters a query has (`present`, bits as above), and only those: SQLite
// picks an index only for conditions it can see, and "(?n IS NULL OR ...)" for every filter
// would leave it none. Each condition keeps its parameter number.
inline std::string product_filter(unsigned present) {
  std::string where;
  for (unsigned i = 0; i < std::size(kProductConditions); ++i) {
    if ((present & (1u << i)) == 0) continue;
    where += where.empty() ? " WHERE " : " AND ";
    where += kProductConditions[i];
  }
  return where;
}
// No join: categories are needed only for a slug, which the condition looks up itself.
inline constexpr std::string_view kProductCount = "SELECT count(*) FROM products p";

// The column a list is sorted by, for each field a resource allows; `kind` is the table.
inline std::string_view sort_column(std::string_view kind, domain::SortField field) {
  using domain::SortField;
  const bool products = kind == "products";
  switch (field) {
    case SortField::kTitle:
      return "p.title_folded";
    case SortField::kPrice:
      return "p.price_cents";
    case SortField::kName:
      return "name COLLATE NOCASE";
    case SortField::kEmail:
      return "email_key";
    case SortField::kCreatedAt:
      return products ? "p.created_at" : "created_at";
    case SortField::kUpdatedAt:
      return products ? "p.updated_at" : "updated_at";
    case SortField::kId:
      break;
  }
  return products ? "p.id" : "id";
}

// " ORDER BY <column> <dir>, <id> <dir> LIMIT ?<n> OFFSET ?<n+1>": ties broken by id.
inline std::string order_and_page(std::string_view kind, const domain::Page& page,
                                  int first_parameter) {
  const char* direction = page.order == domain::SortOrder::kAscending ? " ASC" : " DESC";
  std::string sql = " ORDER BY ";
  sql += sort_column(kind, page.sort);
  sql += direction;
  if (page.sort != domain::SortField::kId) {
    sql += ", ";
    sql += sort_column(kind, domain::SortField::kId);
    sql += direction;
  }
  sql += " LIMIT ?" + std::to_string(first_parameter) + " OFFSET ?" +
         std::to_string(first_parameter + 1);
  return sql;
}

inline constexpr std::string_view kCategoryColumns =
    "SELECT id, name, slug, image, created_at, updated_at, version FROM categories ";
inline constexpr std::string_view kCategoryById = "WHERE id = ?1";
inline constexpr std::string_view kCategoryBySlug = "WHERE slug = ?1";
inline constexpr std::string_view kCategoryCount = "SELECT count(*) FROM categories";

inline constexpr std::string_view kInsertProduct = R"(
  INSERT INTO products (title, title_folded, slug, slug_base, slug_number, price_cents,
                        description, category_id, images, stock, created_at, updated_at)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?11, ?10, ?10))";
// A NULL slug (?4..?6) keeps the current one: the title did not change.
inline constexpr std::string_view kUpdateProduct = R"(
  UPDATE products SET title = ?2, title_folded = ?3, slug = coalesce(?4, slug),
                      slug_base = coalesce(?5, slug_base), slug_number = coalesce(?6, slug_number),
                      price_cents = ?7, description = ?8, category_id = ?9, images = ?10,
                      updated_at = ?11, stock = ?12
   WHERE id = ?1)";
inline constexpr std::string_view kDeleteProduct = "DELETE FROM products WHERE id = ?1";

inline constexpr std::string_view kInsertCategory = R"(
  INSERT INTO categories (name, slug, slug_base, slug_number, image, created_at, updated_at)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6))";
inline constexpr std::string_view kUpdateCategory = R"(
  UPDATE categories SET name = ?2, slug = coalesce(?3, slug), slug_base = coalesce(?4, slug_base),
                        slug_number = coalesce(?5, slug_number), image = ?6,
                        updated_at = ?7
   WHERE id = ?1)";
inline constexpr std::string_view kDeleteCategory = "DELETE FROM categories WHERE id = ?1";
inline constexpr std::string_view kCategoryExists = "SELECT 1 FROM categories WHERE id = ?1";
inline constexpr std::string_view kCategoryHasProducts =
    "SELECT 1 FROM products WHERE category_id = ?1 LIMIT 1";

// Free slugs: the row's own slug when it already has this base, the highest number used with a
// base, and whether a candidate is taken.
struct SlugQueries {
  std::string_view own;
  std::string_view highest_number;
  std::string_view taken;
};
inline constexpr SlugQueries kProductSlugs = {
    "SELECT slug, slug_number FROM products WHERE id = ?2 AND slug_base = ?1",
    "SELECT coalesce(max(slug_number), 0) FROM products WHERE slug_base = ?1 AND id <> ?2",
    "SELECT 1 FROM products WHERE slug = ?1 AND id <> ?2"};
inline constexpr SlugQueries kCategorySlugs = {
    "SELECT slug, slug_number FROM categories WHERE id = ?2 AND slug_base = ?1",
    "SELECT coalesce(max(slug_number), 0) FROM categories WHERE slug_base = ?1 AND id <> ?2",
    "SELECT 1 FROM categories WHERE slug = ?1 AND id <> ?2"};

inline constexpr std::string_view kCatalogIsEmpty =
    "SELECT NOT EXISTS (SELECT 1 FROM categories) AND NOT EXISTS (SELECT 1 FROM products)";

inline constexpr std::string_view kUserColumns =
    "SELECT id, email, name, role, avatar, created_at, updated_at, demo, version FROM users ";
inline constexpr std::string_view kUserById = "WHERE id = ?1";
inline constexpr std::string_view kUserCount = "SELECT count(*) FROM users";
inline constexpr std::string_view kCredentials = R"(
  SELECT id, email, name, role, avatar, created_at, updated_at, demo, version, password_hash
    FROM users WHERE email_key = ?1)";
inline constexpr std::string_view kEmailTaken =
    "SELECT 1 FROM users WHERE email_key = ?1 AND id <> ?2";
inline constexpr std::string_view kInsertUser = R"(
  INSERT INTO users (email, email_key, name, password_hash, role, avatar, demo, created_at,
                     updated_at)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8))";
// A NULL parameter keeps the column as it is.
inline constexpr std::string_view kUpdateUser = R"(
  UPDATE users SET email = coalesce(?2, email), email_key = coalesce(?3, email_key),
                   name = coalesce(?4, name), password_hash = coalesce(?5, password_hash),
                   role = coalesce(?6, role), avatar = coalesce(?7, avatar), updated_at = ?8
   WHERE id = ?1)";
inline constexpr std::string_view kDeleteUser = "DELETE FROM users WHERE id = ?1";
inline constexpr std::string_view kHasDemoUsers = "SELECT EXISTS (SELECT 1 FROM users WHERE demo)";

inline constexpr std::string_view kFileByName =
    "SELECT name, media_type, bytes, etag, created_at FROM files WHERE name = ?1";
inline constexpr std::string_view kInsertFile = R"(
  INSERT INTO files (name, media_type, bytes, etag, created_at) VALUES (?1, ?2, ?3, ?4, ?5))";

inline constexpr std::string_view kForgetOldIdempotencyKeys =
    "DELETE FROM idempotency_keys WHERE created_ms < ?1";
inline constexpr std::string_view kIdempotencyKey = R"(
  SELECT fingerprint, status, content_type, location, body, created_ms
    FROM idempotency_keys WHERE key = ?1)";
// A new claim, or the take-over of an abandoned one (same key, same fingerprint).
inline constexpr std::string_view kClaimIdempotencyKey = R"(
  INSERT INTO idempotency_keys (key, fingerprint, created_ms) VALUES (?1, ?2, ?3)
  ON CONFLICT (key) DO UPDATE SET created_ms = excluded.created_ms)";
inline constexpr std::string_view kRecordIdempotentResponse = R"(
  UPDATE idempotency_keys SET status = ?2, content_type = ?3, location = ?4, body = ?5
   WHERE key = ?1)";
inline constexpr std::string_view kReleaseIdempotencyKey =
    "DELETE FROM idempotency_keys WHERE key = ?1 AND status IS NULL";

// Carts: each line's product as kProductColumns lays it out, then the quantity (column 17).
inline constexpr std::string_view kCartLines = R"(
  SELECT p.id, p.title, p.slug, p.price_cents, p.description, p.images, p.created_at,
         p.updated_at, p.version, c.id, c.name, c.slug, c.image, c.created_at, c.updated_at,
         c.version, p.stock, i.quantity
    FROM cart_items i JOIN products p ON p.id = i.product_id
         JOIN categories c ON c.id = p.category_id
   WHERE i.user_id = ?1 ORDER BY i.id)";
inline constexpr std::string_view kUserIsThere = "SELECT 1 FROM users WHERE id = ?1";
inline constexpr std::string_view kCartItems =
    "SELECT product_id, quantity FROM cart_items WHERE user_id = ?1 ORDER BY id";
inline constexpr std::string_view kOtherCartLines =
    "SELECT count(*) FROM cart_items WHERE user_id = ?1 AND product_id <> ?2";
inline constexpr std::string_view kSetCartQuantity = R"(
  INSERT INTO cart_items (user_id, product_id, quantity) VALUES (?1, ?2, ?3)
  ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = excluded.quantity)";
inline constexpr std::string_view kRemoveCartLine =
    "DELETE FROM cart_items WHERE user_id = ?1 AND product_id = ?2";
inline constexpr std::string_view kClearCart = "DELETE FROM cart_items WHERE user_id = ?1";

inline constexpr std::string_view kOrderColumns =
    "SELECT id, user_id, status, total_cents, created_at, updated_at, version FROM orders ";
inline constexpr std::string_view kOrderById = "WHERE id = ?1";
inline constexpr std::string_view kOrderLines = R"(
  SELECT product_id, title, image, unit_price_cents, quantity FROM order_lines
   WHERE order_id = ?1 ORDER BY position)";
// The filters of GET /orders, only those present (as product_filter does): ?1 the user, ?2 the
// status. A parameter a statement does not use may still be bound.
inline std::string order_filter(bool by_user, bool by_status) {
  std::string where;
  if (by_user) where += " WHERE user_id = ?1";
  if (by_status) where += by_user ? " AND status = ?2" : " WHERE status = ?2";
  return where;
}
inline constexpr std::string_view kOrderCount = "SELECT count(*) FROM orders";
inline constexpr std::string_view kTakeStock =
    "UPDATE products SET stock = stock - ?2 WHERE id = ?1";
inline constexpr std::string_view kInsertOrder = R"(
  INSERT INTO orders (user_id, status, total_cents, created_at, updated_at)
  VALUES (?1, 'pending', ?2, ?3, ?3))";
inline constexpr std::string_view kInsertOrderLine = R"(
  INSERT INTO order_lines (order_id, position, product_id, title, image, unit_price_cents,
                           quantity)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))";
inline constexpr std::string_view kSetOrderStatus =
    "UPDATE orders SET status = ?2, updated_at = ?3 WHERE id = ?1";
// Cancelling: each line's units go back to its product, if the product still exists.
inline constexpr std::string_view kReturnStock = R"(
  UPDATE products SET stock = stock + (SELECT sum(quantity) FROM order_lines
                                        WHERE order_id = ?1 AND product_id = products.id)
   WHERE id IN (SELECT product_id FROM order_lines WHERE order_id = ?1))";

inline constexpr std::string_view kCommitPosition = "SELECT position FROM commit_position";

inline constexpr std::string_view kInsertSettingIfAbsent =
    "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING";
inline constexpr std::string_view kSettingByKey = "SELECT value FROM settings WHERE key = ?1";

}  // namespace mercado::storage::sqlite::queries
