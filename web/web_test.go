package web

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// hostile is a feed whose every field tries to break out of the page.
const hostile = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel><title>&lt;script&gt;alert("t")&lt;/script&gt; Show</title>
<link>javascript:alert(1)</link>
<itunes:image href="javascript:alert(2)"/>
<item><title>&lt;img src=x onerror=alert(3)&gt;</title><guid>"&gt;&lt;b&gt;id</guid>
<link>data:text/html,&lt;script&gt;alert(4)&lt;/script&gt;</link>
<itunes:duration>600</itunes:duration>
<category>&lt;/li&gt;&lt;script&gt;alert(5)&lt;/script&gt;</category>
<podcast:person role="guest">&lt;svg onload=alert(6)&gt;</podcast:person>
<enclosure url="https://example.invalid/1.mp3" length="1" type="audio/mpeg"/></item>
</channel></rss>`

func hostileModel(t *testing.T) *Model {
	t.Helper()
	doc, err := feed.Parse([]byte(hostile))
	if err != nil {
		t.Fatal(err)
	}
	adds := make([]feed.Additions, len(doc.Items))
	adds[0] = feed.Additions{
		Categories: []string{`</title><script>alert(7)</script>`},
		Chapters:   []feed.Chapter{{Start: 0, Title: `</title></svg><script>alert(8)</script>`}, {Start: 300, Title: "B & <C>"}},
		Evidence:   []feed.Evidence{{Of: "tag", Value: "<i>v</i>", Why: `title: "<script>alert(9)</script>"`}},
	}
	m, err := NewModel([]byte(hostile), AddedJSON(doc, adds))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Everything from a feed is text on the page: no element, attribute or
// link of its own gets through, in HTML or in the SVG timeline.
func TestPagesEscapeTheFeed(t *testing.T) {
	m := hostileModel(t)
	f := Feed{Name: "x", Title: m.Channel.Title, Image: HTTPURL(m.Channel.Image), Site: HTTPURL(m.Channel.Link), URL: "http://127.0.0.1:8080/feeds/x"}
	for name, render := range map[string]func(io.Writer) error{
		"index": func(w io.Writer) error { return RenderIndex(w, Index{Feeds: []Feed{f}, OPMLURL: "/opml"}) },
		"show":  func(w io.Writer) error { return RenderShow(w, m.ShowPage(f, 1, 50)) },
	} {
		page, err := Render(render)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(bytes.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		scripts := 0
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "script":
					scripts++
				case "img", "b", "i":
					if n.Data != "img" || !strings.HasPrefix(attr(n, "class"), "cover") {
						t.Errorf("%s: a feed's <%s> became an element", name, n.Data)
					}
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(a.Key, "on") {
						t.Errorf("%s: an event attribute %s=%q", name, a.Key, a.Val)
					}
					if (a.Key == "href" || a.Key == "src") && (strings.HasPrefix(a.Val, "javascript:") || strings.HasPrefix(a.Val, "data:")) {
						t.Errorf("%s: a %s link %q", name, a.Key, a.Val)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if scripts != 1 { // the page's own, for the copy button
			t.Errorf("%s: %d script elements, want the page's one", name, scripts)
		}
		for _, text := range []string{`<script>alert("t")</script> Show`} {
			if !strings.Contains(textOf(doc), text) {
				t.Errorf("%s: the title is not shown as text %q", name, text)
			}
		}
		if name == "show" {
			for _, text := range []string{`<img src=x onerror=alert(3)>`, `</li><script>alert(5)</script>`, `<svg onload=alert(6)>`,
				`</title></svg><script>alert(8)</script>`, `B & <C>`, `title: "<script>alert(9)</script>"`} {
				if !strings.Contains(textOf(doc), text) {
					t.Errorf("show: %q is not shown as text", text)
				}
			}
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// checkHTML applies the rules the pages keep, on top of parsing as HTML5
// does: a doctype, lang, a title, one h1, unique ids, every img with alt,
// every input with a label, every button with a type, no element a parser
// had to move (an unclosed or misnested tag shows as a count mismatch).
func checkHTML(t *testing.T, name string, page []byte) {
	t.Helper()
	if !bytes.HasPrefix(page, []byte("<!DOCTYPE html>")) {
		t.Errorf("%s: no doctype", name)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	ids, labels := map[string]int{}, map[string]bool{}
	var inputs []string
	count := map[string]int{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			count[n.Data]++
			if id := attr(n, "id"); id != "" {
				ids[id]++
			}
			switch n.Data {
			case "html":
				if attr(n, "lang") == "" {
					t.Errorf("%s: <html> without lang", name)
				}
			case "img":
				if _, ok := attrOK(n, "alt"); !ok {
					t.Errorf("%s: <img> without alt", name)
				}
			case "label":
				labels[attr(n, "for")] = true
			case "input":
				inputs = append(inputs, attr(n, "id"))
			case "button":
				if attr(n, "type") == "" {
					t.Errorf("%s: <button> without type", name)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for id, n := range ids {
		if n > 1 {
			t.Errorf("%s: id %q used %d times", name, id, n)
		}
	}
	for _, id := range inputs {
		if !labels[id] {
			t.Errorf("%s: input %q has no label", name, id)
		}
	}
	if count["h1"] != 1 || count["title"] < 1 {
		t.Errorf("%s: %d h1, %d title", name, count["h1"], count["title"])
	}
	// Tags written in the template versus elements parsed: a misnested or
	// unclosed tag makes the parser add or move elements.
	for _, el := range []string{"li", "ul", "ol", "a", "svg", "rect", "details", "p", "h2", "h3"} {
		if written := bytes.Count(page, []byte("<"+el+">")) + bytes.Count(page, []byte("<"+el+" ")); written != count[el] {
			t.Errorf("%s: %d <%s> written, %d parsed", name, written, el, count[el])
		}
	}
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// The pages of every corpus feed are well-formed HTML5 by the rules above.
func TestPagesAreValidHTML(t *testing.T) {
	m := hostileModel(t)
	f := Feed{Name: "x", Title: "X", URL: "http://127.0.0.1:8080/feeds/x"}
	page, _ := Render(func(w io.Writer) error { return RenderShow(w, m.ShowPage(f, 1, 50)) })
	checkHTML(t, "hostile show", page)
	var feeds []Feed
	for _, path := range testcorpus.Feeds(t) {
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewModel(body, nil)
		if err != nil {
			continue // a malformed feed recast refuses or repairs first
		}
		name := strings.TrimSuffix(filepath.Base(path), ".xml")
		f := Feed{Name: name, Title: m.Channel.Title, Image: HTTPURL(m.Channel.Image), URL: "http://127.0.0.1:8080/feeds/" + name, Episodes: len(m.Episodes)}
		feeds = append(feeds, f)
		page, err := Render(func(w io.Writer) error { return RenderShow(w, m.ShowPage(f, 2, 50)) })
		if err != nil {
			t.Fatal(err)
		}
		checkHTML(t, name, page)
		if len(page) > 1<<20 {
			t.Errorf("%s: a page of %d bytes", name, len(page))
		}
	}
	page, _ = Render(func(w io.Writer) error { return RenderIndex(w, Index{Feeds: feeds, OPMLURL: "/opml"}) })
	checkHTML(t, "index", page)
}

// A timeline is to scale: bands cover the episode in order, each as wide as
// its chapter.
func TestTimeline(t *testing.T) {
	bands := timeline([]feed.Chapter{{Start: 0, Title: "a"}, {Start: 60}, {Start: 450}}, 600)
	want := []Band{{X: 0, W: 100}, {X: 100, W: 650}, {X: 750, W: 250}}
	for i, b := range bands {
		if b.X != want[i].X || b.W != want[i].W {
			t.Errorf("band %d: x %v w %v, want x %v w %v", i, b.X, b.W, want[i].X, want[i].W)
		}
	}
	if got := timeline([]feed.Chapter{{Start: 0}, {Start: 700}}, 600); got[1].X+got[1].W > 1000.01 {
		t.Errorf("a chapter past the duration runs off the timeline: %+v", got)
	}
	if mmss(3725) != "1:02:05" || mmss(65) != "1:05" {
		t.Errorf("mmss: %s %s", mmss(3725), mmss(65))
	}
}

// BenchmarkShowPage: model and page of the largest corpus feed, as a first
// page view costs (the model is then kept for the version).
func BenchmarkShowPage(b *testing.B) {
	body := testcorpus.Feed(b, "engineering-kiosk-2026-07-01-redcircle-de.xml")
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		m, err := NewModel(body, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Render(func(w io.Writer) error { return RenderShow(w, m.ShowPage(Feed{Name: "k"}, 1, 50)) }); err != nil {
			b.Fatal(err)
		}
	}
}
