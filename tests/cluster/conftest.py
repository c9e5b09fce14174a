"""The cluster of scripts/cluster.sh, started once for the fault tests, and load generators that
speak HTTP to it through HAProxy, the way clients do.

Run from the repository root (MERCADO_BIN names the binary; scripts/test.sh does this):
    MERCADO_BIN=build/mercado /usr/bin/python3 -m pytest tests/cluster -q -s
"""
import http.client
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(REPO, "scripts", "cluster.sh")
PORT = int(os.environ.get("MERCADO_CLUSTER_TEST_PORT", "18480"))
INSTANCES, REPLICAS = 3, 2
UP_TIMEOUT = 300


class Cluster:
    def __init__(self, directory):
        self.dir = directory
        self.url = None

    def run(self, *args, timeout=UP_TIMEOUT):
        env = {k: v for k, v in os.environ.items() if not k.startswith("MERCADO_")}
        if os.environ.get("MERCADO_BIN"):
            env["MERCADO_BIN"] = os.environ["MERCADO_BIN"]
        # One load generator is one client address: the limit must not be what the tests see,
        # but it stays on, so every request is counted in memcached.
        env["MERCADO_RATE_LIMIT"] = "1000000"
        result = subprocess.run(["bash", SCRIPT, *args, "--dir", self.dir], env=env,
                                capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, f"cluster.sh {args[0]} failed:\n{result.stderr[-4000:]}"
        return result.stdout

    def up(self):
        out = self.run("up", "--port", str(PORT), "--instances", str(INSTANCES),
                       "--replicas", str(REPLICAS), "--profile", "sandbox")
        self.url = out.strip().splitlines()[-1]
        return self.url

    def status(self):
        return [json.loads(line) for line in self.run("status", timeout=60).splitlines() if line]

    def member(self, name):
        return next(m for m in self.status() if m["name"] == name)

    def by_role(self, role):
        return [m for m in self.status() if m["role"] == role]

    def kill(self, member, sig=9):
        for pid in member["pids"]:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    def wait_until(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if predicate():
                    return time.monotonic()
            except (AssertionError, StopIteration, ValueError):
                pass
            time.sleep(0.2)
        raise AssertionError(f"not within {timeout}s: {what}\n" +
                             "\n".join(json.dumps(m) for m in self.status()))

    def all_healthy(self):
        members = self.status()
        roles = [m["role"] for m in members]
        return (all(m["healthy"] for m in members) and roles.count("app") == INSTANCES
                and roles.count("postgres-primary") == 1
                and roles.count("postgres-replica") == REPLICAS)

    def heal(self):
        """Starts again whatever a test killed and waits until every member is healthy."""
        self.up()
        self.wait_until(self.all_healthy, 120, "every member healthy again")


@pytest.fixture(scope="session")
def cluster():
    if not shutil.which("patroni") and os.geteuid() != 0:
        pytest.skip("the cluster's packages are not installed (scripts/install-deps.sh --test)")
    directory = tempfile.mkdtemp(prefix="mercado-cluster-test-")
    os.rmdir(directory)  # cluster.sh makes it, with its marker
    cluster = Cluster(directory)
    started = time.monotonic()
    try:
        cluster.up()
        print(f"\ncluster up in {time.monotonic() - started:.1f} s: {cluster.url}")
        cluster.wait_until(cluster.all_healthy, 120, "every member healthy")
        yield cluster
    finally:
        try:
            cluster.run("down", "--purge", timeout=120)
        except Exception as error:  # still try to leave nothing behind
            print(f"cluster.sh down failed: {error}")


class Load:
    """Clients sending requests through HAProxy on keep-alive connections as fast as they are
    answered. `request()` (method, path, body) is called by each client in turn; every answer
    that is not the expected status, and every broken connection, is a failure the client
    saw."""

    def __init__(self, url, request, clients=6, expect=(200,), headers=None):
        host, port = url.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.request, self.expect, self.headers = request, expect, headers or {}
        self.answers, self.failures, self.failure_times = 0, [], []
        self.acknowledged = []  # (id) of created resources, for writes
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.started = time.monotonic()
        self.threads = [threading.Thread(target=self.client, daemon=True)
                        for _ in range(clients)]
        for thread in self.threads:
            thread.start()

    def client(self):
        connection = None
        while not self.stopping.is_set():
            method, path, body = self.request()
            if connection is None:
                connection = http.client.HTTPConnection(self.host, self.port, timeout=15)
            try:
                headers = {"Content-Type": "application/json"} if body is not None else {}
                headers.update(self.headers)
                connection.request(method, path, body=None if body is None else json.dumps(body),
                                   headers=headers)
                response = connection.getresponse()
                data = response.read()
                outcome = response.status
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = None
                outcome, data = type(error).__name__, b""
            with self.lock:
                if outcome in self.expect:
                    self.answers += 1
                    if method == "POST":
                        self.acknowledged.append(json.loads(data)["id"])
                else:
                    self.failures.append(outcome)
                    self.failure_times.append(time.monotonic())
            if outcome not in self.expect:
                time.sleep(0.02)

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(20)
        self.elapsed = time.monotonic() - self.started
        return self

    def summary(self):
        rate = self.answers / self.elapsed if self.elapsed else 0
        kinds = {}
        for failure in self.failures:
            kinds[failure] = kinds.get(failure, 0) + 1
        return (f"{self.answers} answered ({rate:.0f}/s over {self.elapsed:.1f} s), "
                f"{len(self.failures)} failed {kinds or ''}")


def get(connection_url, path, headers=None):
    host, port = connection_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=15)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def post(connection_url, path, body, headers=None, method="POST"):
    host, port = connection_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=15)
    try:
        connection.request(method, path, body=json.dumps(body),
                           headers={"Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def patch(connection_url, path, body, headers=None):
    return post(connection_url, path, body, headers, method="PATCH")
