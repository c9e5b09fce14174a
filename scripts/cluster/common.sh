# shellcheck shell=bash
# Sourced by scripts/cluster.sh: what every part uses. Messages (say, die), the probes
# (probe.py), the settings of DIR (load, save), the ports derived from P, files and secrets
# (as_run, put, make_secrets), and process bookkeeping: launch with pid and start-time files,
# running, wait_for, stop_pids, stop_named, and the check that the ports needed are free.

# How long each wait may take, in seconds (MERCADO_CLUSTER_TIMEOUT, see cluster.sh).
TIMEOUT=${MERCADO_CLUSTER_TIMEOUT:-120}

say() { printf 'cluster: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Probes. Python's standard library does what curl, nc and socat would, and is there anyway
# (Patroni is written in it). Proxies are ignored: a caller's http_proxy must not carry probes
# of 127.0.0.1 elsewhere.
# (The probes themselves are in probe.py, next to this file.)
# ---------------------------------------------------------------------------------------------
probe_py=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/probe.py
# Debian's own python3, isolated from the caller's PYTHON* variables and user site: the one
# Patroni runs on, and a python3 found first on PATH (a pyenv shim, a virtualenv) may take ten
# times as long to start, which adds up over a few hundred probes.
probe() { /usr/bin/python3 -I "$probe_py" "$@"; }

# ---------------------------------------------------------------------------------------------
# Settings and layout.
# ---------------------------------------------------------------------------------------------

in_range() {  # VALUE MIN MAX
  [[ $1 =~ ^(0|[1-9][0-9]{0,4})$ ]] && (($1 >= $2 && $1 <= $3))
}

# The settings of DIR: cluster.conf when the first `up` wrote one, else the options and their
# defaults. The file is parsed, never sourced: DIR belongs to the servers' user, and this
# script may run as root.
load_settings() {
  port=8080 instances=3 replicas=2 profile=production run_user=$(id -un) saved_bin=''
  local conf=$dir/cluster.conf key value saved=0
  if [[ -f $conf ]]; then
    saved=1
    while IFS='=' read -r key value; do
      case $key in
        port) port=$value ;;
        instances) instances=$value ;;
        replicas) replicas=$value ;;
        profile) profile=$value ;;
        user) run_user=$value ;;
        bin) saved_bin=$value ;;
      esac
    done <"$conf"
    local name option
    for name in port instances replicas profile; do
      option=opt_$name
      if [[ -n ${!option} && ${!option} != "${!name}" ]]; then
        die "$dir was made with --$name ${!name}; to change it, take it down first: $0 down --dir $dir --purge"
      fi
    done
  else
    port=${opt_port:-$port} instances=${opt_instances:-$instances}
    replicas=${opt_replicas:-$replicas} profile=${opt_profile:-$profile}
  fi
  in_range "$port" 1024 65456 || die "--port: 1024 to 65456 (the cluster takes ports up to P+79; below 1024 would need root)"
  in_range "$instances" 1 20 || die "--instances: 1 to 20"
  in_range "$replicas" 0 9 || die "--replicas: 0 to 9"
  [[ $profile == sandbox || $profile == production ]] || die "--profile: sandbox or production"
  [[ $run_user =~ ^[a-z_][a-z0-9_-]*$ ]] || die "$conf: bad user"
  # memcached gets a user of its own when there is one: it needs nothing of PostgreSQL's.
  memcached_user=$run_user
  if ((EUID == 0)); then
    memcached_user=nobody
    getent passwd memcache >/dev/null && memcached_user=memcache
  fi
  ((saved)) && return 0
  if ((EUID == 0)); then
    # PostgreSQL refuses to run as root; the package's system user is there with it.
    getent passwd postgres >/dev/null || die "no postgres user (is postgresql-15 installed?)"
    run_user=postgres
  fi
  return 0
}

save_settings() {
  [[ -f $dir/cluster.conf ]] && return 0
  printf 'port=%s\ninstances=%s\nreplicas=%s\nprofile=%s\nuser=%s\nbin=%s\n' \
    "$port" "$instances" "$replicas" "$profile" "$run_user" "$bin" >"$dir/cluster.conf"
}

