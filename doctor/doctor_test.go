package doctor

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// cleanFeed breaks no rule, with Options{ServedURL: servedURL}. The rule
// tests change one thing in it.
const cleanFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Show &amp; Tell</title>
<link>https://show.example/</link>
<description>About the show</description>
<language>en-US</language>
<atom:link rel="self" type="application/rss+xml" href="https://feeds.example/show.xml"/>
<itunes:image href="https://show.example/art.jpg"/>
<itunes:category text="Technology"/>
<itunes:category text="News"><itunes:category text="Tech News"/></itunes:category>
<itunes:explicit>false</itunes:explicit>
<podcast:guid>917393e3-1b1e-5cef-ace4-edaa54e1f810</podcast:guid>
<podcast:funding url="https://show.example/support">Support the show</podcast:funding>
<item>
<title>One</title>
<guid isPermaLink="false">ep-1</guid>
<pubDate>Tue, 10 Jun 2003 04:00:00 +0000</pubDate>
<description>Notes one</description>
<enclosure url="https://show.example/1.mp3" length="1234" type="audio/mpeg"/>
<podcast:transcript url="https://show.example/1.vtt" type="text/vtt"/>
</item>
<item>
<title>Two</title>
<guid isPermaLink="false">ep-2</guid>
<pubDate>Wed, 11 Jun 2003 04:00:00 GMT</pubDate>
<description>Notes two</description>
<enclosure url="https://show.example/2.mp3" length="5678" type="audio/mpeg"/>
</item>
</channel>
</rss>
`

const servedURL = "https://feeds.example/show.xml"

// edit returns cleanFeed with each old string replaced by the new one that
// follows it; it fails the test when an old string is not there once.
func edit(t *testing.T, pairs ...string) string {
	t.Helper()
	s := cleanFeed
	for i := 0; i+1 < len(pairs); i += 2 {
		if n := strings.Count(s, pairs[i]); n != 1 {
			t.Fatalf("edit: %q is in the clean feed %d times, want once", pairs[i], n)
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

func check(t *testing.T, body string, opt Options) []Finding {
	t.Helper()
	fs, err := Check([]byte(body), opt)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return fs
}

func TestCleanFeed(t *testing.T) {
	if fs := check(t, cleanFeed, Options{ServedURL: servedURL}); len(fs) != 0 {
		t.Errorf("findings on the clean feed:\n%s", dump(fs))
	}
}

// Each rule, with a feed that breaks it and one that does not.
func TestRules(t *testing.T) {
	long := strings.Repeat("x", maxDescription+1)
	tests := map[string]struct {
		rule      string
		bad, good func(t *testing.T) string // good nil: cleanFeed
		opt       Options
		where     string // of the finding on bad
		has       string // in its message
	}{
		"xml: a bare &": {rule: "xml-not-well-formed", where: "channel", has: "'&'",
			bad: func(t *testing.T) string { return edit(t, "Show &amp; Tell", "Show & Tell") }},
		"xml: a line before the declaration": {rule: "xml-not-well-formed", has: "before the XML declaration",
			bad: func(t *testing.T) string { return "\n" + cleanFeed }},
		"xml: junk after the root": {rule: "xml-not-well-formed", has: "after the root element",
			bad: func(t *testing.T) string { return cleanFeed + "<br>Warning: something</br>" }},
		"xml: an undeclared prefix": {rule: "xml-not-well-formed", has: "prefix content",
			bad: func(t *testing.T) string {
				return edit(t, ` xmlns:content="http://purl.org/rss/1.0/modules/content/"`, "", "<description>Notes two</description>", "<content:encoded>Notes two</content:encoded>")
			}},
		"xml: an HTML entity": {rule: "xml-not-well-formed", has: "&nbsp;",
			bad:  func(t *testing.T) string { return edit(t, "Notes one", "Notes&nbsp;one") },
			good: func(t *testing.T) string { return edit(t, "Notes one", "Notes&#160;one") }},
		"encoding: declared Latin-1, written UTF-8": {rule: "encoding-mismatch", has: "UTF-8",
			bad: func(t *testing.T) string {
				return edit(t, `encoding="UTF-8"`, `encoding="ISO-8859-1"`, "Notes one", "Notes caf\u00e9")
			},
			good: func(t *testing.T) string { return edit(t, "Notes one", "Notes caf\u00e9") }},
		"atom": {rule: "feed-atom",
			bad: func(t *testing.T) string {
				return `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id><updated>2024-01-01T00:00:00Z</updated>
