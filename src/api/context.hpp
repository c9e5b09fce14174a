// What the handlers of one worker thread share: its reader, the store, the settings, and the
// services every worker shares (tokens, the blocking pool, the login throttle).
#pragma once

#include <atomic>
#include <cstddef>
#include <map>
#include <string>

#include "api/reader_threads.hpp"
#include "auth/crypto.hpp"
#include "auth/login_throttle.hpp"
#include "auth/password.hpp"
#include "auth/tokens.hpp"
#include "cluster/shared_counters.hpp"
#include "domain/policy.hpp"
#include "domain/upload.hpp"
#include "http/metrics.hpp"
#include "runtime/blocking_pool.hpp"
#include "storage/store.hpp"

namespace mercado::api {

struct ApiSettings {
  domain::Profile profile = domain::Profile::kSandbox;
  // Where clients reach this deployment, e.g. "http://127.0.0.1:3000": used in Location headers
  // and in the seeded image URLs.
  std::string public_url;
  mercado::auth::HashCost hash_cost;
  std::size_t upload_limit = domain::kDefaultUploadLimit;
  // The files of the interactive documentation (swagger-ui-dist), by name; empty when they are
  // not installed.
  std::map<std::string, std::string, std::less<>> docs_assets;
  // The browser client at / and /admin (api/web.hpp): on unless --web off, and the
  // Content-Security-Policy its page is sent with.
  bool web_client = true;
  std::string web_policy;
  // Whether answers that depend on the stored data alone are kept (--read-cache): the
  // pipeline's for catalog routes, and /graphql's for documents that read only the catalog.
  bool read_cache = true;
};

// One per process, shared by every worker thread (each member is safe to share).
struct ApiServices {
  const mercado::auth::TokenIssuer& tokens;
  runtime::BlockingPool& blocking;
  ReaderThreads& slow_reads;
  mercado::auth::LoginThrottle& throttle;
  // Fingerprints of requests sent with an Idempotency-Key (their bodies may hold passwords).
  const mercado::auth::KeyedDigest& request_fingerprints;
  http::Metrics* metrics = nullptr;
  // Set once SIGTERM arrives: GET /readyz answers 503 so load balancers stop sending traffic.
  const std::atomic<bool>* draining = nullptr;
};

struct ApiContext {
  storage::StoreReader& reader;
  storage::Store& store;
  const ApiSettings& settings;
  const ApiServices& services;
  // This worker's reader that never blocks its event loop, for a store whose reads wait on the
  // network (Store::open_async_reader); then every read goes through it (api/store_read.hpp).
  storage::AsyncStoreReader* async_reader = nullptr;
  // This worker's connection to the counters every instance shares (memcached), when the
  // deployment has them: failed logins are counted there (api/failed_logins.hpp).
  cluster::SharedCounters* shared_counters = nullptr;
};

}  // namespace mercado::api
