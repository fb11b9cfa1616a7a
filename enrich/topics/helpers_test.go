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
	return enrich.NewFeed(name, d)
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

// computeShow builds the show statistics of f for the tagger with lexicon
// lx and feed settings fr, reading every item.
func computeShow(f *enrich.Feed, lx *lexicon, fr *feedRules) *show {
	return buildShow(f, lx, fr, nil)
}

// detectLanguage picks the stopword languages of f's show; see
// chooseLanguage.
func detectLanguage(f *enrich.Feed, lx *lexicon, configured string) (langs uint16, skip string) {
	declared := ""
	if f.Channel != nil {
		declared = f.Channel.Language
	}
	var (
		toks []token
		st   langStats
	)
	return chooseLanguage(declared, configured, len(f.Items), func(i int) *langStats {
		it := &f.Items[i]
		st = languageStats(lx, it.Title, f.Notes(it).Text, &toks)
		return &st
	})
}
