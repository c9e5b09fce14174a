// The storage contract: everything the API needs from a database, and nothing of how it is kept.
// SQLite implements it for one machine; PostgreSQL (with read replicas) for a cluster.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "domain/category.hpp"
#include "domain/error.hpp"
#include "domain/idempotency.hpp"
#include "domain/list_query.hpp"
#include "domain/order.hpp"
#include "domain/product.hpp"
#include "domain/upload.hpp"
#include "domain/user.hpp"

namespace boost::asio {
class io_context;
}

namespace mercado::storage {

using domain::Cart;
using domain::Category;
using domain::CategoryId;
using domain::CategoryInput;
using domain::NewUser;
using domain::Order;
using domain::OrderId;
using domain::Product;
using domain::ProductId;
using domain::ProductInput;
using domain::Result;
using domain::StoredFile;
using domain::User;
using domain::UserChanges;
using domain::UserId;

// A point in the store's history of commits: positions only grow, and two reads at one
// position see the same data.
using CommitPosition = std::uint64_t;

// A user with the hash of their password, for checking a login; nothing else reads the hash.
struct Credentials {
  User user;
  std::string password_hash;
};

// Thrown by a StoreWriter when the database fails under a write (an I/O error, a full disk, a
// lost connection): not the client's doing, so the job's changes are undone and its caller
// answers 503, as a read that meets a fault does. The message is for the log only.
class StoreFault : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads see committed data only, and every write acknowledged before a call began. One reader
// serves one thread at a time: each I/O thread opens its own, so reads never wait for a lock in
// the process.
class StoreReader {
 public:
  virtual ~StoreReader() = default;

  // Its thread has nothing in progress (called about once a second): the reader lets go of
  // whatever it keeps between calls (a snapshot, an open transaction), so an idle reader never
  // holds back the database's housekeeping.
  virtual void idle() {}
  // Where in the store's history of commits the data this reader's next call sees stands. The
  // database keeps it and every change moves it, so readers at one position, in any process,
  // see the same data, and what was read at a position may be reused until it moves
  // (http::RepresentationCache). nullopt when the reader can't tell: then nothing may be reused.
  virtual std::optional<CommitPosition> commit_position() { return std::nullopt; }
  // Bounds how long each later call may run (nullopt: no bound). A call that runs out returns
  // ErrorCode::kTimedOut having changed nothing, so it may run again where a long read holds
  // up no one (api/store_read.hpp).
  virtual void set_time_limit(std::optional<std::chrono::microseconds> limit) = 0;

  virtual Result<Product> product(ProductId id) = 0;
  virtual Result<Product> product_by_slug(std::string_view slug) = 0;
  virtual Result<domain::Listing<Product>> products(const domain::ProductQuery& query) = 0;

  virtual Result<Category> category(CategoryId id) = 0;
  virtual Result<Category> category_by_slug(std::string_view slug) = 0;
  virtual Result<domain::Listing<Category>> categories(const domain::Page& page) = 0;

  virtual Result<User> user(UserId id) = 0;
  virtual Result<domain::Listing<User>> users(const domain::Page& page) = 0;
  // Whether an account has this e-mail, compared case-insensitively.
  virtual Result<bool> email_taken(std::string_view email) = 0;
  virtual Result<Credentials> credentials(std::string_view email) = 0;

  virtual Result<StoredFile> file(std::string_view name) = 0;

  // A user's cart; empty when they never filled one.
  virtual Result<Cart> cart(UserId user) = 0;
  virtual Result<Order> order(OrderId id) = 0;
  virtual Result<domain::Listing<Order>> orders(const domain::OrderQuery& query) = 0;

  // Whether the database answers at all (for GET /readyz).
  virtual Result<bool> reachable() = 0;
};

// The reads of StoreReader for a store whose reads wait on the network, without a thread
// waiting: each call sends its query and returns at once, and `done` runs later on the thread
// of the event loop the reader was opened for. One reader serves one event loop.
class AsyncStoreReader {
 public:
  template <class T>
  using Done = std::function<void(Result<T>)>;
  virtual ~AsyncStoreReader() = default;

