#include "domain/product.hpp"

#include "domain/validation.hpp"

namespace mercado::domain {

std::vector<FieldError> validate_product(const ProductInput& input, WriteMode mode) {
  const bool required = mode != WriteMode::kPatch;
  FieldErrors errors;
  if (errors.require(input.title, "title", required)) {
    errors.check_text(*input.title, "title", kMaxTitleLength);
  }
  if (errors.require(input.price, "price", required) && input.price->value <= 0) {
    errors.add("price", "must be greater than 0");
  }
  if (errors.require(input.description, "description", required)) {
    errors.check_paragraph(*input.description, "description", kMaxDescriptionLength);
  }
  if (errors.require(input.category_id, "categoryId", required) && input.category_id->value <= 0) {
    errors.add("categoryId", "must be a positive integer");
  }
  if (errors.require(input.images, "images", required)) {
    const auto& images = *input.images;
    if (images.empty() || images.size() > kMaxImages) {
      errors.add("images", "must hold 1 to " + std::to_string(kMaxImages) + " URLs");
    }
    for (std::size_t i = 0; i < images.size() && i < kMaxImages; ++i) {
      errors.check_url(images[i], "images[" + std::to_string(i) + "]");
    }
  }
  if (input.stock && (*input.stock < 0 || *input.stock > kMaxStock)) {
    errors.add("stock", "must be a whole number from 0 to " + std::to_string(kMaxStock));
  }
  return errors.take();
}

ProductEdit apply_edit(const ProductInput& input, Product& product) {
  ProductEdit edit;
  if (input.title && *input.title != product.title) {
    product.title = *input.title;
    edit.title_changed = true;
  }
  if (input.category_id && *input.category_id != product.category.id) {
    product.category.id = *input.category_id;
    edit.category_changed = true;
  }
  if (input.price) product.price = *input.price;
  if (input.description) product.description = *input.description;
  if (input.images) product.images = *input.images;
  if (input.stock) product.stock = *input.stock;
  return edit;
}

}  // namespace mercado::domain
