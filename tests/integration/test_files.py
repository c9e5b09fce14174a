"""POST /api/v1/files/upload and GET /api/v1/files/{filename}, black-box.

Images only (JPEG, PNG, GIF, WebP), typed by their bytes rather than by the client's claims,
named by the server, bounded in size, strict about multipart framing, kept in the database
(they survive a restart) and served with long-lived caching. Multipart bodies and the images
are built by hand here, with no third-party package."""

import json
import re
import struct
import subprocess
import uuid
import zlib
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import MERCADO_BIN, ServerPool
from mercado_helpers import assert_problem, error_fields, request_bytes

API = "/api/v1"
UPLOAD = f"{API}/files/upload"
MIB = 1024 * 1024
DEFAULT_LIMIT = 5 * MIB
NAME_RE = re.compile(r"^[0-9a-f]{32}\.(jpg|png|gif|webp)$")


# --- tiny, valid images ------------------------------------------------------------------------

def png(padding=0):
    """A 1x1 red RGB PNG, followed by `padding` zero bytes after IEND (still a PNG to any
    sniffer, and to decoders, which stop at IEND)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b"") + b"\x00" * padding)


def png_of_size(size):
    return png(padding=size - len(png()))


# 1x1 GIF89a: global colour table of two entries, one LZW-coded pixel.
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00" b"\xff\x00\x00\x00\x00\x00"
       b",\x00\x00\x00\x00\x01\x00\x01\x00\x00" b"\x02\x02\x44\x01\x00" b";")


def _jpeg():
    """A 1x1 grey baseline JFIF JPEG: one quantisation table, one-symbol Huffman tables
    (DC category 0, AC end-of-block), two bits of entropy-coded data."""
    def segment(marker, payload):
        return b"\xff" + marker + struct.pack(">H", len(payload) + 2) + payload

    def huffman(table_class):
        return segment(b"\xc4", bytes([table_class]) + b"\x01" + b"\x00" * 15 + b"\x00")
    return (b"\xff\xd8"
            + segment(b"\xe0", b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + segment(b"\xdb", b"\x00" + b"\x01" * 64)
            + segment(b"\xc0", b"\x08\x00\x01\x00\x01\x01\x01\x11\x00")
            + huffman(0x00) + huffman(0x10)
            + segment(b"\xda", b"\x01\x01\x00\x00\x3f\x00") + b"\x3f"
            + b"\xff\xd9")


JPEG = _jpeg()
# 1x1 lossless WebP: RIFF header, "WEBP", one VP8L chunk.
WEBP = (b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00"
        b"\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00")
BMP = (b"BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00\x01\x00\x00\x00"
       b"\x01\x00\x00\x00\x01\x00\x18\x00\x00\x00\x00\x00\x04\x00\x00\x00\x13\x0b\x00\x00"
       b"\x13\x0b\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\x00")

IMAGES = {"png": (png(), "image/png"), "gif": (GIF, "image/gif"),
          "jpg": (JPEG, "image/jpeg"), "webp": (WEBP, "image/webp")}


# --- multipart ---------------------------------------------------------------------------------

def multipart(parts, boundary=None):
    """(body, Content-Type) for parts [(name, filename or None, content type or None, bytes)];
    a name of None leaves `name` out of the part's Content-Disposition."""
    boundary = boundary or f"----mercado-{uuid.uuid4().hex}"
    body = b""
    for name, filename, content_type, data in parts:
        disposition = "form-data"
        if name is not None:
            disposition += f'; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode()
        if content_type is not None:
            body += f"Content-Type: {content_type}\r\n".encode()
        body += b"\r\n" + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def upload(srv, data, filename="photo.png", content_type="image/png", headers=None):
    """POSTs one `file` part: (status, headers, parsed JSON body)."""
    body, type_header = multipart([("file", filename, content_type, data)])
    return srv.json("POST", UPLOAD, body, {"Content-Type": type_header, **(headers or {})})


def upload_ok(srv, data, **kwargs):
    status, _, receipt = upload(srv, data, **kwargs)
    assert status == 201, receipt
    return receipt


def file_path(name):
    return f"{API}/files/{name}"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


# --- upload, then download ---------------------------------------------------------------------

