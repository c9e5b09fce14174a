#include "storage/postgres/pg_writer.hpp"

#include "domain/slug.hpp"
#include "domain/text.hpp"
#include "domain/timestamp.hpp"
#include "storage/image_list.hpp"
#include "storage/postgres/rows.hpp"

namespace mercado::storage::postgres {
namespace {

domain::Error email_conflict() {
  return domain::conflict("An account with this e-mail already exists.");
}

domain::Error unknown_category() {
  return domain::invalid("The body is invalid.",
                         {{"categoryId", "must be the id of an existing category"}});
}

}  // namespace

void PgWriter::lock_name(std::string_view space, std::string_view name) {
  std::string key(space);
  key += '/';
  key += name;
  db_.run(queries::kLockName, Params().add(key));
}

// As SqliteWriter::free_slug, with the base's lock held first: two instances creating "Lamp"
// at once take turns, and the second sees the first's "lamp" and takes "lamp-2".
PgWriter::FreeSlug PgWriter::free_slug(std::string_view table, const queries::SlugQueries& sql,
                                       std::string base, std::int64_t self_id) {
  lock_name(table, base);
  const auto own = db_.run(sql.own, Params().add(base).add(self_id));
  if (!own.empty()) return {own.text(0, 0), std::move(base), own.number(0, 1)};
  const auto highest = db_.run(sql.highest_number, Params().add(base).add(self_id));
  std::int64_t number = highest.number(0, 0);
  for (;;) {
    ++number;
    std::string candidate = number == 1 ? base : domain::slug_candidate(base, number);
    if (db_.run(sql.taken, Params().add(candidate).add(self_id)).empty()) {
      return {std::move(candidate), std::move(base), number};
    }
  }
}

Result<Product> PgWriter::load_product(ProductId id, std::string_view lock) {
  const auto rows = db_.run(queries::join(queries::kProductColumns, lock), Params().add(id.value));
  if (rows.empty()) return domain::not_found("No product has this id.");
  return read_product(rows, 0);
}

Result<Product> PgWriter::product(ProductId id) { return load_product(id); }

Result<Category> PgWriter::load_category(CategoryId id) {
  const auto rows = db_.run(queries::join(queries::kCategoryColumns, queries::kLockCategory),
                            Params().add(id.value));
  if (rows.empty()) return domain::not_found("No category has this id.");
  return read_category(rows, 0);
}

Result<Category> PgWriter::category(CategoryId id) { return load_category(id); }

Result<User> PgWriter::load_user(UserId id) {
  const auto rows =
      db_.run(queries::join(queries::kUserColumns, queries::kLockUser), Params().add(id.value));
  if (rows.empty()) return domain::not_found("No user has this id.");
  return read_user(rows, 0);
}

Result<User> PgWriter::user(UserId id) { return load_user(id); }

bool PgWriter::category_exists(CategoryId id) {
  return !db_.run(queries::kCategoryExists, Params().add(id.value)).empty();
}

Result<Product> PgWriter::create_product(const ProductInput& input) {
  if (!category_exists(*input.category_id)) return unknown_category();
  const auto slug = free_slug("products", queries::kProductSlugs, domain::slugify(*input.title), 0);
  const auto inserted =
      db_.run(queries::kInsertProduct, Params()
                                           .add(*input.title)
                                           .add(domain::fold_to_ascii_lower(*input.title))
                                           .add(slug.slug)
                                           .add(slug.base)
                                           .add(slug.number)
                                           .add(input.price->value)
                                           .add(*input.description)
                                           .add(input.category_id->value)
                                           .add(encode_images(*input.images))
                                           .add(domain::now_timestamp()));
  return load_product({inserted.number(0, 0)}, queries::kProductById);
}

Result<Product> PgWriter::update_product(ProductId id, const ProductInput& input) {
  auto current = load_product(id);
  if (!current) return current;
  Product& product = *current;
  if (input.category_id && *input.category_id != product.category.id) {
    if (!category_exists(*input.category_id)) return unknown_category();
    product.category.id = *input.category_id;
  }
  std::optional<FreeSlug> slug;
  if (input.title && *input.title != product.title) {
    product.title = *input.title;
    slug = free_slug("products", queries::kProductSlugs, domain::slugify(product.title), id.value);
  }
  if (input.price) product.price = *input.price;
  if (input.description) product.description = *input.description;
  if (input.images) product.images = *input.images;
  db_.run(queries::kUpdateProduct, Params()
                                       .add(id.value)
                                       .add(product.title)
                                       .add(domain::fold_to_ascii_lower(product.title))
                                       .add(slug ? std::optional(slug->slug) : std::nullopt)
                                       .add(slug ? std::optional(slug->base) : std::nullopt)
                                       .add(slug ? std::optional(slug->number) : std::nullopt)
                                       .add(product.price.value)
                                       .add(product.description)
                                       .add(product.category.id.value)
                                       .add(encode_images(product.images))
                                       .add(domain::now_timestamp()));
  return load_product(id, queries::kProductById);
}

Result<bool> PgWriter::delete_product(ProductId id) {
  if (db_.run(queries::kDeleteProduct, Params().add(id.value)).affected() == 0) {
    return domain::not_found("No product has this id.");
  }
  return true;
}

Result<Category> PgWriter::create_category(const CategoryInput& input) {
  const auto slug =
      free_slug("categories", queries::kCategorySlugs, domain::slugify(*input.name), 0);
  const auto inserted = db_.run(queries::kInsertCategory, Params()
                                                              .add(*input.name)
                                                              .add(slug.slug)
                                                              .add(slug.base)
                                                              .add(slug.number)
                                                              .add(*input.image)
                                                              .add(domain::now_timestamp()));
  return load_category({inserted.number(0, 0)});
}

Result<Category> PgWriter::update_category(CategoryId id, const CategoryInput& input) {
  auto current = load_category(id);
  if (!current) return current;
  Category& category = *current;
  std::optional<FreeSlug> slug;
  if (input.name && *input.name != category.name) {
    category.name = *input.name;
    slug =
        free_slug("categories", queries::kCategorySlugs, domain::slugify(category.name), id.value);
  }
  if (input.image) category.image = *input.image;
  db_.run(queries::kUpdateCategory, Params()
                                        .add(id.value)
                                        .add(category.name)
                                        .add(slug ? std::optional(slug->slug) : std::nullopt)
                                        .add(slug ? std::optional(slug->base) : std::nullopt)
                                        .add(slug ? std::optional(slug->number) : std::nullopt)
                                        .add(category.image)
                                        .add(domain::now_timestamp()));
  return load_category(id);
}

// The category's row lock waits for products being added to it elsewhere (they hold KEY SHARE
// on it) and keeps new ones out until this transaction ends, so the check below holds.
Result<bool> PgWriter::delete_category(CategoryId id) {
  if (auto current = load_category(id); !current) return current.error();
  if (!db_.run(queries::kCategoryHasProducts, Params().add(id.value)).empty()) {
    return domain::conflict(
        "The category still has products; delete or move them before deleting it.");
  }
  db_.run(queries::kDeleteCategory, Params().add(id.value));
  return true;
}

Result<bool> PgWriter::catalog_is_empty() { return db_.run(queries::kCatalogIsEmpty).flag(0, 0); }

bool PgWriter::email_taken(std::string_view email, UserId self) {
  const auto key = domain::email_key(email);
  lock_name("email", key);
  return !db_.run(queries::kEmailTaken, Params().add(key).add(self.value)).empty();
}

Result<User> PgWriter::create_user(const NewUser& user) {
  if (email_taken(user.email, {})) return email_conflict();
  const auto inserted = db_.run(queries::kInsertUser, Params()
                                                          .add(user.email)
                                                          .add(domain::email_key(user.email))
                                                          .add(user.name)
                                                          .add(user.password_hash)
                                                          .add(domain::role_name(user.role))
                                                          .add(user.avatar)
                                                          .add(user.demo)
                                                          .add(domain::now_timestamp()));
  return load_user({inserted.number(0, 0)});
}

Result<User> PgWriter::update_user(UserId id, const UserChanges& changes) {
  if (auto current = load_user(id); !current) return current;
  if (changes.email && email_taken(*changes.email, id)) return email_conflict();
  const auto role = changes.role ? std::optional(domain::role_name(*changes.role)) : std::nullopt;
  db_.run(queries::kUpdateUser,
          Params()
              .add(id.value)
              .add(changes.email)
              .add(changes.email ? std::optional(domain::email_key(*changes.email)) : std::nullopt)
              .add(changes.name)
              .add(changes.password_hash)
              .add(role)
              .add(changes.avatar)
              .add(domain::now_timestamp()));
  return load_user(id);
}

Result<bool> PgWriter::delete_user(UserId id) {
  if (db_.run(queries::kDeleteUser, Params().add(id.value)).affected() == 0) {
    return domain::not_found("No user has this id.");
  }
  return true;
}

Result<bool> PgWriter::has_demo_users() { return db_.run(queries::kHasDemoUsers).flag(0, 0); }

Result<bool> PgWriter::save_file(const StoredFile& file) {
  db_.run(queries::kInsertFile, Params()
                                    .add(file.name)
                                    .add(file.media_type)
                                    .add_bytes(file.bytes)
                                    .add(file.etag)
                                    .add(file.created_at));
  return true;
}

Result<std::string> PgWriter::setting(std::string_view key, std::string_view initial) {
  db_.run(queries::kInsertSettingIfAbsent, Params().add(key).add(initial));
  return db_.run(queries::kSettingByKey, Params().add(key)).text(0, 0);
}

Result<domain::IdempotencyClaim> PgWriter::claim_idempotency_key(
    const domain::IdempotencyRequest& request) {
  using Kind = domain::IdempotencyClaim::Kind;
  using std::chrono::milliseconds;
  const auto window = std::chrono::duration_cast<milliseconds>(domain::kIdempotencyWindow);
  db_.run(queries::kForgetOldIdempotencyKeys, Params().add(request.now_ms - window.count()));
  const auto inserted =
      db_.run(queries::kInsertIdempotencyClaim,
              Params().add(request.key).add(request.fingerprint).add(request.now_ms));
  if (!inserted.empty()) return domain::IdempotencyClaim{Kind::kNew, {}};
  const auto row = db_.run(queries::kLockIdempotencyKey, Params().add(request.key));
  // Gone between the two statements (forgotten, or given up): the key is free again.
  if (row.empty()) return claim_idempotency_key(request);
  if (row.view(0, 0) != request.fingerprint) return domain::IdempotencyClaim{Kind::kMismatch, {}};
  if (!row.is_null(0, 1)) {
    return domain::IdempotencyClaim{
        Kind::kReplay, domain::StoredResponse{static_cast<int>(row.number(0, 1)), row.text(0, 2),
                                              row.text(0, 3), row.bytes(0, 4)}};
  }
  const auto abandoned = std::chrono::duration_cast<milliseconds>(domain::kAbandonedClaim);
  if (request.now_ms - row.number(0, 5) < abandoned.count()) {
    return domain::IdempotencyClaim{Kind::kInFlight, {}};
  }
  db_.run(queries::kRenewIdempotencyClaim, Params().add(request.key).add(request.now_ms));
  return domain::IdempotencyClaim{Kind::kNew, {}};
}

Result<bool> PgWriter::settle_idempotency_key(
    std::string_view key, const std::optional<domain::StoredResponse>& response) {
  if (!response) {
    db_.run(queries::kReleaseIdempotencyKey, Params().add(key));
    return true;
  }
  db_.run(queries::kRecordIdempotentResponse, Params()
                                                  .add(key)
                                                  .add(std::int64_t{response->status})
                                                  .add(response->content_type)
                                                  .add(response->location)
                                                  .add_bytes(response->body));
  return true;
}

}  // namespace mercado::storage::postgres
