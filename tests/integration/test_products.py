"""/api/v1/products: reads against the seeded catalog (shared server), writes on a fresh one."""

import json
import time
import urllib.parse

import pytest

from mercado_helpers import (CATEGORY_FIELDS, PRODUCT_FIELDS, SEED_CATEGORY_IDS, SEED_PRODUCTS,
                             SLUG_RE, TIMESTAMP_RE, assert_problem, error_fields, product_body,
                             seed_ids_where)

API = "/api/v1"


def ids(products):
    return [p["id"] for p in products]


def seed_ids_in_category(name):
    return seed_ids_where(lambda p: p["category"] == name)


# --- GET /products -----------------------------------------------------------------------------


def test_get_products_lists_whole_seed_in_id_order(shared_sandbox):
    products = shared_sandbox.get(f"{API}/products")
    assert ids(products) == list(range(1, 71))
    assert [p["title"] for p in products] == [SEED_PRODUCTS[i]["title"] for i in range(1, 71)]
    for p in products:
        seed = SEED_PRODUCTS[p["id"]]
        assert p["category"]["id"] == SEED_CATEGORY_IDS[seed["category"]]
        assert len(p["images"]) == seed["images"]
        assert p["price"] == seed["price"]


def test_get_product_by_id_has_contract_shape(shared_sandbox):
    status, headers, p = shared_sandbox.json("GET", f"{API}/products/22")
    assert status == 200
    assert headers["content-type"].startswith("application/json")
    assert set(p) == PRODUCT_FIELDS
    assert p["id"] == 22
    assert p["title"] == "Café Bistro Chair Pair"
    assert p["slug"] == "cafe-bistro-chair-pair"
    assert p["price"] == 159 and isinstance(p["price"], int)
    assert p["description"] == SEED_PRODUCTS[22]["description"]
    category = p["category"]
    assert set(category) == CATEGORY_FIELDS
    assert category["id"] == 3 and category["name"] == "Furniture" and category["slug"] == "furniture"
    assert category["image"].startswith("http")
    assert isinstance(p["images"], list) and len(p["images"]) == 2
    assert all(u.startswith(("http://", "https://")) for u in p["images"])
    for stamp in (p["creationAt"], p["updatedAt"], category["creationAt"], category["updatedAt"]):
        assert TIMESTAMP_RE.match(stamp), stamp


def test_get_product_price_whole_number_has_no_decimal_point(shared_sandbox):
    # Product 8 costs 45: the wire form must be 45, not 45.0; 32 costs 129.99 exactly.
    _, _, raw8 = shared_sandbox.request("GET", f"{API}/products/8")
    assert b'"price":45,' in raw8
    _, _, raw32 = shared_sandbox.request("GET", f"{API}/products/32")
    assert b'"price":129.99,' in raw32
    _, _, raw1 = shared_sandbox.request("GET", f"{API}/products/1")
    assert b'"price":89.5,' in raw1


def test_get_product_by_id_unknown_is_404(shared_sandbox):
    status, headers, body = shared_sandbox.json("GET", f"{API}/products/99999")
    assert_problem(status, headers, body, 404, f"{API}/products/99999")


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "1.5", "1e3", "%20"])
def test_get_product_by_id_invalid_id_is_400(shared_sandbox, bad):
    status, headers, body = shared_sandbox.json("GET", f"{API}/products/{bad}")
    assert_problem(status, headers, body, 400)
    assert "id" in error_fields(body)


def test_get_product_by_id_percent_encoded_digits(shared_sandbox):
    assert shared_sandbox.get(f"{API}/products/%32%32")["id"] == 22


def test_get_product_by_slug(shared_sandbox):
    p = shared_sandbox.get(f"{API}/products/slug/creme-brulee-torch-set")
    assert p["id"] == 41 and p["title"] == "Crème Brûlée Torch Set"


def test_get_product_by_slug_unknown_is_404(shared_sandbox):
    status, headers, body = shared_sandbox.json("GET", f"{API}/products/slug/no-such-thing")
    assert_problem(status, headers, body, 404, f"{API}/products/slug/no-such-thing")


