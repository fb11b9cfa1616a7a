package feed

import (
	"strings"
	"testing"
)

const (
	xmlnsPodcast = ` xmlns:podcast="https://podcastindex.org/namespace/1.0"`
	xmlnsItunes  = ` xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"`
	xmlnsAtom    = ` xmlns:atom="http://www.w3.org/2005/Atom"`
	xmlnsPSC     = ` xmlns:psc="http://podlove.org/simple-chapters"`
)

func transcript(url string) Additions {
	return Additions{Transcripts: []Transcript{{URL: url}}}
}

func TestRender(t *testing.T) {
	tests := map[string]struct {
		in   string
		adds []Additions
		opt  RenderOptions
		want string
	}{
		"declares the podcast namespace on rss": {
			in:   "<rss version=\"2.0\">\n  <channel>\n    <title>t</title>\n    <item>\n      <title>a</title>\n    </item>\n  </channel>\n</rss>\n",
			adds: []Additions{{Transcripts: []Transcript{{URL: "https://x.example/1.vtt", Type: "text/vtt"}}}},
			want: "<rss version=\"2.0\"" + xmlnsPodcast + ">\n  <channel>\n    <title>t</title>\n    <item>\n      <title>a</title>\n" +
				"      <podcast:transcript url=\"https://x.example/1.vtt\" type=\"text/vtt\"/>\n    </item>\n  </channel>\n</rss>\n",
		},
		"every addition, in order": {
			in: "<rss>\n  <channel>\n    <item>\n      <title>a</title>\n    </item>\n  </channel>\n</rss>",
			adds: []Additions{{
				Transcripts: []Transcript{{URL: "t.vtt", Type: "text/vtt", Language: "en", Rel: "captions"}},
				ChaptersURL: "c.json",
				Chapters:    []Chapter{{Start: 0, Title: "Intro"}, {Start: 5752.25, Title: "End", URL: "h", Image: "i"}},
				Categories:  []string{"AI"},
				Persons:     []Person{{Name: "Gina", Role: "guest", Group: "cast", Href: "hp", Img: "ip"}},
			}},
			opt: RenderOptions{InlinePSC: true},
			want: "<rss" + xmlnsPodcast + xmlnsPSC + ">\n  <channel>\n    <item>\n      <title>a</title>\n" +
				"      <podcast:transcript url=\"t.vtt\" type=\"text/vtt\" language=\"en\" rel=\"captions\"/>\n" +
				"      <podcast:chapters url=\"c.json\" type=\"application/json+chapters\"/>\n" +
				"      <psc:chapters version=\"1.2\">\n" +
				"        <psc:chapter start=\"00:00:00\" title=\"Intro\"/>\n" +
				"        <psc:chapter start=\"01:35:52.250\" title=\"End\" href=\"h\" image=\"i\"/>\n" +
				"      </psc:chapters>\n" +
				"      <category>AI</category>\n" +
				"      <podcast:person role=\"guest\" group=\"cast\" href=\"hp\" img=\"ip\">Gina</podcast:person>\n" +
				"    </item>\n  </channel>\n</rss>",
		},
		"psc:chapters only with InlinePSC": {
			in:   "<rss><channel><item></item></channel></rss>",
			adds: []Additions{{Chapters: []Chapter{{Start: 1}}}},
			want: "<rss><channel><item></item></channel></rss>",
		},
		"prefix reused by URI": {
			in:   `<rss xmlns:pi="https://podcastindex.org/namespace/1.0"><channel><item><title>a</title></item></channel></rss>`,
			adds: []Additions{transcript("u")},
			want: `<rss xmlns:pi="https://podcastindex.org/namespace/1.0"><channel><item><title>a</title><pi:transcript url="u"/></item></channel></rss>`,
		},
		"p: bound, podcast: bound to another namespace": {
			in:   `<rss xmlns:podcast="urn:other" xmlns:p="https://podcastindex.org/namespace/1.0"><channel><item><title>a</title></item></channel></rss>`,
			adds: []Additions{transcript("u")},
			want: `<rss xmlns:podcast="urn:other" xmlns:p="https://podcastindex.org/namespace/1.0"><channel><item><title>a</title><p:transcript url="u"/></item></channel></rss>`,
		},
		"podcast: taken, namespace unbound": {
			in:   `<rss xmlns:podcast="urn:other" xmlns:podcast2="urn:other2"><channel><item><title>a</title></item></channel></rss>`,
			adds: []Additions{transcript("u")},
			want: `<rss xmlns:podcast="urn:other" xmlns:podcast2="urn:other2" xmlns:podcast3="https://podcastindex.org/namespace/1.0"><channel><item><title>a</title><podcast3:transcript url="u"/></item></channel></rss>`,
		},
		"old podcast namespace URI on rss": {
			in:   `<rss xmlns:podcast="https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"><channel><item><title>a</title></item></channel></rss>`,
			adds: []Additions{transcript("u")},
			want: `<rss xmlns:podcast="https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"><channel><item><title>a</title><podcast:transcript url="u"/></item></channel></rss>`,
		},
		"namespace declared on the item only": {
			in:   `<rss><channel><item xmlns:podcast="https://podcastindex.org/namespace/1.0"><title>a</title></item><item><title>b</title></item></channel></rss>`,
			adds: []Additions{transcript("u")},
			want: `<rss><channel><item xmlns:podcast="https://podcastindex.org/namespace/1.0"><title>a</title><podcast:transcript url="u"/></item><item><title>b</title></item></channel></rss>`,
		},
		"namespace declared on one item, added to both": {
			in:   `<rss><channel><item xmlns:podcast="https://podcastindex.org/namespace/1.0"><title>a</title></item><item><title>b</title></item></channel></rss>`,
			adds: []Additions{transcript("u"), transcript("v")},
			want: `<rss` + xmlnsPodcast + `><channel><item xmlns:podcast="https://podcastindex.org/namespace/1.0"><title>a</title><podcast:transcript url="u"/></item><item><title>b</title><podcast:transcript url="v"/></item></channel></rss>`,
		},
		"prefix rebound locally": {
			in: `<rss xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel>` +
				`<item xmlns:podcast="urn:other"><title>a</title></item>` +
				`<item xmlns:podcast="urn:other" xmlns:pc="https://podcastindex.org/namespace/1.0"><title>b</title></item>` +
				`</channel></rss>`,
			adds: []Additions{transcript("u"), transcript("v")},
			want: `<rss xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel>` +
				`<item xmlns:podcast="urn:other"><title>a</title><podcast:transcript xmlns:podcast="https://podcastindex.org/namespace/1.0" url="u"/></item>` +
				`<item xmlns:podcast="urn:other" xmlns:pc="https://podcastindex.org/namespace/1.0"><title>b</title><pc:transcript url="v"/></item>` +
				`</channel></rss>`,
		},
		"rss attributes on their own lines": {
			in:   "<rss version=\"2.0\"\n\txmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">\n<channel><item><title>a</title></item></channel></rss>",
			adds: []Additions{transcript("u")},
			want: "<rss version=\"2.0\"\n\txmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"\n\txmlns:podcast=\"https://podcastindex.org/namespace/1.0\">\n<channel><item><title>a</title><podcast:transcript url=\"u\"/></item></channel></rss>",
		},
		"what the item has is skipped": {
			in: `<rss xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:psc="http://podlove.org/simple-chapters"><channel><item><title>a</title>` +
				`<category>AI</category><podcast:transcript url="u1"/><podcast:chapters url="c"/><psc:chapters><psc:chapter start="0" title="x"/></psc:chapters>` +
				`<podcast:person role="guest">Gina Guest</podcast:person><podcast:person>Hanna Host</podcast:person></item></channel></rss>`,
			adds: []Additions{{
				Transcripts: []Transcript{{URL: "u1"}, {URL: "u2"}, {URL: " u2 "}, {URL: ""}},
				ChaptersURL: "c2",
				Chapters:    []Chapter{{Start: 1, Title: "y"}},
				Categories:  []string{"ai", "New", " new ", ""},
				Persons: []Person{
					{Name: "Gina Guest", Role: "guest"},
					{Name: "hanna host"},
					{Name: "Hanna Host", Role: "Host"},
					{Name: "Gina Guest", Role: "producer"},
					{Name: "  ", Role: "guest"},
				},
			}},
			opt: RenderOptions{InlinePSC: true},
			want: `<rss xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:psc="http://podlove.org/simple-chapters"><channel><item><title>a</title>` +
				`<category>AI</category><podcast:transcript url="u1"/><podcast:chapters url="c"/><psc:chapters><psc:chapter start="0" title="x"/></psc:chapters>` +
				`<podcast:person role="guest">Gina Guest</podcast:person><podcast:person>Hanna Host</podcast:person>` +
				`<podcast:transcript url="u2"/><category>New</category><podcast:person role="producer">Gina Guest</podcast:person></item></channel></rss>`,
		},
		"escaping": {
			in: `<rss><channel><item></item></channel></rss>`,
			adds: []Additions{{
				Transcripts: []Transcript{{URL: `https://x/?a=1&b="2"<3>'`, Type: "text/vtt"}},
				Chapters:    []Chapter{{Start: 1.5, Title: "Line\nbreak\x00"}},
				Categories:  []string{"R&D <b>\x01\xff\uFFFE"},
				Persons:     []Person{{Name: "A & \"B\"\tC\r\nD", Role: "guest"}},
			}},
			opt: RenderOptions{InlinePSC: true},
			want: `<rss` + xmlnsPodcast + xmlnsPSC + `><channel><item>` +
				`<podcast:transcript url="https://x/?a=1&amp;b=&quot;2&quot;&lt;3&gt;'" type="text/vtt"/>` +
				`<psc:chapters version="1.2"><psc:chapter start="00:00:01.500" title="Line&#10;break"/></psc:chapters>` +
				`<category>R&amp;D &lt;b&gt;</category>` +
				"<podcast:person role=\"guest\">A &amp; \"B\"\tC&#13;\nD</podcast:person>" +
				`</item></channel></rss>`,
		},
		"CRLF kept": {
			in:   "<rss>\r\n  <channel>\r\n    <item>\r\n      <title>a</title>\r\n    </item>\r\n  </channel>\r\n</rss>\r\n",
			adds: []Additions{{Categories: []string{"X"}}},
			want: "<rss>\r\n  <channel>\r\n    <item>\r\n      <title>a</title>\r\n      <category>X</category>\r\n    </item>\r\n  </channel>\r\n</rss>\r\n",
		},
		"lone CR kept": {
			in:   "<rss>\r<channel>\r<item>\r<title>a</title>\r</item>\r</channel>\r</rss>",
			adds: []Additions{{Categories: []string{"X"}}},
			want: "<rss>\r<channel>\r<item>\r<title>a</title>\r<category>X</category>\r</item>\r</channel>\r</rss>",
		},
		"tabs, psc nested one level deeper": {
			in:   "<rss>\n\t<channel>\n\t\t<item>\n\t\t\t<title>a</title>\n\t\t</item>\n\t</channel>\n</rss>",
			adds: []Additions{{Chapters: []Chapter{{Start: 62, Title: "x"}}}},
			opt:  RenderOptions{InlinePSC: true},
			want: "<rss" + xmlnsPSC + ">\n\t<channel>\n\t\t<item>\n\t\t\t<title>a</title>\n\t\t\t<psc:chapters version=\"1.2\">\n\t\t\t\t<psc:chapter start=\"00:01:02\" title=\"x\"/>\n\t\t\t</psc:chapters>\n\t\t</item>\n\t</channel>\n</rss>",
		},
		"self-closing items": {
			in:   `<rss><channel><item/><item /></channel></rss>`,
			adds: []Additions{{Categories: []string{"X"}}, {Categories: []string{"Y"}}},
			want: `<rss><channel><item><category>X</category></item><item ><category>Y</category></item></channel></rss>`,
		},
		"mirror": {
			in: "<rss version=\"2.0\"" + xmlnsItunes + xmlnsPodcast + ">\n  <channel>\n    <title>t</title>\n" +
				"    <itunes:new-feed-url>https://new.example/</itunes:new-feed-url>\n" +
				"    <podcast:txt purpose=\"verify\">abc</podcast:txt>\n" +
				"    <link>l</link> <podcast:podping usesPodping=\"true\"/>\n" +
				"    <podcast:newFeedUrl>x</podcast:newFeedUrl>\n" +
				"    <item>\n      <title>a</title>\n      <itunes:new-feed-url>kept</itunes:new-feed-url>\n    </item>\n" +
				"    <itunes:new-feed-url>again</itunes:new-feed-url>\n  </channel>\n</rss>",
			opt: RenderOptions{Mirror: true},
			want: "<rss version=\"2.0\"" + xmlnsItunes + xmlnsPodcast + ">\n  <channel>\n    <title>t</title>\n" +
				"    <link>l</link>\n    <itunes:block>Yes</itunes:block> \n" +
				"    <item>\n      <title>a</title>\n      <itunes:new-feed-url>kept</itunes:new-feed-url>\n    </item>\n" +
				"  </channel>\n</rss>",
		},
		"mirror sets itunes:block to Yes": {
			in:   `<rss xmlns:it="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><it:block>no</it:block><it:block/><it:block>Yes</it:block><item><it:block>no</it:block></item></channel></rss>`,
			opt:  RenderOptions{Mirror: true},
			want: `<rss xmlns:it="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><it:block>Yes</it:block><it:block>Yes</it:block><it:block>Yes</it:block><item><it:block>no</it:block></item></channel></rss>`,
		},
		"mirror declares itunes": {
			in:   `<rss><channel><title>t</title><item/></channel></rss>`,
			opt:  RenderOptions{Mirror: true},
			want: `<rss` + xmlnsItunes + `><channel><title>t</title><itunes:block>Yes</itunes:block><item/></channel></rss>`,
		},
		"mirror on an empty channel": {
			in:   `<rss><channel/></rss>`,
			opt:  RenderOptions{Mirror: true},
			want: `<rss` + xmlnsItunes + `><channel><itunes:block>Yes</itunes:block></channel></rss>`,
		},
		"self link rewritten": {
			in: `<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link href="https://old.example/feed" rel="self" type="application/rss+xml"/>` +
				`<atom:link rel=" self " href='x'/><atom:link rel="alternate" href="y"/><item><atom:link rel="self" href="z"/></item></channel></rss>`,
			opt: RenderOptions{SelfURL: "https://recast.example/f?a=1&b='2'"},
			want: `<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link href="https://recast.example/f?a=1&amp;b='2'" rel="self" type="application/rss+xml"/>` +
				`<atom:link rel=" self " href='https://recast.example/f?a=1&amp;b=&apos;2&apos;'/><atom:link rel="alternate" href="y"/><item><atom:link rel="self" href="z"/></item></channel></rss>`,
		},
		"self link without href": {
			in:   `<rss xmlns:a="http://www.w3.org/2005/Atom"><channel><a:link rel="self"/></channel></rss>`,
			opt:  RenderOptions{SelfURL: "https://recast.example/f"},
			want: `<rss xmlns:a="http://www.w3.org/2005/Atom"><channel><a:link href="https://recast.example/f" rel="self"/></channel></rss>`,
		},
		"self link added": {
			in:   "<rss><channel>\n  <title>t</title>\n  <item/>\n</channel></rss>",
			opt:  RenderOptions{SelfURL: "https://recast.example/f"},
			want: "<rss" + xmlnsAtom + "><channel>\n  <title>t</title>\n  <atom:link href=\"https://recast.example/f\" rel=\"self\" type=\"application/rss+xml\"/>\n  <item/>\n</channel></rss>",
		},
		"self link added with atom bound as atom10": {
			in:   `<rss xmlns:atom10="http://www.w3.org/2005/Atom"><channel><item/></channel></rss>`,
			opt:  RenderOptions{SelfURL: "s", Mirror: true},
			want: `<rss xmlns:atom10="http://www.w3.org/2005/Atom"` + xmlnsItunes + `><channel><atom10:link href="s" rel="self" type="application/rss+xml"/><itunes:block>Yes</itunes:block><item/></channel></rss>`,
		},
		"channel additions after the removed elements' predecessor": {
			in:   "<rss" + xmlnsItunes + "><channel><itunes:new-feed-url>x</itunes:new-feed-url><item/></channel></rss>",
			opt:  RenderOptions{Mirror: true, SelfURL: "s"},
			want: "<rss" + xmlnsItunes + xmlnsAtom + "><channel><atom:link href=\"s\" rel=\"self\" type=\"application/rss+xml\"/><itunes:block>Yes</itunes:block><item/></channel></rss>",
		},
		"nil additions, zero options": {
			in:   "<rss>\r\n<channel><item><title>a</title></item></channel></rss>",
			want: "<rss>\r\n<channel><item><title>a</title></item></channel></rss>",
		},
		"more additions than items": {
			in:   `<rss><channel><item/></channel></rss>`,
			adds: []Additions{{}, {Categories: []string{"X"}}},
			want: `<rss><channel><item/></channel></rss>`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			doc, err := Parse([]byte(tc.in))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got := string(doc.Render(tc.adds, tc.opt))
			if got != tc.want {
				t.Errorf("Render\n got %q\nwant %q", got, tc.want)
			}
			n, err := strictItems([]byte(got))
			if err != nil {
				t.Fatalf("output not well-formed for encoding/xml: %v", err)
			}
			if n != len(doc.Items) {
				t.Errorf("output has %d items, want %d", n, len(doc.Items))
			}
			if _, err := Parse([]byte(got)); err != nil {
				t.Errorf("output does not parse: %v", err)
			}
		})
	}
}

