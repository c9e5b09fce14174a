#include "domain/upload.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace mercado::domain {
namespace {

constexpr const char* kHex = "0123456789abcdef0123456789abcdef";

TEST(FileName, IsTheRandomHexAndTheExtension) {
  EXPECT_EQ(file_name(kHex, "png"), std::string(kHex) + ".png");
}

TEST(FileName, AcceptsWhatTheServerGenerates) {
  for (const char* extension : {"jpg", "png", "gif", "webp"}) {
    EXPECT_TRUE(is_file_name(file_name(kHex, extension))) << extension;
  }
}

TEST(FileName, RefusesEverythingElse) {
  const std::string hex = kHex;
  const std::vector<std::string> names = {std::string(),
                                          std::string("a.png"),
                                          hex,
                                          hex + ".",
                                          hex + ".exe",
                                          hex + ".PNG",
                                          hex + ".png/",
                                          "../" + hex + ".png",
                                          hex.substr(1) + "g.png",
                                          "0123456789ABCDEF" + hex.substr(16) + ".png",
                                          hex + "0.png",
                                          hex + ".png.png",
                                          std::string(".."),
                                          std::string("/etc/passwd"),
                                          hex.substr(0, 31) + "/.png"};
  for (const auto& name : names) {
    EXPECT_FALSE(is_file_name(name)) << name;
  }
}

}  // namespace
}  // namespace mercado::domain
