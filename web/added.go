package web

import (
	"encoding/json"

	"github.com/recast-podcast/recast/feed"
)

// AddedFile is the name, among a served feed's files, of what recast added
// to each episode: the pages show it, no client is sent it.
const AddedFile = "recast/added.json"

// Added is what recast added to one episode, with the evidence it came from.
type Added struct {
	ID          string            `json:"id"`
	Tags        []string          `json:"tags,omitempty"`
	Persons     []feed.Person     `json:"persons,omitempty"`
	Transcripts []feed.Transcript `json:"transcripts,omitempty"`
	Chapters    []feed.Chapter    `json:"chapters,omitempty"`
	ChaptersURL string            `json:"chapters_url,omitempty"`
	Evidence    []feed.Evidence   `json:"evidence,omitempty"`
}

// AddedJSON records what adds (in doc's item order) added, for the pages:
// only the items that got something.
func AddedJSON(doc *feed.Document, adds []feed.Additions) []byte {
	out := make([]Added, 0, len(adds))
	for i := range adds {
		a := &adds[i]
		if a.Empty() {
			continue
		}
		out = append(out, Added{ID: doc.Items[i].ID(), Tags: a.Categories, Persons: a.Persons, Transcripts: a.Transcripts,
			Chapters: a.Chapters, ChaptersURL: a.ChaptersURL, Evidence: a.Evidence})
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil // plain data: unreachable
	}
	return b
}
