package persons

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// showHosts are the hosts a channel names without podcast:person: in its
// title ("80,000 Hours Podcast with Rob Wiblin"), its description ("Hosted
// by Michael Barbaro.", "Der Interview-Podcast mit Tim Pritlove") or its
// itunes:author when that is a list of people ("Marco Arment, Casey Liss,
// John Siracusa", "JT, Hakim, and Yugopnik") or a person after a company
// ("Metaebene Personal Media - Tim Pritlove"). A company or brand
// ("Giant Bomb", "The New York Times", "BBC World Service") is never one:
// a name the show's title or web address contains is the show's own.
type showHosts struct {
	names []string
	via   []string // the evidence per name
}

// has reports whether name is one of the hosts, also by a shorter or
// longer first name ("Robert Wiblin" is the host Rob Wiblin).
func (h *showHosts) has(name string) bool {
	k := nameKey(name)
	for _, n := range h.names {
		if nameKey(n) == k || sameBySurname(n, name) {
			return true
		}
	}
	return false
}

// sameBySurname reports "Rob Wiblin" and "Robert Wiblin": one surname,
// one first name the start of the other.
func sameBySurname(a, b string) bool {
	fa, fb := strings.Fields(a), strings.Fields(b)
	if len(fa) != 2 || len(fb) != 2 || nameKey(fa[1]) != nameKey(fb[1]) {
		return false
	}
	x, y := nameKey(fa[0]), nameKey(fb[0])
	return len(x) >= 3 && len(y) >= 3 && (strings.HasPrefix(x, y) || strings.HasPrefix(y, x))
}

// hostsOf returns the channel's hosts, computed once per run: those the
// channel names, else those most episodes' own podcast:person list as
// host (a show that tags its newer episodes has the same hosts on the
// older ones).
func hostsOf(f *enrich.Feed) *showHosts {
	return f.Memo("persons:hosts", func() any {
		h := channelHosts(f.Channel)
		if len(h.names) > 0 || f.Channel != nil && len(f.Channel.Persons) > 0 {
			return h
		}
		count := map[string]int{}
		first := map[string]string{}
		var order []string
		for i := range f.Items {
			seen := map[string]bool{}
			for _, p := range f.Items[i].Persons {
				k := nameKey(p.Name)
				if k == "" || personRole(p) != "host" || seen[k] {
					continue
				}
				seen[k] = true
				if count[k] == 0 {
					first[k] = strings.TrimSpace(p.Name)
					order = append(order, k)
				}
				count[k]++
			}
		}
		for _, k := range order {
			if n := count[k]; n >= 3 && n*3 >= len(f.Items) {
				h.names = append(h.names, first[k])
				h.via = append(h.via, fmt.Sprintf("podcast:person host on %d of %d episodes", n, len(f.Items)))
			}
		}
		return h
	}).(*showHosts)
}

func channelHosts(ch *feed.Channel) *showHosts {
	h := &showHosts{}
	if ch == nil || len(ch.Persons) > 0 {
		return h // the publisher said who is on the show
	}
	title := strings.TrimSpace(ch.Title)
	withNames, cut := titleWith(title)
	brand := brandKey(title[:cut], ch.Link)
	add := func(name, via string) {
		k := nameKey(name)
		if k == "" || strings.Contains(brand, k) {
			return
		}
		for _, n := range h.names {
			if nameKey(n) == k {
				return
			}
		}
		h.names = append(h.names, name)
		h.via = append(h.via, via)
	}
	for _, name := range withNames {
		add(name, "channel title: "+title)
	}
	desc := enrich.ParseNotes(ch.Description).Text
	for _, m := range hostedRe.FindAllStringSubmatchIndex(asciiLower(desc), -1) {
		ns, end := leadingNames(desc[m[1]:], true)
		for _, name := range ns {
			add(name, "channel description: "+snippet(desc, m[0], m[1]+end))
		}
	}
	for _, m := range cjkHostRe.FindAllStringSubmatch(desc, -1) {
		name := m[1]
		if r := []rune(name); len(r) > 2 && strings.ContainsRune("與和及跟同", r[0]) {
			name = string(r[1:])
		}
		add(name, "channel description: "+m[0])
	}
	for _, name := range authorHosts(ch.Author, desc, title) {
		add(name, "itunes:author: "+strings.TrimSpace(ch.Author))
	}
	return h
}

