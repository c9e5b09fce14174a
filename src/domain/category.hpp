// Categories: the shelves of the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"

namespace mercado::domain {

struct CategoryId {
  std::int64_t value = 0;
  auto operator<=>(const CategoryId&) const = default;
};

struct Category {
  CategoryId id;
  std::string name;
  std::string slug;
  std::string image;
  std::string created_at;
  std::string updated_at;
  // Bumped by the store in every change of the row: what its entity tag is made from.
  std::int64_t version = 1;
};

inline constexpr std::size_t kMaxCategoryNameLength = 100;

// What a client sent for a category; a field it left out is nullopt.
struct CategoryInput {
  std::optional<std::string> name;
  std::optional<std::string> image;
};

// How a write treats fields the client left out.
enum class WriteMode {
  kCreate,   // POST: every required field must be present
  kReplace,  // strict PUT: the body is the whole resource, so the same as kCreate
  kPatch,    // PATCH, or the sandbox's lenient PUT: only what is present changes
};

// Every problem with the input, one entry per field; empty when the input is acceptable.
std::vector<FieldError> validate_category(const CategoryInput& input, WriteMode mode);

// Applies the fields `input` sets to `category`; true when the name changed (it needs a new
// slug).
bool apply_edit(const CategoryInput& input, Category& category);

}  // namespace mercado::domain
