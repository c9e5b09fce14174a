// Slugs: the URL-safe names of products and categories, derived from their titles.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mercado::domain {

// "Crème Brûlée -- 2 Pack!" -> "creme-brulee-2-pack". Lower-case ASCII letters and digits; any run
// of other characters becomes one '-'; never a leading or trailing '-'. A title with nothing to
// keep ("???") gets "item", so every resource has a slug.
std::string slugify(std::string_view title);

// The n-th candidate for a slug that is taken: "desk" -> "desk-2", "desk-3", ... (n >= 2).
std::string slug_candidate(std::string_view base, std::int64_t n);

// True for the strings slugify can produce; anything else can't name a resource.
bool is_valid_slug(std::string_view slug);

}  // namespace mercado::domain
