#!/bin/sh
# quality.sh [-v] [--feed STEM]: score recast's enrichment against the
# labelled development set in testdata/quality (precision and recall per
# enricher, tag verdicts). The feeds are read from ../shared/corpus (or
# $RECAST_CORPUS); labels name them by file and GUID.
set -eu
cd "$(dirname "$0")/.."
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/recast" ./cmd/recast
go build -o "$bin/quality" ./internal/quality/cmd/quality
"$bin/quality" --recast "$bin/recast" "$@"
