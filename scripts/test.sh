#!/usr/bin/env bash
# Runs recast's whole test suite, including the tests against a real Redis
# server, which it starts on 127.0.0.1 (installing Debian's redis-server when
# missing) and stops afterwards. Extra arguments go to `go test`, e.g.
#   scripts/test.sh -run Redis -v
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1; then
  echo "test.sh: redis-server not found; installing Debian's package" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi

# The page tests drive Debian's Chromium (headless).
if ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: chromium not found; installing Debian's package" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
export RECAST_CHROMIUM="$(command -v chromium)"
export RECAST_REQUIRE_CHROMIUM=1 # the browser tests fail, not skip, without it

# A free port in a range nothing else here uses.
port=""
for _ in $(seq 1 50); do
  p=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "test.sh: no free port for redis-server" >&2; exit 1; }

dir="$(mktemp -d)"
cleanup() {
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
  --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
for _ in $(seq 1 50); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.1
done
redis-cli -p "$port" ping >/dev/null || { echo "test.sh: redis-server did not start:" >&2; cat "$dir/redis.log" >&2; exit 1; }
echo "test.sh: redis-server $(redis-server --version | awk '{print $3}') on 127.0.0.1:$port" >&2

export RECAST_TEST_REDIS_URL="redis://127.0.0.1:$port/0"
export RECAST_REQUIRE_REDIS=1                       # Redis tests fail, not skip, without it
export RECAST_REDIS_SERVER="$(command -v redis-server)" # for tests that start and kill their own

go vet ./...
go test -count=1 "$@" ./...
