package quality

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Count is precision and recall bookkeeping for one enricher.
type Count struct {
	Labelled, Added, Matched int
}

// P is the precision: matched over added (1 when nothing was added).
func (c Count) P() float64 {
	if c.Added == 0 {
		return 1
	}
	return float64(c.Matched) / float64(c.Added)
}

// R is the recall: matched over labelled (1 when nothing was labelled).
func (c Count) R() float64 {
	if c.Labelled == 0 {
		return 1
	}
	return float64(c.Matched) / float64(c.Labelled)
}

func (c *Count) add(o Count) {
	c.Labelled += o.Labelled
	c.Added += o.Added
	c.Matched += o.Matched
}

// Verdict classes of an added tag.
const (
	Good       = "good"       // one of the editor's topics
	Acceptable = "acceptable" // listed as acceptable
	WrongCase  = "wrong-case" // a topic or acceptable tag, but not in its canonical case
	Junk       = "junk"       // listed as junk
	Unjudged   = "unjudged"   // in no list: judge it and add it to one
)

// Tags are the tag verdicts and the topic recall.
type Tags struct {
	Verdicts      map[string]int
	Topics, Found int // editor's topics, and those among the added tags
}

// GoodShare is the share of added tags that are good or acceptable.
func (t Tags) GoodShare() float64 {
	n := 0
	for _, v := range t.Verdicts {
		n += v
	}
	if n == 0 {
		return 1
	}
	return float64(t.Verdicts[Good]+t.Verdicts[Acceptable]) / float64(n)
}

// TopicRecall is the share of the editor's topics among the added tags.
func (t Tags) TopicRecall() float64 {
	if t.Topics == 0 {
		return 1
	}
	return float64(t.Found) / float64(t.Topics)
}

func (t *Tags) add(o Tags) {
	if t.Verdicts == nil {
		t.Verdicts = map[string]int{}
	}
	for k, v := range o.Verdicts {
		t.Verdicts[k] += v
	}
	t.Topics += o.Topics
	t.Found += o.Found
}

// Score is the result over a set of episodes.
type Score struct {
	Episodes, Missing     int
	Chapters, Transcripts Count
	Persons               Count
	Tags                  Tags
	// Findings are one line per miss, extra or unjudged tag, for -v.
	Findings []string
}

// Add folds o into s.
func (s *Score) Add(o Score) {
	s.Episodes += o.Episodes
	s.Missing += o.Missing
	s.Chapters.add(o.Chapters)
	s.Transcripts.add(o.Transcripts)
	s.Persons.add(o.Persons)
	s.Tags.add(o.Tags)
	s.Findings = append(s.Findings, o.Findings...)
}

// ScoreFeed scores the labelled episodes of one feed against what a reader
// of the enriched feed observes.
func ScoreFeed(fl FeedLabels, obs map[string]*Observed) Score {
	s := Score{Tags: Tags{Verdicts: map[string]int{}}}
	for _, e := range fl.Episodes {
		s.Episodes++
		o := lookup(obs, e)
		where := fl.Feed + " " + e.ID()
		if o == nil {
			s.Missing++
			s.Findings = append(s.Findings, where+": not in the enriched feed")
			o = &Observed{}
		}
		note := func(format string, a ...any) {
			s.Findings = append(s.Findings, where+": "+fmt.Sprintf(format, a...))
		}
		if !e.ChaptersSkip {
			s.Chapters.add(scoreChapters(e.Chapters, o.Chapters, note))
		}
		s.Transcripts.add(scoreTranscripts(e.Transcripts, o.Transcripts, note))
		s.Persons.add(scorePersons(e.Persons, o.Persons, note))
		s.Tags.add(scoreTags(e, o.Added, note))
	}
	return s
}

func scoreChapters(want []string, got []Chapter, note func(string, ...any)) Count {
	c := Count{Labelled: len(want), Added: len(got)}
	used := make([]bool, len(got))
	for _, w := range want {
		start, title, _ := parseChapter(w)
		hit := false
		for i, g := range got {
			if !used[i] && math.Abs(g.Start-start) <= 1.5 && similarTitle(title, g.Title) {
				used[i], hit = true, true
				c.Matched++
				break
			}
		}
		if !hit {
			note("chapter missed: %s", w)
		}
	}
	for i, g := range got {
		if !used[i] {
			note("chapter extra: %s %s", clock(g.Start), g.Title)
		}
	}
	return c
}

