"""Conditional requests (ETag, If-None-Match, If-Match), list headers (X-Total-Count, Link),
sorting, full-text search and gzip, against the real binary."""

import gzip
import json
import re
import threading
from urllib.parse import quote

import pytest

from mercado_helpers import SEED_PRODUCTS, assert_problem, error_fields, product_body

API = "/api/v1"
STRONG_ETAG = re.compile(r'^"[0-9a-f]{32}(-gzip)?"$')


def etag_of(srv, path, headers=None):
    status, headers, _ = srv.request("GET", path, headers=headers)
    assert status == 200
    assert STRONG_ETAG.match(headers["etag"]), headers["etag"]
    return headers["etag"]


# --- ETag and If-None-Match ---------------------------------------------------------------------

@pytest.mark.parametrize("path", [f"{API}/products/3", f"{API}/products?limit=5",
                                  f"{API}/categories", f"{API}/categories/2/products",
                                  f"{API}/products/slug/cafe-bistro-chair-pair",
                                  "/placeholders/clothes.svg"])
def test_every_read_has_a_strong_etag_and_honours_if_none_match(shared_sandbox, path):
    tag = etag_of(shared_sandbox, path)
    assert etag_of(shared_sandbox, path) == tag, "the same bytes must give the same tag"
    status, headers, body = shared_sandbox.request("GET", path, headers={"If-None-Match": tag})
    assert status == 304 and body == b""
    assert headers["etag"] == tag
    assert "content-length" not in headers and "content-type" not in headers


@pytest.mark.parametrize("condition", ['W/{tag}', '"nope", {tag}', '*', '{tag} , "other"'])
def test_if_none_match_takes_lists_weak_tags_and_star(shared_sandbox, condition):
    path = f"{API}/categories/1"
    tag = etag_of(shared_sandbox, path)
    status, _, _ = shared_sandbox.request("GET", path,
                                          headers={"If-None-Match": condition.format(tag=tag)})
    assert status == 304


@pytest.mark.parametrize("condition", ['"0000"', 'W/"0000"', 'garbage', '""'])
def test_a_tag_that_does_not_match_gets_the_full_representation(shared_sandbox, condition):
    status, _, body = shared_sandbox.request("GET", f"{API}/categories/1",
                                             headers={"If-None-Match": condition})
    assert status == 200 and json.loads(body)["id"] == 1


def test_the_tag_changes_when_the_resource_does(sandbox):
    path = f"{API}/products/5"
    before = etag_of(sandbox, path)
    list_before = etag_of(sandbox, f"{API}/products")
    status, _, _ = sandbox.json("PATCH", path, {"price": 12.5})
    assert status == 200
    assert etag_of(sandbox, path) != before
    assert etag_of(sandbox, f"{API}/products") != list_before
    status, _, _ = sandbox.request("GET", path, headers={"If-None-Match": before})
    assert status == 200


def test_a_product_tag_changes_when_its_category_does(sandbox):
    """A product shows its category, so renaming the category is a change to the product too:
    its old tag neither validates a cached copy nor lets an edit through."""
    path = f"{API}/products/6"
    before = etag_of(sandbox, path)
    category = sandbox.get(path)["category"]["id"]
    assert sandbox.json("PATCH", f"{API}/categories/{category}", {"name": "Renamed Aisle"})[0] == 200
    assert etag_of(sandbox, path) != before
    assert sandbox.request("GET", path, headers={"If-None-Match": before})[0] == 200
    status, headers, raw = sandbox.request("PATCH", path, {"price": 9}, headers={"If-Match": before})
    assert_problem(status, headers, raw, 412, path)


def test_a_tag_names_one_selection_of_fields(shared_sandbox):
    path = f"{API}/products/4"
    whole = etag_of(shared_sandbox, path)
    some = etag_of(shared_sandbox, path + "?fields=id,title")
    assert some != whole
    assert etag_of(shared_sandbox, path + "?fields=id,title") == some


def test_json_and_xml_are_different_representations(shared_sandbox):
    path = f"{API}/products/4"
    assert etag_of(shared_sandbox, path) != etag_of(shared_sandbox, path,
                                                    {"Accept": "application/xml"})


# --- If-Match ---------------------------------------------------------------------------------

@pytest.mark.parametrize("method,body", [("PUT", product_body(title="Replaced Lamp")),
                                         ("PATCH", {"price": 7}), ("DELETE", None)])
def test_a_write_with_a_stale_tag_is_412_and_changes_nothing(sandbox, method, body):
    path = f"{API}/products/7"
    before = sandbox.get(path)
    stale = etag_of(sandbox, path)
    assert sandbox.json("PATCH", path, {"description": "Someone else was faster."})[0] == 200
    current = sandbox.get(path)
    status, headers, raw = sandbox.request(method, path, body, headers={"If-Match": stale})
    assert_problem(status, headers, raw, 412, path)
    assert sandbox.get(path) == current != before


