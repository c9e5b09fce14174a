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
