// Applying an update to a stored product or category, as both stores do before writing it.
#include <gtest/gtest.h>

#include "domain/category.hpp"
#include "domain/product.hpp"

namespace mercado::domain {
namespace {

Product lamp() {
  Product product;
  product.title = "Lamp";
  product.price = Cents{1000};
  product.description = "Bright.";
  product.category.id = CategoryId{1};
  product.images = {"https://img.example/a.png"};
  return product;
}

TEST(ApplyEdit, ReplacesOnlyTheFieldsTheInputSets) {
  auto product = lamp();
  ProductInput input;
  input.price = Cents{1500};
  const auto changed = apply_edit(input, product);
  EXPECT_FALSE(changed.title_changed);
  EXPECT_FALSE(changed.category_changed);
  EXPECT_EQ(product.price, Cents{1500});
  EXPECT_EQ(product.title, "Lamp");
  EXPECT_EQ(product.description, "Bright.");
  EXPECT_EQ(product.images, std::vector<std::string>{"https://img.example/a.png"});
}

TEST(ApplyEdit, SaysWhenTheTitleOrTheCategoryChanged) {
  auto product = lamp();
  ProductInput same;
  same.title = "Lamp";
  same.category_id = CategoryId{1};
  EXPECT_FALSE(apply_edit(same, product).title_changed);
  EXPECT_FALSE(apply_edit(same, product).category_changed);

  ProductInput other;
  other.title = "Desk Lamp";
  other.category_id = CategoryId{2};
  other.images = std::vector<std::string>{};
  const auto changed = apply_edit(other, product);
  EXPECT_TRUE(changed.title_changed);
  EXPECT_TRUE(changed.category_changed);
  EXPECT_EQ(product.title, "Desk Lamp");
  EXPECT_EQ(product.category.id, CategoryId{2});
  EXPECT_TRUE(product.images.empty());
}

TEST(ApplyEdit, SaysWhenACategoryNameChanged) {
  Category category;
  category.name = "Desks";
  category.image = "https://img.example/d.png";
  CategoryInput image_only;
  image_only.image = "https://img.example/e.png";
  EXPECT_FALSE(apply_edit(image_only, category));
  EXPECT_EQ(category.image, "https://img.example/e.png");
  CategoryInput renamed;
  renamed.name = "Tables";
  EXPECT_TRUE(apply_edit(renamed, category));
  EXPECT_EQ(category.name, "Tables");
}

}  // namespace
}  // namespace mercado::domain
