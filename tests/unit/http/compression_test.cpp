#include "http/compression.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include "http/conditional.hpp"
#include "http/negotiation.hpp"

namespace mercado::http {
namespace {

std::string gunzip(const std::string& bytes) {
  z_stream stream{};
  inflateInit2(&stream, 15 + 16);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

Response compressed(std::string_view content_type, std::string body,
                    std::string_view accept_encoding = "gzip") {
  BeastRequest raw(Verb::get, "/", 11);
  raw.set(beast_http::field::accept_encoding, accept_encoding);
  Request request(raw);
  Response response(Status::ok, 11);
  response.set(beast_http::field::content_type, content_type);
  response.set(beast_http::field::etag, entity_tag(body));
  response.body() = std::move(body);
  GzipCache cache;
  compress_if_worthwhile(request, response, cache);
  return response;
}

TEST(Compression, GzipsLargeTextAndRetagsIt) {
  std::string json = "[";
  for (int i = 0; i < 200; ++i) json += "{\"id\":" + std::to_string(i) + ",\"title\":\"Lamp\"},";
  json.back() = ']';
  const auto response = compressed("application/json", json);
  EXPECT_EQ(response[beast_http::field::content_encoding], "gzip");
  EXPECT_EQ(response[beast_http::field::vary], "Accept-Encoding");
  EXPECT_EQ(gunzip(response.body()), json);
  EXPECT_EQ(response[beast_http::field::etag], gzip_entity_tag(entity_tag(json)));
}

TEST(Compression, LeavesSmallBodiesImagesAndUnwillingClientsAlone) {
  EXPECT_EQ(compressed("application/json", "{\"id\":1}").count(beast_http::field::content_encoding),
            0u);
  EXPECT_EQ(compressed("image/png", std::string(4096, 'x')).count(beast_http::field::vary), 0u);
  const auto refused = compressed("application/json", std::string(4096, ' '), "gzip;q=0");
  EXPECT_EQ(refused.count(beast_http::field::content_encoding), 0u);
  EXPECT_EQ(refused[beast_http::field::vary], "Accept-Encoding");
}

TEST(AcceptsGzip, ReadsCodingsAndWeights) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("br, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_TRUE(accepts_gzip("x-gzip"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("*;q=0.000"));
  EXPECT_FALSE(accepts_gzip("*, gzip;q=0"));
}

}  // namespace
}  // namespace mercado::http
