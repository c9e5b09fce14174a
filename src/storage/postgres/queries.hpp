// Every SQL statement the PostgreSQL store runs, in one place. Values are always parameters
// ($1, $2...), never spliced into the text.
#pragma once

#include <string>
#include <string_view>

#include "domain/list_query.hpp"

namespace mercado::storage::postgres::queries {

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
inline constexpr std::string_view kProductById = "WHERE p.id = $1";
inline constexpr std::string_view kProductBySlug = "WHERE p.slug = $1";
// Inside a write: the row stays as read until the write's transaction ends (If-Match).
inline constexpr std::string_view kLockProduct = "WHERE p.id = $1 FOR UPDATE OF p";

// The product filters, in the order their values are bound; `#` stands for the parameter's
// number, which depends on the filters before it (PostgreSQL needs every $n it is given used).
inline constexpr std::string_view kProductConditions[] = {
    "strpos(p.title_folded, $#) > 0",
    "p.price_cents = $#",
    "p.price_cents >= $#",
    "p.price_cents <= $#",
    "p.category_id = $#",
    "p.category_id = (SELECT id FROM categories WHERE slug = $#)",
    "p.id <> $#",
    "p.search @@ (SELECT mercado_search_query($#::text[]))"};

// The WHERE part for the filters a query has (`present`, one bit each as above), numbering
// their parameters from $1; `next` becomes the number after the last.
inline std::string product_filter(unsigned present, int& next) {
  std::string where;
  next = 1;
  for (unsigned i = 0; i < std::size(kProductConditions); ++i) {
    if ((present & (1u << i)) == 0) continue;
    where += where.empty() ? " WHERE " : " AND ";
    for (const char c : kProductConditions[i]) {
      where += c == '#' ? std::to_string(next++) : std::string(1, c);
    }
  }
  return where;
}
inline constexpr std::string_view kProductCount = "SELECT count(*) FROM products p";

// The column a list is sorted by, for each field a resource allows. Text sorts by bytes
// (COLLATE "C") as on SQLite, and matches the indexes of 0001_schema.sql.
inline std::string_view sort_column(std::string_view kind, domain::SortField field) {
  using domain::SortField;
  const bool products = kind == "products";
  switch (field) {
    case SortField::kTitle:
      return "p.title_folded COLLATE \"C\"";
    case SortField::kPrice:
      return "p.price_cents";
    case SortField::kName:
      return "lower(name) COLLATE \"C\"";
    case SortField::kEmail:
      return "email_key COLLATE \"C\"";
    case SortField::kCreatedAt:
      return products ? "p.created_at COLLATE \"C\"" : "created_at COLLATE \"C\"";
    case SortField::kUpdatedAt:
      return products ? "p.updated_at COLLATE \"C\"" : "updated_at COLLATE \"C\"";
    case SortField::kId:
      break;
  }
  return products ? "p.id" : "id";
}

// " ORDER BY <column> <dir>, <id> <dir> LIMIT $<n> OFFSET $<n+1>": ties broken by id.
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
  sql += " LIMIT $" + std::to_string(first_parameter) + " OFFSET $" +
         std::to_string(first_parameter + 1);
  return sql;
}

inline constexpr std::string_view kCategoryColumns =
    "SELECT id, name, slug, image, created_at, updated_at, version FROM categories ";
inline constexpr std::string_view kCategoryById = "WHERE id = $1";
inline constexpr std::string_view kCategoryBySlug = "WHERE slug = $1";
inline constexpr std::string_view kLockCategory = "WHERE id = $1 FOR UPDATE";
inline constexpr std::string_view kCategoryCount = "SELECT count(*) FROM categories";

// A written product as queries::kProductColumns lays it out, in the writing statement itself.
// An insert whose slug is taken returns no row and changes nothing (the writer tries the next).
inline constexpr std::string_view kWrittenProduct = R"(
  SELECT p.id, p.title, p.slug, p.price_cents, p.description, p.images, p.created_at,
         p.updated_at, p.version, c.id, c.name, c.slug, c.image, c.created_at, c.updated_at,
         c.version, p.stock
    FROM p JOIN categories c ON c.id = p.category_id)";
