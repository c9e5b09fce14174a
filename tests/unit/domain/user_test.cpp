#include "domain/user.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace mercado::domain {
namespace {

UserInput valid_user() {
  return {.email = "ana@example.com",
          .name = "Ana",
          .password = "s3cret-enough",
          .avatar = "https://img.example/ana.png",
          .role = std::nullopt};
}

std::vector<std::string> fields(const std::vector<FieldError>& errors) {
  std::vector<std::string> names;
  for (const auto& error : errors) names.push_back(error.field);
  return names;
}

TEST(Email, AcceptsOrdinaryAddresses) {
  for (const char* email : {"a@b.co", "john@mail.com", "first.last+tag@sub.example.org",
                            "o'neil@example.com", "x_y-z@ex-ample.io"}) {
    EXPECT_TRUE(is_valid_email(email)) << email;
  }
}

TEST(Email, RefusesWhatIsNotAnAddress) {
  for (const char* email :
       {"", "plain", "@example.com", "ana@", "ana@localhost", "ana@@example.com", ".ana@ex.com",
        "ana.@ex.com", "a..b@ex.com", "ana@-ex.com", "ana@ex-.com", "ana@ex..com", "ana @ex.com",
        "ana@ex.com ", "\"quoted\"@ex.com", "ana@exämple.com", "añа@example.com"}) {
    EXPECT_FALSE(is_valid_email(email)) << email;
  }
}

TEST(Email, HasLengthLimits) {
  const std::string local64(64, 'a');
  EXPECT_TRUE(is_valid_email(local64 + "@ex.com"));
  EXPECT_FALSE(is_valid_email(local64 + "a@ex.com"));
  std::string domain;
  while (domain.size() < 250) domain += std::string(9, 'd') + ".";
  EXPECT_FALSE(is_valid_email("a@" + domain + "com"));
}

TEST(Email, KeyIgnoresCase) { EXPECT_EQ(email_key("John@Mail.COM"), "john@mail.com"); }

TEST(Role, ParsesOnlyTheTwoRoles) {
  EXPECT_EQ(parse_role("customer"), Role::kCustomer);
  EXPECT_EQ(parse_role("admin"), Role::kAdmin);
  EXPECT_EQ(parse_role("Admin"), std::nullopt);
  EXPECT_EQ(parse_role("anonymous"), std::nullopt);
  EXPECT_EQ(role_name(Role::kAdmin), "admin");
  EXPECT_EQ(role_name(Role::kCustomer), "customer");
}

TEST(UserValidation, AcceptsAValidUserInBothProfiles) {
  EXPECT_TRUE(validate_user(valid_user(), WriteMode::kCreate, Profile::kProduction).empty());
  auto sandbox = valid_user();
  sandbox.password = "abcd";
  EXPECT_TRUE(validate_user(sandbox, WriteMode::kCreate, Profile::kSandbox).empty());
}

TEST(UserValidation, NamesEveryBadFieldAtOnce) {
  const UserInput input{.email = "nope",
                        .name = "  ",
                        .password = "short",
                        .avatar = "ftp://x.example/a.png",
                        .role = std::nullopt};
  const auto errors = validate_user(input, WriteMode::kCreate, Profile::kProduction);
  EXPECT_EQ(fields(errors), (std::vector<std::string>{"email", "name", "password", "avatar"}));
}

TEST(UserValidation, CreateRequiresEveryFieldButRole) {
  const auto errors = validate_user({}, WriteMode::kCreate, Profile::kSandbox);
  EXPECT_EQ(fields(errors), (std::vector<std::string>{"email", "name", "password", "avatar"}));
  EXPECT_TRUE(validate_user({}, WriteMode::kPatch, Profile::kSandbox).empty());
}

TEST(UserValidation, NameIsOneLineOfAtMost100Characters) {
  auto input = valid_user();
  input.name = std::string(100, 'n');
  EXPECT_TRUE(validate_user(input, WriteMode::kCreate, Profile::kProduction).empty());
  input.name = std::string(101, 'n');
  EXPECT_EQ(fields(validate_user(input, WriteMode::kCreate, Profile::kProduction)),
            std::vector<std::string>{"name"});
  input.name = "two\nlines";
  EXPECT_EQ(fields(validate_user(input, WriteMode::kCreate, Profile::kProduction)),
            std::vector<std::string>{"name"});
}

std::vector<FieldError> password_errors(const std::string& password, Profile profile) {
  FieldErrors errors;
  check_password(password, profile, errors);
  return errors.take();
}

TEST(Password, SandboxKeepsTheReferenceRule) {
  EXPECT_TRUE(password_errors("abcd", Profile::kSandbox).empty());
  EXPECT_TRUE(password_errors("12345", Profile::kSandbox).empty());
  EXPECT_FALSE(password_errors("abc", Profile::kSandbox).empty());
  EXPECT_FALSE(password_errors("abc!", Profile::kSandbox).empty());
  EXPECT_FALSE(password_errors("ab cd", Profile::kSandbox).empty());
}

TEST(Password, ProductionNeedsEightCharactersAndNoPublishedOne) {
  EXPECT_TRUE(password_errors("long enough!", Profile::kProduction).empty());
  EXPECT_TRUE(password_errors("ñandú-ñandú", Profile::kProduction).empty());
  EXPECT_FALSE(password_errors("1234567", Profile::kProduction).empty());
  EXPECT_FALSE(password_errors("changeme", Profile::kProduction).empty());
  EXPECT_FALSE(password_errors("admin123", Profile::kProduction).empty());
}

TEST(Password, HasAnUpperBoundAndNoControlCharacters) {
  EXPECT_TRUE(password_errors(std::string(kMaxPasswordLength, 'p'), Profile::kProduction).empty());
  EXPECT_FALSE(
      password_errors(std::string(kMaxPasswordLength + 1, 'p'), Profile::kProduction).empty());
  EXPECT_FALSE(password_errors("tab\tinside!", Profile::kProduction).empty());
  EXPECT_FALSE(password_errors(std::string("bad\xff utf8"), Profile::kProduction).empty());
}

}  // namespace
}  // namespace mercado::domain
