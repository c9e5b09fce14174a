#include "domain/location.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <regex>

namespace mercado::domain {
namespace {

// Rounding to 1e-6 degree moves a point by at most 0.08 m.
constexpr double kRoundingSlackKm = 1e-4;

std::vector<std::string> fields_of(const Error& error) {
  std::vector<std::string> fields;
  for (const auto& e : error.fields) fields.push_back(e.field);
  return fields;
}

LocationQuery query_at(GeoPoint origin, double radius_km, std::int64_t size) {
  return {.origin = origin, .radius_km = radius_km, .size = size, .seed = std::nullopt};
}

// Initial bearing from `from` to `to`, radians in [0, 2 pi): computed independently of the
// generator's destination formula.
double bearing(GeoPoint from, GeoPoint to) {
  const double rad = std::numbers::pi / 180;
  const double lat1 = from.latitude * rad, lat2 = to.latitude * rad;
  const double dlng = (to.longitude - from.longitude) * rad;
  const double theta = std::atan2(
      std::sin(dlng) * std::cos(lat2),
      std::cos(lat1) * std::sin(lat2) - std::sin(lat1) * std::cos(lat2) * std::cos(dlng));
  return theta < 0 ? theta + 2 * std::numbers::pi : theta;
}

// How far a count of n Bernoulli(p) draws may stray from n p: 5 standard deviations.
double tolerance(double n, double p) { return 5 * std::sqrt(n * p * (1 - p)); }

// --- parsing ---------------------------------------------------------------------------------

TEST(ParseLocationQuery, DefaultsToTenPointsWithin15KmOfTheReferenceOrigin) {
  const auto query = parse_location_query({{"unrelated", "x"}});
  ASSERT_TRUE(query);
  EXPECT_EQ(query->origin.latitude, 4.648);
  EXPECT_EQ(query->origin.longitude, -74.273);
  EXPECT_EQ(query->radius_km, 15);
  EXPECT_EQ(query->size, 10);
  EXPECT_FALSE(query->seed);
}

TEST(ParseLocationQuery, ReadsEveryParameter) {
  const auto query = parse_location_query(
      {{"origin", "40.4168, -3.7038"}, {"radius", "2.5"}, {"size", "1000"}, {"seed", "42"}});
  ASSERT_TRUE(query);
  EXPECT_EQ(query->origin.latitude, 40.4168);
  EXPECT_EQ(query->origin.longitude, -3.7038);
  EXPECT_EQ(query->radius_km, 2.5);
  EXPECT_EQ(query->size, 1000);
  EXPECT_EQ(query->seed, 42u);
}

TEST(ParseLocationQuery, AcceptsTheBounds) {
  for (const char* origin : {"90,180", "-90,-180", "0,0", "-0.5,179.999999"}) {
    EXPECT_TRUE(parse_location_query({{"origin", origin}})) << origin;
  }
  for (const char* radius : {"20000", "0.001", "1"}) {
    EXPECT_TRUE(parse_location_query({{"radius", radius}})) << radius;
  }
  EXPECT_TRUE(parse_location_query({{"size", "1"}}));
  const auto largest = parse_location_query({{"seed", "18446744073709551615"}});
  ASSERT_TRUE(largest);
  EXPECT_EQ(largest->seed, 18446744073709551615u);
  EXPECT_EQ(parse_location_query({{"seed", "0"}})->seed, 0u);
}

TEST(ParseLocationQuery, RefusesBadValuesNamingTheField) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"origin",
       {"6.2", "6.2,", ",1", "1,2,3", "a,b", "90.0001,0", "-91,0", "0,180.5", "0,-181", "1e1,0",
        "nan,0", "inf,0", "+5,0", "0x1,0", "6.,1", ".5,1", "6;75"}},
      {"radius", {"0", "0.0", "-1", "20000.001", "abc", "1e3", "inf", "nan", "15km"}},
      {"size", {"0", "1001", "-1", "abc", "10.0", "010", "+5", "99999999999999999999"}},
      {"seed", {"-1", "18446744073709551616", "abc", "1.0", "01", "+1"}},
  };
  for (const auto& [field, values] : cases) {
    for (const auto& value : values) {
      const auto query = parse_location_query({{field, value}});
      ASSERT_FALSE(query) << field << "=" << value;
      EXPECT_EQ(query.error().code, ErrorCode::kInvalidInput);
      EXPECT_EQ(fields_of(query.error()), std::vector<std::string>{field}) << value;
    }
  }
}

TEST(ParseLocationQuery, ReportsEveryBadParameterTogether) {
  const auto query =
      parse_location_query({{"origin", "91,0"}, {"radius", "0"}, {"size", "1001"}, {"seed", "-1"}});
  ASSERT_FALSE(query);
  EXPECT_EQ(fields_of(query.error()),
            (std::vector<std::string>{"origin", "radius", "size", "seed"}));
}

