package feed

import (
	"bytes"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/unicode"
)

const fullFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:it="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:p="https://podcastindex.org/namespace/1.0" xmlns:c="http://purl.org/rss/1.0/modules/content/" xmlns:psc="http://podlove.org/simple-chapters" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title> Show &amp; Tell </title>
    <link>https://show.example/</link>
    <description><![CDATA[<p>About</p>]]></description>
    <language>de-DE</language>
    <it:author>Host Name</it:author>
    <image><url>https://show.example/rss.png</url></image>
    <it:image href="https://show.example/it.png"/>
    <category>Tech</category>
    <it:category text="Technology"><it:category text="Podcasting"/></it:category>
    <p:person role="Host" href="https://h.example">Hanna Host</p:person>
    <it:new-feed-url>
      https://new.example/feed
    </it:new-feed-url>
    <item>
      <title>Episode 1</title>
      <link> https://show.example/1 </link>
      <guid isPermaLink="false"> ep-1 </guid>
      <pubDate>Mon, 01 Jan 2024 00:00:00 +0000</pubDate>
      <description>&lt;p&gt;Notes &amp;amp; more&lt;/p&gt;
</description>
      <c:encoded><![CDATA[<p>Full <b>notes</b></p>]]></c:encoded>
      <enclosure url="https://show.example/1.mp3" length="123" type="audio/mpeg"/>
      <enclosure url="https://show.example/1b.mp3" length="9" type="audio/mpeg"/>
      <it:title>Ep One</it:title>
      <it:subtitle>Sub</it:subtitle>
      <it:summary> Sum </it:summary>
      <it:author>A. Author</it:author>
      <it:duration>01:02:03</it:duration>
      <it:episode>1</it:episode>
      <it:season>2</it:season>
      <it:episodeType>full</it:episodeType>
      <it:explicit>false</it:explicit>
      <it:image href=" https://show.example/1.png "/>
      <it:keywords>a, b</it:keywords>
      <category>AI</category>
      <category> Safety </category>
      <category>ai</category>
      <p:transcript url="https://show.example/1.vtt" type="text/vtt" language="en" rel="captions"/>
      <p:transcript url="https://show.example/1.html" type="text/html"/>
      <p:chapters url="https://show.example/1.json" type="application/json+chapters"/>
      <psc:chapters version="1.2">
        <psc:chapter start="00:00:00" title="Intro"/>
        <psc:chapter start="01:35:52.5" title="End" href="https://h.example/" image="https://i.example/i.png"/>
        <psc:chapter start="bogus" title="skipped"/>
      </psc:chapters>
      <p:person role="Guest" group="Cast" img="https://g.example/g.png">Gina Guest</p:person>
      <p:person>Hanna Host</p:person>
    </item>
    <item><title>Two</title><guid>https://show.example/2</guid></item>
    <item><title>Three</title><guid isPermaLink="true"></guid></item>
  </channel>
