// Every SQL statement the SQLite store runs, in one place. Parameters are numbered (?1, ?2...)
// and always bound.
#pragma once

#include <string_view>

namespace mercado::storage::sqlite::queries {

inline constexpr std::string_view kProductColumns = R"(
  SELECT p.id, p.title, p.slug, p.price_cents, p.description, p.images, p.created_at,
         p.updated_at, c.id, c.name, c.slug, c.image, c.created_at, c.updated_at
    FROM products p JOIN categories c ON c.id = p.category_id )";

inline constexpr std::string_view kProductById = "WHERE p.id = ?1";
inline constexpr std::string_view kProductBySlug = "WHERE p.slug = ?1";

// One statement for every combination of filters: a NULL parameter switches its filter off.
inline constexpr std::string_view kProductList = R"(
   WHERE (?1 IS NULL OR instr(p.title_folded, ?1) > 0)
     AND (?2 IS NULL OR p.price_cents = ?2)
     AND (?3 IS NULL OR p.price_cents >= ?3)
     AND (?4 IS NULL OR p.price_cents <= ?4)
     AND (?5 IS NULL OR p.category_id = ?5)
     AND (?6 IS NULL OR c.slug = ?6)
     AND (?7 IS NULL OR p.id <> ?7)
   ORDER BY p.id
   LIMIT ?8 OFFSET ?9)";

inline constexpr std::string_view kCategoryColumns =
    "SELECT id, name, slug, image, created_at, updated_at FROM categories ";
inline constexpr std::string_view kCategoryById = "WHERE id = ?1";
inline constexpr std::string_view kCategoryBySlug = "WHERE slug = ?1";
inline constexpr std::string_view kCategoryList = "ORDER BY id LIMIT ?1 OFFSET ?2";

inline constexpr std::string_view kInsertProduct = R"(
  INSERT INTO products (title, title_folded, slug, price_cents, description, category_id, images,
                        created_at, updated_at)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8))";
inline constexpr std::string_view kUpdateProduct = R"(
  UPDATE products SET title = ?2, title_folded = ?3, slug = ?4, price_cents = ?5,
                      description = ?6, category_id = ?7, images = ?8, updated_at = ?9
   WHERE id = ?1)";
inline constexpr std::string_view kDeleteProduct = "DELETE FROM products WHERE id = ?1";

inline constexpr std::string_view kInsertCategory = R"(
  INSERT INTO categories (name, slug, image, created_at, updated_at)
  VALUES (?1, ?2, ?3, ?4, ?4))";
inline constexpr std::string_view kUpdateCategory = R"(
  UPDATE categories SET name = ?2, slug = ?3, image = ?4, updated_at = ?5 WHERE id = ?1)";
inline constexpr std::string_view kDeleteCategory = "DELETE FROM categories WHERE id = ?1";
inline constexpr std::string_view kCategoryExists = "SELECT 1 FROM categories WHERE id = ?1";
inline constexpr std::string_view kCategoryHasProducts =
    "SELECT 1 FROM products WHERE category_id = ?1 LIMIT 1";

// Slugs that collide with `base`: itself and its numbered variants ("desk", "desk-2", ...).
// Slugs hold only [a-z0-9-], so LIKE's wildcards cannot appear in ?1.
inline constexpr std::string_view kProductSlugsLike =
    "SELECT slug FROM products WHERE (slug = ?1 OR slug LIKE ?1 || '-%') AND id <> ?2";
inline constexpr std::string_view kCategorySlugsLike =
    "SELECT slug FROM categories WHERE (slug = ?1 OR slug LIKE ?1 || '-%') AND id <> ?2";

inline constexpr std::string_view kCatalogIsEmpty =
    "SELECT NOT EXISTS (SELECT 1 FROM categories) AND NOT EXISTS (SELECT 1 FROM products)";

}  // namespace mercado::storage::sqlite::queries
