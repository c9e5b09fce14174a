"""Users and login, end to end: shapes, validation, uniqueness, the sandbox's demo accounts,
production's rules and the admin command. Passwords never come back, in any response or log."""

import subprocess
import xml.etree.ElementTree as ET

import pytest

from conftest import MERCADO_BIN, ServerDied
from identity_helpers import (ADMIN_PASSWORD, API, DEMO, USER_FIELDS, bearer, create_admin,
                              login, production_with_admin, register, user_body)
from mercado_helpers import TIMESTAMP_RE, assert_problem, error_fields


def assert_user(user, **expected):
    assert set(user) == USER_FIELDS, user
    assert isinstance(user["id"], int) and user["id"] > 0
    assert user["role"] in ("customer", "admin")
    assert TIMESTAMP_RE.match(user["creationAt"]) and TIMESTAMP_RE.match(user["updatedAt"])
    for key, value in expected.items():
        assert user[key] == value, (key, user)


def assert_no_secret(srv, data, *passwords):
    text = data if isinstance(data, str) else repr(data)
    assert "$argon2" not in text and "password" not in text.lower()
    log = "\n".join(srv.stderr_lines)
    assert "$argon2" not in log
    for password in passwords:
        assert password not in text and password not in log


# --- sandbox ---------------------------------------------------------------------------------

def test_users_list_shows_the_demo_accounts_without_passwords(shared_sandbox):
    users = shared_sandbox.get(f"{API}/users")
    assert [u["email"] for u in users[:3]] == list(DEMO)
    assert [u["role"] for u in users[:3]] == ["customer", "customer", "admin"]
    for user in users:
        assert_user(user)
    assert_no_secret(shared_sandbox, users, *DEMO.values())


def test_users_list_pages_like_other_lists(shared_sandbox):
    assert [u["id"] for u in shared_sandbox.get(f"{API}/users?offset=1&limit=1")] == [2]
    status, headers, body = shared_sandbox.request("GET", f"{API}/users?limit=201")
    assert_problem(status, headers, body, 400)


def test_users_get_by_id_and_404(shared_sandbox):
    assert_user(shared_sandbox.get(f"{API}/users/3"), email="admin@mail.com", role="admin")
    status, headers, body = shared_sandbox.request("GET", f"{API}/users/99999")
    assert_problem(status, headers, body, 404)
    status, headers, body = shared_sandbox.request("GET", f"{API}/users/abc")
    assert_problem(status, headers, body, 400)


def test_users_post_creates_with_location_and_can_log_in(sandbox):
    body = user_body(name="Ana")
    status, headers, user = sandbox.json("POST", f"{API}/users", body)
    assert status == 201, user
    # The sandbox echoes the password this request sent (sign-up flows log in with it at once).
    assert user.pop("password") == body["password"]
    assert_user(user, email=body["email"], name="Ana", role="customer", avatar=body["avatar"])
    assert headers["location"] == f"/api/v1/users/{user['id']}"
    assert sandbox.get(headers["location"]) == user
    tokens = login(sandbox, body["email"].upper(), body["password"])
    status, _, profile = sandbox.json("GET", f"{API}/auth/profile",
                                      headers=bearer(tokens["access_token"]))
    assert status == 200 and profile == user
    assert_no_secret(sandbox, user, body["password"])


def test_users_post_names_every_bad_field(sandbox):
    status, headers, body = sandbox.request("POST", f"{API}/users", {
        "email": "not-an-email", "name": "", "password": "ab!", "avatar": "ftp://x/y.png",
        "role": "superuser"})
    problem = assert_problem(status, headers, body, 400)
    assert sorted(error_fields(problem)) == ["avatar", "email", "name", "password", "role"]


def test_users_post_requires_every_field(sandbox):
    status, headers, body = sandbox.request("POST", f"{API}/users", {})
    problem = assert_problem(status, headers, body, 400)
    assert sorted(error_fields(problem)) == ["avatar", "email", "name", "password"]


@pytest.mark.parametrize("password,ok", [("abcd", True), ("12345", True), ("abc", False),
                                          ("abc!", False), ("ab cd", False)])
