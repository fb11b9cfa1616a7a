package chapters

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// stamp is one time offset written in a line of text: "12:34", "1:02:03",
// "(00:00:00)", "[00:04:50](https://…)", "0:00 - 5:12".
type stamp struct {
	open, close int     // byte span in the line, brackets and a markdown link target included
	sec         float64 // the offset in seconds
	hours       bool    // written with an hours field (h:mm:ss)
	hour        int     // that field's value
}

// scanStamps appends to dst the stamps of line that can be chapter offsets:
// clock times ("8:30 a.m.", "16:30 Uhr", "23:59PM", "um 12:30"), stamps glued
// to letters or digits ("晚間21:00", "T21:46:05", "1:2:03:04") and malformed
// ones (seconds ≥ 60) are left out. A range "0:00 - 5:12" counts as one stamp
// at its start.
func scanStamps(line string, dst []stamp) []stamp {
	first := len(dst)
	for i := 0; i < len(line); {
		c := strings.IndexByte(line[i:], ':')
		if c < 0 {
			break
		}
		c += i
		s, end, ok := stampAt(line, c)
		if !ok {
			i = c + 1
			continue
		}
		i = s.close
		clock := isClock(line, s, end)
		// A range "a - b" is one stamp at a, spanning b; a range of clock
		// times ("9:00 - 17:00 Uhr") is no stamp at all.
		if n := len(dst); n > first && dst[n-1].close <= s.open && isRangeDash(line[dst[n-1].close:s.open]) {
			if clock {
				dst = dst[:n-1]
			} else {
				dst[n-1].close = s.close
			}
			continue
		}
		if !clock {
			dst = append(dst, s)
		}
	}
	return dst
}

