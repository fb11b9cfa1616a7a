package persons

import "strings"

// An intro is a phrase after which running text names the episode's
// guest, across the languages of the shows recast reads: "Rob talks with
// Jan Leike", "we interview Jane Doe", "ein Gespräch mit …" aside (CRE writes "Im Gespräch mit Tim Pritlove": the host),
// "nous recevons Marie Dupont", "entrevistamos a Ana García", "parlem amb
// Quim Morales", "in gesprek met Eva Daeleman", "conversamos com Enio
// Moraes". What follows must read as a full personal name (names.go) that
// starts with a common given name: these phrases also precede companies,
// shows and things ("talks with Google", "im Gespräch mit der Stadt").
type intro struct {
	phrase, role string
	// subject: a verb in the third person ("talks with"), whose subject
	// must be one of the show's hosts — Podnews writes "Dave Jackson talks
	// to Dan Franks" of another show's episode.
	subject bool
}

var intros = []intro{
	// English
	{"talks with ", "guest", true}, {"talks to ", "guest", true}, {"speaks with ", "guest", true}, {"speaks to ", "guest", true},
	{"sits down with ", "guest", true}, {"chats with ", "guest", true}, {"we interview ", "guest", false},
	{"i interview ", "guest", false}, {"in conversation with ", "guest", false}, {"is joined by ", "guest", true},
	{"our guest is ", "guest", false}, {"our guests are ", "guest", false}, {"our guest this week is ", "guest", false},
	{"guest: ", "guest", false}, {"guests: ", "guest", false}, {"co-host ", "co-host", false}, {"cohost ", "co-host", false},
	{"guest host ", "guest host", false}, {"guest host: ", "guest host", false}, {"guest hosts: ", "guest host", false},
	{"hosted by ", "host", false}, {"interview with ", "guest", false},
	// German
	{"spricht mit ", "guest", true}, {"sprechen mit ", "guest", false},
	{"unterhält sich mit ", "guest", true}, {"unterhalten uns mit ", "guest", false}, {"unterhalten wir uns mit ", "guest", false},
	{"interview mit ", "guest", false}, {"gast: ", "guest", false}, {"gäste: ", "guest", false}, {"mit unserem gast ", "guest", false},
	{"zu gast: ", "guest", false}, {"begrüßen wir ", "guest", false}, {"sprach mit ", "guest", true},
	// French
	{"avec notre invité ", "guest", false}, {"avec notre invitée ", "guest", false}, {"notre invité est ", "guest", false},
	{"notre invitée est ", "guest", false}, {"nous recevons ", "guest", false}, {"reçoit ", "guest", true},
	{"entretien avec ", "guest", false}, {"invité : ", "guest", false}, {"invitée : ", "guest", false},
	// Spanish
	{"con nuestro invitado ", "guest", false}, {"con nuestra invitada ", "guest", false}, {"entrevistamos a ", "guest", false},
	{"conversamos con ", "guest", false}, {"hablamos con ", "guest", false}, {"charlamos con ", "guest", false},
	{"invitado: ", "guest", false}, {"invitada: ", "guest", false},
	// Catalan
	{"amb el convidat ", "guest", false}, {"amb la convidada ", "guest", false}, {"entrevistem ", "guest", false},
	{"conversem amb ", "guest", false}, {"parlem amb ", "guest", false}, {"xerrem amb ", "guest", false},
	{"convidat: ", "guest", false}, {"convidada: ", "guest", false},
	// Dutch
	{"in gesprek met ", "guest", false}, {"praten met ", "guest", false}, {"spreken met ", "guest", false},
	{"onze gast is ", "guest", false}, {"te gast is ", "guest", false}, {"gast is ", "guest", false},
	// Portuguese
	{"conversamos com ", "guest", false}, {"entrevistamos ", "guest", false}, {"nosso convidado ", "guest", false},
	{"nossa convidada ", "guest", false}, {"convidado: ", "guest", false}, {"bate-papo com ", "guest", false},
}

// introsByFirst holds intros by their first byte, so a line is read once.
var introsByFirst = func() (m [256][]intro) {
	for _, in := range intros {
		m[in.phrase[0]] = append(m[in.phrase[0]], in)
	}
	return m
}()

// intros reads the guests that intro phrases name in a line (low is the
// line lower-cased, ASCII only, as extract has it).
func (x *extractor) intros(line, low string) {
	for i := 0; i < len(low); i++ {
		if i > 0 && isWordByte(low[i-1]) {
			continue // phrases start at a word boundary
		}
		for _, in := range introsByFirst[low[i]] {
			if !strings.HasPrefix(low[i:], in.phrase) {
				continue
			}
			if in.phrase == "hosted by " && !episodeHosted(low[:i]) {
				continue // "a new podcast … hosted by …" is another show's
			}
			if in.subject && !x.hostBefore(line[:i]) || guestNotQualifier[lastWord(strings.TrimRight(low[:i], " "))] ||
				strings.HasSuffix(strings.TrimRight(low[:i], " "), "preview of our") {
				continue // "our upcoming interview with …" is another episode's
			}
			rest := line[i+len(in.phrase):]
			for _, p := range [...]string{"Dr. ", "Dr ", "Prof. ", "Professor ", "Professorin ", "la ", "el ", "de ", "der ", "die "} {
				rest = strings.TrimPrefix(rest, p)
			}
			for _, n := range names(rest) {
				if firstWordGiven(n) {
					x.add(n, in.role, "intro "+strings.TrimSpace(in.phrase))
				}
			}
			i += len(in.phrase) - 1
			break
		}
	}
}

