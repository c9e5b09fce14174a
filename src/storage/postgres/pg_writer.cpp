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

// The name of an advisory lock: what is locked and which one ("email/ann@example.com").
std::string lock_key(std::string_view space, std::string_view name) {
  std::string key(space);
  key += '/';
  key += name;
  return key;
}

}  // namespace

// As SqliteWriter::free_slug, with the base's lock held first: two instances creating "Lamp"
// at once take turns, and the second sees the first's "lamp" and takes "lamp-2". The lock and
// the first lookups go in one round trip; each is its own statement, so the lookups run after
// the lock is held and see what its last holder committed.
PgWriter::FreeSlug PgWriter::free_slug(std::string_view table, const queries::SlugQueries& sql,
                                       std::string base, std::int64_t self_id) {
  std::vector<Statement> lookups{{queries::kLockName, Params().add(lock_key(table, base))},
                                 {sql.highest_number, Params().add(base).add(self_id)},
                                 {sql.taken, Params().add(base).add(self_id)}};
  if (self_id != 0) lookups.push_back({sql.own, Params().add(self_id)});
  const auto rows = db_.pipeline(lookups);
  if (self_id != 0 && !rows[3].empty() && rows[3].view(0, 2) == base) {
    return {rows[3].text(0, 0), std::move(base), rows[3].number(0, 1)};
  }
  std::int64_t number = rows[1].number(0, 0);
  if (number == 0 && rows[2].empty()) return {base, base, 1};
  for (number = std::max<std::int64_t>(number, 1);;) {
    ++number;
    std::string candidate = domain::slug_candidate(base, number);
    if (db_.run(sql.taken, Params().add(candidate).add(self_id)).empty()) {
      return {std::move(candidate), std::move(base), number};
    }
  }
}

