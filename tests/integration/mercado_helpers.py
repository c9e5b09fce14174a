"""Helpers shared by the integration tests (and bench/slow_lists.py): a raw HTTP/1.1 client over
a socket (for pipelining, keep-alive, malformed requests and timeouts, which http.client hides),
the seed catalog, a few payload builders, and a large catalog written straight into SQLite."""

import json
import os
import random
import re
import socket
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SEED_CATALOG = os.path.join(REPO, "data", "seed", "catalog.json")

TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

PRODUCT_FIELDS = {"id", "title", "slug", "price", "description", "category", "images",
                  "stock", "creationAt", "updatedAt"}
CATEGORY_FIELDS = {"id", "name", "slug", "image", "creationAt", "updatedAt"}


def load_seed():
    with open(SEED_CATALOG, encoding="utf-8") as f:
        return json.load(f)


SEED = load_seed()
SEED_CATEGORIES = [c["name"] for c in SEED["categories"]]
# id -> seed entry; products are seeded in file order, so ids are 1..70.
SEED_PRODUCTS = {i: p for i, p in enumerate(SEED["products"], start=1)}
SEED_CATEGORY_IDS = {name: i for i, name in enumerate(SEED_CATEGORIES, start=1)}


def seed_ids_where(predicate):
    return [i for i, p in SEED_PRODUCTS.items() if predicate(p)]


def fill_catalog(db_path, count, seed=7):
    """Writes `count` products straight into a migrated database (much faster than the API):
    distinct titles, slugs and times, random prices, spread over the existing categories."""
    rng = random.Random(seed)
    words = ["oak", "steel", "linen", "walnut", "brass", "wool", "cedar", "glass"]
    with sqlite3.connect(db_path) as db:
        categories = [row[0] for row in db.execute("SELECT id FROM categories")]
        rows = []
        for i in range(count):
            title = f"{rng.choice(words).title()} {rng.choice(words).title()} {i}"
            stamp = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00.000Z"
            rows.append((title, title.lower(), f"bulk-{i}", f"bulk-{i}", 1,
                         100 + rng.randrange(1_000_000), "Made for a large catalog.",
                         rng.choice(categories), "https://img.example/p.png", stamp, stamp))
        db.executemany(
            "INSERT INTO products (title, title_folded, slug, slug_base, slug_number, price_cents,"
            " description, category_id, images, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def product_body(**overrides):
    """A valid POST /products body; keyword arguments replace or add fields."""
    body = {
        "title": "Integration Test Lamp",
        "price": 19.99,
        "description": "A lamp made by the integration suite.",
        "categoryId": 2,
        "images": ["https://img.example.com/lamp-1.png"],
    }
    body.update(overrides)
    return body


def category_body(**overrides):
    body = {"name": "Garden Tools", "image": "https://img.example.com/garden.png"}
    body.update(overrides)
    return body


# Headers that differ between two answers to the same request: the clock, the request's own id
# and the client's remaining rate-limit budget.
PER_REQUEST_HEADERS = ("date", "x-request-id", "ratelimit-remaining", "ratelimit-reset")


# Words that must never reach a client: they would leak how the server is built.
INTERNAL_WORDS = ["sqlite", "boost", "beast", "pugi", ".cpp", ".hpp", "/work/", "exception",
                  "SELECT", "stack"]


def at_once(calls):
    """Runs every call together (a barrier releases them at once) and returns their results."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(10)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def assert_problem(status, headers, body, expected_status, path=None):
    """Checks an RFC 9457 problem (body as parsed JSON or raw bytes) and returns it parsed."""
    raw = body if isinstance(body, (bytes, str)) else json.dumps(body)
    problem = json.loads(raw) if isinstance(body, (bytes, str)) else body
    assert status == expected_status, raw
    assert headers["content-type"].startswith("application/problem+json"), headers
    assert problem["type"] == "about:blank"
    assert problem["status"] == expected_status
    assert problem["title"]
    assert problem["detail"] and problem["message"] == problem["detail"]
    if path is not None:
        assert problem["instance"] == path
    text = raw.decode() if isinstance(raw, bytes) else raw
    for word in INTERNAL_WORDS:
        assert word.lower() not in text.lower(), f"error leaks {word!r}: {text}"
    return problem


def error_fields(problem):
    return [e["field"] for e in problem.get("errors", [])]


class RawResponse:
    def __init__(self, version, status, reason, headers, body):
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers  # lower-cased name -> value (last wins)
        self.header_list = []   # (lower-cased name, value) in order, duplicates kept
        self.body = body

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"RawResponse({self.status} {self.reason}, {self.headers}, {self.body[:200]!r})"


class RawConnection:
    """One TCP connection speaking HTTP/1.1 by hand."""

    def __init__(self, port, timeout=10.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed by the server")
        self.buffer += chunk

    def _read_line(self):
        while b"\r\n" not in self.buffer:
            self._fill()
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def _read_exact(self, n):
        while len(self.buffer) < n:
            self._fill()
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def read_response(self, head=False):
        """Reads one response. `head`: the request was HEAD, so no body follows."""
        while True:
            status_line = self._read_line().decode("latin-1")
            version, status, reason = (status_line.split(" ", 2) + [""])[:3]
            header_list = []
            while True:
                line = self._read_line()
                if not line:
                    break
                name, value = line.decode("latin-1").split(":", 1)
                header_list.append((name.strip().lower(), value.strip()))
            headers = dict(header_list)
            status = int(status)
            if 100 <= status < 200:
                continue  # interim response (100 Continue): the final one follows
            break
        if head or status in (204, 304):
            body = b""
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self._read_line().split(b";")[0], 16)
                if size == 0:
                    while self._read_line():
                        pass
                    break
                body += self._read_exact(size)
                self._read_exact(2)
        elif "content-length" in headers:
            body = self._read_exact(int(headers["content-length"]))
        else:  # delimited by close
            while True:
                try:
                    self._fill()
                except ConnectionError:
                    break
            body, self.buffer = self.buffer, b""
        response = RawResponse(version, status, reason, headers, body)
        response.header_list = header_list
        return response

    def read_interim(self):
        """Reads a 1xx response's head and returns its status."""
        status_line = self._read_line().decode("latin-1")
        while self._read_line():
            pass
        return int(status_line.split(" ")[1])

    def closed_by_server(self, within=5.0):
        """True if the server closes the connection (EOF or reset) within `within` seconds,
        with no further bytes than what is already buffered."""
        deadline = time.monotonic() + within
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return False
            except (ConnectionResetError, BrokenPipeError):
                return True
            if not chunk:
                return True
            self.buffer += chunk


def request_bytes(method, path, body=b"", headers=None, version="HTTP/1.1"):
    """Serialises one request; Host and (for a body) Content-Length are added."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    lines = [f"{method} {path} {version}", "Host: 127.0.0.1"]
    headers = dict(headers or {})
    if body and not any(k.lower() in ("content-length", "transfer-encoding") for k in headers):
        headers["Content-Length"] = str(len(body))
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