def test_users_post_sandbox_password_rule(sandbox, password, ok):
    status, headers, body = sandbox.request("POST", f"{API}/users", user_body(password=password))
    if ok:
        assert status == 201, body
    else:
        assert error_fields(assert_problem(status, headers, body, 400)) == ["password"]


def test_users_email_is_unique_case_insensitively(sandbox):
    status, headers, body = sandbox.request("POST", f"{API}/users", user_body(email="JOHN@Mail.com"))
    assert_problem(status, headers, body, 409)
    user, _ = register(sandbox)
    status, headers, body = sandbox.request("PATCH", f"{API}/users/{user['id']}",
                                            {"email": "Maria@mail.COM"})
    assert_problem(status, headers, body, 409)
    # Its own address in another case is fine.
    status, _, changed = sandbox.json("PATCH", f"{API}/users/{user['id']}",
                                      {"email": user["email"].upper()})
    assert status == 200 and changed["email"] == user["email"].upper()


def test_users_is_available(shared_sandbox):
    for email, available in [("john@mail.com", False), ("JOHN@MAIL.COM", False),
                             ("free@example.com", True)]:
        status, _, body = shared_sandbox.json("POST", f"{API}/users/is-available",
                                              {"email": email})
        assert (status, body) == (201, {"isAvailable": available})
    status, headers, body = shared_sandbox.request("POST", f"{API}/users/is-available",
                                                   {"email": "nope"})
    assert error_fields(assert_problem(status, headers, body, 400)) == ["email"]


def test_users_patch_put_delete_in_the_sandbox(sandbox):
    user, _ = register(sandbox)
    path = f"{API}/users/{user['id']}"
    status, _, patched = sandbox.json("PATCH", path, {"name": "Patched"})
    assert status == 200 and patched["name"] == "Patched" and patched["email"] == user["email"]
    status, _, put = sandbox.json("PUT", path, {"avatar": "https://img.example.com/b.png"})
    assert status == 200 and put["name"] == "Patched"  # the sandbox's PUT is partial
    status, _, promoted = sandbox.json("PATCH", path, {"role": "admin"})
    assert status == 200 and promoted["role"] == "admin"  # the sandbox lets anyone
    status, _, new_password = sandbox.json("PATCH", path, {"password": "newpass1"})
    assert status == 200
    login(sandbox, user["email"], "newpass1")
    status, _, deleted = sandbox.json("DELETE", path)
    assert (status, deleted) == (200, True)
    status, headers, body = sandbox.request("GET", path)
    assert_problem(status, headers, body, 404)
    status, headers, body = sandbox.request("DELETE", path)
    assert_problem(status, headers, body, 404)


@pytest.mark.parametrize("user_id", [1, 2, 3])
def test_users_demo_accounts_are_read_only(sandbox, user_id):
    before = sandbox.get(f"{API}/users/{user_id}")
    for method, body in [("PATCH", {"name": "Hacked"}), ("PUT", {"password": "hacked1"}),
                         ("DELETE", None)]:
        status, headers, data = sandbox.request(method, f"{API}/users/{user_id}", body)
        assert_problem(status, headers, data, 403)
    assert sandbox.get(f"{API}/users/{user_id}") == before
    email = before["email"]
    login(sandbox, email, DEMO[email])


def test_users_in_xml_have_no_password_element(shared_sandbox):
    status, headers, body = shared_sandbox.request("GET", f"{API}/users/1",
                                                   headers={"Accept": "application/xml"})
    assert status == 200 and headers["content-type"].startswith("application/xml")
    root = ET.fromstring(body)
    assert root.tag == "user"
    assert {child.tag for child in root} == USER_FIELDS
    assert root.findtext("email") == "john@mail.com"


# --- login -----------------------------------------------------------------------------------

def test_login_with_each_demo_account(shared_sandbox):
    for email, password in DEMO.items():
        tokens = login(shared_sandbox, email, password)
        assert set(tokens) == {"access_token", "refresh_token"}
    assert_no_secret(shared_sandbox, "", *DEMO.values())


