#!/usr/bin/env bash
# Does password hashing stall other requests? Runs `wrk` on GET /api/v1/products/1 alone
# (baseline) and while login_storm.py sends RATE logins per second (storm), alternately for
# ROUNDS rounds, and prints the medians: GET req/s, p50, p99, and the logins' own latency.
# Settings (environment): MERCADO_BIN (default: the Release build in build-release/),
# THREADS (2), RATE (50), DURATION (10 s), ROUNDS (3), CONNECTIONS (16).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
ensure_mercado_bin
THREADS=${THREADS:-2} RATE=${RATE:-50} DURATION=${DURATION:-10} ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "login_storm: install wrk (apt-get install wrk)" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mercado-storm.XXXXXX")
RESULTS=$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)-login-storm
mkdir -p "$RESULTS"
MERCADO_PID='' STORM_PID=''
cleanup() {
  local status=$?
  for pid in $STORM_PID $MERCADO_PID; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT && trap 'exit 143' TERM

"$MERCADO_BIN" serve --host 127.0.0.1 --port 0 --db "sqlite:$TMP/bench.db" --profile sandbox \
  --threads "$THREADS" --rate-limit 1000000 --access-log off 2>"$TMP/mercado.log" &
MERCADO_PID=$!
for _ in {1..100}; do grep -q '"msg":"listening"' "$TMP/mercado.log" && break; sleep 0.1; done
PORT=$(sed -nE '/"msg":"listening"/ s/.*"port":"([0-9]+)".*/\1/p' "$TMP/mercado.log" | head -n1)
[[ -n $PORT ]] || { echo "login_storm: mercado did not start: $(cat "$TMP/mercado.log")" >&2; exit 1; }
URL=http://127.0.0.1:$PORT/api/v1/products/1

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[^m]s$/) n *= 1000; printf "%.2f", n }'; }
# Appends "req/s p50 p99" of one wrk output to a .tsv.
record() {
  local out=$1 tsv=$2
  ! grep -q 'Non-2xx' "$out" || { echo "login_storm: errors in $out" >&2; exit 1; }
  printf '%s\t%s\t%s\n' "$(awk '/^Requests\/sec:/ { print $2 }' "$out")" \
    "$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")" \
    "$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")" >>"$tsv"
}
wrk -t1 -c"$CONNECTIONS" -d2s "$URL" >/dev/null  # warm-up
for round in $(seq 1 "$ROUNDS"); do
  order="baseline storm"
  ((round % 2)) || order="storm baseline"
  for kind in $order; do
    out=$RESULTS/${kind}_r$round.txt
    if [[ $kind == storm ]]; then
      /usr/bin/python3 "$BENCH_DIR/login_storm.py" "$PORT" "$RATE" "$DURATION" >"$RESULTS/logins_r$round.json" &
      STORM_PID=$!
    fi
    wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$URL" >"$out"
    record "$out" "$TMP/$kind.tsv"
    if [[ $kind == storm ]]; then
      wait "$STORM_PID" && STORM_PID=''
      python3 -c 'import json,sys; r = json.load(open(sys.argv[1])); sys.exit(r["ok"] != r["sent"])' \
        "$RESULTS/logins_r$round.json" || { echo "login_storm: failed logins: $(cat "$RESULTS/logins_r$round.json")" >&2; exit 1; }
    fi
  done
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column_median() { cut -f"$2" "$TMP/$1.tsv" | median; }
logins_median() { cat "$RESULTS"/logins_r*.json | python3 -c "import json,sys,statistics as s; print(s.median(json.loads(l)['$1'] for l in sys.stdin))"; }
{
  echo "| GET /api/v1/products/1 (wrk -c$CONNECTIONS, ${DURATION}s, median of $ROUNDS) | req/s | p50 ms | p99 ms |"
  echo "|---|---|---|---|"
  echo "| alone | $(column_median baseline 1) | $(column_median baseline 2) | $(column_median baseline 3) |"
  echo "| with $RATE logins/s | $(column_median storm 1) | $(column_median storm 2) | $(column_median storm 3) |"
  echo
  echo "logins: $(logins_median rate)/s achieved, p50 $(logins_median p50_ms) ms, p99 $(logins_median p99_ms) ms"
} | tee "$RESULTS/summary.md"
