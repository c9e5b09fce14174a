// Uploaded files: what is kept, and the one shape of name the server gives them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mercado::domain {

inline constexpr std::size_t kDefaultUploadLimit = 5 * 1024 * 1024;

struct StoredFile {
  std::string name;        // e.g. "3f2a…9c.png": generated, never the client's
  std::string media_type;  // decided from the bytes
  std::string bytes;
  std::string etag;  // a strong validator: the bytes never change under a name
  std::string created_at;
};

// "<32 lower-case hex digits>.<extension>": 128 random bits, so names never collide, and the
// extension of the type found in the bytes.
std::string file_name(std::string_view random_hex, std::string_view extension);

// True for names file_name() can produce. Anything else (a path, "..", a client's own name) is
// not a file here, so it can't reach outside what was stored.
bool is_file_name(std::string_view name);

}  // namespace mercado::domain
