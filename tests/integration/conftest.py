"""Fixtures for the black-box integration suite: each server is the real binary on its own
temporary SQLite file and a free port. With MERCADO_TEST_PG_PRIMARY set (a PostgreSQL URL, see
scripts/pg-test-cluster.sh), each server gets its own schema in a PostgreSQL database instead,
reading from MERCADO_TEST_PG_REPLICA when that is set too; tests that read or edit the SQLite
file itself are skipped then.

- `server`          function-scoped factory: server(profile=..., args=[...], env={...},
                    db_path=...) starts one more server; all are stopped at teardown.
- `sandbox`         a fresh sandbox server for one test (tests that write).
- `shared_sandbox`  one sandbox server per module, for tests that only read.

A server that dies while a test runs fails that test; one that does not exit with status 0
after SIGTERM fails at teardown.
"""

import http.client
import inspect
import itertools
import json as jsonlib
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.parse

import pytest

import openapi_validation
from mercado_helpers import REPO, RawConnection

MERCADO_BIN = os.environ.get("MERCADO_BIN", os.path.join(REPO, "build", "mercado"))
START_TIMEOUT = 10.0
STOP_TIMEOUT = 15.0

PG_PRIMARY = os.environ.get("MERCADO_TEST_PG_PRIMARY")
PG_REPLICA = os.environ.get("MERCADO_TEST_PG_REPLICA")
PG_DATABASE = "mercado_it"
_PG_SCHEMAS = itertools.count(1)


def pg_url(base, schema=None, database=PG_DATABASE):
    """`base` (a server's URL) for `database`, with `schema` first on the search path."""
    parts = urllib.parse.urlsplit(base)
    query = "" if schema is None else "options=" + urllib.parse.quote(
        f"-csearch_path={schema},public", safe="")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + database, query, ""))


