package chapters

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// The chapter list feed.RenderOptions.DescriptionChapters appends to the
// notes of episodes whose chapters come from psc:chapters is a show-notes
// chapter list as apps read one: this package's own reader, which finds none
// in those notes before, reads the same chapters back from them after, to
// the second. Episodes whose notes list chapters already get no second list.
func TestDescriptionChaptersReadBack(t *testing.T) {
	for _, name := range []string{"freak-show-podlove-psc-chapters-de.xml", "chaosradio-express-cre-psc-chapters-de.xml", "der-lautsprecher-podlove-psc-pc20-paged-de.xml"} {
		t.Run(name, func(t *testing.T) {
			doc, err := feed.Parse(testcorpus.Feed(t, name))
			if err != nil {
				t.Fatal(err)
			}
			e := New(Config{})
			f := enrich.NewFeed("x", doc)
			adds := make([]feed.Additions, len(doc.Items))
			for i := range doc.Items {
				if err := e.Enrich(context.Background(), f, &doc.Items[i], &adds[i]); err != nil {
					t.Fatal(err)
				}
			}
			out := doc.Render(adds, feed.RenderOptions{DescriptionChapters: true})
			again, err := feed.Parse(out)
			if err != nil {
				t.Fatal(err)
			}
			g := enrich.NewFeed("x", again)
			listed, read := 0, 0
			for i := range again.Items {
				it, want := &again.Items[i], adds[i].Chapters
				if adds[i].NotesListChapters {
					listed++
					if it.Description != doc.Items[i].Description || it.ContentEncoded != doc.Items[i].ContentEncoded {
						t.Errorf("item %d %.40q: notes that list chapters got another list", i, it.Title)
					}
					continue
				}
				if len(want) < 3 || want[0].Start >= 1 {
					continue // not a list apps read: none written
				}
				got := FromNotes(g.Notes(it), ListOptions{Duration: ParseDuration(it.ITunes.Duration)})
				if len(got) != len(want) {
					t.Errorf("item %d %.40q: read back %d chapters, wrote %d", i, it.Title, len(got), len(want))
					continue
				}
				read++
				for k := range want {
					if got[k].Start != math.Floor(want[k].Start) || got[k].Title != strings.Join(strings.Fields(want[k].Title), " ") {
						t.Errorf("item %d chapter %d: read back %v %q, wrote %v %q", i, k, got[k].Start, got[k].Title, want[k].Start, want[k].Title)
					}
				}
			}
			t.Logf("%d episodes: %d got a chapter list read back whole, %d list chapters in their notes already", len(again.Items), read, listed)
			if read == 0 {
				t.Error("no chapter list was written and read back")
			}
		})
	}
}

// NotesListChapters says whether the notes an app may show list chapters,
// whichever source the chapters came from: content:encoded, or the
// description beside it.
func TestNotesListChapters(t *testing.T) {
	psc := []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 60, Title: "Middle"}, {Start: 120, Title: "End"}}
	list := "<p>00:00 Intro<br>01:00 Middle<br>02:00 End</p>"
	tests := map[string]struct {
		item feed.Item
		want bool
	}{
		"no list":                      {feed.Item{Description: "Notes", PSCChapters: psc}, false},
		"list in the description":      {feed.Item{Description: list, PSCChapters: psc}, true},
		"list in content:encoded":      {feed.Item{Description: "Short", ContentEncoded: list, PSCChapters: psc}, true},
		"list in the description only": {feed.Item{Description: list, ContentEncoded: "<p>Long notes</p>", PSCChapters: psc}, true},
		"list in the notes, no psc":    {feed.Item{Description: list}, true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := &enrich.Feed{Items: []feed.Item{tc.item}}
			var add feed.Additions
			if err := New(Config{}).Enrich(context.Background(), f, &f.Items[0], &add); err != nil {
				t.Fatal(err)
			}
			if len(add.Chapters) != 3 || add.NotesListChapters != tc.want {
				t.Errorf("%d chapters, NotesListChapters %v, want 3, %v", len(add.Chapters), add.NotesListChapters, tc.want)
			}
		})
	}
}
