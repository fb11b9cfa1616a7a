package persons

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// guestQualifier are the words that make "guest" this episode's guest:
// "today's guest", "my guest", "with guest", "special guest" — never
// "previous guest", "last guest".
var guestQualifier = map[string]bool{"today's": true, "today’s": true, "todays": true,
	"week's": true, "week’s": true, "episode's": true, "episode’s": true, "tonight's": true,
	"tonight’s": true, "my": true, "our": true, "your": true, "with": true, "featuring": true}

var guestNotQualifier = map[string]bool{"previous": true, "last": true, "former": true,
	"next": true, "upcoming": true, "future": true, "past": true, "first": true, "frequent": true}

// guests reads "Today's guest, Jan Leike, is…", "Today’s guest — Vitalik
// Buterin — is…", "my guest today is…", "with special guest Jason
// Mantzoukas", "Today's guest, economics researcher Philip Trammell at…".
func (x *extractor) guests(line, low string) {
	for from := 0; ; {
		i := indexWord(low, "guest", from)
		if i < 0 {
			return
		}
		from = i + 5
		end := i + 5
		plural := end < len(low) && low[end] == 's'
		if plural {
			end++
		}
		if end < len(low) && isWordByte(low[end]) {
			continue
		}
		before := strings.TrimRight(low[:i], " ")
		prev := lastWord(before)
		switch prev {
		case "special":
			if guestNotQualifier[lastWord(strings.TrimSuffix(before, prev))] {
				continue
			}
		case "returning", "return":
			if !guestQualifier[lastWord(strings.TrimRight(strings.TrimSuffix(before, prev), " "))] {
				continue
			}
		default:
			if !guestQualifier[prev] {
				continue
			}
		}
		role := "guest"
		if strings.HasPrefix(low[end:], " host") && !isWordByteAt(low, end+5) {
			role, end = "guest host", end+5
		}
		x.guestNames(line[end:], low[end:], role, plural)
	}
}

// guestNames reads the names after "today's guest".
func (x *extractor) guestNames(rest, low string, role string, plural bool) {
	for _, d := range [...]string{", ", " — ", " – ", " -- ", " - ", "—", "–"} {
		if strings.HasPrefix(rest, d) {
			seg := rest[len(d):]
			seg = seg[:apposEnd(seg)]
			if plural {
				x.addAll(pluralNames(seg), role, "guest appositive")
				return
			}
			if name, _, ok := trailingName(cutConnector(seg)); ok {
				x.add(name, role, "guest appositive")
			}
			return
		}
	}
	for _, p := range [...]string{": ", " is ", " today is ", " this week is ", " on the show is ",
		" was ", " are ", " today are ", " this week are ", " for this episode is ", " today, "} {
		if strings.HasPrefix(low, p) {
			rest = rest[len(p):]
			if plural {
				x.addAll(pluralNames(rest), role, "guest is")
			} else {
				x.addAll(names(rest), role, "guest is")
			}
			return
		}
	}
	if len(rest) > 1 && rest[0] == ' ' && isUpperRune(rest[1:]) {
		if plural {
			x.addAll(pluralNames(rest[1:]), role, "guest name")
		} else {
			x.addAll(names(rest[1:]), role, "guest name")
		}
	}
}

// names returns the names leadingNames reads at the start of s.
func names(s string) []string {
	n, _ := leadingNames(s, true)
	return n
}

// pluralNames is names for a plural trigger ("Special guests", "Hosts:"):
// a single name that is all the text says ("With special guests
// Definitive Geek!") is a group, not a person, and is dropped.
func pluralNames(s string) []string {
	n, end := leadingNames(s, true)
	if len(n) == 1 && strings.Trim(s[end:], " .!?") == "" {
		return nil
	}
	return n
}

func (x *extractor) addAll(names []string, role, via string) {
	for _, n := range names {
		x.add(n, role, via)
	}
}

// apposEnd returns where an appositive that starts s ends: at a comma,
// dash, bracket, colon, quote or sentence end.
func apposEnd(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case ',', ';', '(', ')', '—', '–', '!', '?', ':', '"', '“', '”':
			return i
		case '-':
			if i > 0 && s[i-1] == ' ' {
				return i
			}
		case '.':
			w := lastField(s[:i])
			if !isInitial(w+".") && !abbreviations[w] {
				return i
			}
		}
		i += size
	}
	return len(s)
}

// cutConnector cuts a description at the first word that links it to
// something else: "economics researcher Philip Trammell at Oxford's…" ->
// "economics researcher Philip Trammell".
func cutConnector(s string) string {
	cut := len(s)
	for _, c := range [...]string{" at ", " of ", " from ", " who ", " with ", " in ", " for ",
		" on ", " and ", " is ", " was ", " has ", " bei ", " aus ", " und ", " to "} {
		if i := strings.Index(s, c); i >= 0 && i < cut {
			cut = i
		}
	}
	return s[:cut]
}

