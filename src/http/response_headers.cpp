#include "http/response_headers.hpp"

#include <algorithm>
#include <cstdint>
#include <random>

namespace mercado::http {
namespace {

bool is_id_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

// Ids need to be unique, not secret: a per-thread generator seeded once from the OS.
std::string fresh_id() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  std::uint64_t bits = generator();
  for (char& c : id) {
    c = kHex[bits & 15];
    bits >>= 4;
  }
  return id;
}

}  // namespace

std::string request_id(std::string_view sent) {
  if (!sent.empty() && sent.size() <= kMaxRequestIdLength &&
      std::all_of(sent.begin(), sent.end(), is_id_character)) {
    return std::string(sent);
  }
  return fresh_id();
}

void add_standard_headers(Response& response, std::string_view request_id) {
  response.set("X-Request-Id", request_id);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
}

}  // namespace mercado::http
