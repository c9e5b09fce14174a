#include "storage/image_list.hpp"

namespace mercado::storage {

std::string encode_images(const std::vector<std::string>& images) {
  std::string text;
  for (const auto& url : images) {
    if (!text.empty()) text += '\n';
    text += url;
  }
  return text;
}

std::vector<std::string> decode_images(std::string_view text) {
  std::vector<std::string> images;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    images.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return images;
}

}  // namespace mercado::storage
