#include "http/pagination.hpp"

#include <gtest/gtest.h>

#include "http/router.hpp"

namespace mercado::http {
namespace {

std::string links_for(std::string_view target, std::int64_t offset, std::int64_t limit,
                      std::int64_t total) {
  BeastRequest raw(Verb::get, target, 11);
  Request request(raw);
  EXPECT_TRUE(decode_target(request));
  return page_links(request, offset, limit, total);
}

TEST(PageLinks, NameEveryNeighbourThatExists) {
  EXPECT_EQ(links_for("/p?offset=10&limit=10", 10, 10, 35),
            "</p?offset=0&limit=10>; rel=\"first\", </p?offset=0&limit=10>; rel=\"prev\", "
            "</p?offset=20&limit=10>; rel=\"next\", </p?offset=30&limit=10>; rel=\"last\"");
  EXPECT_EQ(links_for("/p", 0, 50, 35),
            "</p?offset=0&limit=50>; rel=\"first\", </p?offset=0&limit=50>; rel=\"last\"");
  EXPECT_EQ(links_for("/p", 0, 10, 0),
            "</p?offset=0&limit=10>; rel=\"first\", </p?offset=0&limit=10>; rel=\"last\"");
}

TEST(PageLinks, KeepOtherParametersEncoded) {
  const auto links = links_for("/p?q=caf%C3%A9%20chair&limit=5&offset=5", 5, 5, 12);
  EXPECT_NE(links.find("</p?q=caf%C3%A9%20chair&offset=10&limit=5>; rel=\"next\""),
            std::string::npos)
      << links;
}

TEST(PageLinks, PrevFromPastTheEndPointsAtTheLastPage) {
  EXPECT_NE(links_for("/p", 500, 10, 70).find("</p?offset=60&limit=10>; rel=\"prev\""),
            std::string::npos);
}

}  // namespace
}  // namespace mercado::http