app_port() { echo $((port + $1)); }
db_primary_port=0 db_replica_port=0 memcached_port=0 etcd_port=0 etcd_peer_port=0
derive_ports() {
  db_primary_port=$((port + 30)) db_replica_port=$((port + 31))
  memcached_port=$((port + 40)) etcd_port=$((port + 50)) etcd_peer_port=$((port + 51))
}
rest_port() { echo $((port + 60 + $1)); }
pg_port() { echo $((port + 70 + $1)); }

# Runs a command as the servers' user (when root), so what it creates belongs to them.
as_run() {
  if ((EUID == 0)) && [[ $run_user != root ]]; then
    setpriv --reuid="$run_user" --regid="$run_user" --init-groups -- "$@"
  else
    "$@"
  fi
}

# Writes stdin to FILE (mode MODE, owned by OWNER) unless FILE holds that already, so that an
# `up` on a running cluster changes nothing, not even a file's time. Sets put_changed.
put_changed=0
put() {  # FILE MODE OWNER < content
  local file=$1 content
  content=$(cat)
  put_changed=0
  [[ -f $file && $(cat -- "$file") == "$content" ]] && return 0
  put_changed=1
  printf '%s\n' "$content" >"$file.tmp"
  chmod "$2" -- "$file.tmp"
  if ((EUID == 0)); then chown -- "$3:" "$file.tmp"; fi
  mv -f -- "$file.tmp" "$file"
}

# KEY=VALUE lines, read without sourcing them (see load_settings); prints VALUE of KEY.
value_of() {  # FILE KEY
  sed -n "s/^$2=//p" -- "$1" | head -n 1
}