def test_get_products_seed_slugs_are_well_formed_and_unique(shared_sandbox):
    products = shared_sandbox.get(f"{API}/products")
    slugs = [p["slug"] for p in products]
    assert len(set(slugs)) == len(slugs)
    assert all(SLUG_RE.match(s) for s in slugs), slugs
    by_id = {p["id"]: p["slug"] for p in products}
    assert by_id[15] == "27-4k-ips-monitor"
    assert by_id[45] == "acacia-salt-pepper-mill-set"
    assert by_id[70] == "mindful-running-a-beginner-s-plan"


# --- filters -----------------------------------------------------------------------------------


@pytest.mark.parametrize("query,expected", [
    ("title=CAFE", [22]),
    ("title=caf%C3%A9", [22]),
    ("title=CAF%C3%89", [22]),
    ("title=creme%20brulee", [41]),
    ("title=cr%C3%A8me", [41]),
    ("title=cast+iron", [42]),
    ("title=CAST%20IRON", [42]),
    ("title=boots", [31, 35, 40]),
    ("title=no-such-product-anywhere", []),
])
def test_get_products_title_filter_is_case_insensitive_accent_folded_substring(
        shared_sandbox, query, expected):
    assert ids(shared_sandbox.get(f"{API}/products?{query}")) == expected


def test_get_products_price_filter_is_exact(shared_sandbox):
    assert ids(shared_sandbox.get(f"{API}/products?price=45")) == [8]
    assert ids(shared_sandbox.get(f"{API}/products?price=45.00")) == [8]
    assert ids(shared_sandbox.get(f"{API}/products?price=129.99")) == [32]
    assert ids(shared_sandbox.get(f"{API}/products?price=45.01")) == []


def test_get_products_price_range_is_inclusive(shared_sandbox):
    got = ids(shared_sandbox.get(f"{API}/products?price_min=349.99&price_max=749"))
    expected = seed_ids_where(lambda p: 349.99 <= p["price"] <= 749)
    assert got == expected
    assert 15 in got and 21 in got  # the bounds themselves (349.99 and 749)


def test_get_products_price_min_only_and_max_only(shared_sandbox):
    assert ids(shared_sandbox.get(f"{API}/products?price_min=500")) == \
        seed_ids_where(lambda p: p["price"] >= 500)
    assert ids(shared_sandbox.get(f"{API}/products?price_max=20")) == \
        seed_ids_where(lambda p: p["price"] <= 20)


def test_get_products_category_id_filter(shared_sandbox):
    assert ids(shared_sandbox.get(f"{API}/products?categoryId=2")) == list(range(11, 21))
    assert shared_sandbox.get(f"{API}/products?categoryId=999") == []


def test_get_products_category_slug_filter(shared_sandbox):
    got = shared_sandbox.get(f"{API}/products?categorySlug=sports-outdoors")
    assert ids(got) == seed_ids_in_category("Sports & Outdoors") == list(range(51, 61))
    assert all(p["category"]["name"] == "Sports & Outdoors" for p in got)
    assert shared_sandbox.get(f"{API}/products?categorySlug=no-such-category") == []


def test_get_products_filters_combine(shared_sandbox):
    got = ids(shared_sandbox.get(
        f"{API}/products?title=boots&categorySlug=shoes&price_max=170&price_min=40"))
    assert got == [35, 40]  # Waterproof Hiking Boots 164, Rubber Rain Boots 44.5


def test_get_products_offset_and_limit_page_in_id_order(shared_sandbox):
    assert ids(shared_sandbox.get(f"{API}/products?offset=10&limit=5")) == [11, 12, 13, 14, 15]
    assert ids(shared_sandbox.get(f"{API}/products?limit=1")) == [1]
    assert ids(shared_sandbox.get(f"{API}/products?offset=68")) == [69, 70]
    assert shared_sandbox.get(f"{API}/products?offset=70") == []
    assert shared_sandbox.get(f"{API}/products?offset=1000000000") == []
    assert len(shared_sandbox.get(f"{API}/products?limit=200")) == 70
    # paging composes with filters
    assert ids(shared_sandbox.get(f"{API}/products?categoryId=4&offset=2&limit=3")) == [33, 34, 35]


