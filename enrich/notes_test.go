package enrich

import (
	"strings"
	"testing"
)

func TestParseNotes(t *testing.T) {
	tests := map[string]struct {
		in        string
		wantLines []string // each must be a whole line of Text
		wantLinks []Link
	}{
		"seed list items keep their boundaries": {
			in:        `<ul><li>what you care about.</li><li>How do you know that these technical problems can be solved</li></ul>`,
			wantLines: []string{"what you care about.", "How do you know that these technical problems can be solved"},
		},
		"seed credits split at br": {
			in:        `<p><i>Producer and editor: Keiran Harris<br>Audio Engineering Lead: Ben Cordell</i></p>`,
			wantLines: []string{"Producer and editor: Keiran Harris", "Audio Engineering Lead: Ben Cordell"},
		},
		"anchor with bold text and context": {
			in:        `<p><i>Or <a href="https://80000hours.org/x/#transcript">read the transcript</a>.</i></p>`,
			wantLines: []string{"Or read the transcript."},
			wantLinks: []Link{{URL: "https://80000hours.org/x/#transcript", Text: "read the transcript", Context: "Or read the transcript."}},
		},
		"escaped html is unescaped once": {
			in:        `&lt;p&gt;Full transcript at &lt;a href="https://example.org/t"&gt;example&lt;/a&gt;&lt;/p&gt;`,
			wantLines: []string{"Full transcript at example"},
			wantLinks: []Link{{URL: "https://example.org/t", Text: "example", Context: "Full transcript at example"}},
		},
		"plain text keeps its newlines": {
			in:        "(00:00:00) Intro\n(00:01:10) Main topic",
			wantLines: []string{"(00:00:00) Intro", "(00:01:10) Main topic"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			n := ParseNotes(tc.in)
			lines := strings.Split(n.Text, "\n")
			for _, w := range tc.wantLines {
				found := false
				for _, l := range lines {
					if strings.TrimSpace(l) == w {
						found = true
					}
				}
				if !found {
					t.Errorf("line %q not in text %q", w, n.Text)
				}
			}
			if tc.wantLinks != nil {
				if len(n.Links) != len(tc.wantLinks) {
					t.Fatalf("links = %+v, want %+v", n.Links, tc.wantLinks)
				}
				for i := range tc.wantLinks {
					if n.Links[i] != tc.wantLinks[i] {
						t.Errorf("link %d = %+v, want %+v", i, n.Links[i], tc.wantLinks[i])
					}
				}
			}
		})
	}
}