@pytest.mark.parametrize("email,password", [("john@mail.com", "wrong"),
                                            ("nobody@mail.com", "changeme"),
                                            ("john@mail.com", "")])
def test_login_refused_alike_for_unknown_email_and_wrong_password(shared_sandbox, email, password):
    status, headers, body = shared_sandbox.request("POST", f"{API}/auth/login",
                                                   {"email": email, "password": password})
    problem = assert_problem(status, headers, body, 401)
    assert headers["www-authenticate"].startswith("Bearer")
    assert problem["detail"] == "The e-mail or the password is wrong."


@pytest.mark.parametrize("body", [{}, {"email": "john@mail.com"}, {"password": "changeme"},
                                  {"email": None, "password": "changeme"},
                                  {"email": "john@mail.com", "password": None}])
def test_login_without_email_or_password_is_401_as_on_the_reference(shared_sandbox, body):
    status, headers, problem = shared_sandbox.request("POST", f"{API}/auth/login", body)
    problem = assert_problem(status, headers, problem, 401)
    assert headers["www-authenticate"].startswith("Bearer")
    assert problem["detail"] == "The e-mail or the password is wrong."


@pytest.mark.parametrize("body,field", [({"email": 5, "password": "changeme"}, "email"),
                                        ({"email": "john@mail.com", "password": ["x"]}, "password"),
                                        ({"email": "john@mail.com", "password": "p" * 129},
                                         "password")])
def test_login_with_a_malformed_field_is_400_naming_it(shared_sandbox, body, field):
    status, headers, problem = shared_sandbox.request("POST", f"{API}/auth/login", body)
    assert error_fields(assert_problem(status, headers, problem, 400)) == [field]


def test_login_is_not_throttled_in_the_sandbox(sandbox):
    for _ in range(8):
        status, _, _ = sandbox.request("POST", f"{API}/auth/login",
                                       {"email": "john@mail.com", "password": "nope"})
        assert status == 401
    login(sandbox, "john@mail.com", "changeme")


# --- production ------------------------------------------------------------------------------

def test_production_has_no_demo_account(server):
    srv = server(profile="production")
    status, headers, body = srv.request("POST", f"{API}/auth/login",
                                        {"email": "john@mail.com", "password": "changeme"})
    assert_problem(status, headers, body, 401)
    status, headers, body = srv.request("GET", f"{API}/users")
    assert_problem(status, headers, body, 401)


def test_production_refuses_a_sandbox_database(server):
    sandbox = server()
    assert sandbox.stop() == 0
    with pytest.raises(ServerDied, match="demo accounts"):
        server(profile="production", db_path=sandbox.db_path)


