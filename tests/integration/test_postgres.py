"""What only a shared database has to prove: two instances writing at once, kill -9 of an
instance and of the PostgreSQL primary under writes, read-your-writes through a replica, and
migrations run once when instances start together. Runs when the suite runs on PostgreSQL
(MERCADO_TEST_PG_PRIMARY, see conftest.py); each test prints its figures."""

import os
import subprocess
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import PG_PRIMARY, PG_REPLICA, new_pg_schema, pg_url, psql
from identity_helpers import user_body
from mercado_helpers import REPO, at_once, product_body

pytestmark = pytest.mark.skipif(not PG_PRIMARY, reason="needs PostgreSQL (MERCADO_TEST_PG_PRIMARY)")

API = "/api/v1"


@pytest.fixture
def pair(server):
    """Two sandbox instances on one fresh schema (reading from the replica when there is one)."""
    schema = new_pg_schema()
    first = server(pg_schema=schema)
    second = server(pg_schema=schema)
    yield first, second
    for srv in (first, second):
        srv.stop()
    psql(pg_url(PG_PRIMARY), f"DROP SCHEMA {schema} CASCADE")


def test_one_email_signed_up_100_times_through_two_instances_makes_one_account(pair):
    body = user_body()
    calls = [lambda srv=pair[i % 2]: srv.request("POST", f"{API}/users", body)[0]
             for i in range(100)]
    statuses = at_once(calls)
    print(f"\n100 concurrent sign-ups, one e-mail, two instances: {statuses.count(201)} x 201, "
          f"{statuses.count(409)} x 409")
    assert statuses.count(201) == 1
    assert statuses.count(409) == 99


def test_concurrent_if_match_edits_through_two_instances_let_exactly_one_win(pair):
    status, headers, _ = pair[0].request("GET", f"{API}/products/1")
    assert status == 200
    tag = headers["etag"]
    calls = [lambda srv=pair[i % 2], i=i: srv.request(
        "PATCH", f"{API}/products/1", {"price": 100 + i}, headers={"If-Match": tag})[0]
        for i in range(20)]
    statuses = at_once(calls)
    print(f"\n20 concurrent PATCH with one If-Match: {statuses.count(200)} x 200, "
          f"{statuses.count(412)} x 412")
    assert statuses.count(200) == 1
    assert statuses.count(412) == 19


def test_one_idempotency_key_on_both_instances_makes_one_resource(pair):
    key = {"Idempotency-Key": uuid.uuid4().hex}
    body = product_body(title=f"Keyed {uuid.uuid4().hex[:8]}")
    calls = [lambda srv=pair[i % 2]: srv.json("POST", f"{API}/products", body, key)
             for i in range(10)]
    answers = at_once(calls)
    created = {answer[2]["id"] for answer in answers if answer[0] == 201}
    statuses = sorted(answer[0] for answer in answers)
    print(f"\n10 concurrent POSTs with one Idempotency-Key: statuses {statuses}")
    assert len(created) == 1
    # The rest either replay the answer (201, same id) or find the first still running (409).
    assert set(statuses) <= {201, 409}
    listed = pair[1].get(f"{API}/products?title={urllib.parse.quote(body['title'])}")
    assert [p["id"] for p in listed] == list(created)


def test_50_orders_through_two_instances_for_a_stock_of_10_sell_exactly_10(pair):
    # Each order takes one of two products, named in either order: the row locks are taken in id
    # order, so orders that name them the other way round never deadlock.
    ids = [pair[0].json("POST", f"{API}/products", product_body(
        title=f"Scarce {uuid.uuid4().hex[:8]}", stock=10))[2]["id"] for _ in range(2)]
    tokens = []
    for _ in range(10):
        body = user_body()
        assert pair[0].json("POST", f"{API}/users", body)[0] == 201
        tokens.append(pair[1].json("POST", f"{API}/auth/login",
                                   {"email": body["email"], "password": body["password"]})[2]
                      ["access_token"])
    orders = [{"items": [{"productId": pid, "quantity": 1}
                         for pid in (ids if i % 2 else ids[::-1])]} for i in range(50)]
    calls = [lambda i=i: pair[i % 2].json(
        "POST", f"{API}/orders", orders[i],
        {"Authorization": f"Bearer {tokens[i % 10]}"})[0] for i in range(50)]
    statuses = at_once(calls)
    print(f"\n50 concurrent orders through two instances, stock 10: {statuses.count(201)} x 201, "
          f"{statuses.count(409)} x 409")
    assert (statuses.count(201), statuses.count(409)) == (10, 40)
    assert [pair[i % 2].get(f"{API}/products/{pid}")["stock"] for i, pid in enumerate(ids)] == [0, 0]


def test_one_title_created_at_once_through_two_instances_gets_distinct_slugs(pair):
    title = f"Race Lamp {uuid.uuid4().hex[:6]}"
    calls = [lambda srv=pair[i % 2]: srv.json("POST", f"{API}/products",
                                              product_body(title=title)) for i in range(20)]
    answers = at_once(calls)
    assert [a[0] for a in answers] == [201] * 20
    slugs = sorted(a[2]["slug"] for a in answers)
    base = slugs[0]
    assert len(set(slugs)) == 20
    assert set(slugs) == {base} | {f"{base}-{n}" for n in range(2, 21)}


