#!/usr/bin/env python3
"""What each attack on the HTTP layer does to one or more builds, side by side: whether the
server survives, what it answers, and what it costs in memory, CPU and latency. Loopback only,
each attack bounded in time.

  python3 bench/attacks.py before=/path/to/old/mercado after=build/mercado
"""

import http.client
import json
import os
import resource
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time

POST = (b"POST /api/v1/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n")


class Server:
    def __init__(self, binary, nofile=None, threads=2):
        self.dir = tempfile.mkdtemp(prefix="mercado-attack-")
        limit = None if nofile is None else (
            lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile)))
        self.proc = subprocess.Popen(
            [binary, "serve", "--port", "0", "--db", f"sqlite:{self.dir}/db", "--threads",
             str(threads), "--access-log", "off", "--rate-limit", "0"],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, preexec_fn=limit)
        for line in self.proc.stderr:
            event = json.loads(line)
            if event.get("msg") == "listening":
                self.port = int(event["port"])
                break
        threading.Thread(target=lambda: [None for _ in self.proc.stderr], daemon=True).start()

    def alive(self):
        return self.proc.poll() is None

    def rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmRSS:")) / 1024

    def cpu(self):
        with open(f"/proc/{self.proc.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def exchange(port, data, timeout=5):
    """Sends `data` and returns the status lines of every answer before the server closes."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(data)
        except OSError:
            pass
        received = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            received += chunk
        return [l.decode() for l in received.split(b"\r\n") if l.startswith(b"HTTP/1.")] or ["-"]
    finally:
        s.close()


def statuses(lines):
    return " + ".join(l.split(" ")[1] if l != "-" else "nothing" for l in lines)


def streamed(port, head, piece, total):
    """Streams `piece` after `head` until `total` bytes are sent or the server answers or
    closes: (the answer's status, or what happened, and the bytes sent)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    sent = 0
    try:
        s.sendall(head)
        while sent < total and not select.select([s], [], [], 0)[0]:
            s.sendall(piece)
            sent += len(piece)
    except OSError:
        pass  # refused mid-send: its answer may be waiting
    try:
        line = s.recv(200).split(b"\r\n")[0].decode()
        answer = line.split(" ")[1] if line.startswith("HTTP/1.") else "closed, no answer"
    except OSError as error:
        answer = f"no answer ({type(error).__name__})"
    finally:
        s.close()
    return answer, sent


def probe(port):
    """GET /healthz on a new connection: its status (or error) and how long it took."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        response.read()
        outcome = str(response.status)
    except (OSError, http.client.HTTPException) as error:
        outcome = type(error).__name__
    finally:
        conn.close()
    return f"{outcome} in {(time.perf_counter() - started) * 1000:.0f} ms"


def run(binary):
    out = {}
    srv = Server(binary)
    out["65,534-byte trailer"] = statuses(
        exchange(srv.port, POST + b"2\r\n{}\r\n0\r\nX-T: " + b"A" * 65534 + b"\r\n\r\n"))
    out["  process alive after"] = "yes" if srv.alive() else "NO (crashed)"
    srv.stop()

    srv = Server(binary)
    before = srv.rss_mib()
    answer, sent = streamed(srv.port, POST + b"2;x=", b"a" * 65536, 200 * 1024 * 1024)
    out["200 MiB chunk extension"] = f"{answer}, {sent / 2**20:.0f} MiB sent"
    out["  RSS growth (MiB)"] = f"{srv.rss_mib() - before:.0f}"
    srv.stop()
    srv = Server(binary)
    before = srv.rss_mib()
    answer, sent = streamed(srv.port, POST + b"2\r\n{}\r\n0\r\n", b"X-F: 1\r\n" * 8192,
                            1_000_000 * 8)
    out["a million trailer fields"] = f"{answer}, {sent / 2**20:.1f} MiB sent"
    out["  RSS growth (MiB) "] = f"{srv.rss_mib() - before:.0f}"
    # A GET with a body whose framing the server can't know: is the body read as a request?
    smuggled = b"GET /api/v1/products/2 HTTP/1.1\r\nHost: x\r\n\r\n"
    for coding in ("xchunked", "identity", "chunked, identity", "gzip, chunked"):
        head = (f"GET /api/v1/products/1 HTTP/1.1\r\nHost: x\r\n"
                f"Transfer-Encoding: {coding}\r\n\r\n").encode()
        out[f"TE: {coding}, a GET as body"] = statuses(exchange(srv.port, head + smuggled))
    out["leading CRLF"] = statuses(exchange(
        srv.port, b"\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
    srv.stop()

    srv = Server(binary, nofile=256)
    flood = []
    try:
        for _ in range(400):
            flood.append(socket.create_connection(("127.0.0.1", srv.port), timeout=5))
    except OSError:
        pass
    time.sleep(0.5)
    cpu, started = srv.cpu(), time.monotonic()
    time.sleep(2)
    out["400 connections, 256 fds: CPU"] = f"{(srv.cpu() - cpu) / (time.monotonic() - started):.0%}"
    out["  /healthz on a new connection"] = probe(srv.port)
    for s in flood:
        s.close()
    time.sleep(0.5)
    out["  /healthz once they close"] = probe(srv.port)
    srv.stop()
    return out


def main():
    targets = [a.split("=", 1) for a in sys.argv[1:]] or [("build", "build/mercado")]
    results = {label: run(path) for label, path in targets}
    print(f"{'':34}" + "".join(f"{label:>28}" for label, _ in targets))
    for key in results[targets[0][0]]:
        print(f"{key:34}" + "".join(f"{results[label][key]:>28}" for label, _ in targets))


if __name__ == "__main__":
    main()
