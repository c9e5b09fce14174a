#!/usr/bin/env bash
# A whole Mercado deployment on one machine, on 127.0.0.1 only: several Mercado instances behind
# HAProxy, sharing memcached, on a PostgreSQL 15 primary with streaming replicas that Patroni
# keeps highly available through etcd. For trying failures out (kill anything, then `up` again),
# not for production: every piece runs from DIR, as plain background processes.
#
#   cluster.sh up [--dir DIR] [--port P] [--instances N] [--replicas R] [--profile sandbox|production]
#       Starts whatever is not running yet (all of it the first time, or what has died since),
#       waits until the public URL answers GET /readyz with 200, and prints that URL,
#       http://127.0.0.1:P, as the last line on stdout. Progress goes to stderr.
#       The first `up` saves its settings in DIR; later commands on DIR reuse them.
#   cluster.sh status [--dir DIR]
#       One JSON object per line and process group (app1..appN, haproxy, memcached, etcd,
#       pg0..pgR): {"name":"app1","role":"app","pids":[1234],"port":3001,"healthy":true}
#       roles: app, haproxy, memcached, etcd, postgres-primary, postgres-replica. A database
#       node's pids are its Patroni's and its postmaster's, its role what Patroni says now; a
#       dead node keeps the role it was last seen in, except that a dead primary counts as a
#       replica once another node is the primary (Patroni brings it back as one).
#   cluster.sh down [--dir DIR] [--purge]
#       Stops everything by pid (SIGTERM, up to 10 s, then SIGKILL); --purge also removes DIR.
#
# Defaults: DIR /tmp/mercado-cluster, P 8080, N 3, R 2, profile production. The Mercado binary
# is $MERCADO_BIN, else the one DIR's first `up` used, else build/mercado (built as
# scripts/quickstart.sh does when missing). Every
# MERCADO_* variable of the caller reaches the Mercado instances (e.g. MERCADO_RATE_LIMIT),
# except the ones that wire the cluster together (MERCADO_DB, MERCADO_DB_REPLICAS,
# MERCADO_MEMCACHED), which the cluster sets; MERCADO_TRUSTED_PROXIES (127.0.0.1),
# MERCADO_SHUTDOWN_DELAY (2) and MERCADO_PUBLIC_URL (http://127.0.0.1:P) have the cluster's
# defaults. MERCADO_CLUSTER_TIMEOUT bounds each wait (seconds, 120).
#
# How it fits together:
#
#   client ─► HAProxy :P ─┬─ GET, HEAD, OPTIONS ─► app_reads   (replayed on another instance
#                         │                                     if one dies mid-request)
#                         └─ everything else ───► app_writes  (never replayed once sent)
#   app1..appN :P+1..P+N ─┬─► HAProxy :P+30 ─► the node whose Patroni answers /primary with 200
#                         ├─► HAProxy :P+31 ─► the nodes whose Patroni answers /replica with 200
#                         └─► memcached :P+40  (rate limits and login throttles, shared)
#   Patroni pg0..pgR ◄──► etcd :P+50: the leader key, renewed by its holder and lost when it
#   stops renewing; whoever holds it runs the primary, the others stream from it.
#
# Ports, all derived from P so that two clusters with ports 100 apart never collide:
#   P          HAProxy, the public URL          P+40       memcached
#   P+1..P+N   app1..appN (N ≤ 20)              P+50, P+51 etcd client, etcd peer
#   P+30       HAProxy, to the primary          P+60+i     Patroni REST API of node pgI (i ≤ 9)
#   P+31       HAProxy, to the replicas         P+70+i     PostgreSQL of node pgI
#
# In DIR: cluster.conf (the settings), secrets.env and mercado.env (passwords, mode 600),
# haproxy.cfg, haproxy.sock (its admin socket), patroni/pgI.yml, pg/pgI (data directories),
# etcd/ (its data), sock/ (PostgreSQL's unix sockets), logs/NAME.log, run/NAME.pid.
#
# Run as root, every process runs as the `postgres` user (memcached as `memcache`): PostgreSQL
# refuses root, and nothing else needs it. Nothing here uses systemd or any system service.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PGBIN=/usr/lib/postgresql/15/bin
TIMEOUT=${MERCADO_CLUSTER_TIMEOUT:-120}
# Written by the first `up`: `down --purge` runs rm -rf, possibly as root, on a path it was given,
# and only trusts directories that carry this mark.
MARKER=.mercado-cluster

# Patroni's timing, in seconds. A dead primary keeps the leader key until its TTL runs out, so
# `ttl` is most of a failover's length. The rule that keeps two primaries from ever coexisting
# is loop_wait + 2 * retry_timeout <= ttl: a primary that cannot renew the key demotes itself
# after at most loop_wait + retry_timeout, well before the key can expire under it and another
# node take it. Patroni 3.0 checks only that these are integers; retry_timeout 3 (what later
# releases require at least) leaves etcd and PostgreSQL a few seconds of hiccup before a
# primary gives up, and loop_wait 1 (the least) makes every node look once a second. With
# those, 7 is the smallest ttl the rule allows.
PATRONI_TTL=7
PATRONI_LOOP_WAIT=1
PATRONI_RETRY_TIMEOUT=3

# Anything meant for stdout goes to fd 3; every tool's chatter lands on stderr, which keeps
# stdout to the one line a caller parses.
exec 3>&1 1>&2

# libpq reads PGHOST, PGPORT, PGPASSWORD, PGSSLMODE, ... from the environment; the caller's
# values would quietly redirect or alter psql, Patroni and Mercado's connections.
while read -r var; do unset "$var"; done < <(compgen -e | grep '^PG' || true)

