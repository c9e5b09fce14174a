// What the handlers of one worker thread share: its reader, the store, the settings.
#pragma once

#include <string>

#include "domain/policy.hpp"
#include "storage/store.hpp"

namespace mercado::api {

struct ApiSettings {
  domain::Profile profile = domain::Profile::kSandbox;
  // Where clients reach this deployment, e.g. "http://127.0.0.1:3000": used in Location headers
  // and in the seeded image URLs.
  std::string public_url;
};

struct ApiContext {
  storage::CatalogReader& reader;
  storage::Store& store;
  const ApiSettings& settings;
};

}  // namespace mercado::api
