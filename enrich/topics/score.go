package topics

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// fragment reports whether phrase is a piece of a longer name, not said
// in the notes on its own: every occurrence stands beside another
// capitalised word ("Software Foundation Europe" of "Free Software
// Foundation Europe", "Bubble City" of the title "Bubble City Boys"), or
// it occurs in the title only.
func fragment(title, notes, phrase string) bool {
	if !strings.Contains(notes, phrase) {
		return true
	}
	for _, text := range [2]string{notes, title} {
		for from := 0; ; {
			i := strings.Index(text[from:], phrase)
			if i < 0 {
				break
			}
			i += from
			from = i + len(phrase)
			if !capitalNeighbour(text[:i], true) && !capitalNeighbour(text[from:], false) {
				return false
			}
		}
	}
	return true
}

// capitalNeighbour reports whether the word just before (or after) a
// phrase, one space away, is capitalised and part of one name with it.
func capitalNeighbour(s string, before bool) bool {
	if before {
		if !strings.HasSuffix(s, " ") {
			return false
		}
		s = strings.TrimSuffix(s, " ")
		w := s[strings.LastIndexAny(s, " \n\t(\"“")+1:]
		if w == "" || strings.ContainsAny(w[len(w)-1:], ".:!?,;") {
			return false
		}
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	if !strings.HasPrefix(s, " ") {
		return false
	}
	s = s[1:]
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// namesPerson reports whether tag names one of people, or a word of one's
// name ("Helge Schneider", a lone "Schneider"): the persons enricher adds
// people, and a surname alone is no topic.
func namesPerson(key string, words []string) bool {
	for _, w := range words {
		if containsWords(key, w) {
			return true
		}
	}
	return false
}

// nameWords are the lower-case words of people's names, three letters or
// more.
func nameWords(people []feed.Person) []string {
	var out []string
	for _, p := range people {
		for _, w := range strings.Fields(strings.ToLower(p.Name)) {
			if utf8.RuneCountInString(w) >= 3 {
				out = append(out, w)
			}
		}
	}
	return out
}

// Scoring weights. A candidate's score is
//
//	(1 + ln tf) · idf · length · form
//
// where tf counts title occurrences three times, idf is the normalised
// inverse document frequency over the show's episodes (faded in as the show
// grows to 20 episodes, since a two-episode show says little), length favours
// phrases of two and three words, and form favours vocabulary tags, acronyms
// and camel case (AI, OpenAI), and words written capitalised in mid-sentence
// (except in German, which capitalises every noun).
const (
	boostTag      = 1.8
	boostUmbrella = 1.2 // a tag that has narrower tags (Machine Learning)
	boostCaps     = 1.3
	boostProper   = 1.5
	boostListed   = 2.0  // an item of a list of names, said once
	boostLongWord = 1.2  // one word of twelve letters or more: specific
	penShortWord  = 0.5  // one word under four letters
	penLowerWord  = 0.7  // one English word written lower-case
	penPastTense  = 0.5  // one English word in -ed
	penModel      = 0.5  // a phrase with a model number ("Interne SSD 2TB")
	penGerund     = 0.6  // one English word in -ing
	penVerbStart  = 0.5  // an English phrase starting with a lower-case word in -ing or -ed
	penOnce       = 0.75 // a tag mentioned once, outside the title
	penBroader    = 0.4  // a tag whose narrower tag the episode names at least half as often
	relativeFloor = 0.3  // drop candidates under this share of the best score
	absoluteFloor = 1.5  // and under this score: a common word on many episodes
	idfFullAt     = 20   // episodes at which document frequency counts fully
	majorityAt    = 8    // episodes from which a phrase on most of them is dropped
	majorityIDF   = 0.5  // ... unless a vocabulary tag in the title, which counts as if on a quarter of them
)

var lengthBoost = [...]float64{1: 1, 2: 1.6, 3: 1.8, 4: 1.4}

const langDE uint16 = 1 << 1

type scored struct {
	c     *cand
	score float64
}

// tags returns the new tags of episode i: rule tags first, then the best
// scored candidates, none equal to one of the item's categories or pending.
func (e *Enricher) tags(f *enrich.Feed, s *show, fr *feedRules, i int, pending []string, people []feed.Person) ([]string, []feed.Evidence) {
	if fr.max <= 0 {
		return nil, nil
	}
	it := &f.Items[i]
	var out []string
	var why []feed.Evidence
	have := func(tag string) bool {
		for _, list := range [3][]string{it.Categories, pending, out} {
			for _, c := range list {
				if strings.EqualFold(strings.TrimSpace(c), tag) {
					return true
				}
			}
		}
		return false
	}
	if len(fr.rules) > 0 {
		notes := f.Notes(it).Text
		lower := ""
		for _, r := range fr.rules {
			if len(out) >= fr.max {
				return out, why
			}
			var ok bool
			if r.re != nil {
				ok = r.re.MatchString(it.Title) || r.re.MatchString(notes)
			} else {
				if lower == "" {
					lower = strings.ToLower(it.Title + "\n" + notes)
				}
				ok = containsWords(lower, r.phrase)
			}
			if ok && !have(r.tag) {
				out = append(out, r.tag)
				m := r.phrase
				if r.re != nil {
					m = "/" + r.re.String() + "/"
				}
				why = append(why, feed.Evidence{Of: "tag", Value: r.tag, Why: "configured rule: the title or notes match " + m})
			}
		}
	}
	if s.skip != "" || len(out) >= fr.max {
		return out, why
	}
	is := &s.items[i]
	list := e.rank(s, s.arena[is.lo:is.hi])
	if len(list) == 0 {
		return out, why
	}
	var chosen []chosenTag
	personWords := nameWords(people)
	floor := max(list[0].score*relativeFloor, absoluteFloor)
	for _, sc := range list {
		if len(out) >= fr.max || sc.score < floor {
			break
		}
		c := sc.c
		isTag := s.pflags[c.id]&pTag != 0
		var tag string
		if isTag {
			tag = e.tagName(s, c.id)
		} else {
			tag = collapse(c.surf)
			if c.flags&cProper != 0 {
				// Written capitalised mid-sentence somewhere: that is its
				// canonical case ("Superalignment"), not the lower-case
				// form most sentences use.
				tag = upperFirst(tag)
			}
		}
		if !validTag(tag) {
			continue
		}
		key := strings.ToLower(tag)
		if !isTag && (!plausible(c, s.pflags[c.id], s.langs&langDE != 0) || e.isName(tag, is.names, s.chanNames)) {
			continue
		}
		if namesPerson(key, personWords) || !isTag && fragment(it.Title, f.Notes(it).Text, c.surf) {
			continue
		}
		if excluded(key, fr.exclude, s.showNames, s.owners) || have(tag) {
			continue
		}
		ct := chosenTag{key: key, entry: -1}
		if isTag {
			ct.entry = c.id
		}
		if e.overlaps(ct, chosen) {
			continue
		}
		chosen = append(chosen, ct)
		out = append(out, tag)
		why = append(why, feed.Evidence{Of: "tag", Value: tag, Why: tagEvidence(s, c, isTag, sc.score)})
	}
	return out, why
}

// tagEvidence says why a candidate was chosen: what it is, how often the
// episode says it and how many of the show's episodes do.
func tagEvidence(s *show, c *cand, isTag bool, score float64) string {
	kind := fmt.Sprintf("key phrase %q", c.surf)
	if isTag {
		kind = "vocabulary tag"
	}
	where := "in the notes"
	if c.flags&cTitle != 0 {
		where = "in the title and notes"
	}
	return fmt.Sprintf("%s, %d× %s, on %d of the show's %d episodes; score %.2f", kind, c.occ, where, s.df[c.id], s.n, score)
}

// rank scores the candidates of one episode, best first.
func (e *Enricher) rank(s *show, cands []cand) []scored {
	n := float64(s.n)
	fade := math.Min(1, n/idfFullAt)
	norm := math.Log((n + 1) / 1.5)
	german := s.langs&langDE != 0
	englishOnly := s.langs == langEN
	// narrower[b] is the largest tf of a narrower tag of tag b.
	var narrower map[int32]float32
	for k := range cands {
		if id := cands[k].id; s.pflags[id]&pTag != 0 {
			if b := e.lx.vocab[id].broader; b >= 0 {
				if narrower == nil {
					narrower = make(map[int32]float32)
				}
				narrower[b] = max(narrower[b], cands[k].tf)
			}
		}
	}
	out := make([]scored, 0, len(cands))
	for k := range cands {
		c := &cands[k]
		pf := s.pflags[c.id]
		if pf&(pAlias|pGeneric) != 0 {
			continue
		}
		df := s.df[c.id]
		majority := s.n >= majorityAt && 2*int(df) > s.n
		if majority && (pf&pTag == 0 || c.flags&cTitle == 0) {
			// A phrase on most episodes is the show's, not this one's —
			// but for a vocabulary tag the episode's title names: "Apple"
			// on an Apple show's "Apple 2019 Product Preview".
			continue
		}
		if !evident(c, pf) {
			continue
		}
		tf := float64(c.tf)
		sc := 1 + math.Log(math.Max(tf, 1))
		if norm > 0 {
			idf := math.Log((n+1)/(float64(df)+0.5)) / norm
			if majority {
				idf = math.Max(idf, majorityIDF)
			}
			sc *= (1 - fade) + fade*math.Max(0, idf)
		}
		words := int(pf&pWords) + 1
		sc *= lengthBoost[words]
		if pf&pTag != 0 {
			if e.lx.vocab[c.id].hasNarrower {
				sc *= boostUmbrella
			} else {
				sc *= boostTag
			}
			if c.occ == 1 && c.flags&cTitle == 0 {
				sc *= penOnce
			}
			if nt := narrower[c.id]; nt > 0 && 2*nt >= c.tf {
				sc *= penBroader
			}
		} else {
			if pf&pCaps != 0 {
				sc *= boostCaps
			}
			if c.flags&cProper != 0 && !german {
				sc *= boostProper
			}
			first, _ := utf8.DecodeRuneInString(c.surf)
			lower := unicode.IsLower(first)
			if c.flags&cListed != 0 || c.flags&cCamel != 0 && c.occ == 1 {
				sc *= boostListed
			}
			if words == 1 && !german && c.flags&(cProper|cListed) == 0 && pf&pCaps == 0 && c.occ < 3 {
				// a common word used twice is no topic ("useful", "page"),
				// nor one capitalised only where every word is ("Fights")
				continue
			}
			if words > 1 && hasDigit(c.surf) {
				sc *= penModel
			}
			if words > 1 && englishOnly && lower {
				if w, _, _ := strings.Cut(c.surf, " "); strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed") {
					sc *= penVerbStart
				}
			}
			if words == 1 {
				r := utf8.RuneCountInString(c.surf)
				if r < 4 && pf&pCaps == 0 {
					sc *= penShortWord
				}
				if r >= 12 {
					sc *= boostLongWord
				}
				if englishOnly {
					if lower {
						sc *= penLowerWord
					}
					if strings.HasSuffix(c.surf, "ed") {
						sc *= penPastTense
					}
					if strings.HasSuffix(c.surf, "ing") {
						sc *= penGerund
					}
				}
			}
		}
		out = append(out, scored{c: c, score: sc})
	}
	slices.SortFunc(out, func(a, b scored) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Compare(a.c.id, b.c.id)
	})
	return out
}