  // The store's commit position as of a moment after this call (StoreReader::commit_position).
  virtual void commit_position(std::function<void(std::optional<CommitPosition>)> done) = 0;
  virtual void product(ProductId id, Done<Product> done) = 0;
  virtual void product_by_slug(std::string_view slug, Done<Product> done) = 0;
  virtual void products(const domain::ProductQuery& query, Done<domain::Listing<Product>> done) = 0;
  virtual void category(CategoryId id, Done<Category> done) = 0;
  virtual void category_by_slug(std::string_view slug, Done<Category> done) = 0;
  virtual void categories(const domain::Page& page, Done<domain::Listing<Category>> done) = 0;
  virtual void user(UserId id, Done<User> done) = 0;
  virtual void users(const domain::Page& page, Done<domain::Listing<User>> done) = 0;
  virtual void email_taken(std::string_view email, Done<bool> done) = 0;
  virtual void credentials(std::string_view email, Done<Credentials> done) = 0;
  virtual void file(std::string_view name, Done<StoredFile> done) = 0;
  virtual void cart(UserId user, Done<Cart> done) = 0;
  virtual void order(OrderId id, Done<Order> done) = 0;
  virtual void orders(const domain::OrderQuery& query, Done<domain::Listing<Order>> done) = 0;
  virtual void reachable(Done<bool> done) = 0;
};

// Changes, valid only inside the write job that receives it. Inputs are validated already;
// what only the database can check (a category that exists, a free slug) is checked here.
class StoreWriter {
 public:
  virtual ~StoreWriter() = default;

  // Reads inside the write's transaction, for checks nothing may change under (If-Match).
  virtual Result<Product> product(ProductId id) = 0;
  virtual Result<Category> category(CategoryId id) = 0;
  virtual Result<User> user(UserId id) = 0;

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

  // An e-mail already registered (case-insensitively) is a conflict.
  virtual Result<User> create_user(const NewUser& user) = 0;
  virtual Result<User> update_user(UserId id, const UserChanges& changes) = 0;
  virtual Result<bool> delete_user(UserId id) = 0;
  // Whether any stored account is a sandbox demo account.
  virtual Result<bool> has_demo_users() = 0;

  virtual Result<bool> save_file(const StoredFile& file) = 0;

  // Sets how many of a product the user's cart holds (0 takes the line out) and returns the
  // cart. An unknown product is not found; more than its stock, or a line past the cart's
  // limit, is a conflict (domain::check_cart_line).
  virtual Result<Cart> set_cart_quantity(UserId user, ProductId product, std::int64_t quantity) = 0;
  virtual Result<Cart> clear_cart(UserId user) = 0;
  // Places an order for `items`, or (nullopt) for what the user's cart holds, which it then
  // empties: prices are taken as they are now and the stock of every product is decremented, or
  // nothing is written and the conflict names each short item (domain::order_lines). An empty
  // cart is a conflict. However many writers place orders at once, stock never goes below zero.
  virtual Result<Order> place_order(UserId user,
                                    const std::optional<std::vector<domain::OrderItem>>& items) = 0;
  // The order as stored now; in a write, held so that nothing changes it before the write ends.
  virtual Result<Order> order(OrderId id) = 0;
  // Moves the order to `status` (the transition was checked against order()); cancelling gives
  // its units back to the products that still exist.
  virtual Result<Order> set_order_status(OrderId id, domain::OrderStatus status) = 0;

  // Claims `request.key` for a new request, or says why not (answered before, running, or
  // used for another request). Keys older than the window are forgotten here too.
  virtual Result<domain::IdempotencyClaim> claim_idempotency_key(
      const domain::IdempotencyRequest& request) = 0;
  // Keeps the answer of a claimed key, or (no response) gives the claim up so that a retry
  // runs again: for answers that say nothing happened (5xx, 429).
  virtual Result<bool> settle_idempotency_key(
      std::string_view key, const std::optional<domain::StoredResponse>& response) = 0;

  // The setting's value, storing `initial` first when it has none: the first instance of a
  // deployment to start decides, and every other one reads what it decided.
  virtual Result<std::string> setting(std::string_view key, std::string_view initial) = 0;
};

// One write, as the store's writer runs it. `run` returns whether its changes are to be kept;
// `done` learns whether they are durable (false: the commit failed and nothing was kept).
struct WriteJob {
  std::function<bool(StoreWriter&)> run;
  std::function<void(bool durable)> done;
};

class Store {
 public:
  virtual ~Store() = default;

  // A reader for the calling thread.
  virtual std::unique_ptr<StoreReader> open_reader() = 0;
  // For a store whose reads wait on the network (a database server), a reader for the event
  // loop `loop` that never makes it wait; the API then reads only through it. Null for a store
  // whose readers answer from this machine's memory and disk faster than a hand-over would.
  virtual std::unique_ptr<AsyncStoreReader> open_async_reader(boost::asio::io_context& loop) {
    (void)loop;
    return nullptr;
  }

  // Queues a write; false when the queue is full (the caller answers 503 and the client
  // retries). Jobs run in order; several may share one commit, and `done` runs only after
  // that commit is on disk, on the store's own thread.
  virtual bool submit(WriteJob job) = 0;

  // Runs a write and waits for it: for start-up work (seeding) and tools, not request paths.
  bool write_now(const std::function<bool(StoreWriter&)>& run);
};

}  // namespace mercado::storage
