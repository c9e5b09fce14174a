"""Size limits, timeouts and concurrency."""

import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from mercado_helpers import RawConnection, product_body, request_bytes

API = "/api/v1"
MIB = 1024 * 1024


def padded_product(total_size, **overrides):
    """A valid product body padded with trailing spaces (insignificant in JSON) to exactly
    total_size bytes."""
    raw = json.dumps(product_body(**overrides)).encode()
    assert len(raw) <= total_size
    return raw + b" " * (total_size - len(raw))


def post_raw(srv, body, extra_headers=None):
    """POSTs on a raw connection: (response, whether the server then closed the connection;
    only checked for error answers)."""
    headers = {"Content-Type": "application/json"}
    headers.update(extra_headers or {})
    with srv.raw() as conn:
        try:
            conn.send(request_bytes("POST", f"{API}/products", body, headers))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before reading everything
        response = conn.read_response()
        closed = response.status >= 400 and conn.closed_by_server(within=5)
    return response, closed


# --- body size -----------------------------------------------------------------------------------


def test_post_product_body_over_1_mib_is_413_before_body_is_sent(sandbox):
    with sandbox.raw() as conn:
        # Only the head: the server must refuse on Content-Length alone, without the body.
        conn.send(f"POST {API}/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {MIB + 1}\r\n\r\n".encode())
        response = conn.read_response()
        assert response.status == 413
        assert response.headers["content-type"].startswith("application/problem+json")
        body = response.json()
        assert body["status"] == 413 and body["type"] == "about:blank"
        assert conn.closed_by_server(within=5)
    assert len(sandbox.get(f"{API}/products")) == 70


def test_post_product_body_of_exactly_1_mib_is_accepted(sandbox):
    response, _ = post_raw(sandbox, padded_product(MIB, title="Exactly One MiB"))
    assert response.status == 201, response
    assert response.json()["title"] == "Exactly One MiB"


def test_post_product_chunked_body_over_1_mib_is_413(sandbox):
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(17)) + b"0\r\n\r\n"
    response, closed = post_raw(sandbox, body, {"Transfer-Encoding": "chunked"})
    assert response.status == 413
    assert closed


def test_post_product_over_configured_body_limit_is_413(server):
    srv = server(args=["--body-limit", "2048"])
    response, closed = post_raw(srv, padded_product(2049, title="Too Big"))
    assert response.status == 413 and closed
    response, _ = post_raw(srv, padded_product(2048, title="Just Fits"))
    assert response.status == 201, response
    assert [p["title"] for p in srv.get(f"{API}/products?title=just%20fits")] == ["Just Fits"]
    assert srv.get(f"{API}/products?title=too%20big") == []


def test_post_product_over_body_limit_from_environment_is_413(server):
    srv = server(env={"MERCADO_BODY_LIMIT": "4096"})
    response, _ = post_raw(srv, padded_product(5000))
    assert response.status == 413
    response, _ = post_raw(srv, padded_product(4000))
    assert response.status == 201


def test_post_product_413_problem_names_instance(sandbox):
    with sandbox.raw() as conn:
        conn.send(f"POST {API}/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {MIB + 1}\r\n\r\n".encode())
        response = conn.read_response()
    assert response.status == 413
    assert response.json().get("instance") == f"{API}/products"


# --- header size ---------------------------------------------------------------------------------


def test_headers_over_16_kib_are_431(shared_sandbox):
    with shared_sandbox.raw() as conn:
        conn.send(request_bytes("GET", f"{API}/products/1", headers={"X-Big": "a" * (17 * 1024)}))
        response = conn.read_response()
        assert response.status == 431
        assert response.headers["content-type"].startswith("application/problem+json")
        assert conn.closed_by_server(within=5)
    # many small headers adding up count too
    many = {f"X-H{i}": "b" * 100 for i in range(200)}
    with shared_sandbox.raw() as conn:
        conn.send(request_bytes("GET", f"{API}/products/1", headers=many))
        assert conn.read_response().status == 431


def test_headers_under_16_kib_are_accepted(shared_sandbox):
    with shared_sandbox.raw() as conn:
        conn.send(request_bytes("GET", f"{API}/products/1", headers={"X-Big": "a" * (14 * 1024)}))
        response = conn.read_response()
    assert response.status == 200 and response.json()["id"] == 1