def test_admin_create_command(tmp_path):
    db = str(tmp_path / "admin.db")
    created = create_admin(db, extra=("--name", "Root"))
    assert created.returncode == 0, created.stderr
    assert "root@shop.example" in created.stdout and ADMIN_PASSWORD not in created.stdout
    again = create_admin(db)
    assert again.returncode == 1 and "exists" in again.stderr
    weak = create_admin(db, email="weak@shop.example", password="changeme")
    assert weak.returncode == 2 and "password" in weak.stderr
    from_stdin = subprocess.run([MERCADO_BIN, "admin", "create", "--db", f"sqlite:{db}",
                                 "--email", "stdin@shop.example", "--password", "-"],
                                input="typed in secret\n", capture_output=True, text=True,
                                timeout=60)
    assert from_stdin.returncode == 0, from_stdin.stderr
    bad = subprocess.run([MERCADO_BIN, "admin", "create", "--email", "x@y.co"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2


def test_production_rules_for_users(server, tmp_path):
    srv, admin = production_with_admin(server, tmp_path)
    status, headers, body = srv.request("POST", f"{API}/users", user_body(password="short1"))
    assert error_fields(assert_problem(status, headers, body, 400)) == ["password"]
    status, headers, body = srv.request("POST", f"{API}/users",
                                        user_body(password="admin123"))
    assert error_fields(assert_problem(status, headers, body, 400)) == ["password"]
    status, headers, body = srv.request("POST", f"{API}/users", user_body(role="admin"))
    assert_problem(status, headers, body, 403)
    ana, ana_token = register(srv, password="ana-password")
    bob, bob_token = register(srv, password="bob-password")
    # A customer sees and changes only itself.
    assert srv.json("GET", f"{API}/users/{ana['id']}", headers=bearer(ana_token))[0] == 200
    status, headers, body = srv.request("GET", f"{API}/users/{bob['id']}", headers=bearer(ana_token))
    assert_problem(status, headers, body, 403)
    status, headers, body = srv.request("GET", f"{API}/users", headers=bearer(ana_token))
    assert_problem(status, headers, body, 403)
    status, headers, body = srv.request("PATCH", f"{API}/users/{ana['id']}", {"role": "admin"},
                                        bearer(ana_token))
    assert_problem(status, headers, body, 403)
    # PUT replaces the whole resource.
    status, headers, body = srv.request("PUT", f"{API}/users/{ana['id']}", {"name": "Only"},
                                        bearer(ana_token))
    assert sorted(error_fields(assert_problem(status, headers, body, 400))) == [
        "avatar", "email", "password"]
    # An admin may do all of it.
    assert len(srv.get(f"{API}/users", headers=bearer(admin))) == 3
    status, _, promoted = srv.json("PATCH", f"{API}/users/{bob['id']}", {"role": "admin"},
                                   bearer(admin))
    assert status == 200 and promoted["role"] == "admin"
    status, _, made = srv.json("POST", f"{API}/users", user_body(role="admin"), bearer(admin))
    assert status == 201 and made["role"] == "admin"
    assert srv.json("DELETE", f"{API}/users/{ana['id']}", headers=bearer(admin))[0] == 200


def test_production_catalog_writes_need_an_admin(server, tmp_path):
    srv, admin = production_with_admin(server, tmp_path)
    _, customer = register(srv, password="customer-pass")
    body = {"name": "Tools", "image": "https://img.example.com/t.png"}
    status, headers, data = srv.request("POST", f"{API}/categories", body)
    assert_problem(status, headers, data, 401)
    status, headers, data = srv.request("POST", f"{API}/categories", body, bearer(customer))
    assert_problem(status, headers, data, 403)
    status, _, created = srv.json("POST", f"{API}/categories", body, bearer(admin))
    assert status == 201 and created["name"] == "Tools"


def test_production_throttles_failed_logins_per_account(server, tmp_path):
    srv, _ = production_with_admin(server, tmp_path)
    user, _ = register(srv, password="right-password")
    for _ in range(5):
        status, _, _ = srv.request("POST", f"{API}/auth/login",
                                   {"email": user["email"], "password": "wrong-password"})
        assert status == 401
    status, headers, body = srv.request("POST", f"{API}/auth/login",
                                        {"email": user["email"], "password": "right-password"})
    assert_problem(status, headers, body, 429)
    assert 0 < int(headers["retry-after"]) <= 900
    # Another account from the same client is not blocked by this one's failures.
    login(srv, "root@shop.example", ADMIN_PASSWORD)


def test_production_throttles_failed_logins_per_client(server, tmp_path):
    srv, _ = production_with_admin(server, tmp_path)
    for i in range(20):
        status, _, _ = srv.request("POST", f"{API}/auth/login",
                                   {"email": f"guess{i}@example.com", "password": "wrong-pass"})
        assert status == 401
    status, headers, body = srv.request("POST", f"{API}/auth/login",
                                        {"email": "root@shop.example", "password": ADMIN_PASSWORD})
    assert_problem(status, headers, body, 429)


def test_production_success_clears_the_account_count(server, tmp_path):
    srv, _ = production_with_admin(server, tmp_path)
    user, _ = register(srv, password="right-password")
    for _ in range(2):
        for _ in range(4):
            srv.request("POST", f"{API}/auth/login",
                        {"email": user["email"], "password": "wrong-password"})
        login(srv, user["email"], "right-password")
