// One behaviour for every Store: these tests run against each implementation.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>

#include "storage/sqlite/sqlite_store.hpp"
#include "storage/store_contract.hpp"

namespace mercado::storage::testing {
namespace {

TEST_P(StoreContract, CreatesAndReadsAProductWithItsCategory) {
  const auto shelf = category("Kitchen");
  const auto created = product("Crème Brûlée Torch", shelf.id, 2499);
  EXPECT_EQ(created.slug, "creme-brulee-torch");
  const auto read = reader_->product(created.id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->title, "Crème Brûlée Torch");
  EXPECT_EQ(read->price, Cents{2499});
  EXPECT_EQ(read->category.name, "Kitchen");
  EXPECT_EQ(read->images, std::vector<std::string>{"https://img.example/p.png"});
  EXPECT_TRUE(reader_->product_by_slug("creme-brulee-torch"));
}

TEST_P(StoreContract, GivesDuplicateTitlesNumberedSlugs) {
  const auto shelf = category("Desks");
  EXPECT_EQ(product("Desk", shelf.id).slug, "desk");
  EXPECT_EQ(product("Desk", shelf.id).slug, "desk-2");
  EXPECT_EQ(product("Desk!", shelf.id).slug, "desk-3");
  EXPECT_EQ(product("Desk Lamp", shelf.id).slug, "desk-lamp");
  EXPECT_EQ(category("Desks").slug, "desks-2");
}

TEST_P(StoreContract, SkipsNumberedSlugsThatATitleTookFirst) {
  const auto shelf = category("Desks");
  EXPECT_EQ(product("Desk 2", shelf.id).slug, "desk-2");
  EXPECT_EQ(product("Desk", shelf.id).slug, "desk");
  EXPECT_EQ(product("Desk", shelf.id).slug, "desk-3");
}

TEST_P(StoreContract, KeepsTheSlugWhenANewTitleHasTheSameSlug) {
  const auto shelf = category("Lamps");
  const auto first = product("Lamp", shelf.id);
  product("Lamp", shelf.id);
  const auto updated = write<Product>([&](StoreWriter& w) {
    return w.update_product(first.id, {.title = "LAMP",
                                       .price = {},
                                       .description = {},
                                       .category_id = {},
                                       .images = {},
                                       .stock = {}});
  });
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->slug, "lamp");
}

TEST_P(StoreContract, KeepsTheSlugWhenTheTitleDoesNotChange) {
  const auto shelf = category("Lamps");
  product("Lamp", shelf.id);
  const auto second = product("Lamp", shelf.id);
  const auto updated = write<Product>([&](StoreWriter& w) {
    return w.update_product(second.id, {.title = "Lamp",
                                        .price = Cents{1},
                                        .description = {},
                                        .category_id = {},
                                        .images = {},
                                        .stock = {}});
  });
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->slug, "lamp-2");
}

TEST_P(StoreContract, UpdatesOnlyTheGivenFieldsAndFollowsTheTitleWithTheSlug) {
  const auto shelf = category("Chairs");
  const auto created = product("Stool", shelf.id, 500);
  const auto updated = write<Product>([&](StoreWriter& w) {
    return w.update_product(created.id, {.title = "Bar Stool",
                                         .price = {},
                                         .description = {},
                                         .category_id = {},
                                         .images = {},
                                         .stock = {}});
  });
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->title, "Bar Stool");
  EXPECT_EQ(updated->slug, "bar-stool");
  EXPECT_EQ(updated->price, Cents{500});
  EXPECT_EQ(updated->description, "About Stool");
}

