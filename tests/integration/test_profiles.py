"""Profiles (sandbox / production), configuration and process lifecycle."""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
import xml.etree.ElementTree as ET

import pytest

from conftest import MERCADO_BIN, ServerDied
from mercado_helpers import category_body, product_body

API = "/api/v1"

WRITES = [
    ("POST", f"{API}/products", product_body()),
    ("PUT", f"{API}/products/1", product_body()),
    ("PATCH", f"{API}/products/1", {"price": 5}),
    ("DELETE", f"{API}/products/1", None),
    ("POST", f"{API}/categories", category_body()),
    ("PUT", f"{API}/categories/1", category_body()),
    ("PATCH", f"{API}/categories/1", {"name": "X"}),
    ("DELETE", f"{API}/categories/1", None),
]


@pytest.fixture(scope="module")
def production():
    from conftest import ServerPool
    pool = ServerPool()
    yield pool.start(profile="production")
    pool.finish()


def row_counts(db_path):
    db = sqlite3.connect(db_path)
    try:
        return (db.execute("SELECT count(*) FROM categories").fetchone()[0],
                db.execute("SELECT count(*) FROM products").fetchone()[0])
    finally:
        db.close()


# --- production ----------------------------------------------------------------------------------


def test_production_get_routes_work_on_empty_catalog(production):
    assert production.get(f"{API}/products") == []
    assert production.get(f"{API}/categories") == []
    assert production.get(f"{API}/products?title=lamp&limit=5") == []
    for path in (f"{API}/products/1", f"{API}/categories/1", f"{API}/categories/1/products",
                 f"{API}/products/slug/anything", f"{API}/products/1/related"):
        status, headers, body = production.json("GET", path)
        assert status == 404, path
        assert headers["content-type"].startswith("application/problem+json")
    assert production.json("GET", f"{API}/products?limit=0")[0] == 400


def test_production_does_not_seed(production):
    assert not any("seeded" in line for line in production.stderr_lines)
    assert row_counts(production.db_path) == (0, 0)