say() { printf 'cluster: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

usage() {
  say "usage: $0 up [--dir DIR] [--port P] [--instances N] [--replicas R] [--profile sandbox|production]"
  say "       $0 status [--dir DIR]"
  say "       $0 down [--dir DIR] [--purge]"
  exit 2
}

# ---------------------------------------------------------------------------------------------
# Probes. Python's standard library does what curl, nc and socat would, and is there anyway
# (Patroni is written in it). Proxies are ignored: a caller's http_proxy must not carry probes
# of 127.0.0.1 elsewhere.
# ---------------------------------------------------------------------------------------------
PROBES=$(
  cat <<'PYTHON'
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
PYTHON
)
# Debian's own python3, isolated from the caller's PYTHON* variables and user site: the one
# Patroni runs on, and a python3 found first on PATH (a pyenv shim, a virtualenv) may take ten
# times as long to start, which adds up over a few hundred probes.
probe() { /usr/bin/python3 -I -c "$PROBES" "$@"; }

# ---------------------------------------------------------------------------------------------
# Settings and layout.
# ---------------------------------------------------------------------------------------------

# Options as given on the command line; empty when not given.
opt_dir=/tmp/mercado-cluster opt_port='' opt_instances='' opt_replicas='' opt_profile='' opt_purge=0

parse_options() {  # COMMAND ARGS...
  local command=$1
  shift
  while (($#)); do
    case $1 in
      --dir | --port | --instances | --replicas | --profile)
        (($# >= 2)) || usage
        [[ $command == up || $1 == --dir ]] || usage
        declare -g "opt_${1#--}=$2"
        shift 2
        ;;
      --purge)
        [[ $command == down ]] || usage
        opt_purge=1
        shift
        ;;
      *) usage ;;
    esac
  done
  [[ -n $opt_dir ]] || usage
  # Absolute and symlink-free: handed to servers that run elsewhere than the caller's working
  # directory, and compared with /proc/PID/cwd.
  dir=$(realpath -m -- "$opt_dir")
  [[ $dir != / ]] || die "refusing to use / as the cluster directory"
  run=$dir/run logs=$dir/logs
}

in_range() {  # VALUE MIN MAX
  [[ $1 =~ ^(0|[1-9][0-9]{0,4})$ ]] && (($1 >= $2 && $1 <= $3))
}

# The settings of DIR: cluster.conf when the first `up` wrote one, else the options and their
# defaults. The file is parsed, never sourced: DIR belongs to the servers' user, and this
# script may run as root.
load_settings() {
  port=8080 instances=3 replicas=2 profile=production run_user=$(id -un) saved_bin=''
  local conf=$dir/cluster.conf key value saved=0
  if [[ -f $conf ]]; then
    saved=1
    while IFS='=' read -r key value; do
      case $key in
        port) port=$value ;;
        instances) instances=$value ;;
        replicas) replicas=$value ;;
        profile) profile=$value ;;
        user) run_user=$value ;;
        bin) saved_bin=$value ;;
      esac
    done <"$conf"
    local name option
    for name in port instances replicas profile; do
      option=opt_$name
      if [[ -n ${!option} && ${!option} != "${!name}" ]]; then
        die "$dir was made with --$name ${!name}; to change it, take it down first: $0 down --dir $dir --purge"
      fi
    done
  else
    port=${opt_port:-$port} instances=${opt_instances:-$instances}
    replicas=${opt_replicas:-$replicas} profile=${opt_profile:-$profile}
  fi
  in_range "$port" 1024 65456 || die "--port: 1024 to 65456 (the cluster takes ports up to P+79; below 1024 would need root)"
  in_range "$instances" 1 20 || die "--instances: 1 to 20"
  in_range "$replicas" 0 9 || die "--replicas: 0 to 9"
  [[ $profile == sandbox || $profile == production ]] || die "--profile: sandbox or production"
  [[ $run_user =~ ^[a-z_][a-z0-9_-]*$ ]] || die "$conf: bad user"
  # memcached gets a user of its own when there is one: it needs nothing of PostgreSQL's.
  memcached_user=$run_user
  if ((EUID == 0)); then
    memcached_user=nobody
    getent passwd memcache >/dev/null && memcached_user=memcache
  fi
  ((saved)) && return 0
  if ((EUID == 0)); then
    # PostgreSQL refuses to run as root; the package's system user is there with it.
    getent passwd postgres >/dev/null || die "no postgres user (is postgresql-15 installed?)"
    run_user=postgres
  fi
  return 0
}

save_settings() {
  [[ -f $dir/cluster.conf ]] && return 0
  printf 'port=%s\ninstances=%s\nreplicas=%s\nprofile=%s\nuser=%s\nbin=%s\n' \
    "$port" "$instances" "$replicas" "$profile" "$run_user" "$bin" >"$dir/cluster.conf"
}

app_port() { echo $((port + $1)); }
db_primary_port=0 db_replica_port=0 memcached_port=0 etcd_port=0 etcd_peer_port=0
derive_ports() {
  db_primary_port=$((port + 30)) db_replica_port=$((port + 31))
  memcached_port=$((port + 40)) etcd_port=$((port + 50)) etcd_peer_port=$((port + 51))
}
rest_port() { echo $((port + 60 + $1)); }
pg_port() { echo $((port + 70 + $1)); }

# Runs a command as the servers' user (when root), so what it creates belongs to them.
as_run() {
  if ((EUID == 0)) && [[ $run_user != root ]]; then
    setpriv --reuid="$run_user" --regid="$run_user" --init-groups -- "$@"
  else
    "$@"
  fi
}

