package persons

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A personal name, as recast accepts it: two to four capitalised words
// ("Jan Leike", "Tara Kirk Sell", "Brodesser-Akner", "MacAskill"; four only
// when it is not one of a list, where it is two names missing a comma), with
// optional middle initials ("Donald G. McNeil Jr."), a suffix (Jr., III)
// and particles before the surname ("Antoine van der Lee"). Honorifics in
// front (Dr, Prof, Senator...) are read and dropped. Words that are not
// names (The, Team, OpenAI, University, Podcast, weekdays...) and all-caps
// words make the run no name. A wrong name is worse than none: everything
// here errs towards rejecting.

// nameTok is one token of a candidate name.
type nameTok struct {
	s    string
	kind tokKind
}

type tokKind int

const (
	tokOther      tokKind = iota
	tokCore               // a capitalised name word
	tokInitial            // "G.", "J"
	tokParticle           // van, de, der...
	tokSuffix             // Jr., III
	tokTitle              // Dr, Prof, Senator
	tokStop               // a capitalised word that is no name ("The", "University")
	tokPossessive         // "Howard's": the name is someone's, never a credit
)

var particles = map[string]bool{"de": true, "van": true, "von": true, "der": true, "den": true,
	"da": true, "di": true, "del": true, "della": true, "du": true, "dos": true, "das": true,
	"le": true, "la": true, "ter": true, "ten": true, "bin": true, "ibn": true, "al": true}

var suffixes = map[string]bool{"Jr.": true, "Jr": true, "Sr.": true, "Sr": true, "II": true,
	"III": true, "IV": true}

var titles = map[string]bool{"Dr": true, "Dr.": true, "Prof": true, "Prof.": true,
	"Professor": true, "Mr": true, "Mr.": true, "Mrs": true, "Mrs.": true, "Ms": true, "Ms.": true,
	"Mx": true, "Mx.": true, "Sir": true, "Dame": true, "Senator": true, "Sen.": true,
	"Rep.": true, "Representative": true, "Governor": true, "Gov.": true, "Ambassador": true,
	"Judge": true, "Rev.": true, "Reverend": true, "Rabbi": true, "Pastor": true, "Capt.": true,
	"Captain": true, "Gen.": true, "Col.": true, "Sgt.": true, "Mayor": true, "President": true,
	"Dr.-Ing.": true, "Doctor": true}

// capPrefix are surname prefixes a capital may follow inside a word.
var capPrefix = map[string]bool{"Mc": true, "Mac": true, "De": true, "Di": true, "Da": true,
	"La": true, "Le": true, "Van": true, "Von": true, "Fitz": true, "St": true, "Du": true,
	"Del": true, "Della": true, "Des": true}

// abbreviations keep their period inside a token.
var abbreviations = map[string]bool{"Jr": true, "Sr": true, "Dr": true, "Prof": true, "Mr": true,
	"Mrs": true, "Ms": true, "Mx": true, "St": true, "Sen": true, "Rep": true, "Gov": true,
	"Capt": true, "Gen": true, "Col": true, "Sgt": true, "Rev": true}