@pytest.mark.parametrize("extension", sorted(IMAGES))
def test_upload_then_download_each_image_type(shared_sandbox, extension):
    data, media_type = IMAGES[extension]
    status, headers, receipt = upload(shared_sandbox, data, filename="holiday picture.bin",
                                      content_type=media_type)
    assert status == 201, receipt
    assert set(receipt) == {"originalname", "filename", "location"}, receipt
    assert receipt["originalname"] == "holiday picture.bin"
    assert NAME_RE.match(receipt["filename"]), receipt
    assert receipt["filename"].endswith("." + extension), receipt
    path = file_path(receipt["filename"])
    location = urlsplit(receipt["location"])
    assert location.scheme in ("http", "https") and location.netloc, receipt
    assert receipt["location"].endswith(path), receipt
    assert receipt["location"] == shared_sandbox.base_url + path
    # The Location header (absolute or relative) names the same resource.
    assert urljoin(shared_sandbox.base_url + UPLOAD, headers["location"]) == receipt["location"]

    status, headers, body = shared_sandbox.request("GET", path)
    assert status == 200
    assert body == data
    assert headers["content-type"] == media_type
    assert int(headers["content-length"]) == len(data)
    assert headers["x-content-type-options"] == "nosniff"
    cache_control = [d.strip() for d in headers["cache-control"].lower().split(",")]
    assert "max-age=31536000" in cache_control and "immutable" in cache_control, headers
    assert re.fullmatch(r'"[^"]+"', headers["etag"]), headers  # a strong ETag
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "sandbox" in csp, headers


def test_same_bytes_uploaded_twice_get_different_names(shared_sandbox):
    first = upload_ok(shared_sandbox, png())["filename"]
    second = upload_ok(shared_sandbox, png())["filename"]
    assert first != second
    for name in (first, second):
        assert shared_sandbox.request("GET", file_path(name))[2] == png()


@pytest.fixture(scope="module")
def stored(shared_sandbox):
    """(path, GET headers, bytes) of one uploaded PNG."""
    data = png(padding=50)
    path = file_path(upload_ok(shared_sandbox, data)["filename"])
    status, headers, body = shared_sandbox.request("GET", path)
    assert (status, body) == (200, data)
    return path, headers, body


def test_if_none_match_with_the_etag_is_304_without_a_body(shared_sandbox, stored):
    path, headers, _ = stored
    status, not_modified, body = shared_sandbox.request(
        "GET", path, headers={"If-None-Match": headers["etag"]})
    assert status == 304
    assert body == b""
    assert not_modified["etag"] == headers["etag"]
    assert "max-age=31536000" in not_modified.get("cache-control", ""), not_modified


def test_a_304_does_not_claim_a_different_length(shared_sandbox, stored):
    path, headers, data = stored
    status, not_modified, _ = shared_sandbox.request(
        "GET", path, headers={"If-None-Match": headers["etag"]})
    assert status == 304
    assert not_modified.get("content-length", str(len(data))) == str(len(data)), not_modified


def test_different_bytes_have_different_etags(shared_sandbox, stored):
    _, headers, _ = stored
    other = file_path(upload_ok(shared_sandbox, png(padding=51))["filename"])
    assert shared_sandbox.request("GET", other)[1]["etag"] != headers["etag"]


@pytest.mark.parametrize("condition", ["list", "weak", "star"])
def test_if_none_match_follows_rfc_9110(shared_sandbox, stored, condition):
    """If-None-Match takes a list, compares weakly, and `*` matches any stored file."""
    path, headers, _ = stored
    value = {"list": f'"nope", {headers["etag"]}', "weak": "W/" + headers["etag"],
             "star": "*"}[condition]
    status, _, body = shared_sandbox.request("GET", path, headers={"If-None-Match": value})
    assert (status, body) == (304, b"")


def test_if_none_match_with_another_etag_is_200(shared_sandbox, stored):
    path, _, data = stored
    status, _, body = shared_sandbox.request("GET", path, headers={"If-None-Match": '"other"'})
    assert (status, body) == (200, data)