inline const std::string kInsertProduct = join(R"(
  WITH p AS (
    INSERT INTO products (title, title_folded, slug, slug_base, slug_number, price_cents,
                          description, category_id, images, stock, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $11, $10, $10)
    ON CONFLICT (slug) DO NOTHING RETURNING *))",
                                               kWrittenProduct);
// A new product in one statement, in the common case: the category exists and the next number
// of its slug base is free. The slug is formed as domain::slug_candidate forms it ("base",
// "base-N" for N >= 2). No row: the category is missing, or another writer took the slug
// first (the insert waited for it); PgWriter::create_product then takes the long way.
inline const std::string kCreateProduct = join(R"(
  WITH c AS (SELECT id FROM categories WHERE id = $6 FOR KEY SHARE),
       n AS (SELECT coalesce(max(slug_number), 0) + 1 AS number
               FROM products WHERE slug_base = $3),
       p AS (
    INSERT INTO products (title, title_folded, slug, slug_base, slug_number, price_cents,
                          description, category_id, images, stock, created_at, updated_at)
    SELECT $1, $2, CASE WHEN n.number = 1 THEN $3 ELSE $3 || '-' || n.number END, $3,
           n.number, $4, $5, c.id, $7, $9, $8, $8
      FROM c, n
    ON CONFLICT (slug) DO NOTHING RETURNING *))",
                                               kWrittenProduct);
// A NULL slug ($4..$6) keeps the current one: the title did not change.
inline const std::string kUpdateProduct = join(R"(
  WITH p AS (
    UPDATE products SET title = $2, title_folded = $3, slug = coalesce($4, slug),
                        slug_base = coalesce($5, slug_base),
                        slug_number = coalesce($6, slug_number), price_cents = $7,
                        description = $8, category_id = $9, images = $10, updated_at = $11,
                        stock = $12
     WHERE id = $1 RETURNING *))",
                                               kWrittenProduct);
inline constexpr std::string_view kDeleteProduct = "DELETE FROM products WHERE id = $1";

inline constexpr std::string_view kInsertCategory = R"(
  INSERT INTO categories (name, slug, slug_base, slug_number, image, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id)";
inline constexpr std::string_view kUpdateCategory = R"(
  UPDATE categories SET name = $2, slug = coalesce($3, slug), slug_base = coalesce($4, slug_base),
                        slug_number = coalesce($5, slug_number), image = $6, updated_at = $7
   WHERE id = $1)";
inline constexpr std::string_view kDeleteCategory = "DELETE FROM categories WHERE id = $1";
// KEY SHARE: the category can't be deleted before the product that names it commits.
inline constexpr std::string_view kCategoryExists =
    "SELECT 1 FROM categories WHERE id = $1 FOR KEY SHARE";
inline constexpr std::string_view kCategoryHasProducts =
    "SELECT 1 FROM products WHERE category_id = $1 LIMIT 1";

// Writers in every instance that want a slug with one base take turns: the lock is held until
// the transaction ends, so the next one sees the slug the last one took.
inline constexpr std::string_view kLockName =
    "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";

// The row's own slug (and its base), the highest number used with a base, and whether a
// candidate is taken. Each filters on one indexed column only: a prepared statement's generic
// plan can't know that "id = $2 AND slug_base = $1" is one row, and may walk every row of a
// popular base instead.
struct SlugQueries {
  std::string_view own;
  std::string_view highest_number;
  std::string_view taken;
};
inline constexpr SlugQueries kProductSlugs = {
    "SELECT slug, slug_number, slug_base FROM products WHERE id = $1",
    "SELECT coalesce(max(slug_number), 0) FROM products WHERE slug_base = $1 AND id <> $2",
    "SELECT 1 FROM products WHERE slug = $1 AND id <> $2"};
inline constexpr SlugQueries kCategorySlugs = {
    "SELECT slug, slug_number, slug_base FROM categories WHERE id = $1",
    "SELECT coalesce(max(slug_number), 0) FROM categories WHERE slug_base = $1 AND id <> $2",
    "SELECT 1 FROM categories WHERE slug = $1 AND id <> $2"};

inline constexpr std::string_view kCatalogIsEmpty =
    "SELECT NOT EXISTS (SELECT 1 FROM categories) AND NOT EXISTS (SELECT 1 FROM products)";

