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

// True when the text holds what no stored text may: malformed UTF-8, a C0/C1 control character
// or DEL, or the noncharacters U+FFFE/U+FFFF (which XML cannot carry). Tab, LF and CR are
// allowed only with `allow_line_breaks` (descriptions; titles and names are one line).
bool has_forbidden_characters(std::string_view text, bool allow_line_breaks = false);

// Lower-cased ASCII with accents folded ("Crème Brûlée" -> "creme brulee"); characters with no
// ASCII form are kept as they are. Used for slugs and for case-insensitive title search.
std::string fold_to_ascii_lower(std::string_view text);

// Leading and trailing ASCII white space removed.
std::string_view trim(std::string_view text);

}  // namespace mercado::domain