@pytest.mark.parametrize("method,body,expected", [("PUT", product_body(title="Replaced Lamp"), 200),
                                                  ("PATCH", {"price": 7}, 200),
                                                  ("DELETE", None, 200)])
def test_a_write_with_the_current_tag_goes_through(sandbox, method, body, expected):
    path = f"{API}/products/8"
    tag = etag_of(sandbox, path)
    status, headers, _ = sandbox.request(method, path, body, headers={"If-Match": tag})
    assert status == expected
    if method != "DELETE":
        assert headers["etag"] == etag_of(sandbox, path), "the answer carries the new tag"


def test_if_match_star_needs_the_resource_to_exist(sandbox):
    assert sandbox.json("PATCH", f"{API}/categories/3", {"name": "Renamed Shelf"},
                        headers={"If-Match": "*"})[0] == 200
    status, headers, body = sandbox.request("PATCH", f"{API}/categories/9999", {"name": "Nope"},
                                            headers={"If-Match": "*"})
    assert_problem(status, headers, body, 412)


def test_if_match_compares_strongly(sandbox):
    path = f"{API}/categories/2"
    tag = etag_of(sandbox, path)
    status, headers, body = sandbox.request("PATCH", path, {"name": "Weakly Matched"},
                                            headers={"If-Match": "W/" + tag})
    assert_problem(status, headers, body, 412)


def test_a_malformed_if_match_is_400(sandbox):
    status, headers, body = sandbox.request("PATCH", f"{API}/products/2", {"price": 3},
                                            headers={"If-Match": "not-a-tag"})
    assert "If-Match" in error_fields(assert_problem(status, headers, body, 400))
    assert sandbox.get(f"{API}/products/2")["price"] == SEED_PRODUCTS[2]["price"]


def test_two_editors_with_the_same_tag_never_both_win(sandbox):
    path = f"{API}/products/9"
    tag = etag_of(sandbox, path)
    results = []

    def edit(price):
        results.append(sandbox.request("PATCH", path, {"price": price},
                                       headers={"If-Match": tag})[0])

    threads = [threading.Thread(target=edit, args=(price,)) for price in (11, 22, 33, 44)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 412, 412, 412]


def test_users_honour_if_match(sandbox):
    from identity_helpers import register
    user, _ = register(sandbox)
    path = f"{API}/users/{user['id']}"
    tag = etag_of(sandbox, path)
    assert sandbox.json("PATCH", path, {"name": "First Editor"}, headers={"If-Match": tag})[0] == 200
    status, headers, body = sandbox.request("PATCH", path, {"name": "Second Editor"},
                                            headers={"If-Match": tag})
    assert_problem(status, headers, body, 412)
    assert sandbox.get(path)["name"] == "First Editor"


# --- X-Total-Count and Link -------------------------------------------------------------------

def links(headers):
    found = {}
    for part in headers["link"].split(", "):
        match = re.fullmatch(r'<([^>]*)>; rel="(\w+)"', part)
        assert match, part
        found[match.group(2)] = match.group(1)
    return found


def test_lists_carry_the_total_and_links_to_their_neighbours(shared_sandbox):
    status, headers, body = shared_sandbox.json("GET", f"{API}/products?offset=10&limit=20")
    assert status == 200 and isinstance(body, list) and len(body) == 20
    assert headers["x-total-count"] == str(len(SEED_PRODUCTS))
    assert links(headers) == {
        "first": f"{API}/products?offset=0&limit=20",
        "prev": f"{API}/products?offset=0&limit=20",
        "next": f"{API}/products?offset=30&limit=20",
        "last": f"{API}/products?offset=60&limit=20",
    }


def test_links_keep_the_filters_and_stop_at_the_ends(shared_sandbox):
    status, headers, body = shared_sandbox.json("GET", f"{API}/products?categoryId=2&limit=100")
    expected = sum(1 for p in SEED_PRODUCTS.values() if p["category"] == "Electronics")
    assert headers["x-total-count"] == str(len(body))
    found = links(headers)
    assert set(found) == {"first", "last"}, "one page: no prev, no next"
    assert "categoryId=2" in found["first"] and "limit=100" in found["first"]
    assert len(body) >= 1 and expected >= 0


def test_every_list_route_has_the_headers(shared_sandbox):
    for path in (f"{API}/categories", f"{API}/categories/1/products", f"{API}/products/1/related",
                 f"{API}/users"):
        status, headers, _ = shared_sandbox.request("GET", path)
        assert status == 200, path
        assert int(headers["x-total-count"]) >= 1 and "rel=\"first\"" in headers["link"], path


