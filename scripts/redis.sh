#!/usr/bin/env bash
# Sourced by scripts/replicas.sh: start Redis topologies on 127.0.0.1 in a
# directory, each function printing the URL recast uses; redis_stop_all
# shuts down every server started. Installs Debian's redis-server and
# redis-sentinel when missing.
# State goes to files: the start functions run in $(...) subshells.
_redis_state="${TMPDIR:-/tmp}/recast-redis.$$"
: >"$_redis_state.pids"

_redis_need() {
  command -v redis-server >/dev/null && command -v redis-sentinel >/dev/null && return
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server redis-sentinel >/dev/null
}
# A free port below 40000 whose cluster bus port (port + 10000) is free too.
_redis_port() {
  python3 -c '
import random, socket
while True:
    p = random.randint(20000, 39999)
    try:
        for q in (p, p + 10000):
            s = socket.socket(); s.bind(("127.0.0.1", q)); s.close()
    except OSError:
        continue
    print(p); break'
}
_redis_wait() { # PORT
  for _ in $(seq 1 100); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "redis.sh: nothing answers on port $1" >&2; return 1
}
_redis_run() { # DIR PORT ARGS...: one redis-server, daemonized
  local dir="$1" port="$2"; shift 2
  mkdir -p "$dir/$port"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir/$port" \
    --daemonize yes --pidfile "$dir/$port/pid" --logfile "$dir/$port/log" "$@"
  _redis_wait "$port"
  cat "$dir/$port/pid" >>"$_redis_state.pids"
}

redis_start_single() { # DIR
  _redis_need
  local port; port=$(_redis_port)
  echo "$1 $port" >"$_redis_state.single"
  _redis_run "$1" "$port" >&2
  echo "redis://127.0.0.1:$port/0"
}

# redis_restart_single: stop the single server and start it again on its
# port (its contents lost), as an operator's restart.
redis_restart_single() {
  local dir port
  read -r dir port <"$_redis_state.single"
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  sleep 1
  _redis_run "$dir" "$port" >&2
}

redis_start_cluster() { # DIR: three masters, no replicas
  _redis_need
  local addrs=() p
  for _ in 1 2 3; do
    p=$(_redis_port)
    _redis_run "$1" "$p" --cluster-enabled yes --cluster-config-file "$1/$p/nodes.conf" --cluster-node-timeout 2000 >&2
    addrs+=("127.0.0.1:$p")
  done
  redis-cli --cluster create "${addrs[@]}" --cluster-replicas 0 --cluster-yes >/dev/null
  # Every node must know the slots, not only the first: a command sent to
  # a node that does not yet is an error, and recast then refreshes alone.
  local a ok
  for _ in $(seq 1 100); do
    ok=1
    for a in "${addrs[@]}"; do
      redis-cli -p "${a#*:}" cluster info | grep -q 'cluster_state:ok' || ok=0
      [ "$(redis-cli -p "${a#*:}" cluster slots | grep -c .)" -gt 0 ] || ok=0
    done
    [ "$ok" = 1 ] && break
    sleep 0.1
  done
  sleep 1 # let the nodes settle their views of each other
  echo "redis+cluster://${addrs[0]}?addr=${addrs[1]}&addr=${addrs[2]}"
}

redis_start_sentinel() { # DIR: a master, a replica, one sentinel
  _redis_need
  local m r s
  m=$(_redis_port); _redis_run "$1" "$m" >&2
  r=$(_redis_port); _redis_run "$1" "$r" --replicaof 127.0.0.1 "$m" >&2
  s=$(_redis_port)
  mkdir -p "$1/sentinel"
  printf 'port %s\nbind 127.0.0.1\nsentinel monitor mymaster 127.0.0.1 %s 1\nsentinel down-after-milliseconds mymaster 2000\n' "$s" "$m" >"$1/sentinel/sentinel.conf"
  redis-sentinel "$1/sentinel/sentinel.conf" --daemonize yes --pidfile "$1/sentinel/pid" --logfile "$1/sentinel/log"
  _redis_wait "$s"
  cat "$1/sentinel/pid" >>"$_redis_state.pids"
  echo "redis+sentinel://127.0.0.1:$s/mymaster"
}

# redis_stop_all stops every server started here and waits until they have
# exited: they are daemons, not children, so `wait` cannot, and a Sentinel
# rewrites its config as it shuts down, racing the caller's rm -rf.
redis_stop_all() {
  local p i left
  [ -f "$_redis_state.pids" ] || return 0
  while read -r p; do kill "$p" 2>/dev/null || true; done <"$_redis_state.pids"
  for i in $(seq 50); do
    left=0
    while read -r p; do kill -0 "$p" 2>/dev/null && left=1; done <"$_redis_state.pids"
    [ "$left" = 0 ] && break
    sleep 0.1
  done
  while read -r p; do kill -9 "$p" 2>/dev/null || true; done <"$_redis_state.pids"
  rm -f "$_redis_state.pids" "$_redis_state.single"
}
