// Reads from the store, awaited by handlers on an event loop, which never waits for them:
// - on SQLite a read runs on the worker's own reader, where lookups take microseconds, and a
//   list gets kEventLoopReadBudget there; one that runs out is abandoned and run again on the
//   slow-read threads, so an expensive query never holds up the other requests of its loop;
// - on a store whose reads wait on the network (PostgreSQL) every read is sent by the worker's
//   async reader (ApiContext::async_reader), and the handler resumes when its rows arrive.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "api/context.hpp"
#include "domain/list_query.hpp"
#include "http/message.hpp"
#include "storage/store.hpp"

namespace mercado::api {

// How long a list may run on an event loop before it moves to the slow-read threads. A page of
// 200 sorted products reads in well under a millisecond; what takes longer is a scan.
inline constexpr std::chrono::microseconds kEventLoopReadBudget{3000};

http::Task<domain::Result<domain::Listing<domain::Product>>> read_products(
    ApiContext& context, const domain::ProductQuery& query);
http::Task<domain::Result<domain::Listing<domain::Category>>> read_categories(
    ApiContext& context, const domain::Page& page);
http::Task<domain::Result<domain::Listing<domain::User>>> read_users(ApiContext& context,
                                                                     const domain::Page& page);

http::Task<domain::Result<domain::Product>> read_product(ApiContext& context, domain::ProductId id);
http::Task<domain::Result<domain::Product>> read_product_by_slug(ApiContext& context,
                                                                 std::string_view slug);
http::Task<domain::Result<domain::Category>> read_category(ApiContext& context,
                                                           domain::CategoryId id);
http::Task<domain::Result<domain::Category>> read_category_by_slug(ApiContext& context,
                                                                   std::string_view slug);
http::Task<domain::Result<domain::User>> read_user(ApiContext& context, domain::UserId id);
http::Task<domain::Result<bool>> read_email_taken(ApiContext& context, std::string_view email);
http::Task<domain::Result<storage::Credentials>> read_credentials(ApiContext& context,
                                                                  std::string_view email);
http::Task<domain::Result<domain::StoredFile>> read_file(ApiContext& context,
                                                         std::string_view name);
http::Task<domain::Result<domain::Cart>> read_cart(ApiContext& context, domain::UserId user);
http::Task<domain::Result<domain::Order>> read_order(ApiContext& context, domain::OrderId id);
http::Task<domain::Result<domain::Listing<domain::Order>>> read_orders(
    ApiContext& context, const domain::OrderQuery& query);
http::Task<domain::Result<bool>> read_reachable(ApiContext& context);
// The store's commit position as of now (StoreReader::commit_position): the read cache's key.
http::Task<std::optional<storage::CommitPosition>> read_commit_position(ApiContext& context);

}  // namespace mercado::api
