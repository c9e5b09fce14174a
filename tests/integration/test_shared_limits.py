"""Limits that instances share through memcached (--memcached): the rate limit and the
failed-login throttle count a client once however many instances it reaches, and when memcached
dies each instance goes on alone (a log line, a metric) until it is back."""
import os
import shutil
import socket
import subprocess
import time

import pytest

from identity_helpers import API
from mercado_helpers import assert_problem

MEMCACHED = shutil.which("memcached") or "/usr/bin/memcached"

pytestmark = pytest.mark.skipif(not os.path.exists(MEMCACHED), reason="memcached not installed")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Memcached:
    """memcached as a cluster runs it: TCP only (-U 0), bound to loopback."""

    def __init__(self, port=None):
        self.port = port or free_port()
        user = ["-u", "nobody"] if os.geteuid() == 0 else []
        self.proc = subprocess.Popen([MEMCACHED, "-U", "0", "-l", "127.0.0.1",
                                      "-p", str(self.port), *user])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise AssertionError("memcached did not start")

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def memcached():
    started = []

    def start(port=None):
        started.append(Memcached(port))
        return started[-1]

    yield start
    for instance in started:
        instance.stop()


def metric(srv, name):
    _, _, body = srv.request("GET", "/metrics")
    for line in body.decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not in /metrics")


def statuses_in_one_window(servers, count):
    """`count` GETs spread over `servers`, all inside one wall-clock second (the shared window);
    None when the machine was too slow to fit them in one."""
    while time.time() % 1 > 0.1:  # start at the beginning of a second
        time.sleep(0.01)
    window = int(time.time())
    statuses = [servers[i % len(servers)].request("GET", f"{API}/categories/1")[0]
                for i in range(count)]
    return statuses if int(time.time()) == window else None


def test_instances_sharing_memcached_allow_together_what_one_allows(server, memcached):
    cache = memcached()
    args = ("--rate-limit", "10", "--memcached", cache.address)
    first, second = server(args=args), server(args=args)
    for _ in range(3):  # a slow moment may split the burst over two windows: try again
        statuses = statuses_in_one_window([first, second], 30)
        if statuses is not None:
            break
    assert statuses is not None, "30 requests never fitted in one second"
    assert statuses.count(200) == 10, statuses
    assert statuses.count(429) == 20
    _, headers, _ = first.request("GET", f"{API}/categories/1")
    assert headers["ratelimit-limit"] == "10"
    assert metric(first, "mercado_shared_state_up") == 1
    assert metric(first, "mercado_shared_state_fallbacks_total") == 0


def test_without_memcached_each_instance_counts_alone(server):
    """The contrast that makes the test above mean something."""
    first, second = (server(args=("--rate-limit", "10")) for _ in range(2))
    statuses = [s.request("GET", f"{API}/categories/1")[0] for s in (first, second)
                for _ in range(10)]
    assert statuses.count(200) == 20


def test_failed_logins_through_any_instance_count_for_the_account(server, memcached):
    cache = memcached()
    args = ("--memcached", cache.address)
    first, second = (server(profile="production", args=args) for _ in range(2))
    account = {"email": f"victim-{time.time_ns()}@example.com", "password": "wrong-password"}
    for i in range(5):
        status, _, _ = (first, second)[i % 2].request("POST", f"{API}/auth/login", account)
        assert status == 401
    for srv in (first, second):
        status, headers, body = srv.request("POST", f"{API}/auth/login", account)
        assert_problem(status, headers, body, 429)
        assert 0 < int(headers["retry-after"]) <= 900


def test_when_memcached_dies_instances_keep_serving_and_share_again_when_it_is_back(
        server, memcached):
    cache = memcached()
    srv = server(args=("--rate-limit", "1000", "--memcached", cache.address))
    assert srv.request("GET", f"{API}/categories/1")[0] == 200
    cache.stop()
    statuses = [srv.request("GET", f"{API}/categories/1")[0] for _ in range(50)]
    assert statuses == [200] * 50, "the local limiter decides meanwhile"
    assert metric(srv, "mercado_shared_state_up") == 0
    assert metric(srv, "mercado_shared_state_fallbacks_total") >= 1
    assert "memcached unreachable" in srv.stderr_text(200)

    memcached(cache.port)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and metric(srv, "mercado_shared_state_up") != 1:
        srv.request("GET", f"{API}/categories/1")
        time.sleep(0.1)
    assert metric(srv, "mercado_shared_state_up") == 1
    assert "memcached reachable again" in srv.stderr_text(200)


def test_memcached_must_be_an_address_and_port(server):
    with pytest.raises(AssertionError):
        server(args=("--memcached", "cache.internal:11211"))