// Entity tags are made from versions (api/entity_tags.hpp): every change must bump the version
// of the row it changes, and a product must show its category's.
TEST_P(StoreContract, BumpsTheVersionOfEveryRowAChangeTouches) {
  const auto shelf = category("Lamps");
  const auto lamp = product("Desk Lamp", shelf.id);
  EXPECT_EQ(shelf.version, 1);
  EXPECT_EQ(lamp.version, 1);
  const auto dimmer = write<Product>([&](StoreWriter& w) {
    return w.update_product(lamp.id, {.title = {},
                                      .price = Cents{1200},
                                      .description = {},
                                      .category_id = {},
                                      .images = {},
                                      .stock = {}});
  });
  ASSERT_TRUE(dimmer);
  EXPECT_EQ(dimmer->version, 2);
  EXPECT_EQ(reader_->product(lamp.id)->version, 2);
  const auto renamed = write<Category>([&](StoreWriter& w) {
    return w.update_category(shelf.id, {.name = "Lighting", .image = {}});
  });
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->version, 2);
  const auto shown = reader_->product(lamp.id);
  EXPECT_EQ(shown->version, 2);
  EXPECT_EQ(shown->category.version, 2);
  EXPECT_EQ(write<Product>([&](StoreWriter& w) { return w.product(lamp.id); })->version, 2);
}

TEST_P(StoreContract, RefusesAProductInAMissingCategory) {
  const auto created = write<Product>([&](StoreWriter& w) {
    return w.create_product({.title = "Orphan",
                             .price = Cents{100},
                             .description = "x",
                             .category_id = CategoryId{999},
                             .images = std::vector<std::string>{"https://x.example/a.png"},
                             .stock = {}});
  });
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, domain::ErrorCode::kInvalidInput);
  EXPECT_EQ(created.error().fields.at(0).field, "categoryId");
}

TEST_P(StoreContract, DeletesOnceThenReportsNotFound) {
  const auto shelf = category("Misc");
  const auto created = product("Thing", shelf.id);
  EXPECT_TRUE(write<bool>([&](StoreWriter& w) { return w.delete_product(created.id); }));
  const auto again = write<bool>([&](StoreWriter& w) { return w.delete_product(created.id); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, domain::ErrorCode::kNotFound);
  EXPECT_EQ(reader_->product(created.id).error().code, domain::ErrorCode::kNotFound);
}

TEST_P(StoreContract, NeverReusesADeletedId) {
  const auto shelf = category("Misc");
  const auto first = product("One", shelf.id);
  ASSERT_TRUE(write<bool>([&](StoreWriter& w) { return w.delete_product(first.id); }));
  EXPECT_GT(product("Two", shelf.id).id.value, first.id.value);
}

TEST_P(StoreContract, RefusesToDeleteACategoryThatHasProducts) {
  const auto shelf = category("Full");
  product("Item", shelf.id);
  const auto deleted = write<bool>([&](StoreWriter& w) { return w.delete_category(shelf.id); });
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().code, domain::ErrorCode::kConflict);
  const auto empty = category("Empty");
  EXPECT_TRUE(write<bool>([&](StoreWriter& w) { return w.delete_category(empty.id); }));
}

TEST_P(StoreContract, FiltersAndPagesProducts) {
  const auto tools = category("Tools");
  const auto garden = category("Garden");
  const auto a = product("Café Hammer", tools.id, 1000);
  const auto b = product("Saw", tools.id, 2000);
  const auto c = product("Rake", garden.id, 3000);
  domain::ProductQuery query;
  query.filter.title_folded = "cafe";
  EXPECT_EQ(ids(query), std::vector{a.id.value});

  query = {};
  query.filter.price_min = Cents{1500};
  query.filter.price_max = Cents{3000};
  EXPECT_EQ(ids(query), (std::vector{b.id.value, c.id.value}));

  query = {};
  query.filter.category_slug = "tools";
  query.filter.excluded = a.id;
  EXPECT_EQ(ids(query), std::vector{b.id.value});

  query = {};
  query.page = {.offset = 1, .limit = 1};
  EXPECT_EQ(ids(query), std::vector{b.id.value});
}

TEST_P(StoreContract, SortsSearchesAndCountsTheWholeList) {
  const auto tools = category("Tools");
  const auto a = product("Oak Mallet", tools.id, 3000);
  const auto b = product("Brass Hammer", tools.id, 1000);
  const auto c = product("Claw Hammer", tools.id, 2000);
  domain::ProductQuery query;
  query.page = {.limit = 2, .sort = domain::SortField::kPrice};
  EXPECT_EQ(ids(query), (std::vector{b.id.value, c.id.value}));
  query.page.order = domain::SortOrder::kDescending;
  EXPECT_EQ(ids(query), (std::vector{a.id.value, c.id.value}));
  query.page.sort = domain::SortField::kTitle;
  EXPECT_EQ(ids(query), (std::vector{a.id.value, c.id.value}));
  EXPECT_EQ(reader_->products(query)->total, 3);

  query = {};
  query.filter.search_words = {"hamm"};
  EXPECT_EQ(ids(query), (std::vector{b.id.value, c.id.value}));
  EXPECT_EQ(reader_->products(query)->total, 2);
  // Counts follow every write, even when the same reader asked before.
  product("Sledge Hammer", tools.id, 4000);
  EXPECT_EQ(reader_->products(query)->total, 3);
  query.filter.search_words = {"brass", "hammer"};
  EXPECT_EQ(ids(query), std::vector{b.id.value});
}

