package chapters

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// ListOptions tunes ParseList.
type ListOptions struct {
	// Duration is the episode's length in seconds; 0 when unknown. When known,
	// every chapter of a list must start before it.
	Duration float64
	// MinEntries is the fewest entries a list must have: 0 means 3, and
	// values below 2 mean 2.
	MinEntries int
}

func (o ListOptions) minEntries() int {
	switch {
	case o.MinEntries == 0:
		return 3
	case o.MinEntries < 2:
		return 2
	}
	return o.MinEntries
}

// How late a list may start. Apple and Spotify want description chapters to
// start at 0; real lists often leave out an intro ("0:04:30 first topic").
// recast keeps a list whose first entry is at most firstMax in (firstMaxHours
// when written with a zero hours field, "0:08:15", which no clock time is)
// and adds no chapter at 0 of its own.
const (
	firstMax      = 5 * 60
	firstMaxHours = 15 * 60
	// maxGap is how many non-empty lines without a stamp may stand between
	// two entries of one list (a line of description under each chapter).
	maxGap = 5
	// minMedianGap is the least median time between entries: a transcript
	// pasted into the notes ("[00:00:26] I was honored to be at WWDC…") has
	// an entry every few seconds, a chapter list every few minutes.
	minMedianGap = 30
	// durationSlack is how far past a quarter more than itunes:duration
	// a list may end and still be this episode's (fitsDuration).
	durationSlack = 60
	// Longest title, in runes, for "00:00 Title" (longer ones are cut) and
	// for "Title (00:00)" (longer ones are prose, not titles).
	maxLeadTitle  = 200
	maxTrailTitle = 120
)

// ParseList finds the chapter list in text, show notes as plain text with one
// block per line (enrich.Notes.Text), and returns its chapters, or nil.
//
// A list is a run of lines that each start with a time ("00:12:34 Title",
// "(12:34) Title", "[01:02:03] Title", "12:34 - Title", "• 00:00 Title",
// "[00:04:50](link) - Title", "Chapters: 0:00 Pre-show 1:37 Intro …") or
// each end with one ("Title (12:34)", "Title - 12:34"). It has at least
// MinEntries entries, ascending but for the publisher's slips (a repeated
// stamp, one line swapped with the next: put in order, and an entry whose
// title recurs at another time dropped), each with a title; the first is
// within 5 minutes of the start (15 when written "0:08:15"); when
// opt.Duration is known, three in four entries start before it and the last
// before a quarter more (a list that runs a little past it is kept whole:
// the list is better evidence than the duration field); and its entries are
// at least 30 seconds apart (the median), else it is a transcript pasted
// into the notes. Clock
// times, deadlines, running times ("Dauer: 5:16:10") and lone times in prose
// are never entries. When the text has several lists, the longest wins.
//
// The result is ascending with titles trimmed; URL is empty (FromNotes fills
// it from links). No chapter is invented at 0 when the list starts later.
func ParseList(text string, opt ListOptions) []feed.Chapter {
	run := findList(text, opt)
	if run == nil {
		return nil
	}
	chs := make([]feed.Chapter, len(run))
	for i, e := range run {
		chs[i] = feed.Chapter{Start: e.start, Title: e.title}
	}
	return chs
}

// FromNotes is ParseList over n.Text, with each chapter's URL set when its
// title is (or contains) the text of exactly one link on its line:
// "0:04:30 <a href=…>Intel Announces New CPUs</a>".
func FromNotes(n *enrich.Notes, opt ListOptions) []feed.Chapter {
	if n == nil {
		return nil
	}
	run := findList(n.Text, opt)
	if run == nil {
		return nil
	}
	chs := make([]feed.Chapter, len(run))
	for i, e := range run {
		url := titleLink(n.Links, e.line, e.title)
		if url == "" && e.nextLine {
			url = headlineLink(n.Links, e.title)
		}
		chs[i] = feed.Chapter{Start: e.start, Title: e.title, URL: url}
	}
	return chs
}

