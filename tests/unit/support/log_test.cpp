#include "support/log.hpp"

#include <gtest/gtest.h>

namespace mercado::support {
namespace {

// The obvious byte-at-a-time escaping, to check the fast one against.
std::string reference_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\u%04x", c);
      out += hex;
    } else {
      out += c;
    }
  }
  return out;
}

TEST(AppendJsonEscaped, MatchesTheReferenceAtEveryPosition) {
  const std::string base = "Crème brûlée — 30 cm wide, \xF0\x9F\x98\x80 solid walnut top";
  for (const char special : {'"', '\\', '\n', '\x01', '\x1f', '\t', '\x7f'}) {
    for (std::size_t position = 0; position <= base.size(); ++position) {
      std::string text = base;
      text.insert(position, 1, special);
      std::string escaped;
      append_json_escaped(escaped, text);
      ASSERT_EQ(escaped, reference_escape(text)) << "position " << position;
    }
  }
}

TEST(AppendJsonEscaped, AppendsToWhatIsThere) {
  std::string out = "x";
  append_json_escaped(out, "a\"b");
  EXPECT_EQ(out, "xa\\\"b");
}

TEST(LogValue, WritesNumbersBareAndFractionsWithThreeDecimals) {
  EXPECT_EQ(LogValue(42).text(), "42");
  EXPECT_FALSE(LogValue(42).quoted());
  EXPECT_EQ(LogValue(0.0).text(), "0.000");
  EXPECT_EQ(LogValue(12.3456).text(), "12.346");
  EXPECT_EQ(LogValue(7.0).text(), "7.000");
  EXPECT_EQ(LogValue(-1.5).text(), "-1.500");
  EXPECT_EQ(LogValue(1e20).text(), "100000000000000000000.000");
}

TEST(LogValue, KeepsTemporaryTextAndViewsTheRest) {
  const std::string kept = "kept";
  EXPECT_EQ(LogValue(kept).text().data(), kept.data());
  EXPECT_EQ(LogValue(std::string("temporary")).text(), "temporary");
  EXPECT_TRUE(LogValue("text").quoted());
}

}  // namespace
}  // namespace mercado::support
