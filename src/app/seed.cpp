#include "app/seed.hpp"

#include <boost/json.hpp>
#include <map>

#include "api/placeholders.hpp"
#include "app/seed_catalog.gen.hpp"
#include "domain/money.hpp"
#include "domain/slug.hpp"
#include "support/log.hpp"

namespace mercado::app {
namespace {

struct SeedProduct {
  domain::ProductInput input;
  std::string category;
};

struct SeedCatalog {
  std::vector<domain::CategoryInput> categories;
  std::vector<SeedProduct> products;
};

// Each seeded product has some stock, 5 to 50 units, the same on every start.
std::int64_t seed_stock(std::size_t index) {
  return 5 + static_cast<std::int64_t>(index * 17 % 46);
}

// The embedded catalog.json as domain inputs, each checked by the same rules as a client's.
SeedCatalog load_catalog(std::string_view public_url) {
  const auto json = boost::json::parse(kSeedCatalogJson).as_object();
  SeedCatalog catalog;
  for (const auto& entry : json.at("categories").as_array()) {
    const std::string name(entry.at("name").as_string());
    catalog.categories.push_back(
        {.name = name, .image = api::placeholders::url(public_url, domain::slugify(name))});
  }
  for (const auto& entry : json.at("products").as_array()) {
    const auto& object = entry.as_object();
    const std::string title(object.at("title").as_string());
    const auto price = domain::price_from_double(object.at("price").to_number<double>());
    std::vector<std::string> images;
    for (std::int64_t i = 1; i <= object.at("images").to_number<std::int64_t>(); ++i) {
      images.push_back(
          api::placeholders::url(public_url, domain::slugify(title) + "-" + std::to_string(i)));
    }
    catalog.products.push_back({{.title = title,
                                 .price = price,
                                 .description = std::string(object.at("description").as_string()),
                                 .category_id = domain::CategoryId{1},
                                 .images = std::move(images),
                                 .stock = seed_stock(catalog.products.size())},
                                std::string(object.at("category").as_string())});
  }
  return catalog;
}

struct DemoAccount {
  const char* email;
  const char* password;
  const char* name;
  domain::Role role;
};

constexpr DemoAccount kDemoAccounts[] = {
    {"john@mail.com", "changeme", "John", domain::Role::kCustomer},
    {"maria@mail.com", "12345", "Maria", domain::Role::kCustomer},
    {"admin@mail.com", "admin123", "Admin", domain::Role::kAdmin},
};

}  // namespace

SeedOutcome seed_demo_catalog(storage::Store& store, std::string_view public_url) {
  const SeedCatalog catalog = load_catalog(public_url);
  SeedOutcome outcome = SeedOutcome::kFailed;
  const bool durable = store.write_now([&](storage::StoreWriter& writer) {
    const auto empty = writer.catalog_is_empty();
    if (!empty || !*empty) {
      if (empty) outcome = SeedOutcome::kAlreadyHasData;
      return false;
    }
    std::map<std::string, domain::CategoryId> ids;
    for (const auto& input : catalog.categories) {
      const auto created = writer.create_category(input);
      if (!created) return false;
      ids[*input.name] = created->id;
    }
    for (const auto& [input, category] : catalog.products) {
      auto product = input;
      product.category_id = ids.at(category);
      if (!domain::validate_product(product, domain::WriteMode::kCreate).empty() ||
          !writer.create_product(product)) {
        support::log_error("seed product rejected", *input.title);
        return false;
      }
    }
    outcome = SeedOutcome::kSeeded;
    return true;
  });
  return durable ? outcome : SeedOutcome::kFailed;
}

bool seed_demo_accounts(storage::Store& store, std::string_view public_url,
                        const auth::HashCost& cost) {
  const auto reader = store.open_reader();
  std::vector<domain::NewUser> missing;
  for (const auto& account : kDemoAccounts) {
    const auto taken = reader->email_taken(account.email);
    if (!taken) return false;
    if (*taken) continue;
    auto hash = auth::hash_password(account.password, cost);
    if (!hash) return false;
    missing.push_back({.email = account.email,
                       .name = account.name,
                       .password_hash = std::move(*hash),
                       .avatar = api::placeholders::url(public_url, domain::slugify(account.name)),
                       .role = account.role,
                       .demo = true});
  }
  if (missing.empty()) return true;
  return store.write_now([&](storage::StoreWriter& writer) {
    for (const auto& user : missing) {
      if (!writer.create_user(user)) return false;
    }
    support::log_info("seeded the demo accounts", {{"count", std::to_string(missing.size())}});
    return true;
  });
}

}  // namespace mercado::app
