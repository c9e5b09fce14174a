#!/usr/bin/env python3
"""Large catalogs: how long each sorted page takes, and whether expensive lists hold up the
other requests of their event loop.

For each binary given (label=path; the default is this checkout's build-release/mercado), a fresh
database gets PRODUCTS products (75,000) written straight into SQLite, then the server runs with
--threads 2 and the read cache off (so every list reaches the database):

1. each allowed sort, ascending and descending, limit=200 at a random offset under 1,000:
   the median latency of SAMPLES requests;
2. CLIENTS (4) clients loop over lists that must read the whole table (a title no product has,
   sorted by updatedAt) for SECONDS (5), while a probe asks GET /healthz every 20 ms: the probe's
   p50, p99 and worst latency, and how many lists were answered.

  python3 bench/slow_lists.py old=/tmp/old/mercado new=build-release/mercado
"""

import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
from mercado_helpers import fill_catalog  # noqa: E402  (the tests' own large catalog)
PRODUCTS = int(os.environ.get("PRODUCTS", "75000"))
SAMPLES = int(os.environ.get("SAMPLES", "15"))
CLIENTS = int(os.environ.get("CLIENTS", "4"))
SECONDS = float(os.environ.get("SECONDS", "5"))
SORTS = ["id", "title", "price", "creationAt", "updatedAt"]


def start(binary, db, workdir):
    log = open(os.path.join(workdir, "server.log"), "w")
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--db", f"sqlite:{db}", "--threads",
                             "2", "--read-cache", "off", "--access-log", "off", "--rate-limit",
                             "0"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    for line in proc.stderr:
        log.write(line)
        event = json.loads(line)
        if event.get("msg") == "listening":
            threading.Thread(target=lambda: shutil.copyfileobj(proc.stderr, log), daemon=True).start()
            return proc, int(event["port"])
    raise RuntimeError(f"{binary} did not start; see {workdir}/server.log")


def stop(proc):
    proc.terminate()
    proc.wait(30)


def get(port, path, timeout=60):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000
    finally:
        conn.close()


def sorted_pages(port):
    results = {}
    for sort in SORTS:
        for order in ("asc", "desc"):
            times = []
            for _ in range(SAMPLES):
                offset = random.randrange(1000)
                status, ms = get(port, f"/api/v1/products?sortBy={sort}&order={order}"
                                       f"&limit=200&offset={offset}")
                assert status == 200, status
                times.append(ms)
            results[f"{sort} {order}"] = statistics.median(times)
    return results


def starvation(port):
    stop_at = time.monotonic() + SECONDS
    answered, probes = [0], []
    lock = threading.Lock()

    def heavy():
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            status, _ = get(port, f"/api/v1/products?title=zzqx&sortBy=updatedAt&limit=200&_={n}")
            if status == 200:
                with lock:
                    answered[0] += 1

    def probe():
        while time.monotonic() < stop_at:
            status, ms = get(port, "/healthz")
            assert status == 200
            probes.append(ms)
            time.sleep(0.02)

    threads = [threading.Thread(target=heavy) for _ in range(CLIENTS)] + [
        threading.Thread(target=probe)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    probes.sort()
    return {"healthz p50": statistics.median(probes),
            "healthz p99": probes[int(len(probes) * 0.99) - 1] if len(probes) > 1 else probes[-1],
            "healthz max": probes[-1], "lists/s": answered[0] / SECONDS}


def measure(label, binary):
    workdir = tempfile.mkdtemp(prefix=f"mercado-slow-{label}-")
    db = os.path.join(workdir, "catalog.db")
    try:
        proc, _ = start(binary, db, workdir)  # creates and seeds the schema
        stop(proc)
        fill_catalog(db, PRODUCTS)
        proc, port = start(binary, db, workdir)
        try:
            get(port, "/api/v1/products?limit=1")  # warm the caches of SQLite and the OS
            return {**sorted_pages(port), **starvation(port)}
        finally:
            stop(proc)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    targets = [arg.split("=", 1) for arg in sys.argv[1:]] or [
        ("build-release", os.path.join(ROOT, "build-release", "mercado"))]
    random.seed(1)
    results = {label: measure(label, path) for label, path in targets}
    print(f"{PRODUCTS} products, --threads 2, read cache off; latencies in ms (medians of "
          f"{SAMPLES}); {CLIENTS} clients of whole-table lists for {SECONDS:g} s")
    print(f"{'':22}" + "".join(f"{label:>14}" for label, _ in targets))
    for key in results[targets[0][0]]:
        print(f"{key:22}" + "".join(f"{results[label][key]:14.1f}" for label, _ in targets))


if __name__ == "__main__":
    main()