// stopWords are capitalised words that are never part of a personal name;
// notFirst are words that are surnames too ("Stephen King", "Taylor Swift",
// "Nate Silver") but never open one.
var stopWords = wordSet(`
	The A An This That These Those Our My Your His Her Their Its We I You He She They It
	Some Many All Any Every Each No Not And Or But If So Then When Where What Who Why How
	With From For At On In Of To By About As Plus Also Just Here There Today Tonight
	Tomorrow Yesterday Now Next Final Special Part Episode Episodes Ep Podcast Podcasts Show
	Shows Live Radio News Weekly Daily Team Crew Staff Network Media Studio Studios Records
	Music Sound Audio Video Films Film Productions Production Group Inc Ltd Llc GmbH Co
	Company Corp Foundation Institute University College School Academy Center Centre Lab
	Labs Project Society Association Council Committee Department Ministry Agency Bureau
	Journal Magazine Tribune Channel Avenue City County State States United Kingdom Republic
	North South East West Northern Southern Eastern Western Central National International
	Global World Europe European America American Americans British Chinese China India
	Russia Japan Canada Australia Africa Asia Google Apple Microsoft Amazon OpenAI DeepMind
	Facebook Meta Twitter Spotify Netflix YouTube Patreon Instagram LinkedIn TikTok Mastodon
	Discord Twitch GitHub Reddit Substack Wikipedia Bluesky Monday Tuesday Wednesday
	Thursday Friday Saturday Sunday January February March July September October November
	December Christmas Easter Halloween Thanksgiving Mysterious Family Kids Boys Girls Guys
	Folks Friends Thanks Thank Please Hello Hi Hey Welcome Support Subscribe Follow Join Check
	Visit Get Listen Read Watch See Learn Find Buy Download Click Sign Credits Credit
	Transcript Transcription Transcriptions Producer Producers Editor Editors Editing
	Engineer Engineering Host Hosts Guest Guests Sponsor Sponsors Sponsored Links Notes
	Chapters Topics Summary Intro Outro Theme Mix Edit Edited Produced Hosted Director
	Manager Officer Founder Vice Senior Executive Associate Assistant Mit Und Der Die Das Ein
	Eine Folge Gast Gäste Sendung Heute Wir Ich Du Ihr Sie Es Im Am Zum Zur Vom Bei Auf Aus
	Nach Über Unter Oder Aber Moderation Schnitt Redaktion Technik Musik Hours Minutes Year
	Years Day Days Week Weeks Month Months Question Questions Answer Answers Interview
	Interviews Conversation Talks Stories Books Games Movie Movies Series Season Chapter Yes
	Yeah Okay OK Ok Coming Soon User Users Experience iPhone iPad Windows Linux Android Python Java Source Software Data
	Internet Online Digital Tech Technology Science Health Policy Politics Economics
	Economy Business Markets Research Researchers Study Studies Nobel Prize Award Awards
	Party Democrats Republicans Democratic Republican Congress Senate`)

var notFirst = wordSet(`
	King Queen Prince Princess Lord Lady Saint Pope Uncle Aunt Brother Brothers Sister
	Sisters Bros Black White Green Gold Silver Red Blue Power Love Peace War Church House
	Street Young Rich Free Open Public Private Big Little Great Good Best Top First Last New
	Old Post Press Times Bank Fund Trust Club Review Head Chief Lead Swift Rust Ruby Go Mac
	Code Cloud Web Story Game Book Life Market Money English French German Spanish`)

func wordSet(list string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}

// classify returns the kind of one token. A core word is capitalised,
// has a lower-case letter, and has a capital inside only after a hyphen,
// an apostrophe ("O'Brien") or a surname prefix ("McGuire").
func classify(s string) tokKind {
	if s == "" {
		return tokOther
	}
	if titles[s] {
		return tokTitle
	}
	if suffixes[s] {
		return tokSuffix
	}
	if particles[s] {
		return tokParticle
	}
	r, size := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) {
		// A lower-case surname prefix run into the name: "deGrasse",
		// "van't", "dePaula".
		for _, p := range [...]string{"de", "di", "da", "du", "le", "la", "van", "von"} {
			if len(s) > len(p)+1 && strings.HasPrefix(s, p) && isUpperRune(s[len(p):]) && classify(s[len(p):]) == tokCore {
				return tokCore
			}
		}
		return tokOther
	}
	if isInitial(s) {
		return tokInitial
	}
	if hasPossessive(s) {
		return tokPossessive
	}
	if stopWords[s] {
		return tokStop
	}
	if strings.HasSuffix(s, "-elect") {
		return tokTitle // "Representative-elect"
	}
	n, lower := 1, false
	prev := r
	for i, c := range s[size:] {
		n++
		switch {
		case unicode.IsLower(c):
			lower = true
		case unicode.IsUpper(c):
			// Inside a word a capital follows a hyphen or apostrophe
			// (Brodesser-Akner, O'Brien) or a surname prefix (McGuire,
			// MacAskill, DeVore); "AppFiguresLeo", "SwiftLee", "OpenAI" are
			// words run together or brands.
			if unicode.IsLower(prev) && !capPrefix[lastPart(s[:size+i])] {
				return tokOther
			}
		case c == '-' || c == '\'' || c == '’':
			if prev == '-' || prev == '\'' || prev == '’' {
				return tokOther
			}
			if c != '-' && !isUpperRune(s[size+i+utf8.RuneLen(c):]) {
				return tokOther // "I'm", "Don't"
			}
		default:
			return tokOther // digits, dots, symbols
		}
		prev = c
	}
	if !lower || n < 2 || n > 24 || prev == '-' || prev == '\'' || prev == '’' {
		return tokOther // all-caps (CEO, OKIN, AI) or malformed
	}
	return tokCore
}

