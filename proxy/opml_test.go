package proxy

import (
	"encoding/xml"
	"testing"

	"github.com/recast-podcast/recast/cache/memory"
	"github.com/recast-podcast/recast/config"
)

// TestOPML: /opml lists every served feed with its recast URL; a fetched
// feed under its title and site, one not fetched yet under its name.
func TestOPML(t *testing.T) {
	up := newUpstream(t, smallFeed)
	h := newHarness(t, memory.New(1<<20),
		config.Feed{Name: "show", URL: up.URL + "/feed.xml"},
		config.Feed{Name: "later", URL: up.URL + "/other.xml"})
	if res, _ := h.get(t, "GET", "/feeds/show"); res.StatusCode != 200 {
		t.Fatalf("GET /feeds/show: %d", res.StatusCode)
	}
	before := up.requests.Load()
	res, body := h.get(t, "GET", "/opml")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/x-opml; charset=utf-8" {
		t.Fatalf("GET /opml: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if up.requests.Load() != before {
		t.Errorf("/opml fetched upstream")
	}
	var doc struct {
		Version  string `xml:"version,attr"`
		Outlines []struct {
			Type    string `xml:"type,attr"`
			Text    string `xml:"text,attr"`
			XMLURL  string `xml:"xmlUrl,attr"`
			HTMLURL string `xml:"htmlUrl,attr"`
		} `xml:"body>outline"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatalf("/opml is no XML: %v\n%s", err, body)
	}
	if doc.Version != "2.0" || len(doc.Outlines) != 2 {
		t.Fatalf("version %q, %d outlines:\n%s", doc.Version, len(doc.Outlines), body)
	}
	o := doc.Outlines[0]
	if o.Type != "rss" || o.Text != "Test Show" || o.XMLURL != h.http.URL+"/feeds/show" {
		t.Errorf("first outline %+v", o)
	}
	if o := doc.Outlines[1]; o.Text != "later" || o.XMLURL != h.http.URL+"/feeds/later" {
		t.Errorf("second outline %+v", o)
	}
}

func TestChannelInfo(t *testing.T) {
	for _, tc := range []struct{ feed, title, link string }{
		{`<rss><channel><title>A &amp; B</title><link>https://a.example/</link><item><title>Ep</title><link>https://a.example/1</link></item></channel></rss>`, "A & B", "https://a.example/"},
		{`<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link rel="self" href="https://x.example/feed"/><title><![CDATA[Cdata Show]]></title><item/></channel></rss>`, "Cdata Show", ""},
		{`<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Show</title><link rel="self" href="https://x.example/atom"/><link href="https://x.example/"/><entry><title>E</title></entry></feed>`, "Atom Show", "https://x.example/"},
		{`<rss><channel><item><title>Only items</title></item></channel></rss>`, "", ""},
		{`not xml`, "", ""},
	} {
		title, link := channelInfo([]byte(tc.feed))
		if title != tc.title || link != tc.link {
			t.Errorf("channelInfo(%.40q) = %q, %q; want %q, %q", tc.feed, title, link, tc.title, tc.link)
		}
	}
}
