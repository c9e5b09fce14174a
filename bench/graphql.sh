#!/usr/bin/env bash
# GraphQL beside REST, on one machine, in one run: the same two reads — product 1
# ({ product(id: 1) { id title price } }) and 10 products with their categories
# ({ products(limit: 10) { id title price category { id name } } }) — as GraphQL POSTs to
# /graphql and as REST GETs (/api/v1/products/1, /api/v1/products?limit=10), and nginx serving
# the very bytes of each of the four answers (the ceiling). wrk runs on every target in turn,
# ROUNDS times (the order flipped every other round so drift cancels out). Reported: medians,
# each target's req/s as a share of its nginx ceiling, and GraphQL's as a share of REST's
# (target: at least 50%) as the median of the rounds' ratios, since the two runs of a round
# follow each other and so share whatever else the machine was doing then. Traffic goes to
# 127.0.0.1 only, and settings that would run wrk longer than MAX_SECONDS are refused. Raw wrk
# outputs, logs and the table go to bench/results/graphql-<timestamp>/ (git-ignored); every
# process it starts is stopped on exit, failure and Ctrl-C included.
# Settings (environment): MERCADO_BIN (default: a Release build in build-release/, made or
# brought up to date first), THREADS (2; mercado threads and nginx workers), DURATION (5 s per
# wrk run), ROUNDS (3), WARMUP (1 s per target), CONNECTIONS (64), MAX_SECONDS (300),
# MERCADO_BENCH_INSTALL=1 (as root: apt-get install missing tools), TMPDIR. MERCADO_* variables
# reach mercado: MERCADO_READ_CACHE=off measures both without their answers kept in memory.
# Exits non-zero on any error, any response other than a 200, or a GraphQL
# answer with errors; a MISS is reported, not an error.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
THREADS=${THREADS:-2}
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-1}
CONNECTIONS=${CONNECTIONS:-64}
MAX_SECONDS=${MAX_SECONDS:-300}

