package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed/rss"

	"github.com/recast-podcast/recast/internal/testcorpus"
)

// atomCorpusFeed is the corpus's Atom podcast: TypePad, audio as
// rel="enclosure" links without length, repeated inside entries.
const atomCorpusFeed = "ent-expert-opinion-typepad-atom-enclosures.xml"

// atomFixture is an independent, minimal reading of an Atom document
// (encoding/xml, no gofeed), to compare the conversion against.
type atomFixture struct {
	Entries []struct {
		ID        string `xml:"http://www.w3.org/2005/Atom id"`
		Title     string `xml:"http://www.w3.org/2005/Atom title"`
		Published string `xml:"http://www.w3.org/2005/Atom published"`
		Updated   string `xml:"http://www.w3.org/2005/Atom updated"`
		Links     []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
			Type string `xml:"type,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

func TestAtomToRSSCorpus(t *testing.T) {
	src := testcorpus.Feed(t, atomCorpusFeed)
	var want atomFixture
	if err := xml.Unmarshal(src, &want); err != nil {
		t.Fatalf("reading the Atom fixture: %v", err)
	}
	out, err := atomToRSS(src)
	if err != nil {
		t.Fatalf("atomToRSS: %v", err)
	}
	assertWellFormedRSS(t, out)
	got, err := (&rss.Parser{}).Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("gofeed cannot read the RSS: %v", err)
	}
	if len(want.Entries) != 43 || len(got.Items) != 43 {
		t.Fatalf("entries: Atom %d, RSS items %d; want 43 and 43", len(want.Entries), len(got.Items))
	}

	checks := map[string]func(t *testing.T){
		"channel": func(t *testing.T) {
			if got.Title != "ENT expert opinion" || got.Link != "http://expertopinionent.typepad.com/my-blog/" {
				t.Errorf("channel title, link = %q, %q", got.Title, got.Link)
			}
		},
		"guids are the Atom ids": func(t *testing.T) {
			for i, e := range want.Entries {
				g := got.Items[i].GUID
				if g == nil || g.Value != e.ID || g.IsPermalink != "false" {
					t.Errorf("item %d: guid %+v, want %q isPermaLink=false", i, g, e.ID)
				}
			}
		},
		"titles and links": func(t *testing.T) {
			for i, e := range want.Entries {
				it := got.Items[i]
				if it.Title != strings.TrimSpace(e.Title) {
					t.Errorf("item %d: title %q, want %q trimmed", i, it.Title, e.Title)
				}
				if wl := fixtureLink(e.Links, "alternate"); it.Link != wl || wl == "" {
					t.Errorf("item %d: link %q, want %q", i, it.Link, wl)
				}
			}
		},
		"enclosures are the Atom enclosure hrefs": func(t *testing.T) {
			without := 0
			for i, e := range want.Entries {
				wl := fixtureLink(e.Links, "enclosure")
				it := got.Items[i]
				if wl == "" {
					without++
					if it.Enclosure != nil {
						t.Errorf("item %d: enclosure %+v, Atom has none", i, it.Enclosure)
					}
					continue
				}
				if len(it.Enclosures) != 1 {
					t.Errorf("item %d: %d enclosures, want 1 (repeats of one href collapse)", i, len(it.Enclosures))
					continue
				}
				if enc := it.Enclosure; enc.URL != wl || enc.Type != "audio/mpeg" || enc.Length != "0" {
					t.Errorf("item %d: enclosure %+v, want url %q type audio/mpeg length 0", i, enc, wl)
				}
			}
			if without != 2 {
				t.Errorf("%d entries without enclosure, want 2", without)
			}
		},
		"dates are preserved": func(t *testing.T) {
			for i, e := range want.Entries {
				wt, err := time.Parse(time.RFC3339, e.Published)
				if err != nil {
					t.Fatalf("item %d: fixture published %q: %v", i, e.Published, err)
				}
				it := got.Items[i]
				if it.PubDateParsed == nil || !it.PubDateParsed.Equal(wt) {
					t.Errorf("item %d: pubDate %q, want the instant %s", i, it.PubDate, e.Published)
				}
				if _, off := wt.Zone(); !strings.HasSuffix(it.PubDate, wt.Format("-0700")) || off == 0 {
					t.Errorf("item %d: pubDate %q lost the offset of %s", i, it.PubDate, e.Published)
				}
			}
		},
		"xhtml content becomes the HTML description": func(t *testing.T) {
			d := got.Items[0].Description
			if strings.Contains(d, "xmlns") || !strings.HasPrefix(d, "<div><a href=\"https://ia601702.us.archive.org/") {
				t.Errorf("description starts %.120q; want the xhtml div's HTML without the wrapper", d)
			}
			if s := got.Items[0].ITunesExt; s == nil || !strings.HasPrefix(s.Summary, "Dr Nicholas Jufas interviews") {
				t.Errorf("itunes:summary %+v; want the Atom summary", s)
			}
		},
		"authors and categories": func(t *testing.T) {
			if a := got.Items[1].ITunesExt; a == nil || a.Author != "ENTexpertopinion" {
				t.Errorf("item 1 itunes:author %+v, want ENTexpertopinion", a)
			}
			if c := got.Items[1].Categories; len(c) != 1 || c[0].Value != "Science" {
				t.Errorf("item 1 categories %+v, want [Science]", c)
			}
		},
	}
	for name, check := range checks {
		t.Run(name, check)
	}
}

// fixtureLink is the first href with rel (absent rel is "alternate").
func fixtureLink(ls []struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr"`
}, rel string) string {
	for _, l := range ls {
		if l.Rel == rel || (l.Rel == "" && rel == "alternate") {
			return l.Href
		}
	}
	return ""
}

