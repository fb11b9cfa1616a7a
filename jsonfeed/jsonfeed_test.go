package jsonfeed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

const feedURL = "https://recast.example/feeds/show.json"

// everyField is a feed with every field Render maps, some twice or in a
// form it must not write.
const everyField = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:p="https://podcastindex.org/namespace/1.0">
  <channel>
    <title> The Show &amp; Co </title>
    <link>https://show.example/</link>
    <description>All about &lt;things&gt;.</description>
    <language>en-US</language>
    <itunes:author>Ann Host</itunes:author>
    <itunes:image href="https://show.example/cover.jpg"/>
    <p:person role="host" img="https://show.example/ann.jpg" href="javascript:alert(1)">Ann Host</p:person>
    <item>
      <guid isPermaLink="false">ep-1</guid>
      <title>Episode 1: &lt;b&gt;Bold&lt;/b&gt;</title>
      <link>https://show.example/1</link>
      <description>plain description</description>
      <content:encoded><![CDATA[<p>Show notes &amp; <a href="https://x.example/">links</a></p>]]></content:encoded>
      <pubDate>Tue, 10 Jun 2003 04:00:00 -0700</pubDate>
      <enclosure url="https://cdn.example/1.mp3" length="12345678" type="audio/mpeg"/>
      <itunes:duration>1:02:03</itunes:duration>
      <itunes:subtitle>A <i>short</i> one.</itunes:subtitle>
      <itunes:summary>A longer summary.</itunes:summary>
      <itunes:image href="https://show.example/1.jpg"/>
      <category>Tech</category>
      <category>AI</category>
      <category>tech</category>
      <category> News </category>
      <p:transcript url="https://show.example/1.vtt" type="text/vtt" language="en" rel="captions"/>
      <p:transcript url="ftp://show.example/1.srt" type="application/x-subrip"/>
      <p:chapters url="https://show.example/1.json" type="application/json+chapters"/>
      <p:person role="host">Ann Host</p:person>
      <p:person role="guest" group="cast" img="https://show.example/bob.jpg" href="https://bob.example/">Bob Guest</p:person>
      <p:person role="editor" group="post-production">Eve Editor</p:person>
    </item>
    <item>
      <title>Episode 0</title>
      <link>mailto:someone@show.example</link>
      <guid>https://show.example/0</guid>
      <description>only a description</description>
      <pubDate>not a date</pubDate>
      <enclosure url="https://cdn.example/0.m4a" length="0" type=""/>
      <itunes:author>Guest Author</itunes:author>
      <itunes:summary>only a description</itunes:summary>
    </item>
    <item>
      <title>Trailer</title>
      <enclosure url="javascript:alert(1)" type="audio/mpeg"/>
      <itunes:author>Ann Host</itunes:author>
      <itunes:summary>The summary is all there is.</itunes:summary>
    </item>
  </channel>
