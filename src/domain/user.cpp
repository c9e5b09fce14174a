#include "domain/user.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "domain/text.hpp"

namespace mercado::domain {
namespace {

bool is_atom_character(unsigned char c) {
  static constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~";
  return std::isalnum(c) || kSpecials.find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_valid_local_part(std::string_view local) {
  if (local.empty() || local.size() > 64) return false;
  if (local.front() == '.' || local.back() == '.') return false;
  char previous = 0;
  for (const char c : local) {
    if (c == '.' ? previous == '.' : !is_atom_character(static_cast<unsigned char>(c))) {
      return false;
    }
    previous = c;
  }
  return true;
}

bool is_valid_label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
    return false;
  }
  return std::all_of(label.begin(), label.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
  });
}

bool is_valid_domain(std::string_view domain) {
  if (domain.size() > 253) return false;
  std::size_t labels = 0;
  for (;;) {
    const auto dot = domain.find('.');
    if (!is_valid_label(domain.substr(0, dot))) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  return labels >= 2;
}

// The passwords of the sandbox's demo accounts, published in the README.
constexpr std::array<std::string_view, 3> kPublishedPasswords = {"changeme", "12345", "admin123"};

}  // namespace

bool is_valid_email(std::string_view email) {
  if (email.size() > kMaxEmailLength) return false;
  const auto at = email.rfind('@');
  if (at == std::string_view::npos) return false;
  return is_valid_local_part(email.substr(0, at)) && is_valid_domain(email.substr(at + 1));
}

std::string email_key(std::string_view email) {
  std::string key(email);
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return key;
}

std::optional<Role> parse_role(std::string_view text) {
  if (text == "customer") return Role::kCustomer;
  if (text == "admin") return Role::kAdmin;
  return std::nullopt;
}

std::string_view role_name(Role role) { return role == Role::kAdmin ? "admin" : "customer"; }

void check_password(const std::string& password, Profile profile, FieldErrors& errors) {
  const auto fail = [&](std::string message) { errors.add("password", std::move(message)); };
  if (has_forbidden_characters(password)) {
    return fail("must be UTF-8 text without control characters");
  }
  const std::size_t length = utf8_length(password);
  if (length > kMaxPasswordLength) {
    return fail("must be at most " + std::to_string(kMaxPasswordLength) + " characters");
  }
  if (profile == Profile::kSandbox) {
    const bool alphanumeric = std::all_of(password.begin(), password.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c));
    });
    if (length < 4 || !alphanumeric) return fail("must be at least 4 letters or digits");
    return;
  }
  if (length < 8) return fail("must be at least 8 characters");
  if (std::find(kPublishedPasswords.begin(), kPublishedPasswords.end(), password) !=
      kPublishedPasswords.end()) {
    fail("is published in the documentation; choose another");
  }
}

std::vector<FieldError> validate_login(const std::optional<std::string>& password) {
  FieldErrors errors;
  if (password && utf8_length(*password) > kMaxPasswordLength) {
    errors.add("password", "must be at most " + std::to_string(kMaxPasswordLength) + " characters");
  }
  return errors.take();
}

std::vector<FieldError> validate_user(const UserInput& input, WriteMode mode, Profile profile) {
  const bool required = mode != WriteMode::kPatch;
  FieldErrors errors;
  if (errors.require(input.email, "email", required) && !is_valid_email(*input.email)) {
    errors.add("email", "must be an e-mail address such as name@example.com");
  }
  if (errors.require(input.name, "name", required)) {
    errors.check_text(*input.name, "name", kMaxUserNameLength);
  }
  if (errors.require(input.password, "password", required)) {
    check_password(*input.password, profile, errors);
  }
  if (errors.require(input.avatar, "avatar", required)) errors.check_url(*input.avatar, "avatar");
  return errors.take();
}

}  // namespace mercado::domain