@pytest.mark.parametrize("method,path,body", WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_production_catalog_write_is_401_with_bearer_challenge(production, method, path, body):
    status, headers, problem = production.json(method, path, body)
    assert status == 401, problem
    assert headers["www-authenticate"].startswith("Bearer"), headers
    assert headers["content-type"].startswith("application/problem+json")
    assert problem["status"] == 401 and problem["type"] == "about:blank"
    assert problem["instance"] == path
    assert problem["detail"] and problem["message"] == problem["detail"]
    assert row_counts(production.db_path) == (0, 0)


def test_production_write_is_401_before_body_is_looked_at(production):
    status, headers, _ = production.json("POST", f"{API}/products", '{"broken',
                                         {"Content-Type": "application/json"})
    assert status == 401 and headers["www-authenticate"].startswith("Bearer")


def test_production_401_as_xml(production):
    status, headers, raw = production.request("DELETE", f"{API}/products/3",
                                              headers={"Accept": "application/xml"})
    assert status == 401
    assert headers["www-authenticate"].startswith("Bearer")
    assert headers["content-type"].startswith("application/problem+xml")
    assert ET.fromstring(raw).findtext("status") == "401"


def test_production_with_bogus_bearer_token_is_still_401(production):
    status, headers, _ = production.json("POST", f"{API}/products", product_body(),
                                         {"Authorization": "Bearer not-a-real-token"})
    assert status == 401 and headers["www-authenticate"].startswith("Bearer")


def test_production_refuses_a_database_with_demo_accounts(server):
    sandbox = server()
    assert sandbox.stop() == 0
    with pytest.raises(ServerDied, match="demo accounts"):
        server(profile="production", db_path=sandbox.db_path)


def test_production_on_seeded_catalog_without_demo_accounts_serves_it_read_only(server):
    sandbox = server()
    assert sandbox.stop() == 0
    with sqlite3.connect(sandbox.db_path) as db:
        db.execute("DELETE FROM users WHERE demo")
    prod = server(profile="production", db_path=sandbox.db_path)
    assert len(prod.get(f"{API}/products")) == 70
    assert prod.get(f"{API}/categories/6")["name"] == "Sports & Outdoors"
    assert prod.json("PATCH", f"{API}/products/1", {"price": 1})[0] == 401
    assert prod.json("DELETE", f"{API}/products/1")[0] == 401
    assert prod.get(f"{API}/products/1")["price"] == 89.5


def test_sandbox_seeds_an_empty_database_left_by_production(server):
    prod = server(profile="production")
    assert prod.stop() == 0
    assert row_counts(prod.db_path) == (0, 0)
    sandbox = server(db_path=prod.db_path)
    assert any("seeded" in line for line in sandbox.stderr_lines)
    assert len(sandbox.get(f"{API}/products")) == 70


# --- configuration -------------------------------------------------------------------------------


def test_serve_configured_by_environment_variables(server, tmp_path):
    db = str(tmp_path / "env.db")
    srv = server(use_flags=False, env={"MERCADO_HOST": "127.0.0.1", "MERCADO_PORT": "0",
                                       "MERCADO_DB": f"sqlite:{db}",
                                       "MERCADO_PROFILE": "production", "MERCADO_THREADS": "2"})
    listening = [json.loads(l) for l in srv.stderr_lines if '"listening"' in l][0]
    assert listening["profile"] == "production"
    assert listening["db"] == f"sqlite:{db}"
    assert os.path.exists(db)
    assert srv.get(f"{API}/products") == []
    assert srv.json("POST", f"{API}/products", product_body())[0] == 401


def test_serve_flags_override_environment(server):
    srv = server(env={"MERCADO_PROFILE": "production"})  # flags say --profile sandbox
    assert len(srv.get(f"{API}/products")) == 70
    assert srv.json("POST", f"{API}/products", product_body())[0] == 201


def test_serve_public_url_is_used_for_seeded_image_urls(server):
    srv = server(args=["--public-url", "https://shop.example.com/"])
    assert srv.get(f"{API}/categories/1")["image"] == \
        "https://shop.example.com/placeholders/clothes.svg"
    assert srv.get(f"{API}/products/1")["images"][0] == \
        "https://shop.example.com/placeholders/merino-wool-crew-sweater-1.svg"


@pytest.mark.parametrize("args,mentions", [
    (["--profile", "staging"], "--profile"),
    (["--port", "70000"], "--port"),
    (["--db", "mysql://localhost/x"], "--db"),
    (["--threads", "0"], "--threads"),
    (["--body-limit", "10"], "--body-limit"),
    (["--public-url", "ftp://x"], "--public-url"),
    (["--no-such-flag", "1"], "--no-such-flag"),
    (["--port"], "--port"),
])
def test_serve_rejects_bad_configuration(args, mentions):
    result = subprocess.run([MERCADO_BIN, "serve", *args], capture_output=True, timeout=10,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 2, result
    assert mentions in result.stderr.decode()


def test_serve_help_and_version():
    result = subprocess.run([MERCADO_BIN, "serve", "--help"], capture_output=True, timeout=10)
    assert result.returncode == 0 and b"MERCADO_DB" in result.stdout
    result = subprocess.run([MERCADO_BIN, "version"], capture_output=True, timeout=10)
    assert result.returncode == 0 and result.stdout.startswith(b"mercado ")
    result = subprocess.run([MERCADO_BIN, "frobnicate"], capture_output=True, timeout=10)
    assert result.returncode == 2


def test_serve_unwritable_database_fails_to_start():
    result = subprocess.run([MERCADO_BIN, "serve", "--port", "0", "--db",
                             "sqlite:/nonexistent-dir/x/mercado.db"],
                            capture_output=True, timeout=10, stdin=subprocess.DEVNULL)
    assert result.returncode != 0
    assert b"listening" not in result.stderr


# --- lifecycle -----------------------------------------------------------------------------------


def test_serve_sigterm_exits_0_and_releases_port(server):
    srv = server()
    assert srv.get(f"{API}/categories/1")["id"] == 1
    assert srv.stop() == 0
    assert any('"msg":"stopping"' in line for line in srv.stderr_lines)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", srv.port), timeout=2).close()


def test_serve_sigterm_with_open_keep_alive_connection_exits_0(server):
    # A half-sent request counts as in progress: it gets the drain timeout, and no more.
    srv = server(args=("--drain-timeout", "2"))
    with srv.raw() as conn:
        conn.send(b"GET /api/v1/products/1 HTTP/1.1\r\nHost: x\r\n\r\n")
        assert conn.read_response().status == 200
        conn.send(b"GET /api/v1/prod")  # and one half-sent request
        started = time.monotonic()
        assert srv.stop(timeout=10) == 0
        assert time.monotonic() - started < 5


def test_serve_sigterm_right_after_start_exits(server):
    for attempt in range(30):
        srv = server(threads=8)
        srv.expected_exit = True  # this test judges the exit itself
        srv.proc.send_signal(signal.SIGTERM)
        try:
            code = srv.proc.wait(5)
        except subprocess.TimeoutExpired:
            srv.kill9()
            pytest.fail(f"attempt {attempt}: still running 5 s after SIGTERM")
        srv.stop()
        assert code == 0, srv.stderr_text()
