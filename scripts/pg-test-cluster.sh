#!/usr/bin/env bash
# A throwaway PostgreSQL 15 pair (primary + streaming hot-standby replica) for tests, on
# 127.0.0.1 only, on free ports, everything inside one directory.
#
#   pg-test-cluster.sh start DIR            DIR must not exist or be empty; prints on stdout
#                                             MERCADO_TEST_PG_PRIMARY=postgresql://mercado:PW@127.0.0.1:PORT/postgres
#                                             MERCADO_TEST_PG_REPLICA=postgresql://mercado:PW@127.0.0.1:PORT/postgres
#                                             MERCADO_TEST_PG_DIR=DIR
#                                           (also written to DIR/env; the password alone to DIR/password)
#   pg-test-cluster.sh stop DIR             stops both servers, removes DIR (fine if half-started)
#   pg-test-cluster.sh kill-primary DIR     SIGKILLs the primary's postmaster and its backends
#                                           (a crash, for kill -9 tests)
#   pg-test-cluster.sh restart-primary DIR  starts it again on the same port, waits until ready
#
# Only the lines above ever reach stdout, so `eval "$(pg-test-cluster.sh start DIR)"` is safe;
# progress and errors go to stderr. Run as root, the servers run as the `postgres` user (or a
# `mercado-test` system user created on demand), since PostgreSQL refuses to run as root.
# MERCADO_TEST_PG_BIN overrides the binaries' folder, MERCADO_TEST_PG_TIMEOUT the waits (s).
set -euo pipefail

PGBIN=${MERCADO_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}
# Only a bound: a start takes a second, but crash recovery after kill -9 replays the WAL of
# every write since the last checkpoint, which on a busy 2-core machine has taken over 30 s.
TIMEOUT=${MERCADO_TEST_PG_TIMEOUT:-90}
ROLE=mercado
# Written first by `start`: `stop` runs rm -rf, possibly as root, on a path it was given, and
# only trusts directories that carry this mark.
MARKER=.pg-test-cluster
CONF=mercado-test.conf

# Anything meant for stdout goes to fd 3; every tool's chatter lands on stderr, which keeps
# stdout parseable by the caller.
exec 3>&1 1>&2

# libpq reads PGHOST, PGPORT, PGPASSWORD, PGSSLMODE, PGSERVICE, ... from the environment; the
# caller's values would quietly redirect or alter the client commands below.
while read -r var; do unset "$var"; done < <(compgen -e | grep '^PG' || true)

