#include "support/image_type.hpp"

#include <magic.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>

#include "support/log.hpp"

namespace mercado::support {
namespace {

// Only the magic database ("soft" checks) recognises images. The built-in checks are turned
// off: they can't find an image, cost time on every non-image (text encodings, CSV, JSON), and
// some (compressed files, CDF, ELF, tar) run parsers over untrusted bytes for nothing.
constexpr int kMagicFlags = MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS |
                            MAGIC_NO_CHECK_TAR | MAGIC_NO_CHECK_APPTYPE | MAGIC_NO_CHECK_ELF |
                            MAGIC_NO_CHECK_TEXT | MAGIC_NO_CHECK_CDF | MAGIC_NO_CHECK_CSV |
                            MAGIC_NO_CHECK_TOKENS | MAGIC_NO_CHECK_ENCODING | MAGIC_NO_CHECK_JSON;

// The four signatures sit in the first few dozen bytes; a prefix keeps a 5 MiB non-image from
// being searched end to end by the database's wider rules.
constexpr std::size_t kSniffBytes = 64 * 1024;

constexpr std::array<ImageType, 4> kAccepted = {{
    {"image/jpeg", "jpg"},
    {"image/png", "png"},
    {"image/gif", "gif"},
    {"image/webp", "webp"},
}};

// A libmagic cookie is not thread-safe, and loading the database costs little (it is mapped),
// so each thread keeps one for its lifetime.
class MagicHandle {
 public:
  MagicHandle() : cookie_(magic_open(kMagicFlags)) {
    if (cookie_ == nullptr) {
      log_error("libmagic could not be opened; uploads are refused", "magic_open failed");
      return;
    }
    if (magic_load(cookie_, nullptr) != 0) {
      const char* reason = magic_error(cookie_);
      log_error("libmagic could not load its database; uploads are refused",
                reason != nullptr ? reason : "unknown");
      magic_close(cookie_);
      cookie_ = nullptr;
    }
  }
  ~MagicHandle() {
    if (cookie_ != nullptr) magic_close(cookie_);
  }
  MagicHandle(const MagicHandle&) = delete;
  MagicHandle& operator=(const MagicHandle&) = delete;

  magic_t get() const { return cookie_; }

 private:
  magic_t cookie_;
};

}  // namespace

std::optional<ImageType> sniff_image(std::string_view bytes) {
  if (bytes.empty()) return std::nullopt;  // nothing to sniff, and data() may be null
  thread_local const MagicHandle handle;
  if (handle.get() == nullptr) return std::nullopt;
  const char* found = magic_buffer(handle.get(), bytes.data(), std::min(bytes.size(), kSniffBytes));
  if (found == nullptr) return std::nullopt;
  const std::string_view media_type(found);
  const auto accepted =
      std::find_if(kAccepted.begin(), kAccepted.end(),
                   [&](const ImageType& type) { return type.media_type == media_type; });
  if (accepted == kAccepted.end()) return std::nullopt;
  return *accepted;
}

}  // namespace mercado::support
