package proxy

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/enrich/chapters"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// A Recipe with a LastBuild builds what one without builds, chapter files
// included, over a refresh sequence: first body, one new episode, the same
// again, the new episode's chapters edited, a broken body, and the good one
// after it.
func TestBuildWithLastBuild(t *testing.T) {
	raw := testcorpus.Feed(t, "engineering-kiosk-2026-07-01-redcircle-de.xml")
	i := bytes.Index(raw, []byte("<item>"))
	j := bytes.Index(raw, []byte("</item>")) + len("</item>")
	before := append(append([]byte(nil), raw[:i]...), raw[j:]...)
	edited := bytes.ReplaceAll(raw, []byte("(00:08:31) Info/Werbung"), []byte("(00:08:32) Info/Werbung"))
	if bytes.Equal(edited, raw) {
		t.Fatal("no chapter to edit")
	}
	ctx := context.Background()
	pipeline := func() *enrich.Pipeline {
		return &enrich.Pipeline{Enrichers: []enrich.Enricher{chapters.New(chapters.Config{})}, Cache: enrich.NewItemCache(1000)}
	}
	withPrev := Recipe{Name: "kiosk", Pipeline: pipeline(), Render: feed.RenderOptions{SelfURL: "https://r.example/feeds/kiosk", Mirror: true}, ChaptersBase: "https://r.example/feeds/kiosk", Prev: new(LastBuild)}
	full := withPrev
	full.Pipeline, full.Prev = pipeline(), nil
	for n, body := range [][]byte{before, raw, raw, edited, []byte("<rss><channel></rss>"), raw} {
		got, gotErr := Build(ctx, body, withPrev)
		want, wantErr := Build(ctx, body, full)
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("build %d: error %v, want %v", n, gotErr, wantErr)
		}
		if n == 0 && len(got.Files) < 100 {
			t.Fatalf("build %d: %d chapter files; the feed has chapters in most episodes", n, len(got.Files))
		}
		if got != nil && want != nil {
			got.Stats.Took, want.Stats.Took = nil, nil // timings
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("build %d: with LastBuild differs from without", n)
		}
	}
}
