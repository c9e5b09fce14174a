#include "domain/url.hpp"

#include <cctype>

namespace mercado::domain {
namespace {

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// RFC 3986 reg-name limited to what DNS allows (letters, digits, '-', '.'), or an IPv6 literal.
bool is_host(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return false;
    for (const char c : host.substr(1, host.size() - 2)) {
      if (!is_hex(c) && c != ':' && c != '.') return false;
    }
    return true;
  }
  if (host.front() == '.' || host.front() == '-' || host.size() > 253) return false;
  for (const char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') return false;
  }
  return true;
}

bool is_port(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  unsigned value = 0;
  for (const char c : port) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value >= 1 && value <= 65535;
}

// Path, query and fragment: RFC 3986 pchar plus '/', '?' and '#', with valid %XX escapes.
bool is_rest(std::string_view rest) {
  static constexpr std::string_view kAllowed = "-._~!$&'()*+,;=:@/?#";
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c == '%') {
      if (i + 2 >= rest.size() || !is_hex(rest[i + 1]) || !is_hex(rest[i + 2])) return false;
      i += 2;
    } else if (!std::isalnum(static_cast<unsigned char>(c)) &&
               kAllowed.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool is_http_url(std::string_view url) {
  if (url.size() > kMaxUrlLength) return false;
  std::string_view rest;
  if (iequals_prefix(url, "https://")) {
    rest = url.substr(8);
  } else if (iequals_prefix(url, "http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  const std::size_t authority_end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, authority_end);
  const std::string_view tail =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  // No user information: "https://bank.example@evil.example/" misleads people.
  std::string_view host = authority;
  std::string_view port;
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (!is_port(port)) return false;
  }
  return is_host(host) && is_rest(tail);
}

}  // namespace mercado::domain
