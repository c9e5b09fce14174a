"""The authorization matrix: every route the server lists (`mercado routes`), for each profile
and each kind of caller, gets exactly the answer its rule promises. The expectations are keyed
by rule name, so a route added with a rule this table does not know fails here."""

import subprocess
import tempfile
import urllib.parse
import uuid

import pytest

from conftest import MERCADO_BIN, ServerPool
from identity_helpers import (API, bearer, create_admin, login, multipart, png, register,
                              user_body, ADMIN_PASSWORD)
from mercado_helpers import assert_problem, category_body, product_body

ALLOW = "allow"
ACTORS = ("anonymous", "self", "other", "admin")
OPEN = {actor: ALLOW for actor in ACTORS}
SIGNED_IN = {"anonymous": 401, "self": ALLOW, "other": ALLOW, "admin": ALLOW}
ADMIN_ONLY = {"anonymous": 401, "self": 403, "other": 403, "admin": ALLOW}
OWNER = {"anonymous": 401, "self": ALLOW, "other": 403, "admin": ALLOW}

# rule -> profile -> actor -> ALLOW, 401 or 403. "self" is the account a /users/{id} route
# names; elsewhere it is just a customer, like "other".
EXPECTED = {
    "anyone": {"sandbox": OPEN, "production": OPEN},
    "signed-in": {"sandbox": SIGNED_IN, "production": SIGNED_IN},
    "catalog-editor": {"sandbox": OPEN, "production": ADMIN_ONLY},
    "user-directory": {"sandbox": OPEN, "production": ADMIN_ONLY},
    "account-owner": {"sandbox": OPEN, "production": OWNER},
    "uploader": {"sandbox": OPEN, "production": SIGNED_IN},
}

CONTRACT_ROUTES = [
    "GET /api/v1/products", "GET /api/v1/products/{id}", "GET /api/v1/products/slug/{slug}",
    "GET /api/v1/products/{id}/related", "GET /api/v1/products/slug/{slug}/related",
    "POST /api/v1/products", "PUT /api/v1/products/{id}", "PATCH /api/v1/products/{id}",
    "DELETE /api/v1/products/{id}", "GET /api/v1/categories", "GET /api/v1/categories/{id}",
    "GET /api/v1/categories/slug/{slug}", "GET /api/v1/categories/{id}/products",
    "POST /api/v1/categories", "PUT /api/v1/categories/{id}", "PATCH /api/v1/categories/{id}",
    "DELETE /api/v1/categories/{id}", "GET /api/v1/users", "GET /api/v1/users/{id}",
    "POST /api/v1/users", "POST /api/v1/users/is-available", "PUT /api/v1/users/{id}",
    "PATCH /api/v1/users/{id}", "DELETE /api/v1/users/{id}", "POST /api/v1/auth/login",
    "GET /api/v1/auth/profile", "POST /api/v1/auth/refresh-token", "POST /api/v1/files/upload",
    "GET /api/v1/files/{filename}", "GET /api/v1/locations",
]


def listed_routes():
    out = subprocess.run([MERCADO_BIN, "routes"], capture_output=True, text=True, check=True,
                         timeout=30).stdout
    return [tuple(line.split(" ")) for line in out.splitlines() if line]


ROUTES = listed_routes()


def test_routes_lists_every_route_of_the_contract_with_a_rule():
    listed = {f"{method} {pattern}" for method, pattern, _ in ROUTES}
    assert not [route for route in CONTRACT_ROUTES if route not in listed]
    assert all(len(route) == 3 for route in ROUTES)


class World:
    """One server of a profile with an admin and two customers, and fresh resources on demand."""

    def __init__(self, profile):
        self.profile = profile
        self.pool = ServerPool()
        self.tmp = tempfile.mkdtemp(prefix="mercado-matrix-")
        db = f"{self.tmp}/matrix.db"
        if profile == "production":
            result = create_admin(db)
            assert result.returncode == 0, result.stderr
            # Hundreds of requests from one address: the matrix is about access, not the limit.
            self.srv = self.pool.start(profile="production", db_path=db,
                                       args=("--rate-limit", "0"))
            self.admin = login(self.srv, "root@shop.example", ADMIN_PASSWORD)["access_token"]
        else:
            self.srv = self.pool.start(profile="sandbox", db_path=db)
            self.admin = login(self.srv, "admin@mail.com", "admin123")["access_token"]
        self.customer_body = user_body()
        self.customer = register(self.srv, **self.customer_body)[1]
        self.other = register(self.srv)[1]
        status, _, category = self.srv.json("POST", f"{API}/categories", category_body(),
                                            bearer(self.admin))
        assert status == 201, category
        self.category_id = category["id"]

    def create(self, path, body):
        status, _, created = self.srv.json("POST", path, body, bearer(self.admin))
        assert status == 201, created
        return created

    def product(self, stock=0):
        return self.create(f"{API}/products", product_body(categoryId=self.category_id,
                                                            title=f"Lamp {uuid.uuid4().hex[:8]}",
                                                            stock=stock))

    def order(self):
        """A pending order of the customer's ("self")."""
        items = {"items": [{"productId": self.product(stock=1)["id"], "quantity": 1}]}
        status, _, order = self.srv.json("POST", f"{API}/orders", items, bearer(self.customer))
        assert status == 201, order
        return order

    def file_name(self):
        body, content_type = multipart([("file", "a.png", "image/png", png())])
        status, _, receipt = self.srv.json("POST", f"{API}/files/upload", body,
                                           {"Content-Type": content_type, **bearer(self.admin)})
        assert status == 201, receipt
        return receipt["filename"]


