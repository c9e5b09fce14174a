# shellcheck shell=bash
# Sourced by scripts/cluster.sh: the Mercado instances. Which binary, the environment they get
# (mercado.env and the cluster's defaults), and their start and readiness waits.

# ---------------------------------------------------------------------------------------------
# Mercado.
# ---------------------------------------------------------------------------------------------
# $MERCADO_BIN, else the binary the first `up` used (a later `up` that restarts one instance
# runs the same program as the others), else build/mercado, built if need be.
find_binary() {
  if [[ -n ${MERCADO_BIN:-} ]]; then
    bin=$MERCADO_BIN
  elif [[ $saved_bin == /* && -x $saved_bin ]]; then
    bin=$saved_bin
  elif [[ -x $repo/build/mercado ]]; then
    bin=$repo/build/mercado
  else
    say "building Mercado (as scripts/quickstart.sh does)"
    cmake -S "$repo" -B "$repo/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMERCADO_TESTS=OFF >&2
    cmake --build "$repo/build" --target mercado >&2
    bin=$repo/build/mercado
  fi
  bin=$(realpath -- "$bin")
  [[ -x $bin ]] || die "$bin is not an executable"
  as_run test -x "$bin" || die "user $run_user cannot run $bin (a folder above it is closed to others?); set MERCADO_BIN to a copy under /tmp or /usr/local"
}

# The database URLs, with the password, stay out of command lines (ps shows those to every
# user): they are in mercado.env (mode 600) and reach the instances as MERCADO_DB and
# MERCADO_DB_REPLICAS.
write_mercado_env() {
  local db=postgresql://mercado:$mercado_password@127.0.0.1
  {
    echo "MERCADO_DB=$db:$db_primary_port/mercado"
    ((replicas == 0)) || echo "MERCADO_DB_REPLICAS=$db:$db_replica_port/mercado"
  } | put "$dir/mercado.env" 600 "$(id -un)"
}

start_app() {  # I
  local i=$1 key value
  running "app$i" >/dev/null && return 0
  launch_env=()
  while IFS='=' read -r key value; do
    [[ $key =~ ^MERCADO_[A-Z_]+$ ]] && launch_env+=("$key=$value")
  done <"$dir/mercado.env"
  launch_env+=("MERCADO_MEMCACHED=127.0.0.1:$memcached_port")
  # The cluster's choices, unless the caller says otherwise: HAProxy is the proxy to trust for
  # X-Forwarded-For, and 2 s is four of HAProxy's check intervals, enough for it to take a
  # stopping instance out of rotation before that instance stops taking connections.
  launch_env+=("MERCADO_TRUSTED_PROXIES=${MERCADO_TRUSTED_PROXIES:-127.0.0.1}")
  launch_env+=("MERCADO_SHUTDOWN_DELAY=${MERCADO_SHUTDOWN_DELAY:-2}")
  # Links in answers (and the sandbox's seeded image URLs) name the public address, not the
  # instance that happened to make them.
  launch_env+=("MERCADO_PUBLIC_URL=${MERCADO_PUBLIC_URL:-http://127.0.0.1:$port}")
  say "starting app$i on 127.0.0.1:$(app_port "$i") ($profile)"
  launch "app$i" "$run_user" "$bin" serve --host 127.0.0.1 --port "$(app_port "$i")" --profile "$profile"
  launch_env=()
}

wait_app() {  # I
  wait_for "app$1" "GET /readyz 200" http_ok "http://127.0.0.1:$(app_port "$1")/readyz"
}

plan_apps() {
  local i
  for ((i = 1; i <= instances; i++)); do
    running "app$i" >/dev/null || need_ports "$(app_port "$i")"
  done
}

start_apps() {
  local i any=0
  for ((i = 1; i <= instances; i++)); do running "app$i" >/dev/null && any=1; done
  if ((!any)); then
    # The first instance migrates the schema (and seeds the sandbox) alone; the others would
    # only queue behind its advisory lock, each holding a connection and the clock.
    start_app 1
    wait_app 1
  fi
  for ((i = 1; i <= instances; i++)); do start_app "$i"; done
  for ((i = 1; i <= instances; i++)); do wait_app "$i"; done
}
