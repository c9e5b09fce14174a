"""Headers on every response, whatever produced it: the request id and the browser-safety
headers."""

import re

import pytest

API = "/api/v1"
ID_RE = re.compile(r"^[0-9a-f]{16}$")


@pytest.mark.parametrize("method,path,status", [
    ("GET", f"{API}/products/1", 200), ("GET", f"{API}/nothing", 404),
    ("POST", f"{API}/products/1", 405), ("OPTIONS", f"{API}/products", 204),
    ("GET", f"{API}/products/abc", 400), ("GET", "/placeholders/desk.svg", 200)])
def test_every_response_has_the_standard_headers(shared_sandbox, method, path, status):
    got, headers, _ = shared_sandbox.request(method, path)
    assert got == status
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert ID_RE.match(headers["x-request-id"])
    assert "x-powered-by" not in headers and "server" not in headers


def test_request_ids_differ(shared_sandbox):
    ids = {shared_sandbox.request("GET", f"{API}/categories/1")[1]["x-request-id"]
           for _ in range(5)}
    assert len(ids) == 5


def test_a_well_formed_client_request_id_is_echoed(shared_sandbox):
    headers = shared_sandbox.request("GET", f"{API}/products/1",
                                     headers={"X-Request-Id": "edge-7f3a.1"})[1]
    assert headers["x-request-id"] == "edge-7f3a.1"
    headers = shared_sandbox.request("GET", f"{API}/products/1",
                                     headers={"X-Request-Id": "x" * 200})[1]
    assert ID_RE.match(headers["x-request-id"])


def test_a_refused_malformed_request_has_them_too(shared_sandbox):
    with shared_sandbox.raw() as conn:
        conn.send(b"GET /api/v1/products HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
        response = conn.read_response()
    assert response.status == 400
    assert response.headers["x-content-type-options"] == "nosniff"
    assert ID_RE.match(response.headers["x-request-id"])
