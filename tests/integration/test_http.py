"""HTTP behaviour: errors, methods, negotiation, HEAD, keep-alive, pipelining, framing."""

import json
import xml.etree.ElementTree as ET

import pytest

from mercado_helpers import (PER_REQUEST_HEADERS, SEED_PRODUCTS, assert_problem, product_body,
                             request_bytes)

API = "/api/v1"

GET_ROUTES = [
    f"{API}/products",
    f"{API}/products?categoryId=2&limit=3",
    f"{API}/products/22",
    f"{API}/products/22/related",
    f"{API}/products/slug/cafe-bistro-chair-pair",
    f"{API}/products/slug/cafe-bistro-chair-pair/related",
    f"{API}/categories",
    f"{API}/categories/6",
    f"{API}/categories/6/products",
    f"{API}/categories/slug/sports-outdoors",
    "/placeholders/sports-outdoors.svg",
]

# --- errors and routing ------------------------------------------------------------------------


@pytest.mark.parametrize("path", [f"{API}/nope", f"{API}/products/1/unrelated", "/api/v2/products",
                                  f"{API}", f"{API}/products/1/related/x", "/placeholders"])
def test_unknown_route_is_404_problem(shared_sandbox, path):
    status, headers, raw = shared_sandbox.request("GET", path)
    body = assert_problem(status, headers, raw, 404, path)
    assert headers.get("cache-control") == "no-store"
    assert body["title"] == "Not Found"


def test_problem_for_bad_id_names_field(shared_sandbox):
    status, headers, raw = shared_sandbox.request("GET", f"{API}/products/abc")
    body = assert_problem(status, headers, raw, 400, f"{API}/products/abc")
    assert body["title"] == "Bad Request"
    assert [e["field"] for e in body["errors"]] == ["id"]
    assert all(set(e) == {"field", "message"} for e in body["errors"])


