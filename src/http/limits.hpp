// Every size and time a client controls, as the server applies them.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace mercado::http {

struct ServerLimits {
  // The request line and headers. Chunk extensions and trailer fields are header-like data that
  // arrives with the body: they count against this budget too.
  std::size_t header_bytes = 16 * 1024;
  // JSON and XML bodies, counted as they arrive on the wire (chunked framing included).
  std::size_t body_bytes = 1024 * 1024;
  // Targets that take uploads, and how large their bodies may be (the file plus its multipart
  // framing).
  std::vector<std::string> upload_paths;
  std::size_t upload_body_bytes = 0;
  // From a request's first byte to its last: a client that trickles bytes (slowloris) is
  // dropped when it runs out, whatever its pace.
  std::chrono::seconds request_timeout{10};
  std::chrono::seconds idle_timeout{30};   // a keep-alive connection between requests
  std::chrono::seconds write_timeout{10};  // a client that does not read its response
  // Past this, new connections are closed at once. The server lowers it further to fit the
  // process's descriptor limit (see server.cpp).
  std::size_t max_connections = 20'000;
};

}  // namespace mercado::http
