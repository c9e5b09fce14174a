"""A catalog of 75,000 products: sorted pages come in order from their indexes, and lists that
must read the whole table run off the event loops, so they never hold up other requests."""

import http.client
import statistics
import threading
import time

import pytest

from mercado_helpers import fill_catalog

API = "/api/v1"
PRODUCTS = 75_000


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    from conftest import ServerPool
    db = str(tmp_path_factory.mktemp("large") / "large.db")
    pool = ServerPool()
    pool.start(db_path=db).stop()  # the schema and the demo catalog
    fill_catalog(db, PRODUCTS)
    yield pool.start(db_path=db, args=["--read-cache", "off"])
    pool.finish()


def timed_get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


@pytest.mark.parametrize("sort,key", [("title", lambda p: (p["title"].lower(), p["id"])),
                                      ("price", lambda p: (p["price"], p["id"])),
                                      ("updatedAt", lambda p: (p["updatedAt"], p["id"])),
                                      ("creationAt", lambda p: (p["creationAt"], p["id"]))])
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_sorted_pages_follow_each_other_in_order(large, sort, key, order):
    first = large.get(f"{API}/products?sortBy={sort}&order={order}&limit=200&offset=5000")
    second = large.get(f"{API}/products?sortBy={sort}&order={order}&limit=200&offset=5200")
    both = first + second
    assert len(both) == 400 and len({p["id"] for p in both}) == 400
    assert both == sorted(both, key=key, reverse=order == "desc")


def test_lists_that_read_the_whole_table_do_not_hold_up_other_requests(large):
    """Four clients ask for lists no index can narrow (a title substring none has); meanwhile
    every other request must still be answered at once: before, each scan held its event loop
    for tens of milliseconds and /healthz waited behind them."""
    stop_at = time.monotonic() + 3
    statuses, probes = [], []

    def scan():
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            statuses.append(timed_get(large.port, f"{API}/products?title=zzqx&sortBy=updatedAt"
                                                  f"&limit=200&offset={n}")[0])

    def probe():
        while time.monotonic() < stop_at:
            status, seconds = timed_get(large.port, "/healthz")
            assert status == 200
            probes.append(seconds)
            time.sleep(0.02)

    threads = [threading.Thread(target=scan) for _ in range(4)] + [threading.Thread(target=probe)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses and set(statuses) == {200}
    probes.sort()
    p90 = probes[int(len(probes) * 0.9)]
    assert p90 < 0.03, f"/healthz p90 {p90 * 1000:.1f} ms, median " \
                       f"{statistics.median(probes) * 1000:.1f} ms while whole-table lists ran"