</rss>
`

// render renders rss and decodes the document, failing on invalid JSON.
func render(t *testing.T, rss string) map[string]any {
	t.Helper()
	out, err := Render([]byte(rss), feedURL)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return decode(t, out)
}

// decode checks that out is valid UTF-8 JSON indented as json.Indent
// indents it, and decodes it.
func decode(t *testing.T, out []byte) map[string]any {
	t.Helper()
	if !utf8.Valid(out) || !json.Valid(out) {
		t.Fatalf("not valid UTF-8 JSON: %.300q", out)
	}
	var want bytes.Buffer
	if err := json.Indent(&want, out, "", "  "); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, want.Bytes()) {
		t.Fatalf("not indented as json.Indent does:\n%.2000s\nwant\n%.2000s", out, want.Bytes())
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func items(t *testing.T, m map[string]any) []map[string]any {
	t.Helper()
	raw, ok := m["items"].([]any)
	if !ok {
		t.Fatalf("items is %T", m["items"])
	}
	out := make([]map[string]any, len(raw))
	for i, v := range raw {
		out[i] = v.(map[string]any)
	}
	return out
}

// checkObject compares got with want, key by key, and reports keys got
// has that want lacks.
func checkObject(t *testing.T, what string, got, want map[string]any) {
	t.Helper()
	for k, w := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("%s: no %q, want %#v", what, k, w)
		} else if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: %q = %#v, want %#v", what, k, g, w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected %q = %#v", what, k, g)
		}
	}
}

func TestRenderEveryField(t *testing.T) {
	m := render(t, everyField)
	its := items(t, m)
	delete(m, "items")
	checkObject(t, "feed", m, map[string]any{
		"version":       "https://jsonfeed.org/version/1.1",
		"title":         "The Show & Co",
		"home_page_url": "https://show.example/",
		"feed_url":      feedURL,
		"description":   "All about <things>.",
		"icon":          "https://show.example/cover.jpg",
		"favicon":       "https://show.example/cover.jpg",
		"authors":       []any{map[string]any{"name": "Ann Host"}},
		"language":      "en-US",
		"_recast": map[string]any{
			"about":   ExtensionDoc,
			"persons": []any{map[string]any{"name": "Ann Host", "role": "host", "group": "cast", "img": "https://show.example/ann.jpg"}},
		},
	})
	if len(its) != 3 {
		t.Fatalf("%d items, want 3", len(its))
	}
	checkObject(t, "item 0", its[0], map[string]any{
		"id":             "ep-1",
		"url":            "https://show.example/1",
		"title":          "Episode 1: <b>Bold</b>",
		"content_html":   `<p>Show notes &amp; <a href="https://x.example/">links</a></p>`,
		"summary":        "A short one.",
		"image":          "https://show.example/1.jpg",
		"date_published": "2003-06-10T04:00:00-07:00",
		"authors":        []any{map[string]any{"name": "Ann Host"}, map[string]any{"name": "Bob Guest"}},
		"tags":           []any{"Tech", "AI", "News"},
		"attachments": []any{map[string]any{
			"url": "https://cdn.example/1.mp3", "mime_type": "audio/mpeg",
			"size_in_bytes": 12345678.0, "duration_in_seconds": 3723.0,
		}},
		"_recast": map[string]any{
			"transcripts": []any{map[string]any{"url": "https://show.example/1.vtt", "type": "text/vtt", "language": "en", "rel": "captions"}},
			"chapters":    "https://show.example/1.json",
			"persons": []any{
				map[string]any{"name": "Ann Host", "role": "host", "group": "cast"},
				map[string]any{"name": "Bob Guest", "role": "guest", "group": "cast", "img": "https://show.example/bob.jpg", "href": "https://bob.example/"},
				map[string]any{"name": "Eve Editor", "role": "editor", "group": "post-production"},
			},
		},
	})
	// A permalink GUID is the url when the link is not http(s); a summary
	// that repeats the content is left out; an unreadable date too; the
	// type of an enclosure without one comes from its extension, a length
	// of 0 is not a size.
	checkObject(t, "item 1", its[1], map[string]any{
		"id":           "https://show.example/0",
		"url":          "https://show.example/0",
		"title":        "Episode 0",
		"content_html": "only a description",
		"authors":      []any{map[string]any{"name": "Guest Author"}},
		"attachments":  []any{map[string]any{"url": "https://cdn.example/0.m4a", "mime_type": "audio/mp4"}},
	})
	// No GUID: the enclosure URL is the id (an id is not a link), but
	// not an attachment; no content: the summary is the text; the
	// channel's author is not repeated.
	checkObject(t, "item 2", its[2], map[string]any{
		"id":           "javascript:alert(1)",
		"title":        "Trailer",
		"content_text": "The summary is all there is.",
	})
}

// The additions recast splices into the served feed come out in _recast
// and tags.
func TestRenderServedAdditions(t *testing.T) {
	doc, err := feed.Parse([]byte(`<rss version="2.0"><channel><title>t</title><item><guid>g</guid><title>a</title></item></channel></rss>`))
	if err != nil {
		t.Fatal(err)
	}
	served := doc.Render([]feed.Additions{{
		Transcripts: []feed.Transcript{{URL: "https://r.example/g.vtt", Type: "text/vtt"}},
		ChaptersURL: "https://r.example/g.chapters.json",
		Categories:  []string{"Science"},
		Persons:     []feed.Person{{Name: "Gina", Role: "guest", Group: "cast"}},
	}}, feed.RenderOptions{})
	out, err := Render(served, "")
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, out)
	if _, ok := m["feed_url"]; ok {
		t.Errorf("feed_url written for an empty feedURL")
	}
	checkObject(t, "item", items(t, m)[0], map[string]any{
		"id":           "g",
		"title":        "a",
		"content_text": "",
		"authors":      []any{map[string]any{"name": "Gina"}},
		"tags":         []any{"Science"},
		"_recast": map[string]any{
			"transcripts": []any{map[string]any{"url": "https://r.example/g.vtt", "type": "text/vtt"}},
			"chapters":    "https://r.example/g.chapters.json",
			"persons":     []any{map[string]any{"name": "Gina", "role": "guest", "group": "cast"}},
		},
	})
	if ext := m["_recast"]; !reflect.DeepEqual(ext, map[string]any{"about": ExtensionDoc}) {
		t.Errorf("top-level _recast %#v", ext)
	}
}

func TestRenderHostile(t *testing.T) {
	const title = `</script><script>alert("x")</script> & "quotes" \` + "\u2028" + `end`
	rss := `<rss version="2.0"><channel><title>` + escapeXML(title) + `</title>` +
		`<link>javascript:alert(1)</link><itunes:image xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" href="data:image/png;base64,AAAA"/>` +
		`<item><title>` + escapeXML(title) + `</title><description>` + escapeXML(`<img src=x onerror=alert(1)>`) + `</description></item></channel></rss>`
	out, err := Render([]byte(rss), feedURL)
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, out)
	if m["title"] != title {
		t.Errorf("title %q, want %q", m["title"], title)
	}
	it := items(t, m)[0]
	if it["title"] != title {
		t.Errorf("item title %q, want %q", it["title"], title)
	}
	if it["content_html"] != `<img src=x onerror=alert(1)>` {
		t.Errorf("content_html %q", it["content_html"])
	}
	for _, k := range []string{"home_page_url", "icon", "favicon"} {
		if v, ok := m[k]; ok {
			t.Errorf("%s %q written from a non-http(s) URL", k, v)
		}
	}
	// HTML escaping is off, U+2028 is still escaped (see the package doc).
	if !bytes.Contains(out, []byte(`"</script><script>alert(\"x\")</script> & \"quotes\" \\\u2028end"`)) {
		t.Errorf("title not encoded as expected:\n%s", out)
	}
}

