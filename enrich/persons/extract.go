package persons

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// found is one person found in the notes.
type found struct {
	name, role string
	via        string // the rule that found it, for tests and debugging
}

// extractor reads one item's notes.
type extractor struct {
	labels map[string][]string // credit label -> roles; nil reads no credits
	title  string              // the channel title, lower-case (ASCII), "" when unknown
	prose  bool                // read host and guest from running text
	line   string              // the notes line being read, for evidence
	hosts  *showHosts          // the show's hosts; nil when unknown
	out    []found
}

// add records name in role, unless it is the show's own name ("Hosts:
// Engineering Kiosk") or already there.
func (x *extractor) add(name, role, via string) {
	if name == "" || role == "" {
		return
	}
	if x.title != "" && nameKey(name) == nameKey(x.title) {
		return
	}
	for _, p := range x.out {
		if p.role == role && strings.EqualFold(p.name, name) {
			return
		}
	}
	if x.line != "" {
		via += ": \"" + clipLine(x.line) + "\""
	}
	x.out = append(x.out, found{name, role, via})
}

// result returns what was found, without the cast roles of a name that is
// said to be both host and guest (PC Perspective lists its guest among
// "Hosts:" and welcomes "our Guest: …"): which is right is unclear.
func (x *extractor) result() []found {
	var drop map[string]bool
	for _, p := range x.out {
		if p.role != "guest" {
			continue
		}
		for _, q := range x.out {
			if q.role != "guest" && isCastRole(q.role) && strings.EqualFold(q.name, p.name) {
				if drop == nil {
					drop = make(map[string]bool)
				}
				drop[strings.ToLower(p.name)] = true
			}
		}
	}
	if len(drop) == 0 {
		return x.out
	}
	kept := x.out[:0]
	for _, p := range x.out {
		if !(isCastRole(p.role) && drop[strings.ToLower(p.name)]) {
			kept = append(kept, p)
		}
	}
	return kept
}

// extract reads the notes text (lines as Notes.Text has them).
//
// It lower-cases the text once (ASCII only, so offsets agree), scans each
// line once for the words the rules start from (scanLine), and runs a rule
// only on lines that have its words.
func (x *extractor) extract(text string) {
	lower := asciiLower(text)
	type span struct {
		a, b int
		m    mask
	}
	lines := make([]span, 0, 64)
	prose := x.prose
	for pos := 0; pos < len(text); {
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		a, b := trimLine(text, pos, end)
		pos = end + 1
		if a < b {
			m := scanLine(lower[a:b])
			if m&mCrossPost != 0 {
				// An episode recorded for another show, where who hosts
				// and who guests is reversed: prose is not read.
				prose = false
			}
			lines = append(lines, span{a, b, m})
		}
	}
	var (
		blockRole  string // role of the open heading block ("Guests:"), "" when none
		blockLeft  int    // names the block may still take
		blockSep   string // how the block's first line goes on after the name
		blockFirst bool   // the next line is the block's first
	)
	defer func() { x.line = "" }()
	for _, l := range lines {
		line, low, m := text[l.a:l.b], lower[l.a:l.b], l.m
		x.line = line
		if blockRole != "" {
			name, sep, ok := blockName(line)
			if ok && blockLeft > 0 && (blockFirst || sep == blockSep) {
				x.add(name, blockRole, "heading block")
				blockLeft--
				blockSep, blockFirst = sep, false
				continue
			}
			blockRole = ""
		}
		if m&(mGuest|mRoleNoun|mCast) != 0 && len(low) <= 32 {
			if role, plural := x.heading(low); role != "" {
				blockRole, blockLeft, blockSep, blockFirst = role, 1, "", true
				if plural {
					blockLeft = 12
				}
				continue
			}
		}
		if x.labels != nil && m&mLabel != 0 {
			x.credits(line, low)
		}
		if !prose {
			continue
		}
		if m&mGuest != 0 {
			x.guests(line, low)
		}
		if m&mRoleNoun != 0 {
			x.roleNouns(line, low)
		}
		if m&mJoined != 0 {
			x.joinedBy(line, low)
		}
		if m&mSpoke != 0 {
			x.spokeWith(line, low)
		}
		if m&mParen != 0 {
			x.parenthetical(line, low)
		}
		if m&mGerman != 0 {
			x.german(line, low)
		}
		if m&mPassive != 0 {
			x.passive(line, low)
		}
		x.intros(line, low)
		x.outros(line, low)
	}
}

// trimLine returns the bounds of text[a:b] without surrounding space,
// list bullets and emphasis marks.
func trimLine(text string, a, b int) (int, int) {
	for a < b {
		r, size := utf8.DecodeRuneInString(text[a:])
		if unicode.IsSpace(r) || strings.ContainsRune("*•·∙-–—>►▶_#", r) {
			a += size
			continue
		}
		break
	}
	for b > a {
		r, size := utf8.DecodeLastRuneInString(text[a:b])
		if unicode.IsSpace(r) || r == '*' || r == '_' {
			b -= size
			continue
		}
		break
	}
	return a, b
}

// indexWord finds word in low from from on, starting at a word boundary.
func indexWord(low, word string, from int) int {
	for from < len(low) {
		i := strings.Index(low[from:], word)
		if i < 0 {
			return -1
		}
		i += from
		if i == 0 || !isWordByte(low[i-1]) {
			return i
		}
		from = i + len(word)
	}
	return -1
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func isWordByteAt(s string, i int) bool { return i < len(s) && isWordByte(s[i]) }

// lastWord returns the last space-separated word of s.
func lastWord(s string) string {
	s = strings.TrimRight(s, " ")
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

func lastField(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// asciiLower lower-cases ASCII letters only, so byte offsets into the
// result are offsets into s.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// clipLine cuts a notes line to 160 bytes for evidence.
func clipLine(s string) string {
	if len(s) <= 160 {
		return s
	}
	n := 160
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