def psql(url, sql):
    result = subprocess.run(["psql", url, "-qAtX", "-v", "ON_ERROR_STOP=1", "-c", sql],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def pytest_configure(config):
    if PG_PRIMARY:
        exists = psql(pg_url(PG_PRIMARY, database="postgres"),
                      f"SELECT 1 FROM pg_database WHERE datname = '{PG_DATABASE}'")
        if not exists:
            psql(pg_url(PG_PRIMARY, database="postgres"), f"CREATE DATABASE {PG_DATABASE}")
        # One copy of the extension every schema's search path reaches (the schema migration
        # creates it only where it is missing).
        psql(pg_url(PG_PRIMARY), "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")


def pytest_collection_modifyitems(config, items):
    if not PG_PRIMARY:
        return
    for item in items:
        source = inspect.getsource(getattr(item, "function", None) or item.obj)
        if "sqlite" in source or "db_path" in source or item.get_closest_marker("sqlite_file"):
            item.add_marker(pytest.mark.skip(reason="reads or edits the SQLite file itself"))


def new_pg_schema():
    schema = f"it_{os.getpid()}_{next(_PG_SCHEMAS)}"
    psql(pg_url(PG_PRIMARY), f"CREATE SCHEMA {schema}")
    return schema


# Every server started and not yet stopped, so a crash can be pinned on the running test.
_RUNNING = []
_RUNNING_LOCK = threading.Lock()


def thread_dump(pid):
    """Backtraces of a hung server, for the failure report (best effort: needs gdb)."""
    gdb = shutil.which("gdb")
    if not gdb:
        return "(gdb not installed)"
    try:
        result = subprocess.run([gdb, "-p", str(pid), "-batch", "-ex", "thread apply all bt 20"],
                                capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"(gdb failed: {error})"
    lines = result.stdout.decode("utf-8", "replace").splitlines()
    return "\n".join(l for l in lines if l.startswith(("Thread", "#")))


class ServerDied(AssertionError):
    pass


class MercadoServer:
    def __init__(self, profile="sandbox", args=(), env=None, db_path=None, threads=2,
                 use_flags=True, nofile=None, pg_schema=None):
        self.workdir = tempfile.mkdtemp(prefix="mercado-it-")
        self.db_path = db_path or os.path.join(self.workdir, "mercado.db")
        self.profile = profile
        self.expected_exit = False  # set when a test kills the process on purpose
        self.stopped = False
        self.returncode = None
        self.stderr_lines = []
        self._listening = threading.Event()
        self.port = None
        self.pg_schema = None  # a PostgreSQL schema of its own, dropped at teardown

        command = [MERCADO_BIN, "serve"]
        if use_flags:
            if PG_PRIMARY and db_path is None:
                # `pg_schema`: one that other servers share, and whoever made it drops.
                if pg_schema is None:
                    self.pg_schema = pg_schema = new_pg_schema()
                self.db_url = pg_url(PG_PRIMARY, pg_schema)
                database = ["--db", self.db_url]
                if PG_REPLICA:
                    database += ["--db-replicas", pg_url(PG_REPLICA, pg_schema)]
            else:
                self.db_url = f"sqlite:{self.db_path}"
                database = ["--db", self.db_url]
            command += ["--host", "127.0.0.1", "--port", "0", *database,
                        "--profile", profile, "--threads", str(threads)]
        command += list(args)
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("MERCADO_")}
        full_env.update(env or {})
        self.command = command
        try:
            # `nofile`: the process's open-file limit (soft and hard), as an operator sets it.
            limit = None if nofile is None else (
                lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile)))
            self.proc = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                         env=full_env, preexec_fn=limit)
        except OSError:
            shutil.rmtree(self.workdir, ignore_errors=True)
            raise
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()
        if not self._listening.wait(START_TIMEOUT) or self.port is None:
            self.proc.kill()
            self.proc.wait()
            shutil.rmtree(self.workdir, ignore_errors=True)
            raise ServerDied(f"server did not report listening within {START_TIMEOUT}s; "
                             f"exit={self.proc.returncode}; stderr:\n{self.stderr_text()}")
        self.started_at = time.monotonic()
        self.base_url = f"http://127.0.0.1:{self.port}"
        with _RUNNING_LOCK:
            _RUNNING.append(self)

    def _read_stderr(self):
        for raw in self.proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.stderr_lines.append(line)
            try:
                event = jsonlib.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict) and event.get("msg") == "listening":
                self.port = int(event["port"])
                self._listening.set()
        self._listening.set()  # EOF: the process is gone

    def stderr_text(self, last=40):
        return "\n".join(self.stderr_lines[-last:])

    def alive(self):
        return self.proc.poll() is None

    # --- HTTP ---------------------------------------------------------------------------------

    def request(self, method, path, body=None, headers=None, timeout=15.0):
        """One request on its own connection: (status, headers lower-cased, body bytes).
        A dict or list body is sent as JSON (Content-Type set unless given). The response is
        checked against docs/openapi.json (see openapi_validation.py)."""
        headers = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = jsonlib.dumps(body).encode("utf-8")
            if not any(k.lower() == "content-type" for k in headers):
                headers["Content-Type"] = "application/json"
        elif isinstance(body, str):
            body = body.encode("utf-8")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            status, response_headers = response.status, {k.lower(): v for k, v in
                                                          response.getheaders()}
        except (ConnectionError, http.client.HTTPException, OSError) as error:
            unexpected = not (self.expected_exit or self.stopped)
            if unexpected:
                try:  # a dying server drops the connection a moment before it exits
                    self.proc.wait(1.0)
                except subprocess.TimeoutExpired:
                    pass
            if unexpected and not self.alive():
                self.expected_exit = True  # reported here, not again at teardown
                self._reader.join(2)
                raise ServerDied(f"server died during {method} {path} (exit "
                                 f"{self.proc.returncode}): {error}\n"
                                 f"{self.stderr_text()}") from error
            raise
        finally:
            conn.close()
        openapi_validation.check_response(method, path, status, response_headers, data)
        return status, response_headers, data

    def json(self, method, path, body=None, headers=None, timeout=15.0):
        """Like request(), with the body parsed as JSON (None when empty)."""
        status, response_headers, data = self.request(method, path, body, headers, timeout)
        return status, response_headers, (jsonlib.loads(data) if data else None)

    def get(self, path, headers=None):
        """GET that must succeed with 200; returns the parsed JSON."""
        status, _, data = self.json("GET", path, headers=headers)
        assert status == 200, f"GET {path} -> {status}: {data}"
        return data

    def raw(self, timeout=10.0):
        return RawConnection(self.port, timeout=timeout)

    # --- lifecycle ----------------------------------------------------------------------------

    def _forget(self):
        with _RUNNING_LOCK:
            if self in _RUNNING:
                _RUNNING.remove(self)

    def stop(self, sig=signal.SIGTERM, timeout=STOP_TIMEOUT):
        """Signals the server and waits; returns the exit status."""
        if not self.stopped:
            self.stopped = True
            self._forget()
            if self.proc.poll() is None:
                self.proc.send_signal(sig)
            try:
                self.returncode = self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.stderr_lines.append("--- still running after SIGTERM; threads:\n"
                                         + thread_dump(self.proc.pid))
                self.proc.kill()
                self.proc.wait()
                self.returncode = "timeout"
            self._reader.join(5)
        return self.returncode

    def kill9(self):
        """SIGKILL on purpose (crash tests): the exit is expected."""
        self.expected_exit = True
        self.proc.kill()
        self.proc.wait()
        self.stopped = True
        self.returncode = self.proc.returncode
        self._forget()
        self._reader.join(5)

    def finish(self):
        """Teardown: SIGTERM must end the server with status 0."""
        died_earlier = not self.stopped and not self.alive()
        code = self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)
        if self.pg_schema:
            psql(pg_url(PG_PRIMARY), f"DROP SCHEMA {self.pg_schema} CASCADE")
        if self.expected_exit:
            return None
        if died_earlier:
            return f"server {self.command} died unexpectedly (exit {code}):\n{self.stderr_text()}"
        if code != 0:
            return f"server exited with {code} after SIGTERM (expected 0):\n{self.stderr_text()}"
        return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    yield
    # Blame a crash on the test that was running when it happened.
    with _RUNNING_LOCK:
        dead = [s for s in _RUNNING if not s.alive() and not s.expected_exit]
    if dead:
        for s in dead:
            s.expected_exit = True  # reported here; teardown need not report it again
        details = "\n".join(f"{s.command} exit={s.proc.returncode}\n{s.stderr_text()}"
                            for s in dead)
        pytest.fail(f"mercado died during this test:\n{details}", pytrace=False)


class ServerPool:
    def __init__(self):
        self.servers = []

    def start(self, profile="sandbox", args=(), env=None, db_path=None, threads=2,
              use_flags=True, nofile=None, pg_schema=None):
        srv = MercadoServer(profile=profile, args=args, env=env, db_path=db_path,
                            threads=threads, use_flags=use_flags, nofile=nofile,
                            pg_schema=pg_schema)
        self.servers.append(srv)
        return srv

    def finish(self):
        # Newest first: a restarted server may use an older server's database file.
        problems = [p for p in (s.finish() for s in reversed(self.servers)) if p]
        self.servers.clear()
        if problems:
            pytest.fail("\n\n".join(problems), pytrace=False)


@pytest.fixture
def server():
    """Factory: server(profile="sandbox", args=(), env=None, db_path=None, threads=2,
    nofile=None, pg_schema=None) -> MercadoServer."""
    pool = ServerPool()
    yield pool.start
    pool.finish()


@pytest.fixture
def sandbox(server):
    """A fresh sandbox server (seeded) that this test may change."""
    return server()


@pytest.fixture(scope="module")
def shared_sandbox():
    """One seeded sandbox server per module, for tests that only read."""
    pool = ServerPool()
    yield pool.start()
    pool.finish()
