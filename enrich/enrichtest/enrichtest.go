// Package enrichtest holds what the enrichers' tests share: loading a feed
// as a run sees it, running one enricher over every item, over the corpus,
// and the benchmarks of one enricher over the largest corpus feed.
package enrichtest

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// LoadFeed parses raw with feed.Parse, as a run does, skipping tb when the
// feed cannot be read.
func LoadFeed(tb testing.TB, name string, raw []byte) *enrich.Feed {
	tb.Helper()
	return enrich.NewFeed(name, parse(tb, name, raw))
}

func parse(tb testing.TB, name string, raw []byte) *feed.Document {
	tb.Helper()
	doc, err := feed.Parse(raw)
	if err != nil {
		tb.Skipf("SKIP: %s: %v", name, err)
	}
	return doc
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

// CorpusCounts runs e over every item of every corpus feed, one subtest a
// feed, and logs how many items e added to and how many elements in all,
// as added counts them ("persons", "transcripts": what). With -v it logs the
// lines describe gives for each item e added to. A feed named in want fails
// unless exactly that many items got something; the others are only
// logged.
func CorpusCounts(t *testing.T, e enrich.Enricher, want map[string]int, what string,
	added func(*feed.Additions) int, describe func(i int, it *feed.Item, a *feed.Additions) []string) {
	for _, p := range testcorpus.Feeds(t) {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			f := LoadFeed(t, name, raw)
			adds := EnrichAll(t, e, f)
			items, n := 0, 0
			for i := range adds {
				a := &adds[i]
				if k := added(a); k > 0 {
					items++
					n += k
					if testing.Verbose() {
						for _, line := range describe(i, &f.Items[i], a) {
							t.Log(line)
						}
					}
				}
			}
			t.Logf("%s: %d of %d items enriched, %d %s", name, items, len(f.Items), n, what)
			if w, ok := want[name]; ok && items != w {
				t.Errorf("%d items enriched, want %d", items, w)
			}
		})
	}
}

// BenchEnrich measures e over every item of the feed in raw as a run does:
// each iteration is a fresh enrich.Feed, so the show notes are parsed too
// (enrich.Feed.Notes, whose cost the enrichers share); compare with
// BenchNotesCached for the enricher's own share.
func BenchEnrich(b *testing.B, e enrich.Enricher, raw []byte) {
	doc := parse(b, "feed", raw)
	adds := make([]feed.Additions, len(doc.Items))
	b.ReportAllocs()
	for b.Loop() {
		f := enrich.NewFeed("feed", doc)
		for i := range f.Items {
			adds[i] = feed.Additions{}
			if err := e.Enrich(context.Background(), f, &f.Items[i], &adds[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
