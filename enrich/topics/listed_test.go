package topics

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

func TestListedItems(t *testing.T) {
	for _, tc := range []struct {
		line string
		want []string
	}{
		{"Video games! Ghost Recon Breakpoint, The Last of Us Part II, Code Vein, The Surge 2, Outer Wilds... Surely we talk about stuff besides games this week too.",
			[]string{"Ghost Recon Breakpoint", "Code Vein", "The Surge 2", "Outer Wilds"}}, // "The Last of Us Part II": too long to tell from a headline
		// names ending chunks of prose, the last one after "and"
		{"Drew lands in the studio to talk about the new Fire Emblem, the new Wolfenstein, multiplayer solitaire, revitalizing Star Fox, and cooking with soda.",
			[]string{"Fire Emblem", "Wolfenstein", "Star Fox"}},
		// a long chunk ends one enumeration and starts the next with its name
		{"With days to go till E3, Alex swoops in to help us make sense of Fallout 76, Assassin's Creed Odyssey, Yoku's Island Express, Atari boxes, and Mortal Kombat Gold?",
			[]string{"Fallout 76", "Assassin's Creed Odyssey", "Yoku's Island Express", "Mortal Kombat Gold"}},
		// a dot inside a name does not end the sentence
		{"The latest on Mars, Windows 8, MakerBot, Super Mario Bros. 2, and more.",
			[]string{"Mars", "Windows 8", "MakerBot", "Super Mario Bros. 2"}},
		{"Topics: iPhone, AirPods, Mac", []string{"iPhone", "AirPods", "Mac"}},
		// two names are no enumeration; prose with commas is none
		{"We talk about Destiny, and Anthem.", nil},
		{"In the end, we decided, after a long talk, that it was fine.", nil},
		{"Cheese, bread, wine and olives", nil},
		{"We read Sing, Unburied, Sing by Jesmyn Ward.", nil}, // a title with commas

		// a single letter is no name
		{"Driveclub, Alien: Isolation, the 900th P, Bloodborne", []string{"Driveclub", "Alien: Isolation", "Bloodborne"}},
	} {
		got := listedItems(tc.line)
		if !slices.Equal(got, tc.want) {
			t.Errorf("listedItems(%q)\n got %q\nwant %q", tc.line, got, tc.want)
		}
	}
}

// TestListedTags: an episode whose notes are a list of game titles, each
// said once, is tagged with them, whole; a list of the people on it is not.
func TestListedTags(t *testing.T) {
	e, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	fd := &enrich.Feed{Channel: &feed.Channel{Title: "Bombcast", Language: "en"}}
	notes := []string{
		"Video games! Ghost Recon Breakpoint, Code Vein, Outer Wilds... Surely we talk about other stuff too.",
		"Jeff, Brad, Vinny and Alex are back to talk about the week in video games and their weekends.",
		"We talk about the week in video games and what we ate for dinner.",
		"Another week of video games: we played a lot and talk about all of it.",
	}
	for i, n := range notes {
		fd.Items = append(fd.Items, feed.Item{Title: "Bombcast " + string(rune('1'+i)), Description: n})
	}
	got := map[int][]string{}
	for i := range fd.Items {
		var add feed.Additions
		if err := e.Enrich(context.Background(), fd, &fd.Items[i], &add); err != nil {
			t.Fatal(err)
		}
		got[i] = add.Categories
	}
	for _, want := range []string{"Ghost Recon Breakpoint", "Code Vein", "Outer Wilds"} {
		if !slices.Contains(got[0], want) {
			t.Errorf("episode 1: tags %q lack %q", got[0], want)
		}
	}
	for _, tag := range got[1] {
		if strings.Contains("Jeff Brad Vinny Alex", tag) {
			t.Errorf("episode 2: a host's name %q as a tag", tag)
		}
	}
}

// FuzzListedItems: items are names (isListedName) written in the line,
// never spanning a comma.
func FuzzListedItems(f *testing.F) {
	f.Add("Video games! Ghost Recon Breakpoint, The Last of Us Part II, Code Vein... More.")
	f.Add("a, b, c, d")
	f.Add(", , ,;;; ... …, A, B C, D E F G H I J K, L")
	f.Add("Mars, Windows 8, MakerBot, New Super Mario Bros. 2, and more.")
	f.Fuzz(func(t *testing.T, s string) {
		for _, it := range listedItems(s) {
			if !isListedName(it) {
				t.Errorf("item %q is no name", it)
			}
			if strings.ContainsAny(it, ",;") {
				t.Errorf("item %q spans a comma", it)
			}
			if !strings.Contains(collapse(s), collapse(it)) {
				t.Errorf("item %q is not in %q", it, s)
			}
		}
	})
}

func TestGermanPhrase(t *testing.T) {
	for item, want := range map[string]bool{"Geschichte der Hirnforschung": true, "Feedback von Kindern": true, "Chaos Computer Club": false, "DeepL": false} {
		if got := germanPhrase(item); got != want {
			t.Errorf("germanPhrase(%q) = %v, want %v", item, got, want)
		}
	}
}
