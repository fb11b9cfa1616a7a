#!/usr/bin/env bash
# Runs `recast enrich` on every feed of the real-feed corpus and checks each
# output with the real podcast clients (check-feed --compare ORIGINAL):
# nothing of the original lost or changed, additions visible. A MALFORMED-*
# feed must either be repaired (and then pass like any other) or fail with
# a one-line error and no output.
#
#   scripts/corpus-check.sh [CORPUS_DIR] [CHECK_FEED]
#
# CORPUS_DIR defaults to ../shared/corpus; CHECK_FEED to $CHECK_FEED, else
# ../shared/clients/check-feed. Outputs and reports go to $OUT (a temp dir).
set -uo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-${RECAST_CORPUS:-../shared/corpus}}"
check="${2:-${CHECK_FEED:-../shared/clients/check-feed}}"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"
[ -d "$corpus/feeds" ] || { echo "corpus-check: no corpus at $corpus" >&2; exit 1; }

go build -o "$out/recast" ./cmd/recast || exit 1
pass=0 fail=0 failed=()
for f in "$corpus"/feeds/*.xml; do
  name="$(basename "$f" .xml)"
  enriched="$out/$name.xml"
  if ! "$out/recast" enrich --public-url https://recast.example.org "$f" >"$enriched" 2>"$out/$name.err"; then
    lines=$(wc -l <"$out/$name.err")
    if [[ "$name" == MALFORMED-* ]] && [ ! -s "$enriched" ] && [ "$lines" -eq 1 ]; then
      echo "ok    $name: refused with a clear error: $(cat "$out/$name.err")"
      pass=$((pass + 1))
    else
      echo "FAIL  $name: recast enrich failed (output $(wc -c <"$enriched") bytes): $(head -3 "$out/$name.err")"
      fail=$((fail + 1)); failed+=("$name")
    fi
    continue
  fi
  if "$check" "$enriched" --compare "$f" --brief >"$out/$name.check" 2>&1; then
    echo "ok    $name: $(grep -m1 -o 'RESULT: [A-Z]*' "$out/$name.check")"
    pass=$((pass + 1))
  else
    echo "FAIL  $name: check-feed --compare failed; report in $out/$name.check"
    grep -E 'FAIL|RESULT' "$out/$name.check" | head -8 | sed 's/^/        /'
    fail=$((fail + 1)); failed+=("$name")
  fi
done
echo "corpus-check: outputs and reports in $out"
[ ${#failed[@]} -eq 0 ] || echo "corpus-check: failed: ${failed[*]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