// tagName returns vocabulary tag id as written for the show's language.
func (e *Enricher) tagName(s *show, id int32) string {
	v := &e.lx.vocab[id]
	if v.names != nil {
		for l, code := range languages {
			if l > 0 && s.langs&(1<<l) != 0 {
				if n := v.names[code]; n != "" {
					return n
				}
			}
		}
	}
	return v.Tag
}

// isName reports whether a phrase is (part of) a person's name: one of its
// words belongs to a name found in the episode or the channel (the stems in
// names), or it is a lone capitalised given name.
func (e *Enricher) isName(tag string, names ...[]uint64) bool {
	var buf [8]token
	ts, _ := tokenize(buf[:0], tag)
	for k := range ts {
		for _, list := range names {
			if slices.Contains(list, ts[k].stem) {
				return true
			}
		}
	}
	if len(ts) == 1 && ts[0].flags&fTitle != 0 {
		if en := e.lx.m[ts[0].stem]; en != nil && en.name {
			return true
		}
	}
	return false
}

type chosenTag struct {
	key   string // lower-case tag
	entry int32  // vocabulary entry, -1 for a key phrase
}

// overlaps reports whether c says again what a chosen tag says: one
// contains the other; two key phrases share a word ("Value Based", "Based
// Pricing"); a key phrase and an alias of a vocabulary tag contain one
// another.
func (e *Enricher) overlaps(c chosenTag, chosen []chosenTag) bool {
	for _, o := range chosen {
		switch {
		case containsWords(c.key, o.key) || containsWords(o.key, c.key) || sameSpelling(c.key, o.key):
			return true
		case c.entry < 0 && o.entry < 0:
			for _, w := range strings.Fields(c.key) {
				if containsWords(o.key, w) {
					return true
				}
			}
		case c.entry < 0 && o.entry >= 0:
			if e.nearAlias(c.key, o.entry) {
				return true
			}
		case c.entry >= 0 && o.entry < 0:
			if e.nearAlias(o.key, c.entry) {
				return true
			}
		}
	}
	return false
}

