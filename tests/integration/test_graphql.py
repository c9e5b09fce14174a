"""GraphQL at /graphql against the real binary, over real HTTP.

Every query and mutation in both profiles, each field held to the REST call it stands for: the
same caller gets the same verdict (the expected answer is what REST answers for the same call,
on a resource of its own, so the two cannot drift apart), the same validation with the same
`fields`, and the same data. Then GraphQL over HTTP's two media types and their statuses, GET
and POST, ETag and Cache-Control, Idempotency-Key, how a failed non-null field nulls `data`, and
hostile documents: each refused with one error, at once, by a server that goes on answering."""

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import uuid

import pytest

from conftest import MERCADO_BIN, PG_PRIMARY, ServerPool, new_pg_schema, pg_url
from identity_helpers import ADMIN_PASSWORD, API, bearer, claims, login, register, user_body
from mercado_helpers import (INTERNAL_WORDS, SEED_PRODUCTS, assert_problem, category_body,
                             product_body, request_bytes)

GQL = "/graphql"
JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
ADMIN_EMAIL = "root@shop.example"

PRODUCT = ("id title slug price description images stock creationAt updatedAt "
           "category { id name slug image creationAt updatedAt }")
CATEGORY = "id name slug image creationAt updatedAt"
USER = "id email password name role avatar creationAt updatedAt"
ADD_PRODUCT = f"mutation ($d: CreateProductDto!) {{ addProduct(data: $d) {{ {PRODUCT} }} }}"
ADD_USER = f"mutation ($d: CreateUserDto!) {{ addUser(data: $d) {{ {USER} }} }}"
ADD_CATEGORY = f"mutation ($d: CreateCategoryDto!) {{ addCategory(data: $d) {{ {CATEGORY} }} }}"

# extensions.code for the status REST answers (docs/API.md, "GraphQL").
CODES = {400: "BAD_USER_INPUT", 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND",
         409: "CONFLICT", 422: "UNPROCESSABLE_ENTITY", 429: "TOO_MANY_REQUESTS",
         503: "SERVICE_UNAVAILABLE"}


# --- helpers --------------------------------------------------------------------------------------

def graphql(srv, query, variables=None, *, token=None, accept=None, headers=None, operation=None):
    """POSTs one GraphQL request: (status, headers, parsed body)."""
    body = {"query": query}
    if variables is not None:
        body["variables"] = variables
    if operation is not None:
        body["operationName"] = operation
    headers = dict(headers or {})
    if accept:
        headers["Accept"] = accept
    if token:
        headers.update(bearer(token))
    status, response_headers, raw = srv.request("POST", GQL, body, headers)
    return status, response_headers, json.loads(raw)


def get_target(query, variables=None, operation=None):
    params = {"query": query}
    if variables is not None:
        params["variables"] = json.dumps(variables)
    if operation is not None:
        params["operationName"] = operation
    return GQL + "?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


def data_of(srv, query, variables=None, **options):
    """The `data` of a request that must succeed without any error."""
    status, headers, body = graphql(srv, query, variables, **options)
    assert status == 200, body
    assert "errors" not in body, body
    return body["data"]


def the_error(body):
    """The one error of a response (there must be exactly one)."""
    assert len(body.get("errors", [])) == 1, body
    error = body["errors"][0]
    assert error["message"], error
    text = json.dumps(body)
    # "selects" is GraphQL's word for what a document asks; SQL's SELECT is upper-case.
    assert not re.search(r"\bSELECT\b", text), text
    for word in INTERNAL_WORDS:
        assert word == "SELECT" or word.lower() not in text.lower(), f"error leaks {word!r}: {text}"
    return error


def request_error(status, headers, body, code, accept=JSON):
    """An error found before anything ran: no `data` at all, never cached, and a 400 only
    where the client asked for the media type that says so."""
    assert status == (400 if accept == GRAPHQL_RESPONSE else 200), body
    assert headers["content-type"] == f"{accept}; charset=utf-8"
    assert headers["cache-control"] == "no-store"
    assert "data" not in body, body
    error = the_error(body)
    assert error["extensions"]["code"] == code, error
    return error


def as_graphql(value):
    """A REST representation in GraphQL's shape: ids are IDs (strings), and a user has the
    compatibility field `password`, always empty (REST's sandbox echo is not in it)."""
    if isinstance(value, list):
        return [as_graphql(item) for item in value]
    if not isinstance(value, dict):
        return value
    shaped = {k: (str(v) if k == "id" else as_graphql(v)) for k, v in value.items()}
    if "email" in shaped:
        shaped["password"] = ""
    return shaped


def same_fields_as_rest(field_error, problem):
    """extensions of a field that failed, against REST's problem for the same call."""
    extensions = field_error["extensions"]
    assert extensions["status"] == problem["status"], (field_error, problem)
    assert extensions["code"] == CODES[problem["status"]], field_error
    assert extensions.get("fields", []) == problem.get("errors", []), (field_error, problem)


def varies_by_accept(headers):
    return "accept" in {name.strip().lower() for name in headers.get("vary", "").split(",")}


def unique(prefix):
    return f"{prefix} {uuid.uuid4().hex[:8]}"


# --- the two profiles, with an admin and two customers each ---------------------------------------