die() { echo "bench: ERROR: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

NAMES=(m_rest_product m_gql_product n_rest_product n_gql_product
  m_rest_list m_gql_list n_rest_list n_gql_list)
planned=$((${#NAMES[@]} * (WARMUP + ROUNDS * DURATION)))
((planned <= MAX_SECONDS)) ||
  die "DURATION=$DURATION ROUNDS=$ROUNDS WARMUP=$WARMUP would run wrk for ${planned}s," \
    "over MAX_SECONDS=$MAX_SECONDS"

# --- Tools. nginx lives in /usr/sbin, which a non-root PATH may lack. -------------------
export PATH=$PATH:/usr/sbin:/sbin
missing=() # Debian package names; nginx comes from nginx-light
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || missing+=("${tool/#nginx/nginx-light}")
done
if ((${#missing[@]})); then
  if [[ ${MERCADO_BENCH_INSTALL:-0} == 1 && $EUID == 0 ]]; then
    note "installing ${missing[*]}"
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    die "missing tools; install them with: apt-get install ${missing[*]}" \
      "(or rerun as root with MERCADO_BENCH_INSTALL=1 to let this script do it)"
  fi
fi
ensure_mercado_bin
[[ -x $MERCADO_BIN ]] || die "no mercado binary at $MERCADO_BIN (build it, or set MERCADO_BIN)"

# --- Workspace and cleanup. --------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mercado-bench-graphql.XXXXXX")
RESULTS=$BENCH_DIR/results/graphql-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RESULTS" "$TMP/nginx/html"
MERCADO_PID='' NGINX_PID='' CHILD_PID=''
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg) # anything else busy skews every figure
STARTED=$SECONDS

# Stops one process we started: TERM, up to 5 s of grace, then KILL.
trap bench_cleanup EXIT
trap 'exit 130' INT && trap 'exit 143' TERM # so that bench_cleanup runs on these too

# --- 1. mercado, as run.sh starts it: every feature on, the rate limit checked but never hit. --
start_mercado

# --- 2. The scenarios, and the same bytes from nginx. ---------------------------------------
declare -A METHOD PATH_OF BODY SCENARIO
gql_body() { printf '{"query":"%s"}' "$1"; }
for page in product list; do
  METHOD[rest_$page]=GET METHOD[gql_$page]=POST
  SCENARIO[rest_$page]=$page SCENARIO[gql_$page]=$page
  PATH_OF[gql_$page]=/graphql BODY[rest_$page]=''
done
PATH_OF[rest_product]=/api/v1/products/1
PATH_OF[rest_list]='/api/v1/products?limit=10'
BODY[gql_product]=$(gql_body '{ product(id: 1) { id title price } }')
BODY[gql_list]=$(gql_body '{ products(limit: 10) { id title price category { id name } } }')

# fetch KIND BASE_URL: the answer's body on stdout; fails on any status but 200.
fetch() {
  local kind=$1 base=$2 args=(-sS --fail -H "X-Bench-Scenario: ${SCENARIO[$1]}")
  [[ ${METHOD[$kind]} == GET ]] ||
    args+=(-X POST -H 'Content-Type: application/json' --data-binary "${BODY[$kind]}")
  curl "${args[@]}" "$base${PATH_OF[$kind]}"
}
NGX=$TMP/nginx
fetch rest_product "$MERCADO_URL" >"$NGX/html/product.json"
fetch rest_list "$MERCADO_URL" >"$NGX/html/list.json"
fetch gql_product "$MERCADO_URL" >"$NGX/html/graphql-product.json"
fetch gql_list "$MERCADO_URL" >"$NGX/html/graphql-list.json"
for file in graphql-product graphql-list; do
  ! grep -q '"errors"' "$NGX/html/$file.json" || die "$file: $(cat "$NGX/html/$file.json")"
done
start_nginx_ceiling "$NGX" "$THREADS" || die "nginx exited at start"
declare -A FILE=([rest_product]=product [rest_list]=list [gql_product]=graphql-product
  [gql_list]=graphql-list)
for kind in rest_product rest_list gql_product gql_list; do # the very same bytes from both
  fetch "$kind" "$NGINX_URL" | cmp -s - "$NGX/html/${FILE[$kind]}.json" ||
    die "nginx does not serve the $kind body"
done

# --- 3. wrk. -------------------------------------------------------------------------------
WARNINGS=()
to_ms() { # wrk's "850.00us", "1.23ms", "1.02s" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
    else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
# run_wrk NAME OUTFILE SECONDS: one wrk run on target NAME ([warmup_]m_KIND or n_KIND), checked,
# with "req/s p50 p99" appended to NAME.tsv.
run_wrk() {
  local name=$1 out=$2 seconds=$3 target=${1#warmup_} kind base=$NGINX_URL
  kind=${target#*_}
  [[ $target == n_* ]] || base=$MERCADO_URL
  run_child "$out" env BENCH_METHOD="${METHOD[$kind]}" BENCH_BODY="${BODY[$kind]}" \
    BENCH_SCENARIO="${SCENARIO[$kind]}" timeout $((seconds + 30)) \
    wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency -s "$BENCH_DIR/graphql.lua" \
    "$base${PATH_OF[$kind]}" || die "wrk failed ($out): $(cat "$out")"
  kill -0 "$MERCADO_PID" 2>/dev/null ||
    die "mercado died during $out: $(tail -n5 "$TMP/mercado.log")"
  kill -0 "$NGINX_PID" 2>/dev/null || die "nginx died during $out"
  local bad line rps p50 p99
  bad=$(sed -nE 's/^bench-bad: ([0-9]+) of .*/\1/p' "$out")
  [[ -n $bad ]] || die "graphql.lua printed no count in $out"
  ((bad == 0)) || die "$bad bad responses in $out; first: $(grep bench-first-bad "$out")"
  if line=$(grep -m1 'Non-2xx or 3xx responses' "$out"); then die "$line in $out"; fi
  if line=$(grep -m1 'Socket errors' "$out"); then WARNINGS+=("$(basename "$out"):$line"); fi
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  [[ -n $rps ]] || die "no Requests/sec in $out"
  printf '%s\t%s\t%s\n' "$rps" "$p50" "$p99" >>"$TMP/$name.tsv"
}

note "mercado on $MERCADO_URL, nginx on $NGINX_URL; about $((planned + 10))s of wrk"
for name in "${NAMES[@]}"; do run_wrk "warmup_$name" "$RESULTS/warmup_$name.txt" "$WARMUP"; done
rm -f "$TMP"/warmup_*.tsv
for round in $(seq 1 "$ROUNDS"); do
  order=("${NAMES[@]}")
  if ((round % 2 == 0)); then
    order=()
    for ((i = ${#NAMES[@]} - 1; i >= 0; i--)); do order+=("${NAMES[$i]}"); done
  fi
  for name in "${order[@]}"; do
    note "round $round/$ROUNDS: $name (${DURATION}s)"
    run_wrk "$name" "$RESULTS/${name}_r$round.txt" "$DURATION"
  done
done

# --- 4. Report. -----------------------------------------------------------------------------
middle() { # the median of the numbers on stdin, one a line
  sort -g |
    awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
median() { cut -f"$2" "$TMP/$1.tsv" | middle; } # column $2 of $TMP/$1.tsv
judge() { awk -v v="$1" -v t="$2" 'BEGIN { print (v >= t) ? "PASS" : "MISS" }'; }
percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }

declare -A RPS P50 P99 SPREAD
for name in "${NAMES[@]}"; do
  RPS[$name]=$(median "$name" 1) P50[$name]=$(median "$name" 2) P99[$name]=$(median "$name" 3)
  SPREAD[$name]=$(sort -g "$TMP/$name.tsv" |
    awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.0f-%.0f", lo, hi }')
done
declare -A LABEL=([rest_product]="REST GET product 1" [gql_product]="GraphQL product 1"
  [rest_list]="REST GET list of 10" [gql_list]="GraphQL list of 10 + categories")
misses=0
{
  echo "Mercado GraphQL benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs" \
    "($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo))"
  echo "NOTE: wrk, nginx and mercado all share these $(nproc) cores (no pinning), and so does"
  echo "      whatever else runs on the machine; compare ratios, not absolute figures."
  echo "mercado: $MERCADO_BIN ($BIN_ID), --threads $THREADS, sandbox," \
    "read cache ${MERCADO_READ_CACHE:-on}, access log ${MERCADO_ACCESS_LOG:-on};"
  echo "nginx: worker_processes $THREADS, serving the bytes of each answer"
  echo "wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency -s graphql.lua, ${WARMUP}s warm-up," \
    "median of $ROUNDS rounds; load average: $LOAD_START at start," \
    "$(cut -d' ' -f1-3 /proc/loadavg) at end; $((SECONDS - STARTED))s in all"
  echo
  printf '%-42s %9s %13s %9s %9s %9s\n' scenario "req/s" "(min-max)" "p50 ms" "p99 ms" "vs nginx"
  for kind in rest_product gql_product rest_list gql_list; do
    for server in m n; do
      name=${server}_$kind
      label="${LABEL[$kind]}, $([[ $server == m ]] && echo mercado || echo nginx)"
      ratio=''
      [[ $server == n ]] || ratio=$(percent "${RPS[m_$kind]}" "${RPS[n_$kind]}")%
      printf '%-42s %9.0f %13s %9.3f %9.3f %9s\n' "$label" "${RPS[$name]}" "(${SPREAD[$name]})" \
        "${P50[$name]}" "${P99[$name]}" "$ratio"
    done
  done
  echo
  echo "Targets (mercado's GraphQL req/s as a share of its REST req/s for the same read, the"
  echo "median of the rounds' ratios):"
  for page in product list; do
    share=$(paste "$TMP/m_gql_$page.tsv" "$TMP/m_rest_$page.tsv" |
      awk '{ print 100 * $1 / $4 }' | middle | xargs printf '%.1f')
    verdict=$(judge "$share" 50)
    [[ $verdict == PASS ]] || misses=$((misses + 1))
    printf '  %-48s %-8s %s\n' "${LABEL[gql_$page]} >= 50% of REST" "$share%" "$verdict"
  done
  echo
  echo "$misses target(s) missed. Bad responses: none (the run fails on any)."
  awk '$1 > 0.5 { print "warning: load average " $1 " before the run: the CPUs were not idle" }' \
    <<<"$LOAD_START"
  for warning in "${WARNINGS[@]}"; do echo "warning: $warning"; done
  grep -E '"level":"(warn|error)"' "$TMP/mercado.log" | sed 's/^/mercado log: /' | head -n 20 || true
  echo "Raw outputs: $RESULTS"
} | tee "$RESULTS/summary.txt"