# Writes stdin to FILE (mode MODE, owned by OWNER) unless FILE holds that already, so that an
# `up` on a running cluster changes nothing, not even a file's time. Sets put_changed.
put_changed=0
put() {  # FILE MODE OWNER < content
  local file=$1 content
  content=$(cat)
  put_changed=0
  [[ -f $file && $(cat -- "$file") == "$content" ]] && return 0
  put_changed=1
  printf '%s\n' "$content" >"$file.tmp"
  chmod "$2" -- "$file.tmp"
  if ((EUID == 0)); then chown -- "$3:" "$file.tmp"; fi
  mv -f -- "$file.tmp" "$file"
}

# KEY=VALUE lines, read without sourcing them (see load_settings); prints VALUE of KEY.
value_of() {  # FILE KEY
  sed -n "s/^$2=//p" -- "$1" | head -n 1
}

# Passwords made once, by the first `up`: hex, so they need no escaping in a URL, in YAML or
# in SQL. Readable by root (or the caller) only; Patroni gets its own copies in its YAML files.
make_secrets() {
  local file=$dir/secrets.env name
  if [[ ! -f $file ]]; then
    {
      for name in SUPERUSER REPLICATION MERCADO RESTAPI; do
        printf '%s_PASSWORD=%s\n' "$name" "$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
      done
    } | put "$file" 600 "$(id -un)"
  fi
  superuser_password=$(value_of "$file" SUPERUSER_PASSWORD)
  replication_password=$(value_of "$file" REPLICATION_PASSWORD)
  mercado_password=$(value_of "$file" MERCADO_PASSWORD)
  restapi_password=$(value_of "$file" RESTAPI_PASSWORD)
  [[ ${#superuser_password} == 32 && ${#replication_password} == 32 && ${#mercado_password} == 32 &&
    ${#restapi_password} == 32 ]] || die "$file is damaged; take the cluster down with --purge"
}

# ---------------------------------------------------------------------------------------------
# Processes. Each one is started in a session of its own (setsid), so that neither a Ctrl-C on
# `up` nor the end of the caller's process group takes it along, with its pid in run/NAME.pid
# and its start time (from /proc) in run/NAME.start: a pid alone may be reused by another
# process once ours is gone, a pid and a start time never.
# ---------------------------------------------------------------------------------------------

# Sets proc_state, proc_group and proc_start from /proc/PID/stat (fields 3, 5 and 22). The
# command name (field 2) may hold spaces and parentheses, so the fields are counted from its
# closing parenthesis.
proc_stat() {  # PID
  local stat fields
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  read -r -a fields <<<"${stat##*) }"
  proc_state=${fields[0]} proc_group=${fields[2]} proc_start=${fields[19]}
}

# Whether PID runs: a zombie has ended, although kill(pid, 0) still succeeds on it (PID 1 may
# reap orphans lazily, as in some containers).
pid_runs() {  # PID
  [[ $1 =~ ^[0-9]+$ ]] && proc_stat "$1" && [[ $proc_state != [ZX] ]]
}

# Prints NAME's pid if the process that `launch` started still runs.
running() {  # NAME
  local pid start
  { read -r pid <"$run/$1.pid" && read -r start <"$run/$1.start"; } 2>/dev/null || return 1
  pid_runs "$pid" && [[ $proc_start == "$start" ]] || return 1
  echo "$pid"
}

pid_list() {  # NAME: its pid if it runs, else "-"
  running "$1" || echo -
}

launch_env=()  # NAME=VALUE pairs that `launch` exports to the process, out of sight of ps
launch() {  # NAME USER COMMAND...
  local name=$1 user=$2 pid
  shift 2
  local -a prefix=(setsid)
  if ((EUID == 0)) && [[ $user != root ]]; then
    prefix+=(setpriv --reuid="$user" --regid="$user" --init-groups --)
  fi
  # fd 3, the caller's stdout, is closed: a server that inherits it would hold the caller's
  # pipe open for its whole life, and `$(cluster.sh up)` would never return. The subshell is
  # no process group leader, so setsid needs no fork, and setpriv execs: $! is the server's pid.
  (
    cd /
    if ((${#launch_env[@]})); then export "${launch_env[@]}"; fi
    exec "${prefix[@]}" "$@"
  ) </dev/null >>"$logs/$name.log" 2>&1 3>&- &
  pid=$!
  echo "$pid" >"$run/$name.pid"
  proc_stat "$pid" && echo "$proc_start" >"$run/$name.start"
  return 0
}

fail_with_log() {  # NAME MESSAGE
  say "$2; last lines of $logs/$1.log:"
  tail -n 30 -- "$logs/$1.log" >&2 2>/dev/null || true
  exit 1
}

# Waits until CHECK (a command) succeeds; fails with NAME's log if NAME's process ends first or
# the deadline passes.
wait_for() {  # NAME WHAT CHECK...
  local name=$1 what=$2 deadline=$((SECONDS + TIMEOUT))
  shift 2
  until "$@"; do
    running "$name" >/dev/null || fail_with_log "$name" "$name died before $what"
    ((SECONDS < deadline)) || fail_with_log "$name" "$name: no $what after ${TIMEOUT}s"
    sleep 0.3
  done
}

http_ok() { [[ $(probe http "$1") == 200 ]]; }  # URL

# Whether PID belongs to one of the users this cluster runs as: the pid files live in a
# directory those users can write to, and `down` may run as root.
ours() {  # PID
  local uid
  uid=$(stat -c %u "/proc/$1" 2>/dev/null) || return 1
  [[ $uid == "$(id -u "$run_user")" || $uid == "$(id -u "$memcached_user")" ]]
}

# Sends SIGNAL to each PID and to its process group when it leads one (everything was started
# with setsid, so that takes along what a server started itself, as Patroni does pg_basebackup
# or pg_rewind), waits up to 10 s for all of them to end, then SIGKILLs what is left.
stop_pids() {  # SIGNAL PID...
  local signal=$1 pid deadline=$((SECONDS + 10)) left
  shift
  for pid in "$@"; do
    if proc_stat "$pid" && [[ $proc_group == "$pid" ]]; then
      kill -s "$signal" -- "-$pid" 2>/dev/null || true
    else
      kill -s "$signal" "$pid" 2>/dev/null || true
    fi
  done
  while :; do
    left=()
    for pid in "$@"; do pid_runs "$pid" && left+=("$pid"); done
    ((${#left[@]} == 0)) && return 0
    ((SECONDS < deadline)) || break
    sleep 0.1
  done
  say "still running after 10 s, SIGKILL: ${left[*]}"
  for pid in "${left[@]}"; do kill -KILL -- "-$pid" "$pid" 2>/dev/null || true; done
  deadline=$((SECONDS + 5))
  for pid in "${left[@]}"; do
    while pid_runs "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
  done
}

stop_named() {  # NAME...: stops those of the named processes that run
  local name pid pids=()
  for name in "$@"; do
    if pid=$(running "$name") && ours "$pid"; then pids+=("$pid"); fi
    rm -f -- "$run/$name.pid" "$run/$name.start"
  done
  ((${#pids[@]} == 0)) || stop_pids TERM "${pids[@]}"
}

# A port that a process we are about to start needs must be free; whoever holds it is not ours,
# since ours would be running and not about to start.
ports_needed=()
need_ports() { ports_needed+=("$@"); }
check_ports() {
  local p taken=()
  for p in "${ports_needed[@]}"; do probe port-free "$p" || taken+=("$p"); done
  ((${#taken[@]} == 0)) && return 0
  die "port(s) ${taken[*]} already in use by something else (see: ss -ltnp); choose another --port, or stop it"
}

# ---------------------------------------------------------------------------------------------
# etcd: the consensus store Patroni keeps the cluster's state in (who leads, who is synchronous,
# the dynamic configuration). One member is no quorum to speak of; it is all one machine needs.
# ---------------------------------------------------------------------------------------------
plan_etcd() { running etcd >/dev/null || need_ports "$etcd_port" "$etcd_peer_port"; }

start_etcd() {
  running etcd >/dev/null && return 0
  say "starting etcd on 127.0.0.1:$etcd_port"
  local client=http://127.0.0.1:$etcd_port peer=http://127.0.0.1:$etcd_peer_port
  launch etcd "$run_user" etcd --name etcd0 --data-dir "$dir/etcd" \
    --listen-client-urls "$client" --advertise-client-urls "$client" \
    --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" \
    --initial-cluster "etcd0=$peer" --initial-cluster-state new \
    --initial-cluster-token "mercado-$port" --logger zap --log-level warn
  wait_for etcd "answer on /health" http_ok "$client/health"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL under Patroni. Patroni starts, stops, promotes and demotes its node's PostgreSQL,
# bootstraps the first one (initdb) and clones the others (pg_basebackup), and points them at
# whoever holds the leader key. Its REST API tells HAProxy which node is what.
# ---------------------------------------------------------------------------------------------
nodes() { seq 0 "$replicas"; }

# The postmaster's pid from its data directory's postmaster.pid, if that process is a live
# postgres of that directory (pids are reused; postgres always chdir()s to its data directory).
postmaster_pid() {  # NODE
  local data=$dir/pg/pg$1 pid comm
  { read -r pid <"$data/postmaster.pid"; } 2>/dev/null || return 1
  pid_runs "$pid" || return 1
  read -r comm <"/proc/$pid/comm" && [[ $comm == postgres ]] || return 1
  [[ $(readlink -- "/proc/$pid/cwd" 2>/dev/null) == "$data" ]] || return 1
  echo "$pid"
}

# Every postgres process of a data directory: backends outlive a SIGKILLed postmaster for a
# moment, and PostgreSQL refuses to start while they hold its shared memory.
postgres_pids_under() {  # DIRECTORY
  local proc comm cwd
  for proc in /proc/[0-9]*; do
    { read -r comm <"$proc/comm"; } 2>/dev/null || continue
    [[ $comm == postgres ]] || continue
    cwd=$(readlink -- "$proc/cwd" 2>/dev/null) || continue
    [[ $cwd == "$1" || $cwd == "$1"/* ]] && echo "${proc#/proc/}"
  done
  return 0
}

write_patroni_config() {  # NODE
  local i=$1 locale=C
  # C.UTF-8: byte-order collation like C, yet upper()/lower() and regexes know non-ASCII letters.
  if locale -a 2>/dev/null | grep -ix 'c\.utf-\?8' >/dev/null; then locale=C.UTF-8; fi
  put "$dir/patroni/pg$i.yml" 600 "$run_user" <<EOF
# Written by scripts/cluster.sh; rewritten by every \`up\`.
scope: mercado
namespace: /service/
name: pg$i

restapi:
  listen: 127.0.0.1:$(rest_port "$i")
  connect_address: 127.0.0.1:$(rest_port "$i")
  # For the API's unsafe requests (restart, switchover, ...); GET answers anyone, as HAProxy's
  # checks need.
  authentication:
    username: patroni
    password: $restapi_password

etcd3:
  host: 127.0.0.1:$etcd_port

bootstrap:
  # The cluster-wide settings, stored in etcd by the node that bootstraps; the same for all.
  dcs:
    ttl: $PATRONI_TTL
    loop_wait: $PATRONI_LOOP_WAIT
    retry_timeout: $PATRONI_RETRY_TIMEOUT
    # A commit returns only once a synchronous replica has it too, and Patroni promotes only
    # that replica: a failover loses no acknowledged write. Not strict: with no replica left,
    # the primary goes on alone rather than refusing every write.
    synchronous_mode: true
    synchronous_mode_strict: false
    # etcd is a single member here: when it is gone, the primary stays the primary as long as
    # every other node still answers it (REST API), instead of demoting itself for want of the
    # leader key.
    failsafe_mode: true
    postgresql:
      # Replication slots: the primary keeps the WAL a replica has not received yet.
      use_slots: true
      # A failed primary that comes back may hold WAL the new primary never got (written, not
      # acknowledged); pg_rewind winds it back to where the timelines forked, so it can follow
      # instead of being cloned anew. It needs wal_log_hints (or checksums, also on).
      use_pg_rewind: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_connections: 200
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 256MB
        password_encryption: scram-sha-256
  initdb:
    - encoding: UTF8
    - locale: $locale
    - data-checksums

postgresql:
  listen: 127.0.0.1:$(pg_port "$i")
  connect_address: 127.0.0.1:$(pg_port "$i")
  data_dir: $dir/pg/pg$i
  bin_dir: $PGBIN
  pgpass: $dir/pg/pg$i.pgpass
  authentication:
    superuser:
      username: postgres
      password: $superuser_password
    replication:
      username: replicator
      password: $replication_password
  parameters:
    unix_socket_directories: $dir/sock
  basebackup:
    - checkpoint: fast
  pg_hba:
    - local all all scram-sha-256
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256

watchdog:
  mode: off
EOF
}

plan_node() {  # NODE
  running "pg$1" >/dev/null && return 0
  need_ports "$(rest_port "$1")"
  # A postmaster whose Patroni died runs on; the new Patroni takes it over, port and all.
  postmaster_pid "$1" >/dev/null || need_ports "$(pg_port "$1")"
}

start_node() {  # NODE
  local i=$1 pids
  running "pg$i" >/dev/null && return 0
  if ! postmaster_pid "$i" >/dev/null; then
    # What a crash left behind goes first (see postgres_pids_under).
    mapfile -t pids < <(postgres_pids_under "$dir/pg/pg$i")
    ((${#pids[@]} == 0)) || stop_pids KILL "${pids[@]}"
  fi
  say "starting Patroni pg$i (PostgreSQL on 127.0.0.1:$(pg_port "$i"), REST API on :$(rest_port "$i"))"
  launch "pg$i" "$run_user" patroni "$dir/patroni/pg$i.yml"
}

# The node that holds the leader key and runs a primary that takes writes (GET /primary 200).
leader=''
find_leader() {
  local i
  for i in $(nodes); do
    if [[ $(probe http "http://127.0.0.1:$(rest_port "$i")/primary") == 200 ]]; then
      leader=$i
      return 0
    fi
  done
  return 1
}

wait_leader() {
  local deadline=$((SECONDS + TIMEOUT))
  until find_leader; do
    ((SECONDS < deadline)) || fail_with_log pg0 "no PostgreSQL primary after ${TIMEOUT}s (see $logs/pg*.log)"
    sleep 0.3
  done
  echo primary >"$run/pg$leader.role"
}

# Every other node streams from the leader, and one of them is its synchronous standby, so
# that the first write the caller makes is already safe from a failover.
replicas_streaming() {
  local lines i
  lines=$(probe streaming "$(rest_port "$leader")")
  for i in $(nodes); do
    ((i == leader)) && continue
    grep -q "^pg$i " <<<"$lines" || return 1
    [[ $(probe http "http://127.0.0.1:$(rest_port "$i")/replica") == 200 ]] || return 1
  done
  ((replicas == 0)) || grep -q ' sync$' <<<"$lines"
}

wait_replicas() {
  local deadline=$((SECONDS + TIMEOUT)) i
  until replicas_streaming; do
    for i in $(nodes); do
      running "pg$i" >/dev/null || fail_with_log "pg$i" "pg$i died while the replicas came up"
    done
    ((SECONDS < deadline)) || fail_with_log "pg$(((leader + 1) % (replicas + 1)))" \
      "the replicas do not all stream from pg$leader after ${TIMEOUT}s (see $logs/pg*.log)"
    sleep 0.3
  done
  for i in $(nodes); do ((i == leader)) || echo replica >"$run/pg$i.role"; done
}

# Mercado's role owns its database, which lets it CREATE EXTENSION unaccent (a trusted
# extension since PostgreSQL 13) when it migrates; it is no superuser. Idempotent: on a running
# cluster these only read.
ensure_database() {
  PGPASSWORD=$superuser_password PGCONNECT_TIMEOUT=10 timeout "$TIMEOUT" "$PGBIN/psql" -X -q \
    -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(pg_port "$leader")" -U postgres -d postgres >/dev/null <<EOF
\set password '$mercado_password'
SELECT format('CREATE ROLE mercado LOGIN PASSWORD %L', :'password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mercado') \gexec
SELECT 'CREATE DATABASE mercado OWNER mercado'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mercado') \gexec
EOF
}

start_database() {
  local i fresh=1
  for i in $(nodes); do
    write_patroni_config "$i"
    if ((put_changed)) && running "pg$i" >/dev/null; then
      say "patroni/pg$i.yml changed; the running Patroni keeps the old one until it restarts"
    fi
    [[ -f $dir/pg/pg$i/PG_VERSION ]] && fresh=0
  done
  if ((fresh)); then
    # pg0 bootstraps alone: started together, the nodes would race for the initialize key and
    # any one of them might initdb.
    start_node 0
    wait_leader
    say "pg$leader is the primary; creating the mercado role and database"
    ensure_database
  fi
  for i in $(nodes); do start_node "$i"; done
  wait_leader
  ensure_database
  if ((replicas > 0)) && ! replicas_streaming; then
    say "waiting for the replicas to stream from pg$leader"
  fi
  wait_replicas
}

# ---------------------------------------------------------------------------------------------
# memcached: the counters the instances share (rate limits, failed logins). UDP is off (-U 0)
# and it listens on 127.0.0.1 only: memcached over UDP answers a 15-byte request with up to a
# megabyte, and open ones on the internet were the amplifiers of the 2018 record DDoS attacks.
# It has no authentication either, so it is never to be reachable from elsewhere.
# ---------------------------------------------------------------------------------------------
plan_memcached() { running memcached >/dev/null || need_ports "$memcached_port"; }

start_memcached() {
  running memcached >/dev/null && return 0
  say "starting memcached on 127.0.0.1:$memcached_port"
  launch memcached "$memcached_user" memcached -U 0 -l 127.0.0.1 -p "$memcached_port" -m 64 -c 1024
  wait_for memcached "answer to version" probe memcached "$memcached_port"
}

# ---------------------------------------------------------------------------------------------
# HAProxy: the public port in front of the instances, and the stable addresses of "the
# primary" and "a replica" in front of PostgreSQL, whichever nodes those are at the moment.
# ---------------------------------------------------------------------------------------------
write_haproxy_config() {
  local i servers_reads='' servers_writes='' servers_db=''
  for ((i = 1; i <= instances; i++)); do
    servers_reads+="  server app$i 127.0.0.1:$(app_port "$i") check"$'\n'
    # One set of health checks: app_writes follows app_reads' verdicts.
    servers_writes+="  server app$i 127.0.0.1:$(app_port "$i") track app_reads/app$i"$'\n'
  done
  for i in $(nodes); do
    # The check asks Patroni (REST port), the traffic goes to PostgreSQL.
    servers_db+="  server pg$i 127.0.0.1:$(pg_port "$i") check port $(rest_port "$i")"$'\n'
  done
  put "$dir/haproxy.cfg" 600 "$run_user" <<EOF
# Written by scripts/cluster.sh; rewritten by every \`up\` (a running HAProxy keeps its old one).
global
  log stdout format raw local0 info
  stats socket $dir/haproxy.sock mode 600 level admin
  maxconn 4096

defaults
  mode http
  log global
  option httplog
  # Mercado trusts X-Forwarded-For from 127.0.0.1 (--trusted-proxies): rate limits and logs
  # see the client, not HAProxy.
  option forwardfor
  retries 3
  # Each retry goes to another instance than the one that just failed (1: every retry).
  option redispatch 1
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  timeout http-request 10s
  timeout queue 5s
  timeout check 1s

frontend public
  bind 127.0.0.1:$port
  acl safe_method method GET HEAD OPTIONS
  use_backend app_reads if safe_method
  default_backend app_writes

# A read changes nothing, so it may be sent again, to another instance, when the one it went to
# refused the connection, closed it without an answer (died mid-request) or took too long.
backend app_reads
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  retry-on conn-failure empty-response response-timeout
  # Out of rotation after 1 s of failed checks: Mercado's --shutdown-delay (2 s) keeps
  # answering that long after SIGTERM with /readyz 503, so a stopping instance drops no request.
  default-server inter 500ms fall 2 rise 2
$servers_reads
# A write is retried only if it never reached an instance (connection refused): once sent, it
# may have been carried out, and doing it twice (two orders, two sign-ups) is worse than a 503.
backend app_writes
  balance roundrobin
  retry-on conn-failure
$servers_writes
# PostgreSQL is TCP to HAProxy. A database connection sits idle in a pool for long stretches,
# which must not count as a dead client.
defaults db
  mode tcp
  log global
  option tcplog
  retries 3
  timeout connect 1s
  timeout client 1h
  timeout server 1h
  timeout check 1s

# Exactly one node answers /primary with 200: the leader key's holder. When it stops being
# that, its connections are cut (shutdown-sessions) rather than left writing to a demoted node.
# The checks say OPTIONS, not GET: Patroni answers it with the same status and no body (which
# HAProxy would not read, closing the connection on it, and Patroni would log a stack trace for
# every check, as it does for GET).
listen db_primary
  bind 127.0.0.1:$db_primary_port
  option httpchk OPTIONS /primary
  http-check expect status 200
  default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions
$servers_db
listen db_replicas
  bind 127.0.0.1:$db_replica_port
  balance roundrobin
  option httpchk OPTIONS /replica
  http-check expect status 200
  default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions
$servers_db
EOF
}

plan_haproxy() { running haproxy >/dev/null || need_ports "$port" "$db_primary_port" "$db_replica_port"; }

# Until its first checks, HAProxy counts every server as up, and a new database connection
# could land on a replica as "the primary": the instances start only once every database
# server has been checked and db_primary has the leader, and only the leader, up.
haproxy_db_checked() {
  local proxy server status check ok=1 seen=0
  while read -r proxy server status check; do
    [[ $proxy == db_primary || $proxy == db_replicas ]] || continue
    seen=1
    [[ $check == - || $check == INI* ]] && ok=0
    if [[ $proxy == db_primary ]]; then
      local up=0 is_leader=0
      [[ $status == UP ]] && up=1
      [[ $server == "pg$leader" ]] && is_leader=1
      ((up == is_leader)) || ok=0
    fi
  done < <(probe servers "$dir/haproxy.sock" 2>/dev/null || true)
  ((seen && ok))
}

haproxy_apps_up() {
  local proxy server status check up=0
  while read -r proxy server status check; do
    [[ $proxy == app_reads && $status == UP ]] && up=$((up + 1))
  done < <(probe servers "$dir/haproxy.sock" 2>/dev/null || true)
  ((up == instances))
}

start_haproxy() {
  write_haproxy_config
  if running haproxy >/dev/null; then
    ((!put_changed)) || say "haproxy.cfg changed; the running HAProxy keeps the old one until it restarts"
    return 0
  fi
  as_run haproxy -c -q -f "$dir/haproxy.cfg" || die "HAProxy rejects $dir/haproxy.cfg (see above)"
  say "starting HAProxy on 127.0.0.1:$port (primary on :$db_primary_port, replicas on :$db_replica_port)"
  rm -f -- "$dir/haproxy.sock"
  # -db: stay in the foreground, one process, logging to its stdout (logs/haproxy.log).
  launch haproxy "$run_user" haproxy -db -f "$dir/haproxy.cfg"
  wait_for haproxy "health checks of the database nodes" haproxy_db_checked
}

# ---------------------------------------------------------------------------------------------
# Mercado.
# ---------------------------------------------------------------------------------------------
# $MERCADO_BIN, else the binary the first `up` used (a later `up` that restarts one instance
# runs the same program as the others), else build/mercado, built if need be.
find_binary() {
  if [[ -n ${MERCADO_BIN:-} ]]; then
    bin=$MERCADO_BIN
  elif [[ $saved_bin == /* && -x $saved_bin ]]; then
    bin=$saved_bin
  elif [[ -x $repo/build/mercado ]]; then
    bin=$repo/build/mercado
  else
    say "building Mercado (as scripts/quickstart.sh does)"
    cmake -S "$repo" -B "$repo/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMERCADO_TESTS=OFF >&2
    cmake --build "$repo/build" --target mercado >&2
    bin=$repo/build/mercado
  fi
  bin=$(realpath -- "$bin")
  [[ -x $bin ]] || die "$bin is not an executable"
  as_run test -x "$bin" || die "user $run_user cannot run $bin (a folder above it is closed to others?); set MERCADO_BIN to a copy under /tmp or /usr/local"
}

# The database URLs, with the password, stay out of command lines (ps shows those to every
# user): they are in mercado.env (mode 600) and reach the instances as MERCADO_DB and
# MERCADO_DB_REPLICAS.
write_mercado_env() {
  local db=postgresql://mercado:$mercado_password@127.0.0.1
  {
    echo "MERCADO_DB=$db:$db_primary_port/mercado"
    ((replicas == 0)) || echo "MERCADO_DB_REPLICAS=$db:$db_replica_port/mercado"
  } | put "$dir/mercado.env" 600 "$(id -un)"
}

start_app() {  # I
  local i=$1 key value
  running "app$i" >/dev/null && return 0
  launch_env=()
  while IFS='=' read -r key value; do
    [[ $key =~ ^MERCADO_[A-Z_]+$ ]] && launch_env+=("$key=$value")
  done <"$dir/mercado.env"
  launch_env+=("MERCADO_MEMCACHED=127.0.0.1:$memcached_port")
  # The cluster's choices, unless the caller says otherwise: HAProxy is the proxy to trust for
  # X-Forwarded-For, and 2 s is four of HAProxy's check intervals, enough for it to take a
  # stopping instance out of rotation before that instance stops taking connections.
  launch_env+=("MERCADO_TRUSTED_PROXIES=${MERCADO_TRUSTED_PROXIES:-127.0.0.1}")
  launch_env+=("MERCADO_SHUTDOWN_DELAY=${MERCADO_SHUTDOWN_DELAY:-2}")
  # Links in answers (and the sandbox's seeded image URLs) name the public address, not the
  # instance that happened to make them.
  launch_env+=("MERCADO_PUBLIC_URL=${MERCADO_PUBLIC_URL:-http://127.0.0.1:$port}")
  say "starting app$i on 127.0.0.1:$(app_port "$i") ($profile)"
  launch "app$i" "$run_user" "$bin" serve --host 127.0.0.1 --port "$(app_port "$i")" --profile "$profile"
  launch_env=()
}

wait_app() {  # I
  wait_for "app$1" "GET /readyz 200" http_ok "http://127.0.0.1:$(app_port "$1")/readyz"
}

plan_apps() {
  local i
  for ((i = 1; i <= instances; i++)); do
    running "app$i" >/dev/null || need_ports "$(app_port "$i")"
  done
}

start_apps() {
  local i any=0
  for ((i = 1; i <= instances; i++)); do running "app$i" >/dev/null && any=1; done
  if ((!any)); then
    # The first instance migrates the schema (and seeds the sandbox) alone; the others would
    # only queue behind its advisory lock, each holding a connection and the clock.
    start_app 1
    wait_app 1
  fi
  for ((i = 1; i <= instances; i++)); do start_app "$i"; done
  for ((i = 1; i <= instances; i++)); do wait_app "$i"; done
}

# ---------------------------------------------------------------------------------------------
# Commands.
# ---------------------------------------------------------------------------------------------
cmd_up() {
  [[ ! -e $dir || -d $dir ]] || die "$dir exists and is not a directory"
  if [[ -d $dir && ! -e $dir/$MARKER && -n $(ls -A -- "$dir") ]]; then
    die "$dir is not empty and was not made by $0 (no $MARKER in it)"
  fi
  [[ -d $(dirname -- "$dir") ]] || die "$(dirname -- "$dir") does not exist"
  # unix socket paths (DIR/sock/.s.PGSQL.NNNNN, DIR/haproxy.sock) must fit sockaddr_un.sun_path,
  # 108 bytes with the NUL; PostgreSQL and HAProxy would fail late and cryptically.
  ((${#dir} + 20 < 100)) || die "$dir is too long for unix socket paths (at most 79 characters)"

  say "checking the packages (scripts/install-deps.sh --cluster)"
  "$repo/scripts/install-deps.sh" --cluster >&2
  load_settings
  derive_ports
  find_binary
  if ((EUID == 0)) && ! setpriv --reuid="$run_user" --regid="$run_user" --init-groups -- test -x "$(dirname -- "$dir")"; then
    die "user $run_user cannot enter $(dirname -- "$dir"); choose a DIR under /tmp"
  fi

  local started=$SECONDS i
  # Which ports the processes about to start need, checked before anything starts, or is
  # written: a first `up` refused here leaves no DIR behind, with settings it would insist on.
  plan_etcd
  for i in $(nodes); do plan_node "$i"; done
  plan_memcached
  plan_haproxy
  plan_apps
  check_ports

  mkdir -p -- "$dir"
  : >>"$dir/$MARKER"
  # The servers' user owns DIR (HAProxy creates its socket there) and nobody else may look in:
  # it holds the passwords.
  if ((EUID == 0)); then chown -- "$run_user:" "$dir"; fi
  chmod 700 -- "$dir"
  mkdir -p -- "$run" "$logs"
  as_run mkdir -p -m 700 -- "$dir/pg" "$dir/sock" "$dir/patroni"
  save_settings
  make_secrets
  # A failure past this point leaves what started running: the next `up` goes on from there.
  trap 'status=$?; ((status == 0)) || say "up failed; what started still runs: $0 status --dir $dir, $0 down --dir $dir"; exit $status' EXIT

  start_etcd
  start_database
  start_memcached
  start_haproxy
  write_mercado_env
  start_apps

  # Every instance in rotation (a restarted one needs two good checks), then the public URL.
  local url=http://127.0.0.1:$port
  wait_for haproxy "instances all in rotation" haproxy_apps_up
  wait_for haproxy "answer 200 to $url/readyz" http_ok "$url/readyz"
  say "up in $((SECONDS - started))s: $instances instance(s), primary pg$leader, $replicas replica(s); status: $0 status --dir $dir"
  if [[ $profile == production ]]; then
    say "the production profile has no accounts; create an administrator ($bin admin create --help):"
    say "  set -a; . $dir/mercado.env; set +a"
    say "  $bin admin create --db \"\$MERCADO_DB\" --email you@example.com --password - --name You"
  fi
  trap - EXIT
  echo "$url" >&3
}

require_cluster() {
  [[ -d $dir ]] || die "$dir does not exist"
  [[ -e $dir/$MARKER && -f $dir/cluster.conf ]] || die "$dir holds no cluster made by $0"
  load_settings
  derive_ports
}

cmd_status() {
  require_cluster
  local i pid pids
  # NAME KIND PORT PIDS [REST_PORT ROLE_FILE] per line for the probe, PIDS comma-separated, "-"
  # for none.
  {
    for ((i = 1; i <= instances; i++)); do echo "app$i app $(app_port "$i") $(pid_list "app$i")"; done
    echo "haproxy haproxy $port $(pid_list haproxy)"
    echo "memcached memcached $memcached_port $(pid_list memcached)"
    echo "etcd etcd $etcd_port $(pid_list etcd)"
    for i in $(nodes); do
      # A node is its Patroni and its postmaster: Patroni starts PostgreSQL in a session of
      # its own, and the postmaster outlives a Patroni killed alone.
      pids=$(pid_list "pg$i")
      if pid=$(postmaster_pid "$i"); then
        [[ $pids == - ]] && pids=$pid || pids+=,$pid
      fi
      echo "pg$i postgres $(pg_port "$i") $pids $(rest_port "$i") $run/pg$i.role"
    done
  } | probe status >&3
}

cmd_down() {
  if [[ ! -e $dir ]]; then
    say "$dir does not exist; nothing to stop"
    return 0
  fi
  [[ -d $dir ]] || die "$dir is not a directory"
  if [[ ! -e $dir/$MARKER ]]; then
    die "refusing to touch $dir: it was not made by $0 (no $MARKER in it)"
  fi
  if [[ -f $dir/cluster.conf ]]; then
    load_settings
    derive_ports
    local i file pid pids=() apps=() replica_names=() leader_name=''
    # Mercado first, so that no instance sees its database vanish; they wait --shutdown-delay
    # and drain, all at once. (Every app*.pid: the settings may once have had more instances.)
    say "stopping the instances"
    for file in "$run"/app*.pid; do [[ -e $file ]] && apps+=("$(basename -- "$file" .pid)"); done
    ((${#apps[@]} == 0)) || stop_named "${apps[@]}"
    say "stopping HAProxy and memcached"
    stop_named haproxy memcached
    # Replicas before the primary: a primary stopped first would have a replica take over.
    for i in $(nodes); do
      if [[ $(probe patroni "$(rest_port "$i")" 2>/dev/null) == primary* ]]; then
        leader_name=pg$i
      else
        replica_names+=("pg$i")
      fi
    done
    say "stopping PostgreSQL (Patroni stops its node's server)"
    ((${#replica_names[@]} == 0)) || stop_named "${replica_names[@]}"
    [[ -z $leader_name ]] || stop_named "$leader_name"
    # A postmaster whose Patroni was gone already, or did not stop it: fast shutdown (SIGINT;
    # SIGTERM would wait for every client to disconnect), then what is left of any node.
    for i in $(nodes); do
      if pid=$(postmaster_pid "$i") && ours "$pid"; then pids+=("$pid"); fi
    done
    ((${#pids[@]} == 0)) || stop_pids INT "${pids[@]}"
    mapfile -t pids < <(postgres_pids_under "$dir/pg")
    ((${#pids[@]} == 0)) || stop_pids KILL "${pids[@]}"
    say "stopping etcd"
    stop_named etcd
  fi
  if ((opt_purge)); then
    rm -rf -- "$dir"
    say "removed $dir"
  else
    say "stopped; the data stays in $dir (remove it with: $0 down --dir $dir --purge)"
  fi
}

(($# >= 1)) || usage
command=$1
shift
case $command in
  up | status | down) parse_options "$command" "$@" ;;
  *) usage ;;
esac
"cmd_$command"