// germanAdjective reports a German phrase of an uninflected adjective and
// a noun, which German writes in lower case before the noun ("digitale
// Souveränität", "freie Software"); an inflected one ("ethischen
// Implikationen") is a piece of a sentence.
func germanAdjective(phrase string) bool {
	first, _, ok := strings.Cut(phrase, " ")
	if !ok || !strings.HasSuffix(first, "e") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(phrase[strings.LastIndexByte(phrase, ' ')+1:])
	return unicode.IsUpper(r)
}

// upperFirst capitalises the first letter of s.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// sameSpelling reports two spellings of one topic: with and without a
// space or hyphen ("Open Source", "Open-Source", "OpenSource"), or an
// inflection apart ("Jugendliche", "Jugendlichen").
func sameSpelling(a, b string) bool {
	a, b = squash(a), squash(b)
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 5 && strings.HasPrefix(b, a) && len(b)-len(a) <= 2
}

func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '_' || r == '.' {
			return -1
		}
		return r
	}, s)
}

// plausible reports whether a key phrase (no vocabulary tag) reads as a
// topic an editor would give, as it is written: in its canonical case —
// a lower-case phrase ("disease", "electronic voting", "ethischen
// Implikationen") is a fragment of a sentence; one word only when it is an
// acronym or camel-case name (WWDC, DeepL), or, outside German, a word
// the notes capitalise mid-sentence three times — a lone generic word
// ("Experience", "Ordnung") says nothing; several words only in title case
// outside German ("Space Exploration" is the start of a sentence) and
// said at least twice.
func plausible(c *cand, pf uint8, german bool) bool {
	if c.flags&cListed != 0 && isListedName(c.surf) {
		return true // written as a name among names
	}
	surf := c.surf
	if c.flags&cProper != 0 {
		surf = upperFirst(surf)
	}
	first, _ := utf8.DecodeRuneInString(surf)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) && !(german && germanAdjective(surf)) {
		return false
	}
	if !strings.Contains(surf, " ") {
		n := utf8.RuneCountInString(surf)
		switch {
		case hasDigit(surf):
			return false // "4TB", "S01E01", "OTA-7": a model or an episode
		case pf&pCaps != 0:
			return n > 3 || c.occ >= 3 // "CD", "RT": too short to tell
		}
		if german {
			// Every German noun is capitalised: only a long compound
			// said twice is specific ("Indexstrukturen", "Klimawandel"),
			// not "Ordnung" or "Schulen".
			return n >= 11 && c.occ >= 2
		}
		return c.flags&cProper != 0 && c.occ >= 3 && n >= 5
	}
	if c.occ < 2 {
		return false
	}
	if german {
		return true
	}
	_, rest, _ := strings.Cut(surf, " ")
	for rest != "" {
		var w string
		w, rest, _ = strings.Cut(rest, " ")
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) && utf8.RuneCountInString(w) > 3 {
			return false
		}
	}
	return true
}

