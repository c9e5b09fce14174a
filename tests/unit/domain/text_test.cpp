#include "domain/text.hpp"

#include <gtest/gtest.h>

namespace mercado::domain {
namespace {

TEST(IsValidUtf8, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("Café \xF0\x9F\x98\x80"));
}

TEST(IsValidUtf8, RefusesMalformedSequences) {
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(Utf8Length, CountsCodePoints) { EXPECT_EQ(utf8_length("Crème"), 5u); }

TEST(HasControlCharacters, FindsC0C1AndDel) {
  EXPECT_TRUE(has_control_characters("a\nb"));
  EXPECT_TRUE(has_control_characters("a\x7F"));
  EXPECT_TRUE(has_control_characters("a\xC2\x85"));  // NEL
  EXPECT_FALSE(has_control_characters("Crème brûlée"));
}

TEST(FoldToAsciiLower, FoldsCaseAndAccentsButKeepsOtherScripts) {
  EXPECT_EQ(fold_to_ascii_lower("CAFÉ Ñandú"), "cafe nandu");
  EXPECT_EQ(fold_to_ascii_lower("日本"), "日本");
}

TEST(Trim, RemovesSurroundingWhiteSpace) { EXPECT_EQ(trim(" \t x y \n"), "x y"); }

}  // namespace
}  // namespace mercado::domain
