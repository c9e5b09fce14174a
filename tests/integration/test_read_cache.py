"""The read cache (each worker keeps its answers to catalog reads while the data is unchanged)
must never show stale data to anyone who could know better: not after an acknowledged write,
not across representations, and not for long after another process changes the database."""

import sqlite3
import time

from mercado_helpers import product_body

API = "/api/v1"


def read_many(srv, path, times=8, headers=None):
    """GETs `path` several times, each on a new connection, so every worker thread answers."""
    bodies = []
    for _ in range(times):
        status, _, body = srv.json("GET", path, headers=headers)
        assert status == 200
        bodies.append(body)
    return bodies


def test_every_acknowledged_write_shows_in_every_following_read(sandbox):
    for round_number in range(5):
        read_many(sandbox, f"{API}/products/2")  # warm every worker's cache
        read_many(sandbox, f"{API}/products?limit=3")
        title = f"Renamed Chair {round_number}"
        status, _, _ = sandbox.json("PATCH", f"{API}/products/2", {"title": title})
        assert status == 200
        assert {p["title"] for p in read_many(sandbox, f"{API}/products/2")} == {title}
        lists = read_many(sandbox, f"{API}/products?limit=3")
        assert all(page[1]["title"] == title for page in lists)


def test_counts_and_deletions_show_at_once(sandbox):
    before = read_many(sandbox, f"{API}/products?limit=1")
    _, headers, _ = sandbox.request("GET", f"{API}/products?limit=1")
    total = int(headers["x-total-count"])
    status, _, created = sandbox.json("POST", f"{API}/products", product_body(title="Fresh Lamp"))
    assert status == 201
    for _ in range(6):
        _, headers, _ = sandbox.request("GET", f"{API}/products?limit=1")
        assert int(headers["x-total-count"]) == total + 1
    assert before  # the list was read, and cached, before the write
    status, _, _ = sandbox.request("DELETE", f"{API}/products/{created['id']}")
    assert status == 200
    for _ in range(6):
        status, _, _ = sandbox.request("GET", f"{API}/products/{created['id']}")
        assert status == 404


def test_json_and_xml_of_one_target_stay_apart(sandbox):
    path = f"{API}/products/3"
    for _ in range(4):
        _, json_headers, json_body = sandbox.request("GET", path)
        _, xml_headers, xml_body = sandbox.request("GET", path,
                                                   headers={"Accept": "application/xml"})
        assert json_headers["content-type"].startswith("application/json")
        assert json_body.startswith(b"{")
        assert xml_headers["content-type"].startswith("application/xml")
        assert xml_body.startswith(b"<?xml")


def test_a_write_from_another_process_shows_within_a_second(sandbox):
    path = f"{API}/products/4"
    read_many(sandbox, path)
    with sqlite3.connect(sandbox.db_path, timeout=5) as db:
        db.execute("UPDATE products SET title = 'Changed Elsewhere' WHERE id = 4")
    started = time.monotonic()
    while time.monotonic() - started < 1.0:
        titles = {p["title"] for p in read_many(sandbox, path, times=4)}
        if titles == {"Changed Elsewhere"}:
            return
        time.sleep(0.05)
    raise AssertionError(f"still {titles} a second after the change")


def test_the_cache_can_be_turned_off(server):
    srv = server(args=["--read-cache", "off"])
    status, _, _ = srv.json("PATCH", f"{API}/products/1", {"title": "Uncached Sweater"})
    assert status == 200
    assert {p["title"] for p in read_many(srv, f"{API}/products/1")} == {"Uncached Sweater"}
