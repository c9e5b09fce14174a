// The one place that knows which stores exist. A database URL names one:
//   sqlite:PATH                 the embedded store, a file on this machine (created if missing)
//   postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?...]
//                               PostgreSQL (any libpq connection URI; postgres:// too), with
//                               optional streaming replicas for reads
// Everything above storage holds a Store and never learns which one it is.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/store.hpp"

namespace mercado::storage {

// What is wrong with `url` as a database URL, or nullopt when a store can be opened from it;
// checks the form only and touches nothing (for flag parsing).
std::optional<std::string> check_database_url(std::string_view url);
// The same for a replica's URL: the replicas of a PostgreSQL primary are PostgreSQL URLs.
std::optional<std::string> check_replica_url(std::string_view url);

// `url` fit for a log: no password, no query (which may hold one).
std::string redacted_database_url(std::string_view url);

// Opens the store `url` names, creating and migrating its database as needed, reading from
// `replicas` where the store has them; throws std::runtime_error saying why it can't.
std::unique_ptr<Store> open(std::string_view url, const std::vector<std::string>& replicas = {});

}  // namespace mercado::storage
