// How a product's image URLs are kept in one text column, by every store.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mercado::storage {

// One URL per line: validated URLs never hold control characters, so a newline can't be part of
// one, and splitting is far cheaper than parsing JSON on every read.
std::string encode_images(const std::vector<std::string>& images);
std::vector<std::string> decode_images(std::string_view text);

}  // namespace mercado::storage