// lastPart returns s after its last hyphen or apostrophe:
// "Valentino-De" -> "De".
func lastPart(s string) string {
	if i := strings.LastIndexAny(s, "-'’"); i >= 0 {
		_, size := utf8.DecodeRuneInString(s[i:])
		return s[i+size:]
	}
	return s
}

// isInitial reports "J", "J.", "C.S.".
func isInitial(s string) bool {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsUpper(r) {
			return false
		}
		i += size
		n++
		if i < len(s) && s[i] == '.' {
			i++
		} else if i < len(s) {
			return false
		}
	}
	return n >= 1 && n <= 3 && (n == 1 || strings.HasSuffix(s, "."))
}

func hasPossessive(s string) bool {
	return strings.HasSuffix(s, "'s") || strings.HasSuffix(s, "’s") || strings.HasSuffix(s, "'") ||
		strings.HasSuffix(s, "’")
}

// wordAt returns the word starting at s[0]: a run of runes up to a space or
// punctuation that ends a word; a period stays in the word after an initial
// or an abbreviation ("G.", "Jr.", "Dr."). It returns "" when s does not
// start with a word rune.
func wordAt(s string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			i += size
			continue
		}
		if (r == '-' || r == '\'' || r == '’') && i > 0 && i+size < len(s) {
			if n, _ := utf8.DecodeRuneInString(s[i+size:]); unicode.IsLetter(n) {
				i += size
				continue
			}
			if r != '-' && (s[i+size:] == "s" || strings.HasPrefix(s[i+size:], "s ")) {
				i += size
				continue
			}
		}
		if (r == '\'' || r == '’') && i > 0 { // trailing possessive apostrophe: "Jones’"
			w := s[:i+size]
			if i+size == len(s) || !isLetterRune(s[i+size:]) {
				return w
			}
		}
		if r == '.' && i > 0 {
			w := s[:i]
			if isInitial(w) || abbreviations[w] || (isInitial(w+".") && i+1 < len(s) && isUpperRune(s[i+1:])) {
				i++
				continue
			}
		}
		break
	}
	return s[:i]
}

