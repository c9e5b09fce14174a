#include "domain/slug.hpp"

#include "domain/text.hpp"

namespace mercado::domain {
namespace {

constexpr std::size_t kMaxSlugLength = 120;

bool is_slug_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

std::string slugify(std::string_view title) {
  const std::string folded = fold_to_ascii_lower(title);
  std::string slug;
  slug.reserve(folded.size());
  bool pending_dash = false;
  for (const char c : folded) {
    if (!is_slug_char(c)) {
      pending_dash = !slug.empty();
      continue;
    }
    if (pending_dash) slug += '-';
    pending_dash = false;
    slug += c;
    if (slug.size() >= kMaxSlugLength) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? std::string("item") : slug;
}

std::string slug_candidate(std::string_view base, std::int64_t n) {
  return std::string(base) + '-' + std::to_string(n);
}

bool is_valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > kMaxSlugLength + 12) return false;
  if (slug.front() == '-' || slug.back() == '-') return false;
  char previous = 0;
  for (const char c : slug) {
    if (!is_slug_char(c) && c != '-') return false;
    if (c == '-' && previous == '-') return false;
    previous = c;
  }
  return true;
}

}  // namespace mercado::domain
