// The store contract for users, uploaded files and settings.
#include <gtest/gtest.h>

#include "storage/store_contract.hpp"

namespace mercado::storage::testing {
namespace {

domain::UserChanges changes(std::optional<std::string> email, std::optional<std::string> name,
                            std::optional<domain::Role> role) {
  domain::UserChanges changes;
  changes.email = std::move(email);
  changes.name = std::move(name);
  changes.role = role;
  return changes;
}

domain::NewUser new_user(const std::string& email) {
  return {.email = email,
          .name = "Ana",
          .password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
          .avatar = "https://img.example/a.png",
          .role = domain::Role::kCustomer,
          .demo = false};
}

TEST_P(StoreContract, CreatesAUserAndFindsItsCredentialsByAnyCaseOfItsEmail) {
  const auto created =
      write<User>([](StoreWriter& w) { return w.create_user(new_user("Ana@Example.com")); });
  ASSERT_TRUE(created) << created.error().detail;
  EXPECT_EQ(created->email, "Ana@Example.com");
  EXPECT_EQ(created->role, domain::Role::kCustomer);
  const auto credentials = reader_->credentials("ana@EXAMPLE.com");
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->user.id, created->id);
  EXPECT_EQ(credentials->password_hash, new_user("x").password_hash);
  EXPECT_TRUE(*reader_->email_taken("ANA@example.COM"));
  EXPECT_FALSE(*reader_->email_taken("bob@example.com"));
  EXPECT_EQ(reader_->credentials("bob@example.com").error().code, domain::ErrorCode::kNotFound);
}

TEST_P(StoreContract, RefusesAnEmailThatDiffersOnlyInCase) {
  ASSERT_TRUE(write<User>([](StoreWriter& w) { return w.create_user(new_user("a@b.co")); }));
  std::optional<domain::Result<User>> second;
  store_->write_now([&](StoreWriter& w) {
    second = w.create_user(new_user("A@B.CO"));
    return second->ok();
  });
  ASSERT_FALSE(*second);
  EXPECT_EQ(second->error().code, domain::ErrorCode::kConflict);
}

TEST_P(StoreContract, UpdatesOnlyTheGivenFieldsAndKeepsEmailsUnique) {
  const auto ana = *write<User>([](StoreWriter& w) { return w.create_user(new_user("ana@x.co")); });
  const auto bob = *write<User>([](StoreWriter& w) { return w.create_user(new_user("bob@x.co")); });
  const auto renamed = write<User>([&](StoreWriter& w) {
    return w.update_user(ana.id, changes(std::nullopt, "Ana María", domain::Role::kAdmin));
  });
  ASSERT_TRUE(renamed);
  EXPECT_EQ(ana.version, 1);
  EXPECT_EQ(renamed->version, 2);
  EXPECT_EQ(reader_->user(ana.id)->version, 2);
  EXPECT_EQ(renamed->name, "Ana María");
  EXPECT_EQ(renamed->email, "ana@x.co");
  EXPECT_EQ(renamed->role, domain::Role::kAdmin);
  std::optional<domain::Result<User>> clash;
  store_->write_now([&](StoreWriter& w) {
    clash = w.update_user(bob.id, changes("ANA@x.co", std::nullopt, std::nullopt));
    return clash->ok();
  });
  EXPECT_EQ(clash->error().code, domain::ErrorCode::kConflict);
  // Its own address in another case is not a clash.
  EXPECT_TRUE(write<User>([&](StoreWriter& w) {
    return w.update_user(bob.id, changes("BOB@x.co", std::nullopt, std::nullopt));
  }));
}

TEST_P(StoreContract, DeletesAUserForGood) {
  const auto ana = *write<User>([](StoreWriter& w) { return w.create_user(new_user("ana@x.co")); });
  EXPECT_TRUE(write<bool>([&](StoreWriter& w) { return w.delete_user(ana.id); }));
  EXPECT_EQ(reader_->user(ana.id).error().code, domain::ErrorCode::kNotFound);
  std::optional<domain::Result<bool>> again;
  store_->write_now([&](StoreWriter& w) {
    again = w.delete_user(ana.id);
    return again->ok();
  });
  EXPECT_EQ(again->error().code, domain::ErrorCode::kNotFound);
  // A new account never gets the deleted one's id: old tokens must not name it.
  const auto next =
      *write<User>([](StoreWriter& w) { return w.create_user(new_user("new@x.co")); });
  EXPECT_GT(next.id.value, ana.id.value);
}

TEST_P(StoreContract, ReportsDemoUsers) {
  EXPECT_FALSE(*write<bool>([](StoreWriter& w) { return w.has_demo_users(); }));
  auto demo = new_user("john@mail.com");
  demo.demo = true;
  ASSERT_TRUE(write<User>([&](StoreWriter& w) { return w.create_user(demo); }));
  EXPECT_TRUE(*write<bool>([](StoreWriter& w) { return w.has_demo_users(); }));
  EXPECT_TRUE(reader_->credentials("john@mail.com")->user.demo);
}

TEST_P(StoreContract, KeepsFilesByteForByte) {
  const std::string bytes("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff", 17);
  const domain::StoredFile file{.name = std::string(32, 'a') + ".png",
                                .media_type = "image/png",
                                .bytes = bytes,
                                .etag = "\"e\"",
                                .created_at = "2026-11-28T00:00:00.000Z"};
  ASSERT_TRUE(write<bool>([&](StoreWriter& w) { return w.save_file(file); }));
  const auto read = reader_->file(file.name);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->bytes, bytes);
  EXPECT_EQ(read->media_type, "image/png");
  EXPECT_EQ(read->etag, "\"e\"");
  EXPECT_EQ(reader_->file(std::string(32, 'b') + ".png").error().code,
            domain::ErrorCode::kNotFound);
}

TEST_P(StoreContract, KeepsTheFirstValueOfASetting) {
  EXPECT_EQ(*write<std::string>([](StoreWriter& w) { return w.setting("key", "first"); }), "first");
  EXPECT_EQ(*write<std::string>([](StoreWriter& w) { return w.setting("key", "second"); }),
            "first");
}

}  // namespace
}  // namespace mercado::storage::testing
