package feed

import (
	"bytes"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/recast-podcast/recast/internal/testcorpus"
)

// benchFeed is the corpus's largest feed: Engineering Kiosk, 4 MB, 276 items.
const benchFeed = "engineering-kiosk-2026-07-01-redcircle-de.xml"

// BenchmarkGofeedParse is the baseline: gofeed's universal parser on the
// same bytes.
func BenchmarkGofeedParse(b *testing.B) {
	src := testcorpus.Feed(b, benchFeed)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := gofeed.NewParser().Parse(bytes.NewReader(src)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	src := testcorpus.Feed(b, benchFeed)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReparseOneNewEpisode is the common refresh: the previous
// version of the feed lacked its newest item.
func BenchmarkReparseOneNewEpisode(b *testing.B) {
	src := testcorpus.Feed(b, benchFeed)
	doc, err := Parse(src)
	if err != nil {
		b.Fatal(err)
	}
	il := doc.layout.items[0]
	prev, err := Parse(splice(src, il.start, il.start+len(doc.Items[0].Raw), ""))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := prev.Reparse(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender splices one of each addition into every item, with the
// self link and mirror options.
func BenchmarkRender(b *testing.B) {
	src := testcorpus.Feed(b, benchFeed)
	doc, err := Parse(src)
	if err != nil {
		b.Fatal(err)
	}
	adds := allAdditions(len(doc.Items))
	opt := RenderOptions{SelfURL: "https://recast.example/feeds/ek", Mirror: true, InlinePSC: true}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		doc.Render(adds, opt)
	}
}
