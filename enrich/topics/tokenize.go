package topics

import (
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// token is one word of a line of text. Offsets are into the scanned string;
// the word excludes trimmed punctuation, a possessive 's and a Romance
// elision ("l'", "d'").
type token struct {
	start, end int32
	h          uint64 // FNV-1a of the lower-case word, ’ read as '
	stem       uint64 // h without a plural -s; phrase identity and vocabulary use it
	flags      uint16
}

// Token flags.
const (
	fBreak      uint16 = 1 << iota // a phrase boundary (punctuation, URL, number, line start) precedes the token
	fSentence                      // the token starts a sentence or a line
	fUpper                         // the first letter is upper-case
	fTitle                         // upper-case first letter, the others lower-case (name-like)
	fAllCaps                       // two or more letters, all upper-case (AI, COVID-19)
	fInnerCaps                     // an upper-case letter after a lower-case one (OpenAI, iPhone)
	fNumber                        // no letters: a number, time or amount; never part of a phrase
	fEndPhrase                     // a possessive 's was stripped: a phrase ends here
	fAdverb                        // looks like an English -ly adverb
	fShort                         // a single letter
	fProperStop                    // a stopword starting a proper name here ("New York"); set by the builder
)

const (
	offset64 uint64 = 14695981039346656037
	prime64  uint64 = 1099511628211
)

// combine folds the next word hash into a phrase hash; order matters.
func combine(h, w uint64) uint64 {
	return (bits.RotateLeft64(h, 7) ^ w) * prime64
}

// phraseStart is the hash of the empty phrase.
const phraseStart uint64 = 0x9e3779b97f4a7c15

// tlds are the top-level domains that make "word.tld" a host name, not a word.
var tlds = map[string]bool{
	"com": true, "org": true, "net": true, "dev": true, "io": true, "de": true, "fm": true,
	"social": true, "eu": true, "uk": true, "co": true, "app": true, "me": true, "tv": true,
	"ly": true, "gl": true, "be": true, "at": true, "ch": true, "fr": true, "es": true,
	"it": true, "nl": true, "br": true, "cat": true, "edu": true, "gov": true, "info": true,
	"biz": true, "us": true, "ca": true, "link": true, "show": true, "news": true, "ai": true,
	"xyz": true, "blog": true, "pt": true, "pl": true, "se": true, "no": true, "dk": true,
}

// elisions are the Romance article/preposition forms written with an
// apostrophe before the word they belong to ("l'amor", "d'une").
var elisions = map[string]bool{
	"l": true, "d": true, "j": true, "m": true, "n": true, "s": true, "t": true, "c": true,
	"qu": true, "dell": true, "dall": true, "nell": true, "sull": true, "all": true,
	"un": true, "gl": true, "quell": true, "quest": true, "lorsqu": true, "puisqu": true,
}

// ASCII character classes.
const (
	clUpper uint8 = 1 << iota
	clLower
	clDigit
	clJoiner // may join the parts of a word: "Node.js", "C++", "CI/CD", "don't"
	clSpace  // white space other than a newline
	clWord   = clUpper | clLower | clDigit
)

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = clUpper
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = clLower
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = clDigit
	}
	for _, c := range "-.'+#&/_:@*" {
		t[c] = clJoiner
	}
	for _, c := range " \t\r\f\v" {
		t[c] = clSpace
	}
	return t
}()

// isWordByte reports whether the ASCII byte c can be part of a word.
func isWordByte(c byte) bool { return c < utf8.RuneSelf && asciiClass[c]&clWord != 0 }

// isJoiner reports whether the ASCII byte c may join the parts of a word.
func isJoiner(c byte) bool { return c < utf8.RuneSelf && asciiClass[c]&clJoiner != 0 }

// isCJK reports whether r belongs to a script written without spaces.
func isCJK(r rune) bool {
	if r < 0x0E00 {
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) ||
		unicode.Is(unicode.Thai, r)
}

