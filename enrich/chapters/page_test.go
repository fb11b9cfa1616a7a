package chapters

import (
	"reflect"
	"strings"
	"testing"

	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// seedChapters are the headings of shared/seed/jan-leike-episode-page.html.
var seedChapters = []feed.Chapter{
	{Start: 0, Title: "Rob's intro"},
	{Start: 74, Title: "The interview begins"},
	{Start: 182, Title: "OpenAI's current plans to achieve superalignment"},
	{Start: 1125, Title: "Why alignment work is the most interesting research in ML"},
	{Start: 1770, Title: "What most readers misunderstood about the announcement"},
	{Start: 2472, Title: "Three ways AI can help: mechanistic interpretability, generalization, scalable oversight"},
	{Start: 4203, Title: "How to tell whether the team has succeeded"},
	{Start: 5628, Title: "Should OpenAI stop training more powerful models?"},
	{Start: 8114, Title: "Who the team is hiring"},
	{Start: 10130, Title: "Rob's outro"},
}

func TestPageChaptersSeed(t *testing.T) {
	page := testcorpus.Seed(t, "jan-leike-episode-page.html")
	got := PageChapters(page, ListOptions{Duration: 2*3600 + 51*60 + 20})
	if !reflect.DeepEqual(got, seedChapters) {
		t.Errorf("got %+v\nwant %+v", got, seedChapters)
	}
}

func TestPageChapters(t *testing.T) {
	tests := map[string]struct {
		page string
		dur  float64
		want []feed.Chapter
	}{
		"table of contents alone is not read": {
			page: `<ol><li><a href="#a">Rob's intro [00:00:00]</a></li><li><a href="#b">The interview begins [00:01:14]</a></li><li><a href="#c">Plans [00:03:02]</a></li></ol>`,
		},
		"headings repeated in a second list count once": {
			page: `<h3>Intro [00:00:00]</h3><h3>Talk [00:10:00]</h3><h3>Outro [00:50:00]</h3>` +
				`<h3>Intro [00:00:00]</h3><h3>Talk [00:10:00]</h3><h3>Outro [00:50:00]</h3>`,
			want: []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 600, Title: "Talk"}, {Start: 3000, Title: "Outro"}},
		},
		"headings in the transcript section win": {
			page: `<aside><h4>Related [00:00:00]</h4><h4>Other episode [00:20:00]</h4><h4>More [00:40:00]</h4><h4>Again [00:50:00]</h4></aside>` +
				`<div class="entry-transcript"><h2>[00:00:00] Intro</h2><p>x</p><h2>[00:05:00] <em>Main</em> part</h2><h2>[00:30:00] End</h2></div>`,
			want: []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 300, Title: "Main part"}, {Start: 1800, Title: "End"}},
		},
		"times without brackets are not chapters": {
			page: `<h2>Doors 19:30</h2><h2>Talk 20:00</h2><h2>Party 22:00</h2>`,
		},
		"h5 and paragraphs are not read": {
			page: `<h5>Intro [00:00:00]</h5><p>Talk [00:10:00]</p><h5>Outro [00:50:00]</h5>`,
		},
		"headings past the duration": {
			page: `<h3>Intro [00:00:00]</h3><h3>Talk [00:10:00]</h3><h3>Outro [02:50:00]</h3>`,
			dur:  3600,
		},
		"script text is not a heading": {
			page: `<h3>Intro [00:00:00]<script>var t="[00:00:01]"</script></h3><h3>Talk [00:10:00]</h3><h3>Outro [00:50:00]</h3>`,
			want: []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 600, Title: "Talk"}, {Start: 3000, Title: "Outro"}},
		},
		"markup nested past the parser's limit gives nothing": {
			page: strings.Repeat("<div>", 20000) + `<h3>Intro [00:00:00]</h3><h3>Talk [00:10:00]</h3><h3>Outro [00:50:00]</h3>`,
		},
		"nested a little": {
			page: strings.Repeat("<div>", 100) + `<h3>Intro [00:00:00]</h3><h3>Talk [00:10:00]</h3><h3>Outro [00:50:00]</h3>`,
			want: []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 600, Title: "Talk"}, {Start: 3000, Title: "Outro"}},
		},
		"not html": {
			page: "\x00\xff\xfe garbage [00:00:00]",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := PageChapters([]byte(tc.page), ListOptions{Duration: tc.dur})
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}
