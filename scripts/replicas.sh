#!/usr/bin/env bash
# Replicas at scale, as an operator runs them: real processes on 127.0.0.1.
# A feed host (scripts/upstream.py, which logs every request and misbehaves
# on command), Redis (one server, a three-master Cluster, or Sentinel with a
# master and a replica), three `recast serve` sharing it, and curl:
#   - 99 concurrent cold requests over 3 replicas -> 1 upstream request
#   - kill -9 of the replica holding a feed's lease -> another refreshes
#     within the lease
#   - a slow (1.5 s) upstream: an expired feed is answered at once on every
#     replica, and upstream sees one refresh for it
#   - upstream 500s, hanging, garbage after a good copy: still 200
#   - a retired feed (410) is a 410
#   - Redis stopped and started under load: no 5xx
#   - a Redis-less recast restarted serves its feeds without asking upstream
#
#   scripts/replicas.sh [single|cluster|sentinel ...]   (default: single and cluster)
set -euo pipefail
cd "$(dirname "$0")/.."
topologies=("$@")
[ ${#topologies[@]} -gt 0 ] || topologies=(single cluster) # sentinel: cache/redis has no Sentinel URLs yet

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  type redis_stop_all >/dev/null 2>&1 && redis_stop_all
  wait 2>/dev/null || true
  [ -n "${KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work" || true
}
trap cleanup EXIT
# shellcheck source=scripts/redis.sh
source scripts/redis.sh

fails=0 passes=0
check() { # check NAME CONDITION...
  local name="$1"; shift
  if "$@"; then echo "ok    $name"; passes=$((passes + 1)); else echo "FAIL  $name"; fails=$((fails + 1)); fi
}
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
waitport() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN{exit !(a < b)}'; }
code() { curl -s -o /dev/null --max-time "${2:-10}" -w '%{http_code}' "$1" || true; }

go build -o "$work/recast" ./cmd/recast

# The feed host.
mkdir -p "$work/up"
for f in show slow dies flaky gone; do
  sed "s/Signal and Noise/Signal and Noise ($f)/" internal/demo/demo.xml >"$work/up/$f.xml"
done
upport=$(freeport)
python3 scripts/upstream.py "$work/up" "$upport" >"$work/upstream.log" 2>&1 &
pids+=($!)
waitport "$upport"
up="http://127.0.0.1:$upport"
hits() { grep -c "^GET /$1.xml" "$work/upstream.log" || true; }
mode() { curl -s -X POST "$up/_mode/$1?${2:-}" >/dev/null; }

# Replicas: a 2 s lease, so a dead holder is replaced quickly; no refresh
# ahead of expiry, so that each upstream request below has one cause.
cat >"$work/recast.yaml" <<YAML
public_url: "http://127.0.0.1:8080"
ttl: 1h
stale_while_revalidate: 10m
refresh: {lease: 2s, ahead: false}
fetch: {timeout: 5s, allow_private: ["127.0.0.1:$upport"]}
admin_token: replicas-admin-token
open: {key: replicas-open-key-0123456789abcdefghij}
feeds:
  - {name: show,  url: "$up/show.xml"}
  - {name: slow,  url: "$up/slow.xml", ttl: 3s}
  - {name: dies,  url: "$up/dies.xml"}
  - {name: flaky, url: "$up/flaky.xml", ttl: 2s}
  - {name: gone,  url: "$up/gone.xml"}
YAML

declare -A rpid rport
start_replica() { # start_replica N REDIS-URL
  "$work/recast" serve --config "$work/recast.yaml" --listen "127.0.0.1:${rport[$1]}" --redis-url "$2" \
    2>>"$work/recast$1.log" &
  rpid[$1]=$!
  pids+=(${rpid[$1]})
  waitport "${rport[$1]}"
}

suite() { # suite TOPOLOGY REDIS-URL
  local topo="$1" url="$2"
  : >"$work/upstream.log"
  for n in 1 2 3; do rport[$n]=$(freeport); start_replica "$n" "$url"; done
  r() { echo "http://127.0.0.1:${rport[$1]}"; }

  # 1. The stampede.
  mode show "delay=0.5"
  for i in $(seq 1 99); do echo "$(r $((i % 3 + 1)))/feeds/show"; done |
    xargs -P 99 -n 1 curl -s -o /dev/null --max-time 20 -w '%{http_code}\n' >"$work/codes"
  check "$topo: 99 concurrent cold requests over 3 replicas all 200" test "$(grep -c '^200$' "$work/codes")" -eq 99
  check "$topo: ... and 1 upstream request" test "$(hits show)" -eq 1
  mode show

  # 2. kill -9 of the lease holder, mid-fetch.
  mode dies "delay=4"
  curl -s -o /dev/null --max-time 20 "$(r 1)/feeds/dies" &
  sleep 0.7
  kill -9 "${rpid[1]}"
  mode dies
  local t0 t1 c
  t0=$(date +%s.%N)
  c=$(code "$(r 2)/feeds/dies" 20)
  t1=$(date +%s.%N)
  check "$topo: kill -9 of the lease holder: another replica serves 200" test "$c" = 200
  local took
  took=$(awk -v a="$t1" -v b="$t0" 'BEGIN{printf "%.2f", a - b}')
  check "$topo: ... having refreshed within the 2 s lease (${took} s)" lt "$took" 2.5
  check "$topo: ... with one upstream request of its own" test "$(hits dies)" -eq 2
  start_replica 1 "$url"

  [ "$topo" = single ] || { stop_replicas; return; }

  # 3. A slow upstream: the expired copy is served at once everywhere.
  mode slow "delay=1.5"
  code "$(r 1)/feeds/slow" 10 >/dev/null
  sleep 3.5 # past the 3 s TTL
  for i in $(seq 1 30); do echo "$(r $((i % 3 + 1)))/feeds/slow"; done |
    xargs -P 30 -n 1 curl -s -o /dev/null --max-time 10 -w '%{http_code} %{time_total}\n' >"$work/slow"
  check "$topo: slow upstream: 30 requests for the expired feed all 200" test "$(grep -c '^200 ' "$work/slow")" -eq 30
  local worst
  worst=$(awk '{print $2}' "$work/slow" | sort -n | tail -1)
  check "$topo: ... answered at once (slowest ${worst} s, upstream takes 1.5 s)" lt "$worst" 0.5
  sleep 2
  check "$topo: ... and upstream saw one refresh for them" test "$(hits slow)" -eq 2
  mode slow

  # 4. Upstream failing after a good copy.
  code "$(r 1)/feeds/flaky" >/dev/null
  for m in "status=500" "hang=1" "garbage=1"; do
    mode flaky "$m"
    sleep 2.2 # past the 2 s TTL
    local all=""
    for n in 1 2 3 1 2 3; do all+="$(code "$(r $n)/feeds/flaky" 8) "; sleep 0.3; done
    check "$topo: upstream $m after a good copy: clients keep getting 200 ($all)" test "$all" = "200 200 200 200 200 200 "
  done
  mode flaky

  # 5. A retired feed.
  mode gone "status=410"
  check "$topo: upstream 410 for a feed that never worked: 410" test "$(code "$(r 2)/feeds/gone")" = 410

  # 6. Redis stopped and started under load.
  (for i in $(seq 1 120); do code "$(r $((i % 3 + 1)))/feeds/show" 5; echo; sleep 0.03; done) >"$work/load" &
  local load=$!
  sleep 0.8
  redis_restart_single
  wait "$load"
  check "$topo: Redis stopped and started under load: 120 requests, no 5xx" \
    test "$(grep -c '^200$' "$work/load")" -eq 120

  # 7. Feeds added at runtime: an app's OPML export imported through one
  # replica is served by the others within seconds, and listed in /opml.
  local auth="Authorization: Bearer replicas-admin-token"
  cat >"$work/export.opml" <<OPML
<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Podcasts</title></head><body>
<outline text="Runtime One ($topo)" type="rss" xmlUrl="$up/show.xml?rt=1"/>
<outline text="feeds"><outline type="rss" text="Runtime Two ($topo)" xmlUrl="$up/show.xml?rt=2"/></outline>
</body></opml>
OPML
  c=$(curl -s -o "$work/answer.opml" -w '%{http_code}' -H "$auth" --data-binary @"$work/export.opml" "$(r 1)/admin/opml")
  check "$topo: OPML import through replica 1: 200" test "$c" = 200
  check "$topo: ... answers with both recast URLs" test "$(grep -c 'xmlUrl=' "$work/answer.opml")" -eq 2
  local one="runtime-one-$topo" ok=0
  for _ in $(seq 1 60); do
    [ "$(code "$(r 2)/feeds/$one")" = 200 ] && [ "$(code "$(r 3)/feeds/runtime-two-$topo")" = 200 ] && { ok=1; break; }
    sleep 0.2
  done
  check "$topo: ... replicas 2 and 3 serve the imported feeds within 12 s" test "$ok" = 1
  check "$topo: ... /opml of replica 3 lists them" grep -q "feeds/$one" <(curl -s "$(r 3)/opml")
  c=$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" -d '{"name":"meta","url":"http://169.254.169.254/latest/"}' "$(r 2)/admin/feeds")
  check "$topo: adding the metadata address is refused (400)" test "$c" = 400
  c=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "$auth" "$(r 3)/admin/feeds/$one")
  check "$topo: removing a runtime feed through replica 3: 204" test "$c" = 204
  ok=0
  for _ in $(seq 1 60); do [ "$(code "$(r 1)/feeds/$one")" = 404 ] && { ok=1; break; }; sleep 0.2; done
  check "$topo: ... replica 1 stops serving it" test "$ok" = 1

  # 8. Open mode: a feed signed with the key, requested through every
  # replica at once, is fetched once; a forged signature reaches nobody.
  local path
  path=$("$work/recast" sign --config "$work/recast.yaml" "$up/show.xml?open=$topo")
  path=${path#http://127.0.0.1:8080}
  local before; before=$(hits show)
  for i in $(seq 1 30); do echo "$(r $((i % 3 + 1)))$path"; done |
    xargs -P 30 -n 1 curl -s -o /dev/null --max-time 20 -w '%{http_code}\n' >"$work/codes"
  check "$topo: 30 concurrent requests of a new open feed over 3 replicas all 200" test "$(grep -c '^200$' "$work/codes")" -eq 30
  check "$topo: ... and 1 upstream request" test "$(hits show)" -eq $((before + 1))
  c=$(code "$(r 2)$(sed -E 's|/open/(.)|/open/\1x|' <<<"$path")")
  check "$topo: ... a forged signature: 403" test "$c" = 403
  stop_replicas
}

stop_replicas() {
  for n in 1 2 3; do kill "${rpid[$n]}" 2>/dev/null || true; wait "${rpid[$n]}" 2>/dev/null || true; done
}

for topo in "${topologies[@]}"; do
  case "$topo" in
    single) url=$(redis_start_single "$work/redis-single") ;;
    cluster) url=$(redis_start_cluster "$work/redis-cluster") ;;
    sentinel) url=$(redis_start_sentinel "$work/redis-sentinel") ;;
    *) echo "replicas.sh: unknown topology $topo" >&2; exit 2 ;;
  esac
  echo "== $topo: $url"
  suite "$topo" "$url"
done

# 9. No Redis: the on-disk store survives a restart.
: >"$work/upstream.log"
dport=$(freeport)
solo() {
  "$work/recast" serve --listen "127.0.0.1:$dport" --data-dir "$work/data" --feed "show=$up/show.xml" 2>>"$work/solo.log" &
  solo_pid=$!
  pids+=($solo_pid)
  waitport "$dport"
}
solo
code "http://127.0.0.1:$dport/feeds/show" >/dev/null
kill "$solo_pid"; wait "$solo_pid" 2>/dev/null || true
solo
h=$(curl -s -D - -o /dev/null "http://127.0.0.1:$dport/feeds/show" | tr -d '\r')
check "no Redis: after a restart the feed is served (200)" grep -q '^HTTP/1.1 200' <<<"$h"
check "no Redis: ... from the data_dir, without an upstream request" test "$(hits show)" -eq 1
kill "$solo_pid"; wait "$solo_pid" 2>/dev/null || true

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
