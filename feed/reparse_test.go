package feed

import (
	"bytes"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/recast-podcast/recast/internal/testcorpus"
)

// splice returns b with b[from:to] replaced by ins, in a new slice.
func splice(b []byte, from, to int, ins string) []byte {
	out := make([]byte, 0, len(b)+len(ins))
	out = append(out, b[:from]...)
	out = append(out, ins...)
	return append(out, b[to:]...)
}

// checkReparse checks that prev.Reparse(b) returns what Parse(b) returns:
// the same error, or deeply equal Documents (layout included) that render
// the same bytes. prev must come out unchanged.
func checkReparse(t testing.TB, prev *Document, b []byte) {
	t.Helper()
	var before []byte
	if prev != nil && prev.Src != nil {
		before = prev.Render(allAdditions(len(prev.Items)), RenderOptions{SelfURL: "https://r.example/s", Mirror: true, InlinePSC: true})
	}
	want, wantErr := Parse(bytes.Clone(b))
	got, gotErr := prev.Reparse(bytes.Clone(b))
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("Reparse error %v, Parse error %v", gotErr, wantErr)
	}
	if wantErr != nil {
		if gotErr.Error() != wantErr.Error() || !reflect.DeepEqual(gotErr, wantErr) {
			t.Fatalf("Reparse error %#v, Parse error %#v", gotErr, wantErr)
		}
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Reparse differs from Parse:\n got channel %+v, %d items, layout %+v\nwant channel %+v, %d items, layout %+v",
			got.Channel, len(got.Items), got.layout, want.Channel, len(want.Items), want.layout)
	}
	for _, opt := range []RenderOptions{{}, {SelfURL: "https://r.example/s?a=1&b", Mirror: true, InlinePSC: true}} {
		adds := allAdditions(len(want.Items))
		if g, w := got.Render(adds, opt), want.Render(adds, opt); !bytes.Equal(g, w) {
			t.Fatalf("Render after Reparse differs from Render after Parse (%+v)", opt)
		}
	}
	if before != nil {
		after := prev.Render(allAdditions(len(prev.Items)), RenderOptions{SelfURL: "https://r.example/s", Mirror: true, InlinePSC: true})
		if !bytes.Equal(before, after) {
			t.Fatalf("Reparse changed prev")
		}
	}
}

// fastPath reports whether prev.Reparse(b) reuses prev's tail.
func fastPath(prev *Document, b []byte) bool {
	src, repairs, err := prepare(b)
	if prev == nil || err != nil || len(repairs) > 0 || len(prev.Repairs) > 0 || len(prev.Items) == 0 {
		return false
	}
	return prev.reparse(src) != nil
}

