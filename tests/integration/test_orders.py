"""Carts and orders against the real binary: money in exact cents, stock taken once and never
oversold, the status lifecycle and who may move it, and who may see what."""

import uuid
from decimal import Decimal

import pytest

from identity_helpers import API, bearer, login, register
from mercado_helpers import assert_problem, at_once, error_fields, product_body


def admin_token(srv):
    return login(srv, "admin@mail.com", "admin123")["access_token"]


def new_product(srv, stock, price=12.5, title=None):
    body = product_body(title=title or f"Order Test {uuid.uuid4().hex[:8]}", price=price,
                        stock=stock)
    status, _, product = srv.json("POST", f"{API}/products", body, bearer(admin_token(srv)))
    assert status == 201, product
    assert product["stock"] == stock
    return product


def stock_of(srv, product_id):
    return srv.get(f"{API}/products/{product_id}")["stock"]


def put_item(srv, token, product_id, quantity):
    return srv.json("PUT", f"{API}/cart/items/{product_id}", {"quantity": quantity},
                    bearer(token))


def place(srv, token, body=None, headers=None):
    return srv.json("POST", f"{API}/orders", body, {**bearer(token), **(headers or {})})


# --- stock --------------------------------------------------------------------------------------

def test_seeded_products_have_stock_that_editors_set_and_a_put_without_it_keeps(sandbox):
    products = sandbox.get(f"{API}/products?limit=50")
    assert all(5 <= p["stock"] <= 50 for p in products), [p["stock"] for p in products]
    admin = bearer(admin_token(sandbox))
    status, _, patched = sandbox.json("PATCH", f"{API}/products/1", {"stock": 3}, admin)
    assert (status, patched["stock"]) == (200, 3)
    body = {k: patched[k] for k in ("title", "price", "description", "images")}
    body["categoryId"] = patched["category"]["id"]
    status, _, replaced = sandbox.json("PUT", f"{API}/products/1", body, admin)
    assert (status, replaced["stock"]) == (200, 3)
    for bad in (-1, 1.5, "3", 10**10):
        status, headers, problem = sandbox.json("PATCH", f"{API}/products/1", {"stock": bad},
                                                admin)
        assert error_fields(assert_problem(status, headers, problem, 400)) == ["stock"], bad
    assert stock_of(sandbox, 1) == 3


# --- the cart -----------------------------------------------------------------------------------

def test_a_cart_sets_lines_totals_in_exact_cents_and_empties(sandbox):
    _, token = register(sandbox)
    status, headers, cart = sandbox.json("GET", f"{API}/cart", headers=bearer(token))
    assert (status, cart) == (200, {"items": [], "count": 0, "total": 0})
    assert headers["cache-control"] == "private, no-cache"
    cheap = new_product(sandbox, stock=10, price=0.1)
    dear = new_product(sandbox, stock=2, price=19.99)

    assert put_item(sandbox, token, cheap["id"], 3)[0] == 200
    status, _, cart = put_item(sandbox, token, dear["id"], 2)
    assert status == 200
    assert [(i["productId"], i["quantity"]) for i in cart["items"]] == [(cheap["id"], 3),
                                                                        (dear["id"], 2)]
    assert cart["items"][1]["product"]["title"] == dear["title"]
    assert Decimal(str(cart["items"][0]["lineTotal"])) == Decimal("0.3")  # not 0.30000000000000004
    assert Decimal(str(cart["total"])) == Decimal("40.28")
    assert cart["count"] == 5

    status, _, cart = put_item(sandbox, token, cheap["id"], 0)
    assert [i["productId"] for i in cart["items"]] == [dear["id"]]
    status, _, cart = sandbox.json("DELETE", f"{API}/cart/items/{dear['id']}",
                                   headers=bearer(token))
    assert (status, cart["items"]) == (200, [])
    put_item(sandbox, token, cheap["id"], 1)
    status, _, cart = sandbox.json("DELETE", f"{API}/cart", headers=bearer(token))
    assert (status, cart["count"]) == (200, 0)
    assert sandbox.json("GET", f"{API}/cart", headers=bearer(token))[2]["items"] == []