def test_get_products_unknown_parameters_are_ignored(shared_sandbox):
    assert ids(shared_sandbox.get(f"{API}/products?foo=bar&categoryId=7&sort=desc")) == \
        list(range(61, 71))


@pytest.mark.parametrize("query,field", [
    ("limit=0", "limit"),
    ("limit=201", "limit"),
    ("limit=abc", "limit"),
    ("limit=-1", "limit"),
    ("offset=-1", "offset"),
    ("offset=abc", "offset"),
    ("offset=1000000001", "offset"),
    ("price=abc", "price"),
    ("price=1.234", "price"),
    ("price_min=-1", "price_min"),
    ("price_max=x", "price_max"),
    ("categoryId=abc", "categoryId"),
    ("categoryId=0", "categoryId"),
])
def test_get_products_invalid_parameter_is_400_naming_field(shared_sandbox, query, field):
    status, headers, body = shared_sandbox.json("GET", f"{API}/products?{query}")
    assert_problem(status, headers, body, 400, f"{API}/products")
    assert field in error_fields(body), body


def test_get_products_price_min_above_price_max_is_400(shared_sandbox):
    status, headers, body = shared_sandbox.json("GET", f"{API}/products?price_min=100&price_max=50")
    assert_problem(status, headers, body, 400)
    assert set(error_fields(body)) & {"price_min", "price_max"}


def test_get_products_several_bad_parameters_are_all_named(shared_sandbox):
    status, _, body = shared_sandbox.json("GET", f"{API}/products?limit=0&offset=-5&price=zz")
    assert status == 400
    assert {"limit", "offset", "price"} <= set(error_fields(body))


@pytest.mark.parametrize("query,field", [
    ("limit=5&limit=6", "limit"),
    ("title=a&title=b", "title"),
    ("categoryId=1&categoryId=1", "categoryId"),
    ("offset=1&offset=1", "offset"),
])
def test_get_products_repeated_known_parameter_is_400(shared_sandbox, query, field):
    status, headers, body = shared_sandbox.json("GET", f"{API}/products?{query}")
    assert_problem(status, headers, body, 400)
    assert field in error_fields(body)


def test_get_products_invalid_percent_encoding_in_query_is_400(shared_sandbox):
    status, headers, body = shared_sandbox.json("GET", f"{API}/products?title=%ZZ")
    assert status == 400
    assert headers["content-type"].startswith("application/problem+json")
    assert body["status"] == 400


# --- related -----------------------------------------------------------------------------------


def test_get_product_related_same_category_excluding_itself(shared_sandbox):
    related = shared_sandbox.get(f"{API}/products/12/related")
    assert ids(related) == [i for i in range(11, 21) if i != 12]
    assert all(p["category"]["id"] == 2 for p in related)


def test_get_product_related_takes_offset_and_limit(shared_sandbox):
    assert ids(shared_sandbox.get(f"{API}/products/12/related?limit=3")) == [11, 13, 14]
    assert ids(shared_sandbox.get(f"{API}/products/12/related?offset=2&limit=2")) == [14, 15]
    status, _, body = shared_sandbox.json("GET", f"{API}/products/12/related?limit=0")
    assert status == 400 and "limit" in error_fields(body)


def test_get_product_related_unknown_id_is_404(shared_sandbox):
    status, headers, body = shared_sandbox.json("GET", f"{API}/products/9999/related")
    assert_problem(status, headers, body, 404)


def test_get_product_related_invalid_id_is_400(shared_sandbox):
    status, headers, body = shared_sandbox.json("GET", f"{API}/products/abc/related")
    assert_problem(status, headers, body, 400)


def test_get_product_slug_related(shared_sandbox):
    related = shared_sandbox.get(f"{API}/products/slug/cafe-bistro-chair-pair/related")
    assert ids(related) == [i for i in range(21, 31) if i != 22]
    assert ids(shared_sandbox.get(
        f"{API}/products/slug/cafe-bistro-chair-pair/related?offset=1&limit=2")) == [23, 24]


def test_get_product_slug_related_unknown_slug_is_404(shared_sandbox):
    status, headers, body = shared_sandbox.json("GET", f"{API}/products/slug/nope/related")
    assert_problem(status, headers, body, 404)


