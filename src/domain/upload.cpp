#include "domain/upload.hpp"

#include <algorithm>
#include <array>

namespace mercado::domain {
namespace {

constexpr std::size_t kHexDigits = 32;
constexpr std::array<std::string_view, 4> kExtensions = {"jpg", "png", "gif", "webp"};

bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

std::string file_name(std::string_view random_hex, std::string_view extension) {
  std::string name(random_hex);
  name += '.';
  name += extension;
  return name;
}

bool is_file_name(std::string_view name) {
  if (name.size() <= kHexDigits + 1 || name[kHexDigits] != '.') return false;
  const auto hex = name.substr(0, kHexDigits);
  if (!std::all_of(hex.begin(), hex.end(), is_lower_hex)) return false;
  const auto extension = name.substr(kHexDigits + 1);
  return std::find(kExtensions.begin(), kExtensions.end(), extension) != kExtensions.end();
}

}  // namespace mercado::domain
