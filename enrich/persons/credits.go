package persons

import (
	"strings"
	"unicode/utf8"
)

// heading returns the cast role of a line that is only a label ("Guests",
// "HOSTS:", "Special Guests:", "Guests & Links"), else "", and whether the
// label is plural: a singular "Guest" heads one name only.
func (x *extractor) heading(low string) (role string, plural bool) {
	label := strings.TrimRight(low, " :：")
	if len(label) > 30 || label == "" {
		return "", false
	}
	label = normLabel(label)
	roles := lookupLabel(x.labels, label)
	if len(roles) == 1 && isCastRole(roles[0]) {
		plural = strings.HasSuffix(label, "s") || strings.Contains(label, "guests") ||
			strings.Contains(label, "hosts") || strings.Contains(label, "gäste")
		return roles[0], plural
	}
	return "", false
}

func isMusicRole(r string) bool {
	return r == "music contributor" || r == "composer" || r == "theme music"
}

func isCastRole(r string) bool {
	switch r {
	case "host", "co-host", "guest", "guest host":
		return true
	}
	return false
}

// blockName reads a line of a heading block: a name followed by a
// description or links ("Wolfgang Gassler (https://…)", "Lisa Laporte -
// CEO - TWiT.tv", "Michael Fey: Twitter", "Pete Buttigieg, mayor of South
// Bend"). sep is what follows the name; every line of a block must go on
// the same way, and a bare name line ("Tasks App") is never read: it is
// as likely a product or a topic.
func blockName(line string) (name, sep string, ok bool) {
	name, n, ok := leadingName(line, true)
	if !ok {
		return "", "", false
	}
	rest := strings.TrimLeft(line[n:], " ")
	if rest == "" {
		return name, "", true
	}
	for _, p := range [...]string{",", ":", "- ", "– ", "— ", "(", "|", "/"} {
		if strings.HasPrefix(rest, p) {
			return name, p, true
		}
	}
	return "", "", false
}

// normLabel lower-cases (already done) and folds a label's spaces and
// punctuation: "Audio  Engineering Lead" -> "audio engineering lead".
func normLabel(label string) string {
	label = strings.Trim(label, " \t.,;:()[]*_")
	if strings.Contains(label, "  ") || strings.Contains(label, "\t") {
		label = strings.Join(strings.Fields(label), " ")
	}
	return label
}

// credits reads credit lines: "Producer and editor: Keiran Harris",
// "Technical editing: Simon Monsour and Milo McGuire", "Produced by Jane
// Doe", "Special Guests: Brent Gervais, Drew DeVore, and Neal Gompa.". A
// line may hold several credits separated by "|", "•", ";" or sentences;
// a label is at most labelMax bytes from the start of its segment.
func (x *extractor) credits(line, low string) {
	for a := 0; a < len(line); {
		b := segmentEnd(line, a)
		if w := low[a:min(b, a+labelMax+4)]; strings.IndexByte(w, ':') >= 0 ||
			strings.Contains(w, " by ") || strings.Contains(w, " - ") ||
			strings.Contains(w, "：") || strings.Contains(w, " – ") || strings.Contains(w, " — ") {
			x.credit(line[a:b], low[a:b])
		}
		a = b
		for a < len(line) {
			r, size := utf8.DecodeRuneInString(line[a:])
			if !strings.ContainsRune(" |•·;.", r) {
				break
			}
			a += size
		}
	}
}

// labelMax is the longest credit label read, in bytes.
const labelMax = 48

// segmentEnd returns where the credit starting at line[a:] ends: at " | ",
// " • ", "; " or a sentence end (". " after a lower-case letter, before a
// capital).
func segmentEnd(line string, a int) int {
	for i := a; i < len(line); i++ {
		switch line[i] {
		case '|', ';':
			return i
		case '.':
			if i > a && i+2 < len(line) && line[i+1] == ' ' && isLowerByte(line[i-1]) && isUpperRune(line[i+2:]) {
				return i
			}
		case 0xe2: // "•" U+2022 is e2 80 a2
			if strings.HasPrefix(line[i:], "•") {
				return i
			}
		}
	}
	return len(line)
}

func isLowerByte(c byte) bool { return c >= 'a' && c <= 'z' }

// credit reads one "Label: names" / "Label - names" / "Label by names".
func (x *extractor) credit(seg, low string) {
	var label, value string
	w := low[:min(len(low), labelMax+4)]
	if i := strings.IndexByte(w, ':'); i > 0 && i <= labelMax {
		label, value = low[:i], seg[i+1:]
		if strings.HasPrefix(value, "//") { // a URL, "https://…"
			return
		}
	} else if i := strings.Index(w, "："); i > 0 && i <= labelMax {
		label, value = low[:i], seg[i+len("："):]
	} else if i := strings.Index(w, " by "); i > 0 && i <= labelMax {
		label, value = low[:i+3], seg[i+4:]
	} else {
		for _, d := range [...]string{" - ", " – ", " — "} {
			if i := strings.Index(w, d); i > 0 && i <= labelMax {
				label, value = low[:i], seg[i+len(d):]
				break
			}
		}
	}
	if label == "" {
		return
	}
	label = normLabel(label)
	roles := lookupLabel(x.labels, label)
	if roles == nil {
		return
	}
	if isMusicRole(roles[0]) && !strings.HasSuffix(label, " by") {
		// "Music: Ladies Night - Kool & The Gang", "Music - Howling
		// Commandos": after a music label stand tracks and bands as often
		// as people; only "Music by <name>" is read.
		return
	}
	value = strings.TrimSpace(value)
	if strings.HasPrefix(value, "\"") || strings.HasPrefix(value, "“") || strings.HasPrefix(value, "«") {
		// "Blippy Trance" by Kevin MacLeod: a title, then its author.
		i := strings.LastIndex(value, " by ")
		if i < 0 {
			return
		}
		value = value[i+4:]
	}
	read := names
	if isCastRole(roles[0]) && strings.HasSuffix(label, "s") {
		read = pluralNames // "Special guests: …", "Hosts: …"
	}
	for _, name := range read(value) {
		for _, r := range roles {
			x.add(name, r, "credit")
		}
	}
}
