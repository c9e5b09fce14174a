#!/usr/bin/env bash
# Mercado's throughput and memory benchmark, on one machine, in one run: starts mercado
# (sandbox, fresh SQLite file) and nginx serving the very bytes of two of its responses (the
# ceiling); runs wrk on each GET pair alternately ROUNDS times, then a POST scenario, and
# reports medians; reads mercado's RSS idle, after the load and holding 5,000 keep-alive
# connections; prints a table with the targets marked PASS/MISS. Raw wrk outputs, logs and
# the table go to bench/results/<timestamp>/ (git-ignored). Every process it starts is
# stopped on exit, failure and Ctrl-C included.
# Settings (environment): MERCADO_BIN (default: a Release build in build-release/, made or
# brought up to date first), THREADS (2; mercado threads and nginx workers), DURATION (10 s
# per wrk run), ROUNDS (3), WARMUP (2 s per target), CONNECTIONS (64 for wrk), IDLE_CONNS
# (5000), MERCADO_BENCH_INSTALL=1 (as root: apt-get install missing tools), TMPDIR. MERCADO_*
# variables reach mercado: MERCADO_READ_CACHE=off measures reads that go to the database
# every time. Exits non-zero on any error or non-2xx response; a MISS is reported, not an
# error.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
ensure_mercado_bin
THREADS=${THREADS:-2}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-2}
CONNECTIONS=${CONNECTIONS:-64}
IDLE_CONNS=${IDLE_CONNS:-5000}

die() { echo "bench: ERROR: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

# --- Tools. nginx lives in /usr/sbin, which a non-root PATH may lack. -------------------
export PATH=$PATH:/usr/sbin:/sbin
missing=() # Debian package names; nginx comes from nginx-light
for tool in wrk nginx curl python3; do
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
[[ -x $MERCADO_BIN ]] || die "no mercado binary at $MERCADO_BIN (build it, or set MERCADO_BIN)"

# --- Descriptors: the idle-connection test needs one per connection, in mercado too. -----
need_fds=$((IDLE_CONNS + 1024))
if [[ $(ulimit -n) != unlimited ]] && (($(ulimit -n) < need_fds)); then
  ulimit -n "$need_fds" 2>/dev/null || ulimit -n "$(ulimit -Hn)" ||
    die "cannot raise 'ulimit -n' to $need_fds"
  (($(ulimit -n) >= need_fds)) || die "'ulimit -n' is $(ulimit -n), need $need_fds"
fi

# --- Workspace and cleanup. --------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mercado-bench.XXXXXX")
RESULTS=$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RESULTS" "$TMP/nginx/html"
MERCADO_PID='' NGINX_PID='' CHILD_PID=''
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg) # anything else busy skews every figure

# Stops one process we started: TERM, up to 5 s of grace, then KILL.
trap bench_cleanup EXIT
trap 'exit 130' INT && trap 'exit 143' TERM # so that bench_cleanup runs on these too
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
mib() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

# --- 1. mercado. -------------------------------------------------------------------------
# Every feature on, as deployed (access log included, to a file); the rate limit is raised
# above what one wrk client sends, so it is checked on every request but never refuses.
start_mercado
sleep 1
RSS_IDLE=$(rss_kb "$MERCADO_PID") # before any request

# --- 2. The same bytes, from nginx. ---------------------------------------------------------
NGX=$TMP/nginx
declare -A API=([product]=/api/v1/products/1 [list]='/api/v1/products?offset=0&limit=10')
for page in product list; do curl -sS --fail -o "$NGX/html/$page.json" "$MERCADO_URL${API[$page]}"; done
start_nginx_ceiling "$NGX" "$THREADS" || die "nginx exited at start"
for page in product list; do # both servers must return the very same bytes
  curl -sS --fail "$NGINX_URL${API[$page]}" | cmp -s - "$NGX/html/$page.json" ||
    die "nginx does not serve the $page body"
done

