#include <gtest/gtest.h>

#include "domain/category.hpp"
#include "domain/product.hpp"
#include "domain/url.hpp"

namespace mercado::domain {
namespace {

ProductInput valid_product() {
  return {.title = "Walnut Desk",
          .price = Cents{19900},
          .description = "A desk.",
          .category_id = CategoryId{1},
          .images = std::vector<std::string>{"https://example.com/desk.png"},
          .stock = {}};
}

bool names_field(const std::vector<FieldError>& errors, const std::string& field) {
  return std::any_of(errors.begin(), errors.end(), [&](const auto& e) { return e.field == field; });
}

TEST(ProductValidation, AcceptsACompleteProduct) {
  EXPECT_TRUE(validate_product(valid_product(), WriteMode::kCreate).empty());
}

TEST(ProductValidation, NamesEveryMissingFieldOnCreate) {
  const auto errors = validate_product({}, WriteMode::kCreate);
  for (const char* field : {"title", "price", "description", "categoryId", "images"}) {
    EXPECT_TRUE(names_field(errors, field)) << field;
  }
  EXPECT_EQ(errors.size(), 5u);
}

TEST(ProductValidation, StrictReplaceRequiresEveryField) {
  auto input = valid_product();
  input.description.reset();
  EXPECT_TRUE(names_field(validate_product(input, WriteMode::kReplace), "description"));
}

TEST(ProductValidation, PatchAcceptsAnEmptyChange) {
  EXPECT_TRUE(validate_product({}, WriteMode::kPatch).empty());
}

TEST(ProductValidation, RejectsNonPositivePrice) {
  auto input = valid_product();
  input.price = Cents{0};
  EXPECT_TRUE(names_field(validate_product(input, WriteMode::kCreate), "price"));
}

TEST(ProductValidation, RejectsBlankOrMultiLineTitles) {
  auto input = valid_product();
  input.title = "   ";
  EXPECT_TRUE(names_field(validate_product(input, WriteMode::kPatch), "title"));
  input.title = "two\nlines";
  EXPECT_TRUE(names_field(validate_product(input, WriteMode::kPatch), "title"));
  input.title = std::string(kMaxTitleLength + 1, 'x');
  EXPECT_TRUE(names_field(validate_product(input, WriteMode::kPatch), "title"));
}

TEST(ProductValidation, NamesEachBadImageByIndex) {
  auto input = valid_product();
  input.images = std::vector<std::string>{"https://ok.example/a.png", "ftp://bad", "not a url"};
  const auto errors = validate_product(input, WriteMode::kCreate);
  EXPECT_TRUE(names_field(errors, "images[1]"));
  EXPECT_TRUE(names_field(errors, "images[2]"));
  EXPECT_FALSE(names_field(errors, "images[0]"));
}

TEST(ProductValidation, RequiresOneToTenImages) {
  auto input = valid_product();
  input.images = std::vector<std::string>{};
  EXPECT_TRUE(names_field(validate_product(input, WriteMode::kCreate), "images"));
  input.images = std::vector<std::string>(kMaxImages + 1, "https://example.com/a.png");
  EXPECT_TRUE(names_field(validate_product(input, WriteMode::kCreate), "images"));
}

TEST(CategoryValidation, RequiresNameAndImageOnCreate) {
  const auto errors = validate_category({}, WriteMode::kCreate);
  EXPECT_TRUE(names_field(errors, "name"));
  EXPECT_TRUE(names_field(errors, "image"));
}

TEST(CategoryValidation, RejectsLongNames) {
  CategoryInput input{.name = std::string(kMaxCategoryNameLength + 1, 'n'), .image = {}};
  EXPECT_TRUE(names_field(validate_category(input, WriteMode::kPatch), "name"));
}

TEST(IsHttpUrl, AcceptsAbsoluteHttpAndHttps) {
  EXPECT_TRUE(is_http_url("http://127.0.0.1:3000/placeholders/a.svg"));
  EXPECT_TRUE(is_http_url("https://example.com"));
}

TEST(IsHttpUrl, AcceptsAnyCaseSchemePortsAndIpLiterals) {
  EXPECT_TRUE(is_http_url("HTTP://IMG.EXAMPLE.COM/x.png"));
  EXPECT_TRUE(is_http_url("https://img.example:8443/a%20b.png?size=2#top"));
  EXPECT_TRUE(is_http_url("http://[::1]:3000/placeholders/a.svg"));
}

TEST(IsHttpUrl, RefusesOtherSchemesSpacesAndCredentials) {
  for (const char* url :
       {"javascript:alert(1)", "ftp://x", "https://", "https://a b", "https://user@host/",
        "//host/a", "https://x/\"onerror", "http://host:abc/x.png", "https://host:99999/x.png",
        "http://%zz/x.png", "http://exa{mple}.com/x.png", "https://x/%zz", "https://x/caf\xC3\xA9",
        "https://host:/x"}) {
    EXPECT_FALSE(is_http_url(url)) << url;
  }
}

}  // namespace
}  // namespace mercado::domain