// roleNouns reads "host Rob Wiblin", "Producer Emmanuel Dzotsi
// investigates", "Reply All Producer Phia Bennin", "I'm your host, Leo
// Dion", "your hosts, A and B": a role noun right before names, where the
// words before it make it this show's role (the start of a line or
// sentence, "and", "our", "today's interview", the show's title) — not
// "radio host Rush…", "music producer…", nor after a comma ("…digital art,
// host Brian McCullough" of another show).
func (x *extractor) roleNouns(line, low string) {
	for _, noun := range [...]string{"host", "co-host", "cohost", "producer"} {
		for from := 0; ; {
			i := indexWord(low, noun, from)
			if i < 0 {
				break
			}
			from = i + len(noun)
			end := from
			if end < len(low) && low[end] == 's' {
				end++
			}
			if end < len(low) && isWordByte(low[end]) {
				continue
			}
			if noun == "host" && i > 0 && low[i-1] == '-' {
				continue // co-host, read as such
			}
			role := noun
			if noun == "cohost" {
				role = "co-host"
			}
			before := strings.TrimRight(low[:i], " ")
			prev := lastWord(before)
			if noun == "producer" {
				switch prev {
				case "executive", "senior", "associate":
					role = prev + " producer"
					before = strings.TrimRight(strings.TrimSuffix(before, prev), " ")
					prev = lastWord(before)
				}
			}
			rest := line[end:]
			comma := false
			switch {
			case strings.HasPrefix(rest, ", "):
				rest, comma = rest[2:], true
			case len(rest) > 1 && rest[0] == ' ' && isUpperRune(rest[1:]):
				rest = rest[1:]
			default:
				continue
			}
			qualified := prev == "your" || strings.HasSuffix(before, "today's") ||
				strings.HasSuffix(before, "today’s") || strings.HasSuffix(before, "week's") ||
				strings.HasSuffix(before, "week’s") || strings.HasSuffix(before, "episode's") ||
				strings.HasSuffix(before, "episode’s")
			if comma {
				if !qualified {
					continue
				}
				rest = rest[:apposEnd(rest)]
			} else if !qualified && !x.roleContext(before, prev) {
				continue
			}
			x.addAll(names(rest), role, "role noun")
		}
	}
}

// roleContext reports whether the words before a role noun make it the
// show's own role: a line or sentence start, a few linking words, or the show's
// title ("The Daily host Michael Barbaro").
func (x *extractor) roleContext(before, prev string) bool {
	if before == "" || strings.ContainsAny(before[len(before)-1:], ";:.(!?") ||
		strings.HasSuffix(before, "—") || strings.HasSuffix(before, "–") {
		return true
	}
	switch prev {
	case "and", "with", "our", "interview", "episode", "conversation", "by":
		return true
	}
	return x.title != "" && strings.HasSuffix(before, x.title)
}

// joinedBy reads "Daniel is joined by Catherine Olsson, who…", "Then they
// are joined by Mark Asquith, CEO of Captivate", "Joined by Diego Ruzzarin
// we tackle…". "joined by my colleague…" names no guest.
func (x *extractor) joinedBy(line, low string) {
	for from := 0; ; {
		i := indexWord(low, "joined", from)
		if i < 0 {
			return
		}
		from = i + 6
		rest := low[from:]
		j := -1
		for _, adv := range [...]string{" by ", " today by ", " again by ", " once again by ",
			" this week by ", " here by ", " now by ", " also by "} {
			if strings.HasPrefix(rest, adv) {
				j = from + len(adv)
				break
			}
		}
		if j < 0 {
			continue
		}
		before := strings.TrimRight(low[:i], " ")
		switch lastWord(before) {
		case "we're", "we’re", "i'm", "i’m", "is", "are", "was", "were", "get", "gets", "got",
			"be", "been", "they're", "they’re", "we", "i":
		default:
			if before != "" && !strings.ContainsAny(before[len(before)-1:], ",;:.(!?") {
				continue
			}
		}
		x.addAll(names(line[j:]), "guest", "joined by")
	}
}

var (
	// spokeRe finds "I spoke with", "we talk to", "In this episode, I speak
	// with" at a sentence start (lower-case text).
	spokeRe = regexp.MustCompile(`(?:^|[.!?] )(?:(?:in|on) (?:this|today['’]s|this week['’]s) (?:episode|interview|show|conversation|podcast),? |today,? |this week,? )?(?:i|we) (?:speak|spoke|talk|talked|chat|chatted|sit down|sat down|catch up|caught up) (?:with|to) `)
	// interviewRe finds "An interview with", "My conversation with" at a
	// sentence start.
	interviewRe = regexp.MustCompile(`(?:^|[.!?] )(?:an|my|our|this week['’]s|today['’]s) (?:interview|conversation) with `)
)

// spokeVerb reports whether low has a word spokeRe or interviewRe
// needs.
func spokeVerb(low string) bool {
	for _, v := range [...]string{"speak", "spoke", "talk", "chat", "sit down", "sat down",
		"catch up", "caught up", "interview with", "conversation with"} {
		if strings.Contains(low, v) {
			return true
		}
	}
	return false
}