@pytest.mark.parametrize("method,path,must_allow", [
    ("DELETE", f"{API}/products", {"GET", "POST", "HEAD", "OPTIONS"}),
    ("PUT", f"{API}/products", {"GET", "POST"}),
    ("POST", f"{API}/products/1", {"GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}),
    ("DELETE", f"{API}/products/1/related", {"GET", "HEAD"}),
    ("PATCH", f"{API}/categories", {"GET", "POST"}),
    ("POST", f"{API}/categories/2", {"GET", "PUT", "PATCH", "DELETE"}),
    ("POST", f"{API}/categories/2/products", {"GET"}),
    ("DELETE", f"{API}/products/slug/cafe-bistro-chair-pair", {"GET"}),
    ("POST", "/placeholders/clothes.svg", {"GET", "HEAD"}),
])
def test_wrong_method_is_405_with_allow(shared_sandbox, method, path, must_allow):
    status, headers, raw = shared_sandbox.request(method, path, b"{}" if method != "DELETE" else None,
                                                  {"Content-Type": "application/json"})
    assert_problem(status, headers, raw, 405, path)
    allowed = {m.strip() for m in headers["allow"].split(",")}
    assert must_allow <= allowed, headers["allow"]
    assert method not in allowed
    # the catalog was not touched
    assert shared_sandbox.json("GET", f"{API}/products/1")[0] == 200


def test_wrong_method_on_products_slug_related_allow_has_no_duplicates(shared_sandbox):
    status, headers, _ = shared_sandbox.request("PUT", f"{API}/products/slug/related", b"{}",
                                                {"Content-Type": "application/json"})
    assert status == 405
    methods = [m.strip() for m in headers["allow"].split(",")]
    assert len(methods) == len(set(methods)), headers["allow"]
    status, headers, _ = shared_sandbox.request("OPTIONS", f"{API}/products/slug/related")
    assert status == 204
    methods = [m.strip() for m in headers["allow"].split(",")]
    assert len(methods) == len(set(methods)), headers["allow"]


@pytest.mark.parametrize("path,must_allow", [
    (f"{API}/products", {"GET", "HEAD", "POST", "OPTIONS"}),
    (f"{API}/products/5", {"GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"}),
    (f"{API}/categories", {"GET", "HEAD", "POST", "OPTIONS"}),
    (f"{API}/categories/5/products", {"GET", "HEAD", "OPTIONS"}),
    (f"{API}/products/slug/some-slug/related", {"GET", "HEAD", "OPTIONS"}),
    ("/placeholders/clothes.svg", {"GET", "HEAD", "OPTIONS"}),
])
def test_options_is_204_with_allow(shared_sandbox, path, must_allow):
    status, headers, raw = shared_sandbox.request("OPTIONS", path)
    assert status == 204
    assert raw == b""
    allowed = {m.strip() for m in headers["allow"].split(",")}
    assert allowed == must_allow


def test_options_unknown_route_is_404(shared_sandbox):
    status, headers, raw = shared_sandbox.request("OPTIONS", f"{API}/nothing-here")
    assert_problem(status, headers, raw, 404)


def test_options_204_has_no_content_length(shared_sandbox):
    with shared_sandbox.raw() as conn:
        conn.send(request_bytes("OPTIONS", f"{API}/products"))
        response = conn.read_response()
    assert response.status == 204
    assert "content-length" not in response.headers, response.headers


# --- content negotiation -----------------------------------------------------------------------


@pytest.mark.parametrize("accept", ["image/png", "text/html", "application/json;q=0",
                                    "text/plain, image/*"])
def test_get_product_unacceptable_accept_is_406(shared_sandbox, accept):
    status, headers, raw = shared_sandbox.request("GET", f"{API}/products/1", headers={"Accept": accept})
    assert_problem(status, headers, raw, 406, f"{API}/products/1")


def test_post_product_unacceptable_accept_is_406_and_creates_nothing(sandbox):
    status, headers, raw = sandbox.request("POST", f"{API}/products", product_body(),
                                           {"Accept": "image/png"})
    assert status == 406
    assert len(sandbox.get(f"{API}/products")) == 70


@pytest.mark.parametrize("accept,kind", [
    (None, "json"),
    ("*/*", "json"),
    ("application/*", "json"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
    ("text/*", "xml"),
    ("application/xml;q=0.5, application/json", "json"),
    ("application/json;q=0.1, application/xml", "xml"),
    ("*/*;q=0.1, application/xml", "xml"),
    ("image/png, application/json;q=0.2", "json"),
])
def test_get_product_accept_negotiation(shared_sandbox, accept, kind):
    headers = {"Accept": accept} if accept else {}
    status, response_headers, raw = shared_sandbox.request("GET", f"{API}/products/1", headers=headers)
    assert status == 200
    assert "accept" in response_headers.get("vary", "").lower()
    if kind == "json":
        assert response_headers["content-type"].startswith("application/json")
        assert json.loads(raw)["id"] == 1
    else:
        assert response_headers["content-type"].startswith("application/xml")
        assert ET.fromstring(raw).findtext("id") == "1"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "application/json; charset=iso-8859-1",
                                          "application/json; charset=utf-16", "multipart/form-data"])
def test_post_product_unsupported_media_type_is_415(sandbox, content_type):
    status, headers, raw = sandbox.request("POST", f"{API}/products",
                                           json.dumps(product_body()),
                                           {"Content-Type": content_type})
    assert_problem(status, headers, raw, 415, f"{API}/products")
    assert len(sandbox.get(f"{API}/products")) == 70


def test_post_product_without_content_type_is_415(sandbox):
    with sandbox.raw() as conn:
        conn.send(request_bytes("POST", f"{API}/products", json.dumps(product_body())))
        response = conn.read_response()
    assert response.status == 415
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8",
                                          'application/json; charset="UTF-8"',
                                          "APPLICATION/JSON"])
def test_post_product_utf8_charset_variants_are_accepted(sandbox, content_type):
    status, _, raw = sandbox.request("POST", f"{API}/products", json.dumps(product_body()),
                                     {"Content-Type": content_type})
    assert status == 201, raw


# --- HEAD ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", GET_ROUTES + [f"{API}/products/99999", f"{API}/nope",
                                               f"{API}/products?limit=0"])
def test_head_matches_get_without_body(shared_sandbox, path):
    # HEAD then GET pipelined on one connection: if HEAD sent any body bytes, the GET's
    # response would not parse.
    with shared_sandbox.raw() as conn:
        conn.send(request_bytes("HEAD", path) + request_bytes("GET", path))
        head = conn.read_response(head=True)
        get = conn.read_response()
        assert conn.buffer == b""
    assert head.status == get.status
    assert int(head.headers["content-length"]) == len(get.body) > 0
    strip = lambda h: {k: v for k, v in h.items() if k not in PER_REQUEST_HEADERS}
    assert strip(head.headers) == strip(get.headers)


# --- connections ---------------------------------------------------------------------------------


def test_keep_alive_serves_several_requests_on_one_connection(shared_sandbox):
    with shared_sandbox.raw() as conn:
        for product_id in (1, 2, 3, 4, 5):
            conn.send(request_bytes("GET", f"{API}/products/{product_id}"))
            response = conn.read_response()
            assert response.status == 200
            assert response.json()["id"] == product_id
            assert response.headers.get("connection", "").lower() != "close"
        # errors keep the connection too
        conn.send(request_bytes("GET", f"{API}/products/0"))
        assert conn.read_response().status == 400
        conn.send(request_bytes("GET", f"{API}/categories/1"))
        assert conn.read_response().json()["name"] == "Clothes"


