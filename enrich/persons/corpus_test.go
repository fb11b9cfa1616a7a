package persons

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/recast-podcast/recast/enrich/enrichtest"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// TestCorpusReport logs, per corpus feed, how many items got persons (run
// with -v to see them), and checks the counts whose names were read by hand
// against the notes: 80,000 Hours credits blocks and "Today's guest, …";
// Engineering Kiosk's and PC Perspective's host lists; The Daily's
// "Guest: …, a reporter…" lines; Podland's "GUEST:" blocks; Empower Apps'
// speaker labels where the item names no guest itself; the negatives of
// CRE ("Im Gespräch mit Tim Pritlove" names the host), Street Fight Radio
// ("Music: Ladies Night - Kool & The Gang"), Podnews ("host Brian
// McCullough" of another show). Feeds that carry podcast:person get no
// second entry for a role they fill (Linux Unplugged, Podcasting 2.0).
func TestCorpusReport(t *testing.T) {
	want := map[string]int{
		"80000hours-podcast-2020-05-feedburner.xml":                 68,
		"MALFORMED-sentimental-garbage-acast-ws-before-xmldecl.xml": 33,
		"MALFORMED-taverncast-ws-before-xmldecl-dup-guid.xml":       1,
		"chaosradio-express-cre-psc-chapters-de.xml":                0,
		"deprogram-2026-02-13.xml":                                  5,
		"empower-apps-transistor-pc20-timestamps.xml":               11,
		"engineering-kiosk-2024-10-29-redcircle-de.xml":             148,
		"engineering-kiosk-2026-07-01-redcircle-de.xml":             275,
		"giantbomb-bombcast.xml":                                    9,
		"linux-unplugged-2020-12-19-pc20.xml":                       2,
		"npr-planet-money.xml":                                      1,
		"nyt-the-daily.xml":                                         586,
		"pc-perspective-crlf-timestamps.xml":                        289,
		"podcasting-2.0-show-pc20.xml":                              0,
		"podland-pc20.xml":                                          18,
		"podnews-weekly-review.xml":                                 0,
		"reply-all-2020-12-29-reruns.xml":                           11,
		"street-fight-radio-2024-03-15.xml":                         1,
		"vector-rene-ritchie-libsyn.xml":                            1,
		"the-omni-show-html-escaped-transcript-links.xml":           0,
	}
	e := New(Config{NoChannelPersons: true})
	for _, p := range testcorpus.Feeds(t) {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			f := enrichtest.LoadFeed(t, name, raw)
			adds := enrichtest.EnrichAll(t, e, f)
			items, n := 0, 0
			for i, a := range adds {
				if len(a.Persons) > 0 {
					items++
					n += len(a.Persons)
					if testing.Verbose() {
						for _, p := range a.Persons {
							t.Logf("item %d: %-28s %s", i, p.Name, p.Role)
						}
					}
				}
			}
			t.Logf("%s: %d of %d items enriched, %d persons", name, items, len(f.Items), n)
			if w, ok := want[name]; ok && items != w {
				t.Errorf("%d items enriched, want %d", items, w)
			}
		})
	}
}

// BenchmarkEnrichLargeFeed enriches every item of the largest corpus feed,
// notes parsing included (a fresh enrich.Feed per iteration, as a run has).
func BenchmarkEnrichLargeFeed(b *testing.B) {
	src := enrichtest.LoadFeed(b, "engineering-kiosk", testcorpus.Feed(b, "engineering-kiosk-2026-07-01-redcircle-de.xml"))
	e := New(Config{})
	adds := make([]feed.Additions, len(src.Items))
	b.ReportAllocs()
	for b.Loop() {
		f := &enrich.Feed{Name: src.Name, Channel: src.Channel, Items: src.Items}
		for i := range f.Items {
			adds[i] = feed.Additions{}
			if err := e.Enrich(context.Background(), f, &f.Items[i], &adds[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkEnrichLargeFeedNotesCached is the enricher alone: notes parsed
// before the timer starts.
func BenchmarkEnrichLargeFeedNotesCached(b *testing.B) {
	enrichtest.BenchNotesCached(b, New(Config{}), testcorpus.Feed(b, "engineering-kiosk-2026-07-01-redcircle-de.xml"))
}

// TestConcurrent runs one Enricher over a feed's items from several
// goroutines (run with -race) and checks the result is the sequential one.
func TestConcurrent(t *testing.T) {
	enrichtest.CheckConcurrent(t, New(Config{}), testcorpus.Feed(t, "80000hours-podcast-2020-05-feedburner.xml"))
}
