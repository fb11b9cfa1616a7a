package feed

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mmcdole/gofeed/rss"

	"github.com/recast-podcast/recast/internal/testcorpus"
)

// corpusItems is the item count of every corpus feed, from MANIFEST.md.
var corpusItems = map[string]int{
	"80000hours-podcast-2020-05-feedburner.xml":                        101,
	"MALFORMED-babes-in-business-undefined-entity.xml":                 41,
	"MALFORMED-comintegrator-no-guids-undefined-entity.xml":            10,
	"MALFORMED-meia-horinha-wordpress-php-warnings-before-xmldecl.xml": 8,
	"MALFORMED-no-agenda-undefined-entity-pc20.xml":                    29,
	"MALFORMED-sentimental-garbage-acast-ws-before-xmldecl.xml":        138,
	"MALFORMED-taverncast-ws-before-xmldecl-dup-guid.xml":              131,
	"MALFORMED-vrt-de-grote-no-guid-unbound-prefix.xml":                12,
	"NONPODCAST-dont-hit-save-utf8-bom-cr-eol.xml":                     10,
	"accidental-tech-podcast-squarespace.xml":                          100,
	"bbc-world-service-new-feed-url.xml":                               60,
	"buzzsprout-how-to-start-a-podcast-pc20.xml":                       11,
	"catradio-series-i-cinema-iso-8859-1.xml":                          50,
	"chaosradio-express-cre-psc-chapters-de.xml":                       30,
	"deprogram-2026-02-13.xml":                                         385,
	"der-lautsprecher-podlove-psc-pc20-paged-de.xml":                   5,
	"empower-apps-transistor-pc20-timestamps.xml":                      151,
	"engineering-kiosk-2024-10-29-redcircle-de.xml":                    149,
	"engineering-kiosk-2026-07-01-redcircle-de.xml":                    276,
	"ent-expert-opinion-typepad-atom-enclosures.xml":                   43,
	"freak-show-podlove-psc-chapters-de.xml":                           30,
	"giantbomb-bombcast.xml":                                           730,
	"gooaye-zh-tw.xml":                                                 229,
	"homegrown-hits-music-pc20-chapters.xml":                           4,
	"linux-unplugged-2020-12-19-pc20.xml":                              384,
	"medienkuh-wordpress-no-enclosures-de.xml":                         10,
	"no-agenda-2022-pc20.xml":                                          10,
	"npr-planet-money.xml":                                             355,
	"nyt-the-daily.xml":                                                845,
	"pc-perspective-crlf-timestamps.xml":                               291,
	"podcasting-2.0-show-pc20.xml":                                     56,
	"podland-pc20.xml":                                                 58,
	"podnews-weekly-review.xml":                                        100,
	"reply-all-2020-12-29-reruns.xml":                                  187,
	"soundon-adult-small-talk-zh-tw.xml":                               243,
	"street-fight-radio-2024-03-15.xml":                                500,
	"the-mn-show-pc20-transcripts-chapters.xml":                        54,
	"the-omni-show-html-escaped-transcript-links.xml":                  4,
	"vector-rene-ritchie-libsyn.xml":                                   220,
}

// corpusRepairs are the repairs expected of the feeds that need some; every
// other feed must parse with none, and with Src being the input itself.
var corpusRepairs = map[string][]string{
	"MALFORMED-babes-in-business-undefined-entity.xml":                 {"replaced 2 HTML entity references with character references (&nbsp;)"},
	"MALFORMED-comintegrator-no-guids-undefined-entity.xml":            {"escaped 2 '&' that started no XML reference"},
	"MALFORMED-meia-horinha-wordpress-php-warnings-before-xmldecl.xml": {"removed 529 bytes before the XML declaration"},
	"MALFORMED-no-agenda-undefined-entity-pc20.xml":                    {"escaped 1 '&' that started no XML reference"},
	"MALFORMED-sentimental-garbage-acast-ws-before-xmldecl.xml":        {"removed 1 bytes before the XML declaration"},
	"MALFORMED-taverncast-ws-before-xmldecl-dup-guid.xml":              {"removed 1 bytes before the XML declaration"},
	"MALFORMED-vrt-de-grote-no-guid-unbound-prefix.xml":                {"declared the namespace prefix itunes (http://www.itunes.com/dtds/podcast-1.0.dtd) on the root element"},
	"NONPODCAST-dont-hit-save-utf8-bom-cr-eol.xml":                     {"removed the UTF-8 byte order mark"},
	"catradio-series-i-cinema-iso-8859-1.xml":                          {"transcoded from windows-1252 (declared ISO-8859-1)"},
	"ent-expert-opinion-typepad-atom-enclosures.xml":                   {"converted from Atom"},
}