inline constexpr std::string_view kUserColumns =
    "SELECT id, email, name, role, avatar, created_at, updated_at, demo, version FROM users ";
inline constexpr std::string_view kUserById = "WHERE id = $1";
inline constexpr std::string_view kLockUser = "WHERE id = $1 FOR UPDATE";
inline constexpr std::string_view kUserCount = "SELECT count(*) FROM users";
inline constexpr std::string_view kCredentials = R"(
  SELECT id, email, name, role, avatar, created_at, updated_at, demo, version, password_hash
    FROM users WHERE email_key = $1)";
inline constexpr std::string_view kEmailTaken =
    "SELECT 1 FROM users WHERE email_key = $1 AND id <> $2";
inline constexpr std::string_view kInsertUser = R"(
  INSERT INTO users (email, email_key, name, password_hash, role, avatar, demo, created_at,
                     updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id)";
inline constexpr std::string_view kUpdateUser = R"(
  UPDATE users SET email = coalesce($2, email), email_key = coalesce($3, email_key),
                   name = coalesce($4, name), password_hash = coalesce($5, password_hash),
                   role = coalesce($6, role), avatar = coalesce($7, avatar), updated_at = $8
   WHERE id = $1)";
inline constexpr std::string_view kDeleteUser = "DELETE FROM users WHERE id = $1";
inline constexpr std::string_view kHasDemoUsers = "SELECT EXISTS (SELECT 1 FROM users WHERE demo)";

inline constexpr std::string_view kFileByName =
    "SELECT name, media_type, bytes, etag, created_at FROM files WHERE name = $1";
inline constexpr std::string_view kInsertFile = R"(
  INSERT INTO files (name, media_type, bytes, etag, created_at) VALUES ($1, $2, $3, $4, $5))";

inline constexpr std::string_view kForgetOldIdempotencyKeys =
    "DELETE FROM idempotency_keys WHERE created_ms < $1";
// A claim is a row inserted first: of two instances claiming one key at once, the second waits
// for the first's transaction and then finds the row.
inline constexpr std::string_view kInsertIdempotencyClaim = R"(
  INSERT INTO idempotency_keys (key, fingerprint, created_ms) VALUES ($1, $2, $3)
  ON CONFLICT (key) DO NOTHING RETURNING 1)";
inline constexpr std::string_view kLockIdempotencyKey = R"(
  SELECT fingerprint, status, content_type, location, body, created_ms
    FROM idempotency_keys WHERE key = $1 FOR UPDATE)";
inline constexpr std::string_view kRenewIdempotencyClaim =
    "UPDATE idempotency_keys SET created_ms = $2 WHERE key = $1";
inline constexpr std::string_view kRecordIdempotentResponse = R"(
  UPDATE idempotency_keys SET status = $2, content_type = $3, location = $4, body = $5
   WHERE key = $1)";
inline constexpr std::string_view kReleaseIdempotencyKey =
    "DELETE FROM idempotency_keys WHERE key = $1 AND status IS NULL";

// Carts: each line's product as kProductColumns lays it out, then the quantity (column 17).
inline constexpr std::string_view kCartLines = R"(
  SELECT p.id, p.title, p.slug, p.price_cents, p.description, p.images, p.created_at,
         p.updated_at, p.version, c.id, c.name, c.slug, c.image, c.created_at, c.updated_at,
         c.version, p.stock, i.quantity
    FROM cart_items i JOIN products p ON p.id = i.product_id
         JOIN categories c ON c.id = p.category_id
   WHERE i.user_id = $1 ORDER BY i.id)";
// KEY SHARE: the account can't be deleted before the cart line or order that names it commits.
inline constexpr std::string_view kUserExists = "SELECT 1 FROM users WHERE id = $1 FOR KEY SHARE";
inline constexpr std::string_view kUserIsThere = "SELECT 1 FROM users WHERE id = $1";
inline constexpr std::string_view kCartItems =
    "SELECT product_id, quantity FROM cart_items WHERE user_id = $1 ORDER BY id";
inline constexpr std::string_view kOtherCartLines =
    "SELECT count(*) FROM cart_items WHERE user_id = $1 AND product_id <> $2";
