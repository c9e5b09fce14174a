// Random pickup points around an origin (GET /locations): the query's rules and the sampler.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/list_query.hpp"

namespace mercado::domain {

struct GeoPoint {
  double latitude = 0;   // degrees, -90 to 90
  double longitude = 0;  // degrees, -180 to 180
};

// The IUGG mean Earth radius: the sphere the points are sampled on.
inline constexpr double kEarthRadiusKm = 6371.0088;
// Near Bogotá, Colombia: the reference API's default origin, so maps built for it show the same
// place.
inline constexpr GeoPoint kDefaultOrigin{4.648, -74.273};
inline constexpr double kDefaultRadiusKm = 15;
// Just under half the Earth's circumference (~20,015 km), beyond which a disk is the whole
// sphere; a round number clients can remember.
inline constexpr double kMaxRadiusKm = 20'000;
inline constexpr std::int64_t kDefaultLocationCount = 10;
inline constexpr std::int64_t kMaxLocationCount = 1000;
// Coordinates are rounded to this many decimals (1e-6 degree is at most 0.11 m).
inline constexpr int kCoordinateDecimals = 6;

struct Location {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  double latitude = 0;
  double longitude = 0;
};

struct LocationQuery {
  GeoPoint origin = kDefaultOrigin;
  double radius_km = kDefaultRadiusKm;
  std::int64_t size = kDefaultLocationCount;
  std::optional<std::uint64_t> seed;  // absent: the caller picks a fresh one
};

// `origin=lat,lng`, `radius` (km), `size`, `seed`; every bad or repeated one is named.
Result<LocationQuery> parse_location_query(const QueryParams& params);

// `query.size` points uniformly distributed over the spherical cap of `query.radius_km` around
// `query.origin`, ids 1..size. The same query and seed give the same points: std::mt19937_64 is
// fully specified and no std::*_distribution is used. Across C libraries the trigonometry may
// differ in the last bit, which the 6-decimal rounding hides nearly always but not always.
// A larger size extends the same sequence. `query.seed` is ignored: the caller resolves it.
std::vector<Location> generate_locations(const LocationQuery& query, std::uint64_t seed);

// Great-circle distance on the sphere of kEarthRadiusKm (haversine).
double distance_km(GeoPoint from, GeoPoint to);

}  // namespace mercado::domain
