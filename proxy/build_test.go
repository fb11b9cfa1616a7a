package proxy

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// A Recipe with a LastParse builds what one without builds, over a refresh
// sequence: first body, one new episode, the same again, a broken body, and
// the good one after it.
func TestBuildWithLastParse(t *testing.T) {
	raw := testcorpus.Feed(t, "engineering-kiosk-2026-07-01-redcircle-de.xml")
	i := bytes.Index(raw, []byte("<item>"))
	j := bytes.Index(raw, []byte("</item>")) + len("</item>")
	before := append(append([]byte(nil), raw[:i]...), raw[j:]...)
	ctx := context.Background()
	withPrev := Recipe{Name: "kiosk", Render: feed.RenderOptions{SelfURL: "https://r.example/feeds/kiosk", Mirror: true}, ChaptersBase: "https://r.example/feeds/kiosk", Prev: new(LastParse)}
	full := withPrev
	full.Prev = nil
	for n, body := range [][]byte{before, raw, raw, []byte("<rss><channel></rss>"), raw} {
		got, gotErr := Build(ctx, body, withPrev)
		want, wantErr := Build(ctx, body, full)
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("build %d: error %v, want %v", n, gotErr, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("build %d: with LastParse differs from without", n)
		}
	}
}
