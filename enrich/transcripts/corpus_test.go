package transcripts

import (
	"fmt"
	"testing"

	"github.com/recast-podcast/recast/enrich/enrichtest"

	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// TestCorpusReport logs, per corpus feed, how many items got a transcript,
// and checks the counts verified by hand (see the comments).
func TestCorpusReport(t *testing.T) {
	// want is the number of items that get a transcript, checked by hand
	// against each feed's notes: 80,000 Hours links its episode pages from
	// 84 items ("Links to learn more, summary and full transcript.", "transcript
	// here"...), the Omni Show's four items say "Full transcript and show notes
	// at <a>", Vector #13 has "Transcript: <a>". Every other link that mentions
	// transcripts in these feeds is about something else (NYT transcripts of
	// calls and statements, Podnews/Podland stories on transcript support,
	// ATP's links to other episodes, Engineering Kiosk's AssemblyAI credit),
	// and the feeds that carry podcast:transcript get nothing twice.
	want := map[string]int{
		"80000hours-podcast-2020-05-feedburner.xml":       84,
		"the-omni-show-html-escaped-transcript-links.xml": 4,
		"vector-rene-ritchie-libsyn.xml":                  1,
		"nyt-the-daily.xml":                               0,
		"accidental-tech-podcast-squarespace.xml":         0,
		"podland-pc20.xml":                                0,
		"podnews-weekly-review.xml":                       0,
		"podcasting-2.0-show-pc20.xml":                    0,
		"buzzsprout-how-to-start-a-podcast-pc20.xml":      0,
		"engineering-kiosk-2026-07-01-redcircle-de.xml":   0,
		"engineering-kiosk-2024-10-29-redcircle-de.xml":   0,
		"empower-apps-transistor-pc20-timestamps.xml":     0,
		"the-mn-show-pc20-transcripts-chapters.xml":       0,
		"no-agenda-2022-pc20.xml":                         0,
		"npr-planet-money.xml":                            0,
		"reply-all-2020-12-29-reruns.xml":                 0,
		"linux-unplugged-2020-12-19-pc20.xml":             0,
	}
	enrichtest.CorpusCounts(t, New(Config{}), want, "transcripts",
		func(a *feed.Additions) int { return len(a.Transcripts) },
		func(i int, it *feed.Item, a *feed.Additions) []string {
			var lines []string
			for _, tr := range a.Transcripts {
				lines = append(lines, fmt.Sprintf("item %d %q: %s %s %s %s", i, it.Title, tr.Type, tr.Language, tr.Rel, tr.URL))
			}
			return lines
		})
}

// BenchmarkEnrichLargeFeed enriches every item of the largest corpus feed.
// Show notes are parsed once per run (Feed.Notes), so each iteration uses a
// fresh enrich.Feed and pays for that parse, as a real run does; compare
// with BenchmarkParseNotes for the enricher's own share.
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