def admin_create(db_url):
    result = subprocess.run([MERCADO_BIN, "admin", "create", "--db", db_url, "--email",
                             ADMIN_EMAIL, "--password", ADMIN_PASSWORD],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


class World:
    """One server of a profile, on the store the suite runs on, with an admin, a customer
    ("self" where a user is not the target), another customer ("other") and a category."""

    def __init__(self, profile):
        self.profile = profile
        self.pool = ServerPool()
        self.tmp = tempfile.mkdtemp(prefix="mercado-graphql-")
        # Hundreds of requests from one address: these tests are about access, not the limit.
        args = ("--rate-limit", "0")
        if profile == "sandbox":
            self.srv = self.pool.start(profile="sandbox", args=args)
            self.admin = login(self.srv, "admin@mail.com", "admin123")["access_token"]
        elif PG_PRIMARY:
            # The admin has to be in the database before a production server starts on it.
            schema = new_pg_schema()
            admin_create(pg_url(PG_PRIMARY, schema))
            self.srv = self.pool.start(profile="production", args=args, pg_schema=schema)
            self.srv.pg_schema = schema  # dropped with the server, which now owns it
        else:
            store = os.path.join(self.tmp, "production.db")
            admin_create(f"sqlite:{store}")
            self.srv = self.pool.start(profile="production", args=args, db_path=store)
        if profile == "production":
            self.admin = login(self.srv, ADMIN_EMAIL, ADMIN_PASSWORD)["access_token"]
        self.customer_body = user_body()
        self.customer = register(self.srv, **self.customer_body)[1]
        self.other = register(self.srv)[1]
        shelf = category_body(name=unique("Shelf"))
        self.category_id = self.create(f"{API}/categories", shelf)["id"]

    def close(self):
        self.pool.finish()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def create(self, path, body):
        status, _, created = self.srv.json("POST", path, body, bearer(self.admin))
        assert status == 201, created
        return created

    def product(self):
        return self.create(f"{API}/products", product_body(categoryId=self.category_id,
                                                            title=unique("Lamp")))

    def category(self):
        return self.create(f"{API}/categories", category_body(name=unique("Rack")))

    def user(self):
        """A fresh customer and its own access token."""
        body = user_body()
        status, _, user = self.srv.json("POST", f"{API}/users", body)
        assert status == 201, user
        return user, login(self.srv, body["email"], body["password"])["access_token"]


@pytest.fixture(scope="module")
def worlds():
    made = {}

    def world(profile):
        if profile not in made:
            made[profile] = World(profile)
        return made[profile]

    yield world
    for world in made.values():
        world.close()


# --- every operation, against REST, for every caller ----------------------------------------------

ALLOW = "allow"
ACTORS = ("anonymous", "self", "other", "admin")
OPEN = {actor: ALLOW for actor in ACTORS}
SIGNED_IN = {"anonymous": 401, "self": ALLOW, "other": ALLOW, "admin": ALLOW}
ADMIN_ONLY = {"anonymous": 401, "self": 403, "other": 403, "admin": ALLOW}
OWNER = {"anonymous": 401, "self": ALLOW, "other": 403, "admin": ALLOW}
# Giving a role takes an admin in production; with no token at all there is no admin either.
ADMIN_ROLE = {"anonymous": 403, "self": 403, "other": 403, "admin": ALLOW}


def operation(field, document, rest, production, sandbox=OPEN):
    """A GraphQL field and the REST call it stands for. `document(target)` and `rest(target)`:
    (document, variables) and (method, path, body) for one target (see `target()`)."""
    return pytest.param(field, document, rest, {"sandbox": sandbox, "production": production},
                        id=field)


OPERATIONS = [
    operation("products",
              lambda t: (f"{{ products(limit: 3, offset: 1) {{ {PRODUCT} }} }}", None),
              lambda t: ("GET", f"{API}/products?limit=3&offset=1", None), OPEN),
    operation("product",
              lambda t: (f"query ($id: ID!) {{ product(id: $id) {{ {PRODUCT} }} }}",
                         {"id": str(t["product"])}),
              lambda t: ("GET", f"{API}/products/{t['product']}", None), OPEN),
    operation("categories",
              lambda t: (f"{{ categories(limit: 4) {{ {CATEGORY} }} }}", None),
              lambda t: ("GET", f"{API}/categories?limit=4", None), OPEN),
    operation("category",
              lambda t: (f"query ($id: ID!) {{ category(id: $id) {{ {CATEGORY} }} }}",
                         {"id": str(t["category"])}),
              lambda t: ("GET", f"{API}/categories/{t['category']}", None), OPEN),
    operation("users",
              lambda t: (f"{{ users(limit: 3) {{ {USER} }} }}", None),
              lambda t: ("GET", f"{API}/users?limit=3", None), ADMIN_ONLY),
    operation("user",
              lambda t: (f"query ($id: ID!) {{ user(id: $id) {{ {USER} }} }}",
                         {"id": str(t["user"])}),
              lambda t: ("GET", f"{API}/users/{t['user']}", None), OWNER),
    operation("isAvailable",
              lambda t: ("query ($e: String!) { isAvailable(email: $e) }", {"e": t["email"]}),
              lambda t: ("POST", f"{API}/users/is-available", {"email": t["email"]}), OPEN),
    operation("myProfile",
              lambda t: (f"{{ myProfile {{ {USER} }} }}", None),
              lambda t: ("GET", f"{API}/auth/profile", None), SIGNED_IN, SIGNED_IN),
    operation("addProduct",
              lambda t: (ADD_PRODUCT, {"d": t["product_body"]}),
              lambda t: ("POST", f"{API}/products", t["product_body"]), ADMIN_ONLY),
    operation("updateProduct",
              lambda t: (f"mutation ($id: ID!, $c: UpdateProductDto!) "
                         f"{{ updateProduct(id: $id, changes: $c) {{ {PRODUCT} }} }}",
                         {"id": str(t["product"]), "c": {"title": "Renamed lamp", "price": 7.5}}),
              lambda t: ("PATCH", f"{API}/products/{t['product']}",
                         {"title": "Renamed lamp", "price": 7.5}), ADMIN_ONLY),
    operation("deleteProduct",
              lambda t: ("mutation ($id: ID!) { deleteProduct(id: $id) }",
                         {"id": str(t["product"])}),
              lambda t: ("DELETE", f"{API}/products/{t['product']}", None), ADMIN_ONLY),
    operation("addUser",
              lambda t: (ADD_USER, {"d": t["user_body"]}),
              lambda t: ("POST", f"{API}/users", t["user_body"]), OPEN),
    operation("addUser(role: admin)",
              lambda t: (ADD_USER, {"d": {**t["user_body"], "role": "admin"}}),
              lambda t: ("POST", f"{API}/users", {**t["user_body"], "role": "admin"}), ADMIN_ROLE),
    operation("updateUser",
              lambda t: (f"mutation ($id: ID!, $c: UpdateUserDto!) "
                         f"{{ updateUser(id: $id, changes: $c) {{ {USER} }} }}",
                         {"id": str(t["user"]), "c": {"name": "Renamed"}}),
              lambda t: ("PATCH", f"{API}/users/{t['user']}", {"name": "Renamed"}), OWNER),
    operation("deleteUser",
              lambda t: ("mutation ($id: ID!) { deleteUser(id: $id) }", {"id": str(t["user"])}),
              lambda t: ("DELETE", f"{API}/users/{t['user']}", None), OWNER),
    operation("addCategory",
              lambda t: (ADD_CATEGORY, {"d": t["category_body"]}),
              lambda t: ("POST", f"{API}/categories", t["category_body"]), ADMIN_ONLY),
    operation("updateCategory",
              lambda t: (f"mutation ($id: ID!, $c: UpdateCategoryDto!) "
                         f"{{ updateCategory(id: $id, changes: $c) {{ {CATEGORY} }} }}",
                         {"id": str(t["category"]), "c": {"name": t["category_body"]["name"]}}),
              lambda t: ("PATCH", f"{API}/categories/{t['category']}",
                         {"name": t["category_body"]["name"]}), ADMIN_ONLY),
    operation("deleteCategory",
              lambda t: ("mutation ($id: ID!) { deleteCategory(id: $id) }",
                         {"id": str(t["category"])}),
              lambda t: ("DELETE", f"{API}/categories/{t['category']}", None), ADMIN_ONLY),
    operation("login",
              lambda t: ("mutation ($e: String!, $p: String!) "
                         "{ login(email: $e, password: $p) { access_token refresh_token } }",
                         {"e": t["email"], "p": t["password"]}),
              lambda t: ("POST", f"{API}/auth/login", {"email": t["email"],
                                                        "password": t["password"]}), OPEN),
    operation("refreshToken",
              lambda t: ("mutation ($r: String!) "
                         "{ refreshToken(refreshToken: $r) { access_token refresh_token } }",
                         {"r": t["refresh"]}),
              lambda t: ("POST", f"{API}/auth/refresh-token", {"refreshToken": t["refresh"]}),
              OPEN),
]


READS = {"products", "product", "categories", "category", "users", "user", "isAvailable",
         "myProfile"}


def target(world, field, actor):
    """Fresh resources for one side of a case, and the caller's token: the REST call and the
    GraphQL field each get their own, since either may change or delete it."""
    t = {"email": world.customer_body["email"], "password": world.customer_body["password"],
         "own": {}}
    tokens = {"anonymous": None, "self": world.customer, "other": world.other,
              "admin": world.admin}
    if field in ("product", "updateProduct", "deleteProduct"):
        t["product"] = world.product()["id"]
    elif field in ("category", "updateCategory", "deleteCategory"):
        t["category"] = world.category()["id"]
        t["category_body"] = category_body(name=unique("Renamed rack"))
    elif field in ("user", "updateUser", "deleteUser"):
        user, tokens["self"] = world.user()
        t["user"] = user["id"]
        t["own"]["email"] = user["email"]
    elif field == "addProduct":
        t["product_body"] = product_body(categoryId=world.category_id, title=unique("New lamp"))
    elif field.startswith("addUser"):
        t["user_body"] = user_body()
    elif field == "addCategory":
        t["category_body"] = category_body(name=unique("New rack"))
    elif field == "refreshToken":
        t["refresh"] = login(world.srv, t["email"], t["password"])["refresh_token"]
    for body in (t.get("product_body"), t.get("user_body"), t.get("category_body")):
        t["own"].update({k: body[k] for k in ("title", "name", "email") if body and k in body})
    return t, tokens[actor]


def comparable(entity):
    """An entity without what makes each copy itself (its id, slug and times)."""
    shaped = {k: v for k, v in as_graphql(entity).items()
              if k not in ("id", "slug", "creationAt", "updatedAt")}
    if isinstance(shaped.get("category"), dict):
        shaped["category"] = shaped["category"]["id"]
    return shaped


def compare_success(field, method, rest_body, value, sent):
    """GraphQL's `value` against REST's answer; `sent`: the GraphQL side's own resources."""
    if method == "GET":
        assert value == as_graphql(rest_body)
    elif field in ("login", "refreshToken"):
        assert set(value) == {"access_token", "refresh_token"}
        assert claims(value["access_token"])["typ"] == "access"
        assert claims(value["refresh_token"])["typ"] == "refresh"
        assert claims(value["access_token"])["sub"] == claims(rest_body["access_token"])["sub"]
    elif field == "isAvailable":
        assert value is rest_body["isAvailable"]
    elif method == "DELETE":
        assert value is True and rest_body is True
    else:
        # The same change to two resources: alike but for what each side has of its own.
        expected = comparable(rest_body)
        expected.update({k: v for k, v in sent["own"].items() if k in expected})
        assert comparable(value) == expected


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("field,document,rest,expected", OPERATIONS)
@pytest.mark.parametrize("profile", ["sandbox", "production"])
def test_each_field_answers_each_caller_as_rest_does(worlds, profile, field, document, rest,
                                                     expected, actor):
    world = worlds(profile)
    srv = world.srv
    rest_target, rest_token = target(world, field, actor)
    method, path, body = rest(rest_target)
    status, _, rest_body = srv.json(method, path, body, bearer(rest_token) if rest_token else {})
    # REST's verdict is the rule's (test_access_matrix.py holds REST to it route by route).
    want = expected[profile][actor]
    assert (status < 300) if want == ALLOW else (status == want), (status, rest_body)

    # A read leaves its resource as it was: both sides may read the same one.
    graphql_target, token = (rest_target, rest_token) if field in READS else \
        target(world, field, actor)
    query, variables = document(graphql_target)
    name = field.split("(")[0]
    gstatus, headers, answer = graphql(srv, query, variables, token=token)
    assert gstatus == 200, answer
    assert headers["content-type"] == "application/json; charset=utf-8"
    if status < 300:
        assert "errors" not in answer, answer
        compare_success(name, method, rest_body, answer["data"][name], graphql_target)
    else:
        error = the_error(answer)
        assert error["path"] == [name]
        assert error["locations"] and error["locations"][0]["line"] == 1
        assert error["message"] == rest_body["detail"]
        same_fields_as_rest(error, rest_body)
        # Every root field is non-null: its error leaves no data.
        assert answer["data"] is None
    if query.startswith("mutation"):
        assert headers["cache-control"] == "no-store"
    elif token:
        assert headers["cache-control"] == "private, no-cache"
    else:
        assert "cache-control" not in headers


def test_the_changes_a_mutation_reports_are_stored(sandbox):
    created = data_of(sandbox, ADD_PRODUCT,
                      {"d": product_body(title="Stored Lamp", stock=4)})["addProduct"]
    assert created == as_graphql(sandbox.get(f"{API}/products/{created['id']}"))
    assert (created["title"], created["stock"], created["category"]["id"]) == \
        ("Stored Lamp", 4, "2")
    changed = data_of(sandbox, "mutation { updateProduct(id: %s, changes: {price: 3.25, stock: 9}) "
                      "{ id price stock } }" % created["id"])["updateProduct"]
    assert changed == {"id": created["id"], "price": 3.25, "stock": 9}
    assert sandbox.get(f"{API}/products/{created['id']}")["price"] == 3.25
    assert data_of(sandbox, "mutation { deleteProduct(id: %s) }" % created["id"]) == \
        {"deleteProduct": True}
    assert sandbox.json("GET", f"{API}/products/{created['id']}")[0] == 404

    category = data_of(sandbox, 'mutation { addCategory(data: {name: "Bird Houses", image: '
                       '"https://img.example.com/b.png"}) { id slug } }')["addCategory"]
    assert category["slug"] == "bird-houses"
    data_of(sandbox, 'mutation { updateCategory(id: %s, changes: {name: "Bird Feeders"}) { id } }'
            % category["id"])
    assert sandbox.get(f"{API}/categories/{category['id']}")["slug"] == "bird-feeders"
    assert data_of(sandbox, "mutation { deleteCategory(id: %s) }" % category["id"]) == \
        {"deleteCategory": True}

    body = user_body()
    user = data_of(sandbox, ADD_USER, {"d": body})["addUser"]
    # The sandbox's REST answer echoes the password; GraphQL's field never carries one.
    assert user["password"] == "" and user["role"] == "customer"
    token = data_of(sandbox, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) '
                    '{ access_token } }', {"e": body["email"], "p": body["password"]})
    token = token["login"]["access_token"]
    assert data_of(sandbox, "{ myProfile { id email } }", token=token)["myProfile"] == \
        {"id": user["id"], "email": body["email"]}
    data_of(sandbox, 'mutation { updateUser(id: %s, changes: {password: "newpass1"}) { id } }'
            % user["id"], token=token)
    login(sandbox, body["email"], "newpass1")
    assert data_of(sandbox, "mutation { deleteUser(id: %s) }" % user["id"], token=token) == \
        {"deleteUser": True}
    assert sandbox.json("GET", f"{API}/users/{user['id']}")[0] == 404


