"""Attacks on the HTTP layer, each a regression test for a defect found by attacking the server:
oversized trailers and chunk extensions, framings that could be read two ways, descriptor
exhaustion, and requests lost while draining. Raw sockets throughout: clients libraries would
refuse to send most of this."""

import json
import select
import signal
import socket
import threading
import time

import pytest

from mercado_helpers import RawConnection, product_body, request_bytes

API = "/api/v1"
CHUNKED_POST = (f"POST {API}/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n").encode()


def send_quietly(conn, data):
    """Sends what the server takes; it may answer and close before reading everything."""
    try:
        conn.send(data)
    except (BrokenPipeError, ConnectionResetError):
        pass


def refused(srv, data, status):
    """Sends `data` on a new connection: the one answer must be `status`, then the server must
    close the connection without answering anything else."""
    with srv.raw() as conn:
        send_quietly(conn, data)
        response = conn.read_response()
        assert response.status == status, response
        assert response.headers["content-type"].startswith("application/problem+json")
        assert conn.closed_by_server(within=5)
        assert conn.buffer == b"", conn.buffer  # nothing smuggled through
    return response


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks


def json_chunks(payload, size):
    data = b"".join(b"%x\r\n%s\r\n" % (len(payload[i:i + size]), payload[i:i + size])
                    for i in range(0, len(payload), size))
    return data + b"0\r\n\r\n"


# --- trailers and chunk extensions ---------------------------------------------------------------

def test_a_trailer_field_of_65534_bytes_is_431_and_the_server_lives(sandbox):
    refused(sandbox, CHUNKED_POST + b"2\r\n{}\r\n0\r\nX-T: " + b"A" * 65534 + b"\r\n\r\n", 431)
    assert sandbox.get("/healthz")["status"] == "ok"


def test_trailer_fields_never_join_the_header(sandbox):
    body = json.dumps(product_body(title="Trailed")).encode()
    trailers = (b"Accept: application/xml\r\nContent-Type: text/plain\r\n"
                b"X-Request-Id: from-the-trailer\r\n")
    with sandbox.raw() as conn:
        conn.send(CHUNKED_POST + json_chunks(body, 50)[:-2] + trailers + b"\r\n")
        response = conn.read_response()
    assert response.status == 201, response
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-request-id"] != "from-the-trailer"


def test_many_trailer_fields_are_431(sandbox):
    refused(sandbox, CHUNKED_POST + b"2\r\n{}\r\n0\r\n" + b"X-F: 1\r\n" * 20000 + b"\r\n", 431)


def test_many_chunk_extensions_add_up_to_431(sandbox):
    chunks = b"".join(b"1;ext=" + b"e" * 100 + b"\r\n{\r\n" for _ in range(200))
    refused(sandbox, CHUNKED_POST + chunks + b"0\r\n\r\n", 431)


def test_a_chunk_extension_of_many_megabytes_is_refused_without_being_buffered(sandbox):
    before = rss_kib(sandbox.proc.pid)
    with sandbox.raw() as conn:
        conn.send(CHUNKED_POST + b"2;x=")
        piece = b"a" * 65536
        for _ in range(400):  # up to 25 MiB, until the server answers
            if select.select([conn.sock], [], [], 0)[0]:
                break
            try:
                conn.send(piece)
            except (BrokenPipeError, ConnectionResetError):
                break
        response = conn.read_response()
    assert response.status == 431
    assert rss_kib(sandbox.proc.pid) - before < 16 * 1024
    assert sandbox.get("/healthz")["status"] == "ok"


def test_the_body_limit_counts_chunked_framing(server):
    srv = server(args=["--body-limit", "4096"])
    body = json.dumps(product_body(title="Framed", description="d" * 1500)).encode()
    assert len(body) < 2048
    with srv.raw() as conn:  # one chunk: within the limit
        conn.send(CHUNKED_POST + json_chunks(body, len(body)))
        assert conn.read_response().status == 201
    # One byte a chunk: the same payload takes six times the bytes on the wire.
    refused(srv, CHUNKED_POST + json_chunks(body, 1), 413)


