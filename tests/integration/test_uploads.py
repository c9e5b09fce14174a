"""POST /files/upload and GET /files/{filename}: images only, typed by their bytes, named by
the server, kept in the database, served with long-lived caching."""

import re
import sqlite3

import pytest

from identity_helpers import (API, GIF, JPEG, WEBP, bearer, multipart, png,
                              production_with_admin, register, upload)
from mercado_helpers import assert_problem, error_fields

NAME_RE = re.compile(r"^[0-9a-f]{32}\.(jpg|png|gif|webp)$")


def file_request(data, claimed):
    """(body, headers) of an upload of `data` whose part claims the type `claimed`."""
    body, content_type = multipart([("file", "x.png", claimed, data)])
    return body, {"Content-Type": content_type}


@pytest.mark.parametrize("data,claimed,extension,media_type", [
    (png(), "image/png", "png", "image/png"),
    (GIF, "image/gif", "gif", "image/gif"),
    (JPEG, "image/jpeg", "jpg", "image/jpeg"),
    (JPEG, "image/jpg", "jpg", "image/jpeg"),
    (WEBP, "image/webp", "webp", "image/webp"),
    (png(), "application/octet-stream", "png", "image/png"),
    (png(), None, "png", "image/png"),
])
def test_upload_then_download_each_image_type(shared_sandbox, data, claimed, extension,
                                              media_type):
    status, headers, receipt = upload(shared_sandbox, data, "my photo.bin", claimed)
    assert status == 201, receipt
    assert set(receipt) == {"originalname", "filename", "location"}
    assert receipt["originalname"] == "my photo.bin"
    assert NAME_RE.match(receipt["filename"]) and receipt["filename"].endswith("." + extension)
    path = f"{API}/files/{receipt['filename']}"
    assert receipt["location"] == shared_sandbox.base_url + path
    assert headers["location"] == path
    status, headers, body = shared_sandbox.request("GET", path)
    assert status == 200 and body == data
    assert headers["content-type"] == media_type
    assert headers["x-content-type-options"] == "nosniff"
    assert "max-age=31536000" in headers["cache-control"]
    assert "immutable" in headers["cache-control"]
    assert headers["etag"].startswith('"')


def test_download_answers_304_and_head(shared_sandbox):
    _, _, receipt = upload(shared_sandbox, png())
    path = f"{API}/files/{receipt['filename']}"
    _, headers, body = shared_sandbox.request("GET", path)
    status, not_modified_headers, empty = shared_sandbox.request(
        "GET", path, headers={"If-None-Match": headers["etag"]})
    assert (status, empty) == (304, b"")
    assert not_modified_headers["etag"] == headers["etag"]
    assert "content-length" not in not_modified_headers
    status, head_headers, empty = shared_sandbox.request("HEAD", path)
    assert (status, empty) == (200, b"")
    assert int(head_headers["content-length"]) == len(body)


def test_same_bytes_get_different_names(shared_sandbox):
    first = upload(shared_sandbox, png())[2]["filename"]
    second = upload(shared_sandbox, png())[2]["filename"]
    assert first != second


