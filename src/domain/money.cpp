#include "domain/money.hpp"

#include <cmath>

namespace mercado::domain {

std::optional<Cents> parse_price(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  std::int64_t units = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] != '.'; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    units = units * 10 + (c - '0');
    if (units > kMaxPrice.value / 100) return std::nullopt;
  }
  if (i == 0) return std::nullopt;  // ".5" is not a price a person writes
  std::int64_t fraction = 0;
  if (i < text.size()) {
    const std::string_view decimals = text.substr(i + 1);
    if (decimals.empty() || decimals.size() > 2) return std::nullopt;
    for (const char c : decimals) {
      if (c < '0' || c > '9') return std::nullopt;
      fraction = fraction * 10 + (c - '0');
    }
    if (decimals.size() == 1) fraction *= 10;
  }
  const Cents result{units * 100 + fraction};
  if (result > kMaxPrice) return std::nullopt;
  return result;
}

std::optional<Cents> price_from_double(double amount) {
  if (!std::isfinite(amount) || amount < 0) return std::nullopt;
  const double scaled = amount * 100.0;
  if (scaled > static_cast<double>(kMaxPrice.value)) return std::nullopt;
  const double rounded = std::round(scaled);
  // 129.99 * 100 is 12998.999999999998 in binary: for two decimals the binary error stays below
  // 2e-7 cent up to kMaxPrice, while a further decimal up to the eighth (30.00000001 is 1e-6
  // cent away) is further than 5e-7. A ninth can't be told from binary error.
  if (std::fabs(scaled - rounded) > 5e-7) return std::nullopt;
  return Cents{static_cast<std::int64_t>(rounded)};
}

void append_price(std::string& out, Cents price) {
  out += std::to_string(price.value / 100);
  const std::int64_t fraction = price.value % 100;
  if (fraction == 0) return;
  out += '.';
  out += static_cast<char>('0' + fraction / 10);
  if (fraction % 10 != 0) out += static_cast<char>('0' + fraction % 10);
}

std::string format_price(Cents price) {
  std::string out;
  append_price(out, price);
  return out;
}

}  // namespace mercado::domain
