package quality

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"

	"github.com/recast-podcast/recast/internal/testcorpus"
)

// The committed labels load, name a corpus feed each, and every episode
// they name is in that feed.
func TestCommittedLabels(t *testing.T) {
	sets, err := Load(filepath.Join("..", "..", "testdata", "quality", "labels"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) == 0 {
		t.Skip("SKIP: no labels committed yet")
	}
	dir := testcorpus.Dir(t)
	for _, fl := range sets {
		raw, err := os.ReadFile(filepath.Join(dir, "feeds", fl.Feed))
		if err != nil {
			t.Errorf("%s: %v", fl.path, err)
			continue
		}
		for _, e := range fl.Episodes {
			if !inFeed(raw, e.ID()) {
				t.Errorf("%s: episode %q is not in %s", fl.path, e.ID(), fl.Feed)
			}
		}
	}
}

func inFeed(raw []byte, id string) bool {
	var esc bytes.Buffer
	xml.EscapeText(&esc, []byte(id))
	return bytes.Contains(raw, []byte(id)) || bytes.Contains(raw, esc.Bytes()) ||
		bytes.Contains(raw, bytes.ReplaceAll([]byte(id), []byte("&"), []byte("&amp;")))
}