def test_a_refreshed_pair_works_and_an_access_token_is_no_refresh_token(shared_sandbox):
    pair = data_of(shared_sandbox, 'mutation { login(email: "john@mail.com", password: "changeme") '
                   '{ access_token refresh_token } }')["login"]
    fresh = data_of(shared_sandbox, "mutation ($r: String!) { refreshToken(refreshToken: $r) "
                    "{ access_token refresh_token } }", {"r": pair["refresh_token"]})
    fresh = fresh["refreshToken"]
    profile = data_of(shared_sandbox, "{ myProfile { email role } }", token=fresh["access_token"])
    assert profile["myProfile"] == {"email": "john@mail.com", "role": "customer"}
    _, _, body = graphql(shared_sandbox, "mutation ($r: String!) { refreshToken(refreshToken: $r) "
                         "{ access_token } }", {"r": pair["access_token"]})
    assert the_error(body)["extensions"]["code"] == "UNAUTHENTICATED"
    _, _, body = graphql(shared_sandbox, "{ myProfile { id } }", token="not.a.token")
    assert the_error(body)["extensions"]["status"] == 401
    # Catalog fields never read the header, as REST's open routes do not.
    assert data_of(shared_sandbox, "{ product(id: 1) { id } }", token="not.a.token") == \
        {"product": {"id": "1"}}