TEST(ParseLocationQuery, RefusesARepeatedParameter) {
  for (const char* name : {"origin", "radius", "size", "seed"}) {
    const auto query = parse_location_query({{name, "1,1"}, {"size", "5"}, {name, "1,1"}});
    ASSERT_FALSE(query) << name;
    const auto fields = fields_of(query.error());
    EXPECT_NE(std::find(fields.begin(), fields.end(), name), fields.end()) << name;
  }
}

// --- the sphere ------------------------------------------------------------------------------

TEST(DistanceKm, MeasuresGreatCircles) {
  const double quarter = std::numbers::pi / 2 * kEarthRadiusKm;
  EXPECT_NEAR(distance_km({0, 0}, {0, 90}), quarter, 1e-9);
  EXPECT_NEAR(distance_km({0, 0}, {90, 0}), quarter, 1e-9);
  EXPECT_NEAR(distance_km({0, 179.5}, {0, -179.5}), quarter / 90, 1e-9);  // across 180
  EXPECT_NEAR(distance_km({0, 0}, {0, 180}), 2 * quarter, 1e-6);
  EXPECT_EQ(distance_km({6.2442, -75.5812}, {6.2442, -75.5812}), 0);
}

// --- generation ------------------------------------------------------------------------------

TEST(GenerateLocations, NumbersAndNamesThePoints) {
  const auto points = generate_locations(query_at(kDefaultOrigin, 15, 25), 7);
  ASSERT_EQ(points.size(), 25u);
  const std::regex description(R"(\d+\.\d\d km (north|south|east|west|north-east|north-west|)"
                               R"(south-east|south-west) of the origin)");
  for (std::size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(points[i].id, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(points[i].name, "Store " + std::to_string(i + 1));
    EXPECT_TRUE(std::regex_match(points[i].description, description)) << points[i].description;
    const double stated = std::stod(points[i].description);
    EXPECT_NEAR(stated, distance_km(kDefaultOrigin, {points[i].latitude, points[i].longitude}),
                0.0051);
  }
}

TEST(GenerateLocations, KeepsEveryPointWithinTheRadius) {
  const std::vector<GeoPoint> origins = {kDefaultOrigin, {89.9, 0}, {0, 179.99}, {-45, -179.5},
                                         {90, 0},        {-90, 45}, {60, 10},    {0, -180}};
  for (const GeoPoint origin : origins) {
    for (const double radius : {0.001, 15.0, 1000.0, 12'000.0, kMaxRadiusKm}) {
      for (const auto& p : generate_locations(query_at(origin, radius, 2000), 99)) {
        ASSERT_TRUE(std::isfinite(p.latitude) && std::isfinite(p.longitude));
        ASSERT_LE(std::abs(p.latitude), 90);
        ASSERT_LE(std::abs(p.longitude), 180);
        ASSERT_LE(distance_km(origin, {p.latitude, p.longitude}), radius + kRoundingSlackKm)
            << origin.latitude << "," << origin.longitude << " r=" << radius << " -> " << p.latitude
            << "," << p.longitude;
      }
    }
  }
}

TEST(GenerateLocations, RoundsCoordinatesToSixDecimals) {
  for (const auto& p : generate_locations(query_at({12.5, -3.25}, 500, 500), 3)) {
    for (const double value : {p.latitude, p.longitude}) {
      const double scaled = value * 1e6;
      EXPECT_NEAR(scaled, std::round(scaled), 1e-6) << value;
    }
  }
}

TEST(GenerateLocations, SameSeedGivesTheSamePointsAndAnotherSeedOthers) {
  const auto query = query_at(kDefaultOrigin, 15, 50);
  const auto first = generate_locations(query, 12345);
  const auto again = generate_locations(query, 12345);
  const auto other = generate_locations(query, 12346);
  ASSERT_EQ(first.size(), again.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].latitude, again[i].latitude);
    EXPECT_EQ(first[i].longitude, again[i].longitude);
    EXPECT_EQ(first[i].description, again[i].description);
    if (first[i].latitude != other[i].latitude || first[i].longitude != other[i].longitude) {
      ++differing;
    }
  }
  EXPECT_EQ(differing, first.size());
}

TEST(GenerateLocations, ALargerSizeExtendsTheSameSequence) {
  const auto few = generate_locations(query_at(kDefaultOrigin, 15, 5), 8);
  const auto many = generate_locations(query_at(kDefaultOrigin, 15, 100), 8);
  for (std::size_t i = 0; i < few.size(); ++i) {
    EXPECT_EQ(few[i].latitude, many[i].latitude);
    EXPECT_EQ(few[i].longitude, many[i].longitude);
  }
}

