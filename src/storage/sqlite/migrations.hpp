// Versioned schema migrations: each numbered file under migrations/ runs once, in order.
#pragma once

#include "storage/sqlite/connection.hpp"

namespace mercado::storage::sqlite {

// Brings the schema up to date; safe to run at every start and from several processes.
// Returns the schema version reached.
int migrate(Connection& db);

}  // namespace mercado::storage::sqlite
