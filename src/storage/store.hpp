// The storage contract: everything the API needs from a database, and nothing of how it is kept.
// SQLite implements it for one machine; PostgreSQL (with read replicas) for a cluster.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "domain/category.hpp"
#include "domain/error.hpp"
#include "domain/list_query.hpp"
#include "domain/product.hpp"

namespace mercado::storage {

using domain::Category;
using domain::CategoryId;
using domain::CategoryInput;
using domain::Product;
using domain::ProductId;
using domain::ProductInput;
using domain::Result;

// Reads see committed data only. One reader serves one thread at a time: each I/O thread opens
// its own, so reads never wait for a lock in the process.
class CatalogReader {
 public:
  virtual ~CatalogReader() = default;

  virtual Result<Product> product(ProductId id) = 0;
  virtual Result<Product> product_by_slug(std::string_view slug) = 0;
  virtual Result<std::vector<Product>> products(const domain::ProductQuery& query) = 0;

  virtual Result<Category> category(CategoryId id) = 0;
  virtual Result<Category> category_by_slug(std::string_view slug) = 0;
  virtual Result<std::vector<Category>> categories(const domain::Page& page) = 0;
};

// Changes, valid only inside the write job that receives it. Inputs are validated already;
// what only the database can check (a category that exists, a free slug) is checked here.
class CatalogWriter {
 public:
  virtual ~CatalogWriter() = default;

  // `input` has every field set.
  virtual Result<Product> create_product(const ProductInput& input) = 0;
  // Changes the fields `input` sets; a new title gets a new slug.
  virtual Result<Product> update_product(ProductId id, const ProductInput& input) = 0;
  virtual Result<bool> delete_product(ProductId id) = 0;

  virtual Result<Category> create_category(const CategoryInput& input) = 0;
  virtual Result<Category> update_category(CategoryId id, const CategoryInput& input) = 0;
  // A category that still has products is a conflict: deleting it would orphan them.
  virtual Result<bool> delete_category(CategoryId id) = 0;

  // True when the catalog holds nothing yet (seeding is allowed only then).
  virtual Result<bool> catalog_is_empty() = 0;
};

// One write, as the store's writer runs it. `run` returns whether its changes are to be kept;
// `done` learns whether they are durable (false: the commit failed and nothing was kept).
struct WriteJob {
  std::function<bool(CatalogWriter&)> run;
  std::function<void(bool durable)> done;
};

class Store {
 public:
  virtual ~Store() = default;

  // A reader for the calling thread.
  virtual std::unique_ptr<CatalogReader> open_reader() = 0;

  // Queues a write; false when the queue is full (the caller answers 503 and the client
  // retries). Jobs run in order; several may share one commit, and `done` runs only after
  // that commit is on disk, on the store's own thread.
  virtual bool submit(WriteJob job) = 0;

  // Runs a write and waits for it: for start-up work (seeding) and tools, not request paths.
  bool write_now(const std::function<bool(CatalogWriter&)>& run);
};

}  // namespace mercado::storage
