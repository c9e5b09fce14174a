# shellcheck shell=bash
# Sourced by scripts/cluster.sh: the database side. etcd, Patroni's configuration and nodes,
# the postmasters of the data directories, the waits for a leader and for streaming replicas,
# and the mercado role and database.

PGBIN=/usr/lib/postgresql/15/bin

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