def test_head_gives_the_headers_without_the_bytes(shared_sandbox, stored):
    path, headers, data = stored
    with shared_sandbox.raw() as conn:
        conn.send(request_bytes("HEAD", path))
        response = conn.read_response(head=True)
        # No body follows the head: the next response on this connection starts cleanly.
        conn.send(request_bytes("GET", path))
        following = conn.read_response()
    assert (following.status, following.body) == (200, data)
    assert response.status == 200
    assert response.body == b""
    assert int(response.headers["content-length"]) == len(data)
    for name in ("content-type", "etag", "cache-control", "x-content-type-options"):
        assert response.headers[name] == headers[name], name


# --- the type comes from the bytes -------------------------------------------------------------

@pytest.mark.parametrize("data,claimed,extension", [
    (png(), "image/png", "png"),
    (png(), "application/octet-stream", "png"),
    (png(), None, "png"),
    (png(), "Image/PNG", "png"),
    (JPEG, "image/jpeg", "jpg"),
    (JPEG, "image/jpg", "jpg"),
    (JPEG, "application/octet-stream", "jpg"),
    (GIF, None, "gif"),
    (WEBP, "application/octet-stream", "webp"),
], ids=["png", "png-octet-stream", "png-no-type", "png-mixed-case", "jpeg", "jpeg-as-image/jpg",
        "jpeg-octet-stream", "gif-no-type", "webp-octet-stream"])
def test_accepted_claims(shared_sandbox, data, claimed, extension):
    receipt = upload_ok(shared_sandbox, data, filename="a.bin", content_type=claimed)
    assert receipt["filename"].endswith("." + extension), receipt


@pytest.mark.parametrize("data,claimed", [
    (png(), "image/gif"),
    (png(), "image/jpeg"),
    (GIF, "image/png"),
    (JPEG, "image/webp"),
    (WEBP, "image/png"),
], ids=["png-as-gif", "png-as-jpeg", "gif-as-png", "jpeg-as-webp", "webp-as-png"])
def test_a_claim_the_bytes_contradict_is_415(shared_sandbox, data, claimed):
    status, headers, body = upload(shared_sandbox, data, filename="a.png", content_type=claimed)
    assert_problem(status, headers, body, 415, path=UPLOAD)


@pytest.mark.parametrize("data,claimed", [
    (b"just some text\n", "application/octet-stream"),
    (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "image/png"),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">'
     b'<script>alert(1)</script></svg>', "image/svg+xml"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "application/octet-stream"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", None),
    (b"", "image/png"),
    (b"", None),
    (BMP, "image/bmp"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),  # a signature and nothing else is no image
], ids=["text", "html", "svg", "svg-octet-stream", "pdf", "empty", "empty-no-type", "bmp",
        "png-signature-only"])
def test_anything_but_the_four_image_types_is_415(shared_sandbox, data, claimed):
    status, headers, body = upload(shared_sandbox, data, filename="innocent.png",
                                   content_type=claimed)
    assert_problem(status, headers, body, 415, path=UPLOAD)


# --- size limits -------------------------------------------------------------------------------

def test_default_limit_is_5_mib(shared_sandbox):
    at_limit = png_of_size(DEFAULT_LIMIT)
    receipt = upload_ok(shared_sandbox, at_limit)
    assert receipt["filename"].endswith(".png")
    status, _, body = shared_sandbox.request("GET", file_path(receipt["filename"]))
    assert status == 200 and body == at_limit

    status, headers, body = upload(shared_sandbox, png_of_size(DEFAULT_LIMIT + 1))
    assert_problem(status, headers, body, 413, path=UPLOAD)


@pytest.fixture(scope="module")
def small_limit():
    """One sandbox server with --upload-limit 2048."""
    pool = ServerPool()
    yield pool.start(args=["--upload-limit", "2048"])
    pool.finish()


def test_upload_limit_flag_lowers_the_limit(small_limit):
    assert upload_ok(small_limit, png_of_size(2048))["filename"].endswith(".png")
    status, headers, body = upload(small_limit, png_of_size(2049))
    assert_problem(status, headers, body, 413, path=UPLOAD)
    status, headers, body = upload(small_limit, png_of_size(3000))
    assert_problem(status, headers, body, 413, path=UPLOAD)


