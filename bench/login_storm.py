"""Open-loop login load: POST /api/v1/auth/login at a steady rate for a fixed time, each
request on its own connection, scheduled by the wall clock (a slow answer does not delay the
next request). Prints one JSON line: sent, ok, achieved rate, latency p50/p99 in ms.

usage: login_storm.py PORT RATE SECONDS"""

import http.client
import json
import sys
import threading
import time

EMAIL, PASSWORD = "john@mail.com", "changeme"


def login(port, results):
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("POST", "/api/v1/auth/login",
                     json.dumps({"email": EMAIL, "password": PASSWORD}),
                     {"Content-Type": "application/json"})
        status = conn.getresponse().status
    except OSError:
        status = 0
    finally:
        conn.close()
    results.append((status, (time.monotonic() - started) * 1000))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def main():
    port, rate, seconds = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    results, threads = [], []
    start = time.monotonic()
    for i in range(int(rate * seconds)):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(target=login, args=(port, results))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    latencies = [ms for _, ms in results]
    print(json.dumps({"sent": len(results), "ok": sum(s == 201 for s, _ in results),
                      "rate": round(len(results) / elapsed, 1),
                      "p50_ms": round(percentile(latencies, 0.5), 1),
                      "p99_ms": round(percentile(latencies, 0.99), 1)}))


if __name__ == "__main__":
    main()