def test_an_offset_past_the_end_still_counts(shared_sandbox):
    status, headers, body = shared_sandbox.json("GET", f"{API}/products?offset=500&limit=10")
    assert status == 200 and body == []
    assert headers["x-total-count"] == str(len(SEED_PRODUCTS))
    assert "offset=60&limit=10>; rel=\"prev\"" in headers["link"]


# --- sortBy and order -------------------------------------------------------------------------

@pytest.mark.parametrize("field,order", [("price", "asc"), ("price", "desc"), ("title", "asc"),
                                         ("id", "desc"), ("creationAt", "asc")])
def test_products_sort_by_whitelisted_fields(shared_sandbox, field, order):
    body = shared_sandbox.get(f"{API}/products?sortBy={field}&order={order}&limit=200")
    key = (lambda p: p["title"].lower()) if field == "title" else (lambda p: p[field])
    keys = [key(p) for p in body]
    assert keys == sorted(keys, reverse=order == "desc")
    assert len(body) == len(SEED_PRODUCTS)


def test_pages_of_a_sorted_list_neither_overlap_nor_skip(shared_sandbox):
    pages = [shared_sandbox.get(f"{API}/products?sortBy=price&limit=7&offset={o}")
             for o in range(0, 70, 7)]
    ids = [p["id"] for page in pages for p in page]
    assert sorted(ids) == sorted(SEED_PRODUCTS)


@pytest.mark.parametrize("query,field", [("sortBy=password", "sortBy"), ("sortBy=slug", "sortBy"),
                                         ("order=sideways", "order"),
                                         ("sortBy=price&sortBy=id", "sortBy")])
def test_unknown_sort_fields_and_orders_are_400(shared_sandbox, query, field):
    status, headers, body = shared_sandbox.request("GET", f"{API}/products?{query}")
    assert field in error_fields(assert_problem(status, headers, body, 400))


def test_categories_and_users_sort_by_their_own_fields(shared_sandbox):
    names = [c["name"] for c in shared_sandbox.get(f"{API}/categories?sortBy=name&order=desc")]
    assert names == sorted(names, key=str.lower, reverse=True)
    emails = [u["email"] for u in shared_sandbox.get(f"{API}/users?sortBy=email")]
    assert emails == sorted(emails, key=str.lower)
    status, headers, body = shared_sandbox.request("GET", f"{API}/categories?sortBy=price")
    assert_problem(status, headers, body, 400)


# --- q: full-text search ------------------------------------------------------------------------

def titles(srv, query):
    return {p["title"] for p in srv.get(f"{API}/products?q={query}&limit=200")}


def test_search_matches_words_of_titles_and_descriptions(shared_sandbox):
    word = "chair"
    expected = {p["title"] for p in SEED_PRODUCTS.values()
                if re.search(rf"\b{word}", (p["title"] + " " + p["description"]).lower())}
    assert expected and titles(shared_sandbox, word) == expected


def test_search_needs_every_word_folds_case_and_accents_and_completes_the_last(shared_sandbox):
    assert "Café Bistro Chair Pair" in titles(shared_sandbox, "CAFE%20bistro")
    assert "Café Bistro Chair Pair" in titles(shared_sandbox, "bistro%20cha")
    assert titles(shared_sandbox, "bistro%20zzzzqq") == set()


@pytest.mark.parametrize("query", ['"unbalanced', "title:chair", "chair OR desk", "NEAR(a b)",
                                   "a*b-c^d", "chair'); DROP TABLE products; --"])
def test_search_syntax_is_never_interpreted(shared_sandbox, query):
    status, _, body = shared_sandbox.json("GET", f"{API}/products?q={quote(query)}")
    assert status == 200 and isinstance(body, list)
    assert len(shared_sandbox.get(f"{API}/products")) == len(SEED_PRODUCTS)


@pytest.mark.parametrize("query", ["\u0301", "\u0301\u0301 bistro", "\u200b", "\U0001f600", "\u00df"])
def test_words_that_fold_to_nothing_neither_fail_a_search_nor_the_lists_after_it(sandbox, query):
    """A lone combining accent folds to nothing, an emoji is no word: the search still answers
    200, and the lists after it still work on the same server (a failed list once left its
    database connection unusable)."""
    status, _, body = sandbox.json("GET", f"{API}/products?q={quote(query)}&limit=200")
    assert status == 200 and isinstance(body, list)
    if "bistro" in query:
        assert "Café Bistro Chair Pair" in {p["title"] for p in body}
    for _ in range(4):  # every worker, whichever connection served the search
        assert len(sandbox.get(f"{API}/products?limit=200")) == len(SEED_PRODUCTS)
    assert "Café Bistro Chair Pair" in titles(sandbox, "bistro")


