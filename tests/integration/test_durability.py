"""Durability: acknowledged writes survive kill -9 and restarts; restarts do not reseed."""

import signal
import sqlite3
import threading
import time

from mercado_helpers import product_body

API = "/api/v1"


def all_products(srv):
    products, offset = [], 0
    while True:
        page = srv.get(f"{API}/products?offset={offset}&limit=200")
        products += page
        if len(page) < 200:
            return products
        offset += 200


def integrity(db_path):
    db = sqlite3.connect(db_path)
    try:
        result = db.execute("PRAGMA integrity_check").fetchall()
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
        count = db.execute("SELECT count(*) FROM products").fetchone()[0]
        return result, fk, count
    finally:
        db.close()


def post_until(srv, stop, acked, failures, lock, thread_no, limit):
    i = 0
    while not stop.is_set():
        with lock:
            if len(acked) >= limit:
                return
        title = f"Durable {thread_no}-{i}"
        i += 1
        try:
            status, headers, body = srv.json("POST", f"{API}/products",
                                             product_body(title=title, price=10 + thread_no))
        except Exception as error:  # the server was killed under this request
            with lock:
                failures.append(repr(error))
            return
        if status == 201:
            with lock:
                acked[body["id"]] = title
        else:
            with lock:
                failures.append(status)
            return


def write_storm(srv, threads, limit, stop_when, stop_action):
    """`threads` writers POST until `limit` products are acknowledged; when `stop_when`
    acknowledgements have arrived, `stop_action()` runs while the others are still in flight."""
    stop = threading.Event()
    lock = threading.Lock()
    acked, failures = {}, []
    workers = [threading.Thread(target=post_until,
                                args=(srv, stop, acked, failures, lock, t, limit))
               for t in range(threads)]
    for w in workers:
        w.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with lock:
            if len(acked) >= stop_when:
                break
        time.sleep(0.002)
    stop_action()
    stop.set()
    for w in workers:
        w.join(30)
    return acked, failures


def test_kill_9_mid_stream_keeps_every_acknowledged_product(server):
    first = server()
    acked, failures = write_storm(first, threads=8, limit=200, stop_when=120,
                                  stop_action=first.kill9)
    assert len(acked) >= 120
    assert failures, "kill -9 should have interrupted requests in flight"
    assert first.returncode == -signal.SIGKILL

    # The file is a sound database straight after the crash.
    result, fk, count = integrity(first.db_path)
    assert result == [("ok",)]
    assert fk == []
    assert count >= 70 + len(acked)

    second = server(db_path=first.db_path)
    assert not any("seeded" in line for line in second.stderr_lines), second.stderr_lines
    by_id = {p["id"]: p for p in all_products(second)}
    missing = [i for i in acked if i not in by_id]
    assert missing == [], f"acknowledged but lost after kill -9: {missing}"
    for product_id, title in acked.items():
        assert by_id[product_id]["title"] == title
    assert len(by_id) == count  # the server sees what the file holds
    assert [c["id"] for c in second.get(f"{API}/categories")] == list(range(1, 8))
    # and it keeps working: the next id follows every id ever handed out
    status, _, created = second.json("POST", f"{API}/products", product_body(title="After Crash"))
    assert status == 201 and created["id"] > max(by_id)


def test_sigterm_mid_stream_exits_0_and_keeps_every_acknowledged_product(server):
    first = server()
    codes = []
    acked, _ = write_storm(first, threads=6, limit=150, stop_when=60,
                           stop_action=lambda: codes.append(first.stop()))
    assert codes == [0], first.stderr_text()
    assert any('"msg":"stopping"' in line for line in first.stderr_lines)
    result, _, count = integrity(first.db_path)
    assert result == [("ok",)]
    second = server(db_path=first.db_path)
    ids = {p["id"] for p in all_products(second)}
    assert set(acked) <= ids
    assert len(ids) == count


def test_restart_keeps_changes_and_does_not_reseed(server):
    first = server()
    assert any("seeded" in line for line in first.stderr_lines)
    status, _, created = first.json("POST", f"{API}/products", product_body(title="Kept Lamp"))
    assert status == 201 and created["id"] == 71
    assert first.json("PATCH", f"{API}/products/1", {"price": 1.25})[0] == 200
    assert first.request("DELETE", f"{API}/products/2")[0] == 200
    status, _, category = first.json("POST", f"{API}/categories",
                                     {"name": "Kept", "image": "https://img.example.com/k.png"})
    assert status == 201
    before = all_products(first)
    assert first.stop() == 0

    second = server(db_path=first.db_path)
    assert not any("seeded" in line for line in second.stderr_lines)
    after = all_products(second)
    assert after == before
    assert len(after) == 70  # 70 seeded - 1 deleted + 1 created: nothing seeded again
    assert second.get(f"{API}/products/1")["price"] == 1.25
    assert second.json("GET", f"{API}/products/2")[0] == 404
    assert second.get(f"{API}/categories/{category['id']}")["name"] == "Kept"
    # ids are never reused, even across restarts
    assert second.request("DELETE", f"{API}/products/71")[0] == 200
    assert second.stop() == 0
    third = server(db_path=first.db_path)
    status, _, newer = third.json("POST", f"{API}/products", product_body(title="Newer Lamp"))
    assert status == 201 and newer["id"] == 72
    assert len(all_products(third)) == 70


def test_database_file_is_consistent_after_clean_stop(server):
    srv = server()
    for i in range(20):
        assert srv.request("POST", f"{API}/products", product_body(title=f"Clean {i}"))[0] == 201
    assert srv.stop() == 0
    result, fk, count = integrity(srv.db_path)
    assert result == [("ok",)] and fk == [] and count == 90
