#include "graphql/lexer.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace mercado::graphql {
namespace {

constexpr int kEnd = -1;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kWhiteSpace = " \t";

bool is_digit(int c) { return c >= '0' && c <= '9'; }
bool is_name_start(int c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_continue(int c) { return is_name_start(c) || is_digit(c); }

// SourceCharacter (2.1) is U+0009, U+000A, U+000D and everything from U+0020 up: the other
// control characters may appear nowhere, not even in strings and comments.
bool is_control(int c) { return c >= 0 && c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

// The code point at `offset` and the bytes it takes, or 0 bytes when the UTF-8 there is not
// well-formed.
std::pair<char32_t, std::size_t> decode(std::string_view text, std::size_t offset) {
  const auto lead = static_cast<unsigned char>(text[offset]);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  char32_t code = 0;
  char32_t smallest = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, code = lead & 0x1F, smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code = lead & 0x0F, smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code = lead & 0x07, smallest = 0x10000;
  } else {
    return {0, 0};
  }
  if (text.size() - offset < length) return {0, 0};
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[offset + i]);
    if ((byte & 0xC0) != 0x80) return {0, 0};
    code = (code << 6) | (byte & 0x3F);
  }
  if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return {0, 0};
  return {code, length};
}

void append_utf8(std::string& out, char32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

int hex_digit(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_blank(const std::string& line) {
  return line.find_first_not_of(kWhiteSpace) == std::string::npos;
}

// BlockStringValue() (2.9.4): the common indentation of every line but the first removed, then
// blank lines at either end; lines joined with U+000A whatever terminated them.
std::string block_string_value(std::vector<std::string> lines) {
  std::size_t common = std::string::npos;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    common = std::min(common, lines[i].find_first_not_of(kWhiteSpace));
  }
  if (common != std::string::npos) {
    for (std::size_t i = 1; i < lines.size(); ++i) lines[i].erase(0, common);
  }
  auto first = lines.begin();
  auto last = lines.end();
  while (first != last && is_blank(*first)) ++first;
  while (last != first && is_blank(*(last - 1))) --last;
  std::string value;
  for (auto line = first; line != last; ++line) {
    if (line != first) value += '\n';
    value += *line;
  }
  return value;
}

constexpr std::array<std::string_view, 20> kKindNames = {
    "<EOF>", "\"!\"", "\"$\"", "\"&\"", "\"(\"",  "\")\"",      "\"...\"",
    "\":\"", "\"=\"", "\"@\"", "\"[\"", "\"]\"",  "\"{\"",      "\"|\"",
    "\"}\"", "Name",  "Int",   "Float", "String", "BlockString"};

}  // namespace

std::size_t find_invalid_utf8(std::string_view text) {
  for (std::size_t offset = 0; offset < text.size();) {
    const std::size_t length = decode(text, offset).second;
    if (length == 0) return offset;
    offset += length;
  }
  return std::string_view::npos;
}

std::string describe(TokenKind kind) { return std::string(kKindNames[static_cast<int>(kind)]); }

std::string describe(const Token& token) {
  if (token.kind < TokenKind::kName) return describe(token.kind);
  return describe(token.kind) + " \"" + token.value + "\"";
}

SourceLocation Lexer::locate(std::size_t offset) {
  if (offset < located_offset_) {
    located_offset_ = 0;
    located_ = SourceLocation{};
  }
  for (; located_offset_ < offset; ++located_offset_) {
    const int c = at(located_offset_);
    if (c == '\n' || (c == '\r' && at(located_offset_ + 1) != '\n')) {
      ++located_.line;
      located_.column = 1;
    } else if (c != '\r' && (c & 0xC0) != 0x80) {  // a continuation byte is no new code point
      ++located_.column;
    }
  }
  return located_;
}

