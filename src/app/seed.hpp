// The sandbox's demo catalog: categories and products written for this project, with
// placeholder pictures the server draws itself.
#pragma once

#include <string_view>

#include "storage/store.hpp"

namespace mercado::app {

enum class SeedOutcome { kSeeded, kAlreadyHasData, kFailed };

// Writes the demo catalog in one transaction if, and only if, the catalog is empty.
SeedOutcome seed_demo_catalog(storage::Store& store, std::string_view public_url);

}  // namespace mercado::app