def test_request_line_over_16_kib_is_refused(shared_sandbox):
    with shared_sandbox.raw() as conn:
        conn.send(request_bytes("GET", f"{API}/products?title={'a' * (20 * 1024)}"))
        response = conn.read_response()
    assert response.status in (414, 431)


# --- connections and concurrency -----------------------------------------------------------------


def test_many_idle_connections_do_not_block_service(shared_sandbox):
    idle = [socket.create_connection(("127.0.0.1", shared_sandbox.port)) for _ in range(200)]
    try:
        for i in range(1, 11):
            assert shared_sandbox.get(f"{API}/products/{i}")["id"] == i
    finally:
        for s in idle:
            s.close()


def test_post_products_concurrently_all_succeed_with_distinct_ids(sandbox):
    threads, per_thread = 8, 25

    def worker(t):
        results = []
        for i in range(per_thread):
            status, headers, body = sandbox.json(
                "POST", f"{API}/products",
                product_body(title=f"Concurrent {t}-{i}", price=1 + t + i / 100,
                             categoryId=1 + (t % 7)))
            results.append((status, headers.get("location"), body))
        return results

    with ThreadPoolExecutor(threads) as pool:
        results = [r for rs in pool.map(worker, range(threads)) for r in rs]

    assert [s for s, _, _ in results] == [201] * (threads * per_thread)
    new_ids = [b["id"] for _, _, b in results]
    assert len(set(new_ids)) == threads * per_thread
    assert set(new_ids) == set(range(71, 71 + threads * per_thread))
    assert all(loc == f"{API}/products/{b['id']}" for _, loc, b in results)
    slugs = [b["slug"] for _, _, b in results]
    assert len(set(slugs)) == len(slugs)

    # GET shows every one: 270 products, listed 200 at most per page (the default cap).
    first = sandbox.get(f"{API}/products")
    assert len(first) == 200
    rest = sandbox.get(f"{API}/products?offset=200")
    listed = [p["id"] for p in first + rest]
    assert listed == list(range(1, 71 + threads * per_thread))
    by_id = {p["id"]: p for p in first + rest}
    for _, _, body in results:
        assert by_id[body["id"]]["title"] == body["title"]
        assert by_id[body["id"]]["price"] == body["price"]
    assert len(sandbox.get(f"{API}/products?title=concurrent&limit=200")) == 200


def test_reads_during_concurrent_writes_stay_consistent(sandbox):
    stop = threading.Event()
    problems = []

    def reader():
        while not stop.is_set():
            status, _, products = sandbox.json("GET", f"{API}/products?categoryId=5")
            if status != 200:
                problems.append(status)
                continue
            listed = [p["id"] for p in products]
            if listed != sorted(listed) or listed[:10] != list(range(41, 51)):
                problems.append(listed)

    readers = [threading.Thread(target=reader) for _ in range(3)]
    for r in readers:
        r.start()
    try:
        with ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(
                lambda i: sandbox.request("POST", f"{API}/products",
                                          product_body(title=f"Kitchen {i}", categoryId=5))[0],
                range(60)))
    finally:
        stop.set()
        for r in readers:
            r.join()
    assert statuses == [201] * 60
    assert problems == []
    assert len(sandbox.get(f"{API}/categories/5/products")) == 70


def test_post_products_same_title_concurrently_get_unique_slugs(sandbox):
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(
            lambda _: sandbox.json("POST", f"{API}/products", product_body(title="Rush Lamp")),
            range(24)))
    assert [status for status, _, _ in results] == [201] * 24
    slugs = sorted((b["slug"] for _, _, b in results), key=lambda s: (len(s), s))
    assert slugs == ["rush-lamp"] + [f"rush-lamp-{n}" for n in range(2, 25)]


