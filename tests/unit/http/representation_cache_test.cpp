#include "http/representation_cache.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mercado::http {
namespace {

Response answer(std::string body, Status status = Status::ok) {
  Response response(status, 11);
  response.body() = std::move(body);
  return response;
}

// Looks `target` up as a GET with no Accept header.
const Response* find(RepresentationCache& cache, const std::string& target, std::uint64_t version) {
  BeastRequest raw(Verb::get, target, 11);
  return cache.find(Request(raw), version);
}

void add(RepresentationCache& cache, const std::string& target, std::uint64_t version,
         const Response& response) {
  BeastRequest raw(Verb::get, target, 11);
  cache.add(Request(raw), version, response);
}

TEST(RepresentationCache, KeepsAnswersForTheirVersionOnly) {
  RepresentationCache cache;
  add(cache, "/p?x=1", 7, answer("one"));
  ASSERT_NE(find(cache, "/p?x=1", 7), nullptr);
  EXPECT_EQ(find(cache, "/p?x=1", 7)->body(), "one");
  EXPECT_EQ(find(cache, "/p?x=2", 7), nullptr);
  EXPECT_EQ(find(cache, "/p?x=1", 8), nullptr);
  EXPECT_EQ(find(cache, "/p?x=1", 7), nullptr) << "a newer version forgets the older answers";
}

TEST(RepresentationCache, TellsAcceptHeadersApart) {
  RepresentationCache cache;
  BeastRequest json(Verb::get, "/p", 11);
  BeastRequest xml(Verb::get, "/p", 11);
  xml.set(beast_http::field::accept, "application/xml");
  cache.add(Request(json), 1, answer("{}"));
  EXPECT_EQ(cache.find(Request(xml), 1), nullptr);
  ASSERT_NE(cache.find(Request(json), 1), nullptr);
}

TEST(RepresentationCache, KeepsOnlySmallEnough200s) {
  RepresentationCache cache;
  add(cache, "/missing", 1, answer("gone", Status::not_found));
  add(cache, "/huge", 1, answer(std::string(RepresentationCache::kMaxBody + 1, 'x')));
  add(cache, "/fits", 1, answer(std::string(RepresentationCache::kMaxBody, 'x')));
  EXPECT_EQ(find(cache, "/missing", 1), nullptr);
  EXPECT_EQ(find(cache, "/huge", 1), nullptr);
  EXPECT_NE(find(cache, "/fits", 1), nullptr);
}

TEST(RepresentationCache, HoldsAtMostItsBudgetOfBytes) {
  RepresentationCache cache;
  const std::size_t answers = RepresentationCache::kMaxBytes / RepresentationCache::kMaxBody + 1;
  for (std::size_t i = 0; i < answers; ++i) {
    add(cache, "/big?page=" + std::to_string(i), 1,
        answer(std::string(RepresentationCache::kMaxBody, 'x')));
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < answers; ++i) {
    kept += find(cache, "/big?page=" + std::to_string(i), 1) != nullptr;
  }
  EXPECT_GE(kept, 1u);
  EXPECT_LE(kept * RepresentationCache::kMaxBody, RepresentationCache::kMaxBytes);
}

TEST(RepresentationCache, HoldsAtMostItsNumberOfEntries) {
  RepresentationCache cache;
  for (std::size_t i = 0; i <= RepresentationCache::kEntries; ++i) {
    add(cache, "/p?page=" + std::to_string(i), 1, answer("x"));
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i <= RepresentationCache::kEntries; ++i) {
    kept += find(cache, "/p?page=" + std::to_string(i), 1) != nullptr;
  }
  EXPECT_GE(kept, 1u);
  EXPECT_LE(kept, RepresentationCache::kEntries);
}

}  // namespace
}  // namespace mercado::http