// titleLink returns the URL of the one http(s) link on line whose text
// stands in title, or "".
func titleLink(links []enrich.Link, line, title string) string {
	url := ""
	line = strings.TrimSpace(line)
	for _, l := range links {
		// Cheap tests first: Context is line with white space folded.
		if len(l.Context) > len(line) || l.Context == "" || line == "" || l.Context[0] != line[0] ||
			!sameText(line, l.Context) ||
			!hasAlnum(l.Text) || !strings.Contains(title, l.Text) || !isHTTP(l.URL) {
			continue
		}
		if url != "" && url != l.URL {
			return ""
		}
		url = l.URL
	}
	return url
}

// headlineLink returns the URL of the one http(s) link whose text is
// title, for a title read from the line after its stamp (the anchor's
// Context is then the line it opened on, often empty), or "".
func headlineLink(links []enrich.Link, title string) string {
	url := ""
	for _, l := range links {
		if l.Text == "" || !isHTTP(l.URL) || collapse(l.Text) != title {
			continue
		}
		if url != "" && url != l.URL {
			return ""
		}
		url = l.URL
	}
	return url
}

// sameText reports whether a and b read the same with runs of white space
// folded and the ends trimmed (b is already folded, as Link.Context is).
func sameText(a, b string) bool {
	if sameASCIIFolded(strings.TrimSpace(a), b) {
		return true
	}
	// Unicode white space, which strings.Fields folds too: the slow way.
	return hasNonASCII(a) && collapse(a) == b
}