// parseCorpusFeed parses a corpus feed.
func parseCorpusFeed(t *testing.T, raw []byte) *Document {
	t.Helper()
	doc, err := Parse(raw)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return doc
}

func TestCorpus(t *testing.T) {
	for _, path := range testcorpus.Feeds(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want, ok := corpusItems[name]
			if !ok {
				t.Fatalf("%s is not in corpusItems; add its MANIFEST item count", name)
			}
			doc := parseCorpusFeed(t, raw)
			if len(doc.Items) != want {
				t.Errorf("%d items, MANIFEST says %d", len(doc.Items), want)
			}
			if wantRepairs, ok := corpusRepairs[name]; ok {
				if strings.Join(doc.Repairs, "\n") != strings.Join(wantRepairs, "\n") {
					t.Errorf("repairs %q, want %q", doc.Repairs, wantRepairs)
				}
			} else {
				if len(doc.Repairs) > 0 {
					t.Errorf("repairs %q on a clean feed", doc.Repairs)
				}
				if len(doc.Src) != len(raw) || &doc.Src[0] != &raw[0] {
					t.Errorf("Src is not the input of a clean feed")
				}
			}
			if !bytes.Equal(doc.Render(nil, RenderOptions{}), doc.Src) {
				t.Fatalf("Render(nil) differs from Src")
			}

			opt := RenderOptions{SelfURL: "https://recast.example/feeds/x?a=1&b=2", Mirror: true, InlinePSC: true, DescriptionChapters: true}
			out, again := checkRenderAll(t, doc, opt)
			if len(again.Repairs) > 0 {
				t.Errorf("rendered feed needs repairs: %q", again.Repairs)
			}
			if again.Channel.NewFeedURL != "" {
				t.Errorf("Mirror kept the new feed URL %q", again.Channel.NewFeedURL)
			}
			if !bytes.Contains(out, []byte(`href="https://recast.example/feeds/x?a=1&amp;b=2"`)) {
				t.Errorf("no self link to the mirror")
			}
		})
	}
}

// The corpus feeds carry the podcast:transcript, podcast:chapters,
// psc:chapter and podcast:person tags MANIFEST.md counts (none where it
// lists none).
func TestCorpusCounts(t *testing.T) {
	type counts struct{ transcripts, chapters, psc, persons int }
	tests := map[string]counts{
		"engineering-kiosk-2026-07-01-redcircle-de.xml":  {transcripts: 59},
		"buzzsprout-how-to-start-a-podcast-pc20.xml":     {transcripts: 33, chapters: 9},
		"empower-apps-transistor-pc20-timestamps.xml":    {transcripts: 21, chapters: 22, persons: 282},
		"linux-unplugged-2020-12-19-pc20.xml":            {chapters: 112, persons: 1204},
		"the-mn-show-pc20-transcripts-chapters.xml":      {transcripts: 56, chapters: 54, persons: 55},
		"MALFORMED-no-agenda-undefined-entity-pc20.xml":  {transcripts: 29, chapters: 29, persons: 28},
		"freak-show-podlove-psc-chapters-de.xml":         {psc: 629},
		"chaosradio-express-cre-psc-chapters-de.xml":     {psc: 231},
		"der-lautsprecher-podlove-psc-pc20-paged-de.xml": {psc: 57, persons: 11},
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			doc := parseCorpusFeed(t, testcorpus.Feed(t, name))
			got := counts{persons: len(doc.Channel.Persons)}
			for _, it := range doc.Items {
				got.transcripts += len(it.Transcripts)
				got.psc += len(it.PSCChapters)
				got.persons += len(it.Persons)
				if it.HasChapters {
					got.chapters++
				}
			}
			if got != want {
				t.Errorf("%+v, want %+v", got, want)
			}
		})
	}
}