def test_demo_accounts_stay_read_only(shared_sandbox):
    _, _, problem = shared_sandbox.json("PATCH", f"{API}/users/1", {"name": "Mallory"})
    _, _, body = graphql(shared_sandbox, 'mutation { updateUser(id: 1, changes: {name: "Mallory"}) '
                         "{ id } }")
    error = the_error(body)
    same_fields_as_rest(error, problem)
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert shared_sandbox.get(f"{API}/users/1")["name"] != "Mallory"


# --- the catalog: the same data as REST -----------------------------------------------------------

@pytest.mark.parametrize("arguments,query", [
    ("", ""),
    ("limit: 5, offset: 10", "limit=5&offset=10"),
    ("categoryId: 2", "categoryId=2"),
    ('categorySlug: "sports-outdoors", limit: 4', "categorySlug=sports-outdoors&limit=4"),
    ('title: "chair"', "title=chair"),
    ("price_min: 20, price_max: 60", "price_min=20&price_max=60"),
    ("price: 45", "price=45"),
    ('sortBy: "price", order: "desc", limit: 7', "sortBy=price&order=desc&limit=7"),
    ('q: "wool"', "q=wool"),
])
def test_products_filters_are_rests(shared_sandbox, arguments, query):
    selection = f"products({arguments})" if arguments else "products"
    data = data_of(shared_sandbox, f"{{ {selection} {{ {PRODUCT} }} }}")
    expected = shared_sandbox.get(f"{API}/products" + (f"?{query}" if query else ""))
    assert expected, "the filter should match something"
    assert data["products"] == as_graphql(expected)


def test_a_categorys_products_are_rests(shared_sandbox):
    data = data_of(shared_sandbox, "{ categories(limit: 3) { id products(limit: 4, offset: 1) "
                   "{ id title category { id } } } "
                   "a: product(id: 1) { category { products(limit: 2) { id } } } }")
    for category in data["categories"]:
        expected = shared_sandbox.get(
            f"{API}/categories/{category['id']}/products?limit=4&offset=1")
        assert category["products"] == [{"id": str(p["id"]), "title": p["title"],
                                         "category": {"id": category["id"]}} for p in expected]
    seed = [i for i, p in SEED_PRODUCTS.items() if p["category"] == SEED_PRODUCTS[1]["category"]]
    assert data["a"]["category"]["products"] == [{"id": str(i)} for i in seed[:2]]


def test_the_schema_is_the_reference_apis(shared_sandbox):
    types = data_of(shared_sandbox, "{ __schema { queryType { name fields { name args { name "
                    "type { name kind ofType { name } } } } } mutationType { name fields { name "
                    "args { name } } } } }")["__schema"]

    def arguments(root):
        return {f["name"]: sorted(a["name"] for a in f["args"]) for f in root["fields"]}

    queries = arguments(types["queryType"])
    assert queries == {
        "products": sorted(["limit", "offset", "price", "price_min", "price_max", "title",
                            "categoryId", "categorySlug", "sortBy", "order", "q"]),
        "product": ["id"], "users": ["limit"], "user": ["id"], "isAvailable": ["email"],
        "categories": ["limit", "offset"], "category": ["id"], "myProfile": []}
    mutations = arguments(types["mutationType"])
    assert mutations == {
        "addProduct": ["data"], "updateProduct": ["changes", "id"], "deleteProduct": ["id"],
        "addUser": ["data"], "updateUser": ["changes", "id"], "deleteUser": ["id"],
        "addCategory": ["data"], "updateCategory": ["changes", "id"], "deleteCategory": ["id"],
        "login": ["email", "password"], "refreshToken": ["refreshToken"]}
    category_id = next(a for f in types["queryType"]["fields"] if f["name"] == "products"
                       for a in f["args"] if a["name"] == "categoryId")
    assert category_id["type"]["name"] == "Float"
    role = data_of(shared_sandbox, '{ __type(name: "Role") { enumValues { name } } }')
    assert role["__type"]["enumValues"] == [{"name": "admin"}, {"name": "customer"}]


# --- validation: REST's rules, REST's fields ------------------------------------------------------