def test_pipelined_requests_are_answered_in_order(shared_sandbox):
    requests = [("GET", f"{API}/products/3"), ("GET", f"{API}/categories/2"),
                ("HEAD", f"{API}/products/4"), ("GET", f"{API}/nope"),
                ("GET", f"{API}/products?limit=2&offset=60"), ("GET", f"{API}/products/5")]
    with shared_sandbox.raw() as conn:
        conn.send(b"".join(request_bytes(m, p) for m, p in requests))
        responses = [conn.read_response(head=(m == "HEAD")) for m, _ in requests]
    assert [r.status for r in responses] == [200, 200, 200, 404, 200, 200]
    assert responses[0].json()["id"] == 3
    assert responses[1].json()["name"] == "Electronics"
    assert responses[2].body == b""
    assert [p["id"] for p in responses[4].json()] == [61, 62]
    assert responses[5].json()["id"] == 5


def test_pipelined_writes_are_applied_in_order(sandbox):
    bodies = [json.dumps(product_body(title=f"Pipelined {i}")) for i in range(4)]
    with sandbox.raw() as conn:
        conn.send(b"".join(request_bytes("POST", f"{API}/products", b,
                                         {"Content-Type": "application/json"}) for b in bodies)
                  + request_bytes("GET", f"{API}/products?title=pipelined"))
        created = [conn.read_response() for _ in bodies]
        listing = conn.read_response()
    assert [r.status for r in created] == [201] * 4
    assert [r.json()["id"] for r in created] == [71, 72, 73, 74]
    assert [p["title"] for p in listing.json()] == [f"Pipelined {i}" for i in range(4)]


def test_connection_close_is_honoured(shared_sandbox):
    with shared_sandbox.raw() as conn:
        conn.send(request_bytes("GET", f"{API}/products/1", headers={"Connection": "close"}))
        response = conn.read_response()
        assert response.status == 200
        assert conn.closed_by_server(within=5)


def test_http10_request_is_answered_and_closed(shared_sandbox):
    with shared_sandbox.raw() as conn:
        conn.send(request_bytes("GET", f"{API}/categories/3", version="HTTP/1.0"))
        response = conn.read_response()
        assert response.status == 200 and response.json()["name"] == "Furniture"
        assert conn.closed_by_server(within=5)


def test_expect_100_continue_gets_interim_response(sandbox):
    body = json.dumps(product_body(title="Continued Lamp")).encode()
    with sandbox.raw() as conn:
        conn.send(f"POST {API}/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n".encode())
        assert conn.read_interim() == 100
        conn.send(body)
        response = conn.read_response()
    assert response.status == 201
    assert response.json()["title"] == "Continued Lamp"


def test_chunked_request_body_is_accepted(sandbox):
    body = json.dumps(product_body(title="Chunked Lamp")).encode()
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 10]), body[i:i + 10])
                      for i in range(0, len(body), 10)) + b"0\r\n\r\n"
    with sandbox.raw() as conn:
        conn.send(request_bytes("POST", f"{API}/products", chunks,
                                {"Content-Type": "application/json",
                                 "Transfer-Encoding": "chunked"}))
        response = conn.read_response()
    assert response.status == 201, response
    assert response.json()["title"] == "Chunked Lamp"


def test_content_length_with_transfer_encoding_is_400_and_closed(sandbox):
    body = json.dumps(product_body(title="Smuggled")).encode()
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    with sandbox.raw() as conn:
        conn.send(request_bytes("POST", f"{API}/products", chunked,
                                {"Content-Type": "application/json",
                                 "Content-Length": str(len(chunked)),
                                 "Transfer-Encoding": "chunked"})
                  + request_bytes("GET", f"{API}/products/1"))
        response = conn.read_response()
        assert response.status == 400
        assert response.headers["content-type"].startswith("application/problem+json")
        assert conn.closed_by_server(within=5)
        # the pipelined GET behind it was not answered
        assert b"HTTP/1.1" not in conn.buffer
    assert sandbox.get(f"{API}/products?title=smuggled") == []


def test_conflicting_content_lengths_are_400_and_closed(sandbox):
    with sandbox.raw() as conn:
        conn.send(b"POST /api/v1/categories HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 5\r\nContent-Length: 60\r\n"
                  b"\r\n" + json.dumps({"name": "Smuggled", "image": "http://a.example.com/i"}).encode())
        response = conn.read_response()
        assert response.status == 400
        assert conn.closed_by_server(within=5)
    assert len(sandbox.get(f"{API}/categories")) == 7