func TestReparseCorpus(t *testing.T) {
	feeds := testcorpus.Feeds(t)
	other, err := Parse(testcorpus.Feed(t, benchFeed))
	if err != nil {
		t.Fatal(err)
	}
	fast := 0
	for _, path := range feeds {
		name := filepath.Base(path)
		full := testcorpus.Feed(t, name)
		t.Run(name, func(t *testing.T) {
			doc, err := Parse(bytes.Clone(full))
			if err != nil {
				t.Run("error", func(t *testing.T) { checkReparse(t, other, full) })
				return
			}
			src := doc.Src
			prevOf := func(t *testing.T, b []byte) *Document {
				t.Helper()
				d, err := Parse(bytes.Clone(b))
				if err != nil {
					t.Fatalf("Parse of the previous version: %v", err)
				}
				return d
			}
			cases := map[string]struct {
				prev []byte // the previous version
				next []byte
				fast bool // the tail must be reused
			}{
				"identical":                   {prev: src, next: src, fast: len(doc.Items) > 0 && len(doc.Repairs) == 0},
				"other feed":                  {prev: other.Src, next: src},
				"repair (byte order mark)":    {prev: src, next: append([]byte("\xef\xbb\xbf"), src...)},
				"channel title edited":        {prev: src, next: splice(src, doc.layout.chanTagEnd, doc.layout.chanTagEnd, "<title>Retitled</title>")},
				"invalid XML near the top":    {prev: src, next: splice(src, doc.layout.chanTagEnd, doc.layout.chanTagEnd, "<x></y>")},
				"bare ampersand near the top": {prev: src, next: splice(src, doc.layout.chanTagEnd, doc.layout.chanTagEnd, "<x>a & b</x>")},
				"unbound prefix near the top": {prev: src, next: splice(src, doc.layout.chanTagEnd, doc.layout.chanTagEnd, "<zz:x/>")},
				"namespace added on rss":      {prev: src, next: splice(src, doc.layout.rootAttrEnd, doc.layout.rootAttrEnd, ` xmlns:zz="urn:zz"`)},
				"truncated":                   {prev: src, next: src[:len(src)*2/3]},
			}
			if len(doc.Items) > 0 {
				il := doc.layout.items[0]
				end := il.start + len(doc.Items[0].Raw)
				without := splice(src, il.start, end, "")
				clean := len(doc.Repairs) == 0 && len(doc.Items) > 1
				cases["one new episode"] = struct {
					prev, next []byte
					fast       bool
				}{without, src, clean}
				cases["first episode removed"] = struct {
					prev, next []byte
					fast       bool
				}{src, without, clean}
				cases["new episode with invalid XML"] = struct {
					prev, next []byte
					fast       bool
				}{src, splice(src, il.start, il.start, "<item><title>x</titl></item>"), false}
				cases["new episode declaring a namespace"] = struct {
					prev, next []byte
					fast       bool
				}{src, splice(src, il.start, il.start, `<item xmlns:p="https://podcastindex.org/namespace/1.0"><p:person>N</p:person></item>`), len(doc.Repairs) == 0}
				cases["channel child before the items edited"] = struct {
					prev, next []byte
					fast       bool
				}{src, splice(src, il.start, il.start, "<copyright>c</copyright>"), false}
				mid := len(doc.Items) / 2
				if ml := doc.layout.items[mid]; !ml.selfClose {
					cases["middle episode edited"] = struct {
						prev, next []byte
						fast       bool
					}{src, splice(src, ml.tagEnd, ml.tagEnd, "<category>edited</category><title>Edited</title>"), false}
				}
				last := doc.layout.items[len(doc.Items)-1]
				lastEnd := last.start + len(doc.Items[len(doc.Items)-1].Raw)
				cases["channel child after the items"] = struct {
					prev, next []byte
					fast       bool
				}{src, splice(src, lastEnd, lastEnd, `<title>late</title><category>late</category><itunes:block xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">no</itunes:block>`), false}
			}
			for cname, c := range cases {
				t.Run(cname, func(t *testing.T) {
					prev := prevOf(t, c.prev)
					if c.fast && !fastPath(prev, c.next) {
						t.Errorf("Reparse did not reuse the tail")
					}
					if c.fast {
						fast++
					}
					checkReparse(t, prev, c.next)
				})
			}
		})
	}
	t.Logf("%d feeds, %d cases on the fast path", len(feeds), fast)
}

func TestReparseNil(t *testing.T) {
	b := []byte(fuzzSeeds[0])
	checkReparse(t, nil, b)
	checkReparse(t, &Document{}, b)
	checkReparse(t, nil, []byte("<rss"))
}

// reparseSeeds are small valid feeds with several items and channel
// children on both sides of them, for FuzzReparse.
var reparseSeeds = []string{
	`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel xmlns:psc="http://podlove.org/simple-chapters">
    <title>Show</title>
    <atom:link rel="self" href="https://x.example/f"/>
    <itunes:new-feed-url>https://x.example/new</itunes:new-feed-url>
    <category>Tech</category>
    <podcast:person role="host">A</podcast:person>
    <item>
      <title>Three</title><guid>3</guid>
      <enclosure url="https://x.example/3.mp3" length="3" type="audio/mpeg"/>
      <podcast:transcript url="https://x.example/3.vtt" type="text/vtt"/>
      <psc:chapters><psc:chapter start="00:00:01" title="c"/></psc:chapters>
    </item>
    <item><title>Two &amp; a half</title><guid isPermaLink="false">2</guid><category>x</category></item>
    <item/>
    <item>
      <title><![CDATA[One]]></title>
      <podcast:chapters url="https://x.example/1.json"/>
    </item>
    <itunes:block>no</itunes:block>
    <itunes:image href="https://x.example/i.jpg"/>
    <category>Late</category>
    <podcast:txt>t</podcast:txt>
  </channel>
</rss>
`,
	"<rss><channel>\r\n<item>\r\n<title>b</title>\r\n</item>\r\n<item>\r\n<title>a</title>\r\n</item>\r\n<image><url>u</url></image>\r\n<atom:link xmlns:atom=\"http://www.w3.org/2005/Atom\" rel=\"self\"/>\r\n</channel></rss>",
	`<rss><channel><item><title>b</title></item><item><title>a</title></item></channel><channel><item/></channel></rss><!-- end -->`,
}