// tokenize appends the words of s to dst. It returns the extended slice and
// the number of CJK characters seen (those never become tokens). It does not
// allocate beyond growing dst.
func tokenize(dst []token, s string) ([]token, int) {
	var (
		brk  = true
		sent = true
		cjk  int
	)
	if len(s) > 1<<30 {
		s = s[:1<<30]
	}
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			switch cl := asciiClass[c]; {
			case cl&(clWord|clJoiner) != 0:
				// a word starts
			case cl&clSpace != 0:
				i++
				continue
			case c == '\n':
				brk, sent = true, true
				i++
				continue
			default:
				brk = true
				if c == '!' || c == '?' || c == ';' {
					sent = true
				}
				i++
				continue
			}
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == '’' || r == '‘':
				// may start a word ("’s", quotes are trimmed below)
			case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
				if isCJK(r) {
					cjk++
					brk = true
					i += n
					continue
				}
			case unicode.IsSpace(r):
				i += n
				continue
			default:
				brk = true
				if r == '•' || r == '…' || r == '·' || r == '–' || r == '—' || r == '¿' || r == '¡' {
					sent = sent || r != '–' && r != '—'
				}
				i += n
				continue
			}
		}
		j := i
		plain := true // only ASCII letters and digits: no trimming, no URL
		for j < len(s) {
			c := s[j]
			if c < utf8.RuneSelf {
				cl := asciiClass[c]
				if cl&clWord != 0 {
					j++
					continue
				}
				if cl&clJoiner != 0 {
					plain = false
					j++
					continue
				}
				break
			}
			plain = false
			r, n := utf8.DecodeRuneInString(s[j:])
			if r == '’' || r == '‘' || (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) && !isCJK(r) {
				j += n
				continue
			}
			break
		}
		if j == i {
			// cannot happen with the classes above; never loop forever
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
			brk = true
			continue
		}
		w := s[i:j]
		start := i
		i = j
		var (
			t               token
			ok              bool
			endBrk, endSent bool
		)
		if plain {
			t, ok = classify(w, 0, len(w), token{})
			endBrk = t.flags&fNumber != 0
		} else {
			t, ok, endBrk, endSent = word(w)
		}
		if !ok {
			brk = true
			sent = sent || endSent
			continue
		}
		t.start += int32(start)
		t.end += int32(start)
		if brk {
			t.flags |= fBreak
		}
		if sent {
			t.flags |= fSentence
		}
		dst = append(dst, t)
		brk, sent = endBrk || t.flags&(fNumber|fEndPhrase) != 0, endSent
	}
	return dst, cjk
}

// word classifies one whitespace/punctuation-delimited chunk. ok is false for
// URLs, e-mail addresses, handles, host names and chunks without letters or
// digits. endBrk/endSent report trailing punctuation.
func word(w string) (t token, ok, endBrk, endSent bool) {
	// URLs, e-mail addresses and @handles are no words.
	for k := 0; k < len(w); k++ {
		switch w[k] {
		case '@':
			return t, false, true, false
		case ':':
			if k+2 < len(w) && w[k+1] == '/' && w[k+2] == '/' {
				return t, false, true, false
			}
		}
	}
	if len(w) >= 4 && (w[0]|0x20) == 'w' && (w[1]|0x20) == 'w' && (w[2]|0x20) == 'w' && w[3] == '.' {
		return t, false, true, false
	}
	a, b := 0, len(w)
	for a < b {
		if w[a] < utf8.RuneSelf {
			if !isJoiner(w[a]) {
				break
			}
			a++
			continue
		}
		r, n := utf8.DecodeRuneInString(w[a:])
		if r != '’' && r != '‘' {
			break
		}
		a += n
	}
	for b > a {
		c := w[b-1]
		if c < utf8.RuneSelf {
			if !isJoiner(c) {
				break
			}
			if (c == '+' || c == '#') && b-1 > a && w[b-2] != '.' {
				// C++, C#, F#: the sign is part of the word
				k := b - 1
				for k > a && (w[k-1] == '+' || w[k-1] == '#') {
					k--
				}
				if k > a && isWordByte(w[k-1]) {
					break
				}
			}
			if c == '.' || c == ':' {
				endSent = true
			}
			endBrk = true
			b--
			continue
		}
		r, n := utf8.DecodeLastRuneInString(w[a:b])
		if r != '’' && r != '‘' {
			break
		}
		endBrk = true
		b -= n
	}
	if a > 0 {
		// "-based", "'quoted": a boundary before
		t.flags |= fBreak
	}
	if a >= b {
		return t, false, true, endSent
	}
	w2 := w[a:b]
	// host names: "engineeringkiosk.dev", "nytimes.com/thedaily"
	slash := indexByte(w2, '/') >= 0
	if dot := lastByte(w2, '.'); dot > 0 && dot < len(w2)-1 {
		if slash {
			return t, false, true, endSent
		}
		tld := w2[dot+1:]
		if len(tld) <= 6 && isLowerASCII(tld) && tlds[tld] && isLowerASCII(w2[:1]) {
			return t, false, true, endSent
		}
	}
	// "CI/CD", "TCP/IP" are words; "and/or", "of/Behind" are not.
	if slash {
		for k := 0; k < len(w2); k++ {
			if c := w2[k]; c >= 'a' && c <= 'z' || c >= utf8.RuneSelf {
				return t, false, true, endSent
			}
		}
	}
	// possessive 's / ’s
	if n := len(w2); n > 2 && (w2[n-1] == 's' || w2[n-1] == 'S') {
		if w2[n-2] == '\'' {
			b -= 2
			t.flags |= fEndPhrase
		} else if n > 4 && w2[n-4:n-1] == "’" {
			b -= 4
			t.flags |= fEndPhrase
		}
	}
	// Romance elision: l'amor, d'une, S'estrena
	for k := a; k < b && k-a <= 5; k++ {
		apos := 0
		if w[k] == '\'' {
			apos = 1
		} else if k+3 <= b && w[k:k+3] == "’" {
			apos = 3
		}
		if apos == 0 {
			continue
		}
		if k > a && k+apos < b && elisions[lowerASCII(w[a:k])] {
			a = k + apos
		}
		break
	}
	if a >= b {
		return t, false, true, endSent
	}
	t, ok = classify(w, a, b, t)
	if !ok {
		return t, false, true, endSent
	}
	if t.flags&fNumber != 0 {
		return t, true, true, endSent
	}
	return t, true, endBrk || t.flags&fEndPhrase != 0, endSent
}

