// Reads that may be slow: lists, whose filters, order and offset a client chooses. Each runs
// first on the worker's own reader under a time budget, since nearly all of them finish well
// within it; one that runs out is abandoned and run again on the slow-read threads
// (api/slow_reads.hpp), so an expensive query never holds up the other requests of its event
// loop.
#pragma once

#include <chrono>

#include "api/context.hpp"
#include "domain/list_query.hpp"
#include "http/message.hpp"
#include "storage/store.hpp"

namespace mercado::api {

// How long a list may run on an event loop before it moves to SlowReads. A page of 200 sorted
// products reads in well under a millisecond; what takes longer is a scan.
inline constexpr std::chrono::microseconds kEventLoopReadBudget{3000};

http::Task<domain::Result<domain::Listing<domain::Product>>> read_products(
    ApiContext& context, const domain::ProductQuery& query);
http::Task<domain::Result<domain::Listing<domain::Category>>> read_categories(
    ApiContext& context, const domain::Page& page);
http::Task<domain::Result<domain::Listing<domain::User>>> read_users(ApiContext& context,
                                                                     const domain::Page& page);

}  // namespace mercado::api
