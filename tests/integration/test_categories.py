"""/api/v1/categories."""

import pytest

from mercado_helpers import (CATEGORY_FIELDS, SEED_CATEGORIES, SLUG_RE, TIMESTAMP_RE,
                             assert_problem, category_body, error_fields, product_body)

API = "/api/v1"
SEED_SLUGS = ["clothes", "electronics", "furniture", "shoes", "kitchen", "sports-outdoors", "books"]


def ids(items):
    return [i["id"] for i in items]


# --- reads -------------------------------------------------------------------------------------


def test_get_categories_lists_seed_in_id_order(shared_sandbox):
    categories = shared_sandbox.get(f"{API}/categories")
    assert ids(categories) == list(range(1, 8))
    assert [c["name"] for c in categories] == SEED_CATEGORIES
    assert [c["slug"] for c in categories] == SEED_SLUGS
    for c in categories:
        assert set(c) == CATEGORY_FIELDS
        assert c["image"].startswith(("http://", "https://"))
        assert TIMESTAMP_RE.match(c["creationAt"]) and TIMESTAMP_RE.match(c["updatedAt"])


def test_get_categories_offset_and_limit(shared_sandbox):
    assert ids(shared_sandbox.get(f"{API}/categories?limit=2")) == [1, 2]
    assert ids(shared_sandbox.get(f"{API}/categories?offset=5")) == [6, 7]
    assert ids(shared_sandbox.get(f"{API}/categories?offset=2&limit=3")) == [3, 4, 5]
    assert shared_sandbox.get(f"{API}/categories?offset=7") == []
    assert len(shared_sandbox.get(f"{API}/categories?limit=200")) == 7


@pytest.mark.parametrize("query,field", [("limit=0", "limit"), ("limit=201", "limit"),
                                         ("limit=abc", "limit"), ("offset=-1", "offset"),
                                         ("limit=1&limit=2", "limit")])
def test_get_categories_invalid_paging_is_400(shared_sandbox, query, field):
    status, headers, body = shared_sandbox.json("GET", f"{API}/categories?{query}")
    assert_problem(status, headers, body, 400, f"{API}/categories")
    assert field in error_fields(body)


def test_get_category_by_id(shared_sandbox):
    c = shared_sandbox.get(f"{API}/categories/6")
    assert c["id"] == 6 and c["name"] == "Sports & Outdoors" and c["slug"] == "sports-outdoors"


def test_get_category_by_id_unknown_is_404(shared_sandbox):
    status, headers, body = shared_sandbox.json("GET", f"{API}/categories/999")
    assert_problem(status, headers, body, 404, f"{API}/categories/999")


@pytest.mark.parametrize("bad", ["abc", "0", "-2", "1x"])
def test_get_category_by_id_invalid_is_400(shared_sandbox, bad):
    status, headers, body = shared_sandbox.json("GET", f"{API}/categories/{bad}")
    assert_problem(status, headers, body, 400)
    assert "id" in error_fields(body)


def test_get_category_by_slug(shared_sandbox):
    c = shared_sandbox.get(f"{API}/categories/slug/kitchen")
    assert c["id"] == 5 and c["name"] == "Kitchen"


def test_get_category_by_slug_unknown_is_404(shared_sandbox):
    status, headers, body = shared_sandbox.json("GET", f"{API}/categories/slug/toys")
    assert_problem(status, headers, body, 404, f"{API}/categories/slug/toys")


def test_get_category_products(shared_sandbox):
    products = shared_sandbox.get(f"{API}/categories/3/products")
    assert ids(products) == list(range(21, 31))
    assert all(p["category"]["id"] == 3 for p in products)


def test_get_category_products_offset_and_limit(shared_sandbox):
    assert ids(shared_sandbox.get(f"{API}/categories/3/products?limit=2")) == [21, 22]
    assert ids(shared_sandbox.get(f"{API}/categories/3/products?offset=8")) == [29, 30]
    assert ids(shared_sandbox.get(f"{API}/categories/3/products?offset=4&limit=2")) == [25, 26]
    status, _, body = shared_sandbox.json("GET", f"{API}/categories/3/products?limit=500")
    assert status == 400 and "limit" in error_fields(body)