@pytest.mark.parametrize("document,variables,method,path,body", [
    ("{ products(limit: 0) { id } }", None, "GET", f"{API}/products?limit=0", None),
    ("{ products(limit: 500) { id } }", None, "GET", f"{API}/products?limit=500", None),
    ("{ products(price_min: 50, price_max: 10) { id } }", None, "GET",
     f"{API}/products?price_min=50&price_max=10", None),
    ('{ products(sortBy: "stock", order: "up") { id } }', None, "GET",
     f"{API}/products?sortBy=stock&order=up", None),
    ("{ categories(offset: -1) { id } }", None, "GET", f"{API}/categories?offset=-1", None),
    ('{ product(id: "abc") { id } }', None, "GET", f"{API}/products/abc", None),
    ('{ category(id: "0") { id } }', None, "GET", f"{API}/categories/0", None),
    ("mutation ($d: CreateProductDto!) { addProduct(data: $d) { id } }",
     {"d": product_body(title="", price=-1, images=["not a url"], categoryId=999999)},
     "POST", f"{API}/products", product_body(title="", price=-1, images=["not a url"],
                                               categoryId=999999)),
    ("mutation { addProduct(data: {title: \"Lamp\", price: 1.234, description: \"d\", "
     "categoryId: 1.5, images: [], stock: -2}) { id } }", None, "POST", f"{API}/products",
     {"title": "Lamp", "price": 1.234, "description": "d", "categoryId": 1.5, "images": [],
      "stock": -2}),
    ("mutation { updateProduct(id: 3, changes: {price: 0, images: [\"ftp://x\"]}) { id } }", None,
     "PATCH", f"{API}/products/3", {"price": 0, "images": ["ftp://x"]}),
    ("mutation ($d: CreateUserDto!) { addUser(data: $d) { id } }",
     {"d": user_body(email="not-an-address", name="", password="x", avatar="nope")},
     "POST", f"{API}/users", user_body(email="not-an-address", name="", password="x",
                                         avatar="nope")),
    ("mutation { addCategory(data: {name: \"\", image: \"nope\"}) { id } }", None,
     "POST", f"{API}/categories", {"name": "", "image": "nope"}),
    ("mutation { updateCategory(id: 2, changes: {image: \"javascript:alert(1)\"}) { id } }", None,
     "PATCH", f"{API}/categories/2", {"image": "javascript:alert(1)"}),
    ('{ isAvailable(email: "") }', None, "POST", f"{API}/users/is-available", {"email": ""}),
], ids=["limit-0", "limit-500", "price-range", "sort", "offset", "product-id", "category-id",
        "addProduct", "addProduct-numbers", "updateProduct", "addUser", "addCategory",
        "updateCategory", "isAvailable"])
def test_bad_input_is_bad_user_input_with_rests_fields(sandbox, document, variables, method, path,
                                                       body):
    status, headers, problem = sandbox.json(method, path, body)
    problem = assert_problem(status, headers, problem, 400)
    assert problem["errors"], problem
    _, _, answer = graphql(sandbox, document, variables)
    error = the_error(answer)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    same_fields_as_rest(error, problem)
    assert answer["data"] is None
    assert sandbox.get(f"{API}/products/3")["price"] == SEED_PRODUCTS[3]["price"]


@pytest.mark.parametrize("document,variables,code", [
    # GraphQL's own rules run first: nothing reaches REST.
    ("mutation { addProduct(data: {price: 1, description: \"d\", categoryId: 1, images: []}) "
     "{ id } }", None, "GRAPHQL_VALIDATION_FAILED"),
    ("mutation { addUser(data: {email: \"a@b.co\", name: \"A\", password: \"abcd1234\", "
     "avatar: \"https://a.example/a.png\", role: root}) { id } }", None,
     "GRAPHQL_VALIDATION_FAILED"),
    ("{ product(id: 1) { id colour } }", None, "GRAPHQL_VALIDATION_FAILED"),
    ("{ products(limit: \"ten\") { id } }", None, "GRAPHQL_VALIDATION_FAILED"),
    ("{ product { id } }", None, "GRAPHQL_VALIDATION_FAILED"),
    ("query ($id: ID!) { product(id: $id) { id } }", {}, "BAD_USER_INPUT"),
    ("query ($id: ID!) { product(id: $id) { id } }", {"id": {"nested": 1}}, "BAD_USER_INPUT"),
    ("query ($l: Int) { products(limit: $l) { id } }", {"l": 2.5}, "BAD_USER_INPUT"),
    ("mutation ($d: CreateCategoryDto!) { addCategory(data: $d) { id } }",
     {"d": {"name": "N", "image": "https://i.example/i.png", "extra": 1}}, "BAD_USER_INPUT"),
    ("{ product(id: 1) { id }", None, "GRAPHQL_PARSE_FAILED"),
    ("", None, "GRAPHQL_PARSE_FAILED"),
])
@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE])
def test_a_document_graphql_refuses_runs_nothing(shared_sandbox, document, variables, code, accept):
    before = int(shared_sandbox.request("GET", f"{API}/products")[1]["x-total-count"])
    status, headers, body = graphql(shared_sandbox, document, variables, accept=accept)
    error = request_error(status, headers, body, code, accept)
    assert all(loc["line"] >= 1 and loc["column"] >= 1 for loc in error.get("locations", []))
    assert int(shared_sandbox.request("GET", f"{API}/products")[1]["x-total-count"]) == before


def test_operation_name_picks_one_operation(shared_sandbox):
    document = "query A { categories(limit: 1) { id } } query B { product(id: 2) { id } }"
    assert data_of(shared_sandbox, document, operation="B") == {"product": {"id": "2"}}
    status, headers, body = graphql(shared_sandbox, document)
    assert "operation name" in request_error(status, headers, body, "BAD_USER_INPUT")["message"]
    status, headers, body = graphql(shared_sandbox, document, operation="C")
    request_error(status, headers, body, "BAD_USER_INPUT")


# --- GraphQL over HTTP ----------------------------------------------------------------------------

READ = "{ product(id: 1) { id title } }"
READ_DATA = {"product": {"id": "1", "title": SEED_PRODUCTS[1]["title"]}}


@pytest.mark.parametrize("accept,media", [
    (None, JSON), ("*/*", JSON), (JSON, JSON), (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
    (f"{GRAPHQL_RESPONSE}, {JSON};q=0.9", GRAPHQL_RESPONSE), (f"{JSON}, */*;q=0.1", JSON),
    ("text/html, */*;q=0.8", JSON),
])
def test_the_media_type_is_the_one_accepted(shared_sandbox, accept, media):
    headers = {"Accept": accept} if accept else {}
    for method, target, body in [("POST", GQL, {"query": READ}), ("GET", get_target(READ), None)]:
        status, response_headers, raw = shared_sandbox.request(method, target, body, headers)
        assert status == 200, raw
        assert response_headers["content-type"] == f"{media}; charset=utf-8"
        assert json.loads(raw) == {"data": READ_DATA}
        assert varies_by_accept(response_headers), response_headers


def test_field_errors_are_200_in_both_media_types(shared_sandbox):
    for accept in (JSON, GRAPHQL_RESPONSE):
        status, headers, body = graphql(shared_sandbox, "{ product(id: 999999) { id } }",
                                        accept=accept)
        assert (status, headers["content-type"]) == (200, f"{accept}; charset=utf-8")
        assert body["data"] is None
        assert the_error(body)["extensions"] == {"code": "NOT_FOUND", "status": 404}


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE])
@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"query"', b'{"query": 1}',
                                  b'{"operation": "{ product(id: 1) { id } }"}',
                                  b'{"query": "{ product(id: 1) { id } }", "variables": [1]}',
                                  b'{"query": "{ product(id: 1) { id } }", "variables": "{x"}',
                                  b'{"query": "{ product(id: 1) { id } }", "operationName": 3}'])