func escapeXML(s string) string {
	var b strings.Builder
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		panic(err)
	}
	return b.String()
}

// An item without a GUID is identified by its enclosure URL, then its
// link, then its title, then the hash of its bytes.
func TestRenderNoGUID(t *testing.T) {
	rss := `<rss version="2.0"><channel><title>t</title>
<item><title>a</title><link>https://s.example/a</link><enclosure url="https://cdn.example/a.mp3" type="audio/mpeg" length="99"/></item>
<item><title>b</title><link>https://s.example/b</link></item>
<item><title>c</title></item>
<item><description>d</description></item>
<item><guid>   </guid><description>e</description></item>
</channel></rss>`
	its := items(t, render(t, rss))
	want := []string{"https://cdn.example/a.mp3", "https://s.example/b", "c"}
	for i, w := range want {
		if its[i]["id"] != w {
			t.Errorf("item %d: id %q, want %q", i, its[i]["id"], w)
		}
	}
	d, e := its[3]["id"].(string), its[4]["id"].(string)
	if !strings.HasPrefix(d, "sha256:") || !strings.HasPrefix(e, "sha256:") || d == e {
		t.Errorf("ids of items without any identifier: %q, %q", d, e)
	}
	again := items(t, render(t, rss))
	if again[3]["id"] != d {
		t.Errorf("hash id not stable: %q, %q", again[3]["id"], d)
	}
}