Result<Product> PgWriter::load_product(ProductId id) {
  const auto rows = db_.run(queries::join(queries::kProductColumns, queries::kLockProduct),
                            Params().add(id.value));
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

// One round trip as a rule (kCreateProduct). Otherwise the category is checked and the slug
// base's highest number read again, and the insert takes the next free slug: a title whose own
// slug looks numbered ("Desk 2") may hold one, and another instance may have just taken one.
// The slug's unique index decides every race; no lock is needed.
Result<Product> PgWriter::create_product(const ProductInput& input) {
  const std::string base = domain::slugify(*input.title);
  const std::string title_folded = domain::fold_to_ascii_lower(*input.title);
  const std::string images = encode_images(*input.images);
  const std::string now = domain::now_timestamp();
  const auto created = db_.run(queries::kCreateProduct, Params()
                                                            .add(*input.title)
                                                            .add(title_folded)
                                                            .add(base)
                                                            .add(input.price->value)
                                                            .add(*input.description)
                                                            .add(input.category_id->value)
                                                            .add(images)
                                                            .add(now)
                                                            .add(input.stock.value_or(0)));
  if (!created.empty()) return read_product(created, 0);
  const auto lookups = db_.pipeline(
      {{queries::kCategoryExists, Params().add(input.category_id->value)},
       {queries::kProductSlugs.highest_number, Params().add(base).add(std::int64_t{0})}});
  if (lookups[0].empty()) return unknown_category();
  for (std::int64_t number = lookups[1].number(0, 0) + 1;; ++number) {
    const auto written = db_.run(queries::kInsertProduct,
                                 Params()
                                     .add(*input.title)
                                     .add(title_folded)
                                     .add(number == 1 ? base : domain::slug_candidate(base, number))
                                     .add(base)
                                     .add(number)
                                     .add(input.price->value)
                                     .add(*input.description)
                                     .add(input.category_id->value)
                                     .add(images)
                                     .add(now)
                                     .add(input.stock.value_or(0)));
    if (!written.empty()) return read_product(written, 0);
  }
}

Result<Product> PgWriter::update_product(ProductId id, const ProductInput& input) {
  auto current = load_product(id);
  if (!current) return current;
  Product& product = *current;
  const auto changed = domain::apply_edit(input, product);
  if (changed.category_changed && !category_exists(product.category.id)) {
    return unknown_category();
  }
  std::optional<FreeSlug> slug;
  if (changed.title_changed)
    slug = free_slug("products", queries::kProductSlugs, domain::slugify(product.title), id.value);
  const auto written =
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
                                           .add(domain::now_timestamp())
                                           .add(product.stock));
  if (written.empty()) return domain::not_found("No product has this id.");
  return read_product(written, 0);
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
  if (domain::apply_edit(input, category))
    slug =
        free_slug("categories", queries::kCategorySlugs, domain::slugify(category.name), id.value);
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
  db_.run(queries::kLockName, Params().add(lock_key("email", key)));
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

bool PgWriter::lock_cart(UserId user) {
  const auto rows = db_.pipeline(
      {{queries::kLockName, Params().add(lock_key("cart", std::to_string(user.value)))},
       {queries::kUserExists, Params().add(user.value)}});
  return !rows[1].empty();
}

Cart PgWriter::load_cart(UserId user) {
  return read_cart(db_.run(queries::kCartLines, Params().add(user.value)));
}

Result<Order> PgWriter::load_order(OrderId id) {
  const auto rows = db_.pipeline(
      {{queries::join(queries::kOrderColumns, queries::kLockOrder), Params().add(id.value)},
       {queries::join(queries::kOrderLineColumns, queries::kOrderLines), Params().add(id.value)}});
  if (rows[0].empty()) return domain::not_found("No order has this id.");
  std::vector<Order> orders{read_order(rows[0], 0)};
  add_order_lines(rows[1], orders);
  return std::move(orders.front());
}

// The stock check is the cart's courtesy, not a reservation: place_order checks again.
Result<Cart> PgWriter::set_cart_quantity(UserId user, ProductId product, std::int64_t quantity) {
  if (!lock_cart(user)) return domain::account_gone();
  const auto rows =
      db_.pipeline({{queries::join(queries::kProductColumns, queries::kProductById),
                     Params().add(product.value)},
                    {queries::kOtherCartLines, Params().add(user.value).add(product.value)}});
  if (rows[0].empty()) return domain::not_found("No product has this id.");
  if (quantity == 0) {
    db_.run(queries::kRemoveCartLine, Params().add(user.value).add(product.value));
    return load_cart(user);
  }
  const auto other_lines = static_cast<std::size_t>(rows[1].number(0, 0));
  if (auto refused = domain::check_cart_line(read_product(rows[0], 0), quantity, other_lines)) {
    return *refused;
  }
  db_.run(queries::kSetCartQuantity, Params().add(user.value).add(product.value).add(quantity));
  return load_cart(user);
}

Result<Cart> PgWriter::clear_cart(UserId user) {
  db_.run(queries::kClearCart, Params().add(user.value));
  return Cart{};
}

// The products' row locks decide every race: of two orders for the last unit, in one instance
// or two, the second waits for the first to commit and then reads the stock it left.
Result<Order> PgWriter::place_order(UserId user,
                                    const std::optional<std::vector<domain::OrderItem>>& items) {
  if (!lock_cart(user)) return domain::account_gone();
  std::vector<domain::OrderItem> wanted;
  if (items) {
    wanted = *items;
  } else {
    const auto cart = db_.run(queries::kCartItems, Params().add(user.value));
    for (int row = 0; row < cart.size(); ++row) {
      wanted.push_back({{cart.number(row, 0)}, cart.number(row, 1)});
    }
    if (wanted.empty()) return domain::empty_cart();
  }
  std::string ids = "{";
  for (const auto& item : wanted) {
    if (ids.size() > 1) ids += ',';
    ids += std::to_string(item.product_id.value);
  }
  ids += '}';
  const auto locked = db_.run(queries::kLockProducts, Params().add(ids));
  std::vector<Product> products;
  for (int row = 0; row < locked.size(); ++row) products.push_back(read_product(locked, row));
  const auto lines = domain::order_lines(wanted, products);
  if (!lines) return lines.error();

  std::vector<Statement> writes;
  for (const auto& line : *lines) {
    writes.push_back({queries::kTakeStock, Params().add(line.product_id.value).add(line.quantity)});
  }
  writes.push_back({queries::kInsertOrder, Params()
                                               .add(user.value)
                                               .add(domain::order_total(*lines).value)
                                               .add(domain::now_timestamp())});
  const OrderId id{db_.pipeline(writes).back().number(0, 0)};
  writes.clear();
  for (std::size_t i = 0; i < lines->size(); ++i) {
    const auto& line = (*lines)[i];
    writes.push_back({queries::kInsertOrderLine, Params()
                                                     .add(id.value)
                                                     .add(static_cast<std::int64_t>(i))
                                                     .add(line.product_id.value)
                                                     .add(line.title)
                                                     .add(line.image)
                                                     .add(line.unit_price.value)
                                                     .add(line.quantity)});
  }
  if (!items) writes.push_back({queries::kClearCart, Params().add(user.value)});
  db_.pipeline(writes);
  return load_order(id);
}

Result<Order> PgWriter::order(OrderId id) { return load_order(id); }

Result<Order> PgWriter::set_order_status(OrderId id, domain::OrderStatus status) {
  std::vector<Statement> writes;
  if (status == domain::OrderStatus::kCancelled) {
    writes.push_back({queries::kLockOrderProducts, Params().add(id.value)});
    writes.push_back({queries::kReturnStock, Params().add(id.value)});
  }
  writes.push_back(
      {queries::kSetOrderStatus,
       Params().add(id.value).add(domain::status_name(status)).add(domain::now_timestamp())});
  db_.pipeline(writes);
  return load_order(id);
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
