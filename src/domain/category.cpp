#include "domain/category.hpp"

#include "domain/validation.hpp"

namespace mercado::domain {

std::vector<FieldError> validate_category(const CategoryInput& input, WriteMode mode) {
  const bool required = mode != WriteMode::kPatch;
  FieldErrors errors;
  if (errors.require(input.name, "name", required)) {
    errors.check_text(*input.name, "name", kMaxCategoryNameLength);
  }
  if (errors.require(input.image, "image", required)) errors.check_url(*input.image, "image");
  return errors.take();
}

bool apply_edit(const CategoryInput& input, Category& category) {
  if (input.image) category.image = *input.image;
  if (!input.name || *input.name == category.name) return false;
  category.name = *input.name;
  return true;
}

}  // namespace mercado::domain
