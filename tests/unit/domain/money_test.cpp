#include "domain/money.hpp"

#include <gtest/gtest.h>

namespace mercado::domain {
namespace {

TEST(ParsePrice, AcceptsWholeAndTwoDecimalAmounts) {
  EXPECT_EQ(parse_price("45"), Cents{4500});
  EXPECT_EQ(parse_price("129.99"), Cents{12999});
  EXPECT_EQ(parse_price("0.5"), Cents{50});
  EXPECT_EQ(parse_price("10000000"), kMaxPrice);
}

TEST(ParsePrice, RefusesWhatIsNotAPlainAmount) {
  for (const char* text : {"", "-1", "+1", "1e3", "1.", ".5", "1.234", "abc", "1,5", " 1",
                           "10000000.01", "99999999999999999999"}) {
    EXPECT_FALSE(parse_price(text)) << text;
  }
}

TEST(PriceFromDouble, AcceptsBinaryApproximationsOfCents) {
  EXPECT_EQ(price_from_double(129.99), Cents{12999});
  EXPECT_EQ(price_from_double(0.1 + 0.2), Cents{30});
  EXPECT_EQ(price_from_double(45), Cents{4500});
}

TEST(PriceFromDouble, ReadsEveryTwoDecimalAmountUpToTheMaximum) {
  // Binary error grows with the amount: the largest amounts are where it would show.
  for (std::int64_t cents = kMaxPrice.value - 100'000; cents <= kMaxPrice.value; ++cents) {
    const std::string text = format_price(Cents{cents});
    ASSERT_EQ(price_from_double(std::strtod(text.c_str(), nullptr)), Cents{cents}) << text;
  }
  for (std::int64_t cents = 1; cents <= 100'000; ++cents) {
    const std::string text = format_price(Cents{cents});
    ASSERT_EQ(price_from_double(std::strtod(text.c_str(), nullptr)), Cents{cents}) << text;
  }
}

TEST(PriceFromDouble, RefusesFractionsOfCentsAndNonFiniteValues) {
  EXPECT_FALSE(price_from_double(1.234));
  EXPECT_FALSE(price_from_double(5000.005));
  EXPECT_FALSE(price_from_double(129.0000005));
  EXPECT_FALSE(price_from_double(30.00000001));  // the eighth decimal, found by fuzz_query
  EXPECT_FALSE(price_from_double(9999999.00000001));
  EXPECT_FALSE(price_from_double(9999999.999));
  EXPECT_FALSE(price_from_double(-1));
  EXPECT_FALSE(price_from_double(1e300));
  EXPECT_FALSE(price_from_double(std::numeric_limits<double>::quiet_NaN()));
}

TEST(FormatPrice, WritesTheShortestExactDecimal) {
  EXPECT_EQ(format_price(Cents{4500}), "45");
  EXPECT_EQ(format_price(Cents{12990}), "129.9");
  EXPECT_EQ(format_price(Cents{12999}), "129.99");
  EXPECT_EQ(format_price(Cents{5}), "0.05");
}

TEST(FormatPrice, RoundTripsThroughParsePrice) {
  for (std::int64_t cents : {1, 10, 99, 100, 101, 12345, 99999999}) {
    EXPECT_EQ(parse_price(format_price(Cents{cents})), Cents{cents});
  }
}

}  // namespace
}  // namespace mercado::domain