def test_chunked_upload_over_the_limit_is_413(small_limit):
    body, content_type = multipart([("file", "big.png", "image/png", png_of_size(200 * 1024))])
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 8192]), body[i:i + 8192])
                      for i in range(0, len(body), 8192)) + b"0\r\n\r\n"
    with small_limit.raw() as conn:
        try:
            conn.send(request_bytes("POST", UPLOAD, chunks, {"Content-Type": content_type,
                                                             "Transfer-Encoding": "chunked"}))
        except (BrokenPipeError, ConnectionResetError):
            pass  # it may answer and close before reading everything
        response = conn.read_response()
    assert_problem(response.status, response.headers, response.body, 413)


@pytest.mark.parametrize("expect_continue", [False, True], ids=["plain", "expect-100-continue"])
def test_a_body_declared_far_too_large_is_refused_before_it_is_sent(shared_sandbox,
                                                                     expect_continue):
    head = (f"POST {UPLOAD} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: multipart/form-data; boundary=abc\r\n"
            f"Content-Length: {100 * MIB}\r\n")
    if expect_continue:
        head += "Expect: 100-continue\r\n"
    with shared_sandbox.raw(timeout=5.0) as conn:
        conn.send((head + "\r\n").encode())  # only the head: no byte of the body follows
        status_line = conn._read_line()
        assert status_line.split(b" ")[1] == b"413", status_line  # not a 100 Continue
        conn.buffer = status_line + b"\r\n" + conn.buffer
        response = conn.read_response()
    assert_problem(response.status, response.headers, response.body, 413)


# --- malformed multipart -----------------------------------------------------------------------

PART = b'Content-Disposition: form-data; name="file"; filename="a.png"\r\n' \
       b"Content-Type: image/png\r\n\r\n" + png() + b"\r\n"


@pytest.mark.parametrize("content_type,body,status,field", [
    ("application/json", json.dumps({"file": "x"}).encode(), 415, None),
    ("text/plain", b"--b\r\n" + PART + b"--b--\r\n", 415, None),
    ("multipart/form-data", b"--b\r\n" + PART + b"--b--\r\n", 400, "Content-Type"),
    ("multipart/mixed; boundary=b", b"--b\r\n" + PART + b"--b--\r\n", 415, None),
    ("multipart/form-data; boundary=b", b"--b\r\n" + PART, 400, None),
    ("multipart/form-data; boundary=b", b"--b\r\n" + PART + b"--b\r\n", 400, None),
    ("multipart/form-data; boundary=b",
     b'--b\r\nContent-Disposition: form-data; filename="a.png"\r\nContent-Type: image/png'
     b"\r\n\r\n" + png() + b"\r\n--b--\r\n", 400, None),
    ("multipart/form-data; boundary=b",
     b"--b\r\nContent-Type: image/png\r\n\r\n" + png() + b"\r\n--b--\r\n", 400, None),
    ("multipart/form-data; boundary=b",
     b'--b\r\nContent-Disposition: form-data; name="picture"; filename="a.png"\r\n'
     b"Content-Type: image/png\r\n\r\n" + png() + b"\r\n--b--\r\n", 400, "file"),
    ("multipart/form-data; boundary=b", b"--b--\r\n", 400, None),  # RFC 2046: one part at least
], ids=["json", "text-plain", "no-boundary", "multipart-mixed", "no-closing-delimiter",
        "unterminated-after-part", "part-without-name", "part-without-disposition",
        "no-file-part", "no-parts"])
def test_malformed_multipart_is_refused(shared_sandbox, content_type, body, status, field):
    got, headers, data = shared_sandbox.request("POST", UPLOAD, body,
                                                {"Content-Type": content_type})
    problem = assert_problem(got, headers, data, status, path=UPLOAD)
    if field:
        assert field in error_fields(problem), problem


