#include "storage/sqlite/sqlite_writer.hpp"

#include "domain/slug.hpp"
#include "domain/text.hpp"
#include "domain/timestamp.hpp"
#include "storage/sqlite/queries.hpp"
#include "storage/sqlite/rows.hpp"

namespace mercado::storage::sqlite {
namespace {

domain::Error email_conflict() {
  return domain::conflict("An account with this e-mail already exists.");
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

// The row's own slug if it already has this base ("Lamp" renamed "LAMP" stays "lamp-2"); else
// `base` if no other row uses it, else "base-N" with N above every number used with `base`: a
// few index probes, however many duplicates exist. The loop only runs again when a title's own
// slug looks numbered ("Desk 2" -> "desk-2") and took the candidate first.
SqliteWriter::FreeSlug SqliteWriter::free_slug(const queries::SlugQueries& sql, std::string base,
                                               std::int64_t self_id) {
  auto& own = statement(sql.own);
  own.bind(1, base).bind(2, self_id);
  if (own.step()) return {own.column_text(0), std::move(base), own.column_int(1)};
  auto& highest = statement(sql.highest_number);
  highest.bind(1, base).bind(2, self_id);
  highest.step();
  std::int64_t number = highest.column_int(0);
  for (;;) {
    ++number;
    std::string candidate = number == 1 ? base : domain::slug_candidate(base, number);
    auto& taken = statement(sql.taken);
    taken.bind(1, candidate).bind(2, self_id);
    if (!taken.step()) return {std::move(candidate), std::move(base), number};
  }
}

Result<Product> SqliteWriter::load_product(ProductId id) {
  auto& select = statement(queries::join(queries::kProductColumns, queries::kProductById));
  select.bind(1, id.value);
  if (!select.step()) return domain::not_found("No product has this id.");
  return read_product(select);
}

Result<Category> SqliteWriter::load_category(CategoryId id) {
  auto& select = statement(queries::join(queries::kCategoryColumns, queries::kCategoryById));
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
  const auto slug = free_slug(queries::kProductSlugs, domain::slugify(*input.title), 0);
  statement(queries::kInsertProduct)
      .bind(1, *input.title)
      .bind(2, domain::fold_to_ascii_lower(*input.title))
      .bind(3, slug.slug)
      .bind(4, slug.base)
      .bind(5, slug.number)
      .bind(6, input.price->value)
      .bind(7, *input.description)
      .bind(8, input.category_id->value)
      .bind(9, encode_images(*input.images))
      .bind(10, domain::now_timestamp())
      .bind(11, input.stock.value_or(0))
      .run();
  return load_product({db_.last_insert_id()});
}

Result<Product> SqliteWriter::update_product(ProductId id, const ProductInput& input) {
  auto current = load_product(id);
  if (!current) return current;
  Product& product = *current;
  const auto changed = domain::apply_edit(input, product);
  if (changed.category_changed && !category_exists(product.category.id)) {
    return unknown_category();
  }
  std::optional<FreeSlug> slug;
  if (changed.title_changed)
    slug = free_slug(queries::kProductSlugs, domain::slugify(product.title), id.value);
  statement(queries::kUpdateProduct)
      .bind(1, id.value)
      .bind(2, product.title)
      .bind(3, domain::fold_to_ascii_lower(product.title))
      .bind(4, slug ? std::optional(slug->slug) : std::nullopt)
      .bind(5, slug ? std::optional(slug->base) : std::nullopt)
      .bind(6, slug ? std::optional(slug->number) : std::nullopt)
      .bind(7, product.price.value)
      .bind(8, product.description)
      .bind(9, product.category.id.value)
      .bind(10, encode_images(product.images))
      .bind(11, domain::now_timestamp())
      .bind(12, product.stock)
      .run();
  return load_product(id);
}

Result<bool> SqliteWriter::delete_product(ProductId id) {
  statement(queries::kDeleteProduct).bind(1, id.value).run();
  if (db_.changes() == 0) return domain::not_found("No product has this id.");
  return true;
}

Result<Category> SqliteWriter::create_category(const CategoryInput& input) {
  const auto slug = free_slug(queries::kCategorySlugs, domain::slugify(*input.name), 0);
  statement(queries::kInsertCategory)
      .bind(1, *input.name)
      .bind(2, slug.slug)
      .bind(3, slug.base)
      .bind(4, slug.number)
      .bind(5, *input.image)
      .bind(6, domain::now_timestamp())
      .run();
  return load_category({db_.last_insert_id()});
}

Result<Category> SqliteWriter::update_category(CategoryId id, const CategoryInput& input) {
  auto current = load_category(id);
  if (!current) return current;
  Category& category = *current;
  std::optional<FreeSlug> slug;
  if (domain::apply_edit(input, category))
    slug = free_slug(queries::kCategorySlugs, domain::slugify(category.name), id.value);
  statement(queries::kUpdateCategory)
      .bind(1, id.value)
      .bind(2, category.name)
      .bind(3, slug ? std::optional(slug->slug) : std::nullopt)
      .bind(4, slug ? std::optional(slug->base) : std::nullopt)
      .bind(5, slug ? std::optional(slug->number) : std::nullopt)
      .bind(6, category.image)
      .bind(7, domain::now_timestamp())
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

Result<User> SqliteWriter::load_user(UserId id) {
  auto& select = statement(queries::join(queries::kUserColumns, queries::kUserById));
  select.bind(1, id.value);
  if (!select.step()) return domain::not_found("No user has this id.");
  return read_user(select);
}

bool SqliteWriter::email_taken(std::string_view email, UserId self) {
  auto& select = statement(queries::kEmailTaken);
  select.bind(1, domain::email_key(email)).bind(2, self.value);
  return select.step();
}

// One writer thread runs every write, so checking the e-mail and then inserting can't race; the
// unique index stays as the last line of defence.
Result<User> SqliteWriter::create_user(const NewUser& user) {
  if (email_taken(user.email, {})) return email_conflict();
  statement(queries::kInsertUser)
      .bind(1, user.email)
      .bind(2, domain::email_key(user.email))
      .bind(3, user.name)
      .bind(4, user.password_hash)
      .bind(5, domain::role_name(user.role))
      .bind(6, user.avatar)
      .bind(7, std::int64_t{user.demo})
      .bind(8, domain::now_timestamp())
      .run();
  return load_user({db_.last_insert_id()});
}

Result<User> SqliteWriter::update_user(UserId id, const UserChanges& changes) {
  if (auto current = load_user(id); !current) return current;
  if (changes.email && email_taken(*changes.email, id)) return email_conflict();
  const auto role = changes.role ? std::optional(domain::role_name(*changes.role)) : std::nullopt;
  statement(queries::kUpdateUser)
      .bind(1, id.value)
      .bind(2, changes.email)
      .bind(3, changes.email ? std::optional(domain::email_key(*changes.email)) : std::nullopt)
      .bind(4, changes.name)
      .bind(5, changes.password_hash)
      .bind(6, role)
      .bind(7, changes.avatar)
      .bind(8, domain::now_timestamp())
      .run();
  return load_user(id);
}

Result<bool> SqliteWriter::delete_user(UserId id) {
  statement(queries::kDeleteUser).bind(1, id.value).run();
  if (db_.changes() == 0) return domain::not_found("No user has this id.");
  return true;
}

Result<bool> SqliteWriter::has_demo_users() {
  auto& select = statement(queries::kHasDemoUsers);
  select.step();
  return select.column_int(0) != 0;
}

Result<bool> SqliteWriter::save_file(const StoredFile& file) {
  statement(queries::kInsertFile)
      .bind(1, file.name)
      .bind(2, file.media_type)
      .bind_blob(3, file.bytes)
      .bind(4, file.etag)
      .bind(5, file.created_at)
      .run();
  return true;
}

// One writer thread runs every write, so what is read here stays true until the job ends.
Result<Cart> SqliteWriter::set_cart_quantity(UserId user, ProductId product,
                                             std::int64_t quantity) {
  if (!load_user(user)) return domain::account_gone();
  const auto stored = load_product(product);
  if (!stored) return stored.error();
  if (quantity == 0) {
    statement(queries::kRemoveCartLine).bind(1, user.value).bind(2, product.value).run();
    return load_cart(prepare(), user);
  }
  auto& others = statement(queries::kOtherCartLines);
  others.bind(1, user.value).bind(2, product.value);
  others.step();
  const auto other_lines = static_cast<std::size_t>(others.column_int(0));
  if (auto refused = domain::check_cart_line(*stored, quantity, other_lines)) return *refused;
  statement(queries::kSetCartQuantity)
      .bind(1, user.value)
      .bind(2, product.value)
      .bind(3, quantity)
      .run();
  return load_cart(prepare(), user);
}

Result<Cart> SqliteWriter::clear_cart(UserId user) {
  statement(queries::kClearCart).bind(1, user.value).run();
  return Cart{};
}

Result<Order> SqliteWriter::place_order(
    UserId user, const std::optional<std::vector<domain::OrderItem>>& items) {
  if (!load_user(user)) return domain::account_gone();
  std::vector<domain::OrderItem> wanted;
  if (items) {
    wanted = *items;
  } else {
    auto& cart = statement(queries::kCartItems);
    cart.bind(1, user.value);
    while (cart.step()) wanted.push_back({{cart.column_int(0)}, cart.column_int(1)});
    cart.reset();
    if (wanted.empty()) return domain::empty_cart();
  }
  std::vector<Product> products;
  for (const auto& item : wanted) {
    if (auto product = load_product(item.product_id)) products.push_back(std::move(*product));
  }
  const auto lines = domain::order_lines(wanted, products);
  if (!lines) return lines.error();
  for (const auto& line : *lines) {
    statement(queries::kTakeStock).bind(1, line.product_id.value).bind(2, line.quantity).run();
  }
  statement(queries::kInsertOrder)
      .bind(1, user.value)
      .bind(2, domain::order_total(*lines).value)
      .bind(3, domain::now_timestamp())
      .run();
  const OrderId id{db_.last_insert_id()};
  for (std::size_t i = 0; i < lines->size(); ++i) {
    const auto& line = (*lines)[i];
    statement(queries::kInsertOrderLine)
        .bind(1, id.value)
        .bind(2, static_cast<std::int64_t>(i))
        .bind(3, line.product_id.value)
        .bind(4, line.title)
        .bind(5, line.image)
        .bind(6, line.unit_price.value)
        .bind(7, line.quantity)
        .run();
  }
  if (!items) statement(queries::kClearCart).bind(1, user.value).run();
  return load_order(prepare(), id);
}

Result<Order> SqliteWriter::order(OrderId id) { return load_order(prepare(), id); }

Result<Order> SqliteWriter::set_order_status(OrderId id, domain::OrderStatus status) {
  if (status == domain::OrderStatus::kCancelled) {
    statement(queries::kReturnStock).bind(1, id.value).run();
  }
  statement(queries::kSetOrderStatus)
      .bind(1, id.value)
      .bind(2, domain::status_name(status))
      .bind(3, domain::now_timestamp())
      .run();
  return load_order(prepare(), id);
}

Result<std::string> SqliteWriter::setting(std::string_view key, std::string_view initial) {
  statement(queries::kInsertSettingIfAbsent).bind(1, key).bind(2, initial).run();
  auto& select = statement(queries::kSettingByKey);
  select.bind(1, key);
  select.step();
  return select.column_text(0);
}

Result<domain::IdempotencyClaim> SqliteWriter::claim_idempotency_key(
    const domain::IdempotencyRequest& request) {
  using Kind = domain::IdempotencyClaim::Kind;
  using std::chrono::milliseconds;
  const auto window = std::chrono::duration_cast<milliseconds>(domain::kIdempotencyWindow);
  statement(queries::kForgetOldIdempotencyKeys).bind(1, request.now_ms - window.count()).run();
  auto& select = statement(queries::kIdempotencyKey);
  select.bind(1, request.key);
  if (select.step()) {
    if (select.column_text(0) != request.fingerprint)
      return domain::IdempotencyClaim{Kind::kMismatch, {}};
    if (!select.column_is_null(1)) {
      return domain::IdempotencyClaim{
          Kind::kReplay,
          domain::StoredResponse{static_cast<int>(select.column_int(1)), select.column_text(2),
                                 select.column_text(3), std::string(select.column_blob(4))}};
    }
    const auto abandoned = std::chrono::duration_cast<milliseconds>(domain::kAbandonedClaim);
    if (request.now_ms - select.column_int(5) < abandoned.count()) {
      return domain::IdempotencyClaim{Kind::kInFlight, {}};
    }
  }
  select.reset();
  statement(queries::kClaimIdempotencyKey)
      .bind(1, request.key)
      .bind(2, request.fingerprint)
      .bind(3, request.now_ms)
      .run();
  return domain::IdempotencyClaim{Kind::kNew, {}};
}

Result<bool> SqliteWriter::settle_idempotency_key(
    std::string_view key, const std::optional<domain::StoredResponse>& response) {
  if (!response) {
    statement(queries::kReleaseIdempotencyKey).bind(1, key).run();
    return true;
  }
  statement(queries::kRecordIdempotentResponse)
      .bind(1, key)
      .bind(2, std::int64_t{response->status})
      .bind(3, response->content_type)
      .bind(4, response->location)
      .bind_blob(5, response->body)
      .run();
  return true;
}

}  // namespace mercado::storage::sqlite