def test_post_products_concurrent_failures_do_not_affect_other_writes(sandbox):
    # Writes are committed in groups; a write refused by the database (unknown category)
    # must not take the others of its group down with it.
    def post(i):
        category = 4242 if i % 3 == 0 else 1 + i % 7
        return i, sandbox.json("POST", f"{API}/products",
                               product_body(title=f"Mixed {i}", categoryId=category))

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(post, range(60)))
    for i, (status, _, body) in results:
        if i % 3 == 0:
            assert status == 400 and body["errors"][0]["field"] == "categoryId"
        else:
            assert status == 201, body
            assert body["title"] == f"Mixed {i}"
    listed = sandbox.get(f"{API}/products?title=mixed&limit=200")
    assert sorted(p["title"] for p in listed) == sorted(f"Mixed {i}" for i in range(60) if i % 3)


# --- timeouts (slow) -----------------------------------------------------------------------------
# The slow clients all start with this module (autouse fixture) and run side by side while the
# module's other tests run, so the module waits for the timeouts once, not once per client.
# These tests come last in the file so that the waiting overlaps the rest.


def partial_request_line(port):
    with RawConnection(port, timeout=20) as conn:
        start = time.monotonic()
        conn.send(b"GET /api/v1/prod")
        closed = conn.closed_by_server(within=16)
        return closed, time.monotonic() - start, conn.buffer


def partial_body(port):
    with RawConnection(port, timeout=20) as conn:
        start = time.monotonic()
        conn.send(f"POST {API}/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  f"Content-Length: 500\r\n\r\n{{\"title\":".encode())
        closed = conn.closed_by_server(within=16)
        return closed, time.monotonic() - start, conn.buffer


def slowloris(port):
    conn = RawConnection(port, timeout=20)
    stop = threading.Event()

    def trickle():
        try:
            conn.send(b"GET /api/v1/products HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            while not stop.is_set():
                conn.send(b"a")  # one byte a second: progress, but never finishing
                stop.wait(1.0)
        except OSError:
            pass

    start = time.monotonic()
    sender = threading.Thread(target=trickle, daemon=True)
    sender.start()
    try:
        closed = conn.closed_by_server(within=16)
        return closed, time.monotonic() - start, conn.buffer
    finally:
        stop.set()
        sender.join(5)
        conn.close()


def idle_keep_alive(port):
    with RawConnection(port, timeout=45) as conn:
        conn.send(request_bytes("GET", f"{API}/categories/1"))
        status = conn.read_response().status
        start = time.monotonic()
        closed = conn.closed_by_server(within=40)
        return closed, time.monotonic() - start, status


@pytest.fixture(scope="module", autouse=True)
def slow_clients(shared_sandbox):
    pool = ThreadPoolExecutor(4)
    futures = {f.__name__: pool.submit(f, shared_sandbox.port)
               for f in (partial_request_line, partial_body, slowloris, idle_keep_alive)}
    yield futures
    pool.shutdown(wait=True)


@pytest.mark.slow
def test_partial_request_line_is_disconnected_within_15_s(shared_sandbox, slow_clients):
    closed, elapsed, _ = slow_clients["partial_request_line"].result(timeout=30)
    assert closed, "server kept a half-sent request line open for 16 s"
    assert 5 <= elapsed <= 15, elapsed
    assert shared_sandbox.get(f"{API}/products/1")["id"] == 1


@pytest.mark.slow
def test_slowloris_header_trickle_is_cut_off_at_request_timeout(shared_sandbox, slow_clients):
    closed, elapsed, received = slow_clients["slowloris"].result(timeout=30)
    assert closed, "a client trickling one header byte a second was never disconnected"
    assert 5 <= elapsed <= 15, elapsed
    assert received == b"" or received.startswith(b"HTTP/1.1 ")


@pytest.mark.slow
def test_partial_body_is_disconnected_within_15_s(shared_sandbox, slow_clients):
    closed, elapsed, _ = slow_clients["partial_body"].result(timeout=30)
    assert closed, "server kept a request with a half-sent body open for 16 s"
    assert 5 <= elapsed <= 15, elapsed


@pytest.mark.slow
def test_idle_keep_alive_connection_is_closed_after_about_30_s(slow_clients):
    closed, elapsed, status = slow_clients["idle_keep_alive"].result(timeout=60)
    assert status == 200
    assert closed, "an idle keep-alive connection was still open after 40 s"
    # not at the 10 s request timeout: idle time between requests has its own, longer limit
    assert 25 <= elapsed <= 35, elapsed