// atomFeed wraps entries in a minimal Atom feed.
func atomFeed(entries ...string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Show</title><id>urn:show</id><updated>2024-01-02T03:04:05Z</updated>
` + strings.Join(entries, "\n") + "\n</feed>\n"
}

// atomEntry is an entry with an id and a title around body.
func atomEntry(body string) string {
	return `<entry><id>urn:ep:1</id><title>Episode</title>` + body + `</entry>`
}

func TestAtomToRSS(t *testing.T) {
	tests := map[string]struct {
		src   string
		check func(t *testing.T, f *rss.Feed, out string)
	}{
		"xhtml content is serialised as HTML": {
			src: atomFeed(atomEntry(`<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Show <b>notes</b> &amp; <a href="https://example.com/x">more</a></p><p>two</p></div></content>`)),
			check: func(t *testing.T, f *rss.Feed, out string) {
				want := `<p>Show <b>notes</b> &amp; <a href="https://example.com/x">more</a></p><p>two</p>`
				if d := f.Items[0].Description; d != want {
					t.Errorf("description %q, want %q", d, want)
				}
			},
		},
		"html content is kept": {
			src: atomFeed(atomEntry(`<content type="html">&lt;p&gt;Hi &amp;amp; bye&lt;/p&gt;</content>`)),
			check: func(t *testing.T, f *rss.Feed, out string) {
				if d := f.Items[0].Description; d != "<p>Hi &amp; bye</p>" {
					t.Errorf("description %q", d)
				}
			},
		},
		"text summary is escaped into HTML": {
			src: atomFeed(atomEntry(`<summary>a &lt;video&gt; tag &amp; more</summary>`)),
			check: func(t *testing.T, f *rss.Feed, out string) {
				if d := f.Items[0].Description; d != "a &lt;video&gt; tag &amp; more" {
					t.Errorf("description %q", d)
				}
				if x := f.Items[0].ITunesExt; x != nil && x.Summary != "" {
					t.Errorf("itunes:summary %q repeats the description", x.Summary)
				}
			},
		},
		"html summary beside content goes to itunes:summary as text": {
			src: atomFeed(atomEntry(`<summary type="html">&lt;p&gt;Short&lt;/p&gt;&lt;p&gt;notes&lt;/p&gt;</summary><content type="html">&lt;p&gt;Long notes&lt;/p&gt;</content>`)),
			check: func(t *testing.T, f *rss.Feed, out string) {
				it := f.Items[0]
				if it.Description != "<p>Long notes</p>" || it.ITunesExt == nil || it.ITunesExt.Summary != "Short notes" {
					t.Errorf("description %q, itunes %+v", it.Description, it.ITunesExt)
				}
			},
		},
		"html title becomes text": {
			src: atomFeed(`<entry><id>urn:1</id><title type="html">Tom &amp;amp; Jerry &lt;b&gt;live&lt;/b&gt;</title></entry>`),
			check: func(t *testing.T, f *rss.Feed, out string) {
				if got := f.Items[0].Title; got != "Tom & Jerry live" {
					t.Errorf("title %q", got)
				}
			},
		},
		"missing length is 0, a byte count is kept, other lengths are 0": {
			src: atomFeed(
				atomEntry(`<link rel="enclosure" type="audio/mpeg" href="https://cdn.example.com/1.mp3"/>`),
				atomEntry(`<link rel="enclosure" type="audio/mpeg" length="12345678" href="https://cdn.example.com/2.mp3"/>`),
				atomEntry(`<link rel="enclosure" type="audio/mpeg" length="12 MB" href="https://cdn.example.com/3.mp3"/>`),
			),
			check: func(t *testing.T, f *rss.Feed, out string) {
				for i, want := range []string{"0", "12345678", "0"} {
					if e := f.Items[i].Enclosure; e == nil || e.Length != want {
						t.Errorf("item %d enclosure %+v, want length %s", i, e, want)
					}
				}
			},
		},
		"a repeated enclosure is written once": {
			src: atomFeed(atomEntry(strings.Repeat(`<link rel="enclosure" type="audio/mpeg" href="https://cdn.example.com/1.mp3"/>`, 3))),
			check: func(t *testing.T, f *rss.Feed, out string) {
				if n := strings.Count(out, "https://cdn.example.com/1.mp3"); n != 1 || len(f.Items[0].Enclosures) != 1 {
					t.Errorf("enclosure URL written %d times, %d enclosures; want 1, 1", n, len(f.Items[0].Enclosures))
				}
				if strings.Contains(out, "xmlns:podcast") || strings.Contains(out, "alternateEnclosure") {
					t.Errorf("podcast namespace without alternate enclosures:\n%s", out)
				}
			},
		},
		"distinct enclosures: the first, then podcast:alternateEnclosure": {
			src: atomFeed(atomEntry(`<link rel="enclosure" type="audio/mpeg" length="100" href="https://cdn.example.com/1.mp3"/>` +
				`<link rel="http://www.iana.org/assignments/relation/enclosure" type="audio/ogg" length="90" href="https://cdn.example.com/1.ogg"/>`)),
			check: func(t *testing.T, f *rss.Feed, out string) {
				it := f.Items[0]
				if len(it.Enclosures) != 1 || it.Enclosure.URL != "https://cdn.example.com/1.mp3" {
					t.Fatalf("enclosures %+v, want only the mp3", it.Enclosures)
				}
				alts := it.Extensions["podcast"]["alternateEnclosure"]
				if len(alts) != 1 || alts[0].Attrs["type"] != "audio/ogg" || alts[0].Attrs["length"] != "90" ||
					len(alts[0].Children["source"]) != 1 || alts[0].Children["source"][0].Attrs["uri"] != "https://cdn.example.com/1.ogg" {
					t.Errorf("alternateEnclosure %+v", alts)
				}
				if !strings.Contains(out, `xmlns:podcast="`+NSPodcast+`"`) {
					t.Errorf("podcast namespace not declared")
				}
			},
		},
		"missing type is guessed from the extension": {
			src: atomFeed(
				atomEntry(`<link rel="enclosure" href="https://cdn.example.com/1.M4A?x=1"/>`),
				atomEntry(`<link rel="enclosure" href="https://cdn.example.com/file"/>`),
			),
			check: func(t *testing.T, f *rss.Feed, out string) {
				for i, want := range []string{"audio/x-m4a", "application/octet-stream"} {
					if e := f.Items[i].Enclosure; e == nil || e.Type != want {
						t.Errorf("item %d enclosure %+v, want type %s", i, e, want)
					}
				}
			},
		},
		"entry without enclosure is an item without enclosure": {
			src: atomFeed(atomEntry(``), atomEntry(`<link rel="enclosure" type="audio/mpeg" href="https://cdn.example.com/1.mp3"/>`)),
			check: func(t *testing.T, f *rss.Feed, out string) {
				if len(f.Items) != 2 || f.Items[0].Enclosure != nil || f.Items[1].Enclosure == nil {
					t.Errorf("items %d, enclosures %v / %v", len(f.Items), f.Items[0].Enclosure, f.Items[1].Enclosure)
				}
			},
		},
		"out-of-line audio content is the enclosure": {
			src: atomFeed(atomEntry(`<content type="audio/mpeg" src="https://cdn.example.com/1.mp3"/><summary>notes</summary>`)),
			check: func(t *testing.T, f *rss.Feed, out string) {
				it := f.Items[0]
				if it.Enclosure == nil || it.Enclosure.URL != "https://cdn.example.com/1.mp3" || it.Description != "notes" {
					t.Errorf("enclosure %+v, description %q", it.Enclosure, it.Description)
				}
			},
		},
		"relative hrefs resolve against xml:base; absolute ones are kept": {
			src: `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.com/show/"><title>S</title>
<link href="index.html"/>
<entry xml:base="ep/"><id>42</id><title>E</title>
<link href="1.html"/>
<link rel="enclosure" type="audio/mpeg" href="../media/1.mp3"/>
<link rel="enclosure" type="audio/mpeg" href="HTTP://CDN.example.com/a%7eb%20c.mp3" xml:base="http://other.example/"/>
</entry></feed>`,
			check: func(t *testing.T, f *rss.Feed, out string) {
				it := f.Items[0]
				if f.Link != "http://example.com/show/index.html" {
					t.Errorf("channel link %q", f.Link)
				}
				if it.Link != "http://example.com/show/ep/1.html" {
					t.Errorf("item link %q", it.Link)
				}
				if it.Enclosure == nil || it.Enclosure.URL != "http://example.com/show/media/1.mp3" {
					t.Errorf("enclosure %+v", it.Enclosure)
				}
				if !strings.Contains(out, `uri="HTTP://CDN.example.com/a%7eb%20c.mp3"`) {
					t.Errorf("absolute href not kept byte for byte:\n%s", out)
				}
				if it.GUID == nil || it.GUID.Value != "42" {
					t.Errorf("guid %+v, want the id 42 unresolved", it.GUID)
				}
			},
		},
		"relative hrefs without xml:base resolve against the self link": {
			src: atomFeed(`<link rel="self" href="https://example.org/feeds/atom.xml"/>`,
				atomEntry(`<link rel="enclosure" type="audio/mpeg" href="/media/1.mp3"/><link href="ep1"/>`)),
			check: func(t *testing.T, f *rss.Feed, out string) {
				it := f.Items[0]
				if it.Enclosure == nil || it.Enclosure.URL != "https://example.org/media/1.mp3" || it.Link != "https://example.org/feeds/ep1" {
					t.Errorf("enclosure %+v, link %q", it.Enclosure, it.Link)
				}
				if strings.Contains(out, "atom.xml") {
					t.Errorf("the Atom self link leaked into the RSS")
				}
			},
		},
		"relative hrefs with no base at all are kept": {
			src: atomFeed(atomEntry(`<link rel="enclosure" type="audio/mpeg" href="media/1.mp3"/>`)),
			check: func(t *testing.T, f *rss.Feed, out string) {
				if e := f.Items[0].Enclosure; e == nil || e.URL != "media/1.mp3" {
					t.Errorf("enclosure %+v", e)
				}
			},
		},
		"ids are copied exactly": {
			src: `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.com/"><title>S</title>
<entry><id>
  HTTP://Example.com/épisode 1?a=1&amp;b=%7e </id><title>E</title></entry>
<entry><id>tag:example.com,2024:ep/2</id><title>E2</title></entry></feed>`,
			check: func(t *testing.T, f *rss.Feed, out string) {
				for i, want := range []string{"HTTP://Example.com/épisode 1?a=1&b=%7e", "tag:example.com,2024:ep/2"} {
					if g := f.Items[i].GUID; g == nil || g.Value != want || g.IsPermalink != "false" {
						t.Errorf("item %d guid %+v, want %q isPermaLink=false", i, g, want)
					}
				}
			},
		},
		"dates: published, else updated, offset kept": {
			src: atomFeed(
				atomEntry(`<published>2017-04-07T12:20:50+10:30</published><updated>2018-01-01T00:00:00Z</updated>`),
				atomEntry(`<updated>2018-01-01T00:00:00.5-05:00</updated>`),
				atomEntry(`<published>Fri, 07 Apr 2017 01:50:50 GMT</published>`),
				atomEntry(`<published>sometime</published>`),
				atomEntry(``),
			),
			check: func(t *testing.T, f *rss.Feed, out string) {
				for i, want := range []string{"Fri, 07 Apr 2017 12:20:50 +1030", "Mon, 01 Jan 2018 00:00:00 -0500", "Fri, 07 Apr 2017 01:50:50 +0000", "", ""} {
					if got := f.Items[i].PubDate; got != want {
						t.Errorf("item %d pubDate %q, want %q", i, got, want)
					}
				}
				if f.LastBuildDate != "Tue, 02 Jan 2024 03:04:05 +0000" {
					t.Errorf("lastBuildDate %q", f.LastBuildDate)
				}
			},
		},
		"authors: the entry's, else the feed's; <author> only with an email": {
			src: `<feed xmlns="http://www.w3.org/2005/Atom"><title>S</title>
<author><name>Host</name><email>host@example.com</email></author>
<entry><id>1</id><title>E</title><author><name>Ann</name></author><author><name>Bob</name><email>bob@example.com</email></author></entry>
<entry><id>2</id><title>E</title></entry></feed>`,
			check: func(t *testing.T, f *rss.Feed, out string) {
				if f.ManagingEditor != "host@example.com (Host)" || f.ITunesExt == nil || f.ITunesExt.Author != "Host" {
					t.Errorf("channel managingEditor %q, itunes %+v", f.ManagingEditor, f.ITunesExt)
				}
				a, b := f.Items[0], f.Items[1]
				if a.Author != "bob@example.com (Bob)" || a.ITunesExt == nil || a.ITunesExt.Author != "Ann, Bob" {
					t.Errorf("item 0 author %q, itunes %+v", a.Author, a.ITunesExt)
				}
				if b.Author != "host@example.com (Host)" || b.ITunesExt == nil || b.ITunesExt.Author != "Host" {
					t.Errorf("item 1 author %q, itunes %+v (want the feed's)", b.Author, b.ITunesExt)
				}
			},
		},
		"replies: an HTML page becomes comments, a comments feed does not": {
			src: atomFeed(
				atomEntry(`<link rel="replies" type="application/atom+xml" href="https://example.com/1/comments.xml"/><link rel="replies" type="text/html" href="https://example.com/1#comments"/>`),
				atomEntry(`<link rel="replies" type="application/atom+xml" href="https://example.com/2/comments.xml"/>`),
			),
			check: func(t *testing.T, f *rss.Feed, out string) {
				if c0, c1 := f.Items[0].Comments, f.Items[1].Comments; c0 != "https://example.com/1#comments" || c1 != "" {
					t.Errorf("comments %q, %q", c0, c1)
				}
			},
		},
		"categories keep scheme as domain": {
			src: atomFeed(atomEntry(`<category term="tech" scheme="https://example.com/tags"/><category term="" label="Talk"/><category term="news"/>`)),
			check: func(t *testing.T, f *rss.Feed, out string) {
				c := f.Items[0].Categories
				if len(c) != 3 || c[0].Value != "tech" || c[0].Domain != "https://example.com/tags" || c[1].Value != "Talk" || c[2].Value != "news" || c[2].Domain != "" {
					t.Errorf("categories %+v", c)
				}
			},
		},
		"channel fields": {
			src: `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de-DE"><title type="html">Kiosk &amp;amp; Co</title>
<subtitle>Talk about &lt;software&gt;</subtitle>
<link rel="alternate" type="application/json" href="https://example.com/feed.json"/>
<link rel="alternate" type="text/html" href="https://example.com/"/>
<icon>https://example.com/favicon.ico</icon><logo>https://example.com/logo.png</logo>
<rights>© 2024 Kiosk</rights><generator uri="https://example.com/gen">Gen</generator>
</feed>`,
			check: func(t *testing.T, f *rss.Feed, out string) {
				if f.Title != "Kiosk & Co" || f.Link != "https://example.com/" || f.Description != "Talk about <software>" ||
					f.Language != "de-DE" || f.Copyright != "© 2024 Kiosk" || f.Generator != "Gen" {
					t.Errorf("channel %q %q %q %q %q %q", f.Title, f.Link, f.Description, f.Language, f.Copyright, f.Generator)
				}
				if f.Image == nil || f.Image.URL != "https://example.com/logo.png" || f.ITunesExt == nil || f.ITunesExt.Image != "https://example.com/logo.png" {
					t.Errorf("image %+v, itunes %+v; want the logo", f.Image, f.ITunesExt)
				}
				if len(f.Items) != 0 {
					t.Errorf("%d items from a feed without entries", len(f.Items))
				}
			},
		},
		"icon when there is no logo; title as description when there is no subtitle": {
			src: `<feed xmlns="http://www.w3.org/2005/Atom"><title>S</title><icon>https://example.com/i.png</icon></feed>`,
			check: func(t *testing.T, f *rss.Feed, out string) {
				if f.Image == nil || f.Image.URL != "https://example.com/i.png" {
					t.Errorf("image %+v", f.Image)
				}
				if f.Description != "S" {
					t.Errorf("description %q, want the title", f.Description)
				}
			},
		},
		"itunes elements are matched by namespace URI": {
			src: `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:it="http://www.itunes.com/dtds/podcast-1.0.dtd"><title>S</title>
<it:image href="https://example.com/cover.jpg"/><it:explicit>false</it:explicit>
<it:category text="Technology"><it:category text="Tech News"/></it:category>
<it:owner><it:name>Owner</it:name><it:email>owner@example.com</it:email></it:owner>
<entry><id>1</id><title>E</title><it:duration>01:02:03</it:duration><it:episode>7</it:episode>
<it:image href="https://example.com/ep7.jpg"/><other:duration xmlns:other="urn:not-itunes">99</other:duration></entry></feed>`,
			check: func(t *testing.T, f *rss.Feed, out string) {
				c := f.ITunesExt
				if c == nil || c.Image != "https://example.com/cover.jpg" || c.Explicit != "false" || c.Owner == nil || c.Owner.Email != "owner@example.com" ||
					len(c.Categories) != 1 || c.Categories[0].Text != "Technology" || c.Categories[0].Subcategory == nil || c.Categories[0].Subcategory.Text != "Tech News" {
					t.Errorf("channel itunes %+v", c)
				}
				x := f.Items[0].ITunesExt
				if x == nil || x.Duration != "01:02:03" || x.Episode != "7" || x.Image != "https://example.com/ep7.jpg" {
					t.Errorf("item itunes %+v", x)
				}
			},
		},
		"Atom 0.3": {
			src: `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
<entry><id>urn:old:1</id><title>E</title><issued>2005-01-02T03:04:05+01:00</issued>
<content type="text/html" mode="escaped">&lt;b&gt;bold&lt;/b&gt;</content>
<link rel="enclosure" type="audio/mpeg" length="42" href="http://example.com/1.mp3"/></entry></feed>`,
			check: func(t *testing.T, f *rss.Feed, out string) {
				it := f.Items[0]
				if it.GUID == nil || it.GUID.Value != "urn:old:1" || it.PubDate != "Sun, 02 Jan 2005 03:04:05 +0100" ||
					it.Enclosure == nil || it.Enclosure.Length != "42" || it.Description != "<b>bold</b>" {
					t.Errorf("item %+v / %+v / %q", it.GUID, it.Enclosure, it.Description)
				}
			},
		},
		"ISO-8859-1 input comes out UTF-8": {
			src: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Caf\xe9</title><entry><id>1</id><title>\xdcber</title></entry></feed>",
			check: func(t *testing.T, f *rss.Feed, out string) {
				if f.Title != "Café" || f.Items[0].Title != "Über" {
					t.Errorf("titles %q, %q", f.Title, f.Items[0].Title)
				}
			},
		},
		"content after the root is ignored": {
			src: atomFeed(atomEntry(``)) + `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>2</id></entry></feed><!-- ph=1 -->`,
			check: func(t *testing.T, f *rss.Feed, out string) {
				if len(f.Items) != 1 || f.Items[0].GUID == nil || f.Items[0].GUID.Value != "urn:ep:1" {
					t.Errorf("items %+v; want only the first root's entry", f.Items)
				}
			},
		},
		"control characters are dropped": {
			src: atomFeed("<entry><id>1</id><title>a\x01b\x1fc</title></entry>"),
			check: func(t *testing.T, f *rss.Feed, out string) {
				if got := f.Items[0].Title; got != "abc" {
					t.Errorf("title %q", got)
				}
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			out, err := atomToRSS([]byte(tc.src))
			if err != nil {
				t.Fatalf("atomToRSS: %v", err)
			}
			assertWellFormedRSS(t, out)
			f, err := (&rss.Parser{}).Parse(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("gofeed cannot read the RSS: %v\n%s", err, out)
			}
			tc.check(t, f, string(out))
		})
	}
}

