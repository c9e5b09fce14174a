"""Idempotency-Key on creates and sparse fieldsets (`fields=`), against the real binary."""

import json
import sqlite3
import threading
import uuid
import xml.etree.ElementTree as ET

import pytest

from identity_helpers import png, register, upload, user_body
from mercado_helpers import (PRODUCT_FIELDS, SEED_PRODUCTS, assert_problem, category_body,
                             error_fields, product_body)

API = "/api/v1"


def key():
    return str(uuid.uuid4())


def count(srv, path):
    return int(srv.request("GET", path)[1]["x-total-count"])


# --- Idempotency-Key ----------------------------------------------------------------------------

@pytest.mark.parametrize("path,body", [(f"{API}/products", product_body(title="Retried Lamp")),
                                       (f"{API}/categories", category_body(name="Retried Shelf")),
                                       (f"{API}/users", user_body())])
def test_a_retry_with_the_same_key_replays_the_first_answer(sandbox, path, body):
    listing = f"{API}/products" if "products" in path else path
    before = count(sandbox, listing)
    headers = {"Idempotency-Key": key()}
    first = sandbox.request("POST", path, body, headers=headers)
    second = sandbox.request("POST", path, body, headers=headers)
    assert first[0] == second[0] == 201
    assert second[2] == first[2] and second[1]["location"] == first[1]["location"]
    assert second[1]["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first[1]
    assert count(sandbox, listing) == before + 1


def test_uploads_honour_the_key(sandbox):
    headers = {"Idempotency-Key": key()}
    first = upload(sandbox, png(), headers=headers)
    second = upload(sandbox, png(), headers=headers)
    assert first[0] == second[0] == 201 and first[2] == second[2]


def test_the_same_key_on_a_different_request_is_422(sandbox):
    headers = {"Idempotency-Key": key()}
    assert sandbox.request("POST", f"{API}/categories", category_body(name="Kept Shelf"),
                           headers=headers)[0] == 201
    status, response_headers, body = sandbox.request(
        "POST", f"{API}/categories", category_body(name="Other Shelf"), headers=headers)
    assert_problem(status, response_headers, body, 422)
    names = [c["name"] for c in sandbox.get(f"{API}/categories?limit=200")]
    assert "Kept Shelf" in names and "Other Shelf" not in names


def test_keys_are_scoped_to_the_route(sandbox):
    shared = key()
    assert sandbox.request("POST", f"{API}/categories", category_body(name="Scoped Shelf"),
                           headers={"Idempotency-Key": shared})[0] == 201
    assert sandbox.request("POST", f"{API}/products", product_body(title="Scoped Lamp"),
                           headers={"Idempotency-Key": shared})[0] == 201


def test_a_refused_request_is_replayed_too_but_nothing_is_created(sandbox):
    headers = {"Idempotency-Key": key()}
    bad = product_body(price=-1)
    first = sandbox.request("POST", f"{API}/products", bad, headers=headers)
    second = sandbox.request("POST", f"{API}/products", bad, headers=headers)
    assert first[0] == second[0] == 400 and first[2] == second[2]
    assert count(sandbox, f"{API}/products") == len(SEED_PRODUCTS)


def test_concurrent_duplicates_create_once(sandbox):
    headers = {"Idempotency-Key": key()}
    body = product_body(title="Raced Lamp")
    results = []

    def post():
        status, response_headers, raw = sandbox.request("POST", f"{API}/products", body,
                                                        headers=headers)
        results.append((status, raw if status == 201 else None))

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _ in results)
    assert set(statuses) <= {201, 409} and statuses.count(201) >= 1, statuses
    assert len({raw for status, raw in results if status == 201}) == 1, "one resource, one body"
    titles = [p["title"] for p in sandbox.get(f"{API}/products?limit=200")]
    assert titles.count("Raced Lamp") == 1


@pytest.mark.parametrize("bad", ["", " ", "x" * 256, "caf\u00e9"])
def test_a_malformed_key_is_400(sandbox, bad):
    status, headers, body = sandbox.request(
        "POST", f"{API}/categories", category_body(name="Never Made"),
        headers={"Idempotency-Key": bad.encode("utf-8").decode("latin-1")})
    if bad.strip() == "":
        assert status == 201  # an empty header is no key at all
        return
    assert "Idempotency-Key" in error_fields(assert_problem(status, headers, body, 400))


