#!/usr/bin/env bash
# Feeds as a self-hoster adds them, read by the real podcast clients: a
# `recast serve` on 127.0.0.1 (its embedded on-disk store), corpus feeds on a
# loopback upstream (python3's http.server, which logs every request),
#   - an app's OPML export imported through POST /admin/opml: every feed the
#     answer lists is served, and check-feed --compare finds nothing of the
#     upstream lost (--expect-self: the self link points at recast);
#   - one feed in open mode (recast sign): served and read the same way; a
#     changed signature is a 403 and reaches no upstream;
#   - a private feed (upstream basic auth, a feed token): served at its
#     token path only, Cache-Control: private, read by the clients;
#   - a restart on the same data_dir serves every runtime feed again with no
#     upstream request.
#
#   scripts/served-check.sh [CORPUS_DIR] [CHECK_FEED]
set -uo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-${RECAST_CORPUS:-../shared/corpus}}"
check="${2:-${CHECK_FEED:-../shared/clients/check-feed}}"
feeds=(nyt-the-daily podcasting-2.0-show-pc20 der-lautsprecher-podlove-psc-pc20-paged-de)
for n in "${feeds[@]}"; do
  if [ ! -f "$corpus/feeds/$n.xml" ]; then
    echo "served-check: SKIPPED: corpus feed $corpus/feeds/$n.xml is missing"
    exit 0
  fi
done
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fails=0 passes=0
ok() { echo "ok    $1"; passes=$((passes + 1)); }
bad() { echo "FAIL  $1"; fails=$((fails + 1)); }
check() { local name="$1"; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
waitport() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }

go build -o "$work/recast" ./cmd/recast || exit 1
mkdir -p "$work/up/private"
for n in "${feeds[@]}"; do cp "$corpus/feeds/$n.xml" "$work/up/$n.xml"; done
cp "$corpus/feeds/${feeds[0]}.xml" "$work/up/private/members.xml"
upport=$(freeport)
# The upstream asks for basic auth under /private/ (a members feed).
cat >"$work/upstream.py" <<'EOF'
import base64, http.server, sys
class H(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/private/"):
            want = "Basic " + base64.b64encode(b"member:members-password-42").decode()
            if self.headers.get("Authorization") != want:
                self.send_response(401); self.send_header("WWW-Authenticate", 'Basic realm="members"'); self.end_headers(); return
        super().do_GET()
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
EOF
(cd "$work/up" && exec python3 "$work/upstream.py" "$upport" 2>"$work/upstream.log" >/dev/null) &
pids+=($!)
waitport "$upport"
upstream_requests() { grep -c '"GET ' "$work/upstream.log" || true; }

port=$(freeport)
base="http://127.0.0.1:$port"
printf 'members-password-42\n' >"$work/members-password"
printf 'listener-token-5c1f0e9a7b\n' >"$work/members-token"
cat >"$work/recast.yaml" <<EOF
listen: 127.0.0.1:$port
public_url: $base
data_dir: $work/data
admin_token: served-check-admin-token
fetch:
  allow_private: ["127.0.0.1:$upport"]
open:
  key: served-check-open-key-0123456789abcdef
feeds:
  - name: members
    url: http://127.0.0.1:$upport/private/members.xml
    upstream: {username: member, password: {file: $work/members-password}}
    token: {file: $work/members-token}
EOF
start() { "$work/recast" serve --config "$work/recast.yaml" 2>>"$work/recast.log" & pids+=($!); waitport "$port"; }
start

# An Apple Podcasts-style export of three shows.
{
  echo '<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><head><title>Podcasts</title></head><body>'
  for n in "${feeds[@]}"; do echo "<outline type=\"rss\" text=\"$n\" xmlUrl=\"http://127.0.0.1:$upport/$n.xml\"/>"; done
  echo '</body></opml>'
} >"$work/export.opml"
code=$(curl -s -o "$work/answer.opml" -w '%{http_code}' -H 'Authorization: Bearer served-check-admin-token' \
  --data-binary @"$work/export.opml" "$base/admin/opml")
check "POST /admin/opml of three shows: $code" test "$code" = 200
mapfile -t served < <(python3 - "$work/answer.opml" <<'EOF'
import sys, xml.etree.ElementTree as ET
for o in ET.parse(sys.argv[1]).getroot().iter("outline"):
    if o.get("xmlUrl"):
        print(o.get("xmlUrl"))
EOF
)
check "the answer lists ${#served[@]} recast URLs" test "${#served[@]}" -eq 3

# judge NAME SERVED_URL ORIGINAL [--mirror]: fetch, then the real clients
# compare (feeds added at runtime and open feeds are mirrors by default).
judge() {
  local name="$1" url="$2" orig="$3" mirror="${4:-}" out="$work/$1.xml"
  local code
  code=$(curl -s -o "$out" -w '%{http_code}' "$url")
  if [ "$code" != 200 ]; then bad "$name: $url answered $code"; return; fi
  "$check" "$out" --compare "$orig" --expect-self "$url" --json >"$work/$name.json" 2>"$work/$name.check-err"
  local verdict
  if verdict=$(scripts/check-verdict.py $mirror "$work/$name.json" "$out" "$orig"); then
    ok "$name: served, read by every client, nothing lost: $verdict"
  else
    bad "$name: check-feed"; sed 's/^/        /' <<<"$verdict"
  fi
}
i=0
for url in "${served[@]}"; do
  judge "runtime-${feeds[$i]}" "$url" "$work/up/${feeds[$i]}.xml" --mirror
  i=$((i + 1))
done

signed=$("$work/recast" sign --config "$work/recast.yaml" "http://127.0.0.1:$upport/${feeds[2]}.xml")
judge "open-${feeds[2]}" "$signed" "$work/up/${feeds[2]}.xml" --mirror
before=$(upstream_requests)
forged=$(sed -E 's|/open/(.)|/open/\1x|' <<<"$signed")
check "a changed signature: 403" test "$(curl -s -o /dev/null -w '%{http_code}' "$forged")" = 403
check "... and no upstream request" test "$(upstream_requests)" -eq "$before"

token=$(cat "$work/members-token")
check "private feed without its token: 404" test "$(curl -s -o /dev/null -w '%{http_code}' "$base/feeds/members")" = 404
check "private feed: Cache-Control private" grep -qi '^cache-control: private' <<<"$(curl -s -D - -o /dev/null "$base/feeds/members/$token" | tr -d '\r')"
judge "private-members" "$base/feeds/members/$token" "$work/up/private/members.xml"
check "the log holds neither the token nor the password" bash -c "! grep -q -e '$token' -e members-password-42 '$work/recast.log'"

# Restart on the same data_dir: the runtime feeds come back from disk.
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
before=$(upstream_requests)
start
for url in "${served[@]}"; do
  check "after a restart: $url 200" test "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200
done
check "after a restart: no upstream request" test "$(upstream_requests)" -eq "$before"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
