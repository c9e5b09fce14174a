#include "domain/location.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <numbers>
#include <random>
#include <string_view>

#include "domain/validation.hpp"

namespace mercado::domain {
namespace {

constexpr std::string_view kOriginRule =
    "must be latitude,longitude in decimal degrees: latitude -90 to 90, longitude -180 to 180";
constexpr std::string_view kRadiusRule =
    "must be a number of kilometres greater than 0 and at most 20000";
constexpr std::string_view kSizeRule = "must be an integer from 1 to 1000";
constexpr std::string_view kSeedRule = "must be an integer from 0 to 18446744073709551615";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// "-75.5812", "15", "0.5": an optional minus, digits, an optional fraction. No exponent, no
// "inf" or "nan", no plus: what std::from_chars alone would let through.
std::optional<double> parse_decimal(std::string_view text) {
  std::size_t i = (!text.empty() && text[0] == '-') ? 1 : 0;
  const auto skip_digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    return i > start;
  };
  if (!skip_digits()) return std::nullopt;
  if (i < text.size() && text[i] == '.' && (++i, !skip_digits())) return std::nullopt;
  if (i != text.size()) return std::nullopt;
  double value = 0;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// Canonical decimal digits only (no sign, no leading zero), within uint64.
std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), is_digit)) return std::nullopt;
  if (text.size() > 1 && text[0] == '0') return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<GeoPoint> parse_origin(std::string_view text) {
  const auto comma = text.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  const auto latitude = parse_decimal(trim_spaces(text.substr(0, comma)));
  const auto longitude = parse_decimal(trim_spaces(text.substr(comma + 1)));
  if (!latitude || !longitude) return std::nullopt;
  if (std::abs(*latitude) > 90 || std::abs(*longitude) > 180) return std::nullopt;
  return GeoPoint{*latitude, *longitude};
}

double to_radians(double degrees) { return degrees * std::numbers::pi / 180; }
double to_degrees(double radians) { return radians * 180 / std::numbers::pi; }

// A uniform double in [0, 1) from the top 53 bits: the same on every standard library.
double next_unit(std::mt19937_64& engine) {
  return static_cast<double>(engine() >> 11) * 0x1.0p-53;
}

// The great-circle destination from `origin` after `distance` radians on initial `bearing`.
GeoPoint destination(GeoPoint origin, double distance, double bearing) {
  const double lat1 = to_radians(origin.latitude);
  const double sin_lat2 = std::clamp(
      std::sin(lat1) * std::cos(distance) + std::cos(lat1) * std::sin(distance) * std::cos(bearing),
      -1.0, 1.0);
  const double lat2 = std::asin(sin_lat2);
  const double delta_lng = std::atan2(std::sin(bearing) * std::sin(distance) * std::cos(lat1),
                                      std::cos(distance) - std::sin(lat1) * sin_lat2);
  // remainder() is exact and lands in [-180, 180].
  const double lng2 = std::remainder(origin.longitude + to_degrees(delta_lng), 360.0);
  return {to_degrees(lat2), lng2};
}

// To kCoordinateDecimals places; "+ 0.0" turns a -0 into 0.
double round_coordinate(double degrees) {
  constexpr double kScale = 1e6;
  static_assert(kCoordinateDecimals == 6);
  return std::round(degrees * kScale) / kScale + 0.0;
}

// The compass point nearest `bearing` (radians clockwise from north). From a pole every
// direction is the same one.
const char* compass_point(double bearing, double origin_latitude) {
  static constexpr std::array<const char*, 8> kPoints = {
      "north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"};
  if (origin_latitude >= 90) return "south";
  if (origin_latitude <= -90) return "north";
  const auto octant = static_cast<std::size_t>(std::lround(bearing / (std::numbers::pi / 4)));
  return kPoints[octant % kPoints.size()];
}

// "2.41 km north-east of the origin".
std::string describe(double distance_km, double bearing, double origin_latitude) {
  char digits[32];
  const auto end =
      std::to_chars(digits, digits + sizeof digits, distance_km, std::chars_format::fixed, 2).ptr;
  return std::string(digits, end) + " km " + compass_point(bearing, origin_latitude) +
         " of the origin";
}

}  // namespace

Result<LocationQuery> parse_location_query(const QueryParams& params) {
  FieldErrors errors;
  LocationQuery query;
  if (const std::string* text = single_param(params, "origin", errors)) {
    if (const auto origin = parse_origin(*text)) {
      query.origin = *origin;
    } else {
      errors.add("origin", std::string(kOriginRule));
    }
  }
  if (const std::string* text = single_param(params, "radius", errors)) {
    const auto radius = parse_decimal(*text);
    if (radius && *radius > 0 && *radius <= kMaxRadiusKm) {
      query.radius_km = *radius;
    } else {
      errors.add("radius", std::string(kRadiusRule));
    }
  }
  if (const std::string* text = single_param(params, "size", errors)) {
    const auto size = parse_unsigned(*text);
    if (size && *size >= 1 && *size <= static_cast<std::uint64_t>(kMaxLocationCount)) {
      query.size = static_cast<std::int64_t>(*size);
    } else {
      errors.add("size", std::string(kSizeRule));
    }
  }
  if (const std::string* text = single_param(params, "seed", errors)) {
    query.seed = parse_unsigned(*text);
    if (!query.seed) errors.add("seed", std::string(kSeedRule));
  }
  auto fields = errors.take();
  if (!fields.empty()) return invalid("The query parameters are invalid.", std::move(fields));
  return query;
}

// Uniform on the cap of angular radius d_max: the area within angle d of the centre is
// proportional to 1 - cos d, so 1 - cos d = u (1 - cos d_max). Written with
// 1 - cos x = 2 sin^2(x / 2), which keeps its precision for radii of metres.
std::vector<Location> generate_locations(const LocationQuery& query, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  const double half_sine = std::sin(query.radius_km / kEarthRadiusKm / 2);
  std::vector<Location> locations;
  locations.reserve(static_cast<std::size_t>(query.size));
  for (std::int64_t id = 1; id <= query.size; ++id) {
    const double u = next_unit(engine);  // draw order is part of the seed guarantee
    const double bearing = 2 * std::numbers::pi * next_unit(engine);
    const double distance = 2 * std::asin(std::sqrt(u) * half_sine);
    const GeoPoint point = destination(query.origin, distance, bearing);
    locations.push_back(
        {.id = id,
         .name = "Store " + std::to_string(id),
         .description = describe(distance * kEarthRadiusKm, bearing, query.origin.latitude),
         .latitude = round_coordinate(point.latitude),
         .longitude = round_coordinate(point.longitude)});
  }
  return locations;
}

double distance_km(GeoPoint from, GeoPoint to) {
  const double lat1 = to_radians(from.latitude);
  const double lat2 = to_radians(to.latitude);
  const double sin_dlat = std::sin((lat2 - lat1) / 2);
  const double sin_dlng = std::sin(to_radians(to.longitude - from.longitude) / 2);
  const double h = sin_dlat * sin_dlat + std::cos(lat1) * std::cos(lat2) * sin_dlng * sin_dlng;
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace mercado::domain
