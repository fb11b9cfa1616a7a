// Package enrichtest holds what the enrichers' tests share: loading a feed
// as a run sees it, and running one enricher over every item.
package enrichtest

import (
	"context"
	"testing"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// LoadFeed parses raw with feed.Parse, as a run does, skipping tb when the
// feed cannot be read.
func LoadFeed(tb testing.TB, name string, raw []byte) *enrich.Feed {
	tb.Helper()
	doc, err := feed.Parse(raw)
	if err != nil {
		tb.Skipf("SKIP: %s: %v", name, err)
	}
	return &enrich.Feed{Name: name, Channel: &doc.Channel, Items: doc.Items}
}

// EnrichAll runs e over every item of f and returns the additions, failing
// tb on any error.
func EnrichAll(tb testing.TB, e enrich.Enricher, f *enrich.Feed) []feed.Additions {
	tb.Helper()
	adds := make([]feed.Additions, len(f.Items))
	for i := range f.Items {
		if err := e.Enrich(context.Background(), f, &f.Items[i], &adds[i]); err != nil {
			tb.Fatalf("item %d: %v", i, err)
		}
	}
	return adds
}