// What particular corpus feeds are known to hold.
func TestCorpusContent(t *testing.T) {
	tests := map[string]func(t *testing.T, doc *Document){
		"engineering-kiosk-2026-07-01-redcircle-de.xml": func(t *testing.T, doc *Document) {
			if tr := doc.Items[0].Transcripts; len(tr) != 1 || tr[0].Type != "text/vtt" || !strings.HasPrefix(tr[0].URL, "https://") {
				t.Errorf("item 0 transcripts %+v", tr)
			}
		},
		"freak-show-podlove-psc-chapters-de.xml": func(t *testing.T, doc *Document) {
			for i, it := range doc.Items {
				for j := 1; j < len(it.PSCChapters); j++ {
					if it.PSCChapters[j].Start <= it.PSCChapters[j-1].Start {
						t.Errorf("item %d: chapter starts not increasing: %v, %v", i, it.PSCChapters[j-1], it.PSCChapters[j])
					}
				}
			}
		},
		"catradio-series-i-cinema-iso-8859-1.xml": func(t *testing.T, doc *Document) {
			var text strings.Builder
			for _, it := range doc.Items {
				text.WriteString(it.Title + it.Description)
			}
			s := text.String()
			if !strings.ContainsAny(s, "àèéíòóúç") || strings.ContainsRune(s, utf8.RuneError) || !utf8.ValidString(s) {
				t.Errorf("Catalan text not transcoded: %.200q", s)
			}
		},
		"MALFORMED-vrt-de-grote-no-guid-unbound-prefix.xml": func(t *testing.T, doc *Document) {
			if doc.Channel.NewFeedURL != "https://podcasts.vrt.be/v1/program-6f4b068a-7178-4809-ab2f-fd016e1f4df3" {
				t.Errorf("new feed URL %q", doc.Channel.NewFeedURL)
			}
			for i, it := range doc.Items {
				if it.GUID != "" || it.ID() != it.Enclosure.URL || it.ITunes.Duration == "" {
					t.Errorf("item %d: guid %q id %q duration %q", i, it.GUID, it.ID(), it.ITunes.Duration)
				}
			}
		},
		"medienkuh-wordpress-no-enclosures-de.xml": func(t *testing.T, doc *Document) {
			for i, it := range doc.Items {
				if it.GUID != "" || it.Enclosure.URL != "" || it.ID() != it.Link {
					t.Errorf("item %d: guid %q enclosure %q id %q", i, it.GUID, it.Enclosure.URL, it.ID())
				}
			}
		},
		"pc-perspective-crlf-timestamps.xml": func(t *testing.T, doc *Document) {
			out := doc.Render([]Additions{{Categories: []string{"Recast"}}}, RenderOptions{})
			i := bytes.Index(out, []byte("<category>Recast</category>"))
			j := i
			for j > 0 && (out[j-1] == ' ' || out[j-1] == '\t') {
				j--
			}
			if e := i + len("<category>Recast</category>"); i < 0 || !bytes.HasSuffix(out[:j], []byte("\r\n")) || !bytes.HasPrefix(out[e:], []byte("\r\n</item>")) {
				t.Errorf("addition not on its own CRLF line: %q", out[max(0, i-40):i+40])
			}
			if bytes.Count(out, []byte("\n"))-bytes.Count(out, []byte("\r\n")) != bytes.Count(doc.Src, []byte("\n"))-bytes.Count(doc.Src, []byte("\r\n")) {
				t.Errorf("bare LF added to a CRLF feed")
			}
		},
	}
	for name, check := range tests {
		t.Run(name, func(t *testing.T) {
			check(t, parseCorpusFeed(t, testcorpus.Feed(t, name)))
		})
	}
}

// Item GUIDs, titles and enclosures agree with gofeed's RSS parser, an
// independent reading, on the well-formed UTF-8 RSS feeds.
func TestCorpusAgainstGofeed(t *testing.T) {
	for _, path := range testcorpus.Feeds(t) {
		name := filepath.Base(path)
		if _, repaired := corpusRepairs[name]; repaired {
			continue
		}
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc := parseCorpusFeed(t, raw)
			gf, err := (&rss.Parser{}).Parse(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			if len(gf.Items) != len(doc.Items) {
				t.Fatalf("%d items, gofeed %d", len(doc.Items), len(gf.Items))
			}
			for i, g := range gf.Items {
				it := &doc.Items[i]
				var guid, enc string
				if g.GUID != nil {
					guid = g.GUID.Value
				}
				if g.Enclosure != nil {
					enc = g.Enclosure.URL
				}
				if it.GUID != strings.TrimSpace(guid) || it.Title != strings.TrimSpace(g.Title) || it.Enclosure.URL != strings.TrimSpace(enc) {
					t.Errorf("item %d: %q %q %q; gofeed %q %q %q", i, it.GUID, it.Title, it.Enclosure.URL, guid, g.Title, enc)
				}
			}
		})
	}
}
