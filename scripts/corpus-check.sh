#!/usr/bin/env bash
# Runs `recast enrich` on every feed of the real-feed corpus and checks each
# output with the real podcast clients (check-feed --compare ORIGINAL):
# nothing of the original lost or changed, additions visible. A MALFORMED-*
# feed must either be repaired (then every client must read it, and it is
# compared with recast's repair alone, `--no-enrich`) or fail with a
# one-line error and no output.
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
public=https://recast.example.org
pass=0 fail=0 failed=()
for f in "$corpus"/feeds/*.xml; do
  name="$(basename "$f" .xml)"
  enriched="$out/$name.xml"
  if ! "$out/recast" enrich --public-url "$public" --name "$name" "$f" >"$enriched" 2>"$out/$name.err"; then
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
  self="$public/feeds/$name"
  compare=(--compare "$f") baseline="compared with the original"
  if [[ "$name" == MALFORMED-* ]]; then
    # Repaired: the broken original is no baseline (clients that could not
    # read it would see every item as new). Compare with recast's repair
    # alone, so what is judged is that enrichment lost nothing.
    "$out/recast" enrich --no-enrich --public-url "$public" --name "$name" "$f" >"$out/$name.repaired.xml"
    compare=(--compare "$out/$name.repaired.xml") baseline="repaired; compared with the repair alone"
  fi
  if head -c 2048 "$f" | grep -q '<feed[^>]*http://www.w3.org/2005/Atom'; then
    # Atom upstream served as RSS: the JS parsers read no items from the
    # Atom original, so there is nothing to compare with; check that every
    # client reads the RSS (ids, enclosures and dates are checked in
    # feed/atom_test.go).
    compare=() baseline="Atom served as RSS; every client reads it"
  fi
  "$check" "$enriched" "${compare[@]}" --expect-self "$self" --json >"$out/$name.json" 2>"$out/$name.check-err"
  if verdict=$(scripts/check-verdict.py "$out/$name.json" "$enriched" "${compare[1]:-$f}"); then
    echo "ok    $name: $baseline: $verdict"
    pass=$((pass + 1))
  else
    echo "FAIL  $name: check-feed: report in $out/$name.json"
    sed 's/^/        /' <<<"$verdict"
    fail=$((fail + 1)); failed+=("$name")
  fi
done
echo "corpus-check: outputs and reports in $out"
[ ${#failed[@]} -eq 0 ] || echo "corpus-check: failed: ${failed[*]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