# --- POST /products ----------------------------------------------------------------------------


def test_post_product_creates_201_with_location(sandbox):
    body = product_body(title="Brass Desk Lamp", price=129.99, categoryId=2,
                        images=["https://img.example.com/a.png", "http://img.example.com/b.png"])
    status, headers, created = sandbox.json("POST", f"{API}/products", body)
    assert status == 201, created
    assert set(created) == PRODUCT_FIELDS
    assert created["id"] == 71
    assert headers["location"] == f"{API}/products/71"
    assert created["title"] == "Brass Desk Lamp"
    assert created["slug"] == "brass-desk-lamp"
    assert created["price"] == 129.99
    assert created["description"] == body["description"]
    assert created["category"]["id"] == 2 and created["category"]["name"] == "Electronics"
    assert created["images"] == body["images"]
    assert TIMESTAMP_RE.match(created["creationAt"])
    assert created["creationAt"] == created["updatedAt"]
    # The Location resolves to the same representation.
    assert sandbox.get(headers["location"]) == created
    assert sandbox.get(f"{API}/products/slug/brass-desk-lamp")["id"] == 71
    assert ids(sandbox.get(f"{API}/products?title=brass"))[-1] == 71


def test_post_product_slug_folds_accents_and_punctuation(sandbox):
    status, _, created = sandbox.json("POST", f"{API}/products", product_body(
        title="  Crème -- Brûlée   Straße!! Édition #2 "))
    assert status == 201, created
    assert created["slug"] == "creme-brulee-strasse-edition-2"


def test_post_product_non_latin_title_gets_a_valid_slug(sandbox):
    status, _, created = sandbox.json("POST", f"{API}/products", product_body(title="日本の茶碗"))
    assert status == 201, created
    assert created["title"] == "日本の茶碗"
    assert SLUG_RE.match(created["slug"]), created["slug"]
    assert sandbox.get(f"{API}/products/slug/{created['slug']}")["id"] == created["id"]


def test_post_product_duplicate_title_gets_numbered_slugs(sandbox):
    slugs = []
    for _ in range(3):
        status, _, created = sandbox.json("POST", f"{API}/products",
                                          product_body(title="Twin Lamp"))
        assert status == 201, created
        slugs.append(created["slug"])
    assert slugs == ["twin-lamp", "twin-lamp-2", "twin-lamp-3"]
    # an existing seed slug collides too: "Cast Iron Skillet 26 cm" -> cast-iron-skillet-26-cm
    _, _, dup = sandbox.json("POST", f"{API}/products",
                             product_body(title="Cast Iron Skillet 26 cm"))
    assert dup["slug"] == "cast-iron-skillet-26-cm-2"
    assert len(sandbox.get(f"{API}/products?title=twin%20lamp")) == 3


def test_post_product_duplicate_title_slug_ignores_numbered_other_titles(sandbox):
    # "Desk 2147483647" and "Desk 5" slug to desk-2147483647 and desk-5; duplicates of "Desk"
    # must still count -2, -3 (an earlier build overflowed to "desk--2147483648" here).
    slugs = []
    for title in ("Desk 2147483647", "Desk 5", "Desk", "Desk", "Desk"):
        status, _, created = sandbox.json("POST", f"{API}/products", product_body(title=title))
        assert status == 201, created
        slugs.append(created["slug"])
    assert slugs == ["desk-2147483647", "desk-5", "desk", "desk-2", "desk-3"]
    assert all(SLUG_RE.match(s) for s in slugs)


def test_post_product_title_that_looks_numbered_does_not_steal_a_suffix(sandbox):
    slugs = []
    for title in ("Lamp", "Lamp 2", "Lamp", "Lamp 2"):
        status, _, created = sandbox.json("POST", f"{API}/products", product_body(title=title))
        assert status == 201, created
        slugs.append(created["slug"])
    assert len(set(slugs)) == 4, slugs
    assert slugs[:2] == ["lamp", "lamp-2"]
    assert all(SLUG_RE.match(s) for s in slugs)


