#include "api/store_read.hpp"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

namespace mercado::api {
namespace {

domain::Error busy() {
  return {domain::ErrorCode::kUnavailable, "The server is busy; retry shortly.", {}};
}

// Runs `read` where it holds up no event loop: on the worker's own reader when the store
// answers from this machine, else on the store-read threads.
template <class Read>
auto on_reader(ApiContext& context, Read read)
    -> http::Task<std::invoke_result_t<const Read&, storage::StoreReader&>> {
  if (!context.services.store_reads) co_return read(context.reader);
  auto outcome = co_await context.services.store_reads->run(read);
  if (!outcome) co_return busy();
  co_return std::move(*outcome);
}

// A list: on SQLite within kEventLoopReadBudget on the worker's reader, else on the slow-read
// threads.
template <class Read>
auto bounded_read(ApiContext& context, const Read& read)
    -> http::Task<std::invoke_result_t<const Read&, storage::StoreReader&>> {
  if (context.services.store_reads) co_return co_await on_reader(context, read);
  context.reader.set_time_limit(kEventLoopReadBudget);
  auto result = read(context.reader);
  context.reader.set_time_limit(std::nullopt);
  if (result || result.error().code != domain::ErrorCode::kTimedOut) co_return result;
  auto slow = co_await context.services.slow_reads.run(read);
  if (!slow) co_return busy();
  co_return std::move(*slow);
}

}  // namespace

http::Task<domain::Result<domain::Listing<domain::Product>>> read_products(
    ApiContext& context, const domain::ProductQuery& query) {
  const auto read = [query](storage::StoreReader& reader) { return reader.products(query); };
  co_return co_await bounded_read(context, read);
}

http::Task<domain::Result<domain::Listing<domain::Category>>> read_categories(
    ApiContext& context, const domain::Page& page) {
  const auto read = [page](storage::StoreReader& reader) { return reader.categories(page); };
  co_return co_await bounded_read(context, read);
}

http::Task<domain::Result<domain::Listing<domain::User>>> read_users(ApiContext& context,
                                                                     const domain::Page& page) {
  const auto read = [page](storage::StoreReader& reader) { return reader.users(page); };
  co_return co_await bounded_read(context, read);
}

http::Task<domain::Result<domain::Product>> read_product(ApiContext& context,
                                                         domain::ProductId id) {
  const auto read = [id](storage::StoreReader& reader) { return reader.product(id); };
  co_return co_await on_reader(context, read);
}

http::Task<domain::Result<domain::Product>> read_product_by_slug(ApiContext& context,
                                                                 std::string_view slug) {
  const auto read = [slug = std::string(slug)](storage::StoreReader& reader) {
    return reader.product_by_slug(slug);
  };
  co_return co_await on_reader(context, read);
}

http::Task<domain::Result<domain::Category>> read_category(ApiContext& context,
                                                           domain::CategoryId id) {
  const auto read = [id](storage::StoreReader& reader) { return reader.category(id); };
  co_return co_await on_reader(context, read);
}

http::Task<domain::Result<domain::Category>> read_category_by_slug(ApiContext& context,
                                                                   std::string_view slug) {
  const auto read = [slug = std::string(slug)](storage::StoreReader& reader) {
    return reader.category_by_slug(slug);
  };
  co_return co_await on_reader(context, read);
}

http::Task<domain::Result<domain::User>> read_user(ApiContext& context, domain::UserId id) {
  const auto read = [id](storage::StoreReader& reader) { return reader.user(id); };
  co_return co_await on_reader(context, read);
}

http::Task<domain::Result<bool>> read_email_taken(ApiContext& context, std::string_view email) {
  const auto read = [email = std::string(email)](storage::StoreReader& reader) {
    return reader.email_taken(email);
  };
  co_return co_await on_reader(context, read);
}

http::Task<domain::Result<storage::Credentials>> read_credentials(ApiContext& context,
                                                                  std::string_view email) {
  const auto read = [email = std::string(email)](storage::StoreReader& reader) {
    return reader.credentials(email);
  };
  co_return co_await on_reader(context, read);
}

http::Task<domain::Result<domain::StoredFile>> read_file(ApiContext& context,
                                                         std::string_view name) {
  const auto read = [name = std::string(name)](storage::StoreReader& reader) {
    return reader.file(name);
  };
  co_return co_await on_reader(context, read);
}

http::Task<domain::Result<bool>> read_reachable(ApiContext& context) {
  const auto read = [](storage::StoreReader& reader) { return reader.reachable(); };
  co_return co_await on_reader(context, read);
}

http::Task<std::optional<storage::CommitPosition>> read_commit_position(ApiContext& context) {
  if (!context.services.store_reads) co_return context.reader.commit_position();
  using Position = std::optional<storage::CommitPosition>;
  // The store answers on a thread of its own; the coroutine resumes on its event loop.
  co_return co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable),
                                                 void(Position)>(
      [&store = context.store](auto handler) {
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        auto executor = boost::asio::get_associated_executor(*shared);
        auto guard = boost::asio::make_work_guard(executor);
        store.read_position([shared, executor, guard](Position position) {
          boost::asio::post(executor, [shared, position] { (*shared)(position); });
        });
      },
      boost::asio::use_awaitable);
}

}  // namespace mercado::api