def test_http11_request_without_host_is_400(shared_sandbox):
    with shared_sandbox.raw() as conn:
        conn.send(b"GET /api/v1/categories/1 HTTP/1.1\r\n\r\n")
        response = conn.read_response()
    assert response.status == 400, response


def test_request_with_two_host_headers_is_400(shared_sandbox):
    with shared_sandbox.raw() as conn:
        conn.send(b"GET /api/v1/categories/1 HTTP/1.1\r\nHost: a.example\r\n"
                  b"Host: b.example\r\n\r\n")
        response = conn.read_response()
    assert response.status == 400, response


def test_absolute_form_request_target_is_accepted(shared_sandbox):
    with shared_sandbox.raw() as conn:
        conn.send(f"GET http://127.0.0.1:{shared_sandbox.port}/api/v1/categories/1 HTTP/1.1\r\n"
                  f"Host: 127.0.0.1:{shared_sandbox.port}\r\n\r\n".encode())
        response = conn.read_response()
    assert response.status == 200, response
    assert response.json()["name"] == "Clothes"


def test_fragment_in_request_target_is_400(shared_sandbox):
    with shared_sandbox.raw() as conn:
        conn.send(request_bytes("GET", f"{API}/categories/1#top"))
        assert conn.read_response().status == 400


@pytest.mark.parametrize("garbage", [b"GARBAGE\r\n\r\n", b"GET /api/v1/products\r\n\r\n",
                                     b"GET /api/v1/products HTTP/1.1\r\nNo colon here\r\n\r\n",
                                     b"GET /api/v1/products HTTP/9.9\r\n\r\n",
                                     b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64])
def test_malformed_request_is_400_and_server_survives(shared_sandbox, garbage):
    with shared_sandbox.raw() as conn:
        conn.send(garbage)
        response = conn.read_response()
        assert response.status == 400
        assert conn.closed_by_server(within=5)
    assert shared_sandbox.get(f"{API}/products/1")["id"] == 1


def test_responses_have_date_header(shared_sandbox):
    status, headers, _ = shared_sandbox.request("GET", f"{API}/categories/1")
    assert status == 200 and headers["date"].endswith("GMT")


# --- placeholders --------------------------------------------------------------------------------


def test_get_placeholder_svg_is_immutable_image(shared_sandbox):
    status, headers, raw = shared_sandbox.request("GET", "/placeholders/clothes.svg")
    assert status == 200
    assert headers["content-type"].startswith("image/svg+xml")
    assert "immutable" in headers["cache-control"] and "max-age" in headers["cache-control"]
    root = ET.fromstring(raw)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # the same name gives the same picture
    assert shared_sandbox.request("GET", "/placeholders/clothes.svg")[2] == raw
    assert shared_sandbox.request("GET", "/placeholders/books.svg")[2] != raw


def test_get_placeholder_for_every_seeded_image_url(shared_sandbox):
    urls = [u for p in shared_sandbox.get(f"{API}/products") for u in p["images"]]
    urls += [c["image"] for c in shared_sandbox.get(f"{API}/categories")]
    assert len(urls) == sum(p["images"] for p in SEED_PRODUCTS.values()) + 7
    with shared_sandbox.raw() as conn:
        for url in urls:
            assert url.startswith(shared_sandbox.base_url + "/placeholders/"), url
            conn.send(request_bytes("GET", url[len(shared_sandbox.base_url):]))
            response = conn.read_response()
            assert response.status == 200, url
            assert response.headers["content-type"].startswith("image/svg+xml")


def test_get_placeholder_ignores_accept(shared_sandbox):
    status, headers, _ = shared_sandbox.request("GET", "/placeholders/kitchen.svg",
                                                headers={"Accept": "image/png"})
    assert status == 200 and headers["content-type"].startswith("image/svg+xml")


@pytest.mark.parametrize("name", ["Clothes.svg", "clothes.png", "clothes", ".svg", "-a.svg",
                                  "a--b.svg", "a_b.svg", "%2e%2e%2fetc.svg", "a%2Fb.svg",
                                  "%3Cscript%3E.svg", "x" * 300 + ".svg"])
def test_get_placeholder_bad_name_is_404(shared_sandbox, name):
    status, headers, raw = shared_sandbox.request("GET", f"/placeholders/{name}")
    assert status == 404
    assert headers["content-type"].startswith("application/problem+json")
