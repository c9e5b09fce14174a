// Upload types decided from the bytes (libmagic), never from the client's name or claim.
#pragma once

#include <optional>
#include <string_view>

namespace mercado::support {

// One of the image types Mercado accepts; both strings are static.
struct ImageType {
  std::string_view media_type;  // e.g. "image/png"
  std::string_view extension;   // e.g. "png", "jpg" for JPEG
};

// The image type of `bytes` when it is one Mercado accepts (JPEG, PNG, GIF, WebP), nullopt
// otherwise, and also when libmagic can't be loaded: an unknown type is refused, never guessed.
// This reads the signature only: a file that starts like a PNG is a PNG here, whole or not.
// Thread-safe: each thread loads its own libmagic handle on first use.
std::optional<ImageType> sniff_image(std::string_view bytes);

}  // namespace mercado::support