def test_a_cart_refuses_more_than_the_stock_unknown_products_and_bad_quantities(sandbox):
    _, token = register(sandbox)
    product = new_product(sandbox, stock=2)
    status, headers, problem = put_item(sandbox, token, product["id"], 3)
    assert error_fields(assert_problem(status, headers, problem, 409)) == ["quantity"]
    status, headers, problem = put_item(sandbox, token, 999999, 1)
    assert_problem(status, headers, problem, 404)
    for bad in (-1, 1001, 1.5, "2", None):
        status, headers, problem = put_item(sandbox, token, product["id"], bad)
        assert error_fields(assert_problem(status, headers, problem, 400)) == ["quantity"], bad
    status, headers, problem = sandbox.json("PUT", f"{API}/cart/items/{product['id']}", {},
                                            bearer(token))
    assert error_fields(assert_problem(status, headers, problem, 400)) == ["quantity"]
    status, _, cart = sandbox.json("GET", f"{API}/cart", headers=bearer(token))
    assert cart["items"] == []


def test_a_cart_takes_xml_and_needs_a_signed_in_caller(sandbox):
    _, token = register(sandbox)
    product = new_product(sandbox, stock=5)
    status, headers, body = sandbox.request(
        "PUT", f"{API}/cart/items/{product['id']}", "<cart><quantity>2</quantity></cart>",
        {**bearer(token), "Content-Type": "application/xml", "Accept": "application/xml"})
    assert status == 200, body
    assert headers["content-type"].startswith("application/xml")
    assert b"<quantity>2</quantity>" in body and b"<count>2</count>" in body
    for method, path in [("GET", "/cart"), ("DELETE", "/cart"), ("DELETE", "/cart/items/1"),
                         ("GET", "/orders"), ("POST", "/orders"), ("GET", "/orders/1")]:
        status, headers, problem = sandbox.json(method, API + path)
        assert_problem(status, headers, problem, 401)


def test_a_deleted_accounts_token_no_longer_reaches_its_cart(sandbox):
    user, token = register(sandbox)
    product = new_product(sandbox, stock=5)
    assert put_item(sandbox, token, product["id"], 1)[0] == 200
    status, _, _ = sandbox.json("DELETE", f"{API}/users/{user['id']}", headers=bearer(token))
    assert status == 200
    status, headers, problem = sandbox.json("GET", f"{API}/cart", headers=bearer(token))
    assert_problem(status, headers, problem, 401)


# --- placing orders -----------------------------------------------------------------------------

def test_an_order_from_the_cart_snapshots_prices_takes_stock_and_empties_the_cart(sandbox):
    user, token = register(sandbox)
    lamp = new_product(sandbox, stock=5, price=12.5)
    desk = new_product(sandbox, stock=2, price=99)
    put_item(sandbox, token, lamp["id"], 3)
    put_item(sandbox, token, desk["id"], 2)
    status, headers, order = place(sandbox, token)
    assert status == 201, order
    assert headers["location"] == f"{API}/orders/{order['id']}"
    assert headers["etag"]
    assert (order["userId"], order["status"]) == (user["id"], "pending")
    assert [(i["productId"], i["quantity"], i["unitPrice"], i["lineTotal"])
            for i in order["items"]] == [(lamp["id"], 3, 12.5, 37.5), (desk["id"], 2, 99, 198)]
    assert order["items"][0]["title"] == lamp["title"]
    assert order["items"][0]["image"] == lamp["images"][0]
    assert Decimal(str(order["total"])) == Decimal("235.5")
    assert (stock_of(sandbox, lamp["id"]), stock_of(sandbox, desk["id"])) == (2, 0)
    status, _, cart = sandbox.json("GET", f"{API}/cart", headers=bearer(token))
    assert cart["items"] == []

    # The order keeps the price it was placed at.
    sandbox.json("PATCH", f"{API}/products/{lamp['id']}", {"price": 1}, bearer(admin_token(sandbox)))
    status, headers, stored = sandbox.json("GET", f"{API}/orders/{order['id']}",
                                           headers=bearer(token))
    assert (status, stored["items"][0]["unitPrice"], stored["total"]) == (200, 12.5, 235.5)
    assert headers["cache-control"] == "private, no-cache"


def test_a_short_order_changes_nothing_and_names_every_short_item(sandbox):
    _, token = register(sandbox)
    lamp = new_product(sandbox, stock=5)
    desk = new_product(sandbox, stock=1)
    put_item(sandbox, token, lamp["id"], 1)
    status, headers, problem = place(sandbox, token, {"items": [
        {"productId": lamp["id"], "quantity": 2}, {"productId": desk["id"], "quantity": 2},
        {"productId": 999999, "quantity": 1}]})
    problem = assert_problem(status, headers, problem, 409)
    assert error_fields(problem) == ["items[1].quantity", "items[2].productId"]
    assert "only 1 of product" in problem["errors"][0]["message"]
    assert (stock_of(sandbox, lamp["id"]), stock_of(sandbox, desk["id"])) == (5, 1)

    # Given items leave the cart alone; an empty cart is nothing to order.
    status, _, order = place(sandbox, token, {"items": [{"productId": lamp["id"], "quantity": 5}]})
    assert status == 201, order
    status, _, cart = sandbox.json("GET", f"{API}/cart", headers=bearer(token))
    assert [i["quantity"] for i in cart["items"]] == [1]
    _, other = register(sandbox)
    status, headers, problem = place(sandbox, other, {})
    assert_problem(status, headers, problem, 409)