@pytest.mark.parametrize("path", ["products/slug/{}%00x", "categories/slug/{}%00x",
                                  "products/slug/{}%0A", "products/slug/{}-%E2%80%8B"])
def test_a_slug_lookup_with_what_no_slug_holds_finds_nothing(shared_sandbox, path):
    """Not the product whose slug is its prefix: a NUL must not cut the lookup short."""
    kind = path.split("/")[0]
    slug = shared_sandbox.get(f"{API}/{kind}/1")["slug"]
    status, headers, body = shared_sandbox.request("GET", f"{API}/" + path.format(slug))
    assert_problem(status, headers, body, 404)


def test_a_title_filter_with_a_control_character_is_400(shared_sandbox):
    status, headers, body = shared_sandbox.request("GET", f"{API}/products?title=a%00b")
    assert "title" in error_fields(assert_problem(status, headers, body, 400))


@pytest.mark.parametrize("query", ["%21%21%21", "%20", "x" * 201])
def test_a_search_without_words_or_too_long_is_400(shared_sandbox, query):
    status, headers, body = shared_sandbox.request("GET", f"{API}/products?q={query}")
    assert "q" in error_fields(assert_problem(status, headers, body, 400))


def test_the_search_index_follows_every_write(sandbox):
    status, _, product = sandbox.json("POST", f"{API}/products",
                                      product_body(title="Quokka Lantern",
                                                   description="Glows softly."))
    assert status == 201
    assert titles(sandbox, "quokka") == {"Quokka Lantern"}
    assert titles(sandbox, "glows") == {"Quokka Lantern"}
    assert sandbox.json("PATCH", f"{API}/products/{product['id']}", {"title": "Wombat Lantern"})[0] == 200
    assert titles(sandbox, "quokka") == set() and titles(sandbox, "wombat") == {"Wombat Lantern"}
    assert sandbox.json("DELETE", f"{API}/products/{product['id']}")[0] == 200
    assert titles(sandbox, "wombat") == set()


def test_search_combines_with_filters_and_counts(shared_sandbox):
    status, headers, body = shared_sandbox.json("GET", f"{API}/products?q=chair&price_max=100")
    assert status == 200 and all(p["price"] <= 100 for p in body)
    assert headers["x-total-count"] == str(len(body))


# --- gzip ---------------------------------------------------------------------------------------

def test_large_bodies_are_gzipped_for_clients_that_ask(shared_sandbox):
    path = f"{API}/products?limit=50"
    _, plain_headers, plain = shared_sandbox.request("GET", path)
    status, headers, body = shared_sandbox.request("GET", path,
                                                   headers={"Accept-Encoding": "br, gzip;q=0.8"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in headers["vary"] and "Accept-Encoding" in plain_headers["vary"]
    assert gzip.decompress(body) == plain and len(body) < len(plain) / 3
    assert "content-encoding" not in plain_headers
    assert headers["etag"] != plain_headers["etag"], "a coded variant is another representation"
    # Either tag revalidates: they name the same state of the resource.
    for tag in (headers["etag"], plain_headers["etag"]):
        assert shared_sandbox.request("GET", path, headers={"Accept-Encoding": "gzip",
                                                            "If-None-Match": tag})[0] == 304


@pytest.mark.parametrize("accept_encoding", ["identity", "gzip;q=0", "*;q=0", "br", ""])
def test_no_gzip_unless_accepted(shared_sandbox, accept_encoding):
    _, headers, body = shared_sandbox.request("GET", f"{API}/products",
                                              headers={"Accept-Encoding": accept_encoding})
    assert "content-encoding" not in headers
    assert isinstance(json.loads(body), list)


def test_small_bodies_and_images_are_not_compressed(shared_sandbox):
    _, headers, _ = shared_sandbox.request("GET", f"{API}/categories/1",
                                           headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in headers
    from identity_helpers import png, upload
    status, _, receipt = upload(shared_sandbox, png(padding=4096))
    assert status == 201
    _, headers, _ = shared_sandbox.request("GET", f"{API}/files/{receipt['filename']}",
                                           headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in headers


def test_head_reports_the_compressed_length(shared_sandbox):
    path = f"{API}/products?limit=30"
    _, get_headers, body = shared_sandbox.request("GET", path, headers={"Accept-Encoding": "gzip"})
    _, head_headers, head_body = shared_sandbox.request("HEAD", path,
                                                        headers={"Accept-Encoding": "gzip"})
    assert head_body == b"" and head_headers["content-length"] == str(len(body))
    assert head_headers["etag"] == get_headers["etag"]
