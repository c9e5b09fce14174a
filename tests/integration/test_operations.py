"""What wraps every request and what operators use: CORS, the rate limit, the access log,
/healthz, /readyz, /metrics, the API description and docs page, and draining on SIGTERM."""

import json
import re
import signal
import socket
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import MERCADO_BIN
from identity_helpers import DEMO
from mercado_helpers import assert_problem

API = "/api/v1"
SHOP = "https://shop.example"


# --- CORS ---------------------------------------------------------------------------------------

def test_the_sandbox_allows_any_origin_without_credentials(shared_sandbox):
    _, headers, _ = shared_sandbox.request("GET", f"{API}/products/1", headers={"Origin": SHOP})
    assert headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in headers
    exposed = {h.strip().lower() for h in headers["access-control-expose-headers"].split(",")}
    assert {"etag", "link", "x-total-count", "x-request-id", "ratelimit-limit",
            "ratelimit-remaining", "ratelimit-reset"} <= exposed
    assert "Origin" in headers["vary"]


def test_a_preflight_is_answered_without_authentication(server, tmp_path):
    srv = server(profile="production", args=("--cors-origins", f"{SHOP}, https://admin.example"))
    status, headers, body = srv.request("OPTIONS", f"{API}/products/1", headers={
        "Origin": SHOP, "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization, if-match"})
    assert status == 204 and body == b""
    assert headers["access-control-allow-origin"] == SHOP
    assert "PUT" in headers["access-control-allow-methods"]
    allowed = headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed and "if-match" in allowed
    assert "Origin" in headers["vary"]