// The escaped additions read back as written.
func TestRenderRoundTrip(t *testing.T) {
	doc, err := Parse([]byte(`<rss><channel><item><title>a</title></item></channel></rss>`))
	if err != nil {
		t.Fatal(err)
	}
	add := Additions{
		Transcripts: []Transcript{{URL: `https://x/?a=1&b="2"<3>'`, Type: "text/html", Language: "de-DE", Rel: "x y"}},
		Chapters:    []Chapter{{Start: 0.001, Title: `"Q&A" <live>`, URL: "https://c/?a&b", Image: "https://i/'x'"}},
		Categories:  []string{"R&D <b>"},
		Persons:     []Person{{Name: "Zoë O'Brien & \"Co\"", Role: "guest", Group: "cast", Href: "https://h/?a&b", Img: "https://i/<x>"}},
		ChaptersURL: "https://c/x.json?a=1&b=2",
	}
	out := doc.Render([]Additions{add}, RenderOptions{InlinePSC: true})
	again, err := Parse(out)
	if err != nil {
		t.Fatalf("Parse(Render): %v\n%s", err, out)
	}
	it := again.Items[0]
	if len(it.Transcripts) != 1 || it.Transcripts[0] != add.Transcripts[0] {
		t.Errorf("transcripts %+v, want %+v", it.Transcripts, add.Transcripts)
	}
	if len(it.PSCChapters) != 1 || it.PSCChapters[0] != add.Chapters[0] {
		t.Errorf("chapters %+v, want %+v", it.PSCChapters, add.Chapters)
	}
	if len(it.Categories) != 1 || it.Categories[0] != add.Categories[0] {
		t.Errorf("categories %q, want %q", it.Categories, add.Categories)
	}
	if len(it.Persons) != 1 || it.Persons[0] != add.Persons[0] {
		t.Errorf("persons %+v, want %+v", it.Persons, add.Persons)
	}
	if it.ChaptersURL != add.ChaptersURL {
		t.Errorf("chapters url %q, want %q", it.ChaptersURL, add.ChaptersURL)
	}
}

func TestAppendNPT(t *testing.T) {
	tests := map[string]struct {
		in   float64
		want string
	}{
		"zero":         {0, "00:00:00"},
		"negative":     {-3, "00:00:00"},
		"seconds":      {7.5, "00:00:07.500"},
		"hours":        {5752, "01:35:52"},
		"rounding":     {59.9996, "00:01:00"},
		"milliseconds": {2112.25, "00:35:12.250"},
		"long":         {100 * 3600, "100:00:00"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := string(appendNPT(nil, tc.in)); got != tc.want {
				t.Errorf("appendNPT(%v) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// Render on a Document that did not come from Parse returns Src.
func TestRenderZeroDocument(t *testing.T) {
	d := &Document{Src: []byte("<rss/>"), Items: []Item{{}}}
	if got := d.Render([]Additions{{Categories: []string{"x"}}}, RenderOptions{Mirror: true}); string(got) != "<rss/>" {
		t.Errorf("got %q", got)
	}
	if got := strings.TrimSpace(string((&Document{}).Render(nil, RenderOptions{}))); got != "" {
		t.Errorf("got %q", got)
	}
}
