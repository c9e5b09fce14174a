// gzip for responses worth compressing: text of 1 KiB or more, to a client that accepts it.
// Images and other already-compressed bytes are sent as they are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace mercado::http {

inline constexpr std::size_t kMinimumCompressedSize = 1024;

// The gzip encoding of `bytes` (RFC 1952); nullopt if zlib fails, which leaves the body as is.
std::optional<std::string> gzip(std::string_view bytes);

// The gzip bodies of recent representations, by their ETag: a catalog is read far more often
// than it changes, and the same bytes always compress to the same bytes. One per worker
// thread; at most kEntries bodies of up to kMaxBody bytes each (2 MiB in all).
class GzipCache {
 public:
  static constexpr std::size_t kEntries = 32;
  static constexpr std::size_t kMaxBody = 64 * 1024;

  const std::string* find(std::string_view tag);
  void add(std::string_view tag, const std::string& body);

 private:
  struct Entry {
    std::string tag;
    std::string body;
    std::uint64_t used = 0;
  };
  std::vector<Entry> entries_;
  std::uint64_t clock_ = 0;
};

// Compresses `response` in place when the request allows it and it is worth it: sets
// Content-Encoding, adds Accept-Encoding to Vary, and gives the new representation its own
// ETag. Compressible responses get the Vary even when they go out uncompressed, so a shared
// cache never hands a gzip body to a client that did not ask for one. With an ETag, `cache`
// saves compressing the same representation again.
void compress_if_worthwhile(const Request& request, Response& response, GzipCache& cache);

}  // namespace mercado::http
