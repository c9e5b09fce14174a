#include "domain/text.hpp"

#include <array>
#include <cstdint>

namespace mercado::domain {
namespace {

// Decodes one code point at `pos`; returns its length in bytes, or 0 when malformed.
std::size_t decode(std::string_view text, std::size_t pos, char32_t& out) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[pos + i]); };
  const std::uint8_t lead = byte(0);
  std::size_t length = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    out = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, out = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, out = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, out = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    out = (out << 6) | (byte(i) & 0x3F);
  }
  if (out < min || out > 0x10FFFF || (out >= 0xD800 && out <= 0xDFFF)) return 0;
  return length;
}

// ASCII forms of the Latin-1 Supplement letters U+00C0..U+00FF, lower case; "" where none.
constexpr std::array<std::string_view, 64> kLatin1Folds = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

// Base letters of Latin Extended-A, U+0100..U+017F, one per code point; '*' marks the two
// ligatures (U+0132/3 "ij", U+0152/3 "oe") that fold to two letters.
constexpr std::string_view kLatinExtendedA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnn"
    "oooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
static_assert(kLatinExtendedA.size() == 0x80);

std::string_view fold_code_point(char32_t cp) {
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1Folds[cp - 0xC0];
  if (cp >= 0x100 && cp < 0x180) {
    if (cp == 0x132 || cp == 0x133) return "ij";
    if (cp == 0x152 || cp == 0x153) return "oe";
    return kLatinExtendedA.substr(cp - 0x100, 1);
  }
  return {};
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t cp = 0;
    const std::size_t length = decode(text, pos, cp);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<std::uint8_t>(c) & 0xC0) != 0x80;
  return count;
}

bool has_forbidden_characters(std::string_view text, bool allow_line_breaks) {
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t cp = 0;
    const std::size_t length = decode(text, pos, cp);
    if (length == 0) return true;  // malformed input is never clean text
    const bool line_break = cp == '\t' || cp == '\n' || cp == '\r';
    if ((cp < 0x20 && !(line_break && allow_line_breaks)) || (cp >= 0x7F && cp < 0xA0) ||
        cp == 0xFFFE || cp == 0xFFFF) {
      return true;
    }
    pos += length;
  }
  return false;
}

std::string fold_to_ascii_lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t cp = 0;
    std::size_t length = decode(text, pos, cp);
    if (length == 0) length = 1, cp = 0xFFFD;
    if (cp < 0x80) {
      out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
    } else if (const std::string_view folded = fold_code_point(cp); !folded.empty()) {
      out += folded;
    } else {
      out.append(text.substr(pos, length));
    }
    pos += length;
  }
  return out;
}

std::string_view trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace mercado::domain