<entry><title>E</title><id>urn:e</id><updated>2024-01-01T00:00:00Z</updated><link rel="enclosure" href="https://a.example/e.mp3" type="audio/mpeg" length="5"/></entry></feed>`
			}},
		"channel title": {rule: "title-missing", where: "channel",
			bad: func(t *testing.T) string { return edit(t, "<title>Show &amp; Tell</title>", "") }},
		"item title": {rule: "title-missing", where: `item 2 (guid "ep-2")`,
			bad:  func(t *testing.T) string { return edit(t, "<title>Two</title>", "") },
			good: func(t *testing.T) string { return edit(t, "<title>Two</title>", "<itunes:title>Two</itunes:title>") }},
		"channel description": {rule: "description-missing",
			bad: func(t *testing.T) string { return edit(t, "<description>About the show</description>", "") },
			good: func(t *testing.T) string {
				return edit(t, "<description>About the show</description>", "<itunes:summary>About</itunes:summary>")
			}},
		"long item description": {rule: "description-too-long", where: `item 1 "One"`, has: "description (4,001 bytes) is",
			bad:  func(t *testing.T) string { return edit(t, "Notes one", long) },
			good: func(t *testing.T) string { return edit(t, "Notes one", long[1:]) }},
		"long content:encoded and summary": {rule: "description-too-long", where: `item 2 "Two"`, has: "content:encoded (4,001 bytes) and itunes:summary (4,001 bytes) are",
			bad: func(t *testing.T) string {
				return edit(t, "<description>Notes two</description>", "<content:encoded><![CDATA["+long+"]]></content:encoded><itunes:summary>"+long+"</itunes:summary>")
			}},
		"long channel description": {rule: "description-too-long", where: "channel",
			bad: func(t *testing.T) string { return edit(t, "About the show", long) }},
		"language missing": {rule: "language-missing",
			bad: func(t *testing.T) string { return edit(t, "<language>en-US</language>", "") }},
		"language not a code": {rule: "language-invalid", has: "English",
			bad: func(t *testing.T) string {
				return edit(t, "<language>en-US</language>", "<language>English</language>")
			},
			good: func(t *testing.T) string {
				return edit(t, "<language>en-US</language>", "<language>zh-Hant-TW</language>")
			}},
		"no artwork": {rule: "artwork-missing",
			bad: func(t *testing.T) string { return edit(t, `<itunes:image href="https://show.example/art.jpg"/>`, "") }},
		"artwork URL as text": {rule: "artwork-missing", has: "is its text",
			bad: func(t *testing.T) string {
				return edit(t, `<itunes:image href="https://show.example/art.jpg"/>`, `<itunes:image>https://show.example/art.jpg</itunes:image>`)
			}},
		"artwork 16:9": {rule: "artwork-not-square", has: "16/9",
			bad: func(t *testing.T) string {
				return edit(t, "<itunes:explicit>", `<podcast:image href="https://show.example/art.jpg" aspect-ratio="16/9"/><itunes:explicit>`)
			},
			good: func(t *testing.T) string { // another image, for another use
				return edit(t, "<itunes:explicit>", `<podcast:image href="https://show.example/wide.jpg" aspect-ratio="16/9" purpose="social"/><itunes:explicit>`)
			}},
		"artwork 3000×1500": {rule: "artwork-not-square", has: "3000×1500 px",
			bad: func(t *testing.T) string {
				return edit(t, "<itunes:explicit>", `<podcast:image href="https://show.example/art.jpg" width="3000" height="1500"/><itunes:explicit>`)
			}},
		"artwork 512 px": {rule: "artwork-small", has: "512 px wide",
			bad: func(t *testing.T) string {
				return edit(t, "<itunes:explicit>", `<podcast:images srcset="https://show.example/art.jpg 512w, https://show.example/s.jpg 100w"/><itunes:explicit>`)
			},
			good: func(t *testing.T) string {
				return edit(t, "<itunes:explicit>", `<podcast:images srcset="https://show.example/art.jpg 3000w, https://show.example/s.jpg 100w"/><itunes:explicit>`)
			}},
		"no category": {rule: "category-missing",
			bad: func(t *testing.T) string {
				return edit(t, `<itunes:category text="Technology"/>`, "", `<itunes:category text="News"><itunes:category text="Tech News"/></itunes:category>`, "")
			}},
		"a retired category": {rule: "category-unknown", has: `"Leisure"`,
			bad: func(t *testing.T) string {
				return edit(t, `<itunes:category text="Technology"/>`, `<itunes:category text="Games &amp; Hobbies"/>`)
			}},
		"a subcategory in the wrong parent": {rule: "category-unknown", has: `it belongs in "News"`,
			bad: func(t *testing.T) string {
				return edit(t, `<itunes:category text="Technology"/>`, `<itunes:category text="Technology"><itunes:category text="Tech News"/></itunes:category>`)
			}},
		"a category misspelt": {rule: "category-unknown", has: `"Health & Fitness"`,
			bad: func(t *testing.T) string {
				return edit(t, `<itunes:category text="Technology"/>`, `<itunes:category text="Health and fitness"/>`)
			}},
		"no explicit": {rule: "explicit-missing",
			bad: func(t *testing.T) string { return edit(t, "<itunes:explicit>false</itunes:explicit>", "") }},
		"explicit maybe": {rule: "explicit-invalid",
			bad: func(t *testing.T) string {
				return edit(t, "<itunes:explicit>false</itunes:explicit>", "<itunes:explicit>maybe</itunes:explicit>")
			},
			good: func(t *testing.T) string {
				return edit(t, "<itunes:explicit>false</itunes:explicit>", "<itunes:explicit>No</itunes:explicit>")
			}},
		"no podcast:guid": {rule: "podcast-guid-missing",
			bad: func(t *testing.T) string {
				return edit(t, "<podcast:guid>917393e3-1b1e-5cef-ace4-edaa54e1f810</podcast:guid>", "")
			}},
		"podcast:guid not a UUID": {rule: "podcast-guid-invalid",
			bad: func(t *testing.T) string {
				return edit(t, "917393e3-1b1e-5cef-ace4-edaa54e1f810", "y0ur-gu1d-g035-h3r3")
			}},
		"http funding on the channel": {rule: "podcast-url-http", where: "channel", has: "podcast:funding url is http:",
			bad: func(t *testing.T) string {
				return edit(t, "https://show.example/support", "http://show.example/support")
			}},
		"http transcript in an item, another prefix": {rule: "podcast-url-http", where: `item 1 "One"`, has: "podcast:transcript url is http:",
			bad: func(t *testing.T) string {
				return edit(t, `<podcast:transcript url="https://show.example/1.vtt" type="text/vtt"/>`,
					`<pi:transcript xmlns:pi="https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md" url="HTTP://show.example/1.vtt" type="text/vtt"/>`)
			},
			good: func(t *testing.T) string { // an ipfs: source and an http URL outside the namespace
				return edit(t, `<podcast:transcript url="https://show.example/1.vtt" type="text/vtt"/>`,
					`<podcast:alternateEnclosure type="audio/mpeg" length="1"><podcast:source uri="ipfs://QmX"/></podcast:alternateEnclosure><link>http://show.example/1</link>`)
			}},
		"http person images, counted": {rule: "podcast-url-http", has: "podcast:person img (2) are http:",
			bad: func(t *testing.T) string {
				return edit(t, "<description>Notes two</description>", `<podcast:person img="http://a.example/a.jpg">A</podcast:person><podcast:person img="http://a.example/b.jpg">B</podcast:person>`)
			}},
		"no self link": {rule: "self-link-missing", opt: Options{ServedURL: servedURL},
			bad: func(t *testing.T) string {
				return edit(t, `<atom:link rel="self" type="application/rss+xml" href="https://feeds.example/show.xml"/>`, "")
			}},
		"self link elsewhere": {rule: "self-link-mismatch", opt: Options{ServedURL: servedURL}, has: "https://old.example/rss",
			bad: func(t *testing.T) string {
				return edit(t, `href="https://feeds.example/show.xml"`, `href="https://old.example/rss"`)
			},
			good: func(t *testing.T) string { // the same URL, spelt otherwise
				return edit(t, `href="https://feeds.example/show.xml"`, `href="HTTPS://Feeds.Example:443/show.xml"`)
			}},
		"no guid": {rule: "guid-missing", where: `item 2 "Two"`,
			bad: func(t *testing.T) string { return edit(t, `<guid isPermaLink="false">ep-2</guid>`, "") },
			good: func(t *testing.T) string {
				return edit(t, `<guid isPermaLink="false">ep-2</guid>`, "<guid>https://show.example/2</guid>")
			}},
		"no guid anywhere: one finding": {rule: "guid-missing", where: "channel", has: "2 of 2 items",
			bad: func(t *testing.T) string {
				return edit(t, `<guid isPermaLink="false">ep-2</guid>`, "", `<guid isPermaLink="false">ep-1</guid>`, "<guid> </guid>")
			}},
		"the same guid twice": {rule: "guid-duplicate", where: `item 2 "Two"`, has: `also that of item 1 "One"`,
			bad: func(t *testing.T) string {
				return edit(t, `<guid isPermaLink="false">ep-2</guid>`, `<guid>ep-1</guid>`)
			}},
		"no pubDate": {rule: "pubdate-missing",
			bad: func(t *testing.T) string { return edit(t, "<pubDate>Wed, 11 Jun 2003 04:00:00 GMT</pubDate>", "") }},
		"pubDate not a date": {rule: "pubdate-invalid", has: "yesterday",
			bad: func(t *testing.T) string { return edit(t, "Wed, 11 Jun 2003 04:00:00 GMT", "yesterday") }},
		"pubDate 31 April": {rule: "pubdate-invalid",
			bad:  func(t *testing.T) string { return edit(t, "Wed, 11 Jun 2003 04:00:00 GMT", "31 Apr 2003 04:00:00 GMT") },
			good: func(t *testing.T) string { return edit(t, "Wed, 11 Jun 2003 04:00:00 GMT", "30 Apr 2003 04:00 EST") }},
		"pubDate in RFC 3339": {rule: "pubdate-format", has: `write "Wed, 11 Jun 2003 04:00:00 +0000"`,
			bad: func(t *testing.T) string { return edit(t, "Wed, 11 Jun 2003 04:00:00 GMT", "2003-06-11T04:00:00Z") },
			good: func(t *testing.T) string {
				return edit(t, "Wed, 11 Jun 2003 04:00:00 GMT", "Wed, 11 Jun 03 04:00:00 PDT")
			}},
		"pubDate with a full month name": {rule: "pubdate-format",
			bad: func(t *testing.T) string {
				return edit(t, "Wed, 11 Jun 2003 04:00:00 GMT", "Wed, 11 June 2003 04:00:00 GMT")
			}},
		"no enclosure": {rule: "enclosure-missing", where: `item 2 "Two"`,
			bad: func(t *testing.T) string {
				return edit(t, `<enclosure url="https://show.example/2.mp3" length="5678" type="audio/mpeg"/>`, "")
			}},
		"an http enclosure": {rule: "enclosure-http", has: "http://show.example/2.mp3",
			bad: func(t *testing.T) string { return edit(t, "https://show.example/2.mp3", "http://show.example/2.mp3") }},
		"no length": {rule: "enclosure-length", has: "no length",
			bad: func(t *testing.T) string { return edit(t, ` length="5678"`, "") }},
		"length 0": {rule: "enclosure-length", has: `"0"`,
			bad: func(t *testing.T) string { return edit(t, `length="5678"`, `length="0"`) }},
		"no type": {rule: "enclosure-type",
			bad: func(t *testing.T) string { return edit(t, `length="5678" type="audio/mpeg"`, `length="5678"`) }},
		"the same audio twice": {rule: "enclosure-duplicate", where: `item 2 "Two"`,
			bad: func(t *testing.T) string { return edit(t, "https://show.example/2.mp3", "https://show.example/1.mp3") }},
	}
	covered := map[string]bool{}
	for name, tc := range tests {
		covered[tc.rule] = true
		t.Run(name, func(t *testing.T) {
			if _, ok := rules[tc.rule]; !ok {
				t.Fatalf("rule %q is not in ruleTable", tc.rule)
			}
			fs := check(t, tc.bad(t), tc.opt)
			got := ofRule(fs, tc.rule)
			if len(got) != 1 {
				t.Fatalf("%d %s findings on the bad feed, want 1; all:\n%s", len(got), tc.rule, dump(fs))
			}
			f := got[0]
			if f.Severity != rules[tc.rule].sev || tc.where != "" && f.Where != tc.where || !strings.Contains(f.Message, tc.has) {
				t.Errorf("finding %+v, want severity %s, where %q, message with %q", f, rules[tc.rule].sev, tc.where, tc.has)
			}
			if strings.Contains(f.Message, "\n") {
				t.Errorf("message is not one line: %q", f.Message)
			}
			good := cleanFeed
			if tc.good != nil {
				good = tc.good(t)
			}
			if fs := check(t, good, tc.opt); len(ofRule(fs, tc.rule)) != 0 {
				t.Errorf("%s findings on the good feed:\n%s", tc.rule, dump(fs))
			}
		})
	}
	for _, r := range ruleTable {
		if !covered[r.id] && r.id != "doctor-incomplete" { // feed.Parse refuses what stops the walk: TestWalkErrors
			t.Errorf("rule %s has no test", r.id)
		}
	}
}