def test_post_product_missing_fields_are_each_required(sandbox):
    status, headers, body = sandbox.json("POST", f"{API}/products", {})
    assert_problem(status, headers, body, 400, f"{API}/products")
    assert set(error_fields(body)) == {"title", "price", "description", "categoryId", "images"}
    assert all(e["message"] for e in body["errors"])


def test_post_product_every_bad_field_is_listed(sandbox):
    status, _, body = sandbox.json("POST", f"{API}/products", {
        "title": "", "price": -3, "description": "   ", "categoryId": "one",
        "images": ["not a url"]})
    assert status == 400
    assert set(error_fields(body)) == {"title", "price", "description", "categoryId", "images[0]"}


def test_post_product_bad_second_image_is_named_by_index(sandbox):
    status, _, body = sandbox.json("POST", f"{API}/products", product_body(
        images=["https://a.example.com/1.png", "ftp://a.example.com/2.png",
                "https://a.example.com/3.png", "javascript:alert(1)"]))
    assert status == 400
    assert error_fields(body) == ["images[1]", "images[3]"]


@pytest.mark.parametrize("url", ["http://[::1]:8080/x.png", "https://img.example.com/a%20b.png?x=1#y",
                                 "http://localhost/p", "https://xn--caf-dma.example/x.png"])
def test_post_product_valid_image_urls_are_accepted(sandbox, url):
    status, _, created = sandbox.json("POST", f"{API}/products", product_body(images=[url]))
    assert status == 201, created
    assert created["images"] == [url]


@pytest.mark.parametrize("url", ["http://host:abc/x.png", "https://host:99999/x.png",
                                 "http://%zz/x.png", "http://exa{mple}.com/x.png"],
                         ids=["non-numeric-port", "port-above-65535", "bad-percent-in-host",
                              "braces-in-host"])
def test_post_product_malformed_image_url_is_400(sandbox, url):
    status, _, body = sandbox.json("POST", f"{API}/products", product_body(images=[url]))
    assert status == 400, body
    assert error_fields(body) == ["images[0]"]


def test_post_product_upper_case_scheme_image_url_is_accepted(sandbox):
    status, _, body = sandbox.json("POST", f"{API}/products",
                                   product_body(images=["HTTP://IMG.EXAMPLE.COM/x.png"]))
    assert status == 201, body


@pytest.mark.parametrize("images", [[], ["https://a.example.com/x.png"] * 11, "https://a.example.com",
                                    [1], None])
def test_post_product_images_must_be_1_to_10_urls(sandbox, images):
    status, _, body = sandbox.json("POST", f"{API}/products", product_body(images=images))
    assert status == 400, body
    assert "images" in error_fields(body)


def test_post_product_ten_images_is_accepted(sandbox):
    urls = [f"https://a.example.com/{i}.png" for i in range(10)]
    status, _, created = sandbox.json("POST", f"{API}/products", product_body(images=urls))
    assert status == 201 and created["images"] == urls


@pytest.mark.parametrize("price", [0, -1, -0.5, 12.345, 0.001, 10_000_000.01, 1e12, "12", True])
def test_post_product_invalid_price_is_400(sandbox, price):
    status, _, body = sandbox.json("POST", f"{API}/products", product_body(price=price))
    assert status == 400, body
    assert error_fields(body) == ["price"]


@pytest.mark.parametrize("price,wire", [(0.01, b'"price":0.01,'), (10_000_000, b'"price":10000000,'),
                                        (129.99, b'"price":129.99,'), (45.0, b'"price":45,'),
                                        (12.5, b'"price":12.5,'), (0.1, b'"price":0.1,')])
def test_post_product_valid_price_round_trips(sandbox, price, wire):
    status, _, raw = sandbox.request("POST", f"{API}/products", product_body(price=price))
    assert status == 201, raw
    assert wire in raw
    product_id = json.loads(raw)["id"]
    _, _, again = sandbox.request("GET", f"{API}/products/{product_id}")
    assert wire in again


def test_post_product_unknown_category_is_400_naming_category_id(sandbox):
    status, headers, body = sandbox.json("POST", f"{API}/products", product_body(categoryId=999))
    assert_problem(status, headers, body, 400)
    assert error_fields(body) == ["categoryId"]
    assert len(sandbox.get(f"{API}/products")) == 70