# --- framings read two ways (request smuggling) -------------------------------------------------

SMUGGLED = f"GET {API}/products/1 HTTP/1.1\r\nHost: x\r\n\r\n".encode()


@pytest.mark.parametrize("coding", ["xchunked", "identity", "gzip", "chunked, identity",
                                    "chunked , gzip", ""])
def test_a_final_coding_other_than_chunked_is_400_and_closes(shared_sandbox, coding):
    head = (f"POST {API}/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Transfer-Encoding: {coding}\r\n\r\n").encode()
    refused(shared_sandbox, head + SMUGGLED, 400)


def test_a_coding_before_chunked_is_501_and_closes(shared_sandbox):
    head = (f"POST {API}/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: gzip, chunked\r\n\r\n").encode()
    refused(shared_sandbox, head + b"0\r\n\r\n" + SMUGGLED, 501)


@pytest.mark.parametrize("head", [
    "Transfer-Encoding: chunked, chunked\r\n",
    "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
])
def test_chunked_applied_twice_is_400(shared_sandbox, head):
    data = (f"POST {API}/products HTTP/1.1\r\nHost: x\r\n{head}\r\n").encode() + b"0\r\n\r\n"
    refused(shared_sandbox, data + SMUGGLED, 400)


def test_transfer_encoding_in_http10_is_400(shared_sandbox):
    data = (f"POST {API}/products HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
    refused(shared_sandbox, data.encode() + SMUGGLED, 400)


@pytest.mark.parametrize("blank", [b"\r\n", b"\n", b"\r\n\r\n"])
def test_empty_lines_before_a_request_line_are_ignored(shared_sandbox, blank):
    with shared_sandbox.raw() as conn:
        conn.send(blank)
        time.sleep(0.05)  # in a packet of their own, too
        conn.send(blank + request_bytes("GET", f"{API}/products/1"))
        response = conn.read_response()
        assert response.status == 200 and response.json()["id"] == 1
        conn.send(blank + request_bytes("GET", f"{API}/products/2"))  # between requests
        assert conn.read_response().json()["id"] == 2


# --- file descriptors -------------------------------------------------------------------------------

def test_at_the_descriptor_limit_the_server_refuses_at_once_and_keeps_serving(server):
    srv = server(nofile=256)
    keeper = srv.raw()  # admitted before the flood: the way to ask the server how it is
    keeper.send(request_bytes("GET", "/healthz"))
    assert keeper.read_response().status == 200
    flood = []
    try:
        for _ in range(400):
            flood.append(socket.create_connection(("127.0.0.1", srv.port), timeout=5))
        time.sleep(0.5)
        cpu_before, started = cpu_seconds(srv.proc.pid), time.monotonic()
        time.sleep(1.0)
        busy = (cpu_seconds(srv.proc.pid) - cpu_before) / (time.monotonic() - started)
        assert busy < 0.3, f"the server used {busy:.0%} of a core while idle at its limit"

        started = time.monotonic()
        keeper.send(request_bytes("GET", "/healthz"))
        assert keeper.read_response().status == 200
        assert time.monotonic() - started < 1.0
        keeper.send(request_bytes("GET", "/metrics"))
        metrics = keeper.read_response().body.decode()
        refused_count = next(int(line.split()[1]) for line in metrics.splitlines()
                             if line.startswith("mercado_connections_refused_total "))
        assert refused_count > 0
        # The refused got a clear answer, not silence.
        answers = [s.recv(1000) for s in flood[-5:]]
        assert all(a.startswith(b"HTTP/1.1 503") and b"Retry-After: 1" in a and
                   b"application/problem+json" in a for a in answers), answers
    finally:
        for s in flood:
            s.close()
        keeper.close()
    assert any('"connection refused: at the connection cap"' in line for line in srv.stderr_lines)
    # Back to normal once the server has seen the flood's connections close.
    deadline = time.monotonic() + 5
    while srv.request("GET", "/healthz")[0] != 200:
        assert time.monotonic() < deadline
        time.sleep(0.1)


# --- draining ---------------------------------------------------------------------------------------

def stop_in_background(srv):
    stopper = threading.Thread(target=srv.stop)
    stopper.start()
    return stopper


def test_a_request_sent_on_an_idle_connection_just_after_sigterm_is_answered(sandbox):
    with sandbox.raw() as conn:
        conn.send(request_bytes("GET", f"{API}/products/1"))
        assert conn.read_response().status == 200
        stopper = stop_in_background(sandbox)
        time.sleep(0.1)  # the drain has begun; the client can't know
        conn.send(request_bytes("GET", f"{API}/products/2"))
        response = conn.read_response()
        assert response.status == 200 and response.json()["id"] == 2
        assert response.headers["connection"] == "close"
        assert conn.closed_by_server(within=5)
    stopper.join(20)
    assert sandbox.returncode == 0


def test_pipelined_requests_that_arrived_before_sigterm_are_all_answered(sandbox):
    with sandbox.raw() as conn:
        conn.send(request_bytes("GET", f"{API}/products/1"))
        conn.read_response()
        conn.send(b"".join(request_bytes("GET", f"{API}/products/{i}") for i in (3, 4, 5)))
        stopper = stop_in_background(sandbox)
        ids = [conn.read_response().json()["id"] for _ in range(3)]
        assert ids == [3, 4, 5]
        assert conn.closed_by_server(within=5)
    stopper.join(20)
    assert sandbox.returncode == 0


def test_connections_waiting_to_be_accepted_when_sigterm_lands_are_served(sandbox):
    """The kernel completes connections before the server accepts them; a request sent on one
    has arrived as much as any other. Stopped with SIGSTOP, the server can't accept them until
    the SIGTERM is already waiting for it."""
    sandbox.proc.send_signal(signal.SIGSTOP)
    waiting = []
    try:
        for i in range(1, 11):
            conn = RawConnection(sandbox.port, timeout=10)
            conn.send(request_bytes("GET", f"{API}/products/{i}"))
            waiting.append(conn)
        stopper = stop_in_background(sandbox)
        time.sleep(0.2)  # the SIGTERM is pending
    finally:
        sandbox.proc.send_signal(signal.SIGCONT)
    try:
        ids = [conn.read_response().json()["id"] for conn in waiting]
    finally:
        for conn in waiting:
            conn.close()
    assert ids == list(range(1, 11))
    stopper.join(20)
    assert sandbox.returncode == 0


def test_draining_under_keep_alive_load_loses_no_request(sandbox):
    """Each client sends its next request as soon as it has an answer, as a proxy's pooled
    connection does. A request the server took in must be answered; once an answer says
    Connection: close (or the listener is gone), the client stops."""
    lost, answered, closes = [], [0], [0]
    lock = threading.Lock()
    go = threading.Event()

    def client():
        conn = RawConnection(sandbox.port, timeout=10)
        try:
            go.wait()
            while True:
                try:
                    conn.send(request_bytes("GET", f"{API}/products/1"))
                    response = conn.read_response()
                except (ConnectionError, OSError) as error:
                    with lock:
                        lost.append(repr(error))
                    return
                with lock:
                    answered[0] += 1
                if response.headers.get("connection") == "close":
                    with lock:
                        closes[0] += 1
                    return
        finally:
            conn.close()

    clients = [threading.Thread(target=client) for _ in range(8)]
    for thread in clients:
        thread.start()
    go.set()
    time.sleep(0.5)
    stopper = stop_in_background(sandbox)
    for thread in clients:
        thread.join(30)
    stopper.join(30)
    assert sandbox.returncode == 0
    assert answered[0] > 100
    assert lost == [], f"{len(lost)} requests lost of {answered[0] + len(lost)}: {lost[:3]}"
    assert closes[0] == 8