def test_part_framing_limits_are_enforced(shared_sandbox):
    """LF-only lines, more than 16 parts, more than 4 KiB of part headers: 400; a boundary
    over RFC 2046's 70 characters makes the Content-Type invalid."""
    def post(body, content_type):
        return shared_sandbox.request("POST", UPLOAD, body, {"Content-Type": content_type})

    status, headers, body = post((b"--b\r\n" + PART + b"--b--\r\n").replace(b"\r\n", b"\n"),
                                 "multipart/form-data; boundary=b")
    assert_problem(status, headers, body, 400)
    fields = [(f"field{i}", None, None, b"x") for i in range(16)]
    status, headers, body = post(*multipart(fields + [("file", "a.png", "image/png", png())]))
    assert_problem(status, headers, body, 400)
    # 16 parts are fine:
    status, _, body = post(*multipart(fields[1:] + [("file", "a.png", "image/png", png())]))
    assert status == 201, body
    padded = PART.replace(b"Content-Type:", b"X-Padding: " + b"p" * 4200 + b"\r\nContent-Type:")
    status, headers, body = post(b"--b\r\n" + padded + b"--b--\r\n",
                                 "multipart/form-data; boundary=b")
    assert_problem(status, headers, body, 400)
    long_boundary = "x" * 71
    status, headers, body = post(f"--{long_boundary}\r\n".encode() + PART
                                 + f"--{long_boundary}--\r\n".encode(),
                                 f"multipart/form-data; boundary={long_boundary}")
    assert status in (400, 415), body
    assert_problem(status, headers, body, status)


@pytest.mark.parametrize("content_type,body", [
    ("multipart/form-data; boundary=b", b"a preamble, ignored\r\n--b\r\n" + PART + b"--b--\r\n"),
    ("multipart/form-data; boundary=b", b"--b\r\n" + PART + b"--b--\r\nan epilogue, ignored"),
    ("multipart/form-data; boundary=b", b"--b\r\n" + PART + b"--b--"),
    ('multipart/form-data; boundary="a quoted boundary"',
     b"--a quoted boundary\r\n" + PART + b"--a quoted boundary--\r\n"),
    ("multipart/form-data; boundary=" + "x" * 70,
     b"--" + b"x" * 70 + b"\r\n" + PART + b"--" + b"x" * 70 + b"--\r\n"),
    ("Multipart/Form-Data; Boundary=b", b"--b\r\n" + PART + b"--b--\r\n"),
    ("multipart/form-data; boundary=b",
     b"--b\r\ncontent-disposition: form-data; name=file; filename=a.png\r\n\r\n" + png()
     + b"\r\n--b--\r\n"),
], ids=["preamble", "epilogue", "no-final-crlf", "quoted-boundary", "70-char-boundary",
        "mixed-case-type", "lower-case-header-unquoted-name"])
def test_valid_multipart_variants_are_accepted(shared_sandbox, content_type, body):
    status, _, receipt = shared_sandbox.json("POST", UPLOAD, body, {"Content-Type": content_type})
    assert status == 201, receipt
    assert receipt["originalname"] == "a.png"
    assert shared_sandbox.request("GET", file_path(receipt["filename"]))[2] == png()


def test_bytes_that_look_like_framing_survive_intact(shared_sandbox):
    """Every byte value, CR LF runs and near-boundaries inside the file come back unchanged."""
    boundary = "frontier"
    # (RFC 2046: the delimiter itself, CRLF "--frontier", may not occur in the data.)
    data = (png() + b"\r\n--frontie\r\n-frontier\r\n\r\n--\r\n" + bytes(range(256)) * 8
            + b"\r\n-")
    body, content_type = multipart([("file", "tricky.png", "image/png", data)], boundary=boundary)
    status, _, receipt = shared_sandbox.json("POST", UPLOAD, body, {"Content-Type": content_type})
    assert status == 201, receipt
    assert shared_sandbox.request("GET", file_path(receipt["filename"]))[2] == data


def test_a_utf8_client_file_name_is_echoed(shared_sandbox):
    receipt = upload_ok(shared_sandbox, png(), filename="café ☕ 写真.png")
    assert receipt["originalname"] == "café ☕ 写真.png"
    assert NAME_RE.match(receipt["filename"])


def test_files_are_read_only(shared_sandbox, stored):
    path, _, data = stored
    for method in ("PUT", "POST", "DELETE", "PATCH"):
        status, headers, body = shared_sandbox.request(method, path, png(padding=7),
                                                       {"Content-Type": "image/png"})
        assert_problem(status, headers, body, 405)
        assert "GET" in headers["allow"] and method not in headers["allow"], headers
    assert shared_sandbox.request("GET", path)[2] == data


