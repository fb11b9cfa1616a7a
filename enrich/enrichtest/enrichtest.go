// Package enrichtest holds what the enrichers' tests share: loading a feed
// as a run sees it, and running one enricher over every item.
package enrichtest

import (
	"context"
	"reflect"
	"sync"
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

// CheckConcurrent runs e over the items of the feed in raw from four
// goroutines (run with -race) and fails t unless the result equals a
// sequential run's.
func CheckConcurrent(t *testing.T, e enrich.Enricher, raw []byte) {
	t.Helper()
	want := EnrichAll(t, e, LoadFeed(t, "feed", raw))
	f := LoadFeed(t, "feed", raw)
	got := make([]feed.Additions, len(f.Items))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(f.Items); i += 4 {
				if err := e.Enrich(context.Background(), f, &f.Items[i], &got[i]); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if !reflect.DeepEqual(got, want) {
		t.Error("concurrent run differs from the sequential one")
	}
}

// BenchNotesCached measures e alone over every item of the feed in raw: the
// show notes are parsed before the timer starts.
func BenchNotesCached(b *testing.B, e enrich.Enricher, raw []byte) {
	f := LoadFeed(b, "feed", raw)
	for i := range f.Items {
		f.Notes(&f.Items[i])
	}
	adds := make([]feed.Additions, len(f.Items))
	b.ReportAllocs()
	for b.Loop() {
		for i := range f.Items {
			adds[i] = feed.Additions{}
			if err := e.Enrich(context.Background(), f, &f.Items[i], &adds[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
