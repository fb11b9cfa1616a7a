package persons

import (
	"fmt"
	"testing"

	"github.com/recast-podcast/recast/enrich/enrichtest"

	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// TestCorpusReport logs, per corpus feed, how many items got persons (run
// with -v to see them), and checks the counts whose names were read by hand
// against the notes: the show's hosts on every item where the channel
// names them (TestCorpusHosts); 80,000 Hours credits blocks, "Today's
// guest, …" and "#76 - Tara Kirk Sell on …" titles; Freak Show's and CRE's
// On Air lists; Vector's and Street Fight Radio's "with …" titles;
// Engineering Kiosk's and PC Perspective's host lists; The Daily's
// "Guest: …, a reporter…" lines; Podland's "GUEST:" blocks; Empower Apps'
// speaker labels where the item names no guest itself; the negatives of
// CRE ("Im Gespräch mit Tim Pritlove" names the host), Street Fight Radio
// ("Music: Ladies Night - Kool & The Gang"), Podnews ("host Brian
// McCullough" of another show). Feeds that carry podcast:person get no
// second entry for a role they fill (Linux Unplugged, Podcasting 2.0).
func TestCorpusReport(t *testing.T) {
	want := map[string]int{
		"80000hours-podcast-2020-05-feedburner.xml":                 101,
		"MALFORMED-sentimental-garbage-acast-ws-before-xmldecl.xml": 138,
		"MALFORMED-taverncast-ws-before-xmldecl-dup-guid.xml":       131,
		"chaosradio-express-cre-psc-chapters-de.xml":                30,
		"deprogram-2026-02-13.xml":                                  385,
		"empower-apps-transistor-pc20-timestamps.xml":               12,
		"engineering-kiosk-2024-10-29-redcircle-de.xml":             149,
		"engineering-kiosk-2026-07-01-redcircle-de.xml":             276,
		"giantbomb-bombcast.xml":                                    27,
		"linux-unplugged-2020-12-19-pc20.xml":                       9,
		"npr-planet-money.xml":                                      2,
		"nyt-the-daily.xml":                                         845,
		"pc-perspective-crlf-timestamps.xml":                        289,
		"podcasting-2.0-show-pc20.xml":                              0,
		"podland-pc20.xml":                                          22,
		"podnews-weekly-review.xml":                                 0,
		"reply-all-2020-12-29-reruns.xml":                           187,
		"street-fight-radio-2024-03-15.xml":                         24,
		"vector-rene-ritchie-libsyn.xml":                            220,
		"the-omni-show-html-escaped-transcript-links.xml":           4,
	}
	enrichtest.CorpusCounts(t, New(Config{NoChannelPersons: true}), want, "persons",
		func(a *feed.Additions) int { return len(a.Persons) },
		func(i int, _ *feed.Item, a *feed.Additions) []string {
			var lines []string
			for _, p := range a.Persons {
				lines = append(lines, fmt.Sprintf("item %d: %-28s %s", i, p.Name, p.Role))
			}
			return lines
		})
}

// BenchmarkEnrichLargeFeed enriches every item of the largest corpus feed,
// notes parsing included (a fresh enrich.Feed per iteration, as a run has).
func BenchmarkEnrichLargeFeed(b *testing.B) {
	enrichtest.BenchEnrich(b, New(Config{}), testcorpus.Feed(b, "engineering-kiosk-2026-07-01-redcircle-de.xml"))
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
