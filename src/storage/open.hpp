// The one place that knows which stores exist. A database URL names one:
//   sqlite:PATH   the embedded store, a file on this machine (created if missing)
// Everything above storage holds a Store and never learns which one it is.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storage/store.hpp"

namespace mercado::storage {

// What is wrong with `url` as a database URL, or nullopt when a store can be opened from it;
// checks the form only and touches nothing (for flag parsing).
std::optional<std::string> check_database_url(std::string_view url);

// Opens the store `url` names, creating and migrating its database as needed; throws
// std::runtime_error saying why it can't.
std::unique_ptr<Store> open(std::string_view url);

}  // namespace mercado::storage