def test_instances_starting_together_run_each_migration_once(server):
    schema = new_pg_schema()
    with ThreadPoolExecutor(max_workers=3) as pool:
        servers = list(pool.map(lambda _: server(pg_schema=schema), range(3)))
    for srv in servers:
        assert srv.request("GET", "/readyz")[0] == 200
    rows = psql(pg_url(PG_PRIMARY, schema), "SELECT version, count(*) FROM schema_migrations "
                                            "GROUP BY version ORDER BY version")
    assert rows and all(line.endswith("|1") for line in rows.splitlines())
    for srv in servers:
        srv.stop()
    psql(pg_url(PG_PRIMARY), f"DROP SCHEMA {schema} CASCADE")


def test_2000_writes_each_read_at_once_through_the_other_instance_are_never_stale(pair):
    """Read-your-writes across instances: a write through one instance, then at once a read of
    it through the other, which reads from the replica (and its read cache is on)."""
    product = pair[0].json("POST", f"{API}/products", product_body())[2]
    path = f"{API}/products/{product['id']}"
    replica_reads_before = replica_commits()
    stale = 0
    started = time.monotonic()
    for i in range(2000):
        writer, reader = pair[i % 2], pair[(i + 1) % 2]
        status, _, _ = writer.request("PATCH", path, {"price": 1 + i})
        assert status == 200
        read = reader.json("GET", path)[2]
        stale += read["price"] != 1 + i
    elapsed = time.monotonic() - started
    served_by_replica = replica_commits() - replica_reads_before
    print(f"\n2000 write->read pairs across two instances: {stale} stale, "
          f"{2000 / elapsed:.0f} pairs/s, replica transactions during the run: "
          f"{served_by_replica}")
    assert stale == 0


def replica_commits():
    if not PG_REPLICA:
        return 0
    return int(psql(pg_url(PG_REPLICA, database="postgres"),
                    "SELECT sum(xact_commit) FROM pg_stat_database"))


class WriteLoad:
    """Clients creating products as fast as they are answered; remembers every id acknowledged
    (a 201) and counts the other answers."""

    def __init__(self, srv, clients=8):
        self.srv, self.acknowledged, self.failures = srv, [], {}
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(clients)]
        for thread in self.threads:
            thread.start()

    def run(self):
        while not self.stopping.is_set():
            try:
                status, _, body = self.srv.json("POST", f"{API}/products", product_body(),
                                                timeout=5)
            except Exception as error:  # the instance is gone: the client sees a failure
                status, body = type(error).__name__, None
            if status == 201:
                self.acknowledged.append(body["id"])
            else:
                self.failures[status] = self.failures.get(status, 0) + 1
                time.sleep(0.01)

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(10)


# Thousands of writes and then reads from one address: these tests are about durability, and a
# fast machine would otherwise meet the rate limit (429) first.
NO_RATE_LIMIT = ("--rate-limit", "0")


def missing_ids(srv, ids):
    return [i for i in ids if srv.request("GET", f"{API}/products/{i}")[0] != 200]


def test_kill_9_of_an_instance_under_writes_loses_no_acknowledged_write(server):
    schema = new_pg_schema()
    srv = server(pg_schema=schema, args=NO_RATE_LIMIT)
    load = WriteLoad(srv)
    time.sleep(2)
    srv.kill9()
    load.stop()
    after = server(pg_schema=schema, args=NO_RATE_LIMIT)
    lost = missing_ids(after, load.acknowledged)
    print(f"\nkill -9 of an instance under writes: {len(load.acknowledged)} acknowledged, "
          f"{len(lost)} lost")
    assert load.acknowledged and not lost


@pytest.mark.skipif(not os.environ.get("MERCADO_TEST_PG_DIR"), reason="needs the test cluster")
def test_kill_9_of_the_primary_under_writes_loses_no_acknowledged_write(server):
    cluster = os.environ["MERCADO_TEST_PG_DIR"]
    script = os.path.join(REPO, "scripts", "pg-test-cluster.sh")
    srv = server(args=NO_RATE_LIMIT)
    load = WriteLoad(srv)
    time.sleep(2)
    subprocess.run(["bash", script, "kill-primary", cluster], check=True, timeout=60)
    time.sleep(1)
    during = dict(load.failures)
    if PG_REPLICA:
        # Reads go on through the replica meanwhile, and the instance stays in its balancer:
        # a failover is no outage of reads.
        assert srv.request("GET", "/readyz")[0] == 200
        assert srv.request("GET", f"{API}/products/{load.acknowledged[0]}")[0] == 200
    # Longer than the script's own bound on crash recovery (90 s), so it reports what happened.
    subprocess.run(["bash", script, "restart-primary", cluster], check=True, timeout=200)
    before_recovery = len(load.acknowledged)
    deadline = time.monotonic() + 30
    while len(load.acknowledged) == before_recovery and time.monotonic() < deadline:
        time.sleep(0.1)
    load.stop()
    lost = missing_ids(srv, load.acknowledged)
    print(f"\nkill -9 of the PostgreSQL primary under writes: {len(load.acknowledged)} "
          f"acknowledged, {len(lost)} lost; answers while it was down: {during}; "
          f"writes resumed: {len(load.acknowledged) > before_recovery}")
    assert not lost
    assert len(load.acknowledged) > before_recovery, "writes did not resume"
    # While the primary was gone writes were refused as unavailable, never as a server error.
    assert set(load.failures) <= {503}, load.failures
    assert srv.request("GET", "/readyz")[0] == 200
