package feed

import (
	"bytes"
	"testing"
)

// fuzzSeeds are small feeds exercising what the splice depends on.
var fuzzSeeds = []string{
	`<rss version="2.0"><channel><title>t</title><item><title>a</title><guid>1</guid></item></channel></rss>`,
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">\r\n  <channel>\r\n    <title>t</title>\r\n    <itunes:new-feed-url>https://x.example/</itunes:new-feed-url>\r\n    <item>\r\n      <title>a &amp; b</title>\r\n      <enclosure url=\"https://x.example/a.mp3\" length=\"1\" type=\"audio/mpeg\"/>\r\n    </item>\r\n  </channel>\r\n</rss>\r\n",
	`<rss xmlns:p="https://podcastindex.org/namespace/1.0" xmlns:podcast="urn:other"><channel><p:txt>x</p:txt><item><p:transcript url="u" type="text/vtt"/><podcast:x/></item></channel></rss>`,
	`<rss><channel><item xmlns:podcast="https://podcastindex.org/namespace/1.0"><podcast:chapters url="c"/></item><item xmlns:psc="urn:x"><psc:y/></item></channel></rss>`,
	`<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link rel="self" href='h?a=1&amp;b'/><atom:link rel="self"/><item/></channel></rss>`,
	`<rss xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><itunes:block>no</itunes:block><itunes:block/><item><![CDATA[x]]></item></channel></rss>`,
	`<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE rss SYSTEM "x.dtd" [<!ENTITY e "x"><!-- c -->]><?pi data?><rss><channel/></rss><!-- after -->`,
	"\n<?xml version=\"1.0\"?><rss><channel><item><title>AT&T &nbsp; &eacute;</title></item></channel></rss>",
	`<br />junk<?xml version="1.0"?><rss><channel><item><itunes:title>x</itunes:title></item></channel></rss>`,
	`<rss xmlns:psc="http://podlove.org/simple-chapters"><channel><item><psc:chapters version="1.2"><psc:chapter start="01:02:03.5" title="x"/></psc:chapters><podcast:person xmlns:podcast="https://podcastindex.org/namespace/1.0" role="Guest">A</podcast:person></item></channel></rss>`,
	"\xef\xbb\xbf<rss><channel>\r<item>\r<title>x</title>\r</item>\r</channel></rss>",
	"<\x00r\x00s\x00s\x00>\x00<\x00c\x00h\x00a\x00n\x00n\x00e\x00l\x00/\x00>\x00<\x00/\x00r\x00s\x00s\x00>\x00",
	`<feed xmlns="http://www.w3.org/2005/Atom"><title>a</title><entry><id>1</id><title>e</title></entry></feed>`,
	`<html><body>not a feed</body></html>`,
}

// fuzzCorpusFeeds are corpus feeds whose first bytes seed FuzzSplice.
var fuzzCorpusFeeds = []string{
	"der-lautsprecher-podlove-psc-pc20-paged-de.xml",
	"homegrown-hits-music-pc20-chapters.xml",
	"the-omni-show-html-escaped-transcript-links.xml",
	"pc-perspective-crlf-timestamps.xml",
	"giantbomb-bombcast.xml",
	"MALFORMED-vrt-de-grote-no-guid-unbound-prefix.xml",
}

// FuzzSplice: for any input, Parse returns an error, or Render (one of each
// addition on every item, SelfURL, Mirror, InlinePSC, DescriptionChapters)
// returns output that
// encoding/xml decodes strictly, with the same number of items, which Parse
// reads back with every addition present and the items otherwise unchanged.
// Render without additions returns Src.
func FuzzSplice(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, name := range fuzzCorpusFeeds {
		if b := optionalCorpusFeed(f, name); b != nil {
			f.Add(b[:min(len(b), 3072)])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(data)
		if err != nil {
			return
		}
		if got := doc.Render(nil, RenderOptions{}); !bytes.Equal(got, doc.Src) {
			t.Fatalf("Render without additions differs from Src")
		}
		checkRenderAll(t, doc, RenderOptions{SelfURL: "https://recast.example/f?a=1&b=<2>", Mirror: true, InlinePSC: true, DescriptionChapters: true})
	})
}