func scoreTranscripts(want, got []string, note func(string, ...any)) Count {
	c := Count{Labelled: len(want), Added: len(got)}
	have := map[string]bool{}
	for _, g := range got {
		have[normURL(g)] = true
	}
	matched := map[string]bool{}
	for _, w := range want {
		if k := normURL(w); have[k] && !matched[k] {
			matched[k] = true
			c.Matched++
		} else {
			note("transcript missed: %s", w)
		}
	}
	for _, g := range got {
		if !matched[normURL(g)] {
			note("transcript extra: %s", g)
		}
	}
	return c
}

func scorePersons(want, got []Person, note func(string, ...any)) Count {
	c := Count{Labelled: len(want), Added: len(got)}
	used := make([]bool, len(got))
	for _, w := range want {
		hit := false
		for i, g := range got {
			if !used[i] && normName(g.Name) == normName(w.Name) && normRole(g.Role) == normRole(w.Role) {
				used[i], hit = true, true
				c.Matched++
				break
			}
		}
		if !hit {
			note("person missed: %s (%s)", w.Name, w.Role)
		}
	}
	for i, g := range got {
		if !used[i] {
			note("person extra: %s (%s)", g.Name, g.Role)
		}
	}
	return c
}

func scoreTags(e Episode, added []string, note func(string, ...any)) Tags {
	t := Tags{Verdicts: map[string]int{}, Topics: len(e.Topics)}
	found := map[int]bool{}
	for _, a := range added {
		v := verdict(e, a, found)
		t.Verdicts[v]++
		if v != Good && v != Acceptable {
			note("tag %s: %q", v, a)
		}
	}
	t.Found = len(found)
	for i, topic := range e.Topics {
		if !found[i] {
			note("topic missed: %q", topic)
		}
	}
	return t
}

// verdict classes one added tag, marking in found the topic it names.
func verdict(e Episode, tag string, found map[int]bool) string {
	for i, topic := range e.Topics {
		if sameTag(topic, tag) {
			found[i] = true
			return Good
		}
	}
	for _, a := range e.Acceptable {
		if sameTag(a, tag) {
			return Acceptable
		}
	}
	for _, j := range e.Junk {
		if strings.EqualFold(strings.TrimSpace(j), strings.TrimSpace(tag)) {
			return Junk
		}
	}
	for _, l := range append(append([]string{}, e.Topics...), e.Acceptable...) {
		if tagKey(l) == tagKey(tag) {
			return WrongCase
		}
	}
	return Unjudged
}

// sameTag: the same words in the same case, spaces, hyphens and a plural
// "s" aside ("Open Source" = "Open-Source", "Podcast" = "Podcasts").
func sameTag(a, b string) bool {
	return tagShape(a) == tagShape(b)
}

func tagShape(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsSpace(r) || r == '-' || r == '_' || r == '.' {
			continue
		}
		b.WriteRune(r)
	}
	return strings.TrimSuffix(b.String(), "s")
}

func tagKey(s string) string { return strings.ToLower(tagShape(s)) }

func similarTitle(a, b string) bool {
	a, b = normName(a), normName(b)
	if a == b || (a != "" && b != "" && (strings.Contains(a, b) || strings.Contains(b, a))) {
		return true
	}
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	set := map[string]bool{}
	for _, w := range wa {
		set[w] = true
	}
	common := 0
	for _, w := range wb {
		if set[w] {
			common++
		}
	}
	return float64(common)/float64(max(len(wa), len(wb))) >= 0.5
}

var fold = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// normName folds case, accents and punctuation: "Tara Kirk-Sell" and
// "tara kirk sell" are one name.
func normName(s string) string {
	s, _, _ = transform.String(fold, s)
	for _, t := range [...]string{"Dr. ", "Dr ", "Prof. ", "Prof ", "Professor "} {
		s = strings.TrimPrefix(s, t)
	}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func normRole(s string) string {
	return strings.NewReplacer("-", "", " ", "").Replace(strings.ToLower(strings.TrimSpace(s)))
}

// normURL folds what does not change the document a URL names: the
// scheme, a trailing slash and utm_* tracking parameters (recast drops them
// from the links it adds).
func normURL(s string) string {
	s = strings.TrimSpace(s)
	if u, err := url.Parse(s); err == nil && u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if strings.HasPrefix(k, "utm_") {
				q.Del(k)
			}
		}
		u.RawQuery = q.Encode()
		s = u.String()
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	return strings.TrimSuffix(s, "/")
}

// parseChapter reads "[hh:]mm:ss[.fff] Title".
func parseChapter(s string) (start float64, title string, ok bool) {
	stamp, title, _ := strings.Cut(strings.TrimSpace(s), " ")
	parts := strings.Split(stamp, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, "", false
	}
	for _, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || v < 0 {
			return 0, "", false
		}
		start = start*60 + v
	}
	return start, strings.TrimSpace(title), true
}

func clock(sec float64) string {
	s := int(sec)
	return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
}