func TestRenderDeterministicLayout(t *testing.T) {
	a, err := Render([]byte(everyField), feedURL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Render([]byte(everyField), feedURL)
	if !bytes.Equal(a, b) {
		t.Fatal("two renders differ")
	}
	if want := "{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"title\": \"The Show & Co\",\n"; !bytes.HasPrefix(a, []byte(want)) {
		t.Errorf("starts %q, want %q", a[:min(len(a), len(want))], want)
	}
	if !bytes.HasSuffix(a, []byte("\n  ]\n}\n")) {
		t.Errorf("ends %q", a[max(0, len(a)-20):])
	}
}

func TestIndent(t *testing.T) {
	tests := map[string]string{
		"empty containers": `{"a":{},"b":[],"c":[{}]}`,
		"nested":           `{"a":[1,{"b":null,"c":[true,false]}],"d":"x"}`,
		"escapes":          `{"q\"":"a\"b\\","{[,:]}":"\u2028\\"}`,
		"scalar":           `"just a string"`,
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			var want bytes.Buffer
			if err := json.Indent(&want, []byte(in), "", "  "); err != nil {
				t.Fatal(err)
			}
			want.WriteByte('\n')
			if got := indent([]byte(in + "\n")); !bytes.Equal(got, want.Bytes()) {
				t.Errorf("indent:\n%s\nwant\n%s", got, want.Bytes())
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	tests := map[string]struct {
		in string
		is error
	}{
		"HTML":       {in: "<html><body>no</body></html>", is: feed.ErrNotFeed},
		"no channel": {in: "<rss version=\"2.0\"></rss>", is: feed.ErrNoChannel},
		"empty":      {in: ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			out, err := Render([]byte(tc.in), feedURL)
			if err == nil || out != nil {
				t.Fatalf("Render = %q, %v; want an error", out, err)
			}
			if !strings.HasPrefix(err.Error(), "jsonfeed: ") {
				t.Errorf("error %q has no package prefix", err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
		})
	}
}

func TestDatePublished(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"RFC 1123 numeric":    {"Tue, 10 Jun 2003 04:00:00 -0700", "2003-06-10T04:00:00-07:00"},
		"GMT":                 {"Sun, 18 Jul 2021 20:39:24 GMT", "2021-07-18T20:39:24Z"},
		"-0000":               {"Fri, 11 Sep 2020 18:51:09 -0000", "2020-09-11T18:51:09Z"},
		"PST":                 {"Mon, 18 Feb 2008 01:54:00 PST", "2008-02-18T01:54:00-08:00"},
		"EDT":                 {"Mon, 18 Feb 2008 01:54:00 EDT", "2008-02-18T01:54:00-04:00"},
		"one-digit day":       {"Wed, 5 Jan 2011 01:30:00 +0100", "2011-01-05T01:30:00+01:00"},
		"no weekday":          {"21 Dec 2012 12:00:00 EST", "2012-12-21T12:00:00-05:00"},
		"weekday no comma":    {"Wed 5 Jan 2011 01:30:00 GMT", "2011-01-05T01:30:00Z"},
		"full month":          {"Thu, 1 June 2017 06:00:00 -0400", "2017-06-01T06:00:00-04:00"},
		"Sept":                {"Fri, 1 Sept 2017 06:00:00 +1030", "2017-09-01T06:00:00+10:30"},
		"colon offset":        {"Fri, 1 Sep 2017 06:00:00 +01:00", "2017-09-01T06:00:00+01:00"},
		"no seconds":          {"Fri, 1 Sep 2017 06:00 GMT", "2017-09-01T06:00:00Z"},
		"two-digit year":      {"Fri, 1 Sep 17 06:00:00 GMT", "2017-09-01T06:00:00Z"},
		"no zone is UTC":      {"Fri, 1 Sep 2017 06:00:00", "2017-09-01T06:00:00Z"},
		"RFC 3339":            {"2017-09-01T06:00:00.5+02:00", "2017-09-01T06:00:00+02:00"},
		"weekday is not read": {"Mon, 01 Sep 2017 06:00:00 GMT", "2017-09-01T06:00:00Z"},
		"unknown zone":        {"Fri, 1 Sep 2017 06:00:00 XYZ", ""},
		"31 April":            {"Mon, 31 Apr 2017 06:00:00 GMT", ""},
		"hour 24":             {"Mon, 3 Apr 2017 24:00:00 GMT", ""},
		"words":               {"yesterday", ""},
		"empty":               {"", ""},
		"trailing junk":       {"Mon, 3 Apr 2017 06:00:00 GMT extra", ""},
		"three-digit year":    {"Mon, 3 Apr 201 06:00:00 GMT", ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := datePublished(tc.in); got != tc.want {
				t.Errorf("datePublished(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestDurationSeconds(t *testing.T) {
	tests := map[string]struct {
		in   string
		want float64
	}{
		"seconds":         {"4258", 4258},
		"fraction":        {"4258.5", 4258.5},
		"MM:SS":           {"58:14", 3494},
		"MM over 59":      {"109:27", 6567},
		"H:MM:SS":         {"1:07:09", 4029},
		"HH:MM:SS.fff":    {"02:51:20.250", 10280.25},
		"empty":           {"", 0},
		"zero":            {"0", 0},
		"seconds over 59": {"1:75", 0},
		"four fields":     {"1:2:3:4", 0},
		"negative":        {"-5", 0},
		"words":           {"about an hour", 0},
		"fraction early":  {"1.5:00", 0},
		"empty field":     {"1::00", 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := durationSeconds(tc.in); got != tc.want {
				t.Errorf("durationSeconds(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestFieldHelpers(t *testing.T) {
	sizes := map[string]int64{"12345": 12345, " 99 ": 99, "0": 0, "1": 0, "": 0, "12,345": 0, "-4": 0, "1.5": 0}
	for in, want := range sizes {
		if got := sizeInBytes(in); got != want {
			t.Errorf("sizeInBytes(%q) = %d, want %d", in, got, want)
		}
	}
	types := map[[2]string]string{
		{"audio/mpeg", "https://x/a.m4a"}: "audio/mpeg",
		{"", "https://x/a.MP3?x=1"}:       "audio/mpeg",
		{"", "https://x/a.m4a"}:           "audio/mp4",
		{"", "https://x/download"}:        "application/octet-stream",
	}
	for in, want := range types {
		if got := mimeType(in[0], in[1]); got != want {
			t.Errorf("mimeType(%q, %q) = %q, want %q", in[0], in[1], got, want)
		}
	}
	langs := map[string]string{"en": "en", "en-us": "en-us", " zh-Hant ": "zh-Hant", "de-DE": "de-DE", "English (US)": "", "e": "", "en_US": "", "": "", "12": ""}
	for in, want := range langs {
		if got := languageTag(in); got != want {
			t.Errorf("languageTag(%q) = %q, want %q", in, got, want)
		}
	}
	urls := map[string]string{
		"https://a.example/x": "https://a.example/x", " HTTP://a.example ": "HTTP://a.example",
		"javascript:alert(1)": "", "//a.example/x": "", "/x": "", "ftp://a.example/": "", "data:text/html,x": "", "https://": "",
	}
	for in, want := range urls {
		if got := httpURL(in); got != want {
			t.Errorf("httpURL(%q) = %q, want %q", in, got, want)
		}
	}
	texts := map[string]string{
		"<p>One</p><p>Two &amp; <b>three</b></p>": "One Two & three",
		"a<script>var x = '<p>';</script>b":       "ab",
		"  spaced \n out  ":                       "spaced out",
	}
	for in, want := range texts {
		if got := htmlToText(in); got != want {
			t.Errorf("htmlToText(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every corpus feed renders to a valid JSON Feed 1.1 with one item per RSS
// item, every item identified (uniquely when the RSS identifies them
// uniquely), every attachment with url and mime_type, and every pubDate
// read.
func TestCorpus(t *testing.T) {
	for _, path := range testcorpus.Feeds(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := feed.Parse(raw)
			if err != nil {
				t.Fatalf("feed.Parse: %v", err)
			}
			out, err := Render(raw, feedURL)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			m := decode(t, out)
			if m["version"] != Version {
				t.Errorf("version %q", m["version"])
			}
			its := items(t, m)
			if len(its) != len(doc.Items) {
				t.Fatalf("%d items, the RSS has %d", len(its), len(doc.Items))
			}
			guids, rssIDs, ids := map[string]bool{}, map[string]bool{}, map[string]bool{}
			for i, it := range its {
				rit := &doc.Items[i]
				guids[rit.GUID] = true
				rssIDs[rit.ID()] = true
				id, _ := it["id"].(string)
				if id == "" {
					t.Errorf("item %d has no id", i)
				}
				ids[id] = true
				if _, ok := it["content_html"]; !ok {
					if _, ok := it["content_text"]; !ok {
						t.Errorf("item %d has neither content_html nor content_text", i)
					}
				}
				if rit.PubDate != "" && it["date_published"] == nil {
					t.Errorf("item %d: pubDate %q not read", i, rit.PubDate)
				}
				atts, _ := it["attachments"].([]any)
				for _, a := range atts {
					a := a.(map[string]any)
					if u, _ := a["url"].(string); httpURL(u) == "" {
						t.Errorf("item %d: attachment url %q", i, a["url"])
					}
					if mt, _ := a["mime_type"].(string); mt == "" {
						t.Errorf("item %d: attachment without mime_type", i)
					}
				}
				if httpURL(rit.Enclosure.URL) != "" && len(atts) != 1 {
					t.Errorf("item %d: %d attachments for an http(s) enclosure", i, len(atts))
				}
			}
			allGUIDs := !guids[""] && len(guids) == len(doc.Items)
			if (allGUIDs || len(rssIDs) == len(doc.Items)) && len(ids) != len(its) {
				t.Errorf("%d distinct ids for %d items with distinct GUIDs", len(ids), len(its))
			}
		})
	}
}

// largestCorpusFeed is the biggest feed of the corpus, skipping tb when
// there is none.
func largestCorpusFeed(tb testing.TB) (string, []byte) {
	tb.Helper()
	var best string
	var size int64 = -1
	for _, p := range testcorpus.Feeds(tb) {
		if st, err := os.Stat(p); err == nil && st.Size() > size {
			best, size = p, st.Size()
		}
	}
	raw, err := os.ReadFile(best)
	if err != nil {
		tb.Fatal(err)
	}
	return filepath.Base(best), raw
}

func BenchmarkRender(b *testing.B) {
	name, raw := largestCorpusFeed(b)
	b.Logf("%s, %d bytes", name, len(raw))
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(raw, feedURL); err != nil {
			b.Fatal(err)
		}
	}
}

// Render returns an error or a valid JSON Feed, never panics.
func FuzzRender(f *testing.F) {
	f.Add([]byte(everyField))
	f.Add([]byte(`<rss><channel><item><pubDate>Mon, 3 Apr 2017 06:00 +01:00</pubDate><itunes:duration xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">1:2:3</itunes:duration></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, rss []byte) {
		out, err := Render(rss, feedURL)
		if err != nil {
			return
		}
		m := decode(t, out)
		if m["version"] != Version {
			t.Fatalf("version %q", m["version"])
		}
		for i, it := range items(t, m) {
			if id, _ := it["id"].(string); id == "" {
				t.Fatalf("item %d has no id", i)
			}
		}
	})
}