def test_a_malformed_request_is_a_400_problem(shared_sandbox, accept, body):
    status, headers, raw = shared_sandbox.request(
        "POST", GQL, body, {"Content-Type": JSON, "Accept": accept})
    assert_problem(status, headers, raw, 400, GQL)


@pytest.mark.parametrize("target", [
    GQL, GQL + "?variables=%7B%7D", GQL + "?query=%7Bproduct(id%3A1)%7Bid%7D%7D&query=x",
    get_target(READ).replace("query=", "variables=%5B%5D&query="),
])
def test_a_malformed_get_is_a_400_problem(shared_sandbox, target):
    status, headers, raw = shared_sandbox.request("GET", target, headers={"Accept": JSON})
    assert_problem(status, headers, raw, 400)


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml",
                                          "application/x-www-form-urlencoded",
                                          "application/json; charset=latin-1", None])
def test_a_post_that_is_not_json_is_415(shared_sandbox, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    status, response_headers, raw = shared_sandbox.request(
        "POST", GQL, json.dumps({"query": READ}).encode(), headers)
    assert_problem(status, response_headers, raw, 415, GQL)


@pytest.mark.parametrize("accept", ["image/png", "text/plain", "application/octet-stream",
                                    f"{JSON};q=0, {GRAPHQL_RESPONSE};q=0"])
def test_an_accept_we_cannot_meet_is_406(shared_sandbox, accept):
    for method, target, body in [("POST", GQL, {"query": READ}), ("GET", get_target(READ), None)]:
        status, headers, raw = shared_sandbox.request(method, target, body, {"Accept": accept})
        assert_problem(status, headers, raw, 406, GQL)


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE])
def test_a_mutation_over_get_is_405_and_runs_nothing(shared_sandbox, accept):
    document = ('mutation { addCategory(data: {name: "Sent By GET", '
                'image: "https://i.example/g.png"}) { id } }')
    for target in (get_target(document),
                   get_target("query Q { product(id: 1) { id } } " + document.replace(
                       "mutation {", "mutation M {"), operation="M")):
        status, headers, raw = shared_sandbox.request("GET", target, headers={"Accept": accept})
        assert_problem(status, headers, raw, 405, GQL)
        assert headers["allow"] == "POST"
    names = [c["name"] for c in shared_sandbox.get(f"{API}/categories?limit=200")]
    assert "Sent By GET" not in names
    # The query of the same document may still be read with GET.
    status, _, raw = shared_sandbox.request("GET", get_target(
        "query Q { product(id: 1) { id } } mutation M { deleteProduct(id: 1) }", operation="Q"))
    assert (status, json.loads(raw)) == (200, {"data": {"product": {"id": "1"}}})


def test_other_methods_are_405_and_options_lists_the_allowed(shared_sandbox):
    status, headers, raw = shared_sandbox.request("PUT", GQL, {"query": READ})
    assert_problem(status, headers, raw, 405, GQL)
    status, headers, _ = shared_sandbox.request("OPTIONS", GQL)
    assert status == 204
    assert {"GET", "POST"} <= {m.strip() for m in headers["allow"].split(",")}


def test_get_reads_with_variables_and_an_etag_that_answers_304(sandbox):
    target = get_target("query ($id: ID!) { product(id: $id) { id title } }", {"id": "1"})
    status, headers, raw = sandbox.request("GET", target)
    assert (status, json.loads(raw)) == (200, {"data": READ_DATA})
    tag = headers["etag"]
    assert tag.startswith('"') and "cache-control" not in headers
    status, again, raw = sandbox.request("GET", target, headers={"If-None-Match": tag})
    assert (status, raw, again["etag"]) == (304, b"", tag)
    assert sandbox.request("GET", target, headers={"If-None-Match": f"W/{tag}"})[0] == 304
    status, head, raw = sandbox.request("HEAD", target)
    assert (status, raw, head["etag"]) == (200, b"", tag)
    # A change to what the answer shows is a new answer with a new tag.
    assert sandbox.json("PATCH", f"{API}/products/1", {"title": "Retitled Sweater"})[0] == 200
    status, headers, raw = sandbox.request("GET", target, headers={"If-None-Match": tag})
    assert status == 200 and headers["etag"] != tag
    assert json.loads(raw)["data"]["product"]["title"] == "Retitled Sweater"


def test_a_kept_catalog_answer_follows_every_change(sandbox):
    # A document that reads only the catalog is answered from what the worker kept while the
    # data stays the same; any write, through REST or GraphQL, makes the next answer fresh.
    query = "{ product(id: 2) { title } categories(limit: 1) { name } }"
    first = data_of(sandbox, query)
    for _ in range(3):
        assert data_of(sandbox, query) == first
    assert sandbox.json("PATCH", f"{API}/products/2", {"title": "Changed by REST"})[0] == 200
    assert data_of(sandbox, query)["product"]["title"] == "Changed by REST"
    data_of(sandbox, 'mutation { updateCategory(id: 1, changes: {name: "Renamed"}) { id } }')
    assert data_of(sandbox, query)["categories"] == [{"name": "Renamed"}]
    # The same document in the other media type, or with other variables, is another answer.
    status, headers, body = graphql(sandbox, query, accept=GRAPHQL_RESPONSE)
    assert status == 200 and headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert body["data"]["product"]["title"] == "Changed by REST"


def test_the_two_media_types_are_two_representations(shared_sandbox):
    target = get_target(READ)
    tags = {}
    for accept in (JSON, GRAPHQL_RESPONSE):
        status, headers, _ = shared_sandbox.request("GET", target, headers={"Accept": accept})
        assert status == 200
        tags[accept] = headers["etag"]
    # A cache keys by Accept (Vary) and a tag names bytes of one media type only.
    assert tags[JSON] != tags[GRAPHQL_RESPONSE]
    status, _, _ = shared_sandbox.request("GET", target, headers={
        "Accept": GRAPHQL_RESPONSE, "If-None-Match": tags[JSON]})
    assert status == 200


def test_only_get_reads_have_a_tag_and_posts_are_never_304(shared_sandbox):
    status, headers, _ = graphql(shared_sandbox, READ)
    assert status == 200 and "etag" not in headers
    status, headers, body = graphql(shared_sandbox, READ, headers={"If-None-Match": "*"})
    assert (status, body) == (200, {"data": READ_DATA})