// The walks of the channel and of an item say why they stopped, for the
// doctor-incomplete finding (feed.Parse refuses such feeds first).
func TestWalkErrors(t *testing.T) {
	if f := readChannel([]byte("<rss><channel><title>a&#1;b</title></channel></rss>")); f.walkErr == nil {
		t.Error("readChannel: no error on an illegal character")
	}
	if f := readItem(scopeElement("p="+feed.NSPodcast+"\n"), []byte("<item><p:chapters url='http://a.example/c.json'/>&#1;</item>")); f.walkErr == nil || len(f.urls) != 1 {
		t.Errorf("readItem: %+v, want an error and the URL read before it", f)
	}
}

// Channel findings come first, then the items' in feed order; past ten
// items a rule's findings are summed up in one, after the items.
func TestOrderAndCap(t *testing.T) {
	var items strings.Builder
	for i := 1; i <= 25; i++ {
		fmt.Fprintf(&items, `<item><title>E%d</title><guid>g%d</guid><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>`, i, i)
		fmt.Fprintf(&items, `<enclosure url="http://show.example/%d.mp3" length="1" type="audio/mpeg"/></item>`, i)
		if i == 3 {
			items.WriteString(`<item><title>Dup</title><guid>g1</guid><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate><enclosure url="https://show.example/d.mp3" length="1" type="audio/mpeg"/></item>`)
		}
	}
	body := edit(t, "<item>\n<title>One</title>", items.String()+"<item>\n<title>One</title>", "<language>en-US</language>", "")
	fs := check(t, body, Options{})
	var got []string
	for _, f := range fs {
		got = append(got, f.Rule+" @ "+f.Where)
	}
	want := []string{"language-missing @ channel"}
	for i := 1; i <= 10; i++ {
		if i == 4 {
			want = append(want, `guid-duplicate @ item 4 "Dup"`)
		}
		want = append(want, fmt.Sprintf(`enclosure-http @ item %d "E%d"`, i+btoi(i >= 4), i))
	}
	want = append(want, "enclosure-http @ 15 more items")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	last := fs[len(fs)-1]
	if !strings.Contains(last.Message, `and 15 more items, from item 12 "E11" on`) || last.Severity != Warning {
		t.Errorf("summary: %+v", last)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestNotAFeed(t *testing.T) {
	for name, body := range map[string]string{
		"html":      "<!DOCTYPE html><html><body>Hello</body></html>",
		"truncated": `<rss version="2.0"><channel><title>T</title><item><title>x</item>`,
		"empty":     "",
	} {
		t.Run(name, func(t *testing.T) {
			fs, err := Check([]byte(body), Options{})
			if err == nil || fs != nil || !strings.HasPrefix(err.Error(), "doctor: ") {
				t.Fatalf("Check = %v, %v; want a doctor: error and no findings", fs, err)
			}
			var syn *feed.SyntaxError
			if name == "html" && !errors.Is(err, feed.ErrNotFeed) || name == "truncated" && !errors.As(err, &syn) {
				t.Errorf("error %v does not wrap feed.Parse's", err)
			}
		})
	}
}

func TestSrcset(t *testing.T) {
	got := srcset(" https://op3.dev/e,pg=1/a.jpg 1500w,\n https://x.example/b.jpg 600w, https://x.example/c.jpg, https://x.example/d.jpg 2x")
	want := []candidate{{"https://op3.dev/e,pg=1/a.jpg", 1500}, {"https://x.example/b.jpg", 600}, {"https://x.example/c.jpg", 0}, {"https://x.example/d.jpg", 0}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("srcset = %v, want %v", got, want)
	}
}

// Apple's list has 19 categories and 91 subcategories, each named once.
func TestAppleCategories(t *testing.T) {
	subs, seen := 0, map[string]bool{}
	for _, c := range appleCategories {
		for _, n := range append([]string{c.name}, c.subs...) {
			if seen[foldCategory(n)] {
				t.Errorf("%q twice", n)
			}
			seen[foldCategory(n)] = true
		}
		subs += len(c.subs)
	}
	if len(appleCategories) != 19 || subs != 91 {
		t.Errorf("%d categories, %d subcategories; want 19 and 91", len(appleCategories), subs)
	}
	for old, now := range retiredCategories {
		if _, ok := appleSpelling[foldCategory(now)]; !ok || seen[old] || foldCategory(old) != old {
			t.Errorf("retired %q → %q: not a current name, or %q is current or not folded", old, now, old)
		}
	}
}

// wellFormedPC20 are corpus feeds that are well-formed Podcasting 2.0: the
// doctor must find no error in them.
var wellFormedPC20 = []string{
	"podcasting-2.0-show-pc20.xml",
	"podland-pc20.xml",
	"the-mn-show-pc20-transcripts-chapters.xml",
}

// The doctor reads every corpus feed; it finds no error in the
// well-formed Podcasting 2.0 feeds, and what the manifest says is wrong
// with the broken ones.
func TestCorpus(t *testing.T) {
	clean := map[string]bool{}
	for _, n := range wellFormedPC20 {
		clean[n] = true
	}
	// What the corpus MANIFEST records of particular feeds.
	expect := map[string][]string{
		"MALFORMED-taverncast-ws-before-xmldecl-dup-guid.xml":              {"xml-not-well-formed", "guid-duplicate"},
		"MALFORMED-comintegrator-no-guids-undefined-entity.xml":            {"xml-not-well-formed", "guid-missing"},
		"MALFORMED-vrt-de-grote-no-guid-unbound-prefix.xml":                {"xml-not-well-formed", "guid-missing"},
		"MALFORMED-babes-in-business-undefined-entity.xml":                 {"xml-not-well-formed"},
		"MALFORMED-meia-horinha-wordpress-php-warnings-before-xmldecl.xml": {"xml-not-well-formed"},
		"medienkuh-wordpress-no-enclosures-de.xml":                         {"guid-missing", "enclosure-missing"},
		"ent-expert-opinion-typepad-atom-enclosures.xml":                   {"feed-atom", "enclosure-missing"},
		"the-mn-show-pc20-transcripts-chapters.xml":                        {"artwork-small"}, // podcast:images says 512w
	}
	seen := 0
	for _, path := range testcorpus.Feeds(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fs, err := Check(body, Options{})
			if strings.HasPrefix(name, "NONPODCAST-") && err != nil {
				return
			}
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			for _, f := range fs {
				if f.Rule == "doctor-incomplete" {
					t.Errorf("the walk stopped: %+v", f)
				}
				if _, ok := rules[f.Rule]; !ok || f.Severity != rules[f.Rule].sev || f.Where == "" || f.Message == "" || strings.Contains(f.Message, "\n") {
					t.Errorf("malformed finding %+v", f)
				}
			}
			if clean[name] {
				seen++
				for _, f := range fs {
					if f.Severity == Error {
						t.Errorf("error on a well-formed Podcasting 2.0 feed: %+v", f)
					}
				}
			}
			for _, r := range expect[name] {
				if len(ofRule(fs, r)) == 0 {
					t.Errorf("no %s finding; all:\n%s", r, dump(fs))
				}
			}
		})
	}
	if seen != len(wellFormedPC20) {
		t.Errorf("%d of the %d Podcasting 2.0 feeds found in the corpus", seen, len(wellFormedPC20))
	}
}

func ofRule(fs []Finding, rule string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func dump(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s %s: %s\n", f.Severity, f.Rule, f.Where, f.Message)
	}
	return b.String()
}

// BenchmarkCheck: the doctor over the largest corpus feed, as the first view
// of its show page pays it (once per version).
func BenchmarkCheck(b *testing.B) {
	body := testcorpus.Feed(b, "engineering-kiosk-2026-07-01-redcircle-de.xml")
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Check(body, Options{ServedURL: "https://recast.example.invalid/feeds/kiosk"}); err != nil {
			b.Fatal(err)
		}
	}
}
