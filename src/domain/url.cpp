#include "domain/url.hpp"

#include "domain/text.hpp"

namespace mercado::domain {

bool is_http_url(std::string_view url) {
  if (url.size() > kMaxUrlLength || has_control_characters(url)) return false;
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  const std::size_t host_end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, host_end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return false;
  for (const char c : url) {
    if (c == ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`') return false;
  }
  return authority.front() != ':';
}

}  // namespace mercado::domain