inline constexpr std::string_view kSetCartQuantity = R"(
  INSERT INTO cart_items (user_id, product_id, quantity) VALUES ($1, $2, $3)
  ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = excluded.quantity)";
inline constexpr std::string_view kRemoveCartLine =
    "DELETE FROM cart_items WHERE user_id = $1 AND product_id = $2";
inline constexpr std::string_view kClearCart = "DELETE FROM cart_items WHERE user_id = $1";

// The products an order takes, locked in id order: two orders that share products lock them in
// the same order, so neither waits for the other in a circle.
inline const std::string kLockProducts =
    join(kProductColumns, "WHERE p.id = ANY($1::bigint[]) ORDER BY p.id FOR UPDATE OF p");
inline constexpr std::string_view kTakeStock =
    "UPDATE products SET stock = stock - $2 WHERE id = $1";
inline constexpr std::string_view kInsertOrder = R"(
  INSERT INTO orders (user_id, status, total_cents, created_at, updated_at)
  VALUES ($1, 'pending', $2, $3, $3) RETURNING id)";
inline constexpr std::string_view kInsertOrderLine = R"(
  INSERT INTO order_lines (order_id, position, product_id, title, image, unit_price_cents,
                           quantity)
  VALUES ($1, $2, $3, $4, $5, $6, $7))";
inline constexpr std::string_view kSetOrderStatus =
    "UPDATE orders SET status = $2, updated_at = $3 WHERE id = $1";
// Cancelling: each line's units go back to its product, if the product still exists. The
// products are locked first in id order, as kLockProducts does.
inline constexpr std::string_view kLockOrderProducts = R"(
  SELECT 1 FROM products
   WHERE id IN (SELECT product_id FROM order_lines WHERE order_id = $1) ORDER BY id FOR UPDATE)";
inline constexpr std::string_view kReturnStock = R"(
  UPDATE products p SET stock = p.stock + l.quantity
    FROM order_lines l WHERE l.order_id = $1 AND l.product_id = p.id)";

inline constexpr std::string_view kOrderColumns =
    "SELECT id, user_id, status, total_cents, created_at, updated_at, version FROM orders ";
inline constexpr std::string_view kOrderById = "WHERE id = $1";
inline constexpr std::string_view kLockOrder = "WHERE id = $1 FOR UPDATE";
inline constexpr std::string_view kOrderLineColumns =
    "SELECT order_id, product_id, title, image, unit_price_cents, quantity FROM order_lines ";
inline constexpr std::string_view kOrderLines = "WHERE order_id = $1 ORDER BY position";
inline constexpr std::string_view kOrderCount = "SELECT count(*) FROM orders";
// The filters of GET /orders, only those present, numbered from $1 (the user's before the
// status's); `next` becomes the number after the last.
inline std::string order_filter(bool by_user, bool by_status, int& next) {
  std::string where;
  next = 1;
  if (by_user) where += " WHERE user_id = $" + std::to_string(next++);
  if (by_status)
    where += (by_user ? " AND status = $" : " WHERE status = $") + std::to_string(next++);
  return where;
}
// The lines of the orders of one page: `page` is the page's own query (ids first).
inline std::string lines_of_page(std::string_view page) {
  std::string sql(kOrderLineColumns);
  sql += "WHERE order_id IN (SELECT id FROM (";
  sql += page;
  sql += ") page) ORDER BY order_id, position";
  return sql;
}

inline constexpr std::string_view kCommitPosition = "SELECT position FROM commit_position";

inline constexpr std::string_view kInsertSettingIfAbsent =
    "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
inline constexpr std::string_view kSettingByKey = "SELECT value FROM settings WHERE key = $1";

// A lookup (at most one row) that also says the server's commit position, in one statement and
// so in one snapshot: always one row, the position first (Rows::unwrap_lookup).
inline std::string wrap_lookup(std::string_view lookup) {
  std::string sql = "SELECT cp.position, x.* FROM commit_position cp LEFT JOIN LATERAL (";
  sql += lookup;
  sql += ") x ON true";
  return sql;
}

// A read of several statements sees one snapshot.
inline constexpr std::string_view kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
inline constexpr std::string_view kCommit = "COMMIT";

}  // namespace mercado::storage::postgres::queries
