// The store's GraphQL schema: the Platzi Fake Store API's, operation by operation (names,
// arguments and result shapes), with Mercado's additions, which only ever add optional
// arguments and fields (docs/API.md, "GraphQL").
#pragma once

#include "graphql/schema.hpp"

namespace mercado::api {

// Built once, checked (graphql::Schema::check) and shared by every worker.
const graphql::Schema& store_schema();

// Fields whose work is hashing a password (login, and the account writes that set one): each
// counts this much against graphql::Limits::max_cost, so one document holds at most five.
inline constexpr std::int64_t kPasswordHashingCost = 19'000;

}  // namespace mercado::api
