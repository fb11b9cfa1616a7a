package topics

import (
	"slices"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := map[string]struct {
		in    string
		words []string          // surface of each token, in order
		flags map[string]uint16 // flags a token must have
		not   map[string]uint16 // flags a token must not have
		cjk   int
	}{
		"seed possessive ends a phrase": {
			in:    "OpenAI's current plans to achieve 'superalignment'",
			words: []string{"OpenAI", "current", "plans", "to", "achieve", "superalignment"},
			flags: map[string]uint16{"OpenAI": fUpper | fInnerCaps | fEndPhrase, "superalignment": fBreak},
			not:   map[string]uint16{"OpenAI": fTitle | fAllCaps},
		},
		"curly possessive": {
			in:    "Jan’s thinking is this",
			words: []string{"Jan", "thinking", "is", "this"},
			flags: map[string]uint16{"Jan": fTitle | fEndPhrase, "thinking": fBreak},
		},
		"engineering kiosk contact lines drop URLs and addresses": {
			in:    "Email:  stehtisch@engineeringkiosk.dev   Mastodon:  https://podcasts.social/@engkiosk   Bluesky:  https://bsky.app/profile/engineeringkiosk.bsky.social",
			words: []string{"Email", "Mastodon", "Bluesky"},
			flags: map[string]uint16{"Mastodon": fBreak | fSentence},
		},
		"host names are no words": {
			in:    "For more information on today’s episode, visit nytimes.com/thedaily. Background reading:",
			words: []string{"For", "more", "information", "on", "today", "episode", "visit", "Background", "reading"},
			flags: map[string]uint16{"Background": fSentence | fBreak},
		},
		"joined technical words": {
			in:    "Node.js, C++, F#, CI/CD and/or Hash-Indizes, Entwickler:innen",
			words: []string{"Node.js", "C++", "F#", "CI/CD", "Hash-Indizes", "Entwickler:innen"},
		},
		"catalan elision": {
			in:    "S'estrena, per fi, la sincronia de l'amor",
			words: []string{"estrena", "per", "fi", "la", "sincronia", "de", "amor"},
		},
		"abbreviations are dropped": {
			in:    "the U.S. and e.g. z.B. Gov. Cuomo",
			words: []string{"the", "and", "Gov", "Cuomo"},
			flags: map[string]uint16{"Cuomo": fSentence},
		},
		"timestamps and numbers are number tokens": {
			in:    "(00:12:30) Intro 20% of 300,000",
			words: []string{"00:12:30", "Intro", "20", "of", "300", "000"},
			flags: map[string]uint16{"00:12:30": fNumber, "Intro": fBreak, "300": fNumber},
		},
		"cjk is counted, never a word": {
			in:    "股癌 Gooaye 播客",
			words: []string{"Gooaye"},
			cjk:   4,
		},
		"letter classes": {
			in:    "AI ML iPhone Superalignment honestly family COVID-19 Kar-Wai",
			words: []string{"AI", "ML", "iPhone", "Superalignment", "honestly", "family", "COVID-19", "Kar-Wai"},
			flags: map[string]uint16{"AI": fAllCaps, "iPhone": fInnerCaps, "Superalignment": fTitle, "honestly": fAdverb, "COVID-19": fAllCaps, "Kar-Wai": fTitle},
			not:   map[string]uint16{"AI": fTitle, "family": fUpper, "iPhone": fUpper},
		},
		"line breaks end phrases and sentences": {
			in:    "Open Source\nMachine learning",
			words: []string{"Open", "Source", "Machine", "learning"},
			flags: map[string]uint16{"Machine": fBreak | fSentence},
			not:   map[string]uint16{"Source": fBreak, "learning": fBreak},
		},
		"dashes and bullets break": {
			in:    "Planetarium — Mediendom Kiel • Carl Zeiss - Jena",
			words: []string{"Planetarium", "Mediendom", "Kiel", "Carl", "Zeiss", "Jena"},
			flags: map[string]uint16{"Mediendom": fBreak, "Carl": fBreak | fSentence, "Jena": fBreak},
			not:   map[string]uint16{"Kiel": fBreak, "Zeiss": fBreak},
		},
		"punctuation only": {
			in: "— … !!! ??? ()",
		},
		"lone quote marks never loop": {
			in:    "‘ ’ ' ‘’ x",
			words: []string{"x"},
		},
		"invalid utf-8": {
			in:    "caf\xe9 ok",
			words: []string{"caf", "ok"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			toks, cjk := tokenize(nil, tc.in)
			var got []string
			byWord := map[string]token{}
			for _, tk := range toks {
				w := tc.in[tk.start:tk.end]
				got = append(got, w)
				byWord[w] = tk
			}
			if !slices.Equal(got, tc.words) {
				t.Fatalf("words = %q, want %q", got, tc.words)
			}
			if cjk != tc.cjk {
				t.Errorf("cjk = %d, want %d", cjk, tc.cjk)
			}
			for w, f := range tc.flags {
				if byWord[w].flags&f != f {
					t.Errorf("%q flags %b lack %b", w, byWord[w].flags, f)
				}
			}
			for w, f := range tc.not {
				if byWord[w].flags&f != 0 {
					t.Errorf("%q flags %b have %b", w, byWord[w].flags, byWord[w].flags&f)
				}
			}
		})
	}
}

func TestHashes(t *testing.T) {
	tests := map[string]struct {
		a, b     string
		sameWord bool
		sameStem bool
	}{
		"case folds":               {a: "OpenAI", b: "openai", sameWord: true, sameStem: true},
		"curly apostrophe":         {a: "don’t", b: "don't", sameWord: true, sameStem: true},
		"plural s shares the stem": {a: "models", b: "model", sameStem: true},
		"umlaut case folds":        {a: "ÜBERWACHUNG", b: "Überwachung", sameWord: true, sameStem: true},
		"double s is no plural":    {a: "class", b: "clas"},
		"short words keep their s": {a: "gas", b: "ga"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			a, b := wordsOf(tc.a), wordsOf(tc.b)
			if len(a) != 1 || len(b) != 1 {
				t.Fatalf("not one word each: %d, %d", len(a), len(b))
			}
			if (a[0].h == b[0].h) != tc.sameWord {
				t.Errorf("same word = %v, want %v", a[0].h == b[0].h, tc.sameWord)
			}
			if (a[0].stem == b[0].stem) != tc.sameStem {
				t.Errorf("same stem = %v, want %v", a[0].stem == b[0].stem, tc.sameStem)
			}
		})
	}
}

func TestContainsWords(t *testing.T) {
	tests := map[string]struct {
		hay, needle string
		want        bool
	}{
		"whole phrase":         {"engineering kiosk community", "engineering kiosk", true},
		"inside a word":        {"superalignment", "alignment", false},
		"end of hay":           {"the 80,000 hours team", "team", true},
		"later occurrence":     {"openai and ai", "ai", true},
		"non-ascii boundaries": {"künstliche intelligenz", "intelligenz", true},
		"empty needle":         {"x", "", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := containsWords(tc.hay, tc.needle); got != tc.want {
				t.Errorf("containsWords(%q, %q) = %v, want %v", tc.hay, tc.needle, got, tc.want)
			}
		})
	}
}
