#include "api/locations.hpp"

#include <random>

#include "api/representation.hpp"
#include "domain/location.hpp"

namespace mercado::api::locations {
namespace {

// Without a `seed` each answer differs. One device per thread: opening one costs more than
// reading it.
std::uint64_t fresh_seed() {
  thread_local std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) | device();
}

}  // namespace

http::Task<http::Response> list(ApiContext& /*context*/, http::Request& request) {
  const auto query = domain::parse_location_query(request.query());
  if (!query) co_return http::problem_response(request, query.error());
  const std::uint64_t seed = query->seed ? *query->seed : fresh_seed();
  const auto locations = domain::generate_locations(*query, seed);
  auto response = represent(request, http::Status::ok, locations);
  // A seeded answer is the same every time; an unseeded one must not be replayed by a cache.
  if (!query->seed) response.set(http::beast_http::field::cache_control, "no-store");
  co_return response;
}

}  // namespace mercado::api::locations