# Passwords made once, by the first `up`: hex, so they need no escaping in a URL, in YAML or
# in SQL. Readable by root (or the caller) only; Patroni gets its own copies in its YAML files.
make_secrets() {
  local file=$dir/secrets.env name
  if [[ ! -f $file ]]; then
    {
      for name in SUPERUSER REPLICATION MERCADO RESTAPI; do
        printf '%s_PASSWORD=%s\n' "$name" "$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
      done
    } | put "$file" 600 "$(id -un)"
  fi
  superuser_password=$(value_of "$file" SUPERUSER_PASSWORD)
  replication_password=$(value_of "$file" REPLICATION_PASSWORD)
  mercado_password=$(value_of "$file" MERCADO_PASSWORD)
  restapi_password=$(value_of "$file" RESTAPI_PASSWORD)
  [[ ${#superuser_password} == 32 && ${#replication_password} == 32 && ${#mercado_password} == 32 &&
    ${#restapi_password} == 32 ]] || die "$file is damaged; take the cluster down with --purge"
}

# ---------------------------------------------------------------------------------------------
# Processes. Each one is started in a session of its own (setsid), so that neither a Ctrl-C on
# `up` nor the end of the caller's process group takes it along, with its pid in run/NAME.pid
# and its start time (from /proc) in run/NAME.start: a pid alone may be reused by another
# process once ours is gone, a pid and a start time never.
# ---------------------------------------------------------------------------------------------

# Sets proc_state, proc_group and proc_start from /proc/PID/stat (fields 3, 5 and 22). The
# command name (field 2) may hold spaces and parentheses, so the fields are counted from its
# closing parenthesis.
proc_stat() {  # PID
  local stat fields
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  read -r -a fields <<<"${stat##*) }"
  proc_state=${fields[0]} proc_group=${fields[2]} proc_start=${fields[19]}
}

# Whether PID runs: a zombie has ended, although kill(pid, 0) still succeeds on it (PID 1 may
# reap orphans lazily, as in some containers).
pid_runs() {  # PID
  [[ $1 =~ ^[0-9]+$ ]] && proc_stat "$1" && [[ $proc_state != [ZX] ]]
}

# Prints NAME's pid if the process that `launch` started still runs.
running() {  # NAME
  local pid start
  { read -r pid <"$run/$1.pid" && read -r start <"$run/$1.start"; } 2>/dev/null || return 1
  pid_runs "$pid" && [[ $proc_start == "$start" ]] || return 1
  echo "$pid"
}

pid_list() {  # NAME: its pid if it runs, else "-"
  running "$1" || echo -
}

launch_env=()  # NAME=VALUE pairs that `launch` exports to the process, out of sight of ps
launch() {  # NAME USER COMMAND...
  local name=$1 user=$2 pid
  shift 2
  local -a prefix=(setsid)
  if ((EUID == 0)) && [[ $user != root ]]; then
    prefix+=(setpriv --reuid="$user" --regid="$user" --init-groups --)
  fi
  # fd 3, the caller's stdout, is closed: a server that inherits it would hold the caller's
  # pipe open for its whole life, and `$(cluster.sh up)` would never return. The subshell is
  # no process group leader, so setsid needs no fork, and setpriv execs: $! is the server's pid.
  (
    cd /
    if ((${#launch_env[@]})); then export "${launch_env[@]}"; fi
    exec "${prefix[@]}" "$@"
  ) </dev/null >>"$logs/$name.log" 2>&1 3>&- &
  pid=$!
  echo "$pid" >"$run/$name.pid"
  proc_stat "$pid" && echo "$proc_start" >"$run/$name.start"
  return 0
}

fail_with_log() {  # NAME MESSAGE
  say "$2; last lines of $logs/$1.log:"
  tail -n 30 -- "$logs/$1.log" >&2 2>/dev/null || true
  exit 1
}

# Waits until CHECK (a command) succeeds; fails with NAME's log if NAME's process ends first or
# the deadline passes.
wait_for() {  # NAME WHAT CHECK...
  local name=$1 what=$2 deadline=$((SECONDS + TIMEOUT))
  shift 2
  until "$@"; do
    running "$name" >/dev/null || fail_with_log "$name" "$name died before $what"
    ((SECONDS < deadline)) || fail_with_log "$name" "$name: no $what after ${TIMEOUT}s"
    sleep 0.3
  done
}

http_ok() { [[ $(probe http "$1") == 200 ]]; }  # URL

# Whether PID belongs to one of the users this cluster runs as: the pid files live in a
# directory those users can write to, and `down` may run as root.
ours() {  # PID
  local uid
  uid=$(stat -c %u "/proc/$1" 2>/dev/null) || return 1
  [[ $uid == "$(id -u "$run_user")" || $uid == "$(id -u "$memcached_user")" ]]
}

# Sends SIGNAL to each PID and to its process group when it leads one (everything was started
# with setsid, so that takes along what a server started itself, as Patroni does pg_basebackup
# or pg_rewind), waits up to 10 s for all of them to end, then SIGKILLs what is left.
stop_pids() {  # SIGNAL PID...
  local signal=$1 pid deadline=$((SECONDS + 10)) left
  shift
  for pid in "$@"; do
    if proc_stat "$pid" && [[ $proc_group == "$pid" ]]; then
      kill -s "$signal" -- "-$pid" 2>/dev/null || true
    else
      kill -s "$signal" "$pid" 2>/dev/null || true
    fi
  done
  while :; do
    left=()
    for pid in "$@"; do pid_runs "$pid" && left+=("$pid"); done
    ((${#left[@]} == 0)) && return 0
    ((SECONDS < deadline)) || break
    sleep 0.1
  done
  say "still running after 10 s, SIGKILL: ${left[*]}"
  for pid in "${left[@]}"; do kill -KILL -- "-$pid" "$pid" 2>/dev/null || true; done
  deadline=$((SECONDS + 5))
  for pid in "${left[@]}"; do
    while pid_runs "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
  done
}

stop_named() {  # NAME...: stops those of the named processes that run
  local name pid pids=()
  for name in "$@"; do
    if pid=$(running "$name") && ours "$pid"; then pids+=("$pid"); fi
    rm -f -- "$run/$name.pid" "$run/$name.start"
  done
  ((${#pids[@]} == 0)) || stop_pids TERM "${pids[@]}"
}

# A port that a process we are about to start needs must be free; whoever holds it is not ours,
# since ours would be running and not about to start.
ports_needed=()
need_ports() { ports_needed+=("$@"); }
check_ports() {
  local p taken=()
  for p in "${ports_needed[@]}"; do probe port-free "$p" || taken+=("$p"); done
  ((${#taken[@]} == 0)) && return 0
  die "port(s) ${taken[*]} already in use by something else (see: ss -ltnp); choose another --port, or stop it"
}
