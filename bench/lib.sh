# shellcheck shell=bash
# Sourced by the bench scripts: what more than one of them needs. The caller sets BENCH_DIR.

# MERCADO_BIN as given, or what the quickstart runs: an optimised Release build in
# build-release/, made or brought up to date first.
ensure_mercado_bin() {
  [[ -z ${MERCADO_BIN:-} ]] || return 0
  local root
  root=$(dirname "$BENCH_DIR")
  cmake -S "$root" -B "$root/build-release" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DMERCADO_TESTS=OFF >/dev/null
  cmake --build "$root/build-release" --target mercado >/dev/null
  MERCADO_BIN=$root/build-release/mercado
}

# A free port: the kernel's pick, released just before the caller's server binds it.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_nginx_ceiling DIR WORKERS: nginx serving DIR/html/product.json and DIR/html/list.json
# at the paths Mercado answers them (nginx.conf.in), everything of it inside DIR; sets
# NGINX_PID and NGINX_URL, and returns once it answers (non-zero if it never does).
start_nginx_ceiling() {
  local dir=$1 workers=$2 port module user_line=''
  local temp_paths="client_body_temp_path $dir/body;"
  for module in proxy fastcgi uwsgi scgi; do # only those this nginx was built with
    nginx -V 2>&1 | grep -q -- "--without-http_${module}_module" ||
      temp_paths+=" ${module}_temp_path $dir/$module;"
  done
  # As root, workers would switch to nobody, who cannot read a 0700 temporary folder.
  [[ $EUID == 0 ]] && user_line='user root;'
  port=$(free_port)
  sed -e "s|@PREFIX@|$dir|g" -e "s|@WORKERS@|$workers|g" -e "s|@PORT@|$port|g" \
    -e "s|@USER_LINE@|$user_line|" -e "s|@TEMP_PATHS@|    $temp_paths|" \
    "$BENCH_DIR/nginx.conf.in" >"$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' 2>"$dir/stderr.log" &
  NGINX_PID=$!
  NGINX_URL=http://127.0.0.1:$port
  for _ in {1..50}; do
    curl -s -o /dev/null "$NGINX_URL/" && return 0
    kill -0 "$NGINX_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: nginx did not start: $(cat "$dir/"*.log)" >&2
  return 1
}

# What a benchmark that starts mercado and nginx needs on its way out, however it ends: every
# process it started stopped, the logs kept in $RESULTS, $TMP removed. Install it with
#   trap bench_cleanup EXIT; trap 'exit 130' INT && trap 'exit 143' TERM
# CHILD_PID, NGINX_PID and MERCADO_PID name what to stop (empty: nothing).
stop_pid() {
  local pid=$1
  if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then return 0; fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in {1..50}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
bench_cleanup() {
  local status=$?
  stop_pid "$CHILD_PID"
  stop_pid "$NGINX_PID"
  stop_pid "$MERCADO_PID"
  # Without the access log's line per request: millions of them after a run.
  grep -v '"msg":"request"' "$TMP/mercado.log" >"$RESULTS/mercado.log" 2>/dev/null || true
  cp "$TMP/nginx/error.log" "$RESULTS/nginx-error.log" 2>/dev/null || true
  rm -rf "$TMP"
  ((status == 0)) || echo "bench: FAILED (exit $status); outputs so far: $RESULTS" >&2
  exit "$status"
}
# Runs a command in the background with its output in file $1, so a signal reaches our trap
# at once, and waits for it; returns its status.
run_child() {
  local out=$1 status=0
  shift
  "$@" >"$out" 2>&1 &
  CHILD_PID=$!
  wait "$CHILD_PID" || status=$?
  CHILD_PID=''
  return "$status"
}

# Starts $MERCADO_BIN on a free port with a fresh SQLite file in $TMP, every feature on as
# deployed (access log included, to a file); the rate limit is raised above what one wrk client
# sends, so it is checked on every request but never refuses. Sets MERCADO_PID, PORT,
# MERCADO_URL and BIN_ID (which build runs).
start_mercado() {
  "$MERCADO_BIN" serve --host 127.0.0.1 --port 0 --db "sqlite:$TMP/bench.db" \
    --profile sandbox --threads "$THREADS" --rate-limit 1000000 2>"$TMP/mercado.log" &
  MERCADO_PID=$!
  for _ in {1..100}; do
    grep -q '"msg":"listening"' "$TMP/mercado.log" && break
    kill -0 "$MERCADO_PID" 2>/dev/null || die "mercado exited at start: $(cat "$TMP/mercado.log")"
    sleep 0.1
  done
  PORT=$(sed -nE '/"msg":"listening"/ s/.*"port":"([0-9]+)".*/\1/p' "$TMP/mercado.log" | head -n1)
  [[ -n $PORT ]] || die "mercado did not report its port: $(cat "$TMP/mercado.log")"
  MERCADO_URL=http://127.0.0.1:$PORT
  # Which build runs: read through /proc, as the file may be rebuilt while we run.
  BIN_ID="sha256 $(sha256sum "/proc/$MERCADO_PID/exe" | cut -c1-12)"
  BIN_ID+=", built $(date -u -r "/proc/$MERCADO_PID/exe" '+%Y-%m-%d %H:%M:%S UTC')"
}