// cjkHostRe finds a Chinese name with its English one in brackets in a
// channel description: "姚詩豪(Bryan)與張國洋(Joe)兩位管理顧問".
var cjkHostRe = regexp.MustCompile(`(\p{Han}{2,4})[(（][A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?[)）]`)

// hostedRe finds what introduces a show's hosts in its description.
var hostedRe = regexp.MustCompile(`(?:\b(?:hosted|presented|moderated|moderiert|presentat|presentado|présenté|gepresenteerd) (?:by|von|per|por|par|door) |\byour hosts?,? |\bhosts?: |\bmoderation: |\b(?:interview-)?podcast (?:with|mit|amb|avec|con|met) )`)

// titleWith reads the hosts a title ends with: "… Podcast with Rob
// Wiblin", "Vector with Rene Ritchie", "… mit Tim Pritlove". cut is where
// the names' part starts (len(title) when there is none).
func titleWith(title string) (hosts []string, cut int) {
	low := asciiLower(title)
	for _, w := range [...]string{" with ", " mit ", " amb ", " avec ", " con ", " met ", " w/ "} {
		i := strings.LastIndex(low, w)
		if i < 0 {
			continue
		}
		rest := title[i+len(w):]
		n, end := leadingNames(rest, false)
		if len(n) > 0 && strings.Trim(rest[end:], " .!)") == "" {
			return n, i
		}
	}
	return nil, len(title)
}

// authorHosts reads itunes:author: a list of names, or one name after a
// company ("Metaebene Personal Media - Tim Pritlove"), or one name the
// description repeats.
func authorHosts(author, desc, title string) []string {
	author = strings.TrimSpace(author)
	if author == "" {
		return nil
	}
	if i := strings.LastIndex(author, " - "); i >= 0 {
		last := strings.TrimSpace(author[i+3:])
		if n, end := leadingNames(last, false); len(n) == 1 && end == len(last) {
			return n
		}
		return nil
	}
	if n, end := leadingNames(author, false); len(n) > 0 && strings.Trim(author[end:], " .") == "" {
		if len(n) > 1 || strings.Contains(desc, n[0]) {
			return n
		}
		return nil
	}
	if n := nicknames(author); len(n) > 1 {
		return n
	}
	if isCJKName(author) && !sharesBigram(author, title) {
		return []string{author}
	}
	return nil
}

// nicknames reads a list of single capitalised words ("JT, Hakim, and
// Yugopnik"): hosts known by one name, which only a list in itunes:author
// is trusted for.
func nicknames(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(strings.ReplaceAll(strings.ReplaceAll(s, " and ", ","), " & ", ","), func(r rune) bool { return r == ',' }) {
		w := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(part), "and "))
		if w == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if strings.ContainsAny(w, " .@/") || !unicode.IsUpper(r) || stopWords[w] || utf8.RuneCountInString(w) > 20 {
			return nil
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && c != '-' && !unicode.IsDigit(c) {
				return nil
			}
		}
		out = append(out, w)
	}
	return out
}

// sharesBigram reports whether two consecutive characters of name stand
// in s: "大人學" in a show called "大人的Small Talk" is the brand.
func sharesBigram(name, s string) bool {
	r := []rune(name)
	for i := 0; i+1 < len(r); i++ {
		if strings.Contains(s, string(r[i:i+2])) {
			return true
		}
	}
	return false
}

// isCJKName reports a name of two to four Han characters ("謝孟恭").
func isCJKName(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 4
}

// brandKey is the show's own names folded as nameKey folds a name: its
// title and its web address, so that a host who is the brand is dropped.
func brandKey(title, link string) string {
	k := nameKey(title)
	if u, err := url.Parse(strings.TrimSpace(link)); err == nil {
		k += " " + nameKey(strings.TrimPrefix(u.Hostname(), "www."))
	}
	return k
}

// snippet is s[a:b] widened to whole words, for evidence.
func snippet(s string, a, b int) string {
	b = min(b, len(s))
	for a > 0 && s[a-1] != '.' && s[a-1] != '\n' && b-a < 160 {
		a--
	}
	return strings.TrimSpace(s[a:b])
}