def test_cache_control_says_who_may_keep_an_answer(shared_sandbox):
    token = login(shared_sandbox, "john@mail.com", "changeme")["access_token"]
    # Public reads: cacheable by anyone, as REST's.
    assert "cache-control" not in shared_sandbox.request("GET", get_target(READ))[1]
    # Anything sent with credentials may depend on them.
    for method, target, body in [("POST", GQL, {"query": READ}), ("GET", get_target(READ), None)]:
        status, headers, _ = shared_sandbox.request(method, target, body, bearer(token))
        assert (status, headers["cache-control"]) == (200, "private, no-cache")
    status, headers, body = graphql(shared_sandbox, "{ myProfile { email } }", token=token)
    assert headers["cache-control"] == "private, no-cache"
    assert body == {"data": {"myProfile": {"email": "john@mail.com"}}}
    # A mutation's answer is never kept, even one that failed.
    _, headers, _ = graphql(shared_sandbox, "mutation { deleteProduct(id: 999999) }")
    assert headers["cache-control"] == "no-store"


def test_a_browser_gets_graphiql_and_a_link_with_a_query_gets_json(shared_sandbox):
    html = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    status, headers, raw = shared_sandbox.request("GET", GQL, headers=html)
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert b"<html" in raw and headers["content-security-policy"]
    assert varies_by_accept(headers), headers
    status, headers, raw = shared_sandbox.request("GET", get_target(READ), headers=html)
    assert (status, headers["content-type"]) == (200, "application/json; charset=utf-8")
    assert json.loads(raw) == {"data": READ_DATA}


# --- Idempotency-Key ------------------------------------------------------------------------------

CREATE_TWO = ("mutation ($p: CreateProductDto!, $c: CreateCategoryDto!) { "
              "lamp: addProduct(data: $p) { id title } shelf: addCategory(data: $c) { id name } }")


def test_a_document_retried_with_its_key_creates_once_and_answers_the_same(sandbox):
    variables = {"p": product_body(title=unique("Keyed Lamp")),
                 "c": category_body(name=unique("Keyed Shelf"))}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = graphql(sandbox, CREATE_TWO, variables, headers=key)
    second = graphql(sandbox, CREATE_TWO, variables, headers=key)
    assert first[0] == second[0] == 200
    assert "errors" not in first[2] and second[2] == first[2]
    title = urllib.parse.quote(variables["p"]["title"])
    assert [p["id"] for p in sandbox.get(f"{API}/products?title={title}")] == \
        [int(first[2]["data"]["lamp"]["id"])]
    names = [c["name"] for c in sandbox.get(f"{API}/categories?limit=200")]
    assert names.count(variables["c"]["name"]) == 1

    # The same key with another document: each creating field is refused, as REST refuses it.
    changed = {**variables, "p": product_body(title=unique("Other Lamp"))}
    _, _, body = graphql(sandbox, CREATE_TWO, changed, headers=key)
    assert body["data"] is None
    lamp = [e for e in body["errors"] if e["path"] == ["lamp"]]
    assert lamp and lamp[0]["extensions"] == {"code": "UNPROCESSABLE_ENTITY", "status": 422}
    assert sandbox.get(f"{API}/products?title={urllib.parse.quote(changed['p']['title'])}") == []

    # A field's key is "<key>/<alias>": REST, sent the same body under it, replays the answer.
    status, headers, replayed = sandbox.request(
        "POST", f"{API}/categories", json.dumps(variables["c"], separators=(",", ":")).encode(),
        {"Content-Type": JSON, "Idempotency-Key": key["Idempotency-Key"] + "/shelf"})
    assert (status, headers.get("idempotent-replayed")) == (201, "true"), replayed
    assert str(json.loads(replayed)["id"]) == first[2]["data"]["shelf"]["id"]

    # Without a key nothing is remembered: the document creates again.
    third = graphql(sandbox, CREATE_TWO, variables)
    assert third[2]["data"]["lamp"]["id"] != first[2]["data"]["lamp"]["id"]


def test_each_creating_field_has_a_key_of_its_own(sandbox):
    """Two aliases of one field with the same input under one key are two creations."""
    document = ("mutation ($c: CreateCategoryDto!) { a: addCategory(data: $c) { id } "
                "b: addCategory(data: $c) { id } }")
    name = unique("Twin Shelf")
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = data_of(sandbox, document, {"c": category_body(name=name)}, headers=key)
    assert first["a"]["id"] != first["b"]["id"]
    assert data_of(sandbox, document, {"c": category_body(name=name)}, headers=key) == first


def test_a_key_too_long_for_a_field_fails_the_field_instead_of_its_protection(sandbox):
    status, headers, problem = sandbox.json("POST", f"{API}/categories", category_body(),
                                            {"Idempotency-Key": "x" * 256})
    problem = assert_problem(status, headers, problem, 400)
    # 250 characters make a key REST takes, but not once "/addCategory" is added to it.
    for key in ("k" * 250, "x" * 256):
        for _ in range(2):
            _, _, body = graphql(sandbox, 'mutation { addCategory(data: {name: "Long Key", '
                                 'image: "https://i.example/k.png"}) { id } }',
                                 headers={"Idempotency-Key": key})
            same_fields_as_rest(the_error(body), problem)
    assert "Long Key" not in [c["name"] for c in sandbox.get(f"{API}/categories?limit=200")]


# --- errors and null propagation ------------------------------------------------------------------

def test_a_failed_non_null_root_field_makes_data_null(shared_sandbox):
    _, _, body = graphql(shared_sandbox, "{ a: product(id: 1) { id }\n  b: product(id: 999999) "
                         "{ id } c: categories(limit: 1) { id } }")
    assert body["data"] is None
    error = the_error(body)
    assert error["path"] == ["b"] and error["locations"] == [{"line": 2, "column": 3}]
    assert error["extensions"] == {"code": "NOT_FOUND", "status": 404}


def test_a_failed_nested_field_rises_through_every_non_null_parent(shared_sandbox):
    _, _, body = graphql(shared_sandbox,
                         "{ categories(limit: 2) { id products(limit: 0) { id } } }")
    assert body["data"] is None
    assert body["errors"], body
    assert all(e["path"][0] == "categories" and e["path"][2] == "products"
               and e["extensions"]["code"] == "BAD_USER_INPUT" for e in body["errors"])


def test_a_nullable_field_keeps_the_rest_of_the_answer(shared_sandbox):
    # Every field of the reference schema is non-null; introspection's __type is the nullable
    # one a client can reach.
    data = data_of(shared_sandbox, '{ product(id: 2) { id } __type(name: "NoSuchType") { name } '
                   'category: __type(name: "Category") { name } }')
    assert data == {"product": {"id": "2"}, "__type": None, "category": {"name": "Category"}}