@pytest.fixture(scope="module")
def worlds():
    made = {}

    def world(profile):
        if profile not in made:
            made[profile] = World(profile)
        return made[profile]

    yield world
    for world in made.values():
        world.pool.finish()


def prepare(world, method, pattern, actor):
    """(path, body, headers) for one case; a fresh resource wherever the request may change it."""
    tokens = {"anonymous": None, "self": world.customer, "other": world.other,
              "admin": world.admin}
    path, body, headers = pattern, None, {}
    if "/users/{id}" in pattern:
        target_body = user_body()
        status, _, target = world.srv.json("POST", f"{API}/users", target_body)
        assert status == 201, target
        path = path.replace("{id}", str(target["id"]))
        if actor == "self":
            tokens["self"] = login(world.srv, target_body["email"],
                                   target_body["password"])["access_token"]
        body = user_body() if method == "PUT" else {"name": "Renamed"}
    elif pattern.startswith(f"{API}/products"):
        product = world.product()
        path = path.replace("{id}", str(product["id"])).replace("{slug}", product["slug"])
        body = product_body(categoryId=world.category_id) if method in ("POST", "PUT") \
            else {"title": "Renamed lamp"}
    elif pattern.startswith(f"{API}/categories"):
        category = world.create(f"{API}/categories", category_body(name=uuid.uuid4().hex[:8]))
        path = path.replace("{id}", str(category["id"])).replace("{slug}", category["slug"])
        body = category_body(name=f"Shelf {uuid.uuid4().hex[:6]}")
    elif pattern.startswith(f"{API}/cart/items"):
        path = path.replace("{productId}", str(world.product(stock=1)["id"]))
        body = {"quantity": 1}
    elif pattern == f"{API}/orders" and method == "POST":
        body = {"items": [{"productId": world.product(stock=1)["id"], "quantity": 1}]}
    elif pattern.startswith(f"{API}/orders/"):
        path = path.replace("{id}", str(world.order()["id"]))
        body = {"status": "cancelled"}
    elif pattern == f"{API}/users":
        body = user_body()
    elif pattern.endswith("/is-available"):
        body = {"email": "someone@example.com"}
    elif pattern.endswith("/auth/login"):
        body = {"email": world.customer_body["email"], "password": world.customer_body["password"]}
    elif pattern.endswith("/refresh-token"):
        credentials = login(world.srv, world.customer_body["email"],
                            world.customer_body["password"])
        body = {"refreshToken": credentials["refresh_token"]}
    elif pattern.endswith("/files/upload"):
        body, content_type = multipart([("file", "a.png", "image/png", png())])
        headers["Content-Type"] = content_type
    elif "{filename}" in pattern:
        path = path.replace("{filename}", world.file_name())
    elif pattern == "/graphql":
        # The endpoint lets anyone in; each field applies its REST route's rule
        # (test_graphql.py checks those per field).
        query = "{ products(limit: 1) { id } }"
        path = "/graphql?query=" + urllib.parse.quote(query) if method == "GET" else path
        body = {"query": query}
    path = path.replace("{file}", "matrix.svg")
    if tokens[actor]:
        headers.update(bearer(tokens[actor]))
    return path, (body if method in ("POST", "PUT", "PATCH") else None), headers


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("method,pattern,rule", ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
@pytest.mark.parametrize("profile", ["sandbox", "production"])
def test_route_answers_each_caller_as_its_rule_says(worlds, profile, method, pattern, rule, actor):
    assert rule in EXPECTED, f"{method} {pattern}: no expectations for rule {rule!r}"
    expected = EXPECTED[rule][profile][actor]
    world = worlds(profile)
    path, body, headers = prepare(world, method, pattern, actor)
    status, response_headers, data = world.srv.request(method, path, body, headers)
    if expected == ALLOW:
        assert status not in (401, 403), (status, data)
        assert status < 500, (status, data)
    else:
        assert_problem(status, response_headers, data, expected)
        if expected == 401:
            assert response_headers["www-authenticate"].startswith("Bearer")
