#include "http/compression.hpp"

#include <zlib.h>

#include <algorithm>

#include "http/conditional.hpp"
#include "http/negotiation.hpp"

namespace mercado::http {
namespace {

// Text formats we make; images (JPEG, PNG, GIF, WebP) are compressed already.
bool is_compressible(std::string_view content_type) {
  return content_type.starts_with("application/json") ||
         content_type.starts_with("application/graphql-response+json") ||
         content_type.starts_with("application/problem+") ||
         content_type.starts_with("application/xml") || content_type.starts_with("text/") ||
         content_type.starts_with("image/svg+xml") ||
         content_type.starts_with("application/javascript");
}

void add_vary(Response& response, std::string_view token) {
  const auto current = response[beast_http::field::vary];
  if (current.empty()) {
    response.set(beast_http::field::vary, token);
  } else if (current.find(token) == std::string_view::npos) {
    response.set(beast_http::field::vary, std::string(current) + ", " + std::string(token));
  }
}

}  // namespace

std::optional<std::string> gzip(std::string_view bytes) {
  z_stream stream{};
  // windowBits 15 + 16 asks zlib for the gzip wrapper; level 5 is most of level 9's gain for
  // a third of its time.
  if (deflateInit2(&stream, 5, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(bytes.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  const auto written = stream.total_out;
  deflateEnd(&stream);
  if (status != Z_STREAM_END) return std::nullopt;
  out.resize(written);
  return out;
}

const std::string* GzipCache::find(std::string_view tag) {
  for (auto& entry : entries_) {
    if (entry.tag == tag) {
      entry.used = ++clock_;
      return &entry.body;
    }
  }
  return nullptr;
}

void GzipCache::add(std::string_view tag, const std::string& body) {
  if (body.size() > kMaxBody) return;
  if (entries_.size() < kEntries) {
    entries_.push_back({std::string(tag), body, ++clock_});
    return;
  }
  auto& oldest = *std::min_element(entries_.begin(), entries_.end(),
                                   [](const Entry& a, const Entry& b) { return a.used < b.used; });
  oldest = {std::string(tag), body, ++clock_};
}

void compress_if_worthwhile(const Request& request, Response& response, GzipCache& cache) {
  if (response.result() != Status::ok && response.result() != Status::created) return;
  if (!is_compressible(response[beast_http::field::content_type])) return;
  if (response.count(beast_http::field::content_encoding)) return;
  add_vary(response, "Accept-Encoding");
  if (response.body().size() < kMinimumCompressedSize) return;
  if (!accepts_gzip(request.header(beast_http::field::accept_encoding))) return;
  const std::string tag(response[beast_http::field::etag]);
  if (const std::string* cached = tag.empty() ? nullptr : cache.find(tag)) {
    response.body() = *cached;
  } else {
    auto compressed = gzip(response.body());
    if (!compressed || compressed->size() >= response.body().size()) return;
    if (!tag.empty()) cache.add(tag, *compressed);
    response.body() = std::move(*compressed);
  }
  response.set(beast_http::field::content_encoding, "gzip");
  if (!tag.empty()) response.set(beast_http::field::etag, gzip_entity_tag(tag));
}

}  // namespace mercado::http