// nearAlias reports whether a key phrase and an alias of vocabulary entry
// contain one another.
func (e *Enricher) nearAlias(key string, entry int32) bool {
	for _, a := range e.lx.vocab[entry].aliases {
		if containsWords(key, a) || containsWords(a, key) {
			return true
		}
	}
	return false
}

// excluded reports whether key (a lower-case tag) contains an excluded
// phrase or an owner's name, or is contained in or contains a show name.
func excluded(key string, exclude, showNames, owners []string) bool {
	for _, x := range exclude {
		if containsWords(key, x) {
			return true
		}
	}
	for _, x := range owners {
		if containsWords(key, x) {
			return true
		}
	}
	for _, x := range showNames {
		if containsWords(key, x) || containsWords(x, key) {
			return true
		}
	}
	return false
}

// validTag reports whether t can be a tag: one to four words, at most 40
// characters, with a letter, and no URL.
func validTag(t string) bool {
	if t == "" || utf8.RuneCountInString(t) > 40 || strings.Contains(t, "://") {
		return false
	}
	words := strings.Count(t, " ") + 1
	if words > 4 {
		return false
	}
	return strings.IndexFunc(t, unicode.IsLetter) >= 0
}

// containsWords reports whether needle occurs in hay starting and ending at
// word boundaries. Both are expected lower-case.
func containsWords(hay, needle string) bool {
	if needle == "" {
		return false
	}
	for off := 0; ; {
		k := strings.Index(hay[off:], needle)
		if k < 0 {
			return false
		}
		k += off
		end := k + len(needle)
		before, _ := utf8.DecodeLastRuneInString(hay[:k])
		after, _ := utf8.DecodeRuneInString(hay[end:])
		if (k == 0 || !isWordRune(before)) && (end == len(hay) || !isWordRune(after)) {
			return true
		}
		_, size := utf8.DecodeRuneInString(hay[k:])
		off = k + size
	}
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
