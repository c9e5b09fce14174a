// Tags made from stored state: what changes them, what doesn't, and the revision that keeps a
// tag from outliving the bytes it named.
#include "api/entity_tags.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "api/representation.hpp"
#include "http/conditional.hpp"

namespace mercado::api {
namespace {

domain::Category tools() {
  return {.id = {3},
          .name = "Tools",
          .slug = "tools",
          .image = "https://img.example/tools.png",
          .created_at = "2026-01-02T03:04:05.678Z",
          .updated_at = "2026-01-02T03:04:05.678Z",
          .version = 2};
}

domain::Product hammer() {
  return {.id = {42},
          .title = "Hammer",
          .slug = "hammer",
          .price = {1999},
          .description = "Drives nails.",
          .category = tools(),
          .images = {"https://img.example/hammer.png"},
          .created_at = "2026-01-02T03:04:05.678Z",
          .updated_at = "2026-01-03T03:04:05.678Z",
          .version = 5};
}

domain::User ana() {
  return {.id = {7},
          .email = "ana@example.com",
          .name = "Ana",
          .role = domain::Role::kCustomer,
          .avatar = "https://img.example/ana.png",
          .created_at = "2026-01-02T03:04:05.678Z",
          .updated_at = "2026-01-02T03:04:05.678Z",
          .demo = false,
          .version = 1};
}

domain::Order hammer_order() {
  return {.id = {9},
          .user_id = {7},
          .status = domain::OrderStatus::kPaid,
          .lines = {{.product_id = {42},
                     .title = "Hammer",
                     .image = "https://img.example/hammer.png",
                     .unit_price = {1999},
                     .quantity = 3}},
          .total = {5997},
          .created_at = "2026-01-02T03:04:05.678Z",
          .updated_at = "2026-01-03T03:04:05.678Z",
          .version = 2};
}

const Form kJson{.format = http::Format::kJson, .fields = {}};
const Form kXml{.format = http::Format::kXml, .fields = {}};

TEST(EntityTags, OneStateInOneFormHasOneTag) {
  EXPECT_EQ(entity_tag(hammer(), kJson), entity_tag(hammer(), kJson));
  // Only versions count, not the other fields: the store bumps the version with every change.
  auto renamed_in_memory = hammer();
  renamed_in_memory.title = "Mallet";
  EXPECT_EQ(entity_tag(renamed_in_memory, kJson), entity_tag(hammer(), kJson));
  EXPECT_EQ(entity_tag(hammer(), kJson).front(), '"');
}

TEST(EntityTags, EveryVersionTheRepresentationShowsChangesTheTag) {
  const auto before = entity_tag(hammer(), kJson);
  auto changed = hammer();
  changed.version += 1;
  EXPECT_NE(entity_tag(changed, kJson), before);
  changed = hammer();
  changed.category.version += 1;  // the product shows its category
  EXPECT_NE(entity_tag(changed, kJson), before);
  changed = hammer();
  changed.category = tools();
  changed.category.id = {4};
  EXPECT_NE(entity_tag(changed, kJson), before);
}

TEST(EntityTags, ARowThatReusesAnIdHasAnotherTag) {
  auto reborn = hammer();
  reborn.created_at = "2026-02-01T00:00:00.000Z";
  EXPECT_NE(entity_tag(reborn, kJson), entity_tag(hammer(), kJson));
  auto other = ana();
  other.id = {8};
  EXPECT_NE(entity_tag(other, kJson), entity_tag(ana(), kJson));
}

TEST(EntityTags, FormatAndSelectedFieldsAreOtherRepresentations) {
  const std::vector<std::string> some{"id", "title"};
  EXPECT_NE(entity_tag(hammer(), kXml), entity_tag(hammer(), kJson));
  EXPECT_NE(entity_tag(hammer(), Form{.format = http::Format::kJson, .fields = some}),
            entity_tag(hammer(), kJson));
  EXPECT_NE(entity_tag(tools(), kXml), entity_tag(tools(), kJson));
  EXPECT_NE(entity_tag(ana(), kXml), entity_tag(ana(), kJson));
}

TEST(EntityTags, KindsDoNotShareTags) {
  auto as_category = tools();
  as_category.id = {7};
  as_category.version = 1;
  as_category.created_at = ana().created_at;
  EXPECT_NE(entity_tag(as_category, kJson), entity_tag(ana(), kJson));
}

// The digests of these representations (an order's too) as kRepresentationRevision 2 writes them.
// When a change to the rendering makes this fail, the same state now has other bytes: bump
// kRepresentationRevision (so clients' old tags stop matching) and record the new digests here.
template <class Entity>
std::string bytes_tag(const Entity& entity, http::Format format) {
  http::DocumentWriter out(format);
  write(out, entity);
  return http::entity_tag(out.take());
}

TEST(EntityTags, TheRevisionStandsForTheseBytes) {
  ASSERT_EQ(kRepresentationRevision, 2);
  EXPECT_EQ(bytes_tag(hammer(), http::Format::kJson), R"("fcd6f56490350f1b020fdb9fde82abb8")");
  EXPECT_EQ(bytes_tag(hammer(), http::Format::kXml), R"("3d92877e126c6b08f5f34f4f310e4c61")");
  EXPECT_EQ(bytes_tag(tools(), http::Format::kJson), R"("05c8c682a831d062aa9b24bd42a8c503")");
  EXPECT_EQ(bytes_tag(tools(), http::Format::kXml), R"("4effe4c5fe3275659bb2392cbbeb536b")");
  EXPECT_EQ(bytes_tag(ana(), http::Format::kJson), R"("36544286cdb3a5b7739776d48e636fb7")");
  EXPECT_EQ(bytes_tag(ana(), http::Format::kXml), R"("703f9e91067144ba32efdf0eb0c8d4e2")");
  EXPECT_EQ(bytes_tag(hammer_order(), http::Format::kJson),
            R"("c8c7ee632f7c83c00c6ef6f71f5f5de9")");
  EXPECT_EQ(bytes_tag(hammer_order(), http::Format::kXml), R"("401eadf903a1f05c0b8338ecd24d06a4")");
}

}  // namespace
}  // namespace mercado::api
