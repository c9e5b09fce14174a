"""/api/v1/locations: random points on a disk around an origin."""

import json
import math
import re
import xml.etree.ElementTree as ET

import pytest

from mercado_helpers import PER_REQUEST_HEADERS, assert_problem, error_fields, request_bytes

API = "/api/v1"
PATH = f"{API}/locations"
EARTH_RADIUS_KM = 6371.0088
REFERENCE_ORIGIN = (4.648, -74.273)  # near Bogotá: the reference API's default
LOCATION_FIELDS = {"id", "name", "description", "latitude", "longitude"}
ROUNDING_SLACK_KM = 1e-4  # coordinates have 6 decimals: at most 0.08 m off
PLAIN_NUMBER = rb'-?\d+(\.\d+)?'


def haversine_km(a, b):
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_points(points, origin, radius_km, size):
    assert [p["id"] for p in points] == list(range(1, size + 1))
    for p in points:
        assert set(p) == LOCATION_FIELDS
        assert p["name"] == f"Store {p['id']}"
        assert isinstance(p["description"], str) and p["description"].endswith(" of the origin")
        assert is_number(p["latitude"]) and is_number(p["longitude"])
        assert -90 <= p["latitude"] <= 90 and -180 <= p["longitude"] <= 180
        distance = haversine_km(origin, (p["latitude"], p["longitude"]))
        assert distance <= radius_km + ROUNDING_SLACK_KM, (p, distance)
        stated = float(p["description"].split(" ", 1)[0])
        assert abs(stated - distance) < 0.0051, (p, distance)


# --- reads -------------------------------------------------------------------------------------


def test_get_locations_defaults_to_ten_within_15_km_of_medellin(shared_sandbox):
    status, headers, raw = shared_sandbox.request("GET", PATH)
    assert status == 200, raw
    assert headers["content-type"].startswith("application/json")
    points = json.loads(raw)
    check_points(points, REFERENCE_ORIGIN, 15, 10)
    # Plain JSON numbers: no exponent, no NaN, at most six decimals.
    for name in (b"latitude", b"longitude"):
        values = re.findall(b'"' + name + b'":([^,}]*)', raw)
        assert len(values) == 10
        for value in values:
            assert re.fullmatch(PLAIN_NUMBER, value), value
            assert len(value.partition(b".")[2]) <= 6, value


@pytest.mark.parametrize("origin,radius,size", [
    ((40.4168, -3.7038), 2.5, 37),
    ((-33.8688, 151.2093), 500, 200),
    ((89.9, 0), 1000, 50),        # the disk covers the North Pole
    ((0, 179.99), 3000, 100),     # and here crosses the antimeridian
    ((-90, 0), 20000, 1000),      # the largest radius, from the South Pole
    ((10, -20), 0.001, 5),        # one metre
])
def test_get_locations_honours_origin_radius_and_size(shared_sandbox, origin, radius, size):
    query = f"origin={origin[0]},{origin[1]}&radius={radius}&size={size}"
    points = shared_sandbox.get(f"{PATH}?{query}")
    check_points(points, origin, radius, size)


def test_get_locations_crosses_the_antimeridian(shared_sandbox):
    points = shared_sandbox.get(f"{PATH}?origin=0,179.99&radius=1000&size=500&seed=1")
    assert any(p["longitude"] < 0 for p in points) and any(p["longitude"] > 0 for p in points)


def test_get_locations_fills_the_disk_evenly(shared_sandbox):
    # Half the area of a 15 km disk lies within 15/sqrt(2) km; 1000 points, 5 binomial SDs.
    points = shared_sandbox.get(f"{PATH}?radius=15&size=1000&seed=77")
    inner = sum(haversine_km(REFERENCE_ORIGIN, (p["latitude"], p["longitude"])) < 15 / math.sqrt(2)
                for p in points)
    assert abs(inner - 500) <= 5 * math.sqrt(1000 * 0.25), inner
    north = sum(p["latitude"] > REFERENCE_ORIGIN[0] for p in points)
    east = sum(p["longitude"] > REFERENCE_ORIGIN[1] for p in points)
    assert abs(north - 500) <= 80 and abs(east - 500) <= 80, (north, east)


# --- the seed ----------------------------------------------------------------------------------


@pytest.mark.parametrize("accept", ["application/json", "application/xml"])
def test_get_locations_same_seed_gives_identical_bytes(shared_sandbox, accept):
    query = "origin=48.8566,2.3522&radius=40&size=25&seed=18446744073709551615"
    first = shared_sandbox.request("GET", f"{PATH}?{query}", headers={"Accept": accept})
    again = shared_sandbox.request("GET", f"{PATH}?{query}", headers={"Accept": accept})
    assert first[0] == again[0] == 200
    assert first[2] == again[2]
    # The same parameters in another order are the same query.
    reordered = "seed=18446744073709551615&size=25&radius=40&origin=48.8566,2.3522"
    assert shared_sandbox.request("GET", f"{PATH}?{reordered}",
                                  headers={"Accept": accept})[2] == first[2]


def test_get_locations_another_seed_gives_other_points(shared_sandbox):
    one = shared_sandbox.get(f"{PATH}?seed=1")
    two = shared_sandbox.get(f"{PATH}?seed=2")
    assert [(p["latitude"], p["longitude"]) for p in one] != \
        [(p["latitude"], p["longitude"]) for p in two]


def test_get_locations_without_seed_differs_each_time(shared_sandbox):
    bodies = {shared_sandbox.request("GET", PATH)[2] for _ in range(3)}
    assert len(bodies) == 3


