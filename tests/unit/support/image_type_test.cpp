#include "support/image_type.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace mercado::support {
namespace {

// Minimal whole files, 1x1 pixel each, built by hand from the format specifications.
// PNG: signature, IHDR (8-bit grey), one zlib-compressed scanline, IEND; CRCs computed.
const std::string kPng(
    "\x89PNG\r\n\x1a\n"
    "\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\0\0\0\0\x3a\x7e\x9b\x55"
    "\0\0\0\x0aIDAT\x78\x9c\x63\x60\0\0\0\x02\0\x01\x48\xaf\xa4\x71"
    "\0\0\0\0IEND\xae\x42\x60\x82",
    67);
// GIF89a: screen descriptor with a 2-colour table, transparency extension, one image, trailer.
const std::string kGif(
    "GIF89a\x01\0\x01\0\x80\0\0\xff\xff\xff\0\0\0"
    "!\xf9\x04\x01\0\0\0\0"
    ",\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0;",
    43);
// Baseline JFIF, one grey component: SOI, APP0 JFIF, DQT, SOF0, a one-code DC and AC Huffman
// table, SOS, the scan (DC 0, EOB), EOI.
const std::string kJpeg = std::string(
                              "\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
                              "\xff\xdb\0\x43\0",
                              25) +
                          std::string(64, '\x01') +
                          std::string(
                              "\xff\xc0\0\x0b\x08\0\x01\0\x01\x01\x01\x11\0"
                              "\xff\xc4\0\x14\0\x01\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
                              "\xff\xc4\0\x14\x10\x01\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
                              "\xff\xda\0\x08\x01\x01\0\0\x3f\0\x3f\xff\xd9",
                              70);
// Lossy WebP: RIFF header, WEBP, a VP8 chunk holding a 1x1 key frame.
const std::string kWebp(
    "RIFF\x22\0\0\0WEBPVP8 \x16\0\0\0"
    "\x30\x01\0\x9d\x01\x2a\x01\0\x01\0\x0e\xc0\xfe\x25\xa4\0\x03\x70\0\0\0\0",
    42);

void expect_image(const std::string& bytes, std::string_view media_type,
                  std::string_view extension) {
  const auto type = sniff_image(bytes);
  ASSERT_TRUE(type.has_value()) << media_type;
  EXPECT_EQ(type->media_type, media_type);
  EXPECT_EQ(type->extension, extension);
}

TEST(SniffImage, TheFixturesAreWholeFiles) {
  EXPECT_EQ(kPng.size(), 67u);
  EXPECT_EQ(kGif.back(), ';');
  EXPECT_EQ(kJpeg.size(), 159u);
  EXPECT_EQ(kJpeg.substr(kJpeg.size() - 2), "\xff\xd9");
  EXPECT_EQ(kWebp.size(), 42u);
  EXPECT_EQ(static_cast<unsigned char>(kWebp[4]) + 8u, kWebp.size());  // the RIFF size
}

TEST(SniffImage, DetectsPng) { expect_image(kPng, "image/png", "png"); }

TEST(SniffImage, DetectsGif89aAndGif87a) {
  expect_image(kGif, "image/gif", "gif");
  std::string gif87 = kGif;
  gif87[4] = '7';
  expect_image(gif87, "image/gif", "gif");
}

TEST(SniffImage, DetectsJpegAsJpg) { expect_image(kJpeg, "image/jpeg", "jpg"); }

TEST(SniffImage, DetectsWebp) { expect_image(kWebp, "image/webp", "webp"); }

TEST(SniffImage, DetectsAnImageFollowedByMegabytes) {
  expect_image(kPng + std::string(5 * 1024 * 1024, '\0'), "image/png", "png");
}

TEST(SniffImage, RefusesTextAndDocuments) {
  for (const std::string bytes : {
           "hello, world\n",
           "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n",
           "<html><img src=x onerror=alert(1)></html>",
           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"></svg>\n",
           "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
           "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
           "{\"title\": \"not an image\"}",
           "#!/bin/sh\necho hi\n",
       }) {
    EXPECT_FALSE(sniff_image(bytes).has_value()) << bytes;
  }
}

TEST(SniffImage, RefusesImagesOfOtherTypes) {
  // A 1x1 BMP and a TIFF header: images, but not ones Mercado serves.
  const std::string bmp(
      "BM\x3a\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\x01\0\0\0\x01\0\0\0\x01\0\x18\0\0\0\0\0"
      "\x04\0\0\0\x13\x0b\0\0\x13\x0b\0\0\0\0\0\0\0\0\0\0\0\0\xff\0",
      58);
  const std::string tiff("II*\0\x08\0\0\0\0\0", 10);
  EXPECT_FALSE(sniff_image(bmp).has_value());
  EXPECT_FALSE(sniff_image(tiff).has_value());
}

TEST(SniffImage, RefusesEmptyAndTruncatedInput) {
  EXPECT_FALSE(sniff_image("").has_value());
  EXPECT_FALSE(sniff_image(std::string(16, '\0')).has_value());
  for (const std::string* image : {&kPng, &kGif, &kJpeg, &kWebp}) {
    // Cut inside the signature: not yet recognisable as anything.
    EXPECT_FALSE(sniff_image(image->substr(0, 3)).has_value()) << image->substr(0, 3);
  }
  EXPECT_FALSE(sniff_image(kPng.substr(0, 12)).has_value());
  EXPECT_FALSE(sniff_image(kWebp.substr(0, 11)).has_value());
}

TEST(SniffImage, NeedsTheSignatureAtTheStart) {
  EXPECT_FALSE(sniff_image(" " + kPng).has_value());
  EXPECT_FALSE(sniff_image("<html>" + kGif + "</html>").has_value());
}

TEST(SniffImage, WorksOnManyThreadsAtOnce) {
  std::vector<std::thread> threads;
  std::vector<int> correct(4, 0);
  for (std::size_t t = 0; t < correct.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const auto png = sniff_image(kPng);
        const auto webp = sniff_image(kWebp);
        const bool right = png && png->extension == "png" && webp && webp->extension == "webp" &&
                           !sniff_image("plain text");
        correct[t] += right ? 1 : 0;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const int count : correct) EXPECT_EQ(count, 50);
}

}  // namespace
}  // namespace mercado::support
