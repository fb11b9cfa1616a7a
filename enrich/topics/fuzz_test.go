package topics

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// FuzzEnrich feeds arbitrary titles and notes (as the only and as one of
// two episodes) through the tagger: it must not panic and every tag must be
// a valid tag taken from the input or the vocabulary.
func FuzzEnrich(f *testing.F) {
	f.Add(seedTitle, seedNotes, "en")
	f.Add(ek274Title, ek274Notes, "de-DE")
	f.Add(catTitle, catNotes, "")
	f.Add("EP229 | 🙏", "這集聊聊 Apple 與 Nvidia", "zh-tw")
	f.Add("‘’ '' s's l' d’", "<p>l'’s ’s 's s' -- # C++ CI/CD/ / // :// @@ ..</p>", "fr")
	f.Add("New", "New New York New", "en")
	e, err := New(Config{Rules: []Rule{{Match: "/a+b/", Tag: "AB"}, {Match: "new york", Tag: "NYC"}}})
	if err != nil {
		f.Fatal(err)
	}
	vocab := map[string]bool{"AB": true, "NYC": true}
	for _, v := range e.lx.vocab {
		vocab[v.Tag] = true
		for _, n := range v.names {
			vocab[n] = true
		}
	}
	f.Fuzz(func(t *testing.T, title, notes, lang string) {
		fd := &enrich.Feed{Channel: &feed.Channel{Language: lang, Title: "Fuzz Show"}, Items: []feed.Item{
			{Title: title, Description: notes},
			{Title: notes, ContentEncoded: title},
		}}
		for i := range fd.Items {
			var add feed.Additions
			if err := e.Enrich(context.Background(), fd, &fd.Items[i], &add); err != nil {
				t.Fatal(err)
			}
			if len(add.Categories) > DefaultMax {
				t.Errorf("%d tags", len(add.Categories))
			}
			text := fd.Notes(&fd.Items[i]).Text + " " + fd.Items[i].Title
			for _, tag := range add.Categories {
				if !utf8.ValidString(tag) && !strings.Contains(text, tag) {
					t.Errorf("tag %q is not valid UTF-8", tag)
				}
				if !vocab[tag] && (!validTag(tag) || !strings.Contains(collapse(text), tag)) {
					t.Errorf("tag %q is invalid or not in the input", tag)
				}
			}
		}
	})
}