@pytest.mark.parametrize("body, fields", [
    ({"items": []}, ["items"]),
    ({"items": "lamp"}, ["items"]),
    ({"items": [{"productId": 1}]}, ["items[0].quantity"]),
    ({"items": [{"quantity": 1}]}, ["items[0].productId"]),
    ({"items": [{"productId": 1, "quantity": 1}, {"productId": 1, "quantity": 2}]},
     ["items[1].productId"]),
    ({"items": [{"productId": 1, "quantity": 1001}]}, ["items[0].quantity"]),
    ({"items": [{"productId": 0, "quantity": 1}]}, ["items[0].productId"]),
    ({"items": [{"productId": n, "quantity": 1} for n in range(1, 52)]}, ["items"]),
])
def test_a_bad_order_body_is_a_400_naming_the_item(shared_sandbox, body, fields):
    _, token = register(shared_sandbox)
    status, headers, problem = place(shared_sandbox, token, body)
    assert error_fields(assert_problem(status, headers, problem, 400)) == fields


def test_an_order_in_xml(sandbox):
    _, token = register(sandbox)
    product = new_product(sandbox, stock=5)
    xml = (f"<order><items><item><productId>{product['id']}</productId>"
           "<quantity>2</quantity></item></items></order>")
    status, headers, body = sandbox.request(
        "POST", f"{API}/orders", xml,
        {**bearer(token), "Content-Type": "application/xml", "Accept": "application/xml"})
    assert status == 201, body
    assert b"<status>pending</status>" in body and b"<quantity>2</quantity>" in body
    assert stock_of(sandbox, product["id"]) == 3


def test_one_idempotency_key_places_one_order(sandbox):
    _, token = register(sandbox)
    product = new_product(sandbox, stock=5)
    body = {"items": [{"productId": product["id"], "quantity": 2}]}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = place(sandbox, token, body, key)
    second = place(sandbox, token, body, key)
    assert first[0] == second[0] == 201
    assert first[2] == second[2]
    assert stock_of(sandbox, product["id"]) == 3


# --- seeing orders ------------------------------------------------------------------------------

def test_each_customer_sees_only_their_own_orders_and_an_admin_sees_all(sandbox):
    ana, ana_token = register(sandbox)
    bob, bob_token = register(sandbox)
    product = new_product(sandbox, stock=50)
    item = {"items": [{"productId": product["id"], "quantity": 1}]}
    anas = [place(sandbox, ana_token, item)[2]["id"] for _ in range(3)]
    bobs = place(sandbox, bob_token, item)[2]["id"]

    status, headers, listed = sandbox.json("GET", f"{API}/orders?limit=2",
                                           headers=bearer(ana_token))
    assert status == 200
    assert headers["x-total-count"] == "3" and 'rel="next"' in headers["link"]
    assert [o["id"] for o in listed] == anas[:2]
    status, headers, problem = sandbox.json("GET", f"{API}/orders/{bobs}",
                                            headers=bearer(ana_token))
    assert_problem(status, headers, problem, 404)
    status, headers, problem = sandbox.json("GET", f"{API}/orders?userId={bob['id']}",
                                            headers=bearer(ana_token))
    assert_problem(status, headers, problem, 403)

    admin = bearer(admin_token(sandbox))
    status, _, mine = sandbox.json("GET", f"{API}/orders/{bobs}", headers=admin)
    assert (status, mine["userId"]) == (200, bob["id"])
    status, _, listed = sandbox.json("GET", f"{API}/orders?userId={ana['id']}&order=desc",
                                     headers=admin)
    assert [o["id"] for o in listed] == anas[::-1]
    sandbox.json("PATCH", f"{API}/orders/{bobs}", {"status": "paid"}, admin)
    status, _, paid = sandbox.json("GET", f"{API}/orders?status=paid&fields=id,status",
                                   headers=admin)
    assert paid == [{"id": bobs, "status": "paid"}]
    for query in ("status=lost", "userId=0", "sortBy=price", "fields=price"):
        status, headers, problem = sandbox.json("GET", f"{API}/orders?{query}", headers=admin)
        assert_problem(status, headers, problem, 400)