# --- 3. wrk. -------------------------------------------------------------------------------
WARNINGS=()
to_ms() { # wrk's "850.00us", "1.23ms", "1.02s" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
    else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
# run_wrk NAME OUTFILE SECONDS: runs wrk on URL[NAME], checks it, and appends
# "req/s p50 p99" to NAME.tsv.
run_wrk() {
  local name=$1 out=$2 seconds=$3 script=()
  [[ $name != *m_post ]] || script=(-s "$BENCH_DIR/post.lua")
  run_child "$out" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency "${script[@]}" \
    "${URL[${name#warmup_}]}" || die "wrk failed ($out): $(cat "$out")"
  kill -0 "$MERCADO_PID" 2>/dev/null || die "mercado died during $out: $(tail -n5 "$TMP/mercado.log")"
  kill -0 "$NGINX_PID" 2>/dev/null || die "nginx died during $out"
  if [[ $name == *m_post ]]; then
    local bad
    bad=$(sed -nE 's/^bench-non2xx: ([0-9]+) of .*/\1/p' "$out")
    [[ -n $bad ]] || die "post.lua printed no count in $out"
    ((bad == 0)) || die "$bad non-2xx POST responses in $out; first: $(grep bench-first "$out")"
  fi
  local line rps p50 p99 # wrk counts statuses >= 400 itself; socket errors are worth a warning
  if line=$(grep -m1 'Non-2xx or 3xx responses' "$out"); then die "$line in $out"; fi
  if line=$(grep -m1 'Socket errors' "$out"); then WARNINGS+=("$(basename "$out"):$line"); fi
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  [[ -n $rps ]] || die "no Requests/sec in $out"
  printf '%s\t%s\t%s\n' "$rps" "$p50" "$p99" >>"$TMP/$name.tsv"
}

declare -A URL=([m_product]=$MERCADO_URL${API[product]} [n_product]=$NGINX_URL${API[product]}
  [m_list]=$MERCADO_URL${API[list]} [n_list]=$NGINX_URL${API[list]} [m_post]=$MERCADO_URL/api/v1/products)

note "mercado on $MERCADO_URL, nginx on $NGINX_URL; warming up (${WARMUP}s per target)"
for name in m_product n_product m_list n_list m_post; do
  run_wrk "warmup_$name" "$RESULTS/warmup_$name.txt" "$WARMUP"
done
rm -f "$TMP"/warmup_*.tsv
# The GET pairs first, each pair alternating (order flipped every other round so drift
# cancels out), then the POSTs, so the rows they add cannot slow a GET round down.
for round in $(seq 1 "$ROUNDS"); do
  for pair in product list; do
    order="m_$pair n_$pair"
    ((round % 2)) || order="n_$pair m_$pair"
    for name in $order; do
      note "round $round/$ROUNDS: $name (${DURATION}s)"
      run_wrk "$name" "$RESULTS/${name}_r$round.txt" "$DURATION"
    done
  done
done
for round in $(seq 1 "$ROUNDS"); do
  note "round $round/$ROUNDS: m_post (${DURATION}s)"
  run_wrk m_post "$RESULTS/m_post_r$round.txt" "$DURATION"
done
RSS_LOADED=$(rss_kb "$MERCADO_PID")

# --- 4. RSS while holding idle keep-alive connections (after the load: the worst case). ---
note "opening $IDLE_CONNS keep-alive connections"
run_child "$RESULTS/hold_connections.txt" \
  python3 "$BENCH_DIR/hold_connections.py" 127.0.0.1 "$PORT" "$IDLE_CONNS" "$MERCADO_PID" ||
  die "holding $IDLE_CONNS connections failed: $(cat "$RESULTS/hold_connections.txt")"
RSS_CONNS=$(sed -nE 's/.*rss_kb=([0-9]+).*/\1/p' "$RESULTS/hold_connections.txt")
[[ -n $RSS_CONNS ]] || die "no RSS figure in $RESULTS/hold_connections.txt"
kill -0 "$MERCADO_PID" 2>/dev/null || die "mercado died while holding connections"

# --- 5. Report. -----------------------------------------------------------------------------
median() { # column $2 of $TMP/$1.tsv
  cut -f"$2" "$TMP/$1.tsv" | sort -g |
    awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
judge() { # VALUE OP TARGET, OP being >= or <
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { print ((op == ">=") ? v >= t : v < t) ? "PASS" : "MISS" }'
}
percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }

declare -A RPS P50 P99 SPREAD
for name in m_product n_product m_list n_list m_post; do
  RPS[$name]=$(median "$name" 1) P50[$name]=$(median "$name" 2) P99[$name]=$(median "$name" 3)
  SPREAD[$name]=$(sort -g "$TMP/$name.tsv" |
    awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.0f-%.0f", lo, hi }')
done
declare -A LABEL=([m_product]="GET product 1, mercado" [n_product]="GET product 1, nginx"
  [m_list]="GET list of 10, mercado" [n_list]="GET list of 10, nginx" [m_post]="POST product, mercado")
product_ratio=$(percent "${RPS[m_product]}" "${RPS[n_product]}")
list_ratio=$(percent "${RPS[m_list]}" "${RPS[n_list]}")
misses=0
target() { # description, measured, verdict
  printf '  %-48s %-14s %s\n' "$1" "$2" "$3"
  [[ $3 == PASS ]] || misses=$((misses + 1))
}

{
  echo "Mercado benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs" \
    "($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo))"
  echo "NOTE: wrk, nginx and mercado all share these $(nproc) cores (no pinning), so absolute figures"
  echo "      are lower than on dedicated machines; the ratios to nginx are the meaningful part."
  echo "mercado: $MERCADO_BIN ($BIN_ID), --threads $THREADS;"
  echo "nginx: worker_processes $THREADS; SQLite file on $(df --output=fstype "$TMP" | tail -n1)"
  echo "wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency, ${WARMUP}s warm-up, median of $ROUNDS rounds;" \
    "load average: $LOAD_START at start, $(cut -d' ' -f1-3 /proc/loadavg) at end"
  echo
  printf '%-26s %9s %13s %9s %9s %9s\n' scenario "req/s" "(min-max)" "p50 ms" "p99 ms" "vs nginx"
  for name in m_product n_product m_list n_list m_post; do
    case $name in m_product) r=$product_ratio% ;; m_list) r=$list_ratio% ;; *) r='' ;; esac
    printf '%-26s %9.0f %13s %9.3f %9.3f %9s\n' "${LABEL[$name]}" "${RPS[$name]}" "(${SPREAD[$name]})" \
      "${P50[$name]}" "${P99[$name]}" "$r"
  done
  echo
  printf '%-42s %8s\n' "mercado RSS (VmRSS)" MiB "idle, after start, before any request" \
    "$(mib "$RSS_IDLE")" "after all the wrk runs (informative)" "$(mib "$RSS_LOADED")" \
    "holding $IDLE_CONNS idle keep-alive connections" "$(mib "$RSS_CONNS")"
  echo "  ($(cat "$RESULTS/hold_connections.txt"))"
  echo
  echo "Targets:"
  target "product by id >= 60% of nginx req/s" "$product_ratio%" "$(judge "$product_ratio" ">=" 60)"
  target "list of 10 >= 40% of nginx req/s" "$list_ratio%" "$(judge "$list_ratio" ">=" 40)"
  for name in m_product m_list m_post; do
    target "p99 < 5 ms, ${LABEL[$name]%, mercado}" "$(printf '%.2f' "${P99[$name]}") ms" \
      "$(judge "${P99[$name]}" "<" 5)"
  done
  target "POST product >= 5,000 req/s" "$(printf '%.0f' "${RPS[m_post]}")/s" \
    "$(judge "${RPS[m_post]}" ">=" 5000)"
  # MB read as 10^6 bytes, the stricter reading: VmRSS is in KiB.
  target "RSS idle < 30 MB (28.6 MiB)" "$(mib "$RSS_IDLE") MiB" "$(judge "$RSS_IDLE" "<" 29296.875)"
  target "RSS with $IDLE_CONNS connections < 100 MB (95.4 MiB)" "$(mib "$RSS_CONNS") MiB" \
    "$(judge "$RSS_CONNS" "<" 97656.25)"
  echo
  echo "$misses target(s) missed. Non-2xx responses: none (the run fails on any)."
  echo "The POST runs (warm-up included) added" \
    "$(awk '/^bench-non2xx:/ { n += $4 } END { print n }' "$RESULTS"/*m_post*.txt)" \
    "products to the 70 seeded ones, all titled \"Bench Product\"."
  awk '$1 > 0.5 { print "warning: load average " $1 " before the run: the CPUs were not idle" }' \
    <<<"$LOAD_START"
  for warning in "${WARNINGS[@]}"; do echo "warning: $warning"; done
  grep -E '"level":"(warn|error)"' "$TMP/mercado.log" | sed 's/^/mercado log: /' | head -n 20 || true
  echo "Raw outputs: $RESULTS"
} | tee "$RESULTS/summary.txt"
