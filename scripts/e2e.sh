#!/usr/bin/env bash
# End-to-end, as an operator meets recast: real processes on 127.0.0.1.
# An upstream (python3's http.server, which logs every request), one
# redis-server, two `recast serve` processes sharing it, and curl.
#   - the HTTP rules: 200/MISS then HIT, ETag -> 304, HEAD, Range -> 206, gzip, 404
#   - 50 parallel requests to a cold feed -> 1 upstream request
#   - the second process serves the first one's entry without asking upstream
#   - Redis killed mid-run -> still 200, /readyz says degraded
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fails=0 passes=0
check() { # check NAME CONDITION...
  local name="$1"; shift
  if "$@"; then echo "ok    $name"; passes=$((passes + 1)); else echo "FAIL  $name"; fails=$((fails + 1)); fi
}
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
waitport() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }

go build -o "$work/recast" ./cmd/recast
mkdir -p "$work/up"
cp internal/demo/demo.xml "$work/up/feed.xml"
upport=$(freeport)
(cd "$work/up" && exec python3 -m http.server "$upport" --bind 127.0.0.1 2>"$work/upstream.log" >/dev/null) &
pids+=($!)
waitport "$upport"
upstream_requests() { grep -c 'GET /feed.xml' "$work/upstream.log" || true; }

rport=$(freeport)
redis-server --bind 127.0.0.1 --port "$rport" --save '' --appendonly no --dir "$work" --logfile "$work/redis.log" &
redis_pid=$!
pids+=($redis_pid)
waitport "$rport"

# Replicas behind one load balancer share its public URL: here the first
# process's address.
start_recast() { # start_recast PORT LOG [PUBLIC-URL]
  "$work/recast" serve --listen "127.0.0.1:$1" --redis-url "redis://127.0.0.1:$rport/0" \
    --feed "show=http://127.0.0.1:$upport/feed.xml" --public-url "${3:-$public}" 2>"$2" &
  pids+=($!)
  waitport "$1"
}
p1=$(freeport); public="http://127.0.0.1:$p1"
start_recast "$p1" "$work/recast1.log"
p2=$(freeport); start_recast "$p2" "$work/recast2.log"
feed1="http://127.0.0.1:$p1/feeds/show"

# 50 parallel requests to the cold feed.
seq 1 50 | xargs -P 50 -I{} curl -s -o /dev/null -w '%{http_code}\n' "$feed1" >"$work/codes"
check "50 parallel cold requests all 200" test "$(grep -c '^200$' "$work/codes")" -eq 50
check "50 parallel cold requests -> 1 upstream request" test "$(upstream_requests)" -eq 1

hdr() { curl -s -D - -o "$work/body" "$@" | tr -d '\r'; }
h=$(hdr "$feed1")
etag=$(sed -n 's/^[Ee][Tt]ag: //p' <<<"$h")
check "atom:link self points at recast" grep -q "href=\"http://127.0.0.1:$p1/feeds/show\"" "$work/body"
check "second request is a HIT" grep -q '^X-Recast-Cache: HIT' <<<"$h"
check "Content-Type is rss+xml utf-8" grep -q '^Content-Type: application/rss+xml; charset=utf-8' <<<"$h"
check "Cache-Control has stale-while-revalidate" grep -q '^Cache-Control: public, max-age=[0-9]*, stale-while-revalidate=600, stale-if-error=604800' <<<"$h"
check "Vary: Accept-Encoding" grep -q '^Vary: Accept-Encoding' <<<"$h"
check "If-None-Match -> 304" test "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$feed1")" = 304
check "HEAD -> 200, no body" test "$(curl -s -I -o /dev/null -w '%{http_code} %{size_download}' "$feed1")" = "200 0"
check "Range -> 206" test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Range: bytes=0-99' "$feed1")" = 206
check "gzip is served compressed" grep -q '^Content-Encoding: gzip' <<<"$(hdr -H 'Accept-Encoding: gzip' "$feed1")"
check "unknown feed -> 404" test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p1/feeds/nope")" = 404

h2=$(hdr "http://127.0.0.1:$p2/feeds/show")
check "second process: 200 HIT from the shared Redis entry" grep -q '^X-Recast-Cache: HIT' <<<"$h2"
check "second process did not contact upstream" test "$(upstream_requests)" -eq 1
# A process published under another URL builds its own entry: links that
# point at itself, never the shared entry's.
p4=$(freeport); start_recast "$p4" "$work/recast4.log" "http://127.0.0.1:$p4"
curl -s -o "$work/body4" "http://127.0.0.1:$p4/feeds/show"
check "another public URL: its own self link" grep -q "href=\"http://127.0.0.1:$p4/feeds/show\"" "$work/body4"

kill "$redis_pid"; wait "$redis_pid" 2>/dev/null || true
check "Redis killed: still 200" test "$(curl -s -o /dev/null -w '%{http_code}' "$feed1")" = 200
check "Redis killed: /readyz says degraded" grep -q '^degraded' <<<"$(curl -s "http://127.0.0.1:$p1/readyz")"
# A third process, started while Redis is down, still serves (from upstream).
p3=$(freeport); start_recast "$p3" "$work/recast3.log"
check "Redis down at start: a new process serves 200" test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p3/feeds/show")" = 200

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