// Equal-area rings of the cap (each holds a quarter of its area) must each hold about a quarter
// of the points. On a large cap these rings are far from a flat disk's, so sampling in a
// lat/lng box or a flat disk fails here.
void expect_uniform_over_area_and_bearing(GeoPoint origin, double radius_km) {
  constexpr int kCount = 20'000;
  const auto points = generate_locations(query_at(origin, radius_km, kCount), 2024);
  const double half_sine = std::sin(radius_km / kEarthRadiusKm / 2);
  std::array<double, 3> ring_edges{};  // sin^2(d/2) is proportional to the area within d
  for (int k = 1; k <= 3; ++k) {
    ring_edges[k - 1] = 2 * kEarthRadiusKm * std::asin(half_sine * std::sqrt(k / 4.0));
  }
  std::array<int, 4> rings{}, quadrants{};
  for (const auto& p : points) {
    const GeoPoint point{p.latitude, p.longitude};
    const double d = distance_km(origin, point);
    ++rings[std::upper_bound(ring_edges.begin(), ring_edges.end(), d) - ring_edges.begin()];
    ++quadrants[static_cast<int>(bearing(origin, point) / (std::numbers::pi / 2)) % 4];
  }
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(rings[k], kCount / 4.0, tolerance(kCount, 0.25)) << "ring " << k;
    EXPECT_NEAR(quadrants[k], kCount / 4.0, tolerance(kCount, 0.25)) << "quadrant " << k;
  }
  // The inner half of the area, the check in the brief: within r / sqrt(2) on a small cap.
  const int inner = rings[0] + rings[1];
  EXPECT_NEAR(inner, kCount / 2.0, tolerance(kCount, 0.5));
}

TEST(GenerateLocations, IsUniformOnASmallDisk) {
  expect_uniform_over_area_and_bearing(kDefaultOrigin, 15);
  // On 15 km the sphere is flat to 1e-6: the half-area radius is r / sqrt(2).
  const double half_sine = std::sin(15 / kEarthRadiusKm / 2);
  EXPECT_NEAR(2 * kEarthRadiusKm * std::asin(half_sine * std::sqrt(0.5)), 15 / std::sqrt(2.0),
              1e-4);
}

TEST(GenerateLocations, IsUniformOnALargeCapAtHighLatitude) {
  expect_uniform_over_area_and_bearing({60, 10}, 3000);
  expect_uniform_over_area_and_bearing({0, 0}, 15'000);
}

TEST(GenerateLocations, CrossesTheAntimeridianAndThePole) {
  const auto east = generate_locations(query_at({0, 179.99}, 1000, 2000), 5);
  EXPECT_TRUE(std::any_of(east.begin(), east.end(), [](const auto& p) { return p.longitude < 0; }));
  EXPECT_TRUE(std::any_of(east.begin(), east.end(), [](const auto& p) { return p.longitude > 0; }));

  // Around a point 11 km from the North Pole, a 500 km cap covers every longitude.
  const auto north = generate_locations(query_at({89.9, 0}, 500, 2000), 5);
  std::array<int, 4> longitude_quadrants{};
  for (const auto& p : north) {
    ++longitude_quadrants[std::min(3, static_cast<int>((p.longitude + 180) / 90))];
  }
  for (const int count : longitude_quadrants) EXPECT_GT(count, 0);
}

TEST(GenerateLocations, AHugeRadiusReachesTheFarSide) {
  const auto points = generate_locations(query_at({0, 0}, kMaxRadiusKm, 20'000), 11);
  const auto far = std::count_if(points.begin(), points.end(), [](const auto& p) {
    return distance_km({0, 0}, {p.latitude, p.longitude}) > 19'000;
  });
  // The share of the cap's area beyond 19,000 km: about 0.63%, some 127 points.
  const double cos_max = std::cos(kMaxRadiusKm / kEarthRadiusKm);
  const double share = (std::cos(19'000 / kEarthRadiusKm) - cos_max) / (1 - cos_max);
  EXPECT_NEAR(static_cast<double>(far), 20'000 * share, tolerance(20'000, share));
}

TEST(GenerateLocations, DescribesDirectionsFromThePoles) {
  for (const auto& p : generate_locations(query_at({90, 0}, 100, 20), 1)) {
    EXPECT_NE(p.description.find(" km south of"), std::string::npos) << p.description;
  }
  for (const auto& p : generate_locations(query_at({-90, 0}, 100, 20), 1)) {
    EXPECT_NE(p.description.find(" km north of"), std::string::npos) << p.description;
  }
}

}  // namespace
}  // namespace mercado::domain
