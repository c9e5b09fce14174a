// Users: the people who sign in, their roles, and the rules for their fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/category.hpp"
#include "domain/error.hpp"
#include "domain/policy.hpp"
#include "domain/validation.hpp"

namespace mercado::domain {

struct UserId {
  std::int64_t value = 0;
  auto operator<=>(const UserId&) const = default;
};

// A user as clients may see it: there is no password here, so none can be rendered or logged.
struct User {
  UserId id;
  std::string email;
  std::string name;
  Role role = Role::kCustomer;
  std::string avatar;
  std::string created_at;
  std::string updated_at;
  // One of the sandbox's published demo accounts, which nobody may change or delete.
  bool demo = false;
  // Bumped by the store in every change of the row: what its entity tag is made from.
  std::int64_t version = 1;
};

inline constexpr std::size_t kMaxEmailLength = 254;  // RFC 5321's path limit, less the brackets
inline constexpr std::size_t kMaxUserNameLength = 100;
inline constexpr std::size_t kMaxPasswordLength = 128;

// What a client sent for a user; a field it left out is nullopt.
struct UserInput {
  std::optional<std::string> email;
  std::optional<std::string> name;
  std::optional<std::string> password;
  std::optional<std::string> avatar;
  std::optional<Role> role;
};

// A user to store: validated fields, with the password already hashed (PHC string).
struct NewUser {
  std::string email;
  std::string name;
  std::string password_hash;
  std::string avatar;
  Role role = Role::kCustomer;
  bool demo = false;
};

// The changes to an existing user; nullopt leaves a field as it is.
struct UserChanges {
  std::optional<std::string> email;
  std::optional<std::string> name;
  std::optional<std::string> password_hash;
  std::optional<std::string> avatar;
  std::optional<Role> role;
};

// A practical address check: ASCII local part of RFC 5322 atoms joined by dots, an `@`, and a
// DNS name of at least two labels; at most kMaxEmailLength bytes. Quoted local parts and
// internationalised addresses are refused.
bool is_valid_email(std::string_view email);

// The form under which e-mails are compared: unique case-insensitively.
std::string email_key(std::string_view email);

// "customer" / "admin"; nullopt for anything else.
std::optional<Role> parse_role(std::string_view text);
std::string_view role_name(Role role);

// The password rule of each profile: the sandbox keeps the reference API's (at least 4 letters
// or digits) so its tutorials work; production asks for at least 8 characters and refuses the
// demo passwords published in the README.
void check_password(const std::string& password, Profile profile, FieldErrors& errors);

// The login form's limits: a password longer than any account may have is refused (400) rather
// than hashed and compared. A missing e-mail or password is no error here: it is a failed
// login (401), as on the reference API.
std::vector<FieldError> validate_login(const std::optional<std::string>& password);

// Every problem with the input, one entry per field; empty when the input is acceptable.
std::vector<FieldError> validate_user(const UserInput& input, WriteMode mode, Profile profile);

}  // namespace mercado::domain
