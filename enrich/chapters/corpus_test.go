package chapters

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/enrich/enrichtest"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// loadFeed reads a corpus feed into an enrich.Feed through gofeed, mapping
// the fields the chapters enricher reads (feed.Parse is written elsewhere).
// Feeds gofeed cannot read are reported to tb and yield nil.
func loadFeed(tb testing.TB, raw []byte) *enrich.Feed {
	tb.Helper()
	// gofeed refuses white space before the XML declaration; real feeds have it.
	raw = bytes.TrimLeft(raw, " \t\r\n")
	pf, err := gofeed.NewParser().Parse(bytes.NewReader(raw))
	if err != nil {
		tb.Logf("gofeed: %v", err)
		return nil
	}
	ch := &feed.Channel{Title: pf.Title, Link: pf.Link, Language: pf.Language}
	items := make([]feed.Item, 0, len(pf.Items))
	for _, pi := range pf.Items {
		it := feed.Item{
			GUID:           strings.TrimSpace(pi.GUID),
			Title:          pi.Title,
			Link:           strings.TrimSpace(pi.Link),
			Description:    pi.Description,
			ContentEncoded: pi.Content,
		}
		if len(pi.Enclosures) > 0 {
			it.Enclosure = feed.Enclosure{URL: pi.Enclosures[0].URL, Type: pi.Enclosures[0].Type, Length: pi.Enclosures[0].Length}
		}
		if x := pi.ITunesExt; x != nil {
			it.ITunes = feed.ITunes{Duration: strings.TrimSpace(x.Duration), Summary: x.Summary, Subtitle: x.Subtitle}
		}
		for _, e := range extNamed(pi.Extensions, "chapters") {
			if _, ok := e.Attrs["url"]; ok || e.Attrs["type"] != "" {
				it.HasChapters = true
				it.ChaptersURL = strings.TrimSpace(e.Attrs["url"])
				continue
			}
			// psc:chapters: <psc:chapter start title href image/>
			it.HasPSC = true
			for _, c := range e.Children["chapter"] {
				start, ok := parseNPT(c.Attrs["start"])
				if !ok {
					continue
				}
				it.PSCChapters = append(it.PSCChapters, feed.Chapter{Start: start, Title: c.Attrs["title"], URL: c.Attrs["href"], Image: c.Attrs["image"]})
			}
		}
		items = append(items, it)
	}
	return &enrich.Feed{Name: "test", Channel: ch, Items: items}
}

// extNamed returns the extension elements called name under any prefix.
func extNamed(x ext.Extensions, name string) []ext.Extension {
	var out []ext.Extension
	for _, m := range x {
		out = append(out, m[name]...)
	}
	return out
}

// parseNPT reads a Podlove Normal Play Time ("01:35:52", "7:48", "35:12.250", "37").
func parseNPT(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	var sec float64
	for _, p := range strings.Split(s, ":") {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || v < 0 {
			return 0, false
		}
		sec = sec*60 + v
	}
	return sec, true
}

// corpusFeed loads one corpus feed by name, skipping when absent.
func corpusFeed(tb testing.TB, name string) *enrich.Feed {
	tb.Helper()
	f := loadFeed(tb, testcorpus.Feed(tb, name))
	if f == nil {
		tb.Fatalf("%s: gofeed could not read it", name)
	}
	return f
}

// corpusExpect is what the notes source must give per corpus feed: at
// least min items with a list from the notes, at most max (-1: no bound).
// Checked by hand: engineering-kiosk's "Sprungmarken" (every list, also
// the 2 that run 3-6 minutes past itunes:duration), pc-perspective's
// "0:04:30 <a>topic</a>" lists (the misses start late or lack titles), and
// nothing at all from the trap feeds.
var corpusExpect = map[string]struct{ min, max int }{
	"engineering-kiosk-2026-07-01-redcircle-de.xml":             {236, 236},
	"engineering-kiosk-2024-10-29-redcircle-de.xml":             {149, 149},
	"pc-perspective-crlf-timestamps.xml":                        {261, 261},
	"empower-apps-transistor-pc20-timestamps.xml":               {0, 0}, // the items with lists carry podcast:chapters; the others carry pasted transcripts
	"nyt-the-daily.xml":                                         {0, 0},
	"gooaye-zh-tw.xml":                                          {0, 0},
	"soundon-adult-small-talk-zh-tw.xml":                        {0, 0},
	"MALFORMED-sentimental-garbage-acast-ws-before-xmldecl.xml": {0, 0},
	"freak-show-podlove-psc-chapters-de.xml":                    {0, 0},
	"street-fight-radio-2024-03-15.xml":                         {0, 0},
	"giantbomb-bombcast.xml":                                    {0, 0},
	"80000hours-podcast-2020-05-feedburner.xml":                 {0, 0},
}