Token Lexer::next() {
  skip_ignored();
  const std::size_t start = position_;
  if (start == source_.size()) return make(TokenKind::kEof, start, {});
  if (++tokens_ > kMaxTokens) {
    fail(start, "Document too large: more than " + std::to_string(kMaxTokens) + " tokens.");
  }
  const int c = at(start);
  constexpr std::string_view kPunctuators = "!$&():=@[]{|}";
  constexpr std::array kPunctuatorKinds = {
      TokenKind::kBang,     TokenKind::kDollar,   TokenKind::kAmp,    TokenKind::kParenL,
      TokenKind::kParenR,   TokenKind::kColon,    TokenKind::kEquals, TokenKind::kAt,
      TokenKind::kBracketL, TokenKind::kBracketR, TokenKind::kBraceL, TokenKind::kPipe,
      TokenKind::kBraceR};
  if (const auto index = kPunctuators.find(static_cast<char>(c)); index != std::string::npos) {
    ++position_;
    return make(kPunctuatorKinds[index], start, {});
  }
  if (source_.substr(start, 3) == "...") {
    position_ += 3;
    return make(TokenKind::kSpread, start, {});
  }
  if (c == '"') {
    return source_.substr(start, 3) == "\"\"\"" ? read_block_string(start) : read_string(start);
  }
  if (is_digit(c) || c == '-') return read_number(start);
  if (is_name_start(c)) return read_name(start);
  if (c == '\'') {
    fail(start,
         "Syntax Error: Unexpected single quote character ('), did you mean to use a "
         "double quote (\")?");
  }
  fail(start, "Syntax Error: Unexpected character: " + character_at(start) + ".");
}

int Lexer::at(std::size_t offset) const {
  return offset < source_.size() ? static_cast<unsigned char>(source_[offset]) : kEnd;
}

// White space, line terminators, commas, comments and byte order marks (2.1.1 - 2.1.6).
void Lexer::skip_ignored() {
  while (position_ < source_.size()) {
    const int c = at(position_);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',') {
      ++position_;
    } else if (source_.substr(position_, 3) == kByteOrderMark) {
      position_ += 3;
    } else if (c == '#') {
      // A comment ends at a line terminator; a control character ends it too, to be refused as
      // the start of the next token.
      do ++position_;
      while (at(position_) >= 0x20 || at(position_) == '\t');
    } else {
      return;
    }
  }
}

Token Lexer::make(TokenKind kind, std::size_t start, std::string value) {
  return Token{kind, std::move(value), locate(start)};
}

Token Lexer::read_name(std::size_t start) {
  position_ = start + 1;
  while (is_name_continue(at(position_))) ++position_;
  return make(TokenKind::kName, start, std::string(source_.substr(start, position_ - start)));
}

// IntValue and FloatValue (2.9.1, 2.9.2): no leading zeros, and neither `.` nor a NameStart
// directly after the number, so `0x1F` and `1.5.2` are errors rather than two tokens.
Token Lexer::read_number(std::size_t start) {
  position_ = start;
  if (at(position_) == '-') ++position_;
  if (at(position_) == '0') {
    ++position_;
    if (is_digit(at(position_))) {
      fail(position_, "Syntax Error: Invalid number, unexpected digit after 0: " +
                          character_at(position_) + ".");
    }
  } else {
    read_digits();
  }
  bool is_float = false;
  if (at(position_) == '.') {
    is_float = true;
    ++position_;
    read_digits();
  }
  if (at(position_) == 'e' || at(position_) == 'E') {
    is_float = true;
    ++position_;
    if (at(position_) == '+' || at(position_) == '-') ++position_;
    read_digits();
  }
  if (at(position_) == '.' || is_name_start(at(position_))) {
    fail(position_,
         "Syntax Error: Invalid number, expected digit but got: " + character_at(position_) + ".");
  }
  return make(is_float ? TokenKind::kFloat : TokenKind::kInt, start,
              std::string(source_.substr(start, position_ - start)));
}

void Lexer::read_digits() {
  if (!is_digit(at(position_))) {
    fail(position_,
         "Syntax Error: Invalid number, expected digit but got: " + character_at(position_) + ".");
  }
  while (is_digit(at(position_))) ++position_;
}

Token Lexer::read_string(std::size_t start) {
  std::string value;
  position_ = start + 1;
  while (position_ < source_.size()) {
    const int c = at(position_);
    if (c == '"') {
      ++position_;
      return make(TokenKind::kString, start, std::move(value));
    }
    if (c == '\n' || c == '\r') break;
    if (c == '\\') {
      read_escape(value);
      continue;
    }
    check_string_character();
    value += static_cast<char>(c);
    ++position_;
  }
  fail(position_, "Syntax Error: Unterminated string.");
}

