// The sandbox's demo catalog: categories and products written for this project, with
// placeholder pictures the server draws itself.
#pragma once

#include <string_view>

#include "auth/password.hpp"
#include "storage/store.hpp"

namespace mercado::app {

enum class SeedOutcome { kSeeded, kAlreadyHasData, kFailed };

// Writes the demo catalog in one transaction if, and only if, the catalog is empty.
SeedOutcome seed_demo_catalog(storage::Store& store, std::string_view public_url);

// The reference API's demo accounts, whose passwords the README publishes so tutorials work:
// john@mail.com / changeme, maria@mail.com / 12345 (customers), admin@mail.com / admin123.
// Creates those that are missing; false when storage fails. Sandbox only.
bool seed_demo_accounts(storage::Store& store, std::string_view public_url,
                        const auth::HashCost& cost);

}  // namespace mercado::app