TEST_P(StoreContract, CombinesEveryFilterWithEveryOther) {
  const auto tools = category("Tools");
  const auto garden = category("Garden");
  struct Row {
    Product product;
    std::string words;  // title and description, folded
  };
  const std::vector<Row> rows = {{product("Café Hammer", tools.id, 1000), "cafe hammer"},
                                 {product("Saw", tools.id, 2000), "saw"},
                                 {product("Rake", garden.id, 3000), "rake"},
                                 {product("Hammer Drill", garden.id, 2000), "hammer drill"}};
  // One value per filter, in the order of ProductFilter, and whether a product passes it.
  using Check = std::function<bool(const Row&)>;
  const std::vector<std::pair<std::function<void(domain::ProductFilter&)>, Check>> filters = {
      {[](auto& f) { f.title_folded = "hammer"; },
       [](const Row& r) { return r.words.find("hammer") != std::string::npos; }},
      {[](auto& f) { f.price = Cents{2000}; },
       [](const Row& r) { return r.product.price.value == 2000; }},
      {[](auto& f) { f.price_min = Cents{1500}; },
       [](const Row& r) { return r.product.price.value >= 1500; }},
      {[](auto& f) { f.price_max = Cents{2500}; },
       [](const Row& r) { return r.product.price.value <= 2500; }},
      {[&](auto& f) { f.category_id = tools.id; },
       [&](const Row& r) { return r.product.category.id == tools.id; }},
      {[](auto& f) { f.category_slug = "garden"; },
       [&](const Row& r) { return r.product.category.id == garden.id; }},
      {[&](auto& f) { f.excluded = rows[0].product.id; },
       [&](const Row& r) { return r.product.id != rows[0].product.id; }},
      {[](auto& f) { f.search_words = {"hamm"}; },
       [](const Row& r) { return r.words.find("hamm") != std::string::npos; }}};
  for (unsigned mask = 0; mask < (1u << filters.size()); ++mask) {
    domain::ProductQuery query;
    std::vector<std::int64_t> expected;
    for (std::size_t i = 0; i < filters.size(); ++i) {
      if (mask & (1u << i)) filters[i].first(query.filter);
    }
    for (const auto& row : rows) {
      bool passes = true;
      for (std::size_t i = 0; i < filters.size(); ++i) {
        if (mask & (1u << i)) passes = passes && filters[i].second(row);
      }
      if (passes) expected.push_back(row.product.id.value);
    }
    EXPECT_EQ(ids(query), expected) << "filters " << mask;
    EXPECT_EQ(reader_->products(query)->total, static_cast<std::int64_t>(expected.size()))
        << "filters " << mask;
  }
}

TEST_P(StoreContract, StopsAReadAtItsTimeLimitAndReadsAgainAfterIt) {
  const auto tools = category("Tools");
  const auto filled = write<bool>([&](StoreWriter& w) -> domain::Result<bool> {
    for (int i = 0; i < 3000; ++i) {
      auto created = w.create_product({.title = "Tool " + std::to_string(i),
                                       .price = Cents{100 + i},
                                       .description = "A tool.",
                                       .category_id = tools.id,
                                       .images = std::vector<std::string>{"https://img.example/t"},
                                       .stock = {}});
      if (!created) return created.error();
    }
    return true;
  });
  ASSERT_TRUE(filled);
  domain::ProductQuery scan;
  scan.filter.title_folded = "no such title";  // every row is read, none matches
  reader_->set_time_limit(std::chrono::microseconds(1));
  const auto stopped = reader_->products(scan);
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().code, domain::ErrorCode::kTimedOut);
  reader_->set_time_limit(std::nullopt);
  const auto again = reader_->products(scan);
  ASSERT_TRUE(again) << again.error().detail;
  EXPECT_EQ(again->total, 0);
  EXPECT_EQ(reader_->products({})->total, 3000);
}