def test_another_callers_retry_with_the_same_key_is_not_a_replay(server):
    srv = server()
    _, token_a = register(srv)
    _, token_b = register(srv)
    shared = key()
    body = category_body(name="Owned Shelf")
    assert srv.request("POST", f"{API}/categories", body, headers={
        "Idempotency-Key": shared, "Authorization": f"Bearer {token_a}"})[0] == 201
    status, headers, raw = srv.request("POST", f"{API}/categories", body, headers={
        "Idempotency-Key": shared, "Authorization": f"Bearer {token_b}"})
    assert_problem(status, headers, raw, 422)


def test_replays_survive_a_restart(server, tmp_path):
    db = str(tmp_path / "keys.db")
    headers = {"Idempotency-Key": key()}
    first = server(db_path=db)
    answer = first.request("POST", f"{API}/categories", category_body(name="Durable Shelf"),
                           headers=headers)
    first.stop()
    second = server(db_path=db)
    again = second.request("POST", f"{API}/categories", category_body(name="Durable Shelf"),
                           headers=headers)
    assert again[0] == 201 and again[2] == answer[2]


def stored_fingerprint(srv):
    with sqlite3.connect(srv.db_path) as db:
        return db.execute("SELECT fingerprint FROM idempotency_keys").fetchone()[0]


@pytest.mark.sqlite_file
def test_fingerprints_are_keyed_with_the_server_secret(server):
    """A fingerprint covers the body, password included, and is kept a day: without the
    server's key it must be no oracle to test guessed passwords against."""
    body, headers = user_body(password="hunter22"), {"Idempotency-Key": "same-key"}
    fingerprints = []
    for secret in ("first-deployment-key-0123456789abcdef", "other-deployment-key-0123456789abcd",
                   "first-deployment-key-0123456789abcdef"):
        srv = server(env={"MERCADO_JWT_SECRET": secret})
        assert srv.request("POST", f"{API}/users", body, headers=headers)[0] == 201
        fingerprints.append(stored_fingerprint(srv))
    assert fingerprints[0] == fingerprints[2] and fingerprints[0] != fingerprints[1]


# --- fields= ------------------------------------------------------------------------------------

def test_fields_cut_every_item_of_a_list(shared_sandbox):
    items = shared_sandbox.get(f"{API}/products?limit=5&fields=id,title")
    assert [set(p) for p in items] == [{"id", "title"}] * 5
    assert items[0]["title"] == SEED_PRODUCTS[1]["title"]


def test_fields_cut_an_item_and_keep_nested_objects_whole(shared_sandbox):
    product = shared_sandbox.get(f"{API}/products/3?fields=category,price")
    assert set(product) == {"category", "price"}
    assert set(product["category"]) == {"id", "name", "slug", "image", "creationAt", "updatedAt"}


def test_fields_work_in_xml_and_on_every_resource(shared_sandbox):
    status, _, body = shared_sandbox.request("GET", f"{API}/categories/1?fields=name,slug",
                                             headers={"Accept": "application/xml"})
    root = ET.fromstring(body)
    assert status == 200 and [child.tag for child in root] == ["name", "slug"]
    users = shared_sandbox.get(f"{API}/users?fields=email")
    assert users and all(set(u) == {"email"} for u in users)


def test_sparse_and_full_representations_have_different_tags(shared_sandbox):
    full = shared_sandbox.request("GET", f"{API}/products/2")[1]["etag"]
    sparse = shared_sandbox.request("GET", f"{API}/products/2?fields=id")[1]["etag"]
    assert full != sparse


@pytest.mark.parametrize("fields", ["password", "id,passwordHash", "id,id", ",", "title,,"])
def test_unknown_or_repeated_fields_are_400(shared_sandbox, fields):
    status, headers, body = shared_sandbox.request("GET", f"{API}/users/1?fields={fields}")
    assert "fields" in error_fields(assert_problem(status, headers, body, 400))


def test_every_product_field_can_be_asked_for(shared_sandbox):
    product = shared_sandbox.get(f"{API}/products/1?fields=" + ",".join(sorted(PRODUCT_FIELDS)))
    assert set(product) == PRODUCT_FIELDS
