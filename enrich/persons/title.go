package persons

import (
	"strings"
	"unicode/utf8"
)

// titleGuests reads the guests an episode title names, in the forms shows
// use across languages:
//
//	"#76 - Tara Kirk Sell on misinformation…"        a name, then " on "
//	"080: Apple's next big thing, with Christina Warren"
//	"LS019 hr2 der Tag - ein Gespräch mit Florian Schwinn"
//	"Episode 102 - Bubble City Boys (Ft. Matt Bors and Ben Clarkson)"
//	"The Key to Making Your Podcast Stand Out // Eric Nuzum"
//	"Pau Freixas: \"'Todos mienten' no és un espòiler\""  a name, then a quote
//	"Steven Spielberg, per Quim Morales: l'autor…"    Catalan "per" (by)
//	"Andrea McVittie, User Experience Designer"      a name, then its role
//
// Each name must pass the personal-name rules (names.go); a show or
// project name ("mit Index out of bounds") never does.
func titleGuests(title string) (out []string, via string) {
	title = strings.TrimSpace(title)
	if title == "" {
		return nil, ""
	}
	low := asciiLower(title)
	// "with X", "(Ft. X)" and kin, up to the end or a closing bracket.
	for _, w := range [...]string{" with ", " w/ ", " mit ", " amb ", " avec ", " con ", " met ",
		" feat. ", " ft. ", " featuring ", "(ft. ", "(feat. ", "(with ", "(featuring ", ", per "} {
		for from := 0; ; {
			i := strings.Index(low[from:], w)
			if i < 0 {
				break
			}
			i += from
			from = i + len(w)
			rest := title[i+len(w):]
			n, end := leadingNames(rest, true)
			if len(n) == 0 && strings.Contains(w, "ft") {
				// "(Ft. Spice8rack)": a featured guest known by one name.
				if j := strings.IndexByte(rest, ')'); j > 0 && strings.HasPrefix(w, "(") {
					if nick := nicknames(rest[:j]); len(nick) > 0 {
						n, end = nick, j
					}
				}
			}
			if len(n) == 0 {
				continue
			}
			tail := strings.TrimLeft(rest[end:], " ")
			if tail == "" || strings.ContainsAny(tail[:1], ")]:|,—–-!") {
				if !strings.Contains(w, "ft") {
					n = given(n)
				}
				if len(n) > 0 {
					return n, "title: " + strings.TrimSpace(w) + " " + strings.Join(n, ", ")
				}
			}
		}
	}
	head := stripEpisodeNumber(title)
	// "Name on …", "Name and Name on …".
	if n, end := leadingNames(head, false); len(n) > 0 {
		rest := head[end:]
		switch {
		case strings.HasPrefix(rest, " on ") && len(given(n)) == len(n):
			return n, "title: " + strings.Join(n, ", ") + " on …"
		case len(n) == 1 && (strings.HasPrefix(rest, ": \"") || strings.HasPrefix(rest, ": “") ||
			strings.HasPrefix(rest, ": ‘") || strings.HasPrefix(rest, ": '") || strings.HasPrefix(rest, ": «")):
			return n, "title: " + n[0] + ": “…”"
		case len(n) == 1 && strings.HasPrefix(rest, ", ") && roleTail(rest[2:]):
			return n, "title: " + n[0] + ", " + rest[2:]
		}
	}
	// "… // Name", "… | Name" at the end.
	for _, sep := range [...]string{" // ", " | "} {
		if i := strings.LastIndex(title, sep); i > 0 {
			rest := title[i+len(sep):]
			if n, end := leadingNames(rest, false); len(n) > 0 && len(given(n)) == len(n) && strings.Trim(rest[end:], " .") == "" {
				return n, "title: " + strings.TrimSpace(sep) + " " + strings.Join(n, ", ")
			}
		}
	}
	return nil, ""
}

// given keeps the names whose first word is a common given name.
func given(names []string) []string {
	var out []string
	for _, n := range names {
		if firstWordGiven(n) {
			out = append(out, n)
		}
	}
	return out
}

// stripEpisodeNumber drops "#76 - ", "76: ", "[Archive] ", "Classic
// episode - " and "Episode 12 – " from the start of a title.
func stripEpisodeNumber(t string) string {
	for {
		s := strings.TrimLeft(t, " ")
		switch {
		case strings.HasPrefix(s, "["):
			if i := strings.IndexByte(s, ']'); i > 0 && i < 24 {
				s = s[i+1:]
			}
		case strings.HasPrefix(s, "#") || s != "" && s[0] >= '0' && s[0] <= '9':
			i := 0
			for i < len(s) && (s[i] == '#' || s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
				i++
			}
			s = s[i:]
		}
		low := asciiLower(s)
		for _, p := range [...]string{"classic episode", "episode", "ep.", "ep", "folge", "episodi", "episodio", "aflevering"} {
			if strings.HasPrefix(low, p+" ") && len(low) > len(p)+1 && low[len(p)+1] >= '0' && low[len(p)+1] <= '9' {
				s = s[len(p)+1:]
				i := 0
				for i < len(s) && s[i] >= '0' && s[i] <= '9' {
					i++
				}
				s = s[i:]
				break
			}
			if strings.HasPrefix(low, p+" - ") || strings.HasPrefix(low, p+": ") {
				s = s[len(p):]
				break
			}
		}
		s = strings.TrimLeft(s, " ")
		for _, d := range [...]string{"- ", "– ", "— ", ": ", "| ", "· "} {
			s = strings.TrimPrefix(s, d)
		}
		if s == t {
			return s
		}
		t = s
	}
}

// roleWords end a job title after a name in a title ("Andrea McVittie,
// User Experience Designer", "Jonas Woost, Director Of Strategy at …").
var roleWords = wordSet(`Designer Manager Director Engineer Developer Founder Co-Founder CEO CTO
	CFO COO President Editor Author Writer Journalist Reporter Professor Researcher Scientist
	Economist Analyst Lead Head Chief Officer Producer Artist Musician Composer Photographer
	Architect Consultant Advisor Lawyer Doctor Historian Correspondent Host Creator Coach
	Evangelist Strategist Investor Partner Principal Entrepreneur Activist Filmmaker Actor
	Actress Comedian Novelist Poet Physicist Biologist Chemist Philosopher Psychologist
	Maintainer Contributor Speaker Trainer Teacher Expert Specialist Owner Programmer`)

// roleTail reports whether s, what follows "Name, ", is a job title.
func roleTail(s string) bool {
	words := strings.Fields(s)
	for i, w := range words {
		if i >= 6 {
			break
		}
		w = strings.Trim(w, ",.:;")
		if roleWords[w] {
			return true
		}
		if r, _ := utf8.DecodeRuneInString(w); i == 0 && !isUpperRune(w) && r != utf8.RuneError {
			return false
		}
	}
	return false
}