// stampAt reads the stamp whose first colon is at line[c]. end is where the
// time digits stop (before any closing bracket).
func stampAt(line string, c int) (s stamp, end int, ok bool) {
	b := c
	for b > 0 && isDigit(line[b-1]) {
		b--
	}
	if c-b < 1 || c-b > 3 {
		return s, 0, false
	}
	if b > 0 {
		if r, _ := utf8.DecodeLastRuneInString(line[:b]); unicode.IsLetter(r) || unicode.IsDigit(r) || r == ':' || r == '.' || r == ',' || r == '/' {
			return s, 0, false
		}
	}
	first := atoi(line[b:c])
	if !twoDigits(line, c+1) {
		return s, 0, false
	}
	second := atoi(line[c+1 : c+3])
	e := c + 3
	if e+2 < len(line) && line[e] == ':' && twoDigits(line, e+1) {
		if c-b > 2 || second > 59 {
			return s, 0, false
		}
		third := atoi(line[e+1 : e+3])
		if third > 59 {
			return s, 0, false
		}
		s.hours, s.hour = true, first
		s.sec = float64(first*3600 + second*60 + third)
		e += 3
	} else {
		if second > 59 {
			return s, 0, false
		}
		s.sec = float64(first*60 + second)
	}
	// Optional milliseconds: "35:12.250".
	if e+1 < len(line) && line[e] == '.' && isDigit(line[e+1]) {
		f, scale := 0, 1
		j := e + 1
		for j < len(line) && isDigit(line[j]) && j-e <= 3 {
			f = f*10 + int(line[j]-'0')
			scale *= 10
			j++
		}
		if j < len(line) && isDigit(line[j]) {
			return s, 0, false
		}
		s.sec += float64(f) / float64(scale)
		e = j
	}
	if e < len(line) {
		r, _ := utf8.DecodeRuneInString(line[e:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || (r == ':' || r == '.' || r == ',') && e+1 < len(line) && isDigit(line[e+1]) {
			return s, 0, false
		}
	}
	s.open, s.close = b, e
	// Brackets: "(12:34)", "[01:02:03]", markdown "[00:04:50](link)".
	if b > 0 && e < len(line) && (line[b-1] == '(' && line[e] == ')' || line[b-1] == '[' && line[e] == ']') {
		s.open, s.close = b-1, e+1
		if line[e] == ']' && s.close < len(line) && line[s.close] == '(' {
			if k := strings.IndexByte(line[s.close:], ')'); k > 0 && k < 1000 && !strings.ContainsAny(line[s.close:s.close+k], " \t") {
				s.close += k + 1
			}
		}
	}
	return s, e, true
}

// clockAfter are words that make a time a time of day when they follow it
// ("8:30 a.m.", "16:30 Uhr", "5:30 PM Eastern"); compared lower-case with
// dots removed.
var clockAfter = map[string]bool{
	"am": true, "pm": true, "uhr": true, "h": true, "hrs": true, "oclock": true, "o'clock": true,
	"et": true, "pt": true, "ct": true, "mt": true, "est": true, "edt": true, "pst": true, "pdt": true,
	"cst": true, "cdt": true, "cet": true, "cest": true, "mez": true, "mesz": true, "utc": true,
	"gmt": true, "bst": true, "jst": true, "aest": true, "eastern": true, "pacific": true,
	"morgens": true, "abends": true, "nachmittags": true, "mittags": true,
}

// clockBefore are words that make a following time a time of day or a
// deadline ("at 12:30", "um 16:30", "until 23:59").
var clockBefore = map[string]bool{
	"at": true, "um": true, "ab": true, "bis": true, "until": true, "till": true, "til": true,
	"from": true, "by": true, "before": true, "after": true, "since": true, "von": true,
	"gegen": true, "around": true, "starting": true, "beginning": true, "vor": true, "nach": true,
	"seit": true, "zwischen": true, "between": true, "and": true, "und": true, "to": true,
}

// isClock reports whether the stamp s (digits ending at end) reads as a time
// of day by the words around it.
func isClock(line string, s stamp, end int) bool {
	if w := wordAfter(line[end:]); w != "" && clockAfter[w] {
		return true
	}
	if w := wordBefore(line[:s.open]); w != "" && clockBefore[w] {
		return true
	}
	return false
}

// wordAfter returns the word at the start of s after at most one space,
// lower-case, dots removed: "a.m." -> "am".
func wordAfter(s string) string {
	if strings.HasPrefix(s, " ") {
		s = s[1:]
	}
	n := 0
	for n < len(s) && n < 12 && (isASCIILetter(s[n]) || s[n] == '.' || s[n] == '\'') {
		n++
	}
	if r, _ := utf8.DecodeRuneInString(s[n:]); n == len(s) || n < 12 && !isLetter(r) {
		w := strings.ToLower(strings.ReplaceAll(s[:n], ".", ""))
		return w
	}
	return ""
}

// wordBefore returns the last word of s before trailing spaces, lower-case.
func wordBefore(s string) string {
	s = strings.TrimRight(s, " ")
	n := len(s)
	for n > 0 && len(s)-n < 12 && isASCIILetter(s[n-1]) {
		n--
	}
	if r, _ := utf8.DecodeLastRuneInString(s[:n]); n > 0 && isLetter(r) {
		return ""
	}
	return strings.ToLower(s[n:])
}

// isLetter reports whether r continues a word: "Hörsuppe" is one word, not
// "H" and more, while "Uhr–22:00" ends one at the dash.
func isLetter(r rune) bool {
	return r < utf8.RuneSelf && isASCIILetter(byte(r)) || unicode.IsLetter(r)
}

// isRangeDash reports whether between two stamps stands only a range sign:
// "0:00 - 5:12", "0:00–5:12".
func isRangeDash(between string) bool {
	switch strings.TrimSpace(between) {
	case "-", "–", "—", "~", "bis":
		return true
	}
	return false
}

func isDigit(c byte) bool       { return '0' <= c && c <= '9' }
func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// twoDigits reports whether s[i:i+2] are two digits.
func twoDigits(s string, i int) bool {
	return i+1 < len(s) && isDigit(s[i]) && isDigit(s[i+1])
}

// atoi reads a short run of ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
