#!/usr/bin/env bash
# Mercado on PostgreSQL beside Mercado on SQLite, in one run on one machine: GET product by id,
# GET a 10-product list (read cache off and on) and POST a product, each a wrk run of DURATION
# seconds, ROUNDS rounds (servers in turn, order rotated every round), medians reported with
# PostgreSQL's figures as a share of SQLite's. PostgreSQL is a throwaway primary + streaming
# replica (scripts/pg-test-cluster.sh) with fsync and synchronous_commit on; Mercado reads from
# the replica. Raw outputs go to bench/results/stores-<timestamp>/ (git-ignored).
# Settings (environment): MERCADO_BIN (default: a Release build in build-release/, made or
# brought up to date first), THREADS (2), DURATION (8), ROUNDS (3), CONNECTIONS (64).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
ensure_mercado_bin
THREADS=${THREADS:-2}
DURATION=${DURATION:-8}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
command -v wrk >/dev/null || { echo "bench: install wrk (apt-get install wrk)" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mercado-stores.XXXXXX")
# Apart from TMP (mode 0700): the servers run as another user, who must enter their folder.
PG_DIR=$(mktemp -u /tmp/mercado-stores-pg.XXXXXX)
RESULTS=$BENCH_DIR/results/stores-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RESULTS"
PIDS=()
cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  bash "$ROOT/scripts/pg-test-cluster.sh" stop "$PG_DIR" >/dev/null 2>&1 || true
  rm -rf "$TMP"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT && trap 'exit 143' TERM

bash "$ROOT/scripts/pg-test-cluster.sh" start "$PG_DIR" >/dev/null
# shellcheck disable=SC1091
source <(sed 's/^/export /' "$PG_DIR/env")
primary=${MERCADO_TEST_PG_PRIMARY%/postgres}
replica=${MERCADO_TEST_PG_REPLICA%/postgres}
psql -qX "$MERCADO_TEST_PG_PRIMARY" -c 'CREATE DATABASE bench_off' -c 'CREATE DATABASE bench_on'
sleep 1  # the replica replays the new databases

declare -A URL
# start NAME CACHE DB [REPLICA]: a sandbox server, its base URL in URL[NAME].
start() {
  local name=$1 cache=$2 db=$3 log=$TMP/$1.log
  local args=(serve --host 127.0.0.1 --port 0 --db "$db" --profile sandbox --threads "$THREADS"
    --rate-limit 1000000 --access-log off --read-cache "$cache")
  [[ -z ${4:-} ]] || args+=(--db-replicas "$4")
  "$MERCADO_BIN" "${args[@]}" 2>"$log" &
  PIDS+=($!)
  for _ in {1..100}; do grep -q '"msg":"listening"' "$log" && break; sleep 0.1; done
  URL[$name]=http://127.0.0.1:$(sed -nE '/"msg":"listening"/ s/.*"port":"([0-9]+)".*/\1/p' "$log")
}
start sqlite_off off "sqlite:$TMP/off.db"
start sqlite_on on "sqlite:$TMP/on.db"
start postgres_off off "$primary/bench_off" "$replica/bench_off"
start postgres_on on "$primary/bench_on" "$replica/bench_on"

declare -A PATHS=([product]=/api/v1/products/1 [list]='/api/v1/products?offset=0&limit=10'
  [post]=/api/v1/products)
# run SERVER SCENARIO ROUND: one wrk run, its req/s appended to SERVER.SCENARIO.
run() {
  local out=$RESULTS/$1.$2.r$3.txt script=()
  [[ $2 != post ]] || script=(-s "$BENCH_DIR/post.lua")
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${script[@]}" "${URL[$1]}${PATHS[$2]}" >"$out"
  ! grep -q 'Non-2xx' "$out" || { echo "bench: errors in $out" >&2; exit 1; }
  awk '/^Requests\/sec:/ { print $2 }' "$out" >>"$TMP/$1.$2"
}
servers=(sqlite_off postgres_off sqlite_on postgres_on)
for name in "${servers[@]}"; do  # warm-up: caches, prepared statements, connections
  for scenario in product list; do
    wrk -t1 -c"$CONNECTIONS" -d2s "${URL[$name]}${PATHS[$scenario]}" >/dev/null
  done
done
for round in $(seq 1 "$ROUNDS"); do
  order=("${servers[@]:round%4}" "${servers[@]:0:round%4}")
  for scenario in product list; do
    for name in "${order[@]}"; do
      echo "bench: round $round/$ROUNDS: $name $scenario" >&2
      run "$name" "$scenario" "$round"
    done
  done
done
# POSTs last, so that the rows they add slow no GET; into the cache-off servers.
for round in $(seq 1 "$ROUNDS"); do
  for name in sqlite_off postgres_off; do
    echo "bench: round $round/$ROUNDS: $name post" >&2
    run "$name" post "$round"
  done
done

median() { sort -g "$TMP/$1" | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
{
  echo "Mercado on PostgreSQL 15 (primary + streaming replica, reads on the replica) beside SQLite,"
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)),"
  echo "everything on these cores; --threads $THREADS; wrk -t1 -c$CONNECTIONS -d${DURATION}s, median of $ROUNDS"
  echo
  printf '%-30s %12s %12s %10s\n' scenario "SQLite req/s" "PG req/s" "PG/SQLite"
  for cache in off on; do
    for scenario in product list; do
      s=$(median "sqlite_$cache.$scenario") p=$(median "postgres_$cache.$scenario")
      printf '%-30s %12.0f %12.0f %10s\n' "GET $scenario, read cache $cache" "$s" "$p" "$(percent "$p" "$s")"
    done
  done
  s=$(median sqlite_off.post) p=$(median postgres_off.post)
  printf '%-30s %12.0f %12.0f %10s\n' "POST product (durable)" "$s" "$p" "$(percent "$p" "$s")"
  echo "Raw outputs: $RESULTS"
} | tee "$RESULTS/summary.txt"
