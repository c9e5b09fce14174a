// gzip for responses worth compressing: text of 1 KiB or more, to a client that accepts it.
// Images and other already-compressed bytes are sent as they are.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace mercado::http {

inline constexpr std::size_t kMinimumCompressedSize = 1024;

// The gzip encoding of `bytes` (RFC 1952); nullopt if zlib fails, which leaves the body as is.
std::optional<std::string> gzip(std::string_view bytes);

// Compresses `response` in place when the request allows it and it is worth it: sets
// Content-Encoding, adds Accept-Encoding to Vary, and gives the new representation its own
// ETag. Compressible responses get the Vary even when they go out uncompressed, so a shared
// cache never hands a gzip body to a client that did not ask for one.
void compress_if_worthwhile(const Request& request, Response& response);

}  // namespace mercado::http