// FuzzReparse: for a feed a and a feed b made from a by replacing a part of
// it, a's Reparse(b) returns what Parse(b) returns, in both directions.
func FuzzReparse(f *testing.F) {
	for _, s := range append(append([]string{}, reparseSeeds...), fuzzSeeds...) {
		f.Add([]byte(s), []byte("<item><title>new</title></item>"), uint16(len(s)/3), uint16(0), false)
		f.Add([]byte(s), []byte(""), uint16(len(s)/4), uint16(20), true)
	}
	for _, name := range fuzzCorpusFeeds {
		b := optionalCorpusFeed(f, name)
		if b == nil {
			continue
		}
		doc, err := Parse(b)
		if err != nil || len(doc.Items) < 4 || len(doc.Repairs) > 0 {
			continue
		}
		// The feed with its first three items only.
		last := doc.layout.items[len(doc.Items)-1]
		small := splice(doc.Src, doc.layout.items[3].start, last.start+len(doc.Items[len(doc.Items)-1].Raw), "")
		f.Add(small, []byte("<item><title>new</title></item>"), uint16(doc.layout.items[0].start), uint16(0), false)
	}
	f.Fuzz(func(t *testing.T, base, ins []byte, at, cut uint16, swap bool) {
		if len(base) > 1<<16 {
			return
		}
		from := min(int(at), len(base))
		to := min(from+int(cut), len(base))
		a, b := base, splice(base, from, to, string(ins))
		if swap {
			a, b = b, a
		}
		prev, err := Parse(bytes.Clone(a))
		if err != nil {
			prev = nil
		}
		checkReparse(t, prev, b)
	})
}

// TestReparseRandomEdits makes seeded random edits near the top of small
// feeds (the seeds, and corpus feeds cut to their first items) and checks
// Reparse against Parse in both directions.
func TestReparseRandomEdits(t *testing.T) {
	bases := append([]string{}, reparseSeeds...)
	for _, name := range fuzzCorpusFeeds {
		b := optionalCorpusFeed(t, name)
		if b == nil {
			continue
		}
		doc, err := Parse(b)
		if err != nil || len(doc.Items) < 5 {
			continue
		}
		last := doc.layout.items[len(doc.Items)-1]
		bases = append(bases, string(splice(doc.Src, doc.layout.items[4].start, last.start+len(doc.Items[len(doc.Items)-1].Raw), "")))
	}
	pieces := []string{
		"<item><title>new</title><guid>n</guid></item>", "<item/>", "</item>", "<item>", "<title>x</title>",
		"<category>c</category>", ` xmlns:p="urn:x"`, ` xmlns:podcast="https://podcastindex.org/namespace/1.0"`,
		"&amp;", "&", "<![CDATA[", "]]>", "<!--", "-->", "<", ">", `"`, "\n  ", "\r", "é", "\xff",
		`<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="self" href="h"/>`, "<itunes:block>x</itunes:block>",
		"<p:x>", "</channel>", "<channel>", "<?pi x?>",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	fast, total := 0, 0
	for round := 0; round < 3000; round++ {
		base := []byte(bases[rng.IntN(len(bases))])
		b := base
		for range 1 + rng.IntN(3) {
			at := rng.IntN(len(b)/2 + 1)
			to := min(len(b), at+rng.IntN(3)*rng.IntN(40))
			b = splice(b, at, to, pieces[rng.IntN(len(pieces))])
		}
		a := base
		if rng.IntN(2) == 0 {
			a, b = b, a
		}
		prev, err := Parse(bytes.Clone(a))
		if err != nil {
			prev = nil
		}
		if fastPath(prev, b) {
			fast++
		}
		total++
		checkReparse(t, prev, b)
	}
	t.Logf("%d edits, %d reparsed from the previous tail", total, fast)
}