// spokeWith reads "We talk to Kid Rock about…", "An interview with Edgar
// Welch, the Pizzagate gunman." — only with "I"/"we" as the speaker, at a
// sentence start.
func (x *extractor) spokeWith(line, low string) {
	if !strings.Contains(low, " with ") && !strings.Contains(low, " to ") || !spokeVerb(low) {
		return
	}
	for _, re := range [...]*regexp.Regexp{spokeRe, interviewRe} {
		for _, m := range re.FindAllStringIndex(low, -1) {
			x.addAll(names(line[m[1]:]), "guest", "spoke with")
		}
	}
}

// parenthetical reads speaker labels "Leo Dion (Host):", "Kyle Newsome
// (Guest):" where the name starts the line or follows a timestamp.
func (x *extractor) parenthetical(line, low string) {
	if !strings.Contains(low, "(") {
		return
	}
	for _, p := range [...]struct{ mark, role string }{
		{"(host)", "host"}, {"(co-host)", "co-host"}, {"(cohost)", "co-host"},
		{"(guest)", "guest"}, {"(gast)", "guest"}, {"(guest host)", "guest host"},
		{"(moderation)", "host"},
	} {
		for from := 0; ; {
			i := strings.Index(low[from:], p.mark)
			if i < 0 {
				break
			}
			i += from
			from = i + len(p.mark)
			before := strings.TrimRight(line[:i], " ")
			name, start, ok := trailingName(before)
			if !ok {
				continue
			}
			pre := strings.TrimRight(before[:start], " ")
			if pre != "" {
				r, _ := utf8.DecodeLastRuneInString(pre)
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					continue
				}
			}
			x.add(name, p.role, "parenthetical")
		}
	}
}

// german reads "In dieser Episode ist Dirk Deimeke zu Gast", "Zu Gast ist
// …" and "Zu Gast: …". ("Im Gespräch mit Tim Pritlove erzählt …" names the
// host, not the guest: not read.)
func (x *extractor) german(line, low string) {
	for from := 0; ; {
		i := strings.Index(low[from:], "zu gast")
		if i < 0 {
			break
		}
		i += from
		from = i + 7
		if i > 0 && isWordByte(low[i-1]) || isWordByteAt(low, i+7) {
			continue
		}
		for _, p := range [...]string{" ist ", " sind ", ": ", " im studio ist ", " bei uns ist ",
			" haben wir ", " ist heute ", " sind heute "} {
			if strings.HasPrefix(low[i+7:], p) {
				x.addAll(names(line[i+7+len(p):]), "guest", "zu Gast")
			}
		}
		before := strings.TrimRight(line[:i], " ")
		if name, start, ok := trailingName(before); ok {
			switch lastWord(asciiLower(strings.TrimRight(before[:start], " "))) {
			case "ist", "sind", "heute", "wieder", "diesmal", "uns", "erneut":
				x.add(name, "guest", "zu Gast")
			}
		}
	}
}

// passiveRe finds "… is produced by", "… was hosted by" (lower-case).
var passiveRe = regexp.MustCompile(`\b(?:is|was|are|were|ist|wird) (co-hosted|hosted|produced|edited|mixed|mastered|presented|engineered|transcribed|moderated|produziert|moderiert) (?:by|von) `)

var passiveRole = map[string]string{"co-hosted": "co-host", "hosted": "host",
	"produced": "producer", "edited": "editor", "mixed": "audio engineer",
	"mastered": "audio engineer", "presented": "host", "engineered": "audio engineer",
	"transcribed": "transcriber", "moderated": "host", "produziert": "producer", "moderiert": "host"}

// passive reads "The 80,000 Hours Podcast is produced by Keiran Harris.",
// "Today’s episode is hosted by Natalie Cargill" — only when the subject is
// this episode or show, not "Mobile Tech Podcast hosted by…" in a list of
// other shows, nor a film "produced by…".
func (x *extractor) passive(line, low string) {
	if !strings.Contains(low, "ed by ") && !strings.Contains(low, "iert von ") {
		return
	}
	for _, m := range passiveRe.FindAllStringSubmatchIndex(low, -1) {
		subject := low[:m[0]]
		if k := strings.LastIndexAny(subject, ".!?"); k >= 0 {
			subject = subject[k+1:]
		}
		subject = strings.TrimSpace(subject)
		switch {
		case x.title != "" && strings.Contains(subject, x.title):
		case strings.Count(subject, " ") <= 3 && endsWithAny(subject, "episode", "show", "podcast",
			"program", "programme", "series", "sendung", "folge", "interview"):
		default:
			continue
		}
		x.addAll(names(line[m[1]:]), passiveRole[low[m[2]:m[3]]], "passive")
	}
}

func endsWithAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) && (len(s) == len(w) || !isWordByte(s[len(s)-len(w)-1])) {
			return true
		}
	}
	return false
}
