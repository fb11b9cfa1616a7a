package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/recast-podcast/recast/internal/testcorpus"
)

// strictTokens decodes b with encoding/xml in strict mode, an independent
// check that b is well-formed, and calls each (when not nil) with every
// token; an error from each stops the decoding and is returned.
func strictTokens(b []byte, each func(xml.Token) error) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if each != nil {
			if err := each(tok); err != nil {
				return err
			}
		}
	}
}

// strictItems checks b with strictTokens and counts the <item> children of
// the first <channel> of the <rss> root.
func strictItems(b []byte) (int, error) {
	var (
		stack    []xml.Name
		items    int
		channels int
	)
	err := strictTokens(b, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name)
			switch {
			case len(stack) == 2 && stack[0] == xml.Name{Local: "rss"} && t.Name == xml.Name{Local: "channel"}:
				channels++
			case len(stack) == 3 && channels == 1 && stack[1] == xml.Name{Local: "channel"} && t.Name == xml.Name{Local: "item"}:
				items++
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return items, nil
}

// checkRenderAll renders doc with allAdditions and opt and checks what every
// splice test expects: encoding/xml decodes the output strictly and finds
// as many items, Parse reads it back, and every item carries the additions
// on top of what it had. It returns the output and its parse.
func checkRenderAll(t testing.TB, doc *Document, opt RenderOptions) ([]byte, *Document) {
	t.Helper()
	out := doc.Render(allAdditions(len(doc.Items)), opt)
	n, err := strictItems(out)
	if err != nil {
		t.Fatalf("output is not well-formed for encoding/xml: %v\ninput:\n%q\noutput:\n%q", err, doc.Src, out)
	}
	if n != len(doc.Items) {
		t.Fatalf("output has %d items for encoding/xml, the document %d\noutput:\n%q", n, len(doc.Items), out)
	}
	again, err := Parse(out)
	if err != nil {
		t.Fatalf("output does not parse: %v\noutput:\n%q", err, out)
	}
	if len(again.Items) != len(doc.Items) {
		t.Fatalf("re-parsed output has %d items, want %d", len(again.Items), len(doc.Items))
	}
	for i := range doc.Items {
		checkAdded(t, i, &doc.Items[i], &again.Items[i], &doc.layout.items[i], opt)
	}
	return out, again
}

// testAdditions returns one of each addition for item i, all distinct per
// item and full of characters that need escaping.
func testAdditions(i int) Additions {
	return Additions{
		Transcripts: []Transcript{
			{URL: fmt.Sprintf("https://t.example/%d.vtt?a=1&b=2", i), Type: "text/vtt", Language: "en", Rel: "captions"},
			{URL: fmt.Sprintf("https://t.example/%d.vtt?a=1&b=2", i), Type: "text/vtt"}, // duplicate: skipped
		},
		Chapters: []Chapter{
			{Start: 0, Title: "Intro <1>", URL: "https://c.example/?x=\"1\""},
			{Start: 600, Title: "Middle ]]> part\x1f"}, // XML allows no U+001F
			{Start: 5752.25, Title: "Q&A", Image: "https://c.example/i.png"},
		},
		ChaptersURL: fmt.Sprintf("https://c.example/%d.json", i),
		Categories:  []string{"Recast <Topic> & Co", "recast <topic> & co", " "},
		Persons: []Person{
			{Name: "Ada \"Countess\" & Co", Role: "guest", Group: "cast", Href: "https://p.example/?a&b", Img: "https://p.example/a.png"},
			{Name: "ada \"countess\" & co", Role: "Guest"}, // duplicate: skipped
		},
	}
}

func allAdditions(n int) []Additions {
	adds := make([]Additions, n)
	for i := range adds {
		adds[i] = testAdditions(i)
	}
	return adds
}

// checkAdded verifies that re-parsed item got carries the additions of
// testAdditions(i) on top of what the original item had.
// With opt.DescriptionChapters, the notes (description, content:encoded)
// that can take the chapter list (ol) end with it; other notes are unchanged.
func checkAdded(t testing.TB, i int, orig, got *Item, ol *itemLayout, opt RenderOptions) {
	t.Helper()
	inlinePSC := opt.InlinePSC
	want := testAdditions(i)
	if got.GUID != orig.GUID || got.Title != orig.Title || got.Enclosure != orig.Enclosure || got.Link != orig.Link {
		t.Errorf("item %d changed: guid %q title %q enclosure %+v, want %q %q %+v", i, got.GUID, got.Title, got.Enclosure, orig.GUID, orig.Title, orig.Enclosure)
	}
	for _, n := range [...]struct {
		name      string
		orig, got string
		at        notesEnd
	}{{"description", orig.Description, got.Description, ol.desc}, {"content:encoded", orig.ContentEncoded, got.ContentEncoded, ol.content}} {
		if !opt.DescriptionChapters || n.at.end == 0 {
			if n.got != n.orig {
				t.Errorf("item %d: %s changed", i, n.name)
			}
			continue
		}
		o, g := strings.TrimSpace(n.orig), strings.TrimSpace(n.got)
		if !strings.HasPrefix(g, o) || !strings.HasSuffix(g, "01:35:52 Q&amp;A</p>") && !strings.HasSuffix(g, "01:35:52 Q&A") {
			t.Errorf("item %d: %s does not end with the chapter list: %q", i, n.name, g[max(0, len(g)-200):])
		}
	}
	n := 0
	for _, tr := range got.Transcripts {
		if tr.URL == want.Transcripts[0].URL {
			n++
		}
	}
	if n != 1 {
		t.Errorf("item %d: transcript %s present %d times, want once", i, want.Transcripts[0].URL, n)
	}
	if !got.HasChapters {
		t.Errorf("item %d: no podcast:chapters", i)
	}
	if !orig.HasChapters && got.ChaptersURL != want.ChaptersURL {
		t.Errorf("item %d: chapters url %q, want %q", i, got.ChaptersURL, want.ChaptersURL)
	}
	if inlinePSC && !got.HasPSC {
		t.Errorf("item %d: no psc:chapters", i)
	}
	if inlinePSC && !orig.HasPSC {
		if len(got.PSCChapters) != 3 || got.PSCChapters[2].Start != 5752.25 || got.PSCChapters[2].Title != "Q&A" || got.PSCChapters[0].URL != "https://c.example/?x=\"1\"" {
			t.Errorf("item %d: psc chapters %+v", i, got.PSCChapters)
		}
	}
	c := 0
	for _, cat := range got.Categories {
		if strings.EqualFold(cat, want.Categories[0]) {
			c++
		}
	}
	if c != 1 {
		t.Errorf("item %d: category %q present %d times, want once (%q)", i, want.Categories[0], c, got.Categories)
	}
	p := 0
	for _, pe := range got.Persons {
		if strings.EqualFold(pe.Name, want.Persons[0].Name) && pe.Role == "guest" {
			p++
		}
	}
	if p != 1 {
		t.Errorf("item %d: person present %d times, want once (%+v)", i, p, got.Persons)
	}
}

// quietTB lets fuzz seeding use testcorpus without skipping the whole fuzz
// test when the corpus is absent: Skip and Fatal only mark it missing.
type quietTB struct {
	testing.TB
	missing bool
}

func (q *quietTB) Helper()                      {}
func (q *quietTB) Skip(...any)                  { q.missing = true }
func (q *quietTB) Skipf(string, ...any)         { q.missing = true }
func (q *quietTB) SkipNow()                     { q.missing = true }
func (q *quietTB) Fatalf(string, ...any)        { q.missing = true }
func (q *quietTB) Fatal(...any)                 { q.missing = true }
func (q *quietTB) Errorf(string, ...any)        { q.missing = true }
func (q *quietTB) Logf(format string, a ...any) {}

// optionalCorpusFeed returns a corpus feed, or nil when there is no corpus.
func optionalCorpusFeed(tb testing.TB, name string) []byte {
	q := &quietTB{TB: tb}
	b := testcorpus.Feed(q, name)
	if q.missing {
		return nil
	}
	return b
}
