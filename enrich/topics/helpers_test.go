package topics

import (
	"context"
	"testing"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// parseFeed reads a feed with feed.Parse into the enrich.Feed the
// pipeline would hand the tagger.
func parseFeed(tb testing.TB, name string, raw []byte) *enrich.Feed {
	tb.Helper()
	d, err := feed.Parse(raw)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return &enrich.Feed{Name: name, Channel: &d.Channel, Items: d.Items}
}

// tagAll runs e over every item of f and returns each item's new tags.
func tagAll(tb testing.TB, e *Enricher, f *enrich.Feed) [][]string {
	tb.Helper()
	out := make([][]string, len(f.Items))
	for i := range f.Items {
		var add feed.Additions
		if err := e.Enrich(context.Background(), f, &f.Items[i], &add); err != nil {
			tb.Fatalf("item %d: %v", i, err)
		}
		out[i] = add.Categories
	}
	return out
}

func newEnricher(tb testing.TB, cfg Config) *Enricher {
	tb.Helper()
	e, err := New(cfg)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return e
}