def test_get_category_products_unknown_category_is_404(shared_sandbox):
    status, headers, body = shared_sandbox.json("GET", f"{API}/categories/77/products")
    assert_problem(status, headers, body, 404, f"{API}/categories/77/products")


def test_get_category_products_invalid_id_is_400(shared_sandbox):
    status, headers, body = shared_sandbox.json("GET", f"{API}/categories/x/products")
    assert_problem(status, headers, body, 400)


# --- POST --------------------------------------------------------------------------------------


def test_post_category_creates_201_with_location(sandbox):
    status, headers, created = sandbox.json("POST", f"{API}/categories", category_body())
    assert status == 201, created
    assert set(created) == CATEGORY_FIELDS
    assert created["id"] == 8
    assert headers["location"] == f"{API}/categories/8"
    assert created["name"] == "Garden Tools" and created["slug"] == "garden-tools"
    assert created["image"] == "https://img.example.com/garden.png"
    assert TIMESTAMP_RE.match(created["creationAt"])
    assert sandbox.get(headers["location"]) == created
    assert sandbox.get(f"{API}/categories/slug/garden-tools") == created
    assert ids(sandbox.get(f"{API}/categories"))[-1] == 8
    assert sandbox.get(f"{API}/categories/8/products") == []


def test_post_category_duplicate_name_gets_numbered_slug(sandbox):
    status, _, created = sandbox.json("POST", f"{API}/categories", category_body(name="Books"))
    assert status == 201
    assert created["slug"] == "books-2"
    status, _, again = sandbox.json("POST", f"{API}/categories", category_body(name="BOOKS!"))
    assert status == 201 and again["slug"] == "books-3"


def test_post_category_accented_name_slug(sandbox):
    status, _, created = sandbox.json("POST", f"{API}/categories",
                                      category_body(name="Épicerie & Café"))
    assert status == 201 and created["slug"] == "epicerie-cafe"
    assert created["name"] == "Épicerie & Café"
    assert SLUG_RE.match(created["slug"])


def test_post_category_missing_fields_are_required(sandbox):
    status, headers, body = sandbox.json("POST", f"{API}/categories", {})
    assert_problem(status, headers, body, 400, f"{API}/categories")
    assert set(error_fields(body)) == {"name", "image"}


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, 42, None, "Tab\there"])
def test_post_category_invalid_name_is_400(sandbox, name):
    status, _, body = sandbox.json("POST", f"{API}/categories", category_body(name=name))
    assert status == 400, body
    assert error_fields(body) == ["name"]


def test_post_category_name_of_100_characters_is_accepted(sandbox):
    name = "é" * 100  # characters, not bytes
    status, _, created = sandbox.json("POST", f"{API}/categories", category_body(name=name))
    assert status == 201, created
    assert created["name"] == name


@pytest.mark.parametrize("image", ["not-a-url", "ftp://a.example.com/x.png", "/relative.png", "",
                                   "http://", None])
def test_post_category_invalid_image_is_400(sandbox, image):
    status, _, body = sandbox.json("POST", f"{API}/categories", category_body(image=image))
    assert status == 400, body
    assert error_fields(body) == ["image"]


def test_post_category_text_plain_is_415(sandbox):
    status, headers, body = sandbox.json("POST", f"{API}/categories", "name=x",
                                         {"Content-Type": "text/plain"})
    assert_problem(status, headers, body, 415)
    assert len(sandbox.get(f"{API}/categories")) == 7


# --- PUT / PATCH -------------------------------------------------------------------------------


def test_patch_category_name_changes_slug_and_embedded_category(sandbox):
    before = sandbox.get(f"{API}/categories/7")
    status, _, updated = sandbox.json("PATCH", f"{API}/categories/7", {"name": "Books & Comics"})
    assert status == 200, updated
    assert updated["name"] == "Books & Comics" and updated["slug"] == "books-comics"
    assert updated["image"] == before["image"] and updated["creationAt"] == before["creationAt"]
    assert sandbox.get(f"{API}/categories/slug/books-comics")["id"] == 7
    assert sandbox.json("GET", f"{API}/categories/slug/books")[0] == 404
    # products embed the category as it is now
    assert sandbox.get(f"{API}/products/61")["category"]["name"] == "Books & Comics"
    assert ids(sandbox.get(f"{API}/products?categorySlug=books-comics")) == list(range(61, 71))


