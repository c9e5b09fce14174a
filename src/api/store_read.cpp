#include "api/store_read.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

#include "domain/slug.hpp"

namespace mercado::api {
namespace {

domain::Error busy() {
  return {domain::ErrorCode::kUnavailable, "The server is busy; retry shortly.", {}};
}

// Awaits an AsyncStoreReader call: `start(done)` sends the read, and the reader calls `done` on
// this event loop's thread once the rows are there. Not a coroutine itself, and called with a
// named `start` (`co_await awaited<V>(start)`): GCC 12 destroys temporaries with destructors
// inside a co_await expression twice.
template <class Value, class Start>
auto awaited(const Start& start) {
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(Value)>(
      [](auto handler, const Start& start) {
        // std::function needs copyable callables; the coroutine's handler is move-only.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        start([shared](Value value) { (*shared)(std::move(value)); });
      },
      boost::asio::use_awaitable, start);
}

// A read: sent by the event loop's own async reader when the store's reads wait on the network,
// else run on the worker's own reader (SQLite, microseconds).
template <class T, class Async, class Read>
http::Task<domain::Result<T>> lookup(ApiContext& context, Async async, const Read& read) {
  if (context.async_reader) {
    const auto start = [&reader = *context.async_reader, async](auto done) {
      async(reader, std::move(done));
    };
    co_return co_await awaited<domain::Result<T>>(start);
  }
  co_return read(context.reader);
}

// A list: sent by the async reader as a lookup is; on SQLite within kEventLoopReadBudget on the
// worker's reader, else on the slow-read threads.
template <class T, class Async, class Read>
http::Task<domain::Result<T>> bounded_read(ApiContext& context, Async async, const Read& read) {
  if (context.async_reader) co_return co_await lookup<T>(context, async, read);
  context.reader.set_time_limit(kEventLoopReadBudget);
  auto result = read(context.reader);
  context.reader.set_time_limit(std::nullopt);
  if (result || result.error().code != domain::ErrorCode::kTimedOut) co_return result;
  auto slow = co_await context.services.slow_reads.run(read);
  if (!slow) co_return busy();
  co_return std::move(*slow);
}

using storage::AsyncStoreReader;
using storage::StoreReader;
template <class T>
using Done = AsyncStoreReader::Done<T>;

}  // namespace

http::Task<domain::Result<domain::Listing<domain::Product>>> read_products(
    ApiContext& context, const domain::ProductQuery& query) {
  using Listing = domain::Listing<domain::Product>;
  const auto async = [query](AsyncStoreReader& r, Done<Listing> done) {
    r.products(query, std::move(done));
  };
  const auto read = [query](StoreReader& reader) { return reader.products(query); };
  co_return co_await bounded_read<Listing>(context, async, read);
}

http::Task<domain::Result<domain::Listing<domain::Category>>> read_categories(
    ApiContext& context, const domain::Page& page) {
  using Listing = domain::Listing<domain::Category>;
  const auto async = [page](AsyncStoreReader& r, Done<Listing> done) {
    r.categories(page, std::move(done));
  };
  const auto read = [page](StoreReader& reader) { return reader.categories(page); };
  co_return co_await bounded_read<Listing>(context, async, read);
}

http::Task<domain::Result<domain::Listing<domain::User>>> read_users(ApiContext& context,
                                                                     const domain::Page& page) {
  using Listing = domain::Listing<domain::User>;
  const auto async = [page](AsyncStoreReader& r, Done<Listing> done) {
    r.users(page, std::move(done));
  };
  const auto read = [page](StoreReader& reader) { return reader.users(page); };
  co_return co_await bounded_read<Listing>(context, async, read);
}

http::Task<domain::Result<domain::Product>> read_product(ApiContext& context,
                                                         domain::ProductId id) {
  const auto async = [id](AsyncStoreReader& r, Done<domain::Product> done) {
    r.product(id, std::move(done));
  };
  const auto read = [id](StoreReader& reader) { return reader.product(id); };
  co_return co_await lookup<domain::Product>(context, async, read);
}

http::Task<domain::Result<domain::Product>> read_product_by_slug(ApiContext& context,
                                                                 std::string_view slug) {
  // What no slug can be names nothing: no need to ask (and a NUL could not be sent).
  if (!domain::is_valid_slug(slug)) co_return domain::not_found("No product has this slug.");
  const auto async = [slug = std::string(slug)](AsyncStoreReader& r, Done<domain::Product> done) {
    r.product_by_slug(slug, std::move(done));
  };
  const auto read = [slug](StoreReader& reader) { return reader.product_by_slug(slug); };
  co_return co_await lookup<domain::Product>(context, async, read);
}

http::Task<domain::Result<domain::Category>> read_category(ApiContext& context,
                                                           domain::CategoryId id) {
  const auto async = [id](AsyncStoreReader& r, Done<domain::Category> done) {
    r.category(id, std::move(done));
  };
  const auto read = [id](StoreReader& reader) { return reader.category(id); };
  co_return co_await lookup<domain::Category>(context, async, read);
}

http::Task<domain::Result<domain::Category>> read_category_by_slug(ApiContext& context,
                                                                   std::string_view slug) {
  // What no slug can be names nothing: no need to ask (and a NUL could not be sent).
  if (!domain::is_valid_slug(slug)) co_return domain::not_found("No category has this slug.");
  const auto async = [slug = std::string(slug)](AsyncStoreReader& r, Done<domain::Category> done) {
    r.category_by_slug(slug, std::move(done));
  };
  const auto read = [slug](StoreReader& reader) { return reader.category_by_slug(slug); };
  co_return co_await lookup<domain::Category>(context, async, read);
}

http::Task<domain::Result<domain::User>> read_user(ApiContext& context, domain::UserId id) {
  const auto async = [id](AsyncStoreReader& r, Done<domain::User> done) {
    r.user(id, std::move(done));
  };
  const auto read = [id](StoreReader& reader) { return reader.user(id); };
  co_return co_await lookup<domain::User>(context, async, read);
}

http::Task<domain::Result<domain::Cart>> read_cart(ApiContext& context, domain::UserId user) {
  const auto async = [user](AsyncStoreReader& r, Done<domain::Cart> done) {
    r.cart(user, std::move(done));
  };
  const auto read = [user](StoreReader& reader) { return reader.cart(user); };
  co_return co_await lookup<domain::Cart>(context, async, read);
}

http::Task<domain::Result<domain::Order>> read_order(ApiContext& context, domain::OrderId id) {
  const auto async = [id](AsyncStoreReader& r, Done<domain::Order> done) {
    r.order(id, std::move(done));
  };
  const auto read = [id](StoreReader& reader) { return reader.order(id); };
  co_return co_await lookup<domain::Order>(context, async, read);
}

http::Task<domain::Result<domain::Listing<domain::Order>>> read_orders(
    ApiContext& context, const domain::OrderQuery& query) {
  using Listing = domain::Listing<domain::Order>;
  const auto async = [query](AsyncStoreReader& r, Done<Listing> done) {
    r.orders(query, std::move(done));
  };
  const auto read = [query](StoreReader& reader) { return reader.orders(query); };
  co_return co_await bounded_read<Listing>(context, async, read);
}

http::Task<domain::Result<bool>> read_email_taken(ApiContext& context, std::string_view email) {
  const auto async = [email = std::string(email)](AsyncStoreReader& r, Done<bool> done) {
    r.email_taken(email, std::move(done));
  };
  const auto read = [email](StoreReader& reader) { return reader.email_taken(email); };
  co_return co_await lookup<bool>(context, async, read);
}

http::Task<domain::Result<storage::Credentials>> read_credentials(ApiContext& context,
                                                                  std::string_view email) {
  const auto async = [email = std::string(email)](AsyncStoreReader& r,
                                                  Done<storage::Credentials> done) {
    r.credentials(email, std::move(done));
  };
  const auto read = [email](StoreReader& reader) { return reader.credentials(email); };
  co_return co_await lookup<storage::Credentials>(context, async, read);
}

http::Task<domain::Result<domain::StoredFile>> read_file(ApiContext& context,
                                                         std::string_view name) {
  const auto async = [name = std::string(name)](AsyncStoreReader& r,
                                                Done<domain::StoredFile> done) {
    r.file(name, std::move(done));
  };
  const auto read = [name](StoreReader& reader) { return reader.file(name); };
  co_return co_await lookup<domain::StoredFile>(context, async, read);
}

http::Task<domain::Result<bool>> read_reachable(ApiContext& context) {
  const auto async = [](AsyncStoreReader& r, Done<bool> done) { r.reachable(std::move(done)); };
  const auto read = [](StoreReader& reader) { return reader.reachable(); };
  co_return co_await lookup<bool>(context, async, read);
}

http::Task<std::optional<storage::CommitPosition>> read_commit_position(ApiContext& context) {
  if (!context.async_reader) co_return context.reader.commit_position();
  using Position = std::optional<storage::CommitPosition>;
  const auto start = [&reader = *context.async_reader](auto done) {
    reader.commit_position(std::move(done));
  };
  co_return co_await awaited<Position>(start);
}

}  // namespace mercado::api
