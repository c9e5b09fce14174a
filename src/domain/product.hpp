// Products: what the store sells.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/category.hpp"
#include "domain/error.hpp"
#include "domain/money.hpp"

namespace mercado::domain {

struct ProductId {
  std::int64_t value = 0;
  auto operator<=>(const ProductId&) const = default;
};

struct Product {
  ProductId id;
  std::string title;
  std::string slug;
  Cents price;
  std::string description;
  Category category;
  std::vector<std::string> images;
  // Units on hand: orders take from it and never below zero; cancelling an order gives back.
  std::int64_t stock = 0;
  std::string created_at;
  std::string updated_at;
  // Bumped by the store in every change of the row: what its entity tag is made from.
  std::int64_t version = 1;
};

inline constexpr std::size_t kMaxTitleLength = 200;
inline constexpr std::size_t kMaxDescriptionLength = 5000;
inline constexpr std::size_t kMaxImages = 10;
inline constexpr std::int64_t kMaxStock = 1'000'000'000;

// What a client sent for a product; a field it left out is nullopt.
struct ProductInput {
  std::optional<std::string> title;
  std::optional<Cents> price;
  std::optional<std::string> description;
  std::optional<CategoryId> category_id;
  std::optional<std::vector<std::string>> images;
  // Never required: a product created without it has none on hand, and a PUT without it keeps
  // the count (inventory is counted apart from the catalog's copy).
  std::optional<std::int64_t> stock;
};

// Every problem with the input, one entry per field; empty when the input is acceptable.
// Whether categoryId names an existing category is storage's to say.
std::vector<FieldError> validate_product(const ProductInput& input, WriteMode mode);

// What an edit changed that a store must act on: a new title needs a new slug, a new category
// must exist.
struct ProductEdit {
  bool title_changed = false;
  bool category_changed = false;
};
// Applies the fields `input` sets to `product` (an update: PUT or PATCH, validated).
ProductEdit apply_edit(const ProductInput& input, Product& product);

}  // namespace mercado::domain
