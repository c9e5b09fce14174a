// GraphQL documents from text: a hand-written recursive-descent parser over a lexer, as the
// reference implementation (graphql-js) has. Hand-written so that every limit is checked where
// the input is read: a hostile document is refused after reading at most kMaxTokens tokens and
// nesting at most kMaxParseDepth levels, before any tree is built from the rest, and the
// parser's recursion never exceeds kMaxParseDepth (no stack overflow on "{{{{...").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "graphql/ast.hpp"

namespace mercado::graphql {

// Documents longer than this are refused unread (the introspection query GraphiQL sends is
// about 3 KiB).
inline constexpr std::size_t kMaxDocumentBytes = 64 * 1024;
// Punctuators, names and literals together.
inline constexpr std::size_t kMaxTokens = 8000;
// Nesting of selection sets, list and object values, and list types, all counted together.
inline constexpr std::size_t kMaxParseDepth = 64;

// What went wrong and where: "Syntax Error: Expected Name, found <EOF>." in the words
// graphql-js uses, so clients show the same messages.
struct SyntaxError {
  std::string message;
  SourceLocation location;
};

using ParseResult = std::variant<Document, SyntaxError>;

// Parses an executable document: operations and fragments only. A type system definition
// (`type`, `schema`, `extend` ...) is refused as not executable.
ParseResult parse(std::string_view text);

}  // namespace mercado::graphql