def test_post_product_unknown_category_is_listed_with_other_bad_fields(sandbox):
    status, _, body = sandbox.json("POST", f"{API}/products",
                                   product_body(title="", categoryId=999))
    assert status == 400
    assert set(error_fields(body)) == {"title", "categoryId"}


@pytest.mark.parametrize("field", ["title", "price", "description", "categoryId", "images"])
def test_post_product_null_field_is_400(sandbox, field):
    status, _, body = sandbox.json("POST", f"{API}/products", product_body(**{field: None}))
    assert status == 400
    assert field in error_fields(body)


def test_post_product_title_with_control_character_is_400(sandbox):
    status, _, body = sandbox.json("POST", f"{API}/products", product_body(title="Lamp\u0000X"))
    assert status == 400 and error_fields(body) == ["title"]
    status, _, body = sandbox.json("POST", f"{API}/products", product_body(title="Lamp\nX"))
    assert status == 400 and error_fields(body) == ["title"]


def test_post_product_overlong_title_and_description_are_400(sandbox):
    status, _, body = sandbox.json("POST", f"{API}/products", product_body(
        title="x" * 1000, description="y" * 100_000))
    assert status == 400
    assert set(error_fields(body)) == {"title", "description"}


def test_post_product_text_length_limits_count_characters(sandbox):
    # title 1-200 characters, description 1-5000 characters (characters, not bytes)
    status, _, created = sandbox.json("POST", f"{API}/products", product_body(
        title="é" * 200, description="ü" * 5000))
    assert status == 201, created
    assert created["title"] == "é" * 200 and len(created["description"]) == 5000
    status, _, body = sandbox.json("POST", f"{API}/products", product_body(
        title="é" * 201, description="ü" * 5001))
    assert status == 400
    assert set(error_fields(body)) == {"title", "description"}


def test_post_product_image_url_length_limit(sandbox):
    base = "https://img.example.com/"
    ok = base + "a" * (2048 - len(base))
    status, _, created = sandbox.json("POST", f"{API}/products", product_body(images=[ok]))
    assert status == 201 and created["images"] == [ok]
    status, _, body = sandbox.json("POST", f"{API}/products", product_body(images=[ok + "a"]))
    assert status == 400 and error_fields(body) == ["images[0]"]


def test_post_product_multiline_description_is_kept(sandbox):
    text = "Line one.\nLine two,\twith a tab — and “quotes” & <angle> brackets."
    status, _, created = sandbox.json("POST", f"{API}/products", product_body(description=text))
    assert status == 201
    assert sandbox.get(f"{API}/products/{created['id']}")["description"] == text


def test_post_product_unknown_fields_are_ignored(sandbox):
    status, _, created = sandbox.json("POST", f"{API}/products",
                                      product_body(id=5, slug="chosen", color="red"))
    assert status == 201
    assert created["id"] == 71 and created["slug"] != "chosen" and "color" not in created


@pytest.mark.parametrize("raw", [b'{"title": "x",', b"[1, 2]", b'"text"', b"", b"null",
                                 b'{"title": "x"} trailing'])
def test_post_product_malformed_or_non_object_json_is_400(sandbox, raw):
    status, headers, body = sandbox.json("POST", f"{API}/products", raw,
                                         {"Content-Type": "application/json"})
    assert_problem(status, headers, body, 400, f"{API}/products")


def test_post_product_invalid_utf8_body_is_400(sandbox):
    raw = b'{"title": "Caf\xe9 Lamp", "price": 1, "description": "d", "categoryId": 1, ' \
          b'"images": ["http://a.example.com/x"]}'
    status, headers, body = sandbox.json("POST", f"{API}/products", raw,
                                         {"Content-Type": "application/json"})
    assert_problem(status, headers, body, 400)
    assert len(sandbox.get(f"{API}/products")) == 70


def nested(depth):
    """A JSON object whose total nesting depth (the object itself counted) is `depth`."""
    value = 0
    for _ in range(depth - 1):
        value = [value]
    return product_body(extra=value)