def test_mutations_run_in_order_and_the_ones_before_a_failure_stay_done(sandbox):
    first, last = unique("First Shelf"), unique("Last Shelf")
    _, _, body = graphql(sandbox, "mutation ($a: CreateCategoryDto!, $b: CreateCategoryDto!) { "
                         "a: addCategory(data: $a) { id } gone: deleteProduct(id: 999999) "
                         "b: addCategory(data: $b) { id } }",
                         {"a": category_body(name=first), "b": category_body(name=last)})
    assert body["data"] is None
    assert the_error(body)["path"] == ["gone"]
    names = [c["name"] for c in sandbox.get(f"{API}/categories?limit=200")]
    assert first in names
    # What came after the failure either ran or did not; it never ran twice.
    assert names.count(last) <= 1


# --- production: throttles as REST does -----------------------------------------------------------

@pytest.fixture
def production():
    """A production server of its own: failed logins count per client address."""
    world = World("production")
    yield world
    world.close()


def test_failed_logins_are_throttled_as_rests_are(production):
    srv = production.srv
    user, _ = production.user()
    wrong = ('mutation ($e: String!) { login(email: $e, password: "wrong-password") '
             '{ access_token } }')
    for _ in range(5):
        _, _, body = graphql(srv, wrong, {"e": user["email"]})
        assert the_error(body)["extensions"]["code"] == "UNAUTHENTICATED"
    _, _, body = graphql(srv, wrong.replace("wrong-password", "abcd1234"), {"e": user["email"]})
    error = the_error(body)
    assert error["extensions"] == {"code": "TOO_MANY_REQUESTS", "status": 429}
    status, headers, problem = srv.json("POST", f"{API}/auth/login",
                                        {"email": user["email"], "password": "abcd1234"})
    assert_problem(status, headers, problem, 429)


def test_logins_over_the_cost_bound_never_reach_the_throttle(production):
    srv = production.srv
    user, _ = production.user()
    guesses = " ".join(f'g{i}: login(email: "{user["email"]}", password: "guess-{i}") '
                       "{ access_token }" for i in range(6))
    started = time.monotonic()
    status, headers, body = graphql(srv, f"mutation {{ {guesses} }}")
    assert time.monotonic() - started < 1
    request_error(status, headers, body, "QUERY_TOO_COMPLEX")
    # Had they run, six failures would have locked the account.
    login(srv, user["email"], "abcd1234")


# --- hostile documents ----------------------------------------------------------------------------

def laughs(levels=30):
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    return "query { ...F0 } " + " ".join(fragments) + \
        f" fragment F{levels} on Query {{ categories {{ id }} }}"


# Each document is made when its test runs (some are megabytes): (make, code, words).
HOSTILE = [
    pytest.param(lambda: "{" + "a{" * 10_000 + "}" * 10_001, "GRAPHQL_PARSE_FAILED",
                 "nested too deeply", id="depth-10000"),
    pytest.param(lambda: "{" + " ".join(f"a{i}: product(id: 1) {{ id }}"
                                        for i in range(100_000)) + "}",
                 None, None, id="aliases-100000"),
    pytest.param(lambda: "{" + "a:b " * 100_000 + "}", "GRAPHQL_PARSE_FAILED", "too large",
                 id="aliases-100000-short"),
    pytest.param(lambda: "{" + " ".join(f"a{i}:__typename" for i in range(2_000)) + "}",
                 "QUERY_TOO_COMPLEX", "aliases", id="aliases-2000"),
    pytest.param(lambda: "{ product(id: 1) { id } }" + " " * (1 << 20), None, None,
                 id="document-1MiB"),
    pytest.param(lambda: "#" + "x" * 1_000_000 + "\n{ product(id: 1) { id } }",
                 "GRAPHQL_PARSE_FAILED", "too large", id="document-1MB-under-the-body-limit"),
    pytest.param(lambda: "{" + "a " * 9_000 + "}", "GRAPHQL_PARSE_FAILED", "tokens",
                 id="tokens-9000"),
    pytest.param(lambda: "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
                 "GRAPHQL_VALIDATION_FAILED", "within itself", id="circular-fragments"),
    pytest.param(laughs, "QUERY_TOO_COMPLEX", "fields", id="billion-laughs"),
    pytest.param(lambda: "{ " + "products(limit: 1) { category { " * 8 + "id" + " } }" * 8 + " }",
                 "QUERY_TOO_COMPLEX", "deep", id="depth-17"),
    pytest.param(lambda: "{ product(id: 1) { " + "id " * 1_001 + "} }", "QUERY_TOO_COMPLEX",
                 "fields", id="fields-1001"),
    pytest.param(lambda: "{ categories { products { category { products { id } } } } }",
                 "QUERY_TOO_COMPLEX", "100000", id="list-in-list"),
    pytest.param(lambda: "mutation { " + " ".join(
        f'l{i}: login(email: "john@mail.com", password: "changeme") {{ access_token }}'
        for i in range(6)) + " }", "QUERY_TOO_COMPLEX", "100000", id="six-logins"),
]


def post_hostile(srv, document, accept):
    """POSTs on a raw connection, as a hostile client would: (response, seconds)."""
    body = json.dumps({"query": document}).encode()
    started = time.monotonic()
    with srv.raw(timeout=10) as conn:
        try:
            conn.send(request_bytes("POST", GQL, body, {"Content-Type": JSON, "Accept": accept}))
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused on its length before the server read it all
        response = conn.read_response()
    return response, time.monotonic() - started


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE])
@pytest.mark.parametrize("make,code,words", HOSTILE)
def test_a_hostile_document_gets_one_error_at_once(shared_sandbox, make, code, words, accept):
    document = make()
    response, seconds = post_hostile(shared_sandbox, document, accept)
    assert seconds < 1.0, f"{seconds:.2f} s"
    if len(document) > 1 << 20:
        # Over the body limit: refused by HTTP before GraphQL sees it.
        problem = assert_problem(response.status, response.headers, response.body, 413)
        assert "errors" not in problem
    else:
        body = response.json()
        error = request_error(response.status, response.headers, body, code, accept)
        assert words in error["message"], error
        assert len(response.body) < 1024
    # The server goes on answering, at once.
    started = time.monotonic()
    assert data_of(shared_sandbox, READ) == READ_DATA
    assert time.monotonic() - started < 1.0


def test_the_bounds_let_the_largest_legal_documents_through(shared_sandbox):
    aliases = "{" + " ".join(f"a{i}: product(id: {i + 1}) {{ id }}" for i in range(50)) + "}"
    assert len(data_of(shared_sandbox, aliases)) == 50
    deep = "{ " + "products(limit: 1) { category { " * 7 + "id" + " } }" * 7 + " }"
    data_of(shared_sandbox, deep)
    logins = "mutation { " + " ".join(
        f'l{i}: login(email: "maria@mail.com", password: "12345") {{ access_token }}'
        for i in range(4)) + " }"
    assert len(data_of(shared_sandbox, logins)) == 4
    nested = "{ categories(limit: 10) { products(limit: 20) { category { products(limit: 20) " \
             "{ id } } } } }"
    data = data_of(shared_sandbox, nested)
    assert data["categories"] and all(c["products"] for c in data["categories"])