def test_production_answers_listed_origins_only(server):
    srv = server(profile="production", args=("--cors-origins", SHOP))
    _, headers, _ = srv.request("GET", f"{API}/products", headers={"Origin": SHOP})
    assert headers["access-control-allow-origin"] == SHOP
    _, headers, _ = srv.request("GET", f"{API}/products", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in headers and "Origin" in headers["vary"]


def test_production_allows_no_origin_by_default(server):
    srv = server(profile="production")
    _, headers, _ = srv.request("GET", f"{API}/products", headers={"Origin": SHOP})
    assert "access-control-allow-origin" not in headers


def test_a_bad_origin_list_refuses_to_start(server):
    with pytest.raises(AssertionError):
        server(args=("--cors-origins", "shop.example/path"))


# --- rate limit ---------------------------------------------------------------------------------

def test_past_the_rate_a_client_gets_429_with_retry_after(server):
    srv = server(args=("--rate-limit", "5"))
    statuses = []
    for _ in range(8):
        status, headers, body = srv.request("GET", f"{API}/categories/1")
        statuses.append(status)
        assert headers["ratelimit-limit"] == "5"
    assert statuses[:5] == [200] * 5 and statuses[-1] == 429
    assert_problem(status, headers, body, 429)
    assert int(headers["retry-after"]) >= 1 and headers["ratelimit-remaining"] == "0"
    # Unknown paths count too (scanners); probes always get through, so a busy client never
    # makes the instance look dead.
    assert srv.request("GET", "/wp-login.php")[0] == 429
    assert srv.request("GET", "/healthz")[0] == 200
    time.sleep(1.1)
    assert srv.request("GET", f"{API}/categories/1")[0] == 200


def test_rate_limit_zero_is_off(server):
    srv = server(args=("--rate-limit", "0"))
    statuses = {srv.request("GET", "/api/v1/categories/1")[0] for _ in range(30)}
    _, headers, _ = srv.request("GET", "/api/v1/categories/1")
    assert statuses == {200} and "ratelimit-limit" not in headers


def statuses_for(srv, forwarded_for, times):
    return [srv.request("GET", f"{API}/categories/1",
                        headers={"X-Forwarded-For": forwarded_for})[0] for _ in range(times)]


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_bucket(server):
    srv = server(args=("--rate-limit", "3", "--trusted-proxies", "127.0.0.0/8"))
    assert statuses_for(srv, "198.51.100.1", 4) == [200, 200, 200, 429]
    # Another client behind the same balancer is not held back by the first.
    assert statuses_for(srv, "198.51.100.2", 3) == [200, 200, 200]
    # What a client wrote in its own X-Forwarded-For is left of what the balancer appended.
    assert statuses_for(srv, "10.9.9.9, 198.51.100.1", 1) == [429]
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if {line.get("client") for line in access_lines(srv)} >= {"198.51.100.1",
                                                                   "198.51.100.2"}:
            break
        time.sleep(0.05)
    assert {line.get("client") for line in access_lines(srv)} == {"198.51.100.1",
                                                                  "198.51.100.2"}


def test_without_trusted_proxies_forwarded_for_is_ignored(server):
    srv = server(args=("--rate-limit", "3"))
    assert statuses_for(srv, "198.51.100.1", 3) == [200, 200, 200]
    assert statuses_for(srv, "198.51.100.2", 1) == [429], "a client must not pick its address"


def test_trusted_proxies_must_be_addresses_or_networks(server):
    with pytest.raises(AssertionError):
        server(args=("--trusted-proxies", "balancer.internal"))


# --- access log ---------------------------------------------------------------------------------

def access_lines(srv):
    lines = []
    for line in srv.stderr_lines:
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("msg") == "request":
            lines.append(event)
    return lines


def test_one_structured_access_line_per_request(server):
    srv = server()
    srv.request("GET", f"{API}/products/2", headers={"X-Request-Id": "trace-42"})
    srv.request("GET", "/nowhere")
    deadline = time.monotonic() + 5
    while len(access_lines(srv)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    # Each worker thread writes its lines in batches: find them by what they record.
    first = next(line for line in access_lines(srv) if line["route"] != "unmatched")
    second = next(line for line in access_lines(srv) if line["route"] == "unmatched")
    assert first["id"] == "trace-42" and first["method"] == "GET"
    assert first["route"] == "/api/v1/products/{id}" and first["status"] == 200
    assert first["bytes"] > 100 and first["duration_ms"] >= 0
    assert second["route"] == "unmatched" and second["status"] == 404


def test_the_access_log_can_be_turned_off_and_never_holds_secrets(server):
    srv = server(args=("--access-log", "off"))
    srv.json("POST", f"{API}/auth/login", {"email": "john@mail.com", "password": DEMO["john@mail.com"]})
    srv.request("GET", f"{API}/products/1")
    time.sleep(0.2)
    assert access_lines(srv) == []
    logged = server()
    logged.json("POST", f"{API}/auth/login?password=x", {"email": "john@mail.com",
                                                        "password": DEMO["john@mail.com"]})
    time.sleep(0.2)
    text = "\n".join(logged.stderr_lines)
    assert DEMO["john@mail.com"] not in text and "password=x" not in text


# --- health, readiness, metrics -----------------------------------------------------------------

def test_health_and_readiness(shared_sandbox):
    assert shared_sandbox.get("/healthz") == {"status": "ok"}
    assert shared_sandbox.get("/readyz") == {"status": "ready"}


def test_metrics_count_requests_by_route_and_status(server):
    srv = server()
    for _ in range(3):
        srv.request("GET", f"{API}/products/1")
    srv.request("GET", f"{API}/products/99999")
    srv.json("PATCH", f"{API}/products/1", {"price": 3})
    status, headers, body = srv.request("GET", "/metrics")
    assert status == 200 and headers["content-type"].startswith("text/plain; version=0.0.4")
    text = body.decode()
    route = 'route="GET /api/v1/products/{id}"'
    assert f'mercado_http_requests_total{{{route},status="200"}} 3' in text
    assert f'mercado_http_requests_total{{{route},status="404"}} 1' in text
    assert re.search(r'mercado_http_request_duration_seconds_bucket\{le="\+Inf"\} (\d+)', text)
    assert re.search(r"^mercado_http_requests_in_flight 1$", text, re.M)
    assert re.search(r"^mercado_storage_write_seconds_count 1$", text, re.M)


# --- the API's description and docs page --------------------------------------------------------

def test_the_openapi_document_is_served(shared_sandbox):
    document = shared_sandbox.get(f"{API}/openapi.json")
    assert document["openapi"].startswith("3.1")
    assert f"{API}/products" in document["paths"]


def test_the_docs_page_has_a_strict_policy(shared_sandbox):
    status, headers, body = shared_sandbox.request("GET", "/docs")
    if status == 404:
        pytest.skip("Swagger UI is not installed (npm ci)")
    assert status == 200 and headers["content-type"].startswith("text/html")
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("style-src")[0]
    for script in re.findall(rb'src="([^"]+)"', body):
        assert shared_sandbox.request("GET", script.decode())[0] == 200


# --- draining on SIGTERM ------------------------------------------------------------------------

def in_flight(srv):
    text = srv.request("GET", "/metrics")[2].decode()
    return int(re.search(r"^mercado_http_requests_in_flight (\d+)$", text, re.M).group(1))


def test_sigterm_lets_requests_in_progress_finish(server):
    srv = server(args=("--drain-timeout", "20"))
    results = []

    def log_in(email, password):
        try:
            status, _, _ = srv.request("POST", f"{API}/auth/login",
                                       {"email": email, "password": password}, timeout=30)
            results.append(status)
        except OSError as error:
            results.append(repr(error))

    # Password hashing keeps each of these logins busy for a while, on two hashing threads.
    workers = [threading.Thread(target=log_in, args=(email, password))
               for email, password in list(DEMO.items()) * 6]
    for worker in workers:
        worker.start()
    # SIGTERM once every one of them is in progress (the scrape itself is one more).
    deadline = time.monotonic() + 20
    while in_flight(srv) < len(workers) + 1 and time.monotonic() < deadline:
        time.sleep(0.005)
    srv.expected_exit = True
    srv.proc.send_signal(signal.SIGTERM)
    for worker in workers:
        worker.join(40)
    assert results == [201] * len(workers), results
    assert srv.proc.wait(30) == 0
    srv.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", srv.port), timeout=2).close()


def test_readiness_turns_503_while_draining(server):
    srv = server(args=("--drain-timeout", "20"))
    # A request whose first bytes are in before SIGTERM is finished; it asks for readiness.
    conn = srv.raw()
    conn.send(b"GET /readyz HTTP/1.1\r\n")
    time.sleep(0.2)
    srv.expected_exit = True
    srv.proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    conn.send(b"Host: x\r\n\r\n")
    response = conn.read_response()
    assert response.status == 503
    assert response.headers["connection"].lower() == "close"
    assert srv.proc.wait(30) == 0
    srv.stop()


def test_shutdown_delay_keeps_serving_new_connections_while_readiness_says_503(server):
    srv = server(args=("--shutdown-delay", "2"))
    srv.expected_exit = True
    signalled = time.monotonic()
    srv.proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    # A balancer's check sees the instance leaving; a request that still arrives is served.
    assert srv.request("GET", "/readyz")[0] == 503
    assert srv.request("GET", "/api/v1/categories/1")[0] == 200
    assert srv.proc.wait(30) == 0
    assert time.monotonic() - signalled >= 2
    srv.stop()


@pytest.mark.parametrize("attempt", range(10))
def test_sigterm_at_any_moment_exits_promptly(server, attempt):
    srv = server(threads=4)
    time.sleep(attempt * 0.11)  # lands at many points of the once-a-second sweep
    srv.expected_exit = True
    srv.proc.send_signal(signal.SIGTERM)
    assert srv.proc.wait(5) == 0
    srv.stop()


# --- mercado migrate --------------------------------------------------------------------------

MIGRATIONS = sorted((Path(__file__).resolve().parents[2] / "src/storage/sqlite/migrations")
                    .glob("*.sql"))


def applied_migrations(db):
    with sqlite3.connect(db) as connection:
        return [version for (version,) in
                connection.execute("SELECT version FROM schema_migrations ORDER BY version")]


def test_migrate_brings_a_database_to_the_current_schema_and_exits(tmp_path):
    db = tmp_path / "deploy.db"
    migrate = [MERCADO_BIN, "migrate", "--db", f"sqlite:{db}"]
    first = subprocess.run(migrate, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert "up to date" in first.stdout and str(db) not in first.stdout
    assert applied_migrations(db) == list(range(1, len(MIGRATIONS) + 1))
    with sqlite3.connect(db) as connection:
        tables = {name for (name,) in
                  connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"products", "categories", "users", "files", "commit_position"} <= tables
    again = subprocess.run(migrate, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert applied_migrations(db) == list(range(1, len(MIGRATIONS) + 1))


@pytest.mark.parametrize("args", [[], ["--db"], ["--db", "shop.db"], ["--db", "mysql://db/shop"]])
def test_migrate_refuses_a_missing_or_unknown_database_url(tmp_path, args):
    run = subprocess.run([MERCADO_BIN, "migrate", *args], capture_output=True, text=True,
                         timeout=60, cwd=tmp_path)
    assert run.returncode == 2
    assert "usage: mercado migrate" in run.stderr
    assert list(tmp_path.iterdir()) == []