def test_post_product_json_nested_32_deep_is_accepted(sandbox):
    status, _, body = sandbox.json("POST", f"{API}/products", nested(32))
    assert status == 201, body


def test_post_product_json_nested_deeper_than_32_is_400(sandbox):
    status, headers, body = sandbox.json("POST", f"{API}/products", nested(33))
    assert_problem(status, headers, body, 400)
    raw = ("[" * 100_000 + "]" * 100_000).encode()
    status, headers, body = sandbox.json("POST", f"{API}/products", raw,
                                         {"Content-Type": "application/json"})
    assert_problem(status, headers, body, 400)


# --- PUT / PATCH -------------------------------------------------------------------------------


def test_put_product_in_sandbox_is_a_partial_update(sandbox):
    before = sandbox.get(f"{API}/products/5")
    status, _, after = sandbox.json("PUT", f"{API}/products/5", {"price": 99.5})
    assert status == 200, after
    assert after["price"] == 99.5
    for field in ("id", "title", "slug", "description", "category", "images", "creationAt"):
        assert after[field] == before[field], field
    assert after["updatedAt"] >= before["updatedAt"]
    assert sandbox.get(f"{API}/products/5") == after


def test_patch_product_title_changes_slug(sandbox):
    status, _, after = sandbox.json("PATCH", f"{API}/products/1", {"title": "Merino Wool Cardigan"})
    assert status == 200
    assert after["title"] == "Merino Wool Cardigan" and after["slug"] == "merino-wool-cardigan"
    assert sandbox.get(f"{API}/products/slug/merino-wool-cardigan")["id"] == 1
    status, _, _ = sandbox.json("GET", f"{API}/products/slug/merino-wool-crew-sweater")
    assert status == 404
    # a title that collides with another product's gets a numbered slug
    status, _, other = sandbox.json("PATCH", f"{API}/products/2",
                                    {"title": "Merino Wool Cardigan"})
    assert status == 200 and other["slug"] == "merino-wool-cardigan-2"


def test_patch_product_same_title_keeps_slug(sandbox):
    status, _, after = sandbox.json("PATCH", f"{API}/products/3",
                                    {"title": "Slim Fit Stretch Chinos", "price": 70})
    assert status == 200
    assert after["slug"] == "slim-fit-stretch-chinos" and after["price"] == 70


def test_patch_product_title_with_same_slug_keeps_own_slug_among_duplicates(sandbox):
    first = sandbox.json("POST", f"{API}/products", product_body(title="Lamp"))[2]
    second = sandbox.json("POST", f"{API}/products", product_body(title="Lamp"))[2]
    assert (first["slug"], second["slug"]) == ("lamp", "lamp-2")
    status, _, patched = sandbox.json("PATCH", f"{API}/products/{first['id']}", {"title": "LAMP"})
    assert status == 200 and patched["title"] == "LAMP"
    assert patched["slug"] == "lamp"


@pytest.mark.parametrize("content_type", ["application/json", "application/merge-patch+json",
                                          "application/merge-patch+json; charset=utf-8"])
def test_patch_product_accepts_json_and_merge_patch(sandbox, content_type):
    status, _, after = sandbox.json("PATCH", f"{API}/products/7",
                                    json.dumps({"description": "Updated."}),
                                    {"Content-Type": content_type})
    assert status == 200, after
    assert after["description"] == "Updated."
    assert after["title"] == "Linen Drawstring Trousers"


def test_patch_product_moves_category(sandbox):
    status, _, after = sandbox.json("PATCH", f"{API}/products/7", {"categoryId": 7})
    assert status == 200
    assert after["category"]["id"] == 7 and after["category"]["name"] == "Books"
    assert 7 in ids(sandbox.get(f"{API}/products?categoryId=7"))
    assert 7 not in ids(sandbox.get(f"{API}/categories/1/products"))


def test_patch_product_unknown_category_is_400_and_changes_nothing(sandbox):
    before = sandbox.get(f"{API}/products/7")
    status, _, body = sandbox.json("PATCH", f"{API}/products/7",
                                   {"categoryId": 4242, "price": 1})
    assert status == 400 and "categoryId" in error_fields(body)
    assert sandbox.get(f"{API}/products/7") == before


