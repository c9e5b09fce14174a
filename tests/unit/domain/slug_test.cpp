#include "domain/slug.hpp"

#include <gtest/gtest.h>

namespace mercado::domain {
namespace {

TEST(Slugify, LowerCasesAndJoinsWordsWithDashes) {
  EXPECT_EQ(slugify("Merino Wool Crew Sweater"), "merino-wool-crew-sweater");
}

TEST(Slugify, FoldsAccents) {
  EXPECT_EQ(slugify("Crème Brûlée Torch Set"), "creme-brulee-torch-set");
  EXPECT_EQ(slugify("Łódź Straße Œuvre"), "lodz-strasse-oeuvre");
}

TEST(Slugify, CollapsesRunsAndTrimsDashes) {
  EXPECT_EQ(slugify("  --Sports & Outdoors!!  "), "sports-outdoors");
  EXPECT_EQ(slugify("13\" Laptop / Sleeve"), "13-laptop-sleeve");
}

TEST(Slugify, GivesASlugToTitlesWithNothingToKeep) {
  EXPECT_EQ(slugify("???"), "item");
  EXPECT_EQ(slugify("日本"), "item");
}

TEST(Slugify, AlwaysProducesAValidSlug) {
  for (const char* title : {"a", "A-B", "x--y", "Ünïcödé", "-lead", "trail-", "€ 5"}) {
    EXPECT_TRUE(is_valid_slug(slugify(title))) << title;
  }
}

TEST(SlugCandidate, NumbersFromTheBase) { EXPECT_EQ(slug_candidate("desk", 2), "desk-2"); }

TEST(IsValidSlug, RefusesWhatSlugifyNeverMakes) {
  for (const char* slug : {"", "-a", "a-", "a--b", "A", "a b", "a_b", "a/b", "é"}) {
    EXPECT_FALSE(is_valid_slug(slug)) << slug;
  }
}

}  // namespace
}  // namespace mercado::domain