def test_a_file_part_among_other_fields_is_found(shared_sandbox):
    body, content_type = multipart([("caption", None, None, b"my cat"),
                                    ("file", "cat.gif", "image/gif", GIF)])
    status, _, receipt = shared_sandbox.json("POST", UPLOAD, body, {"Content-Type": content_type})
    assert status == 201, receipt
    assert receipt["originalname"] == "cat.gif" and receipt["filename"].endswith(".gif")


# --- names are the server's --------------------------------------------------------------------

def test_only_generated_names_can_be_fetched(shared_sandbox, stored):
    path, _, _ = stored
    hex_name, extension = path.rsplit("/", 1)[1].split(".")
    targets = [
        f"{API}/files/../../etc/passwd",
        f"{API}/files/..%2F..%2Fetc%2Fpasswd",
        f"{API}/files/%2e%2e%2fetc%2fpasswd",
        f"{API}/files/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        f"{API}/files/notahexname.png",
        f"{API}/files/{hex_name.upper()}.{extension}",  # the stored name, upper-cased
        f"{API}/files/{hex_name}.gif",                 # the stored name, another extension
        f"{API}/files/{hex_name}",                     # without its extension
        f"{API}/files/{hex_name[:-1]}.{extension}",    # 31 digits
        f"{API}/files/{hex_name}0.{extension}",        # 33 digits
        f"{API}/files/{'0' * 32}.png",                 # the right shape, never stored
    ]
    for target in targets:
        status, headers, body = shared_sandbox.request("GET", target)
        assert status == 404, (target, status, body[:200])
        assert_problem(status, headers, body, 404)
        assert b"root:" not in body


@pytest.mark.parametrize("client_name", ["../../evil.png", "/etc/passwd", "evil.php.png",
                                         "x.html"])
def test_the_client_file_name_is_only_echoed(shared_sandbox, client_name):
    receipt = upload_ok(shared_sandbox, png(), filename=client_name)
    assert receipt["originalname"] == client_name
    assert NAME_RE.match(receipt["filename"]) and receipt["filename"].endswith(".png"), receipt
    assert receipt["location"].endswith(file_path(receipt["filename"]))
    base = client_name.rsplit("/", 1)[-1]
    assert shared_sandbox.request("GET", file_path(base))[0] == 404


# --- durability --------------------------------------------------------------------------------

def test_files_survive_a_restart(server):
    first = server()
    stored_files = {upload_ok(first, data, content_type=media_type)["filename"]: data
                    for data, media_type in [(png(padding=123), "image/png"), *IMAGES.values()]}
    assert first.stop() == 0
    second = server(db_path=first.db_path)
    for name, data in stored_files.items():
        status, _, body = second.request("GET", file_path(name))
        assert (status, body) == (200, data), name


# --- production --------------------------------------------------------------------------------

def test_production_uploads_need_a_signed_in_user(server, tmp_path):
    db = str(tmp_path / "shop.db")
    subprocess.run([MERCADO_BIN, "admin", "create", "--db", f"sqlite:{db}",
                    "--email", "root@shop.example", "--password", "correct horse battery"],
                   check=True, capture_output=True, timeout=60)
    srv = server(profile="production", db_path=db)

    status, headers, body = upload(srv, png())
    assert_problem(status, headers, body, 401, path=UPLOAD)
    assert headers["www-authenticate"].lower().startswith("bearer"), headers
    status, headers, body = upload(srv, png(), headers=bearer("not.a.token"))
    assert_problem(status, headers, body, 401, path=UPLOAD)

    account = {"name": "Shopper", "email": f"shopper-{uuid.uuid4().hex[:8]}@example.com",
               "password": "long enough pass", "avatar": "https://img.example.com/a.png"}
    status, _, user = srv.json("POST", f"{API}/users", account)
    assert status == 201, user
    status, _, tokens = srv.json("POST", f"{API}/auth/login",
                                 {"email": account["email"], "password": account["password"]})
    assert status == 201, tokens
    receipt = upload_ok(srv, JPEG, content_type="image/jpeg",
                        headers=bearer(tokens["access_token"]))
    assert receipt["filename"].endswith(".jpg")
    # Reading a file needs no account.
    status, _, body = srv.request("GET", file_path(receipt["filename"]))
    assert (status, body) == (200, JPEG)
