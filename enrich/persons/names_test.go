package persons

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

func TestLeadingName(t *testing.T) {
	tests := map[string]struct {
		in   string
		want string // "" for no name
	}{
		"two words":                   {"Jan Leike, is Head of Alignment", "Jan Leike"},
		"three words":                 {"Tara Kirk Sell did her PhD", "Tara Kirk Sell"},
		"surname with a common word":  {"Tara Mac Aulay on the audacity", "Tara Mac Aulay"},
		"particles before surname":    {"Antoine van der Lee will be speaking", "Antoine van der Lee"},
		"particles cut before an org": {"Dirk Deimeke von der Swisscom", "Dirk Deimeke"},
		"initial and suffix":          {"Donald G. McNeil Jr., a science reporter", "Donald G. McNeil Jr."},
		"hyphen and inner capital":    {"Jennifer Valentino-DeVries, a reporter", "Jennifer Valentino-DeVries"},
		"apostrophe":                  {"Caroline O'Donoghue is the author", "Caroline O'Donoghue"},
		"accents":                     {"Marcin Krzyżanowski", "Marcin Krzyżanowski"},
		"title dropped":               {"Dr Tara Kirk Sell, did her PhD", "Tara Kirk Sell"},
		"surname that is a word":      {"Stephen King writes", "Stephen King"},
		"double space":                {"Jason  Mantzoukas returns", "Jason Mantzoukas"},
		"first name only":             {"Danny and I also discuss", ""},
		"company":                     {"OpenAI announced a new team", ""},
		"team":                        {"The Team at 80,000 Hours", ""},
		"title-like first word":       {"King Charles opened", ""},
		"nickname":                    {"Sir Brian of London", ""},
		"followed by a capital word":  {"Jeff Price CEO - Word Collections", ""},
		"contraction":                 {"Leo Dion I'm with Brightdigit", ""},
		"words run together":          {"AppFiguresLeo Dion (Host)", ""},
		"possessive":                  {"Tim Howard's latest release", ""},
		"all caps":                    {"OKIN from Namibia", ""},
		"too long":                    {"Renowned Industry Expert Daniel J Lewis", ""},
		"lower case":                  {"one of the authors, Danny Hernandez", ""},
		"sentence fragment":           {"Some Brothers McElroy, Cara Ellison", ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, _, ok := leadingName(tc.in, true)
			if !ok {
				got = ""
			}
			if got != tc.want {
				t.Errorf("leadingName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTrailingName(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"description before":  {"world-renowned computer security expert Bruce Schneier", "Bruce Schneier"},
		"title before":        {"philosophy Prof Will MacAskill", "Will MacAskill"},
		"capitalised before":  {"PhD student Jeff Ding", "Jeff Ding"},
		"timestamp before":    {"[00:00:01] Kyle Newsome", "Kyle Newsome"},
		"abbreviation inside": {"Dr. Richard Bedlack", "Richard Bedlack"},
		"org":                 {"Oxford's Global Priorities Institute", ""},
		"possessive":          {"a talk by Jane Doe's", ""},
		"one word":            {"comrade Torkil", ""},
		"particles after two": {"ist Dirk Deimeke von der Swisscom", ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, _, ok := trailingName(tc.in)
			if !ok {
				got = ""
			}
			if got != tc.want {
				t.Errorf("trailingName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestLeadingNames(t *testing.T) {
	tests := map[string]struct {
		in   string
		want []string
	}{
		"and":               {"Simon Monsour and Milo McGuire", []string{"Simon Monsour", "Milo McGuire"}},
		"oxford comma":      {"Brent Gervais, Drew DeVore, and Neal Gompa.", []string{"Brent Gervais", "Drew DeVore", "Neal Gompa"}},
		"ampersand":         {"Niel Bowerman & Michelle Hutchinson", []string{"Niel Bowerman", "Michelle Hutchinson"}},
		"then description":  {"Mike Baker, a Pacific Northwest correspondent", []string{"Mike Baker"}},
		"lone first name":   {"Josh Walrath, Jermey, Ken Addison", []string{"Josh Walrath", "Ken Addison"}},
		"missing comma":     {"Ryan Shrout Josh Walrath, Jeremy Hellstrom", []string{"Jeremy Hellstrom"}},
		"german und":        {"Wolfgang Gassler und Andy Grunwald", []string{"Wolfgang Gassler", "Andy Grunwald"}},
		"nothing":           {"a pair of guests", nil},
		"description first": {"Xbox boss Phil Spencer, Ed Boon", nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, _ := leadingNames(tc.in, true)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("leadingNames(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestLookupLabel(t *testing.T) {
	labels := defaultLabels()
	tests := map[string][]string{
		"producer and editor":        {"producer", "editor"},
		"audio engineering lead":     {"audio engineer"},
		"additional content editing": {"editor"},
		"technical editing":          {"audio editor"},
		"transcriptions":             {"transcriber"},
		"audio mastering":            {"audio engineer"},
		"special guests":             {"guest"},
		"today's guest":              {"guest"},
		"license":                    nil,
		"podcast transcripte":        nil,
		"audio-editting":             nil,
	}
	for label, want := range tests {
		t.Run(label, func(t *testing.T) {
			if got := lookupLabel(labels, label); !reflect.DeepEqual(got, want) {
				t.Errorf("lookupLabel(%q) = %q, want %q", label, got, want)
			}
		})
	}
}

// FuzzExtract checks that no input panics and every name found passes the
// name rules on its own.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"Producer and editor: Keiran Harris\nAudio Engineering Lead: Ben Cordell",
		"Today's guest, Jan Leike, is Head of Alignment",
		"Hosts\nWolfgang Gassler (https://gassler.dev)\nAndy Grunwald (x)",
		"[00:00:01] Kyle Newsome (Guest): hi", "ist Dirk Deimeke zu Gast",
		"We're joined by Mark Asquith, CEO", "Guest: Donald G. McNeil Jr., a",
	} {
		f.Add(s)
	}
	labels := defaultLabels()
	f.Fuzz(func(t *testing.T, s string) {
		x := extractor{labels: labels, prose: true, title: "show"}
		done := make(chan struct{})
		go func() {
			defer close(done)
			x.extract(s)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			panic(fmt.Sprintf("hang on %q", s))
		}
		for _, p := range x.result() {
			if n, _, ok := leadingName(p.name, false); !ok || n != p.name {
				t.Errorf("%q: found %q (%s via %s), which is no name on its own", s, p.name, p.role, p.via)
			}
		}
	})
}