// sameASCIIFolded compares a, with runs of ASCII white space read as one
// space, to b.
func sameASCIIFolded(a, b string) bool {
	i := 0
	for j := 0; j < len(a); {
		if isASCIISpace(a[j]) {
			for j < len(a) && isASCIISpace(a[j]) {
				j++
			}
			if i >= len(b) || b[i] != ' ' {
				return false
			}
			i++
			continue
		}
		if i >= len(b) || a[j] != b[i] {
			return false
		}
		i++
		j++
	}
	return i == len(b)
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// entry is one candidate chapter of the text.
type entry struct {
	start    float64
	title    string
	line     string // the text line it stands on
	block    int    // index of that line among the non-empty lines
	trailing bool   // "Title (12:34)" rather than "12:34 Title"
	hours    bool   // first stamp written h:mm:ss …
	hour     int    // … with this hour
	nextLine bool   // the title is the next line's (the stamp stood alone)
}

// findList returns the longest valid list of text, or nil.
func findList(text string, opt ListOptions) []entry {
	var (
		entries []entry
		ss      []stamp
		block   = -1
		// untitled is the entry of a line that was only a stamp, whose
		// title may stand on the next line ("0:04:14" then the linked
		// headline: HTML whose source breaks lines inside a <div>); -1
		// when none.
		untitled = -1
	)
	for rest := text; ; {
		line, after, more := strings.Cut(rest, "\n")
		if strings.TrimSpace(line) != "" {
			block++
			ss = ss[:0]
			if strings.IndexByte(line, ':') >= 0 {
				ss = scanStamps(line, ss)
			}
			switch {
			case len(ss) > 0:
				n := len(entries)
				entries = lineEntries(line, block, ss, entries)
				untitled = -1
				if len(entries) == n+1 && entries[n].title == "" && len(ss) == 1 && cleanTitle(line[ss[0].close:]) == "" {
					untitled = n
				}
			case untitled >= 0:
				if t := shorten(cleanTitle(line), maxLeadTitle); t != "" {
					entries[untitled].title, entries[untitled].nextLine = t, true
				}
				untitled = -1
			}
		}
		if !more {
			break
		}
		rest = after
	}
	// Titles from the next line only where that is how the notes are
	// written, not for a lone stamp left without a title before a promo.
	own, next := 0, 0
	for _, e := range entries {
		switch {
		case e.nextLine:
			next++
		case e.title != "":
			own++
		}
	}
	if next > 0 && (next < 3 || next < own) {
		for i := range entries {
			if entries[i].nextLine {
				entries[i].title, entries[i].nextLine = "", false
			}
		}
	}
	return pickList(entries, opt)
}

// pickList returns the longest valid list among entries, or nil. Entries
// are first cut into segments that never go back in time, but for the
// publisher's slips: a repeated stamp, one line swapped with its
// neighbour, a few lines listed in reverse ("0:24:09 …", "0:21:29 …",
// "0:11:04 …", then "0:30:24 …") — entries behind the latest that a later
// one, at most reorderWindow lines on, overtakes again. A segment whose
// entries are less than minMedianGap apart (the median) is a transcript
// pasted into the notes — its lines repeat times ("[00:07:54]" twice) and
// so break into short runs that would each pass as a list — and is left
// out whole.
func pickList(entries []entry, opt ListOptions) []entry {
	var best []entry
	breaks := orderBreaks(entries)
	start := 0
	for i := 1; i <= len(entries); i++ {
		if i < len(entries) && !breaks[i] {
			continue
		}
		if seg := entries[start:i]; len(seg) < 2 || medianGap(sorted(seg)) >= minMedianGap {
			if run := bestRun(seg, opt); len(run) > len(best) {
				best = run
			}
		}
		start = i
	}
	return best
}

// reorderWindow is how many lines on an entry out of order must be
// overtaken for the list to go on.
const reorderWindow = 5

// orderBreaks reports, per entry, whether it starts a new segment: it
// stands too many lines after the one before, or goes back in time and is
// not overtaken within reorderWindow entries (a second list starting over,
// or times that are not a list).
func orderBreaks(entries []entry) []bool {
	breaks := make([]bool, len(entries))
	latest := 0.0
	for i := range entries {
		e := &entries[i]
		switch {
		case i == 0:
		case e.block-entries[i-1].block-1 > maxGap:
			breaks[i] = true
		case e.start < latest:
			overtaken := false
			for j := i + 1; j < len(entries) && j <= i+reorderWindow; j++ {
				if entries[j].block-entries[j-1].block-1 > maxGap {
					break
				}
				if entries[j].start >= latest {
					overtaken = true
					break
				}
			}
			breaks[i] = !overtaken
		}
		if i == 0 || breaks[i] || e.start > latest {
			latest = e.start
		}
	}
	return breaks
}

// sorted returns run ascending by start (a copy when run is out of order).
func sorted(run []entry) []entry {
	if sort.SliceIsSorted(run, func(i, j int) bool { return run[i].start < run[j].start }) {
		return run
	}
	out := append([]entry(nil), run...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// tidy puts run in playback order: ascending, and of the entries sharing
// a stamp, one whose title the list repeats at another time is the
// publisher's slip and is dropped ("(00:07:59) Freelancing …", "(00:07:59)
// Info/Werbung", "(00:09:07) Freelancing …"), as is an exact repeat;
// entries that only share a stamp are kept (two stories begun at once).
func tidy(run []entry) []entry {
	run = sorted(run)
	shared := false
	for i := 1; i < len(run); i++ {
		if run[i].start == run[i-1].start {
			shared = true
			break
		}
	}
	if !shared {
		return run
	}
	times := map[string]map[float64]bool{}
	for _, e := range run {
		k := strings.ToLower(e.title)
		if times[k] == nil {
			times[k] = map[float64]bool{}
		}
		times[k][e.start] = true
	}
	out := make([]entry, 0, len(run))
	for i, e := range run {
		sharesStamp := i > 0 && run[i-1].start == e.start || i+1 < len(run) && run[i+1].start == e.start
		if sharesStamp && len(times[strings.ToLower(e.title)]) > 1 {
			continue
		}
		if n := len(out); n > 0 && out[n-1].start == e.start && strings.EqualFold(out[n-1].title, e.title) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// fitsDuration reports whether run belongs to an episode of dur seconds
// (0: unknown): most of its entries start before dur. A list that runs a
// little past itunes:duration is kept whole, since the publisher's own
// list is better evidence than a duration field that is often short (an
// older encode, ads inserted); a list mostly past it is another episode's
// (a trailer's notes listing the full episode).
func fitsDuration(run []entry, dur float64) bool {
	if dur <= 0 {
		return true
	}
	before := 0
	for _, e := range run {
		if e.start < dur {
			before++
		}
	}
	return before*4 >= len(run)*3 && run[len(run)-1].start < dur*1.25+durationSlack
}

// bestRun splits entries into runs that can be one list and returns the
// longest valid one (the first of equals) in playback order, or nil.
func bestRun(entries []entry, opt ListOptions) []entry {
	var best []entry
	start := 0
	for i := 1; i <= len(entries); i++ {
		if i < len(entries) && continues(entries[start:i], &entries[i]) {
			continue
		}
		if run := tidy(entries[start:i]); len(run) > len(best) && valid(run, opt) {
			best = run
		}
		start = i
	}
	return best
}

// continues reports whether b can follow run in one list (the order of
// the segment was checked by orderBreaks).
func continues(run []entry, b *entry) bool {
	a := &run[len(run)-1]
	return a.title != "" && b.title != "" && a.trailing == b.trailing && b.block-a.block-1 <= maxGap
}

// valid reports whether run, in playback order, is a chapter list by the
// rules of ParseList.
func valid(run []entry, opt ListOptions) bool {
	if len(run) < opt.minEntries() || run[0].title == "" {
		return false
	}
	limit := float64(firstMax)
	if run[0].hours && run[0].hour == 0 {
		limit = firstMaxHours
	}
	return run[0].start <= limit && fitsDuration(run, opt.Duration) && medianGap(run) >= minMedianGap
}

// medianGap returns the median time between consecutive entries of run
// (at least two entries).
func medianGap(run []entry) float64 {
	var buf [64]float64
	gaps := buf[:0]
	for i := 1; i < len(run); i++ {
		gaps = append(gaps, run[i].start-run[i-1].start)
	}
	sort.Float64s(gaps)
	if n := len(gaps); n%2 == 0 {
		return (gaps[n/2-1] + gaps[n/2]) / 2
	}
	return gaps[len(gaps)/2]
}

// lineEntries appends the entries of one line whose stamps are ss.
func lineEntries(line string, block int, ss []stamp, dst []entry) []entry {
	if label, ok := leadLabel(line[:ss[0].open]); ok {
		for k, s := range ss {
			end := len(line)
			if k+1 < len(ss) {
				end = ss[k+1].open
			}
			// An entry without a title is kept with none: it can be in no
			// list, but it shows where a transcript is (pickList).
			title := shorten(cleanTitle(line[s.close:end]), maxLeadTitle)
			if k == 0 && label != "" && title != "" {
				title = label + " " + title
			}
			dst = append(dst, entry{start: s.sec, title: title, line: line, block: block, hours: s.hours, hour: s.hour})
		}
		return dst
	}
	// The title before the time: "Title (12:34)", "Title - 12:34".
	s := ss[0]
	if len(ss) != 1 || !onlyClosing(line[s.close:]) {
		return dst
	}
	title := cleanTitle(line[:s.open])
	if title == "" || utf8.RuneCountInString(title) > maxTrailTitle || isLengthLabel(title) {
		return dst
	}
	return append(dst, entry{start: s.sec, title: title, line: line, block: block, trailing: true, hours: s.hours, hour: s.hour})
}

// leadLabel reads what stands before a line's first stamp. ok is true when
// the stamp leads the line: nothing but bullets and numbering before it, a
// list heading ("Chapters:", "Sprungmarken"), or a short label ("Ryan:")
// which is returned to be kept in the title.
func leadLabel(pre string) (label string, ok bool) {
	t := strings.TrimSpace(trimDecor(pre))
	if t == "" {
		return "", true
	}
	if len(t) > 40 {
		return "", false
	}
	bare := strings.TrimSpace(strings.TrimRight(t, ":-–—|"))
	switch {
	case isListHeading(bare):
		return "", true
	case isLengthLabel(bare):
		return "", false
	case strings.HasSuffix(t, ":") && strings.Count(t, " ") < 4 && hasAlnum(t):
		return t, true
	}
	return "", false
}

// trimDecor drops list decoration before a stamp: bullets, dashes, "1." or "12)".
func trimDecor(s string) string {
	s = strings.TrimLeft(s, " \t•·*-–—>#|+~")
	i := 0
	for i < len(s) && i < 3 && isDigit(s[i]) {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		s = s[i+1:]
	}
	return strings.TrimLeft(s, " \t•·*-–—>#|+~")
}

// listHeadings label a chapter list on the line of its first entry.
var listHeadings = map[string]bool{
	"chapters": true, "chapter": true, "chapter markers": true, "episode chapters": true,
	"timestamps": true, "timestamp": true, "time stamps": true, "timeline": true,
	"topics": true, "contents": true, "table of contents": true, "agenda": true,
	"kapitel": true, "sprungmarken": true, "zeitmarken": true, "zeitstempel": true,
	"themen": true, "inhalt": true, "inhaltsverzeichnis": true, "show notes": true, "shownotes": true,
}

func isListHeading(s string) bool { return len(s) < 24 && listHeadings[strings.ToLower(s)] }

// lengthWords end a label of the episode's running time, not a chapter:
// "Program length: 1:29:42", "Dauer: 5:16:10", "Runtime - 58:14".
var lengthWords = map[string]bool{
	"length": true, "duration": true, "runtime": true, "total": true, "time": true,
	"dauer": true, "laufzeit": true, "spielzeit": true, "länge": true, "gesamtlänge": true,
	"gesamtdauer": true, "durée": true, "duración": true, "duração": true, "lengte": true, "duur": true,
	"時長": true, "长度": true, "時間": true,
}

func isLengthLabel(s string) bool {
	s = strings.TrimRight(s, " :*-–—")
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimLeft(s, "*")
	return len(s) < 16 && lengthWords[strings.ToLower(s)]
}

// onlyClosing reports whether s holds nothing but spaces and closing
// punctuation (what may follow a time that ends its line).
func onlyClosing(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool { return isSpace(r) || strings.ContainsRune(".,;)]", r) }) == ""
}

// cleanTitle trims separators and spaces around s and folds inner white
// space; it returns "" when s has no letter or digit.
func cleanTitle(s string) string {
	s = strings.TrimLeftFunc(s, func(r rune) bool { return isSpace(r) || strings.ContainsRune("-–—:|•·*>~).,;", r) })
	s = strings.TrimRightFunc(s, func(r rune) bool { return isSpace(r) || strings.ContainsRune("-–—:|•·*([,;", r) })
	if !hasAlnum(s) {
		return ""
	}
	for _, r := range s {
		if r != ' ' && isSpace(r) {
			return collapseTitle(s)
		}
	}
	if strings.Contains(s, "  ") {
		return collapseTitle(s)
	}
	return s
}

// shorten cuts a title longer than max runes after its first sentence, or
// else at a word before max runes, marking the cut with "…".
func shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n, lastSpace := 0, 0
	for i, r := range s {
		if n >= max {
			break
		}
		n++
		if r == ' ' {
			lastSpace = i
			if i > 0 && strings.ContainsRune(".!?", rune(s[i-1])) && n > 10 {
				return s[:i]
			}
		}
	}
	if lastSpace == 0 {
		return ""
	}
	return strings.TrimRight(s[:lastSpace], " ,;:-–—") + "…"
}

// isSpace is unicode.IsSpace plus the invisible characters show notes
// carry (zero-width space, byte order mark).
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

func hasAlnum(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// collapse trims s and folds runs of white space to one space, as
// enrich.Notes does for Link.Context.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// collapseTitle is collapse, also folding isSpace characters.
func collapseTitle(s string) string {
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}

func isHTTP(u string) bool {
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")
}
