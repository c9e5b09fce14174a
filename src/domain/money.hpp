// Money as integer cents: exact arithmetic, and a rendering we control to the last digit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mercado::domain {

struct Cents {
  std::int64_t value = 0;
  auto operator<=>(const Cents&) const = default;
};

// The largest price a product may have: 10 million in the store's currency.
inline constexpr Cents kMaxPrice{1'000'000'000};

// "129.99", "45", "0.5" -> cents. Refuses signs, exponents, more than two decimals and values
// beyond kMaxPrice, so the same rules apply to JSON numbers, XML text and query parameters.
std::optional<Cents> parse_price(std::string_view text);

// A JSON number already decoded to double: accepted when it is a whole number of cents.
std::optional<Cents> price_from_double(double amount);

// 12900 -> "129", 12990 -> "129.9", 12999 -> "129.99": the shortest exact decimal.
std::string format_price(Cents price);
void append_price(std::string& out, Cents price);

}  // namespace mercado::domain
