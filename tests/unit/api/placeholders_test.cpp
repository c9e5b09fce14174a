#include "api/placeholders.hpp"

#include <gtest/gtest.h>

namespace mercado::api::placeholders {
namespace {

TEST(PlaceholderSvg, IsStableAndLabelledWithTheName) {
  const std::string svg = render_svg("walnut-desk-2");
  EXPECT_EQ(svg, render_svg("walnut-desk-2"));
  EXPECT_NE(svg.find(">walnut desk 2</text>"), std::string::npos);
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
}

TEST(PlaceholderSvg, ColoursDifferentNamesDifferently) {
  EXPECT_NE(render_svg("chair"), render_svg("table"));
}

TEST(PlaceholderUrl, JoinsThePublicUrl) {
  EXPECT_EQ(url("http://127.0.0.1:3000", "desk-1"),
            "http://127.0.0.1:3000/placeholders/desk-1.svg");
}

}  // namespace
}  // namespace mercado::api::placeholders
