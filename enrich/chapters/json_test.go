package chapters

import (
	"encoding/json"
	"math"
	"regexp"
	"testing"

	"github.com/recast-podcast/recast/feed"
)

func TestJSON(t *testing.T) {
	tests := map[string]struct {
		in   []feed.Chapter
		want string
	}{
		"seed chapters": {
			in:   []feed.Chapter{{Start: 0, Title: "Rob's intro"}, {Start: 74, Title: "The interview begins"}},
			want: `{"version":"1.2.0","chapters":[{"startTime":0,"title":"Rob's intro"},{"startTime":74,"title":"The interview begins"}]}`,
		},
		"url, img and fractional start": {
			in:   []feed.Chapter{{Start: 35.25, Title: "CASPER", URL: "https://casper.com/pcper?a=1&b=2", Image: "https://example.org/c.jpg"}},
			want: `{"version":"1.2.0","chapters":[{"startTime":35.25,"title":"CASPER","url":"https://casper.com/pcper?a=1&b=2","img":"https://example.org/c.jpg"}]}`,
		},
		"markup characters are not escaped as \\u003c": {
			in:   []feed.Chapter{{Start: 1, Title: `<b>"Quotes" & more</b>`}},
			want: `{"version":"1.2.0","chapters":[{"startTime":1,"title":"<b>\"Quotes\" & more</b>"}]}`,
		},
		"nil": {
			want: `{"version":"1.2.0","chapters":[]}`,
		},
		"non-finite and negative starts left out": {
			in:   []feed.Chapter{{Start: math.NaN(), Title: "a"}, {Start: math.Inf(1), Title: "b"}, {Start: -1, Title: "c"}, {Start: 2, Title: "d"}},
			want: `{"version":"1.2.0","chapters":[{"startTime":2,"title":"d"}]}`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := JSON(tc.in)
			if string(got) != tc.want {
				t.Errorf("JSON =\n%s\nwant\n%s", got, tc.want)
			}
			if !json.Valid(got) {
				t.Errorf("not valid JSON: %s", got)
			}
		})
	}
}

func TestEpisodeID(t *testing.T) {
	urlSafe := regexp.MustCompile(`^[0-9a-f]{16}$`)
	tests := map[string]struct {
		id   string
		want string
	}{
		// printf %s 5f1e2d3c-0159-4a6b-9c1d-000000000159 | sha256sum
		"seed guid":           {id: "5f1e2d3c-0159-4a6b-9c1d-000000000159", want: "ae319c702ee972eb"},
		"enclosure url as id": {id: "https://example.org/80k/159-jan-leike-superalignment.mp3"},
		"empty":               {id: ""},
	}
	seen := map[string]string{}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := EpisodeID(tc.id)
			if !urlSafe.MatchString(got) {
				t.Errorf("EpisodeID(%q) = %q, not 16 hex digits", tc.id, got)
			}
			if tc.want != "" && got != tc.want {
				t.Errorf("EpisodeID(%q) = %q, want %q", tc.id, got, tc.want)
			}
			if got != EpisodeID(tc.id) {
				t.Errorf("EpisodeID(%q) not stable", tc.id)
			}
			if other, ok := seen[got]; ok {
				t.Errorf("EpisodeID(%q) = EpisodeID(%q)", tc.id, other)
			}
			seen[got] = tc.id
		})
	}
}
