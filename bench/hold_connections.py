#!/usr/bin/env python3
"""Open N real keep-alive connections to mercado and read its RSS while they are all held.

Usage: hold_connections.py HOST PORT COUNT PID [PATH]

Each connection sends one complete GET and reads its whole response (Content-Length), so the
server sees a finished request on a connection it keeps open, then sits idle. Once all are
open, it waits a moment for the server to settle, samples VmRSS of PID a few times, checks
that every connection is still open, and prints one line of key=value pairs for run.sh:
    opened=5000 alive=5000 rss_kb=12345 seconds_idle=4.2
The server closes idle connections after 30 s, so everything happens well inside that.
Exits non-zero if a connection fails or any was closed before the measurement ended.
"""
import resource
import socket
import sys
import time


def rss_kb(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def read_response(sock):
    """Reads one HTTP response with a Content-Length body; returns (status line, headers)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed before the response headers")
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed inside the response body")
        body += chunk
    return lines[0], headers


def main():
    host, port, count, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    path = sys.argv[5] if len(sys.argv) > 5 else "/api/v1/products/1"
    # One descriptor per connection plus some slack; run.sh raised the hard limit if needed.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < count + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 1024), hard))
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
    sockets = []
    first_idle = None
    for i in range(count):
        sock = socket.create_connection((host, port), timeout=10)
        sock.sendall(request)
        status, headers = read_response(sock)
        if not status.startswith("HTTP/1.1 2") or headers.get("connection", "") == "close":
            raise RuntimeError(f"connection {i}: {status!r}, Connection: {headers.get('connection')}")
        if first_idle is None:
            first_idle = time.monotonic()
        sockets.append(sock)
    time.sleep(2)  # let the server's allocator settle before sampling
    samples = []
    for _ in range(3):
        samples.append(rss_kb(pid))
        time.sleep(0.5)
    # A socket the server closed reads as EOF (b"") at once; an open idle one would block.
    alive = 0
    for sock in sockets:
        sock.setblocking(False)
        try:
            if sock.recv(1, socket.MSG_PEEK) != b"":
                alive += 1  # unexpected bytes, but the connection is open
        except BlockingIOError:
            alive += 1
        except OSError:
            pass
    idle = time.monotonic() - first_idle
    print(f"opened={len(sockets)} alive={alive} rss_kb={max(samples)} seconds_idle={idle:.1f}")
    for sock in sockets:
        sock.close()
    return 0 if alive == count and idle < 30 else 1


if __name__ == "__main__":
    sys.exit(main())