void Lexer::read_escape(std::string& value) {
  const std::size_t start = position_;
  constexpr std::string_view kEscaped = "\"\\/bfnrt";
  constexpr std::string_view kMeaning = "\"\\/\b\f\n\r\t";
  const int c = at(start + 1);
  if (c == 'u') {
    append_utf8(value, read_unicode_escape(start));
    return;
  }
  const auto index = c == kEnd ? std::string::npos : kEscaped.find(static_cast<char>(c));
  if (index == std::string::npos) {
    fail(start, "Syntax Error: Invalid character escape sequence: \"" +
                    std::string(code_points(start, 2)) + "\".");
  }
  value += kMeaning[index];
  position_ = start + 2;
}

// \uXXXX, and a UTF-16 surrogate pair written as two of them as JSON does; a lone surrogate is
// no character. The October 2021 edition has no \u{...} form: it is refused here too.
char32_t Lexer::read_unicode_escape(std::size_t start) {
  const auto read_hex4 = [this](std::size_t offset) {
    int code = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const int digit = hex_digit(at(offset + i));
      if (digit < 0) return -1;
      code = code * 16 + digit;
    }
    return code;
  };
  const int code = read_hex4(start + 2);
  if (code >= 0 && (code < 0xD800 || code > 0xDFFF)) {
    position_ = start + 6;
    return static_cast<char32_t>(code);
  }
  if (code >= 0xD800 && code <= 0xDBFF && source_.substr(start + 6, 2) == "\\u") {
    const int trailing = read_hex4(start + 8);
    if (trailing >= 0xDC00 && trailing <= 0xDFFF) {
      position_ = start + 12;
      return static_cast<char32_t>(0x10000 + ((code - 0xD800) << 10) + (trailing - 0xDC00));
    }
  }
  fail(start, "Syntax Error: Invalid Unicode escape sequence: \"" +
                  std::string(code_points(start, 6)) + "\".");
}

// Block strings have no escapes but \""", and may span lines; the raw lines are kept apart for
// block_string_value().
Token Lexer::read_block_string(std::size_t start) {
  std::vector<std::string> lines(1);
  position_ = start + 3;
  while (position_ < source_.size()) {
    const int c = at(position_);
    const std::string_view rest = source_.substr(position_);
    if (rest.starts_with("\"\"\"")) {
      position_ += 3;
      return make(TokenKind::kBlockString, start, block_string_value(std::move(lines)));
    }
    if (rest.starts_with("\\\"\"\"")) {
      lines.back() += "\"\"\"";
      position_ += 4;
    } else if (c == '\n' || c == '\r') {
      position_ += rest.starts_with("\r\n") ? 2 : 1;
      lines.emplace_back();
    } else {
      check_string_character();
      lines.back() += static_cast<char>(c);
      ++position_;
    }
  }
  fail(position_, "Syntax Error: Unterminated string.");
}

void Lexer::check_string_character() {
  if (is_control(at(position_))) {
    fail(position_,
         "Syntax Error: Invalid character within String: " + character_at(position_) + ".");
  }
}

// A character as graphql-js prints it in messages: "x", '"', U+00E9 or <EOF>.
std::string Lexer::character_at(std::size_t offset) const {
  if (offset >= source_.size()) return "<EOF>";
  const char32_t code = decode(source_, offset).first;
  if (code == '"') return "'\"'";
  if (code >= 0x20 && code <= 0x7E) return std::string{'"', static_cast<char>(code), '"'};
  std::string hex;
  for (char32_t rest = code; rest != 0 || hex.size() < 4; rest >>= 4) {
    hex.insert(hex.begin(), "0123456789ABCDEF"[rest & 0xF]);
  }
  return "U+" + hex;
}

// Up to `count` code points from `offset`: the escape sequence a message quotes.
std::string_view Lexer::code_points(std::size_t offset, std::size_t count) const {
  std::size_t end = offset;
  for (; count > 0 && end < source_.size(); --count) end += decode(source_, end).second;
  return source_.substr(offset, end - offset);
}

void Lexer::fail(std::size_t offset, std::string message) {
  throw SyntaxFailure{SyntaxError{std::move(message), locate(offset)}};
}

}  // namespace mercado::graphql
