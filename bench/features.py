#!/usr/bin/env python3
"""What each hot-path feature costs: GET /api/v1/products/1 and the 10-product list, served by
one Mercado per configuration (every feature off; each one on alone; all on), measured with
wrk in alternating rounds, and reported as medians and as a ratio to the all-off baseline.

Every request sends Accept-Encoding: gzip, as browsers do, so gzip works where it is on (the
list is 7 KB; a single product is under the 1 KiB threshold and is never compressed); gzip
bodies are cached by ETag, so "gzip" alone compresses every time and "ETag + gzip" shows the
deployed pairing. The rate
limit is on at 1,000,000/s: checked on every request, never refusing. The access log goes to a
file. The read cache answers repeated catalog reads without the database while nothing is
written; "all on but the read cache" is what a read costs when the data keeps changing.
Settings (environment): MERCADO_BIN (default build-release/mercado), THREADS (2),
DURATION (5 s per wrk run), ROUNDS (3), CONNECTIONS (64)."""

import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("MERCADO_BIN", os.path.join(ROOT, "build-release", "mercado"))
THREADS = os.environ.get("THREADS", "2")
DURATION = int(os.environ.get("DURATION", "5"))
ROUNDS = int(os.environ.get("ROUNDS", "3"))
CONNECTIONS = os.environ.get("CONNECTIONS", "64")

OFF = ["--etag", "off", "--compression", "off", "--rate-limit", "0", "--access-log", "off",
       "--read-cache", "off"]
CONFIGS = {
    "all off": OFF,
    "ETag": OFF + ["--etag", "on"],
    "gzip": OFF + ["--compression", "on"],  # without ETags nothing is cached: every body is compressed
    "ETag + gzip": OFF + ["--etag", "on", "--compression", "on"],
    "rate limiter": OFF + ["--rate-limit", "1000000"],
    "access log": OFF + ["--access-log", "on"],
    "read cache": OFF + ["--read-cache", "on"],
    "all on but the read cache": ["--rate-limit", "1000000", "--read-cache", "off"],
    "all on": ["--rate-limit", "1000000"],
}
TARGETS = {"product": "/api/v1/products/1", "list of 10": "/api/v1/products?offset=0&limit=10"}


def start(name, args, workdir, db):
    log = open(os.path.join(workdir, re.sub(r"\W", "_", name) + ".log"), "w+")
    proc = subprocess.Popen([BIN, "serve", "--port", "0", "--db", f"sqlite:{db}", "--threads",
                             THREADS, *args], stderr=log, stdout=subprocess.DEVNULL)
    for _ in range(100):
        log.seek(0)
        found = re.search(r'"msg":"listening".*?"port":"(\d+)"', log.read())
        if found:
            return proc, int(found.group(1))
        time.sleep(0.1)
    proc.kill()
    sys.exit(f"features: {name} did not start")


def wrk(url, seconds):
    out = subprocess.run(["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
                          "-H", "Accept-Encoding: gzip", url],
                         capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        sys.exit(f"features: non-2xx responses from {url}:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    return rps, float(p99.group(1)) * scale


def main():
    if not os.access(BIN, os.X_OK):
        sys.exit(f"features: no binary at {BIN} (cmake --build build-release, or MERCADO_BIN)")
    workdir = tempfile.mkdtemp(prefix="mercado-features-")
    db = os.path.join(workdir, "bench.db")
    servers = {}
    try:
        # The first start seeds the database; the others open it as it is.
        for name, args in CONFIGS.items():
            servers[name] = start(name, args, workdir, db)
        results = {(c, t): [] for c in CONFIGS for t in TARGETS}
        for name, (_, port) in servers.items():  # warm-up
            for path in TARGETS.values():
                wrk(f"http://127.0.0.1:{port}{path}", 1)
        for round_number in range(ROUNDS):
            order = list(CONFIGS) if round_number % 2 == 0 else list(reversed(CONFIGS))
            for name in order:
                for target, path in TARGETS.items():
                    port = servers[name][1]
                    print(f"features: round {round_number + 1}/{ROUNDS}: {name}, {target}",
                          file=sys.stderr)
                    results[(name, target)].append(wrk(f"http://127.0.0.1:{port}{path}",
                                                       DURATION))
    finally:
        for proc, _ in servers.values():
            proc.send_signal(signal.SIGTERM)
        for proc, _ in servers.values():
            proc.wait(30)

    print(f"Feature costs, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{os.cpu_count()} CPUs shared by wrk and mercado; --threads {THREADS}, "
          f"wrk -t1 -c{CONNECTIONS} -d{DURATION}s, median of {ROUNDS} rounds")
    print(f"{'configuration':<26} {'target':<11} {'req/s':>9} {'vs all off':>11} {'p99 ms':>8}")
    for target in TARGETS:
        base = statistics.median(r for r, _ in results[("all off", target)])
        for name in CONFIGS:
            rps = statistics.median(r for r, _ in results[(name, target)])
            p99 = statistics.median(p for _, p in results[(name, target)])
            print(f"{name:<26} {target:<11} {rps:>9.0f} {100 * rps / base:>10.1f}% {p99:>8.2f}")


if __name__ == "__main__":
    main()
