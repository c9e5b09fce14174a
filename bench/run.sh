#!/usr/bin/env bash
# Mercado's throughput and memory benchmark, on one machine, in one run:
#   1. starts mercado (sandbox profile, fresh SQLite file) on a free port;
#   2. saves the exact bodies of GET product 1 and GET the first 10 products and serves
#      them from nginx (a temporary config and prefix) as the ceiling to compare with;
#   3. runs wrk against mercado and nginx alternately, ROUNDS times, plus a POST scenario,
#      and takes the median of each figure;
#   4. reads mercado's RSS idle, after the load, and while it holds 5,000 keep-alive
#      connections;
#   5. prints a table with the targets marked PASS/MISS; raw wrk outputs, logs and the
#      table go to bench/results/<timestamp>/ (git-ignored).
# Every process it starts is stopped on exit, failure or Ctrl-C included.
#
# Settings (environment): MERCADO_BIN (default build/mercado), THREADS (2; mercado threads
# and nginx workers), DURATION (10 s per wrk run), ROUNDS (3), WARMUP (2 s per target),
# CONNECTIONS (64 for wrk), IDLE_CONNS (5000), MERCADO_BENCH_INSTALL=1 (as root: apt-get
# install the missing tools). Exits non-zero on any error or non-2xx response; a MISS
# is reported, not an error.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(dirname "$BENCH_DIR")
MERCADO_BIN=${MERCADO_BIN:-$ROOT_DIR/build/mercado}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-2}
CONNECTIONS=${CONNECTIONS:-64}
IDLE_CONNS=${IDLE_CONNS:-5000}
POST_BODY_NOTE='POST /api/v1/products (bench/post.lua)'

