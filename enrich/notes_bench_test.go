package enrich

import (
	"testing"

	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// benchFeed is the largest corpus feed: 276 Engineering Kiosk episodes whose
// notes are HTML escaped once too often.
const benchFeed = "engineering-kiosk-2026-07-01-redcircle-de.xml"

// corpusNotes returns the show notes (notesHTML) of every item of the corpus
// feed name.
func corpusNotes(tb testing.TB, name string) []string {
	tb.Helper()
	doc, err := feed.Parse(testcorpus.Feed(tb, name))
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	notes := make([]string, len(doc.Items))
	for i := range doc.Items {
		notes[i] = notesHTML(&doc.Items[i])
	}
	return notes
}

// BenchmarkParseNotes parses the notes of every item of benchFeed per
// iteration, with ParseNotes and with the x/net/html reference it replaced.
func BenchmarkParseNotes(b *testing.B) {
	notes := corpusNotes(b, benchFeed)
	for _, bc := range []struct {
		name  string
		parse func(string) Notes
	}{
		{"scanner", ParseNotes},
		{"xnethtml", parseNotesXNetHTML},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var size int64
			for _, s := range notes {
				size += int64(len(s))
			}
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range notes {
					bc.parse(s)
				}
			}
		})
	}
}