# --- the status lifecycle -----------------------------------------------------------------------

def test_an_admin_moves_an_order_along_and_nothing_skips_a_step(sandbox):
    _, token = register(sandbox)
    product = new_product(sandbox, stock=5)
    order = place(sandbox, token, {"items": [{"productId": product["id"], "quantity": 1}]})[2]
    admin = bearer(admin_token(sandbox))
    path = f"{API}/orders/{order['id']}"
    status, headers, problem = sandbox.json("PATCH", path, {"status": "shipped"}, admin)
    problem = assert_problem(status, headers, problem, 409)
    assert "paid, cancelled" in problem["detail"] and error_fields(problem) == ["status"]
    for step in ("paid", "shipped", "delivered"):
        status, _, moved = sandbox.json("PATCH", path, {"status": step}, admin)
        assert (status, moved["status"]) == (200, step)
    status, headers, problem = sandbox.json("PATCH", path, {"status": "cancelled"}, admin)
    assert_problem(status, headers, problem, 409)
    status, headers, problem = sandbox.json("PATCH", path, {"status": "lost"}, admin)
    assert error_fields(assert_problem(status, headers, problem, 400)) == ["status"]
    assert stock_of(sandbox, product["id"]) == 4


def test_the_owner_may_only_cancel_while_pending_and_cancelling_returns_the_stock(sandbox):
    _, token = register(sandbox)
    _, stranger = register(sandbox)
    product = new_product(sandbox, stock=5)
    body = {"items": [{"productId": product["id"], "quantity": 4}]}
    first = place(sandbox, token, body)[2]
    path = f"{API}/orders/{first['id']}"
    status, headers, problem = sandbox.json("PATCH", path, {"status": "paid"}, bearer(token))
    assert_problem(status, headers, problem, 403)
    status, headers, problem = sandbox.json("PATCH", path, {"status": "cancelled"},
                                            bearer(stranger))
    assert_problem(status, headers, problem, 404)
    status, _, cancelled = sandbox.json("PATCH", path, {"status": "cancelled"}, bearer(token))
    assert (status, cancelled["status"]) == (200, "cancelled")
    assert stock_of(sandbox, product["id"]) == 5

    second = place(sandbox, token, body)[2]
    sandbox.json("PATCH", f"{API}/orders/{second['id']}", {"status": "paid"},
                 bearer(admin_token(sandbox)))
    status, headers, problem = sandbox.json("PATCH", f"{API}/orders/{second['id']}",
                                            {"status": "cancelled"}, bearer(token))
    assert_problem(status, headers, problem, 403)
    assert stock_of(sandbox, product["id"]) == 1


def test_if_match_guards_a_status_change(sandbox):
    _, token = register(sandbox)
    product = new_product(sandbox, stock=5)
    status, headers, order = place(sandbox, token,
                                   {"items": [{"productId": product["id"], "quantity": 1}]})
    tag = headers["etag"]
    admin = bearer(admin_token(sandbox))
    path = f"{API}/orders/{order['id']}"
    status, headers, paid = sandbox.json("PATCH", path, {"status": "paid"},
                                         {**admin, "If-Match": tag})
    assert status == 200 and headers["etag"] != tag
    status, headers, problem = sandbox.json("PATCH", path, {"status": "shipped"},
                                            {**admin, "If-Match": tag})
    assert_problem(status, headers, problem, 412)
    assert sandbox.json("GET", path, headers=admin)[2]["status"] == "paid"


# --- never oversell -----------------------------------------------------------------------------

def test_50_concurrent_orders_for_a_stock_of_10_sell_exactly_10(sandbox):
    product = new_product(sandbox, stock=10)
    tokens = [register(sandbox)[1] for _ in range(10)]
    body = {"items": [{"productId": product["id"], "quantity": 1}]}
    statuses = at_once([lambda t=tokens[i % 10]: place(sandbox, t, body)[0] for i in range(50)])
    print(f"\n50 concurrent orders, stock 10: {statuses.count(201)} x 201, "
          f"{statuses.count(409)} x 409")
    assert (statuses.count(201), statuses.count(409)) == (10, 40)
    assert stock_of(sandbox, product["id"]) == 0
    admin = bearer(admin_token(sandbox))
    status, headers, _ = sandbox.json("GET", f"{API}/orders?limit=1", headers=admin)
    assert headers["x-total-count"] == "10"