@pytest.mark.parametrize("field", ["title", "price", "description", "categoryId", "images"])
def test_patch_product_null_field_is_400(sandbox, field):
    before = sandbox.get(f"{API}/products/9")
    status, _, body = sandbox.json("PATCH", f"{API}/products/9", {field: None},
                                   {"Content-Type": "application/merge-patch+json"})
    assert status == 400
    assert error_fields(body) == [field]
    assert sandbox.get(f"{API}/products/9") == before


def test_patch_product_invalid_values_are_400_and_change_nothing(sandbox):
    before = sandbox.get(f"{API}/products/9")
    status, _, body = sandbox.json("PATCH", f"{API}/products/9",
                                   {"title": "", "price": 0, "images": ["nope"]})
    assert status == 400
    assert set(error_fields(body)) == {"title", "price", "images[0]"}
    assert sandbox.get(f"{API}/products/9") == before


def test_patch_product_unknown_id_is_404(sandbox):
    status, headers, body = sandbox.json("PATCH", f"{API}/products/4040", {"price": 3})
    assert_problem(status, headers, body, 404, f"{API}/products/4040")
    status, headers, body = sandbox.json("PUT", f"{API}/products/4040", {"price": 3})
    assert_problem(status, headers, body, 404)


def test_patch_product_invalid_id_is_400(sandbox):
    status, headers, body = sandbox.json("PATCH", f"{API}/products/abc", {"price": 3})
    assert_problem(status, headers, body, 400)


def test_patch_product_text_plain_body_is_415(sandbox):
    status, headers, body = sandbox.json("PATCH", f"{API}/products/1", '{"price": 3}',
                                         {"Content-Type": "text/plain"})
    assert_problem(status, headers, body, 415)
    assert sandbox.get(f"{API}/products/1")["price"] == 89.5


# --- DELETE ------------------------------------------------------------------------------------


def test_delete_product_returns_true_then_404(sandbox):
    status, headers, raw = sandbox.request("DELETE", f"{API}/products/70")
    assert status == 200
    assert headers["content-type"].startswith("application/json")
    assert raw == b"true"
    status, _, _ = sandbox.request("GET", f"{API}/products/70")
    assert status == 404
    status, headers, body = sandbox.json("DELETE", f"{API}/products/70")
    assert_problem(status, headers, body, 404, f"{API}/products/70")
    assert 70 not in ids(sandbox.get(f"{API}/products"))
    assert 70 not in ids(sandbox.get(f"{API}/products/69/related"))


def test_delete_product_id_is_never_reused(sandbox):
    assert sandbox.request("DELETE", f"{API}/products/70")[0] == 200
    status, _, created = sandbox.json("POST", f"{API}/products", product_body())
    assert status == 201 and created["id"] == 71


def test_delete_product_frees_its_slug(sandbox):
    assert sandbox.request("DELETE", f"{API}/products/1")[0] == 200
    status, _, created = sandbox.json("POST", f"{API}/products",
                                      product_body(title="Merino Wool Crew Sweater"))
    assert status == 201 and created["slug"] == "merino-wool-crew-sweater"


def test_delete_product_invalid_id_is_400(sandbox):
    status, headers, body = sandbox.json("DELETE", f"{API}/products/0")
    assert_problem(status, headers, body, 400)


def test_post_product_timestamps_advance_on_update(sandbox):
    status, _, created = sandbox.json("POST", f"{API}/products", product_body())
    assert status == 201
    time.sleep(0.01)
    status, _, patched = sandbox.json("PATCH", f"{API}/products/{created['id']}", {"price": 1.5})
    assert status == 200
    assert patched["creationAt"] == created["creationAt"]
    assert patched["updatedAt"] > created["updatedAt"]
    assert TIMESTAMP_RE.match(patched["updatedAt"])


def test_title_filter_finds_created_product_by_folded_title(sandbox):
    status, _, created = sandbox.json("POST", f"{API}/products",
                                      product_body(title="Ångström Überlamp"))
    assert status == 201
    q = urllib.parse.quote("ANGSTROM uber")
    assert ids(sandbox.get(f"{API}/products?title={q}")) == [created["id"]]
