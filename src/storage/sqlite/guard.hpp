// Turns database faults into domain errors at the storage boundary.
#pragma once

#include "domain/error.hpp"
#include "storage/sqlite/connection.hpp"
#include "support/log.hpp"

namespace mercado::storage::sqlite {

// Runs `body`; a DatabaseError becomes kUnavailable for the client, its text goes to the log. A
// statement stopped by its reader's time limit is kTimedOut: no fault, nothing to log.
template <class T, class Body>
domain::Result<T> guard(Body&& body) {
  try {
    return body();
  } catch (const DatabaseError& error) {
    if (error.code() == SQLITE_INTERRUPT) {
      return domain::Error{domain::ErrorCode::kTimedOut, "The read took too long.", {}};
    }
    support::log_error("storage fault", error.what());
    return domain::Error{domain::ErrorCode::kUnavailable, "The database is unavailable.", {}};
  }
}

}  // namespace mercado::storage::sqlite