say() { printf 'pg-test-cluster: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

usage() {
  say "usage: $0 start|stop|kill-primary|restart-primary DIR"
  exit 2
}

(( $# == 2 )) || usage
command=$1
[[ -n $2 ]] || usage
# Absolute and symlink-free, because it is compared with /proc/PID/cwd of the servers and
# handed to servers that run elsewhere than the caller's working directory.
dir=$(realpath -m -- "$2")
[[ $dir != / ]] || die "refusing to use / as the cluster directory"
sock=$dir/sockets
# The servers' user may not be able to enter the caller's working directory (e.g. /root), and
# initdb and pg_ctl complain when they cannot.
cd /

run_user=$(id -un)
# fd 3 (the caller's stdout) is closed for these: a postmaster started through pg_ctl would
# inherit it and hold the caller's pipe open for its whole life, and `$(... start DIR)` would
# never return.
as_run() {
  if (( EUID == 0 )); then runuser -u "$run_user" -- "$@" 3>&-; else "$@" 3>&-; fi
}

# Files inside the data directories must belong to the servers' user; writing through it
# (rather than as root and chown-ing afterwards) keeps that true even halfway through.
put() {  # FILE MODE < content
  as_run tee -- "$1" >/dev/null
  as_run chmod "$2" -- "$1"
}

# `stop`, `kill-primary` and `restart-primary` must act as whoever `start` chose, whatever
# users exist now; the data directory's owner says who that was.
adopt_owner() {
  (( EUID == 0 )) || return 0
  local data
  for data in "$dir/primary" "$dir/replica" "$dir"; do
    if [[ -d $data ]]; then
      run_user=$(stat -c %U -- "$data")
      return 0
    fi
  done
}

free_port() {
  # Binding to port 0 lets the kernel choose a port nobody holds; there is a window until the
  # server binds it, which start_server closes by retrying on "could not bind".
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
    || die "python3 is needed to find a free port"
}

# The servers' processes are recognised by their name and their working directory (postgres
# always chdir()s into its data directory): unlike a pid file, this also finds backends whose
# postmaster is gone, and never matches an unrelated process that reused a stale pid.
postgres_pids_under() {  # PREFIX
  local proc comm cwd
  for proc in /proc/[0-9]*; do
    read -r comm 2>/dev/null <"$proc/comm" || continue
    [[ $comm == postgres ]] || continue
    cwd=$(readlink -- "$proc/cwd" 2>/dev/null) || continue
    [[ $cwd == "$1" || $cwd == "$1"/* ]] && printf '%s\n' "${proc#/proc/}"
  done
  return 0
}

kill_leftovers() {  # PREFIX
  local deadline=$((SECONDS + 10)) pids
  while :; do
    mapfile -t pids < <(postgres_pids_under "$1")
    (( ${#pids[@]} == 0 )) && return 0
    if (( SECONDS >= deadline )); then
      say "postgres processes under $1 survive SIGKILL: ${pids[*]}"
      return 1
    fi
    kill -KILL "${pids[@]}" 2>/dev/null || true
    sleep 0.1
  done
}

# Whether DATADIR/postmaster.pid names a live postmaster of that directory. The pid alone is
# not enough: after a SIGKILL it may be reused, or remain a zombie for a while where PID 1
# reaps lazily (some containers), and kill(pid, 0) succeeds on a zombie: PostgreSQL would then
# refuse to start ("lock file already exists") and pg_ctl stop -w would wait its full timeout.
postmaster_alive() {  # DATADIR
  local pid pids
  read -r pid 2>/dev/null <"$1/postmaster.pid" || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  # The list is taken first: piped into grep -q, pipefail would report the writer's SIGPIPE.
  pids=$(postgres_pids_under "$1")
  grep -qx -- "$pid" <<<"$pids"
}

fail_with_log() {  # NAME MESSAGE
  say "$2; last lines of $dir/$1.log:"
  tail -n 25 -- "$dir/$1.log" >&2 2>/dev/null || true
  exit 1
}

port_of() {  # DATADIR
  sed -n 's/^port = \([0-9]*\)$/\1/p' -- "$1/$CONF"
}

# Kept in a file of its own, included from postgresql.conf, so it can be rewritten wholesale:
# on a port retry, and for the replica, which inherits the primary's copy through
# pg_basebackup.
write_conf() {  # DATADIR PORT
  put "$1/$CONF" 600 <<EOF
# Written by scripts/pg-test-cluster.sh, included from postgresql.conf.
listen_addresses = '127.0.0.1'
port = $2
unix_socket_directories = '$sock'
fsync = on
synchronous_commit = on
wal_level = replica
max_wal_senders = 10
# A standby refuses to start with fewer connections than its primary, so both get the same.
max_connections = 200
shared_buffers = 128MB
log_min_messages = warning
hot_standby = on
# After kill-primary/restart-primary the replica reconnects within a second instead of 5.
wal_retrieve_retry_interval = 1s
password_encryption = 'scram-sha-256'
EOF
}

wait_accepting() {  # NAME PORT
  local deadline=$((SECONDS + TIMEOUT))
  until "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$2" -d postgres -U "$ROLE" -t 2; do
    (( SECONDS < deadline )) || fail_with_log "$1" "$1 does not accept connections on port $2 after ${TIMEOUT}s"
    sleep 0.2
  done
}

# Tests write on the primary and read on the replica right away; until the replica streams,
# that would wait on a reconnect rather than on replay.
wait_streaming() {
  local deadline=$((SECONDS + TIMEOUT)) port count
  port=$(port_of "$dir/primary")
  while :; do
    count=$("$PGBIN/psql" -X -At -h "$sock" -p "$port" -U "$ROLE" -d postgres \
      -c "select count(*) from pg_stat_replication where state = 'streaming'" 2>/dev/null || true)
    [[ $count == 1 ]] && return 0
    (( SECONDS < deadline )) || fail_with_log replica "the replica does not stream from the primary after ${TIMEOUT}s"
    sleep 0.2
  done
}

start_server() {  # NAME [PORT]; sets server_port
  local name=$1 data=$dir/$1 log=$dir/$1.log attempt port offset
  for attempt in 1 2 3 4 5; do
    port=${2:-$(free_port)}
    write_conf "$data" "$port"
    offset=$(stat -c %s -- "$log" 2>/dev/null || echo 0)
    if as_run "$PGBIN/pg_ctl" start -s -D "$data" -l "$log" -w -t "$TIMEOUT"; then
      wait_accepting "$name" "$port"
      server_port=$port
      return 0
    fi
    # Another process took the port between free_port and the server's bind. (grep without -q:
    # -q stops reading early, and pipefail would then report tail's SIGPIPE as no match.)
    if [[ -z ${2:-} ]] && tail -c +"$((offset + 1))" -- "$log" | grep 'could not bind IPv4 address' >/dev/null; then
      say "port $port was taken meanwhile (attempt $attempt), trying another"
      continue
    fi
    break
  done
  fail_with_log "$name" "could not start the $name"
}

stop_servers() {
  local name
  for name in replica primary; do
    postmaster_alive "$dir/$name" || continue
    # pg_ctl refuses to run as root, so a data directory that somehow belongs to root is left
    # to kill_leftovers.
    if (( EUID != 0 )) || [[ $run_user != root ]]; then
      as_run "$PGBIN/pg_ctl" stop -s -D "$dir/$name" -m immediate -w -t "$TIMEOUT" 2>/dev/null || true
    fi
  done
  # Catches what pg_ctl cannot see: a postmaster killed by kill-primary whose backends still
  # run, or a server that died before writing its pid file.
  kill_leftovers "$dir"
}

pick_run_user() {
  (( EUID == 0 )) || return 0
  if getent passwd postgres >/dev/null; then
    run_user=postgres
    return 0
  fi
  run_user=mercado-test
  if ! getent passwd "$run_user" >/dev/null; then
    say "creating system user $run_user"
    # A concurrent start may have created it meanwhile.
    useradd --system --no-create-home --shell /usr/sbin/nologin "$run_user" \
      || getent passwd "$run_user" >/dev/null || die "could not create user $run_user"
  fi
}

start_failed() {
  local status=$?
  (( status == 0 )) && return 0
  # A leaked postmaster outlives the test run and holds its port; the logs are worth keeping.
  stop_servers || true
  say "start failed; logs are kept in $dir, remove it with: $0 stop $dir"
  exit "$status"
}

cmd_start() {
  [[ ! -e $dir || -d $dir ]] || die "$dir exists and is not a directory"
  if [[ -d $dir && -n $(ls -A -- "$dir") ]]; then die "$dir exists and is not empty"; fi
  local parent
  parent=$(dirname -- "$dir")
  # Parents are not created: nothing outside DIR is to be touched.
  [[ -d $parent ]] || die "$parent does not exist"
  # The socket path (DIR/sockets/.s.PGSQL.NNNNN) must fit sockaddr_un.sun_path (108 bytes with
  # the NUL), checked here with some margin: PostgreSQL would fail late and cryptically.
  (( ${#sock} + 15 < 100 )) || die "$dir is too long for a unix socket path (at most 76 characters, e.g. under /tmp)"
  [[ -x $PGBIN/initdb ]] || die "no PostgreSQL binaries in $PGBIN (Debian package postgresql-15)"

  pick_run_user
  if (( EUID == 0 )) && ! runuser -u "$run_user" -- test -x "$parent"; then
    die "user $run_user cannot enter $parent (it or one of its parents lacks search permission for others, as /root does); choose a DIR under /tmp"
  fi

  mkdir -p -- "$dir"
  trap start_failed EXIT
  trap 'exit 130' INT TERM
  : >"$dir/$MARKER"
  if (( EUID == 0 )); then chown -R -- "$run_user:" "$dir"; fi
  chmod 700 -- "$dir"
  as_run test -w "$dir" || die "user $run_user cannot write to $dir"
  as_run mkdir -m 700 -- "$sock"

  say "initdb in $dir/primary (as $run_user)"
  local password locale=C
  # Hex, so the password needs no escaping in a URL or a conninfo string.
  password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  [[ ${#password} == 32 ]] || die "could not read /dev/urandom"
  printf '%s' "$password" | put "$dir/password" 600
  # C.UTF-8: byte-order collation like C, yet upper()/lower() and regexes know non-ASCII letters.
  if locale -a 2>/dev/null | grep -ix 'c\.utf-\?8' >/dev/null; then locale=C.UTF-8; fi
  # --no-sync only skips initdb's final flush to disk, which matters for a power loss, not for
  # the kill -9 tests (the page cache survives those); the servers themselves run fsync = on.
  if ! as_run "$PGBIN/initdb" -D "$dir/primary" -U "$ROLE" --pwfile="$dir/password" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale="$locale" --no-sync \
    >>"$dir/setup.log" 2>&1; then
    tail -n 40 -- "$dir/setup.log" >&2
    die "initdb failed"
  fi
  put "$dir/primary/pg_hba.conf" 600 <<'EOF'
# Written by scripts/pg-test-cluster.sh: the servers listen on 127.0.0.1 and their own socket
# folder only.
local all         all                trust
host  all         all  127.0.0.1/32  scram-sha-256
host  replication all  127.0.0.1/32  scram-sha-256
EOF
  printf "\ninclude '%s'\n" "$CONF" | as_run tee -a -- "$dir/primary/postgresql.conf" >/dev/null

  local server_port primary_port replica_port
  say "starting the primary"
  start_server primary
  primary_port=$server_port

  say "pg_basebackup into $dir/replica"
  # -R writes primary_conninfo (with the password, so the replica can reconnect after
  # restart-primary) and standby.signal; the slot keeps the primary from recycling WAL the
  # replica has not received yet, however much a test writes. --no-sync: as for initdb.
  if ! PGPASSWORD=$password as_run "$PGBIN/pg_basebackup" -D "$dir/replica" -h 127.0.0.1 \
    -p "$primary_port" -U "$ROLE" -X stream -c fast -R -C -S mercado_replica --no-sync \
    >>"$dir/setup.log" 2>&1; then
    tail -n 40 -- "$dir/setup.log" >&2
    die "pg_basebackup failed"
  fi

  say "starting the replica"
  start_server replica
  replica_port=$server_port
  wait_streaming

  local lines=(
    "MERCADO_TEST_PG_PRIMARY=postgresql://$ROLE:$password@127.0.0.1:$primary_port/postgres"
    "MERCADO_TEST_PG_REPLICA=postgresql://$ROLE:$password@127.0.0.1:$replica_port/postgres"
    "MERCADO_TEST_PG_DIR=$dir"
  )
  printf '%s\n' "${lines[@]}" | put "$dir/env" 644
  trap - EXIT INT TERM
  say "primary on port $primary_port, replica on port $replica_port"
  printf '%s\n' "${lines[@]}" >&3
}

cmd_stop() {
  if [[ ! -e $dir ]]; then
    say "$dir does not exist; nothing to stop"
    return 0
  fi
  [[ -d $dir ]] || die "$dir is not a directory"
  if [[ ! -e $dir/$MARKER && -n $(ls -A -- "$dir") ]]; then
    die "refusing to remove $dir: it was not made by $0 (no $MARKER in it)"
  fi
  adopt_owner
  local status=0
  stop_servers || status=1
  rm -rf -- "$dir"
  return "$status"
}

require_cluster() {
  [[ -e $dir/$MARKER && -d $dir/primary ]] || die "$dir holds no cluster made by $0"
  adopt_owner
}

cmd_kill_primary() {
  require_cluster
  local pid_file=$dir/primary/postmaster.pid pid
  postmaster_alive "$dir/primary" || die "the primary is not running"
  read -r pid <"$pid_file"
  kill -KILL "$pid"
  # A real crash takes the backends along; left alone they would keep serving their open
  # connections until they notice, and restart-primary would refuse while they hold the
  # shared memory.
  kill_leftovers "$dir/primary"
  say "killed the primary (postmaster pid $pid)"
}

cmd_restart_primary() {
  require_cluster
  local server_port port
  if postmaster_alive "$dir/primary"; then die "the primary is already running"; fi
  # The port stays: callers hold connection URLs with it.
  port=$(port_of "$dir/primary")
  # What a crash leaves behind: once no process of the primary lives (kill_leftovers), its lock
  # files (the data directory's and the socket's) are stale, and only stand in the way while
  # the dead postmaster lingers as a zombie (see postmaster_alive).
  kill_leftovers "$dir/primary"
  as_run rm -f -- "$dir/primary/postmaster.pid" "$sock/.s.PGSQL.$port.lock"
  start_server primary "$port"
  if postmaster_alive "$dir/replica"; then wait_streaming; fi
  say "the primary is back on port $server_port"
}

case $command in
  start) cmd_start ;;
  stop) cmd_stop ;;
  kill-primary) cmd_kill_primary ;;
  restart-primary) cmd_restart_primary ;;
  *) usage ;;
esac
