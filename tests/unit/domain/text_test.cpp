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

TEST(HasForbiddenCharacters, FindsControlsDelAndNoncharacters) {
  EXPECT_TRUE(has_forbidden_characters("a\nb"));
  EXPECT_TRUE(has_forbidden_characters("a\x7F"));
  EXPECT_TRUE(has_forbidden_characters("a\xC2\x85"));      // NEL
  EXPECT_TRUE(has_forbidden_characters("a\xEF\xBF\xBF"));  // U+FFFF
  EXPECT_TRUE(has_forbidden_characters("a\xEF\xBF\xBE"));  // U+FFFE
  EXPECT_TRUE(has_forbidden_characters("\xC3"));           // malformed
  EXPECT_FALSE(has_forbidden_characters("Crème brûlée"));
}

TEST(HasForbiddenCharacters, AllowsLineBreaksOnlyWhenAsked) {
  EXPECT_FALSE(has_forbidden_characters("one\r\ntwo\tthree", true));
  EXPECT_TRUE(has_forbidden_characters("bell\x07", true));
}

TEST(FoldToAsciiLower, FoldsCaseAndAccentsButKeepsOtherScripts) {
  EXPECT_EQ(fold_to_ascii_lower("CAFÉ Ñandú"), "cafe nandu");
  EXPECT_EQ(fold_to_ascii_lower("日本"), "日本");
}

TEST(Trim, RemovesSurroundingWhiteSpace) { EXPECT_EQ(trim(" \t x y \n"), "x y"); }

}  // namespace
}  // namespace mercado::domain
