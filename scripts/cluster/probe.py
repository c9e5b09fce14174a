# The probes of scripts/cluster.sh: what it asks of HTTP servers, Patroni, memcached, HAProxy's
# admin socket and free ports, and the JSON lines of `cluster.sh status`. Run by probe() in
# scripts/cluster/common.sh as `/usr/bin/python3 -I probe.py COMMAND ARGS...`; the commands are
# at the end of this file.
#
# Python's standard library does what curl, nc and socat would, and is there anyway (Patroni is
# written in it). Proxies are ignored: a caller's http_proxy must not carry probes of 127.0.0.1
# elsewhere.
import json, os, socket, sys, urllib.error, urllib.request
from concurrent.futures import ThreadPoolExecutor

opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

def get(url, timeout=1.0):
    """(status, body) of a GET; status 0 when nothing answers in time."""
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except Exception:
        return 0, b""

def patroni(rest_port):
    """Patroni's view of its node (GET /patroni), or None when it does not answer."""
    status, body = get(f"http://127.0.0.1:{rest_port}/patroni")
    try:
        return json.loads(body) if status else None
    except ValueError:
        return None

def role_of(doc):
    # Patroni 3.0 still calls the primary "master" in its REST API; later releases "primary".
    role = (doc or {}).get("role")
    return {"master": "primary", "primary": "primary", "replica": "replica"}.get(role, "")

def memcached_answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"version\r\n")
            return s.recv(64).startswith(b"VERSION ")
    except OSError:
        return False

def port_free(port):
    # SO_REUSEADDR as servers set it: connections of a server that just died (TIME_WAIT) do
    # not count, a listener on 127.0.0.1, 0.0.0.0 or [::] does.
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()

def haproxy(path, command):
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(2)
        s.connect(path)
        s.sendall(command.encode() + b"\n")
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode()

def status_line(fields):
    """One line of `cluster.sh status` (a dict): NAME KIND PORT PIDS [REST_PORT ROLE_FILE]."""
    name, kind, port, pids = fields[:4]
    port = int(port)
    line = {"name": name, "role": kind,
            "pids": [int(p) for p in pids.split(",") if p.isdigit()], "port": port}
    if kind in ("app", "haproxy"):
        line["healthy"] = get(f"http://127.0.0.1:{port}/readyz")[0] == 200
    elif kind == "memcached":
        line["healthy"] = memcached_answers(port)
    elif kind == "etcd":
        status, body = get(f"http://127.0.0.1:{port}/health")
        line["healthy"] = status == 200 and b'"true"' in body
    else:
        # A node's role is what its Patroni says now; when it says nothing (dead), the last
        # role it was seen in, which is kept for that.
        doc = patroni(int(fields[4]))
        line["role"] = role_of(doc)
        line["role_file"] = fields[5]
        line["healthy"] = bool(doc) and doc.get("state") == "running"
    return line

def settle_roles(lines):
    """Fills in the roles of database nodes that did not answer, and keeps them on disk."""
    nodes = [line for line in lines if line["role"] in ("", "primary", "replica")]
    live_primary = any(line["role"] == "primary" for line in nodes)
    for line in nodes:
        role_file = line.pop("role_file")
        if line["role"]:
            role = line["role"]
        else:
            # A node that says nothing (dead) keeps the role it was last seen in; but once
            # another node is the primary, a dead former primary is one no more: Patroni brings
            # it back as a replica.
            try:
                with open(role_file) as f:
                    role = f.read().strip()
            except OSError:
                role = "primary" if line["name"] == "pg0" else "replica"
            if role != "replica" and live_primary:
                role = "replica"
        with open(role_file + ".tmp", "w") as f:
            f.write(role + "\n")
        os.replace(role_file + ".tmp", role_file)
        line["role"] = "postgres-" + role

command, args = sys.argv[1], sys.argv[2:]
if command == "http":                     # URL: prints the status of a GET, 0 if no answer
    print(get(args[0])[0])
elif command == "patroni":                # REST_PORT: prints "ROLE STATE", fails if no answer
    doc = patroni(int(args[0]))
    if doc is None:
        sys.exit(1)
    print(role_of(doc) or "unknown", doc.get("state", "unknown"))
elif command == "streaming":              # REST_PORT of the primary: "NAME SYNC_STATE" per
    doc = patroni(int(args[0])) or {}     # replica that streams from it
    for r in doc.get("replication", []):
        if r.get("state") == "streaming":
            print(r.get("application_name"), r.get("sync_state"))
elif command == "memcached":              # PORT: succeeds if memcached answers `version`
    sys.exit(0 if memcached_answers(int(args[0])) else 1)
elif command == "port-free":              # PORT: succeeds if nothing listens on it
    sys.exit(0 if port_free(int(args[0])) else 1)
elif command == "haproxy":                # SOCKET COMMAND: HAProxy's answer
    sys.stdout.write(haproxy(args[0], args[1]))
elif command == "servers":                # SOCKET: "PROXY SERVER STATUS CHECK" per server
    rows = haproxy(args[0], "show stat").lstrip("# ").splitlines()
    header = rows[0].split(",")
    for row in rows[1:]:
        cells = dict(zip(header, row.split(",")))
        if cells.get("svname") not in (None, "FRONTEND", "BACKEND"):
            # A check under way shows as "* L7OK"; what counts is its last result.
            check = (cells.get("check_status") or "").lstrip("* ")
            print(cells["pxname"], cells["svname"], cells["status"].replace(" ", "_"),
                  check.replace(" ", "_") or "-")
elif command == "status":                 # lines of status_line's fields on stdin
    rows = [line.split() for line in sys.stdin if line.strip()]
    with ThreadPoolExecutor(max_workers=max(1, len(rows))) as pool:
        lines = list(pool.map(status_line, rows))
    settle_roles(lines)
    for line in lines:
        print(json.dumps(line, separators=(",", ":")))
else:
    sys.exit(f"unknown probe {command}")