</rss>
`

func TestParseFields(t *testing.T) {
	doc, err := Parse([]byte(fullFeed))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Repairs) != 0 || &doc.Src[0] != &[]byte(fullFeed)[0] && !bytes.Equal(doc.Src, []byte(fullFeed)) {
		t.Errorf("repairs %q on a clean feed", doc.Repairs)
	}
	wantCh := Channel{
		Title:       "Show & Tell",
		Link:        "https://show.example/",
		Description: "<p>About</p>",
		Language:    "de-DE",
		Author:      "Host Name",
		Image:       "https://show.example/it.png",
		Categories:  []string{"Tech", "Technology", "Podcasting"},
		Persons:     []Person{{Name: "Hanna Host", Role: "host", Group: "cast", Href: "https://h.example"}},
		NewFeedURL:  "https://new.example/feed",
	}
	if !reflect.DeepEqual(doc.Channel, wantCh) {
		t.Errorf("channel\n got %+v\nwant %+v", doc.Channel, wantCh)
	}
	if len(doc.Items) != 3 {
		t.Fatalf("%d items, want 3", len(doc.Items))
	}
	it := doc.Items[0]
	raw := it.Raw
	it.Raw = nil
	want := Item{
		GUID:           "ep-1",
		Title:          "Episode 1",
		Link:           "https://show.example/1",
		PubDate:        "Mon, 01 Jan 2024 00:00:00 +0000",
		Description:    "<p>Notes &amp; more</p>\n",
		ContentEncoded: "<p>Full <b>notes</b></p>",
		Enclosure:      Enclosure{URL: "https://show.example/1.mp3", Type: "audio/mpeg", Length: "123"},
		ITunes: ITunes{Title: "Ep One", Subtitle: "Sub", Summary: "Sum", Author: "A. Author", Duration: "01:02:03",
			Episode: "1", Season: "2", EpisodeType: "full", Explicit: "false", Image: "https://show.example/1.png", Keywords: "a, b"},
		Categories: []string{"AI", "Safety"},
		Transcripts: []Transcript{
			{URL: "https://show.example/1.vtt", Type: "text/vtt", Language: "en", Rel: "captions"},
			{URL: "https://show.example/1.html", Type: "text/html"},
		},
		ChaptersURL: "https://show.example/1.json",
		HasChapters: true,
		PSCChapters: []Chapter{{Start: 0, Title: "Intro"}, {Start: 5752.5, Title: "End", URL: "https://h.example/", Image: "https://i.example/i.png"}},
		HasPSC:      true,
		Persons: []Person{
			{Name: "Gina Guest", Role: "guest", Group: "cast", Img: "https://g.example/g.png"},
			{Name: "Hanna Host", Role: "host", Group: "cast"},
		},
	}
	if !reflect.DeepEqual(it, want) {
		t.Errorf("item 0\n got %+v\nwant %+v", it, want)
	}
	if !bytes.HasPrefix(raw, []byte("<item>\n      <title>Episode 1")) || !bytes.HasSuffix(raw, []byte("</p:person>\n    </item>")) {
		t.Errorf("Raw = %q...%q", raw[:20], raw[len(raw)-20:])
	}
	if g := doc.Items[1]; g.GUID != "https://show.example/2" || !g.GUIDIsPermaLink || g.Title != "Two" || g.ID() != g.GUID {
		t.Errorf("item 1: %+v", g)
	}
	if g := doc.Items[2]; g.GUID != "" || g.ID() != "Three" || string(g.Raw) != `<item><title>Three</title><guid isPermaLink="true"></guid></item>` {
		t.Errorf("item 2: guid %q id %q raw %q", g.GUID, g.ID(), g.Raw)
	}
}

// Namespaces are matched by URI: prefixes are whatever the feed chose.
func TestParseNamespacesByURI(t *testing.T) {
	tests := map[string]struct {
		feed string
		want Item
	}{
		"podcast namespace on p:": {
			feed: `<rss xmlns:p="https://podcastindex.org/namespace/1.0"><channel><item><p:transcript url="u" type="text/vtt"/><p:chapters/></item></channel></rss>`,
			want: Item{Transcripts: []Transcript{{URL: "u", Type: "text/vtt"}}, HasChapters: true},
		},
		"old podcast namespace URI": {
			feed: `<rss xmlns:podcast="https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"><channel><item><podcast:chapters url="c"/></item></channel></rss>`,
			want: Item{ChaptersURL: "c", HasChapters: true},
		},
		"namespace declared on the item": {
			feed: `<rss><channel><item xmlns:x="http://www.itunes.com/dtds/podcast-1.0.dtd"><x:duration>12</x:duration></item></channel></rss>`,
			want: Item{ITunes: ITunes{Duration: "12"}},
		},
		"default namespace on the element": {
			feed: `<rss><channel><item><transcript xmlns="https://podcastindex.org/namespace/1.0" url="u"/></item></channel></rss>`,
			want: Item{Transcripts: []Transcript{{URL: "u"}}},
		},
		"itunes prefix bound elsewhere is not itunes": {
			feed: `<rss xmlns:itunes="urn:not-itunes"><channel><item><itunes:duration>12</itunes:duration><title xmlns="urn:x">not RSS</title></item></channel></rss>`,
			want: Item{},
		},
		"Apple's capitalised URI and content without slash": {
			feed: `<rss xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd" xmlns:content="http://purl.org/rss/1.0/modules/content"><channel><item><itunes:episode>3</itunes:episode><content:encoded>x</content:encoded></item></channel></rss>`,
			want: Item{ITunes: ITunes{Episode: "3"}, ContentEncoded: "x"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			doc, err := Parse([]byte(tc.feed))
			if err != nil {
				t.Fatal(err)
			}
			got := doc.Items[0]
			got.Raw = nil
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestParseNPT(t *testing.T) {
	tests := map[string]struct {
		in   string
		want float64
		ok   bool
	}{
		"hh:mm:ss":     {"01:35:52", 5752, true},
		"m:ss":         {"7:48", 468, true},
		"mm:ss.mmm":    {"35:12.250", 2112.25, true},
		"seconds":      {"37", 37, true},
		"seconds.frac": {"37.5", 37.5, true},
		"npt: prefix":  {"npt:1:00", 60, true},
		"empty":        {"", 0, false},
		"minutes > 59": {"1:60:00", 0, false},
		"letters":      {"1:0a", 0, false},
		"four parts":   {"1:2:3:4", 0, false},
		"fraction mid": {"1.5:00", 0, false},
		"negative":     {"-5", 0, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, ok := parseNPT(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("parseNPT(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func utf16Bytes(t *testing.T, s string, order unicode.Endianness, bom unicode.BOMPolicy) []byte {
	t.Helper()
	b, err := unicode.UTF16(order, bom).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseRepairs(t *testing.T) {
	const body = `<rss><channel><title>x</title><item><title>Caf%s</title></item></channel></rss>`
	feed := func(title string) string { return strings.Replace(body, "%s", title, 1) }
	tests := map[string]struct {
		in      []byte
		repairs []string // substrings, in order
		src     string   // "" to skip
		title   string   // of the first item
	}{
		"UTF-8 BOM": {
			in:      []byte("\xef\xbb\xbf" + feed("é")),
			repairs: []string{"removed the UTF-8 byte order mark"},
			src:     feed("é"),
			title:   "Café",
		},
		"UTF-16LE with BOM": {
			in:      utf16Bytes(t, `<?xml version="1.0" encoding="UTF-16"?>`+feed("é"), unicode.LittleEndian, unicode.UseBOM),
			repairs: []string{"transcoded from UTF-16LE"},
			src:     `<?xml version="1.0" encoding="UTF-8"?>` + feed("é"),
			title:   "Café",
		},
		"UTF-16BE without BOM": {
			in:      utf16Bytes(t, `<?xml version="1.0" encoding="utf-16"?>`+feed("é"), unicode.BigEndian, unicode.IgnoreBOM),
			repairs: []string{"transcoded from UTF-16BE"},
			src:     `<?xml version="1.0" encoding="UTF-8"?>` + feed("é"),
			title:   "Café",
		},
		"ISO-8859-1 read as windows-1252": {
			in:      []byte(`<?xml version="1.0" encoding="ISO-8859-1"?>` + feed("\xe9 \x93quoted\x94")),
			repairs: []string{"transcoded from windows-1252 (declared ISO-8859-1)"},
			src:     `<?xml version="1.0" encoding="UTF-8"?>` + feed("é “quoted”"),
			title:   "Café “quoted”",
		},
		"windows-1251": {
			in:      []byte(`<?xml version='1.0' encoding='windows-1251'?>` + feed(" \xcf\xf0\xe8\xe2\xe5\xf2")),
			repairs: []string{"transcoded from windows-1251"},
			src:     `<?xml version='1.0' encoding='UTF-8'?>` + feed(" Привет"),
			title:   "Caf Привет",
		},
		"declared Latin-1, content UTF-8": {
			in:      []byte(`<?xml version="1.0" encoding="latin1"?>` + feed("é")),
			repairs: []string{`declared encoding "latin1", but the content is UTF-8`},
			src:     `<?xml version="1.0" encoding="UTF-8"?>` + feed("é"),
			title:   "Café",
		},
		"declared ASCII": {
			in:      []byte(`<?xml version="1.0" encoding="us-ascii"?>` + feed("e")),
			repairs: []string{`declared encoding "us-ascii" rewritten as UTF-8`},
			src:     `<?xml version="1.0" encoding="UTF-8"?>` + feed("e"),
			title:   "Cafe",
		},
		"XML 1.1": {
			in:      []byte(`<?xml version="1.1"?>` + feed("e")),
			repairs: []string{`XML version "1.1" read as 1.0`},
			src:     `<?xml version="1.0"?>` + feed("e"),
			title:   "Cafe",
		},
		"white space before the declaration": {
			in:      []byte("\n\n<?xml version=\"1.0\"?>" + feed("é")),
			repairs: []string{"removed 2 bytes before the XML declaration"},
			src:     `<?xml version="1.0"?>` + feed("é"),
			title:   "Café",
		},
		"PHP warnings before a Latin-1 declaration": {
			in:      []byte("<br />\n<b>Warning</b>:  count(): Parameter must be an array in <b>/x.php</b> on line <b>746</b><br />\n<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" + feed("\xe9")),
			repairs: []string{"removed 102 bytes before the XML declaration", "transcoded from windows-1252"},
			src:     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + feed("é"),
			title:   "Café",
		},
		"PHP warning without declaration": {
			in:      []byte("<b>Notice</b>: x<br />\n" + feed("é")),
			repairs: []string{"removed 23 bytes before the root element"},
			src:     feed("é"),
			title:   "Café",
		},
		"junk between declaration and root": {
			in:      []byte("<?xml version=\"1.0\"?><b>Warning</b>: x\n" + feed("é")),
			repairs: []string{"removed 18 bytes before the root element"},
			src:     `<?xml version="1.0"?>` + feed("é"),
			title:   "Café",
		},
		"junk after the root": {
			in:      []byte(feed("é") + "\n<b>Warning</b>: x"),
			repairs: []string{"removed 18 bytes after the root element"},
			src:     feed("é"),
			title:   "Café",
		},
		"HTML entities and bare ampersands": {
			in: []byte(`<rss><channel><title a="&copy; A&B">x</title><item><title>Caf&eacute;&nbsp;AT&T &rsquo;&foo; &amp; &#233;<![CDATA[&nbsp;]]></title>` +
				`<!-- &nbsp; --><?pi &nbsp;?></item></channel></rss>`),
			repairs: []string{"replaced 4 HTML entity references with character references (&copy; &eacute; &nbsp; &rsquo;)", "escaped 3 '&' that started no XML reference"},
			src: `<rss><channel><title a="&#169; A&amp;B">x</title><item><title>Caf&#233;&#160;AT&amp;T &#8217;&amp;foo; &amp; &#233;<![CDATA[&nbsp;]]></title>` +
				`<!-- &nbsp; --><?pi &nbsp;?></item></channel></rss>`,
			title: "Café\u00a0AT&T \u2019&foo; & é&nbsp;",
		},
		"undeclared itunes and podcast prefixes": {
			in:      []byte(`<rss version="2.0"><channel><itunes:author>A</itunes:author><item><title>Café</title><podcast:transcript url="u"/></item></channel></rss>`),
			repairs: []string{"declared the namespace prefix itunes", "declared the namespace prefix podcast"},
			src:     `<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><itunes:author>A</itunes:author><item><title>Café</title><podcast:transcript url="u"/></item></channel></rss>`,
			title:   "Café",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			doc, err := Parse(tc.in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(doc.Repairs) != len(tc.repairs) {
				t.Fatalf("repairs %q, want %q", doc.Repairs, tc.repairs)
			}
			for i, r := range tc.repairs {
				if !strings.Contains(doc.Repairs[i], r) {
					t.Errorf("repair %d = %q, want it to contain %q", i, doc.Repairs[i], r)
				}
			}
			if tc.src != "" && string(doc.Src) != tc.src {
				t.Errorf("Src\n got %q\nwant %q", doc.Src, tc.src)
			}
			if len(doc.Items) != 1 || doc.Items[0].Title != tc.title {
				t.Fatalf("items %+v, want one titled %q", doc.Items, tc.title)
			}
			if _, err := strictItems(doc.Src); err != nil {
				t.Errorf("repaired Src is not well-formed for encoding/xml: %v", err)
			}
		})
	}
}

// Parse never modifies its input, even when it repairs.
func TestParseKeepsInput(t *testing.T) {
	in := []byte("<?xml version=\"1.0\"?><b>junk</b>\n<rss><channel><item><title>&nbsp;</title><itunes:x/></item></channel></rss>")
	orig := bytes.Clone(in)
	if _, err := Parse(in); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(in, orig) {
		t.Errorf("input modified:\n%q", in)
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]struct {
		in     string
		is     error // errors.Is target, nil for *SyntaxError
		msg    string
		line   int
		column int
	}{
		"HTML page":               {in: "<!DOCTYPE html>\n<html lang=\"en\"><head><title>x</title></head></html>", is: ErrNotFeed, msg: "feed: not an RSS or Atom feed (root element <html>)"},
		"HTML page, not XML":      {in: "<!doctype html>\n<html><body><br></body></html>", is: ErrNotFeed, msg: "feed: not an RSS or Atom feed (root element <html>)"},
		"JSON Feed":               {in: `{"version": "https://jsonfeed.org/version/1.1"}`, is: ErrNotFeed, msg: `feed: not an RSS or Atom feed (starts with "{\"version\": \"htt")`},
		"empty":                   {in: "", is: ErrNotFeed, msg: "feed: not an RSS or Atom feed (no root element)"},
		"RSS 1.0":                 {in: `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><channel/></rdf:RDF>`, is: ErrNotFeed, msg: "feed: not an RSS or Atom feed (root element <rdf:RDF>)"},
		"rss in a namespace":      {in: `<rss xmlns="http://backend.userland.com/rss2"><channel/></rss>`, is: ErrNotFeed, msg: "(root element <rss> in namespace http://backend.userland.com/rss2)"},
		"no channel":              {in: `<rss version="2.0"><item/></rss>`, is: ErrNoChannel, msg: "feed: no <channel> in <rss>"},
		"truncated":               {in: "<rss><channel><item><title>x</title>", msg: "unexpected end of input: <item> is not closed", line: 1, column: 37},
		"mismatched tags":         {in: "<rss><channel><item><title>x</item></channel></rss>", msg: "mismatched end tag </item>, expected </title>", line: 1, column: 29},
		"less-than in text":       {in: "<rss><channel><item><title>a < b</title></item></channel></rss>", msg: "invalid element name", line: 1, column: 30},
		"unknown unbound prefix":  {in: "<rss><channel><foo:x/></channel></rss>", msg: "unbound namespace prefix foo", line: 1, column: 16},
		"invalid UTF-8, no decl":  {in: "<rss><channel><title>Caf\xe9</title></channel></rss>", msg: "invalid UTF-8", line: 1, column: 25},
		"line after dropped junk": {in: "\n\n<?xml version=\"1.0\"?>\n<rss><channel>\n</rss>", msg: "mismatched end tag </rss>, expected </channel>", line: 5, column: 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			doc, err := Parse([]byte(tc.in))
			if err == nil || doc != nil {
				t.Fatalf("Parse = %v, %v; want an error and no document", doc, err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q, want it to contain %q", err, tc.msg)
			}
			if tc.is != nil {
				if !errors.Is(err, tc.is) {
					t.Errorf("error %v is not %v", err, tc.is)
				}
				return
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %T, want *SyntaxError", err)
			}
			if se.Line != tc.line || se.Column != tc.column {
				t.Errorf("position %d:%d, want %d:%d", se.Line, se.Column, tc.line, tc.column)
			}
		})
	}
}

// Hostile shapes stay linear: a quadratic scan of these would take minutes.
func TestParseLinearTime(t *testing.T) {
	const n = 20000
	repeat := func(format string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.ReplaceAll(format, "%d", strconv.Itoa(i)))
		}
		return b.String()
	}
	tests := map[string]string{
		"many namespaces in scope": `<rss ` + repeat(`xmlns:p%d="urn:%d" `) + `xmlns="">` + `<channel><item>` + repeat(`<p%d:x a="1"/><y/>`) + `</item></channel></rss>`,
		"many attributes":          `<rss><channel><item><x ` + repeat(`a%d="1" `) + `/></item></channel></rss>`,
		"many categories":          `<rss><channel>` + repeat(`<category>c%d</category>`) + `<item>` + repeat(`<category>c%d</category>`) + `</item></channel></rss>`,
		"deep nesting":             `<rss><channel><item>` + strings.Repeat("<x>", n) + strings.Repeat("</x>", n) + `</item></channel></rss>`,
		"items rebinding prefixes": `<rss xmlns:podcast="urn:x" ` + repeat(`xmlns:q%d="urn:%d" `) + `><channel>` + repeat(`<item xmlns:podcast="urn:y%d"><title>%d</title></item>`) + `</channel></rss>`,
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			d, err := Parse([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			d.Render(allAdditions(len(d.Items)), RenderOptions{Mirror: true, SelfURL: "s", InlinePSC: true})
			if el := time.Since(start); el > 5*time.Second {
				t.Errorf("took %v for %d bytes", el, len(doc))
			}
		})
	}
}

// An item is read in the namespaces declared around it, and in nothing else
// of the feed: a time stamp in a comment before <rss>, as Squarespace writes
// on every response, leaves Scope as it was; another URI for a prefix does
// not.
func TestScope(t *testing.T) {
	const body = `<channel><item><title>a</title></item></channel></rss>`
	scope := func(head string) string {
		d, err := Parse([]byte(head + body))
		if err != nil {
			t.Fatal(err)
		}
		return d.Scope()
	}
	base := scope(`<!--Generated on Thu, 10 Jan 2019 19:39:31 GMT--><rss xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:x="urn:x">`)
	if want := "content=http://purl.org/rss/1.0/modules/content/\nx=urn:x\n"; base != want {
		t.Errorf("Scope = %q, want %q", base, want)
	}
	if s := scope(`<!--Generated on Thu, 10 Jan 2019 19:40:02 GMT--><rss xmlns:content="http://purl.org/rss/1.0/modules/content/"  xmlns:x="urn:x" version="2.0">`); s != base {
		t.Errorf("another time stamp, spacing and attribute: Scope %q, want %q", s, base)
	}
	if s := scope(`<rss xmlns:content="urn:other" xmlns:x="urn:x">`); s == base {
		t.Errorf("content bound elsewhere: the same Scope %q", s)
	}
}