TEST_P(StoreContract, KeepsOtherJobsOfABatchWhenOneFails) {
  const auto shelf = category("Batch");
  std::promise<void> release;
  std::atomic<int> done{0};
  // Hold the writer busy so that the next three jobs are committed together.
  ASSERT_TRUE(store_->submit({.run =
                                  [&](StoreWriter&) {
                                    release.get_future().wait();
                                    return true;
                                  },
                              .done = [&](bool) { ++done; }}));
  const auto job = [&](std::string title, bool keep) {
    return WriteJob{.run =
                        [=](StoreWriter& w) {
                          auto created = w.create_product(
                              {.title = title,
                               .price = Cents{100},
                               .description = "x",
                               .category_id = shelf.id,
                               .images = std::vector<std::string>{"https://x.example/a.png"},
                               .stock = {}});
                          return created.ok() && keep;
                        },
                    .done =
                        [&](bool durable) {
                          EXPECT_TRUE(durable);
                          ++done;
                        }};
  };
  ASSERT_TRUE(store_->submit(job("Kept One", true)));
  ASSERT_TRUE(store_->submit(job("Undone", false)));
  ASSERT_TRUE(store_->submit(job("Kept Two", true)));
  release.set_value();
  ASSERT_TRUE(store_->write_now([](StoreWriter&) { return true; }));
  EXPECT_EQ(done.load(), 4);
  EXPECT_TRUE(reader_->product_by_slug("kept-one"));
  EXPECT_TRUE(reader_->product_by_slug("kept-two"));
  EXPECT_FALSE(reader_->product_by_slug("undone"));
}

TEST_P(StoreContract, ReadsEveryAcknowledgedWriteThoughItReadBefore) {
  const auto shelf = category("Fresh");
  const auto created = product("Version 0", shelf.id);
  for (int version = 1; version <= 20; ++version) {
    ASSERT_TRUE(reader_->product(created.id));  // the reader has read just before the write
    const auto title = "Version " + std::to_string(version);
    ASSERT_TRUE(write<Product>([&](StoreWriter& w) {
      return w.update_product(created.id, {.title = title,
                                           .price = {},
                                           .description = {},
                                           .category_id = {},
                                           .images = {},
                                           .stock = {}});
    }));
    const auto read = reader_->product(created.id);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->title, title);
  }
  ASSERT_TRUE(*write<bool>([&](StoreWriter& w) { return w.delete_product(created.id); }));
  EXPECT_FALSE(reader_->product(created.id));
}

// The read cache keys what it keeps by position: readers at one position must see one state,
// whichever reader (thread, process) they are, and every acknowledged write must move it.
TEST_P(StoreContract, GivesReadersOfOneStateOnePosition) {
  const auto other = store_->open_reader();
  const auto shelf = category("Positions");
  const auto first = reader_->commit_position();
  ASSERT_TRUE(first);
  EXPECT_EQ(other->commit_position(), first);
  product("Moves It", shelf.id);
  const auto second = reader_->commit_position();
  ASSERT_TRUE(second);
  EXPECT_GT(*second, *first);
  EXPECT_EQ(other->commit_position(), second);
}

TEST_P(StoreContract, KeepsDataAcrossReopening) {
  const auto shelf = category("Durable");
  const auto created = product("Anvil", shelf.id);
  reader_.reset();
  store_.reset();
  store_ = GetParam().open(scratch_);
  reader_ = store_->open_reader();
  EXPECT_TRUE(reader_->product(created.id));
}

TEST_P(StoreContract, ReportsAnEmptyCatalogOnlyWhenEmpty) {
  EXPECT_TRUE(*write<bool>([](StoreWriter& w) { return w.catalog_is_empty(); }));
  category("Something");
  EXPECT_FALSE(*write<bool>([](StoreWriter& w) { return w.catalog_is_empty(); }));
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreContract, ::testing::ValuesIn(store_implementations()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace mercado::storage::testing