func lastByte(s string, c byte) int {
	for k := len(s) - 1; k >= 0; k-- {
		if s[k] == c {
			return k
		}
	}
	return -1
}

func indexByte(s string, c byte) int {
	for k := 0; k < len(s); k++ {
		if s[k] == c {
			return k
		}
	}
	return -1
}

func isLowerASCII(s string) bool {
	for k := 0; k < len(s); k++ {
		if s[k] < 'a' || s[k] > 'z' {
			return false
		}
	}
	return len(s) > 0
}

// lowerASCII lower-cases a short ASCII string (elision prefixes); other
// bytes pass unchanged.
func lowerASCII(s string) string {
	for k := 0; k < len(s); k++ {
		if s[k] >= 'A' && s[k] <= 'Z' {
			b := []byte(s)
			for x := range b {
				if b[x] >= 'A' && b[x] <= 'Z' {
					b[x] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// classify hashes w[a:b] and sets its flags; t carries flags found while
// trimming. ok is false for an abbreviation ("U.S").
func classify(w string, a, b int, t token) (token, bool) {
	t.start, t.end = int32(a), int32(b)
	var (
		h, prev       = offset64, offset64
		letters, up   int
		digits        int
		prevLower     bool
		prevLetter    bool
		title         = true
		firstUp       bool
		dotsOnly      = true // letters separated by dots: U.S, e.g, z.B
		lastL, lastL2 byte
	)
	for k := a; k < b; {
		c := w[k]
		if c < utf8.RuneSelf {
			// ASCII fast path
			k++
			lc := c
			switch cl := asciiClass[c]; {
			case cl&clUpper != 0:
				letters++
				up++
				if letters == 1 {
					firstUp = true
				} else if prevLetter {
					title = false
				}
				if prevLower {
					t.flags |= fInnerCaps
				}
				if prevLetter {
					dotsOnly = false
				}
				lc = c + 'a' - 'A'
				prevLower, prevLetter = false, true
			case cl&clLower != 0:
				letters++
				if prevLetter {
					dotsOnly = false
				}
				prevLower, prevLetter = true, true
			case cl&clDigit != 0:
				digits++
				dotsOnly = false
				prevLetter, prevLower = false, false
			default:
				if c != '.' {
					dotsOnly = false
				}
				prevLetter, prevLower = false, false
			}
			prev = h
			h = (h ^ uint64(lc)) * prime64
			lastL2, lastL = lastL, lc
			continue
		}
		r, n := utf8.DecodeRuneInString(w[k:])
		k += n
		lr := r
		switch {
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				up++
				if letters == 1 {
					firstUp = true
				} else if prevLetter {
					title = false
				}
				if prevLower {
					t.flags |= fInnerCaps
				}
				lr = unicode.ToLower(r)
				prevLower = false
			} else {
				prevLower = unicode.IsLower(r)
			}
			if prevLetter {
				dotsOnly = false
			}
			prevLetter = true
		case unicode.IsDigit(r):
			digits++
			dotsOnly = false
			prevLetter, prevLower = false, false
		default:
			if r == '’' {
				lr = '\''
			}
			dotsOnly = false
			prevLetter, prevLower = false, false
		}
		prev = h
		if lr < utf8.RuneSelf {
			h = (h ^ uint64(lr)) * prime64
			lastL2, lastL = lastL, byte(lr)
		} else {
			var buf [4]byte
			m := utf8.EncodeRune(buf[:], lr)
			for x := 0; x < m; x++ {
				h = (h ^ uint64(buf[x])) * prime64
			}
			lastL2, lastL = lastL, 0
		}
	}
	t.h, t.stem = h, h
	if letters == 0 {
		t.flags |= fNumber
		return t, true
	}
	if letters > 1 && dotsOnly && b-a > letters {
		// an abbreviation such as "U.S" or "z.B": no word for topics
		return t, false
	}
	if letters == 1 && digits == 0 && b-a == 1 {
		t.flags |= fShort
	}
	if b-a >= 4 && lastL == 's' && lastL2 != 's' && lastL2 != '\'' {
		t.stem = prev
	}
	if firstUp {
		t.flags |= fUpper
		if title {
			t.flags |= fTitle
		}
	}
	if letters >= 2 && up == letters {
		t.flags |= fAllCaps
		t.flags &^= fTitle
	}
	if b-a >= 6 && lastL == 'y' && lastL2 == 'l' && up != letters {
		if p := w[b-3]; p != 'p' && p != 'P' {
			t.flags |= fAdverb
		}
	}
	return t, true
}