func isLetterRune(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

func isUpperRune(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// nameRun reads the tokens of a name at the start of s: words separated by
// spaces, each a title, core word, initial, particle or suffix. It returns
// the tokens and the number of bytes they span.
func nameRun(s string) ([]nameTok, int) {
	var toks []nameTok
	pos, end := 0, 0
	for {
		w := wordAt(s[pos:])
		if w == "" {
			break
		}
		k := classify(w)
		if k == tokOther || k == tokStop || k == tokPossessive {
			if k == tokPossessive && len(toks) > 0 {
				toks = append(toks, nameTok{w, k}) // poisons the run, see validate
				end = pos + len(w)
			}
			break
		}
		if k == tokTitle && hasCore(toks) {
			break
		}
		toks = append(toks, nameTok{w, k})
		end = pos + len(w)
		pos = end
		sp := 0
		for pos+sp < len(s) && (s[pos+sp] == ' ' || s[pos+sp] == '\t') {
			sp++
		}
		if sp == 0 {
			break
		}
		pos += sp
	}
	return toks, end
}

func hasCore(toks []nameTok) bool {
	for _, t := range toks {
		if t.kind == tokCore {
			return true
		}
	}
	return false
}

// validate checks a run of tokens and returns the name it spells, without
// titles, and whether it is one. Particles must sit between exactly one
// given name and a final surname ("Antoine van der Lee", not "Dirk Deimeke
// von der Swisscom"); cut, when set, trims a run at its particles instead
// of rejecting it ("Johannes Näder von der FSFE" -> "Johannes Näder").
func validate(toks []nameTok, cut bool) (string, int, bool) {
	i := 0
	for i < len(toks) && toks[i].kind == tokTitle {
		i++
	}
	toks = toks[i:]
	// Particles.
	for j, t := range toks {
		if t.kind != tokParticle {
			continue
		}
		k := j
		for k < len(toks) && toks[k].kind == tokParticle {
			k++
		}
		ok := j == 1 && toks[0].kind == tokCore && k == len(toks)-1 && toks[k].kind == tokCore
		if !ok {
			if !cut {
				return "", 0, false
			}
			toks = toks[:j]
		}
		break
	}
	core, n := 0, len(toks)
	for j, t := range toks {
		switch t.kind {
		case tokCore:
			if roleWords[t.s] {
				return "", 0, false // "User Experience Designer"
			}
			core++
		case tokInitial:
			if j == 0 || j == n-1 {
				return "", 0, false
			}
		case tokSuffix:
			if j != n-1 || core < 2 {
				return "", 0, false
			}
		case tokParticle:
		default:
			return "", 0, false
		}
	}
	if core < 2 || core > 4 || n > 6 {
		return "", 0, false
	}
	if toks[0].kind != tokCore || notFirst[toks[0].s] {
		return "", 0, false
	}
	var b strings.Builder
	for j, t := range toks {
		if j > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.s)
	}
	name := b.String()
	if len(name) > 128 {
		return "", 0, false
	}
	return name, i + len(toks), true
}

// leadingName reads one name at the start of s. It returns the name, the
// bytes it spans in s and whether s starts with a valid name. A name
// directly followed by another capitalised word ("Jeff Price CEO", "Jonas
// Woost Director Of Strategy") is rejected: where it ends is unclear.
func leadingName(s string, cut bool) (string, int, bool) {
	if m := initialsNameRe.FindStringSubmatchIndex(s); m != nil && classify(s[m[2]:m[3]]) == tokCore {
		// "PJ Vogt", "J.J. Abrams": initials for a first name.
		if rest := s[m[1]:]; rest == "" || !isUpperRune(strings.TrimLeft(rest, " ")) || strings.TrimLeft(rest, " ") == rest {
			return s[:m[1]], m[1], true
		}
	}
	toks, end := nameRun(s)
	if len(toks) == 0 {
		return "", 0, false
	}
	for _, t := range toks {
		if t.kind == tokPossessive {
			return "", 0, false
		}
	}
	name, used, ok := validate(toks, cut)
	if !ok {
		return "", 0, false
	}
	if used < len(toks) {
		// Cut at a particle: the name ends before it.
		end = spanOf(s, toks[:used])
	} else if rest := strings.TrimLeft(s[end:], " \t"); len(rest) < len(s[end:]) && rest != "" && isUpperRune(rest) {
		return "", 0, false
	}
	return name, end, true
}

// initialsNameRe is a name whose first name is initials: "PJ Vogt",
// "J.J. Abrams", "TJ Miller".
var initialsNameRe = regexp.MustCompile(`^(?:[A-Z]{2}|[A-Z]\.[A-Z]\.|[A-Z]\. ?[A-Z]\.) ((?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b`)

// spanOf returns the byte length of the first len(toks) words of s.
func spanOf(s string, toks []nameTok) int {
	pos := 0
	for j, t := range toks {
		if j > 0 {
			for pos < len(s) && (s[pos] == ' ' || s[pos] == '\t') {
				pos++
			}
		}
		pos += len(t.s)
	}
	return pos
}

// trailingName reads the name that ends s ("economics researcher Philip
// Trammell", "philosophy Prof Will MacAskill"), walking back over name
// words until a word that is none; a title ends the walk. start is where
// the name (with its title) begins in s.
func trailingName(s string) (name string, start int, ok bool) {
	s = strings.TrimRight(s, " \t")
	var toks []nameTok
	start = len(s)
	for i := len(s); i > 0; {
		j := i
		for j > 0 && s[j-1] != ' ' && s[j-1] != '\t' {
			j--
		}
		w := s[j:i]
		if wordAt(w) != w {
			break
		}
		k := classify(w)
		if k == tokOther || k == tokStop || k == tokPossessive {
			if k == tokPossessive && len(toks) == 0 {
				return "", 0, false
			}
			break
		}
		toks = append(toks, nameTok{w, k})
		start = j
		if k == tokTitle {
			break
		}
		i = j
		for i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') {
			i--
		}
	}
	for l, r := 0, len(toks)-1; l < r; l, r = l+1, r-1 {
		toks[l], toks[r] = toks[r], toks[l]
	}
	name, used, ok := validate(toks, false)
	if !ok || used != len(toks) {
		return "", 0, false
	}
	return name, start, true
}