// TestCorpusReport runs the enricher (no network) over every corpus feed,
// logs per feed how many items got chapters from which source (-v) and
// checks corpusExpect.
func TestCorpusReport(t *testing.T) {
	e := New(Config{})
	for _, p := range testcorpus.Feeds(t) {
		name := filepath.Base(p)
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := loadFeed(t, raw)
		if f == nil {
			t.Logf("%-58s not readable by gofeed", name)
			continue
		}
		var own, psc, notes, chapters int
		for i := range f.Items {
			it := &f.Items[i]
			var add feed.Additions
			if err := e.Enrich(context.Background(), f, it, &add); err != nil {
				t.Errorf("%s item %d: %v", name, i, err)
			}
			checkList(t, add.Chapters, 1)
			chapters += len(add.Chapters)
			switch {
			case it.HasChapters:
				own++
				if add.Chapters != nil {
					t.Errorf("%s item %d: chapters added beside its podcast:chapters", name, i)
				}
			case len(add.Chapters) > 0 && len(it.PSCChapters) > 0:
				psc++
			case len(add.Chapters) > 0:
				notes++
				if d := os.Getenv("CHAPTERS_DUMP"); d != "" && strings.Contains(name, d) {
					t.Logf("%s #%d %q duration %s", name, i, it.Title, it.ITunes.Duration)
					for _, c := range add.Chapters {
						t.Logf("    %6.0f %s  %s", c.Start, c.Title, c.URL)
					}
				}
			}
		}
		t.Logf("%-58s items=%4d own=%3d psc=%3d notes=%3d chapters=%5d", name, len(f.Items), own, psc, notes, chapters)
		if want, ok := corpusExpect[name]; ok && (notes < want.min || want.max >= 0 && notes > want.max) {
			t.Errorf("%s: %d items with chapters from the notes, want %d..%d", name, notes, want.min, want.max)
		}
	}
}

// TestCorpusCrossCheck compares the notes lists of items that also carry
// official podcast:chapters (empower-apps, linux-unplugged) with a count of
// their list lines made independently: every "(mm:ss) - Title" or
// "h:mm:ss Title" line must become one chapter, the first at 0.
func TestCorpusCrossCheck(t *testing.T) {
	tests := map[string]*regexp.Regexp{
		"empower-apps-transistor-pc20-timestamps.xml": regexp.MustCompile(`(?m)^\(\d\d:\d\d\) - \S`),
		"linux-unplugged-2020-12-19-pc20.xml":         regexp.MustCompile(`(?m)^(\d{1,2}:)?\d{1,2}:\d\d \S`),
	}
	for name, line := range tests {
		t.Run(name, func(t *testing.T) {
			f := corpusFeed(t, name)
			compared := 0
			for i := range f.Items {
				it := &f.Items[i]
				n := f.Notes(it)
				want := len(line.FindAllString(n.Text, -1))
				if !it.HasChapters || want < 3 {
					continue
				}
				compared++
				got := FromNotes(n, ListOptions{Duration: ParseDuration(it.ITunes.Duration)})
				if len(got) != want || got[0].Start != 0 {
					t.Errorf("item %d %q: %d chapters (%+v), want %d from 0", i, it.Title, len(got), got, want)
				}
			}
			t.Logf("%s: %d items with podcast:chapters and a notes list compared", name, compared)
			if compared == 0 {
				t.Error("nothing compared")
			}
		})
	}
}

// largeFeed is the benchmark feed: Engineering Kiosk, 276 items, 4 MB.
const largeFeed = "engineering-kiosk-2026-07-01-redcircle-de.xml"

// BenchmarkEnrichLargeFeed enriches every item of the large feed in a fresh
// run each time, so the show notes are parsed too (enrich.Feed.Notes, whose
// cost the enrichers share).
func BenchmarkEnrichLargeFeed(b *testing.B) {
	enrichtest.BenchEnrich(b, New(Config{}), testcorpus.Feed(b, largeFeed))
}

// BenchmarkChaptersOnly is BenchmarkEnrichLargeFeed with the notes parsed
// once beforehand: the chapters enricher's own cost.
func BenchmarkChaptersOnly(b *testing.B) {
	enrichtest.BenchNotesCached(b, New(Config{}), testcorpus.Feed(b, largeFeed))
}