def test_get_locations_larger_size_extends_the_same_sequence(shared_sandbox):
    few = shared_sandbox.get(f"{PATH}?seed=9&size=3")
    many = shared_sandbox.get(f"{PATH}?seed=9&size=30")
    assert many[:3] == few


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("query,field", [
    ("origin=91,0", "origin"), ("origin=0,181", "origin"), ("origin=-90.5,0", "origin"),
    ("origin=6.2", "origin"), ("origin=a,b", "origin"), ("origin=1,2,3", "origin"),
    ("origin=1e1,0", "origin"), ("origin=nan,0", "origin"),
    ("radius=0", "radius"), ("radius=-5", "radius"), ("radius=20000.5", "radius"),
    ("radius=abc", "radius"), ("radius=inf", "radius"), ("radius=1e3", "radius"),
    ("size=0", "size"), ("size=1001", "size"), ("size=-1", "size"), ("size=2.5", "size"),
    ("size=ten", "size"),
    ("seed=-1", "seed"), ("seed=18446744073709551616", "seed"), ("seed=x", "seed"),
    ("seed=1.5", "seed"),
    ("size=5&size=5", "size"), ("seed=1&seed=2", "seed"), ("origin=1,1&origin=1,1", "origin"),
    ("radius=1&radius=2", "radius"),
])
def test_get_locations_invalid_parameter_is_400_naming_it(shared_sandbox, query, field):
    status, headers, body = shared_sandbox.json("GET", f"{PATH}?{query}")
    assert_problem(status, headers, body, 400, PATH)
    assert error_fields(body) == [field]


def test_get_locations_reports_every_bad_parameter_at_once(shared_sandbox):
    status, headers, body = shared_sandbox.json(
        "GET", f"{PATH}?origin=100,0&radius=0&size=1001&seed=-1")
    assert_problem(status, headers, body, 400, PATH)
    assert sorted(error_fields(body)) == ["origin", "radius", "seed", "size"]


def test_get_locations_size_bounds(shared_sandbox):
    assert len(shared_sandbox.get(f"{PATH}?size=1000")) == 1000
    assert len(shared_sandbox.get(f"{PATH}?size=1")) == 1
    status, headers, body = shared_sandbox.json("GET", f"{PATH}?size=1001")
    assert_problem(status, headers, body, 400, PATH)


def test_get_locations_radius_bound_is_20000_km(shared_sandbox):
    assert len(shared_sandbox.get(f"{PATH}?radius=20000&size=3")) == 3
    status, headers, body = shared_sandbox.json("GET", f"{PATH}?radius=20000.001")
    assert_problem(status, headers, body, 400, PATH)
    assert error_fields(body) == ["radius"]


def test_get_locations_ignores_unknown_parameters(shared_sandbox):
    assert shared_sandbox.get(f"{PATH}?seed=3&_=123") == shared_sandbox.get(f"{PATH}?seed=3")


# --- representations and methods ---------------------------------------------------------------


def test_get_locations_as_xml(shared_sandbox):
    query = "origin=35.6762,139.6503&radius=12&size=4&seed=5"
    status, headers, raw = shared_sandbox.request("GET", f"{PATH}?{query}",
                                                  headers={"Accept": "application/xml"})
    assert status == 200
    assert headers["content-type"].startswith("application/xml")
    root = ET.fromstring(raw)
    assert root.tag == "locations"
    items = list(root)
    assert [i.tag for i in items] == ["location"] * 4
    as_json = shared_sandbox.get(f"{PATH}?{query}")
    for element, point in zip(items, as_json):
        assert [c.tag for c in element] == ["id", "name", "description", "latitude", "longitude"]
        assert int(element.findtext("id")) == point["id"]
        assert element.findtext("name") == point["name"]
        assert element.findtext("description") == point["description"]
        assert float(element.findtext("latitude")) == point["latitude"]
        assert float(element.findtext("longitude")) == point["longitude"]


def test_get_locations_invalid_parameter_as_xml_problem(shared_sandbox):
    status, headers, raw = shared_sandbox.request("GET", f"{PATH}?size=0",
                                                  headers={"Accept": "application/xml"})
    assert status == 400
    assert headers["content-type"].startswith("application/problem+xml")
    assert b"size" in raw


def test_head_locations_matches_get_without_body(shared_sandbox):
    path = f"{PATH}?seed=4&size=20"
    with shared_sandbox.raw() as conn:
        conn.send(request_bytes("HEAD", path) + request_bytes("GET", path))
        head = conn.read_response(head=True)
        get = conn.read_response()
        assert conn.buffer == b""
    assert head.status == get.status == 200
    assert int(head.headers["content-length"]) == len(get.body) > 0
    strip = lambda h: {k: v for k, v in h.items() if k not in PER_REQUEST_HEADERS}
    assert strip(head.headers) == strip(get.headers)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_locations_other_methods_are_405_with_allow(shared_sandbox, method):
    status, headers, raw = shared_sandbox.request(method, PATH, b"{}" if method != "DELETE" else None,
                                                  {"Content-Type": "application/json"})
    assert_problem(status, headers, raw, 405, PATH)
    allowed = {m.strip() for m in headers["allow"].split(",")}
    assert {"GET", "HEAD"} <= allowed and method not in allowed


def test_options_locations_is_204_with_allow(shared_sandbox):
    status, headers, _ = shared_sandbox.request("OPTIONS", PATH)
    assert status == 204
    assert {m.strip() for m in headers["allow"].split(",")} == {"GET", "HEAD", "OPTIONS"}