// listSep returns the length of a list separator at the start of s (", ",
// ", and ", " and ", " & ", " und "...), or 0.
func listSep(s string) int {
	for _, sep := range [...]string{", and ", ", & ", ", und ", ", ", " and ", " & ", " und ",
		" y ", " e ", " et ", " + ", " and\u00a0"} {
		if strings.HasPrefix(s, sep) {
			return len(sep)
		}
	}
	return 0
}

// leadingNames reads a list of names at the start of s ("Simon Monsour and
// Milo McGuire", "Brent Gervais, Drew DeVore, and Neal Gompa") and stops at
// the first item that is no name: what follows is a description ("Jan
// Leike, is Head of…", "Mike Baker, a Pacific Northwest correspondent").
// A lone first name in the list ("…, Josh Walrath, Jermey") is skipped:
// only full names are added. In a list of several, a four-word "name" is
// two names missing their comma ("Ryan Shrout Josh Walrath") and dropped.
// end is where the list stops in s.
func leadingNames(s string, cut bool) (names []string, end int) {
	pos := 0
	for pos < len(s) {
		name, n, ok := leadingName(s[pos:], cut)
		if !ok {
			w := wordAt(s[pos:])
			if w == "" || classify(w) != tokCore {
				break
			}
			after := s[pos+len(w):]
			if sep := listSep(after); sep > 0 {
				pos += len(w) + sep
				continue
			}
			if strings.TrimLeft(after, " .!?") == "" {
				end = len(s)
			}
			break
		}
		names = append(names, name)
		pos += n
		end = pos
		sep := listSep(s[pos:])
		if sep == 0 {
			break
		}
		pos += sep
	}
	if len(names) > 1 {
		kept := names[:0]
		for _, n := range names {
			if coreWords(n) < 4 {
				kept = append(kept, n)
			}
		}
		names = kept
	}
	return names, end
}

// coreWords counts the words of a validated name that are not initials,
// particles or suffixes.
func coreWords(name string) int {
	n := 0
	for _, w := range strings.Fields(name) {
		if classify(w) == tokCore {
			n++
		}
	}
	return n
}
