#include "graphql/messages.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <charconv>
#include <cmath>

namespace mercado::graphql {
namespace {

namespace json = boost::json;
using Kind = Value::Kind;

// A number as JavaScript writes it (String(n)): graphql-js's messages show numbers so.
std::string js_number(double number) {
  if (number == 0) return "0";
  char buffer[40];
  const auto end =
      std::to_chars(buffer, buffer + sizeof buffer, std::abs(number), std::chars_format::scientific)
          .ptr;
  const std::string text(buffer, end);  // d[.ddd]e±XX, the shortest that reads back the same
  const std::size_t e = text.find('e');
  std::string digits = text.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int k = static_cast<int>(digits.size());
  const int n = std::stoi(text.substr(e + 1)) + 1;  // the decimal point's place in the digits
  std::string out = number < 0 ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits + std::string(n - k, '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, n) + "." + digits.substr(n);
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(-n, '0') + digits;
  } else {
    out += digits.substr(0, 1) + (k > 1 ? "." + digits.substr(1) : "") + (n > 0 ? "e+" : "e-") +
           std::to_string(std::abs(n - 1));
  }
  return out;
}

// Like graphql-js's inspect(), for the values of variables in messages: objects and lists
// below the second level are summarized ([Object], [Array]), and list items past ten.
std::string inspect(const json::value& value, int depth) {
  if (value.is_object()) {
    if (value.get_object().empty()) return "{}";
    if (depth > 1) return "[Object]";
    std::string text;
    for (const auto& [key, item] : value.get_object()) {
      text += (text.empty() ? "{ " : ", ") + std::string(key) + ": " + inspect(item, depth + 1);
    }
    return text + " }";
  }
  if (value.is_array()) {
    const json::array& items = value.get_array();
    if (items.empty()) return "[]";
    if (depth > 1) return "[Array]";
    std::string text = "[";
    for (std::size_t i = 0; i < items.size() && i < 10; ++i) {
      text += (i ? ", " : "") + inspect(items[i], depth + 1);
    }
    if (items.size() == 11) text += ", ... 1 more item";
    if (items.size() > 11) text += ", ... " + std::to_string(items.size() - 10) + " more items";
    return text + "]";
  }
  if (value.is_double()) return js_number(value.get_double());
  return json::serialize(value);
}

}  // namespace

std::string print(const json::value& value) { return inspect(value, 0); }

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// graphql-js's LexicalDistance: the optimal string alignment distance of the lower-cased
// names, a change of case alone counting 1; nothing past `threshold`.
std::optional<std::size_t> lexical_distance(std::string_view input, std::string_view option,
                                            std::size_t threshold) {
  if (input == option) return 0;
  std::string a = lower(option);
  std::string b = lower(input);
  if (a == b) return 1;
  if (a.size() < b.size()) std::swap(a, b);
  if (a.size() - b.size() > threshold) return std::nullopt;
  std::vector<std::vector<std::size_t>> rows(3, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t j = 0; j <= b.size(); ++j) rows[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    const auto& up = rows[(i - 1) % 3];
    auto& row = rows[i % 3];
    std::size_t smallest = row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t cell = std::min({up[j] + 1, row[j - 1] + 1, up[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cell = std::min(cell, rows[(i - 2) % 3][j - 2] + 1);
      }
      smallest = std::min(smallest, cell);
      row[j] = cell;
    }
    if (smallest > threshold) return std::nullopt;
  }
  const std::size_t distance = rows[a.size() % 3][b.size()];
  if (distance > threshold) return std::nullopt;
  return distance;
}

bool is_digit(std::string_view text, std::size_t at) {
  return at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]));
}

// graphql-js's naturalCompare: runs of digits compare as numbers ("a2" before "a10").
bool natural_less(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a, i) && is_digit(b, j)) {
      std::uint64_t x = 0;
      do x = x * 10 + static_cast<std::uint64_t>(a[i++] - '0');
      while (is_digit(a, i) && x > 0);
      std::uint64_t y = 0;
      do y = y * 10 + static_cast<std::uint64_t>(b[j++] - '0');
      while (is_digit(b, j) && y > 0);
      if (x != y) return x < y;
    } else {
      if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
      ++i;
      ++j;
    }
  }
  return a.size() < b.size();
}

}  // namespace

std::string did_you_mean(std::string_view input, const std::vector<std::string>& options,
                         std::string_view what) {
  const std::size_t threshold = input.size() * 4 / 10 + 1;
  std::vector<std::pair<std::size_t, std::string_view>> near;
  for (const auto& option : options) {
    if (const auto distance = lexical_distance(input, option, threshold)) {
      near.emplace_back(*distance, option);
    }
  }
  std::sort(near.begin(), near.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : natural_less(x.second, y.second);
  });
  if (near.empty()) return {};
  std::string text = " Did you mean ";
  if (!what.empty()) text += std::string(what) + " ";
  const std::size_t shown = std::min<std::size_t>(near.size(), 5);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) text += shown == 2 ? " or " : i + 1 == shown ? ", or " : ", ";
    text += "\"" + std::string(near[i].second) + "\"";
  }
  return text + "?";
}

namespace {

void append_printed(std::string& text, const Value& literal) {
  switch (literal.kind) {
    case Kind::kVariable:
      text += "$" + literal.text;
      break;
    case Kind::kString:
      text += json::serialize(json::string(literal.text));
      break;
    case Kind::kNull:
      text += "null";
      break;
    case Kind::kList:
      text += "[";
      for (std::size_t i = 0; i < literal.items.size(); ++i) {
        if (i) text += ", ";
        append_printed(text, literal.items[i]);
      }
      text += "]";
      break;
    case Kind::kObject:
      text += "{";
      for (std::size_t i = 0; i < literal.items.size(); ++i) {
        if (i) text += ", ";
        text += literal.names[i] + ": ";
        append_printed(text, literal.items[i]);
      }
      text += "}";
      break;
    default:
      text += literal.text;
  }
}

}  // namespace

std::string print(const Value& literal) {
  std::string text;
  append_printed(text, literal);
  return text;
}

}  // namespace mercado::graphql
