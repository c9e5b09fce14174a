#!/usr/bin/env bash
# What each hop of the cluster costs, in one run on one machine: GET product by id and GET a
# 10-product list, each through
#   nginx      serving the very bytes Mercado answers (the ceiling of this machine and wrk),
#   direct     one Mercado instance of the cluster, no balancer,
#   haproxy1   HAProxy (the cluster's own settings) in front of that one instance,
#   cluster    the cluster's public port: HAProxy round-robin over every instance,
# all against the cluster of scripts/cluster.sh (PostgreSQL primary + replicas under Patroni,
# memcached, the rate limit on and shared). wrk runs of DURATION seconds, ROUNDS rounds with the
# order rotated each round; medians of req/s and of p99 latency. Raw outputs go to
# bench/results/cluster-<timestamp>/ (git-ignored).
# Settings (environment): MERCADO_BIN (default: a Release build in build-release/),
# INSTANCES (3), REPLICAS (2), DURATION (8), ROUNDS (3), CONNECTIONS (64), PORT (18780).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
ensure_mercado_bin
export MERCADO_BIN
INSTANCES=${INSTANCES:-3}
REPLICAS=${REPLICAS:-2}
DURATION=${DURATION:-8}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18780}
for tool in wrk nginx haproxy curl; do
  command -v "$tool" >/dev/null || PATH=$PATH:/usr/sbin
  command -v "$tool" >/dev/null || { echo "bench: install $tool" >&2; exit 1; }
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mercado-bench-cluster.XXXXXX")
CLUSTER_DIR=$(mktemp -u /tmp/mercado-bench-cluster-dir.XXXXXX)
RESULTS=$BENCH_DIR/results/cluster-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RESULTS" "$TMP/nginx/html"
PIDS=()
cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  bash "$ROOT/scripts/cluster.sh" down --dir "$CLUSTER_DIR" --purge >/dev/null 2>&1 || true
  rm -rf "$TMP"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT && trap 'exit 143' TERM

# --- The cluster, and one of its instances. -----------------------------------------------
MERCADO_RATE_LIMIT=1000000 MERCADO_ACCESS_LOG=off bash "$ROOT/scripts/cluster.sh" up \
  --dir "$CLUSTER_DIR" --port "$PORT" --instances "$INSTANCES" --replicas "$REPLICAS" \
  --profile sandbox >"$TMP/up.txt"
declare -A URL
URL[cluster]=$(tail -n1 "$TMP/up.txt")
app1_port=$(bash "$ROOT/scripts/cluster.sh" status --dir "$CLUSTER_DIR" |
  python3 -c 'import json, sys; print(next(m["port"] for m in map(json.loads, sys.stdin) if m["name"] == "app1"))')
URL[direct]=http://127.0.0.1:$app1_port

# --- HAProxy in front of that one instance, with the cluster's own settings. ----------------
h1_port=$(free_port)
sed -n '/^global/,/^frontend/p' "$CLUSTER_DIR/haproxy.cfg" | sed '$d' |
  grep -v -e 'stats socket' -e '^ *pidfile' >"$TMP/haproxy1.cfg"
cat >>"$TMP/haproxy1.cfg" <<EOF
frontend one
  bind 127.0.0.1:$h1_port
  default_backend app1_only
backend app1_only
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  retry-on conn-failure empty-response response-timeout
  server app1 127.0.0.1:$app1_port check inter 500ms
EOF
haproxy -c -q -f "$TMP/haproxy1.cfg"
haproxy -db -f "$TMP/haproxy1.cfg" >"$TMP/haproxy1.log" 2>&1 &
PIDS+=($!)
URL[haproxy1]=http://127.0.0.1:$h1_port

# --- nginx with the very bytes. -----------------------------------------------------------
NGX=$TMP/nginx
declare -A PATHS=([product]=/api/v1/products/1 [list]='/api/v1/products?offset=0&limit=10')
for page in product list; do curl -sS --fail -o "$NGX/html/$page.json" "${URL[direct]}${PATHS[$page]}"; done
start_nginx_ceiling "$NGX" "$(nproc)"
PIDS+=("$NGINX_PID")
URL[nginx]=$NGINX_URL
for target in haproxy1; do  # its first check passed
  for _ in {1..50}; do curl -s -o /dev/null --fail "${URL[$target]}${PATHS[product]}" && break; sleep 0.1; done
done
for page in product list; do
  for target in nginx haproxy1 cluster; do
    curl -sS --fail "${URL[$target]}${PATHS[$page]}" | cmp -s - "$NGX/html/$page.json" ||
      { echo "bench: $target does not answer the $page bytes of the instance" >&2; exit 1; }
  done
done

# --- wrk. ---------------------------------------------------------------------------------
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
  else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }
run() { # TARGET SCENARIO ROUND
  local out=$RESULTS/$1.$2.r$3.txt
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${URL[$1]}${PATHS[$2]}" >"$out"
  ! grep -qE 'Non-2xx|Socket errors' "$out" || { echo "bench: errors in $out" >&2; exit 1; }
  awk '/^Requests\/sec:/ { print $2 }' "$out" >>"$TMP/$1.$2.rps"
  to_ms "$(awk '$1 == "99%" { print $2 }' "$out")" >>"$TMP/$1.$2.p99"
  echo >>"$TMP/$1.$2.p99"
}
targets=(nginx direct haproxy1 cluster)
for target in "${targets[@]}"; do
  for scenario in product list; do wrk -t1 -c"$CONNECTIONS" -d2s "${URL[$target]}${PATHS[$scenario]}" >/dev/null; done
done
for round in $(seq 1 "$ROUNDS"); do
  order=("${targets[@]:round%4}" "${targets[@]:0:round%4}")
  for scenario in product list; do
    for target in "${order[@]}"; do
      echo "bench: round $round/$ROUNDS: $target $scenario" >&2
      run "$target" "$scenario" "$round"
    done
  done
done

median() { sort -g "$1" | awk 'NF { a[++n] = $1 } END { print (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }'; }
{
  echo "Each hop of the cluster, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs"
  echo "($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)); everything on these cores:"
  echo "$INSTANCES instances (each --threads $(nproc)), HAProxy, PostgreSQL primary + $REPLICAS replicas, etcd,"
  echo "Patroni, memcached, wrk. wrk -t1 -c$CONNECTIONS -d${DURATION}s, medians of $ROUNDS rounds."
  echo
  printf '%-12s %-9s %10s %10s %11s\n' target scenario req/s "p99 ms" "of nginx"
  for scenario in product list; do
    ceiling=$(median "$TMP/nginx.$scenario.rps")
    for target in "${targets[@]}"; do
      rps=$(median "$TMP/$target.$scenario.rps") p99=$(median "$TMP/$target.$scenario.p99")
      printf '%-12s %-9s %10.0f %10.2f %10.1f%%\n' "$target" "$scenario" "$rps" "$p99" \
        "$(awk -v a="$rps" -v b="$ceiling" 'BEGIN { print 100 * a / b }')"
    done
  done
  echo "Raw outputs: $RESULTS"
} | tee "$RESULTS/summary.txt"
