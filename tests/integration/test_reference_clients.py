"""What clients written for the reference API (the Platzi Fake Store API) send, and must get:
paths with a trailing slash, query strings built from empty form state, logins without a field,
and sign-up flows that read the password back from the answer that set it."""

import sqlite3

import pytest

from identity_helpers import API, bearer, login, user_body
from mercado_helpers import assert_problem, error_fields, product_body


# --- a trailing slash ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/products/", "/users/", "/categories/", "/categories/1/",
                                  "/products/1/", "/products/1/related/", "/categories/1/products/",
                                  "/products/slug/merino-wool-crew-sweater/", "/categories/slug/clothes/", "/locations/?seed=5"])
def test_a_read_with_one_trailing_slash_is_the_route_itself(shared_sandbox, path):
    without = path.replace("/?", "?") if "?" in path else path[:-1]
    assert shared_sandbox.get(API + path) == shared_sandbox.get(API + without)


def test_every_write_method_takes_a_trailing_slash(sandbox):
    status, _, tokens = sandbox.json("POST", f"{API}/auth/login/",
                                     {"email": "john@mail.com", "password": "changeme"})
    assert status == 201 and tokens["access_token"]
    status, _, product = sandbox.json("POST", f"{API}/products/", product_body(title="Slashed"))
    assert status == 201, product
    path = f"{API}/products/{product['id']}/"
    status, _, patched = sandbox.json("PATCH", path, {"price": 12})
    assert status == 200 and patched["price"] == 12
    status, _, replaced = sandbox.json("PUT", path, {"title": "Slashed Again"})
    assert status == 200 and replaced["title"] == "Slashed Again"
    status, _, deleted = sandbox.json("DELETE", path)
    assert status == 200 and deleted is True
    assert sandbox.request("GET", path)[0] == 404


@pytest.mark.parametrize("path", ["/api/v1//products", "/api/v1/products//1", "/api/v1/products//",
                                  "//api/v1/products", "/api/v1/products/1//"])
def test_an_empty_segment_inside_a_path_is_404(shared_sandbox, path):
    status, headers, body = shared_sandbox.request("GET", path)
    assert_problem(status, headers, body, 404)


# --- empty query values ----------------------------------------------------------------------------

def test_empty_product_filters_are_absent_filters(shared_sandbox):
    every = shared_sandbox.get(f"{API}/products")
    empty = ("categorySlug=&categoryId=&title=&price=&price_min=&price_max=&limit=&offset="
             "&sortBy=&order=&q=&fields=")
    assert shared_sandbox.get(f"{API}/products?{empty}") == every
    assert shared_sandbox.get(f"{API}/products/?{empty}") == every


@pytest.mark.parametrize("path", ["/categories?limit=&offset=", "/users?limit=&offset=",
                                  "/categories/1/products?limit=&offset=",
                                  "/products/1?fields=", "/locations?origin=&radius=&size=&seed="])
def test_an_empty_value_is_as_if_the_parameter_were_absent(shared_sandbox, path):
    status, _, _ = shared_sandbox.request("GET", API + path)
    assert status == 200


def test_an_empty_value_beside_a_real_one_is_no_repeat(shared_sandbox):
    assert len(shared_sandbox.get(f"{API}/products?limit=&limit=3")) == 3


# --- logins without a field --------------------------------------------------------------------------

@pytest.mark.parametrize("profile", ["sandbox", "production"])
@pytest.mark.parametrize("body", [{}, {"email": None, "password": None},
                                  {"email": "john@mail.com"}, {"password": "changeme"}])
def test_a_login_missing_a_field_is_401_in_both_profiles(server, profile, body):
    srv = server(profile=profile)
    status, headers, problem = srv.request("POST", f"{API}/auth/login", body)
    assert_problem(status, headers, problem, 401)
    assert headers["www-authenticate"].startswith("Bearer")


def test_a_login_password_over_the_limit_is_400(shared_sandbox):
    status, headers, body = shared_sandbox.request(
        "POST", f"{API}/auth/login", {"email": "john@mail.com", "password": "x" * 129})
    assert error_fields(assert_problem(status, headers, body, 400)) == ["password"]


# --- the password read back after sign-up ----------------------------------------------------------

def test_sign_up_answer_echoes_the_password_the_request_sent(sandbox):
    body = user_body(password="secret42")
    status, _, user = sandbox.json("POST", f"{API}/users", body)
    assert status == 201 and user["password"] == "secret42"
    # The flow of the reference's clients: log in with what the answer holds.
    tokens = login(sandbox, user["email"], user["password"])
    profile = sandbox.get(f"{API}/auth/profile", headers=bearer(tokens["access_token"]))
    assert "password" not in profile
    assert "password" not in sandbox.get(f"{API}/users/{user['id']}")
    assert all("password" not in u for u in sandbox.get(f"{API}/users"))
    assert "secret42" not in "\n".join(sandbox.stderr_lines)


def test_sign_up_echo_in_xml(sandbox):
    body = user_body(password="secret42")
    xml = (f"<user><name>{body['name']}</name><email>{body['email']}</email>"
           f"<password>secret42</password><avatar>{body['avatar']}</avatar></user>")
    status, headers, data = sandbox.request("POST", f"{API}/users", xml,
                                            {"Content-Type": "application/xml",
                                             "Accept": "application/xml"})
    assert status == 201, data
    assert data.endswith(b"<password>secret42</password></user>")


def test_an_update_that_sets_a_password_echoes_it_and_others_do_not(sandbox):
    status, _, user = sandbox.json("POST", f"{API}/users", user_body())
    path = f"{API}/users/{user['id']}"
    status, headers, changed = sandbox.json("PATCH", path, {"password": "newpass9"})
    assert status == 200 and changed["password"] == "newpass9"
    # The validator is the stored representation's: it still works for the next edit.
    status, _, renamed = sandbox.json("PATCH", path, {"name": "Renamed"},
                                      headers={"If-Match": headers["etag"]})
    assert status == 200 and "password" not in renamed
    status, _, replaced = sandbox.json("PUT", path, {"password": "newpass10"})
    assert status == 200 and replaced["password"] == "newpass10"
    login(sandbox, user["email"], "newpass10")


def test_an_idempotent_sign_up_stores_no_password_and_replays_the_echo(sandbox):
    body = user_body(password="secret42")
    key = {"Idempotency-Key": "sign-up-1"}
    first = sandbox.json("POST", f"{API}/users", body, headers=key)
    again = sandbox.json("POST", f"{API}/users", body, headers=key)
    assert first[0] == again[0] == 201
    assert again[1]["idempotent-replayed"] == "true"
    assert first[2] == again[2] and again[2]["password"] == "secret42"
    with sqlite3.connect(sandbox.db_path) as db:
        stored = b"".join(row[0] for row in db.execute("SELECT body FROM idempotency_keys"))
    assert b"secret42" not in stored and b"password" not in stored


def test_production_never_echoes_a_password(server, tmp_path):
    from identity_helpers import production_with_admin
    srv, admin = production_with_admin(server, tmp_path)
    status, _, user = srv.json("POST", f"{API}/users", user_body(password="long enough 1"))
    assert status == 201 and "password" not in user
    status, _, changed = srv.json("PATCH", f"{API}/users/{user['id']}",
                                  {"password": "long enough 2"}, headers=bearer(admin))
    assert status == 200 and "password" not in changed
