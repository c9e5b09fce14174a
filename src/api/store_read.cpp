#include "api/store_read.hpp"

namespace mercado::api {
namespace {

// Runs `read` on the worker's reader within kEventLoopReadBudget, else on SlowReads.
template <class Read>
auto bounded_read(ApiContext& context, const Read& read)
    -> http::Task<std::invoke_result_t<const Read&, storage::StoreReader&>> {
  context.reader.set_time_limit(kEventLoopReadBudget);
  auto result = read(context.reader);
  context.reader.set_time_limit(std::nullopt);
  if (result || result.error().code != domain::ErrorCode::kTimedOut) co_return result;
  auto slow = co_await context.services.slow_reads.run(read);
  if (!slow) {
    co_return domain::Error{
        domain::ErrorCode::kUnavailable, "The server is busy; retry shortly.", {}};
  }
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

}  // namespace mercado::api
