// The tokens of GraphQL source text (October 2021 specification, section 2.1), read one at a
// time as the parser asks for them, so that reading stops where a limit is exceeded and the rest
// of a hostile document is never looked at. Messages are graphql-js's (v16).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "graphql/ast.hpp"
#include "graphql/parser.hpp"

namespace mercado::graphql {

enum class TokenKind {
  kEof,
  kBang,
  kDollar,
  kAmp,
  kParenL,
  kParenR,
  kSpread,
  kColon,
  kEquals,
  kAt,
  kBracketL,
  kBracketR,
  kBraceL,
  kPipe,
  kBraceR,
  // The kinds from here on carry a value, which error messages quote.
  kName,
  kInt,
  kFloat,
  kString,
  kBlockString,
};

struct Token {
  TokenKind kind = TokenKind::kEof;
  // Names and numbers as written; strings with escapes and block indentation resolved.
  std::string value;
  SourceLocation location;
};

// Thrown by the lexer and the parser, and turned into parse()'s SyntaxError: the first error
// ends the reading, as in graphql-js.
struct SyntaxFailure {
  SyntaxError error;
};

// The offset of the first byte that does not belong to well-formed UTF-8 (overlong forms,
// surrogates and code points above U+10FFFF included), or npos when there is none.
std::size_t find_invalid_utf8(std::string_view text);

// How messages name a kind (`"{"`, `Name`, `<EOF>`) and a token (`Name "id"`, `Int "5"`).
std::string describe(TokenKind kind);
std::string describe(const Token& token);

class Lexer {
 public:
  // `source` must be well-formed UTF-8 and outlive the lexer.
  explicit Lexer(std::string_view source) : source_(source) {}

  // Throws SyntaxFailure on a lexical error, and on the token after the first kMaxTokens.
  Token next();

  // Where a byte offset is. Cheap when offsets grow, as they do while reading: it counts on from
  // the last offset asked for, so a long one-line document is not rescanned for every token.
  SourceLocation locate(std::size_t offset);

 private:
  int at(std::size_t offset) const;
  void skip_ignored();
  Token make(TokenKind kind, std::size_t start, std::string value);
  Token read_name(std::size_t start);
  Token read_number(std::size_t start);
  void read_digits();
  Token read_string(std::size_t start);
  void read_escape(std::string& value);
  char32_t read_unicode_escape(std::size_t start);
  Token read_block_string(std::size_t start);
  void check_string_character();
  std::string character_at(std::size_t offset) const;
  std::string_view code_points(std::size_t offset, std::size_t count) const;
  [[noreturn]] void fail(std::size_t offset, std::string message);

  std::string_view source_;
  std::size_t position_ = 0;
  std::size_t tokens_ = 0;
  // What locate() last counted up to, and where that is.
  std::size_t located_offset_ = 0;
  SourceLocation located_;
};

}  // namespace mercado::graphql
