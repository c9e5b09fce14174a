// Text rules shared by every resource: UTF-8 validity, lengths, folding for slugs and search.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mercado::domain {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Code points in well-formed UTF-8 text.
std::size_t utf8_length(std::string_view text);

// True when the text holds a C0/C1 control character or DEL (tabs and newlines included):
// titles, names and URLs are single-line.
bool has_control_characters(std::string_view text);

// Lower-cased ASCII with accents folded ("Crème Brûlée" -> "creme brulee"); characters with no
// ASCII form are kept as they are. Used for slugs and for case-insensitive title search.
std::string fold_to_ascii_lower(std::string_view text);

// Leading and trailing ASCII white space removed.
std::string_view trim(std::string_view text);

}  // namespace mercado::domain
