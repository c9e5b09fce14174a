# shellcheck shell=bash
# Sourced by scripts/cluster.sh: memcached, and HAProxy (its configuration, its start, and the
# waits on its health checks of the database nodes and of the instances).

# ---------------------------------------------------------------------------------------------
# memcached: the counters the instances share (rate limits, failed logins). UDP is off (-U 0)
# and it listens on 127.0.0.1 only: memcached over UDP answers a 15-byte request with up to a
# megabyte, and open ones on the internet were the amplifiers of the 2018 record DDoS attacks.
# It has no authentication either, so it is never to be reachable from elsewhere.
# ---------------------------------------------------------------------------------------------
plan_memcached() { running memcached >/dev/null || need_ports "$memcached_port"; }

start_memcached() {
  running memcached >/dev/null && return 0
  say "starting memcached on 127.0.0.1:$memcached_port"
  launch memcached "$memcached_user" memcached -U 0 -l 127.0.0.1 -p "$memcached_port" -m 64 -c 1024
  wait_for memcached "answer to version" probe memcached "$memcached_port"
}

# ---------------------------------------------------------------------------------------------
# HAProxy: the public port in front of the instances, and the stable addresses of "the
# primary" and "a replica" in front of PostgreSQL, whichever nodes those are at the moment.
# ---------------------------------------------------------------------------------------------
write_haproxy_config() {
  local i servers_reads='' servers_writes='' servers_db=''
  for ((i = 1; i <= instances; i++)); do
    servers_reads+="  server app$i 127.0.0.1:$(app_port "$i") check"$'\n'
    # One set of health checks: app_writes follows app_reads' verdicts.
    servers_writes+="  server app$i 127.0.0.1:$(app_port "$i") track app_reads/app$i"$'\n'
  done
  for i in $(nodes); do
    # The check asks Patroni (REST port), the traffic goes to PostgreSQL.
    servers_db+="  server pg$i 127.0.0.1:$(pg_port "$i") check port $(rest_port "$i")"$'\n'
  done
  put "$dir/haproxy.cfg" 600 "$run_user" <<EOF
# Written by scripts/cluster.sh; rewritten by every \`up\` (a running HAProxy keeps its old one).
global
  log stdout format raw local0 info
  stats socket $dir/haproxy.sock mode 600 level admin
  maxconn 4096

defaults
  mode http
  log global
  option httplog
  # Mercado trusts X-Forwarded-For from 127.0.0.1 (--trusted-proxies): rate limits and logs
  # see the client, not HAProxy.
  option forwardfor
  retries 3
  # Each retry goes to another instance than the one that just failed (1: every retry).
  option redispatch 1
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  timeout http-request 10s
  timeout queue 5s
  timeout check 1s

frontend public
  bind 127.0.0.1:$port
  acl safe_method method GET HEAD OPTIONS
  use_backend app_reads if safe_method
  default_backend app_writes

# A read changes nothing, so it may be sent again, to another instance, when the one it went to
# refused the connection, closed it without an answer (died mid-request) or took too long.
backend app_reads
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  retry-on conn-failure empty-response response-timeout
  # Out of rotation after 1 s of failed checks: Mercado's --shutdown-delay (2 s) keeps
  # answering that long after SIGTERM with /readyz 503, so a stopping instance drops no request.
  default-server inter 500ms fall 2 rise 2
$servers_reads
# A write is retried only if it never reached an instance (connection refused): once sent, it
# may have been carried out, and doing it twice (two orders, two sign-ups) is worse than a 503.
backend app_writes
  balance roundrobin
  retry-on conn-failure
$servers_writes
# PostgreSQL is TCP to HAProxy. A database connection sits idle in a pool for long stretches,
# which must not count as a dead client.
defaults db
  mode tcp
  log global
  option tcplog
  retries 3
  timeout connect 1s
  timeout client 1h
  timeout server 1h
  timeout check 1s

# Exactly one node answers /primary with 200: the leader key's holder. When it stops being
# that, its connections are cut (shutdown-sessions) rather than left writing to a demoted node.
# The checks say OPTIONS, not GET: Patroni answers it with the same status and no body (which
# HAProxy would not read, closing the connection on it, and Patroni would log a stack trace for
# every check, as it does for GET).
listen db_primary
  bind 127.0.0.1:$db_primary_port
  option httpchk OPTIONS /primary
  http-check expect status 200
  default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions
$servers_db
listen db_replicas
  bind 127.0.0.1:$db_replica_port
  balance roundrobin
  option httpchk OPTIONS /replica
  http-check expect status 200
  default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions
$servers_db
EOF
}

plan_haproxy() { running haproxy >/dev/null || need_ports "$port" "$db_primary_port" "$db_replica_port"; }

# Until its first checks, HAProxy counts every server as up, and a new database connection
# could land on a replica as "the primary": the instances start only once every database
# server has been checked and db_primary has the leader, and only the leader, up.
haproxy_db_checked() {
  local proxy server status check ok=1 seen=0
  while read -r proxy server status check; do
    [[ $proxy == db_primary || $proxy == db_replicas ]] || continue
    seen=1
    [[ $check == - || $check == INI* ]] && ok=0
    if [[ $proxy == db_primary ]]; then
      local up=0 is_leader=0
      [[ $status == UP ]] && up=1
      [[ $server == "pg$leader" ]] && is_leader=1
      ((up == is_leader)) || ok=0
    fi
  done < <(probe servers "$dir/haproxy.sock" 2>/dev/null || true)
  ((seen && ok))
}

haproxy_apps_up() {
  local proxy server status check up=0
  while read -r proxy server status check; do
    [[ $proxy == app_reads && $status == UP ]] && up=$((up + 1))
  done < <(probe servers "$dir/haproxy.sock" 2>/dev/null || true)
  ((up == instances))
}

start_haproxy() {
  write_haproxy_config
  if running haproxy >/dev/null; then
    ((!put_changed)) || say "haproxy.cfg changed; the running HAProxy keeps the old one until it restarts"
    return 0
  fi
  as_run haproxy -c -q -f "$dir/haproxy.cfg" || die "HAProxy rejects $dir/haproxy.cfg (see above)"
  say "starting HAProxy on 127.0.0.1:$port (primary on :$db_primary_port, replicas on :$db_replica_port)"
  rm -f -- "$dir/haproxy.sock"
  # -db: stay in the foreground, one process, logging to its stdout (logs/haproxy.log).
  launch haproxy "$run_user" haproxy -db -f "$dir/haproxy.cfg"
  wait_for haproxy "health checks of the database nodes" haproxy_db_checked
}