@pytest.mark.parametrize("data", [b"just some text\n", b"<html><script>alert(1)</script></html>",
                                  b'<svg xmlns="http://www.w3.org/2000/svg"></svg>',
                                  b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", b"", b"\x89PNG"])
def test_upload_refuses_what_is_not_an_accepted_image(shared_sandbox, data):
    status, headers, body = shared_sandbox.request(
        "POST", f"{API}/files/upload", *file_request(data, "image/png"))
    assert_problem(status, headers, body, 415)


def test_upload_refuses_a_claim_the_bytes_contradict(shared_sandbox):
    status, headers, body = upload(shared_sandbox, png(), "x.gif", "image/gif")
    assert_problem(status, headers, body, 415)
    status, headers, body = upload(shared_sandbox, GIF, "x.png", "text/plain")
    assert_problem(status, headers, body, 415)


def test_upload_limit_default_is_5_mib(shared_sandbox):
    limit = 5 * 1024 * 1024
    at_limit = png(padding=limit - len(png()))
    assert upload(shared_sandbox, at_limit)[0] == 201
    status, headers, body = shared_sandbox.request(
        "POST", f"{API}/files/upload", *file_request(at_limit + b"\x00", "image/png"))
    assert_problem(status, headers, body, 413)


def test_upload_limit_is_configurable(server):
    srv = server(args=["--upload-limit", "2048"])
    assert upload(srv, png(padding=1000))[0] == 201
    status, headers, body = upload(srv, png(padding=3000))
    assert_problem(status, headers, body, 413)


def test_upload_declared_far_too_large_is_refused_before_reading(shared_sandbox):
    with shared_sandbox.raw() as conn:
        conn.send(f"POST {API}/files/upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/"
                  "form-data; boundary=b\r\nContent-Length: 104857600\r\n\r\n".encode())
        response = conn.read_response()
    assert response.status == 413


@pytest.mark.parametrize("content_type,body,status,field", [
    ("application/json", b'{"file":"x"}', 415, None),
    ("multipart/form-data", b"--b\r\n\r\n--b--\r\n", 400, "Content-Type"),
    ("multipart/form-data; boundary=b", b"--b\r\nContent-Disposition: form-data; name=\"file\""
     b"\r\n\r\nunterminated", 400, None),
    ("multipart/form-data; boundary=b", b"--b\r\nContent-Type: image/png\r\n\r\nx\r\n--b--\r\n",
     400, None),
    ("multipart/form-data; boundary=b", b"--b\r\nContent-Disposition: form-data; name=\"other\""
     b"\r\n\r\nx\r\n--b--\r\n", 400, "file"),
])
def test_upload_refuses_malformed_multipart(shared_sandbox, content_type, body, status, field):
    got, headers, data = shared_sandbox.request("POST", f"{API}/files/upload", body,
                                                {"Content-Type": content_type})
    problem = assert_problem(got, headers, data, status)
    if field:
        assert error_fields(problem) == [field]


@pytest.mark.parametrize("length,status", [(70, 201), (71, 400)])
def test_a_boundary_over_70_characters_is_400(sandbox, length, status):
    boundary = "b" * length
    body, content_type = multipart([("file", "a.png", "image/png", png())], boundary=boundary)
    got, headers, data = sandbox.request("POST", f"{API}/files/upload", body,
                                         {"Content-Type": content_type})
    if status == 400:
        assert error_fields(assert_problem(got, headers, data, 400)) == ["Content-Type"]
    else:
        assert got == 201, data


def test_two_file_parts_are_400_and_store_nothing(sandbox):
    body, content_type = multipart([("file", "a.png", "image/png", png()),
                                    ("file", "b.gif", "image/gif", GIF)])
    got, headers, data = sandbox.request("POST", f"{API}/files/upload", body,
                                         {"Content-Type": content_type})
    assert error_fields(assert_problem(got, headers, data, 400)) == ["file"]
    with sqlite3.connect(sandbox.db_path) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 0


@pytest.mark.parametrize("name", ["..%2F..%2Fetc%2Fpasswd", "notahexname.png",
                                  "0123456789ABCDEF0123456789ABCDEF.png",
                                  "0123456789abcdef0123456789abcdef.exe",
                                  "0123456789abcdef0123456789abcdef.png"])
def test_download_of_anything_not_stored_is_404(shared_sandbox, name):
    status, headers, body = shared_sandbox.request("GET", f"{API}/files/{name}")
    assert_problem(status, headers, body, 404)


def test_client_file_name_is_only_echoed(shared_sandbox):
    status, _, receipt = upload(shared_sandbox, png(), "../../evil.png")
    assert status == 201
    assert receipt["originalname"] == "../../evil.png"
    assert NAME_RE.match(receipt["filename"])


def test_files_survive_a_restart(server):
    first = server()
    data = png(padding=100)
    name = upload(first, data)[2]["filename"]
    assert first.stop() == 0
    second = server(db_path=first.db_path)
    status, _, body = second.request("GET", f"{API}/files/{name}")
    assert (status, body) == (200, data)


def test_production_uploads_need_an_account(server, tmp_path):
    srv, _ = production_with_admin(server, tmp_path)
    status, headers, body = upload(srv, png())
    assert_problem(status, headers, body, 401)
    _, customer = register(srv, password="customer-pass")
    assert upload(srv, png(), headers=bearer(customer))[0] == 201
