package chapters

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"

	"github.com/recast-podcast/recast/feed"
)

// jsonFile mirrors a JSON Chapters file. Spec: Podcasting 2.0 JSON Chapters
// 1.2.0 (podcast-namespace docs/examples/chapters/jsonChapters.md).
type jsonFile struct {
	Version  string        `json:"version"`
	Chapters []jsonChapter `json:"chapters"`
}

type jsonChapter struct {
	StartTime float64 `json:"startTime"`
	Title     string  `json:"title,omitempty"`
	URL       string  `json:"url,omitempty"`
	Img       string  `json:"img,omitempty"`
}

// JSON renders chs as a JSON Chapters 1.2.0 file:
// {"version":"1.2.0","chapters":[{"startTime":0,"title":"Intro"},…]}, with
// startTime in seconds and title, url and img only when set, keys always in
// that order. Chapters with a negative or non-finite start are left out; the
// order of chs is kept (Enrich writes them ascending). Nil gives a file with
// an empty list.
func JSON(chs []feed.Chapter) []byte {
	f := jsonFile{Version: "1.2.0", Chapters: make([]jsonChapter, 0, len(chs))}
	for _, c := range chs {
		if c.Start < 0 || math.IsNaN(c.Start) || math.IsInf(c.Start, 0) {
			continue
		}
		f.Chapters = append(f.Chapters, jsonChapter{StartTime: c.Start, Title: c.Title, URL: c.URL, Img: c.Image})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		// Unreachable: every value above encodes.
		return []byte(`{"version":"1.2.0","chapters":[]}`)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// EpisodeID returns the file name recast serves an episode's chapters under:
// the first 16 hex digits of the SHA-256 of itemID (feed.Item.ID()). It is
// URL-safe and the same for the same item on every refresh.
func EpisodeID(itemID string) string {
	sum := sha256.Sum256([]byte(itemID))
	return hex.EncodeToString(sum[:8])
}
