#!/usr/bin/env bash
# recast's performance targets, each measured side by side with its
# reference in one run (this machine is shared and noisy: compare within a
# run, not across runs). Needs the real-feed corpus (../shared/corpus or
# $RECAST_CORPUS). Extra arguments go to `go test`, e.g. -count 5.
#
#   feed:         Parse + Render of the 4 MB Engineering Kiosk feed vs gofeed.Parse (target <= 0.5x)
#   cmd/recast:   the whole enrichment of that feed, cold and with one new episode, vs gofeed.Parse
#                 (targets: cold <= 1.5x gofeed; one new episode <= 0.1x cold), and peak heap (<= 4x the feed)
#   proxy:        a cache hit vs net/http serving the same bytes as a static file (allocations O(1))
#   enrich:       show-notes parsing, recast's scanner vs x/net/html's tokenizer
set -euo pipefail
cd "$(dirname "$0")/.."
args=(-run '^$' -benchmem -count "${COUNT:-3}" "$@")
go test "${args[@]}" -bench 'GofeedParse|^BenchmarkParse$|^BenchmarkRender$' ./feed/
go test "${args[@]}" -bench EnrichLargeFeed -benchtime 5x ./cmd/recast/
go test -count=1 -run TestPeakHeapOfColdEnrich -v ./cmd/recast/ | grep -E 'peak heap|ok|FAIL'
go test "${args[@]}" -bench ServeHit ./proxy/
go test "${args[@]}" -bench ParseNotes ./enrich/
