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
# Written by the first `up`: `down --purge` runs rm -rf, possibly as root, on a path it was given,
# and only trusts directories that carry this mark.
MARKER=.mercado-cluster

# Anything meant for stdout goes to fd 3; every tool's chatter lands on stderr, which keeps
# stdout to the one line a caller parses.
exec 3>&1 1>&2

# libpq reads PGHOST, PGPORT, PGPASSWORD, PGSSLMODE, ... from the environment; the caller's
# values would quietly redirect or alter psql, Patroni and Mercado's connections.
while read -r var; do unset "$var"; done < <(compgen -e | grep '^PG' || true)

# The parts, in scripts/cluster/ next to this file (probe.py is run by common.sh's probe()).
# shellcheck source-path=SCRIPTDIR source=cluster/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/cluster/common.sh"
# shellcheck source-path=SCRIPTDIR source=cluster/database.sh
. "$(dirname "${BASH_SOURCE[0]}")/cluster/database.sh"
# shellcheck source-path=SCRIPTDIR source=cluster/balancer.sh
. "$(dirname "${BASH_SOURCE[0]}")/cluster/balancer.sh"
# shellcheck source-path=SCRIPTDIR source=cluster/apps.sh
. "$(dirname "${BASH_SOURCE[0]}")/cluster/apps.sh"

usage() {
  say "usage: $0 up [--dir DIR] [--port P] [--instances N] [--replicas R] [--profile sandbox|production]"
  say "       $0 status [--dir DIR]"
  say "       $0 down [--dir DIR] [--purge]"
  exit 2
}

# ---------------------------------------------------------------------------------------------
# Options.
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
