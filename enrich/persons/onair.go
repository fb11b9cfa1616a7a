package persons

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recast-podcast/recast/enrich"
)

// Podlove Publisher writes an episode's contributors into its show notes
// as groups: a heading ("On Air", "Support") and one name a line, each
// followed by icons that link elsewhere and, at times, a line saying who
// the person is ("Leiter Zeiss-Großplanetarium Berlin"). The "On Air"
// group is who is heard in the episode; shows list their regulars there by
// nickname too ("roddi", "hukl"), which the block makes safe to read.

// onAirHeadings open the group of the people heard in the episode.
var onAirHeadings = map[string]bool{"on air": true, "auf sendung": true, "im studio": true}

// onAirLimit is the most lines an On Air group is read for.
const onAirLimit = 24

// onAir returns the names of the On Air group in text, or nil.
func onAir(text string) []string {
	var (
		out  []string
		open = false
		left = 0
	)
	for line := range strings.SplitSeq(text, "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if !open {
			if len(t) <= 12 && onAirHeadings[strings.ToLower(t)] {
				open, left = true, onAirLimit
			}
			continue
		}
		low := strings.ToLower(t)
		if left--; left < 0 || closesGroup(t, low) {
			break
		}
		if name, ok := contributorName(t); ok {
			out = append(out, name)
		}
	}
	return out
}

// closesGroup reports a line that ends the On Air group: another group's
// heading, the show notes' own headings, a label.
func closesGroup(t, low string) bool {
	switch low {
	case "support", "shownotes", "show notes", "links", "produktion", "production", "team", "technik":
		return true
	}
	return strings.HasSuffix(t, ":") || strings.HasPrefix(low, "previously") ||
		strings.HasSuffix(low, " on air") || strings.Count(t, " ") > 5
}

// groupRoleWords say who someone is, on the line after their name: such a
// line is no name.
var groupRoleWords = wordSet(`Leiter Leiterin Direktor Direktorin Gründer Gründerin Geschäftsführer
	Geschäftsführerin Professor Professorin Redakteur Redakteurin Journalist Journalistin Autor
	Autorin Entwickler Entwicklerin Mitarbeiter Mitarbeiterin Sprecher Sprecherin Vorstand
	Mitglied Head Director Founder CEO CTO Editor Journalist Author Developer Researcher Member
	Chair Student Studentin Doktorand Doktorandin Wissenschaftler Wissenschaftlerin`)

// contributorName reads one line of a contributor group as a name: a
// full personal name, or a nickname of one word.
func contributorName(t string) (string, bool) {
	if strings.ContainsAny(t, "@/[]()|:") || strings.Contains(strings.ToLower(t), "flattr") {
		return "", false
	}
	for _, w := range strings.Fields(t) {
		if groupRoleWords[w] {
			return "", false
		}
	}
	if n, end, ok := leadingName(t, false); ok && end == len(t) && strings.Count(t, " ") <= 3 {
		return n, true
	}
	if strings.ContainsAny(t, " \t") || utf8.RuneCountInString(t) > 24 || stopWords[t] {
		return "", false
	}
	letters := 0
	for _, r := range t {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r) || r == '-' || r == '_' || r == '.':
		default:
			return "", false
		}
	}
	if letters < 2 {
		return "", false
	}
	return t, true
}

// onAirCounts counts, per name key, the items of f whose On Air group
// names it, and how many items have such a group: a show's regulars are
// on air in many episodes, a guest in one or two.
type onAirCounts struct {
	items int
	names map[string]int
}

func onAirStats(f *enrich.Feed) *onAirCounts {
	return f.Memo("persons:onair", func() any {
		c := &onAirCounts{names: map[string]int{}}
		for i := range f.Items {
			names := onAir(f.Notes(&f.Items[i]).Text)
			if len(names) == 0 {
				continue
			}
			c.items++
			seen := map[string]bool{}
			for _, n := range names {
				if k := nameKey(n); !seen[k] {
					seen[k] = true
					c.names[k]++
				}
			}
		}
		return c
	}).(*onAirCounts)
}

// regular reports whether name is on air in at least a fifth of the
// episodes that have an On Air group (and in three at least).
func (c *onAirCounts) regular(name string) bool {
	n := c.names[nameKey(name)]
	return n >= 3 && n*5 >= c.items
}