// hostBefore reports whether before (the text up to a verb) ends with a
// host's name or first name.
func (x *extractor) hostBefore(before string) bool {
	if x.hosts == nil {
		return false
	}
	before = strings.TrimRight(before, " ")
	for _, h := range x.hosts.names {
		first, _, _ := strings.Cut(h, " ")
		if strings.HasSuffix(before, h) || strings.HasSuffix(before, " "+first) || before == first {
			return true
		}
	}
	return false
}

// outros are phrases that follow a guest's name: "Drew Scanlon joins us",
// "Jane Doe ist bei uns zu Gast", "Marie Dupont est notre invitée".
var outros = []intro{
	{" joins us", "guest", false}, {" joins the show", "guest", false}, {" joins me", "guest", false},
	{" is our host", "host", false}, {" is your host", "host", false}, {" is our guest host", "guest host", false},
	{" is our guest", "guest", false}, {" is my guest", "guest", false}, {" is this week's guest", "guest", false},
	{" returns to the show", "guest", false}, {" stops by", "guest", false}, {" drops by", "guest", false},
	{" swings by", "guest", false}, {" swoops in", "guest", false},
	{" ist zu gast", "guest", false}, {" ist unser gast", "guest", false}, {" ist bei uns zu gast", "guest", false},
	{" ist heute zu gast", "guest", false}, {" ist diesmal zu gast", "guest", false},
	{" est notre invité", "guest", false}, {" est notre invitée", "guest", false},
	{" es nuestro invitado", "guest", false}, {" es nuestra invitada", "guest", false},
	{" és el nostre convidat", "guest", false}, {" és la nostra convidada", "guest", false},
	{" is te gast", "guest", false}, {" is onze gast", "guest", false},
	{" é o nosso convidado", "guest", false}, {" é a nossa convidada", "guest", false},
}

// outros reads the guests named before outro phrases in a line. A show's
// own host "returning" is no guest; a nickname in quotes between the names
// ("Matthew "Matt" Rorie joins us") is read past.
func (x *extractor) outros(line, low string) {
	for _, g := range outroGroups {
		if !strings.Contains(low, g.word) {
			continue // most lines hold none of the phrases' first words
		}
		for _, out := range g.outros {
			x.outro(line, low, out)
		}
	}
}

// outroGroups are the outros by their first word (" joins ", " is "…), so
// that a line is searched for a phrase only when it holds that word.
var outroGroups = func() []outroGroup {
	var gs []outroGroup
	at := map[string]int{}
	for _, out := range outros {
		first, _, _ := strings.Cut(strings.TrimPrefix(out.phrase, " "), " ")
		w := " " + first + " "
		i, ok := at[w]
		if !ok {
			i = len(gs)
			at[w] = i
			gs = append(gs, outroGroup{word: w})
		}
		gs[i].outros = append(gs[i].outros, out)
	}
	return gs
}()

type outroGroup struct {
	word   string
	outros []intro
}

// outro reads the guests named before one outro phrase in a line.
func (x *extractor) outro(line, low string, out intro) {
	for from := 0; ; {
		i := strings.Index(low[from:], out.phrase)
		if i < 0 {
			break
		}
		i += from
		from = i + len(out.phrase)
		if from < len(low) && isWordByte(low[from]) {
			continue // "joins us" but not "joins usability"
		}
		n, _, ok := trailingName(dropNickname(line[:i]))
		if !ok || !firstWordGiven(n) || x.hosts != nil && x.hosts.has(n) {
			continue
		}
		x.add(n, out.role, "outro "+strings.TrimSpace(out.phrase))
	}
}

// dropNickname removes a quoted nickname ending s, before its last word:
// `Matthew "Matt" Rorie` → `Matthew Rorie`.
func dropNickname(s string) string {
	sp := strings.LastIndexByte(s, ' ')
	if sp < 0 {
		return s
	}
	head := s[:sp]
	for _, q := range [...][2]string{{`"`, `"`}, {"“", "”"}, {"'", "'"}, {"‘", "’"}} {
		if !strings.HasSuffix(head, q[1]) {
			continue
		}
		open := strings.LastIndex(head[:len(head)-len(q[1])], q[0])
		if open < 1 || head[open-1] != ' ' || strings.ContainsRune(head[open:], ' ') {
			continue
		}
		return head[:open-1] + s[sp:]
	}
	return s
}

// episodeHosted reports whether "hosted by" after before names this
// episode's host: at the start of the line or after "(this|today's)
// episode is".
func episodeHosted(before string) bool {
	before = strings.TrimRight(before, " ")
	return before == "" || strings.HasSuffix(before, "episode is") || strings.HasSuffix(before, "episode was") ||
		strings.HasSuffix(before, "edition is")
}