die() { echo "bench: ERROR: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

# --- Tools. nginx lives in /usr/sbin, which a non-root PATH may lack. -------------------
export PATH=$PATH:/usr/sbin:/sbin
missing=()
for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
  if [[ ${MERCADO_BENCH_INSTALL:-0} == 1 && $EUID == 0 ]]; then
    note "installing wrk nginx-light curl python3"
    apt-get update -qq && apt-get install -y -qq wrk nginx-light curl python3 >/dev/null
  else
    die "missing: ${missing[*]}. Install them: apt-get install wrk nginx-light curl python3" \
      "(or rerun as root with MERCADO_BENCH_INSTALL=1)"
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

# Stops one process we started: TERM, up to 5 s of grace, then KILL.
stop_pid() {
  local pid=$1
  if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then return 0; fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in {1..50}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local status=$?
  stop_pid "$CHILD_PID"
  stop_pid "$NGINX_PID"
  stop_pid "$MERCADO_PID"
  cp "$TMP/mercado.log" "$RESULTS/" 2>/dev/null || true
  cp "$TMP/nginx/error.log" "$RESULTS/nginx-error.log" 2>/dev/null || true
  rm -rf "$TMP"
  ((status == 0)) || echo "bench: FAILED (exit $status); outputs so far: $RESULTS" >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
mib() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
# A free TCP port on 127.0.0.1 (the kernel's pick; released just before nginx binds it).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- 1. mercado. -------------------------------------------------------------------------
"$MERCADO_BIN" serve --host 127.0.0.1 --port 0 --db "sqlite:$TMP/bench.db" \
  --profile sandbox --threads "$THREADS" 2>"$TMP/mercado.log" &
MERCADO_PID=$!
for _ in {1..100}; do
  grep -q '"msg":"listening"' "$TMP/mercado.log" && break
  kill -0 "$MERCADO_PID" 2>/dev/null || die "mercado exited at start: $(cat "$TMP/mercado.log")"
  sleep 0.1
done
PORT=$(sed -nE '/"msg":"listening"/ s/.*"port":"([0-9]+)".*/\1/p' "$TMP/mercado.log" | head -n1)
[[ -n $PORT ]] || die "mercado did not report its port: $(cat "$TMP/mercado.log")"
MERCADO_URL=http://127.0.0.1:$PORT
sleep 1
RSS_IDLE=$(rss_kb "$MERCADO_PID") # before any request

# --- 2. The same bytes, from nginx. ---------------------------------------------------------
NGX=$TMP/nginx
curl -sS --fail -o "$NGX/html/product.json" "$MERCADO_URL/api/v1/products/1"
curl -sS --fail -o "$NGX/html/list.json" "$MERCADO_URL/api/v1/products?offset=0&limit=10"
NGINX_PORT=$(free_port)
temp_paths="client_body_temp_path $NGX/body;"
for module in proxy fastcgi uwsgi scgi; do # only those this nginx was built with
  nginx -V 2>&1 | grep -q -- "--without-http_${module}_module" ||
    temp_paths+=" ${module}_temp_path $NGX/$module;"
done
user_line='' # as root, workers would switch to nobody, who cannot read our 0700 $TMP
[[ $EUID == 0 ]] && user_line='user root;'
sed -e "s|@PREFIX@|$NGX|g" -e "s|@WORKERS@|$THREADS|g" -e "s|@PORT@|$NGINX_PORT|g" \
  -e "s|@USER_LINE@|$user_line|" -e "s|@TEMP_PATHS@|    $temp_paths|" \
  "$BENCH_DIR/nginx.conf.in" >"$NGX/nginx.conf"
nginx -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log" -g 'daemon off;' 2>"$NGX/stderr.log" &
NGINX_PID=$!
NGINX_URL=http://127.0.0.1:$NGINX_PORT
for _ in {1..50}; do
  curl -s -o /dev/null "$NGINX_URL/api/v1/products/1" && break
  kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited at start: $(cat "$NGX/stderr.log" "$NGX/error.log")"
  sleep 0.1
done
# Both servers must return the very same bytes.
curl -sS --fail "$NGINX_URL/api/v1/products/1" | cmp -s - "$NGX/html/product.json" ||
  die "nginx does not serve the product body"
curl -sS --fail "$NGINX_URL/api/v1/products?offset=0&limit=10" | cmp -s - "$NGX/html/list.json" ||
  die "nginx does not serve the list body"

# --- 3. wrk. -------------------------------------------------------------------------------
WARNINGS=()
to_ms() { # wrk's "850.00us", "1.23ms", "1.02s" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
    else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
# run_wrk NAME OUTFILE SECONDS URL [wrk args]: runs wrk in the background (so a signal
# reaches our trap at once), checks it, and appends "req/s p50 p99" to NAME.tsv.
run_wrk() {
  local name=$1 out=$2 seconds=$3 url=$4
  shift 4
  wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency "$@" "$url" >"$out" 2>&1 &
  CHILD_PID=$!
  wait "$CHILD_PID" || die "wrk failed ($out): $(cat "$out")"
  CHILD_PID=''
  kill -0 "$MERCADO_PID" 2>/dev/null || die "mercado died during $out: $(tail -n5 "$TMP/mercado.log")"
  kill -0 "$NGINX_PID" 2>/dev/null || die "nginx died during $out"
  if grep -q 'Non-2xx or 3xx responses' "$out"; then
    die "$(grep 'Non-2xx or 3xx responses' "$out") in $out"
  fi
  if [[ $name == *m_post ]]; then
    local bad
    bad=$(sed -nE 's/^bench-non2xx: ([0-9]+) of .*/\1/p' "$out")
    [[ -n $bad ]] || die "post.lua printed no count in $out"
    ((bad == 0)) || die "$bad non-2xx POST responses in $out; first: $(grep bench-first "$out")"
  fi
  if grep -q 'Socket errors' "$out"; then
    WARNINGS+=("$(basename "$out"): $(grep 'Socket errors' "$out" | sed 's/^ *//')")
  fi
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  [[ -n $rps ]] || die "no Requests/sec in $out"
  printf '%s\t%s\t%s\n' "$rps" "$p50" "$p99" >>"$TMP/$name.tsv"
}

declare -A URL=(
  [m_product]=$MERCADO_URL/api/v1/products/1 [n_product]=$NGINX_URL/api/v1/products/1
  [m_list]="$MERCADO_URL/api/v1/products?offset=0&limit=10"
  [n_list]="$NGINX_URL/api/v1/products?offset=0&limit=10"
  [m_post]=$MERCADO_URL/api/v1/products
)

note "mercado on $MERCADO_URL, nginx on $NGINX_URL; warming up (${WARMUP}s per target)"
for name in m_product n_product m_list n_list m_post; do
  extra=()
  if [[ $name == m_post ]]; then extra=(-s "$BENCH_DIR/post.lua"); fi
  run_wrk "warmup_$name" "$RESULTS/warmup_$name.txt" "$WARMUP" "${URL[$name]}" "${extra[@]}"
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
      run_wrk "$name" "$RESULTS/${name}_r$round.txt" "$DURATION" "${URL[$name]}"
    done
  done
done
for round in $(seq 1 "$ROUNDS"); do
  note "round $round/$ROUNDS: m_post (${DURATION}s)"
  run_wrk m_post "$RESULTS/m_post_r$round.txt" "$DURATION" "${URL[m_post]}" -s "$BENCH_DIR/post.lua"
done
RSS_LOADED=$(rss_kb "$MERCADO_PID")

# --- 4. RSS while holding idle keep-alive connections (after the load: the worst case). ---
note "opening $IDLE_CONNS keep-alive connections"
python3 "$BENCH_DIR/hold_connections.py" 127.0.0.1 "$PORT" "$IDLE_CONNS" "$MERCADO_PID" \
  >"$RESULTS/hold_connections.txt" 2>&1 &
CHILD_PID=$!
wait "$CHILD_PID" || die "holding $IDLE_CONNS connections failed: $(cat "$RESULTS/hold_connections.txt")"
CHILD_PID=''
RSS_CONNS=$(sed -nE 's/.*rss_kb=([0-9]+).*/\1/p' "$RESULTS/hold_connections.txt")
[[ -n $RSS_CONNS ]] || die "no RSS figure in $RESULTS/hold_connections.txt"
kill -0 "$MERCADO_PID" 2>/dev/null || die "mercado died while holding connections"

# --- 5. Report. -----------------------------------------------------------------------------
median() { # column $2 of $TMP/$1.tsv
  cut -f"$2" "$TMP/$1.tsv" | sort -g |
    awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
judge() { awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { print ((op == ">=") ? v >= t : v < t) ? "PASS" : "MISS" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }

declare -A RPS P50 P99
for name in m_product n_product m_list n_list m_post; do
  RPS[$name]=$(median "$name" 1) P50[$name]=$(median "$name" 2) P99[$name]=$(median "$name" 3)
done
declare -A LABEL=([m_product]="GET product 1, mercado" [n_product]="GET product 1, nginx"
  [m_list]="GET list of 10, mercado" [n_list]="GET list of 10, nginx" [m_post]="POST product, mercado")
product_ratio=$(ratio "${RPS[m_product]}" "${RPS[n_product]}")
list_ratio=$(ratio "${RPS[m_list]}" "${RPS[n_list]}")
misses=0
target() { # description, measured, verdict
  printf '  %-44s %-18s %s\n' "$1" "$2" "$3"
  [[ $3 == PASS ]] || misses=$((misses + 1))
}

{
  echo "Mercado benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo))"
  echo "NOTE: wrk, nginx and mercado share these $(nproc) cores, so absolute figures are lower than on"
  echo "      a dedicated machine; the ratios to nginx are the meaningful part."
  echo "mercado: $MERCADO_BIN, --threads $THREADS; nginx: worker_processes $THREADS"
  echo "wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency, ${WARMUP}s warm-up, median of $ROUNDS rounds;" \
    "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  printf '%-26s %12s %9s %9s %9s\n' scenario "req/s" "p50 ms" "p99 ms" "vs nginx"
  for name in m_product n_product m_list n_list m_post; do
    case $name in m_product) r=$product_ratio ;; m_list) r=$list_ratio ;; *) r='' ;; esac
    printf '%-26s %12.0f %9.3f %9.3f %9s\n' "${LABEL[$name]}" "${RPS[$name]}" "${P50[$name]}" "${P99[$name]}" "$r"
  done
  echo
  printf '%-40s %10s\n' "mercado RSS (VmRSS)" "MiB"
  printf '%-40s %10s\n' "idle, after start" "$(mib "$RSS_IDLE")"
  printf '%-40s %10s\n' "after the wrk runs (informative)" "$(mib "$RSS_LOADED")"
  printf '%-40s %10s   (%s)\n' "holding $IDLE_CONNS keep-alive connections" "$(mib "$RSS_CONNS")" \
    "$(cat "$RESULTS/hold_connections.txt")"
  echo
  echo "Targets:"
  target "product by id >= 60% of nginx req/s" "$product_ratio" \
    "$(judge "${RPS[m_product]}" ">=" "$(awk -v n="${RPS[n_product]}" 'BEGIN { print 0.6 * n }')")"
  target "list of 10 >= 40% of nginx req/s" "$list_ratio" \
    "$(judge "${RPS[m_list]}" ">=" "$(awk -v n="${RPS[n_list]}" 'BEGIN { print 0.4 * n }')")"
  for name in m_product m_list m_post; do
    target "p99 < 5 ms, ${LABEL[$name]%, mercado}" "${P99[$name]} ms" "$(judge "${P99[$name]}" "<" 5)"
  done
  target "$POST_BODY_NOTE >= 5,000/s" "$(printf '%.0f' "${RPS[m_post]}")/s" "$(judge "${RPS[m_post]}" ">=" 5000)"
  target "RSS idle < 30 MiB" "$(mib "$RSS_IDLE") MiB" "$(judge "$RSS_IDLE" "<" $((30 * 1024)))"
  target "RSS with $IDLE_CONNS connections < 100 MiB" "$(mib "$RSS_CONNS") MiB" \
    "$(judge "$RSS_CONNS" "<" $((100 * 1024)))"
  echo
  echo "$misses target(s) missed. Non-2xx responses: none (the run fails on any)."
  for warning in "${WARNINGS[@]}"; do echo "warning: $warning"; done
  grep -E '"level":"(warn|error)"' "$TMP/mercado.log" | sed 's/^/mercado log: /' | head -n 20 || true
  echo "Raw outputs: $RESULTS"
} | tee "$RESULTS/summary.txt"