def test_put_category_in_sandbox_is_a_partial_update(sandbox):
    before = sandbox.get(f"{API}/categories/2")
    status, _, after = sandbox.json("PUT", f"{API}/categories/2",
                                    {"image": "https://img.example.com/electronics.png"})
    assert status == 200, after
    assert after["image"] == "https://img.example.com/electronics.png"
    assert after["name"] == before["name"] and after["slug"] == before["slug"]
    assert after["creationAt"] == before["creationAt"]
    assert sandbox.get(f"{API}/categories/2") == after


def test_patch_category_merge_patch_content_type(sandbox):
    status, _, after = sandbox.json("PATCH", f"{API}/categories/4", '{"name": "Footwear"}',
                                    {"Content-Type": "application/merge-patch+json"})
    assert status == 200 and after["name"] == "Footwear" and after["slug"] == "footwear"


@pytest.mark.parametrize("body,field", [({"name": None}, "name"), ({"image": None}, "image"),
                                        ({"name": ""}, "name"), ({"image": "nope"}, "image")])
def test_patch_category_invalid_is_400_and_changes_nothing(sandbox, body, field):
    before = sandbox.get(f"{API}/categories/1")
    status, _, problem = sandbox.json("PATCH", f"{API}/categories/1", body)
    assert status == 400
    assert error_fields(problem) == [field]
    assert sandbox.get(f"{API}/categories/1") == before


def test_patch_category_unknown_id_is_404(sandbox):
    status, headers, body = sandbox.json("PATCH", f"{API}/categories/555", {"name": "X"})
    assert_problem(status, headers, body, 404, f"{API}/categories/555")


# --- DELETE ------------------------------------------------------------------------------------


def test_delete_category_with_products_is_409(sandbox):
    status, headers, body = sandbox.json("DELETE", f"{API}/categories/1")
    assert_problem(status, headers, body, 409, f"{API}/categories/1")
    assert sandbox.get(f"{API}/categories/1")["name"] == "Clothes"
    assert len(sandbox.get(f"{API}/categories/1/products")) == 10


def test_delete_category_empty_returns_true_then_404(sandbox):
    status, _, created = sandbox.json("POST", f"{API}/categories", category_body())
    assert status == 201
    path = f"{API}/categories/{created['id']}"
    status, headers, raw = sandbox.request("DELETE", path)
    assert status == 200 and raw == b"true"
    assert headers["content-type"].startswith("application/json")
    assert sandbox.json("GET", path)[0] == 404
    status, headers, body = sandbox.json("DELETE", path)
    assert_problem(status, headers, body, 404, path)
    assert ids(sandbox.get(f"{API}/categories")) == list(range(1, 8))


def test_delete_category_after_its_products_are_gone(sandbox):
    status, _, category = sandbox.json("POST", f"{API}/categories", category_body())
    status, _, product = sandbox.json("POST", f"{API}/products",
                                      product_body(categoryId=category["id"]))
    assert status == 201
    assert sandbox.json("DELETE", f"{API}/categories/{category['id']}")[0] == 409
    assert sandbox.request("DELETE", f"{API}/products/{product['id']}")[0] == 200
    assert sandbox.request("DELETE", f"{API}/categories/{category['id']}")[:3:2] == (200, b"true")


def test_delete_category_then_product_cannot_use_it(sandbox):
    status, _, category = sandbox.json("POST", f"{API}/categories", category_body())
    assert sandbox.request("DELETE", f"{API}/categories/{category['id']}")[0] == 200
    status, _, body = sandbox.json("POST", f"{API}/products",
                                   product_body(categoryId=category["id"]))
    assert status == 400 and error_fields(body) == ["categoryId"]


def test_delete_category_unknown_is_404(sandbox):
    status, headers, body = sandbox.json("DELETE", f"{API}/categories/31337")
    assert_problem(status, headers, body, 404)


def test_post_category_id_never_reused_after_delete(sandbox):
    _, _, first = sandbox.json("POST", f"{API}/categories", category_body())
    assert sandbox.request("DELETE", f"{API}/categories/{first['id']}")[0] == 200
    _, _, second = sandbox.json("POST", f"{API}/categories", category_body())
    assert second["id"] == first["id"] + 1
    # the freed slug is available again
    assert second["slug"] == "garden-tools"