func TestAtomToRSSErrors(t *testing.T) {
	tests := map[string]string{
		"empty":         "",
		"not XML":       "this is not a feed",
		"RSS root":      `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>`,
		"foreign feed":  `<feed xmlns="urn:not-atom"><entry><id>1</id></entry></feed>`,
		"truncated":     `<feed xmlns="http://www.w3.org/2005/Atom"><title>S</title><entry><id>1</id>`,
		"bad encoding":  `<?xml version="1.0" encoding="x-no-such-charset"?><feed xmlns="http://www.w3.org/2005/Atom"><title>S</title></feed>`,
		"HTML document": `<!DOCTYPE html><html><body><p>Moved</p></body></html>`,
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			out, err := atomToRSS([]byte(src))
			if err == nil {
				t.Fatalf("no error; got %d bytes:\n%s", len(out), out)
			}
			if out != nil || !strings.HasPrefix(err.Error(), "feed: atom: ") {
				t.Errorf("out %d bytes, err %q; want no output and a feed: atom: error", len(out), err)
			}
		})
	}
}

// assertWellFormedRSS fails t unless out is valid UTF-8, starts with an XML
// declaration, and is well-formed XML with an <rss version="2.0"> root.
func assertWellFormedRSS(t *testing.T, out []byte) {
	t.Helper()
	if err := wellFormedRSS(out); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

func wellFormedRSS(out []byte) error {
	if !utf8.Valid(out) {
		return errors.New("output is not valid UTF-8")
	}
	if !bytes.HasPrefix(out, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		return errors.New("output does not start with an XML declaration")
	}
	root := true
	return strictTokens(out, func(tok xml.Token) error {
		if se, ok := tok.(xml.StartElement); ok && root {
			root = false
			if se.Name.Local != "rss" || attr(se.Attr, "", "version") != "2.0" {
				return errors.New("root is not <rss version=\"2.0\">")
			}
		}
		return nil
	})
}

func FuzzAtomToRSS(f *testing.F) {
	f.Add([]byte(atomFeed(atomEntry(`<link rel="enclosure" href="a.mp3"/><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content>`))))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://e.com/a/"><entry xml:base="b/"><id>1</id><link href="../c"/><published>2020-01-01T00:00:00Z</published></entry></feed>`))
	f.Add([]byte(`<feed xmlns="http://purl.org/atom/ns#" xmlns:i="http://www.itunes.com/dtds/podcast-1.0.dtd"><i:owner><i:name>n</i:name></i:owner><entry><i:duration>1</i:duration></entry></feed>`))
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := atomToRSS(src)
		if err != nil {
			if out != nil {
				t.Fatalf("output with an error")
			}
			return
		}
		if err := wellFormedRSS(out); err != nil {
			t.Fatalf("%v\ninput: %q\noutput:\n%s", err, src, out)
		}
	})
}

func BenchmarkAtomToRSS(b *testing.B) {
	src := testcorpus.Feed(b, atomCorpusFeed)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := atomToRSS(src); err != nil {
			b.Fatal(err)
		}
	}
}
