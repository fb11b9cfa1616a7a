package persons

import (
	"testing"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// loadFeed parses raw with feed.Parse, as a run does, skipping tb when the
// feed cannot be read.
func loadFeed(tb testing.TB, name string, raw []byte) *enrich.Feed {
	tb.Helper()
	doc, err := feed.Parse(raw)
	if err != nil {
		tb.Skipf("SKIP: %s: %v", name, err)
	}
	return &enrich.Feed{Name: name, Channel: &doc.Channel, Items: doc.Items}
}
