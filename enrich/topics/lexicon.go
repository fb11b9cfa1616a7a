package topics

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// files ships the word lists (stopwords, generic nouns, given names,
// credit roles) and the vocabulary with the binary: the
// vocabulary is vocabulary.yaml and, by subject, vocab/*.yaml (places,
// organisations and products, subjects), read in name order as one list.
//
//go:embed stopwords/*.txt generic/*.txt names.txt roles.txt vocabulary.yaml vocab/*.yaml
var files embed.FS

// languages are the stopword lists shipped in stopwords/, by ISO 639-1 code.
// The index of a language is its bit in lexEntry.stop.
var languages = [...]string{"en", "de", "es", "fr", "pt", "nl", "it", "ca"}

const langEN uint16 = 1 << 0

// langBit returns the stopword bit of an ISO 639-1 code ("de", "de-DE",
// "pt_BR"), 0 when no list ships for it.
func langBit(code string) uint16 {
	code = strings.ToLower(strings.TrimSpace(code))
	if i := strings.IndexAny(code, "-_"); i >= 0 {
		code = code[:i]
	}
	for i, l := range languages {
		if l == code {
			return 1 << i
		}
	}
	return 0
}

// lexicon is everything the tagger knows before it sees a feed: stopwords of
// each language, given names, credit roles and the vocabulary. It is built
// once by New and only read afterwards.
type lexicon struct {
	// m is keyed by a word's hash (stop, role, keep) and by its stem hash
	// (name, ctx, alias); see lookup.
	m       map[uint64]*lexEntry
	vocab   []vocabEntry
	aliases []alias
	// aliasPhrase holds the phrase hash of every alias: a key phrase equal
	// to an alias is represented by the alias's tag.
	aliasPhrase map[uint64]bool
	// genericPhrase holds the phrase hash of every word of generic/*.txt:
	// nouns too general to be a one-word topic ("Herausforderungen").
	genericPhrase map[uint64]bool
	nctx          int // context words, numbered 0..nctx-1
}

type lexEntry struct {
	stop    uint16  // languages whose stopword list has the word (by word hash)
	role    bool    // a credit role ("producer", "Schnitt"), by word hash
	keep    bool    // ends in -ly but is no adverb ("family"), by word hash
	proper  bool    // a stopword that starts proper names ("New York"), by word hash
	acronym bool    // a stopword that written in capitals is an acronym ("US", "IT"), by word hash
	marker  uint8   // names a guest in a title: "… on", "with …", by word hash
	name    bool    // a given name, by stem hash
	ctx     int16   // context word number + 1, by stem hash; 0 = none
	alias   []int32 // aliases whose first word this is, by stem hash
}

// alias is one phrase of the vocabulary that stands for a tag.
type alias struct {
	entry int32
	words []aliasWord
}

type aliasWord struct {
	stem  uint64
	exact string // non-empty for all-caps alias words ("ML"): must be written so
}

// vocabEntry is one tag of the vocabulary.
type vocabEntry struct {
	Tag         string
	names       map[string]string // tag by language code
	aliases     []string          // lower-case, for overlap checks
	ctx         []int16           // context words (number+1); nil = none needed
	broader     int32             // index of the broader tag, -1 for none
	hasNarrower bool
}

// vocabFileEntry is the YAML form of a vocabulary entry; see vocabulary.yaml.
type vocabFileEntry struct {
	Tag     string            `yaml:"tag"`
	Aliases []string          `yaml:"aliases"`
	Exact   []string          `yaml:"exact"`
	Context []string          `yaml:"context"`
	Broader string            `yaml:"broader"`
	Names   map[string]string `yaml:"names"`
}

// entry returns the entry for hash h, creating it.
func (lx *lexicon) entry(h uint64) *lexEntry {
	e := lx.m[h]
	if e == nil {
		e = &lexEntry{}
		lx.m[h] = e
	}
	return e
}

// lookup returns the entries of t by word hash and by stem hash (the same
// entry when the word has no plural -s). Either may be nil.
func (lx *lexicon) lookup(t *token) (word, stem *lexEntry) {
	word = lx.m[t.h]
	if t.stem == t.h {
		return word, word
	}
	return word, lx.m[t.stem]
}

// newLexicon reads the shipped lists and vocabulary, plus extra vocabulary
// YAML when extra is non-nil.
func newLexicon(extra []byte) (*lexicon, error) {
	lx := &lexicon{m: make(map[uint64]*lexEntry, 8192), aliasPhrase: make(map[uint64]bool), genericPhrase: make(map[uint64]bool, 1024)}
	for i, l := range languages {
		err := eachLine("stopwords/"+l+".txt", func(w string) {
			for _, t := range wordsOf(w) {
				lx.entry(t.h).stop |= 1 << i
			}
		})
		if err != nil {
			return nil, err
		}
	}
	for _, l := range languages {
		err := eachLine("generic/"+l+".txt", func(w string) {
			for _, t := range wordsOf(w) {
				lx.genericPhrase[combine(phraseStart, t.stem)] = true
			}
		})
		if err != nil {
			return nil, err
		}
	}
	if err := eachLine("names.txt", func(w string) {
		for _, t := range wordsOf(w) {
			lx.entry(t.stem).name = true
		}
	}); err != nil {
		return nil, err
	}
	if err := eachLine("roles.txt", func(w string) {
		for _, t := range wordsOf(w) {
			lx.entry(t.h).role = true
		}
	}); err != nil {
		return nil, err
	}
	for _, w := range lyNouns {
		for _, t := range wordsOf(w) {
			lx.entry(t.h).keep = true
		}
	}
	for _, w := range properStarters {
		for _, t := range wordsOf(w) {
			lx.entry(t.h).proper = true
		}
	}
	for _, t := range wordsOf(stopAcronyms) {
		lx.entry(t.h).acronym = true
	}
	for _, t := range wordsOf("on") {
		lx.entry(t.h).marker = markerBefore
	}
	for _, t := range wordsOf("with mit feat featuring ft con avec com met") {
		lx.entry(t.h).marker = markerAfter
	}
	for _, t := range wordsOf("and und") {
		lx.entry(t.h).marker = markerJoin
	}
	entries, err := shippedVocab()
	if err != nil {
		return nil, err
	}
	if extra != nil {
		var more []vocabFileEntry
		if err := yaml.Unmarshal(extra, &more); err != nil {
			return nil, fmt.Errorf("topics: vocabulary file: %w", err)
		}
		entries = mergeVocab(entries, more)
	}
	if err := lx.addVocab(entries); err != nil {
		return nil, err
	}
	return lx, nil
}

// shippedVocab reads vocabulary.yaml and vocab/*.yaml as one list; a tag
// listed in two files is an error (addVocab reports it).
func shippedVocab() ([]vocabFileEntry, error) {
	more, err := fs.Glob(files, "vocab/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("topics: %w", err)
	}
	var entries []vocabFileEntry
	for _, name := range append([]string{"vocabulary.yaml"}, more...) {
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("topics: %w", err)
		}
		var part []vocabFileEntry
		if err := yaml.Unmarshal(b, &part); err != nil {
			return nil, fmt.Errorf("topics: shipped vocabulary %s: %w", name, err)
		}
		entries = append(entries, part...)
	}
	return entries, nil
}

// lyNouns end in -ly but are no adverbs.
var lyNouns = []string{"family", "anomaly", "assembly", "monopoly", "butterfly", "italy",
	"july", "homily", "oligopoly", "rally", "bully", "jelly", "belly", "reilly", "kelly",
	"emily", "shelly", "lilly", "napoli", "supply", "reply", "apply", "comply", "ally"}

// properStarters are English stopwords that start proper names when
// capitalised in mid-sentence: "New York", "Great Barrier Reef".
var properStarters = []string{"new", "great", "north", "south", "east", "west", "old",
	"big", "little", "good", "long", "high", "middle", "united", "grand", "upper", "lower",
	"first", "last", "early", "late", "central"}

// stopAcronyms are stopwords that, written in capitals, are acronyms and
// may be topics: the US, the UN, IT (German for IT), the WHO, the EU. Other
// stopwords in capitals are shouting ("GET THE", "NEW").
const stopAcronyms = "us un it who eu uk es"

// Title markers of guest names.
const (
	markerBefore = 1 + iota // "Jan Leike on …"
	markerAfter             // "… with Jane Doe"
	markerJoin              // "Jane Doe and John Roe on …"
)

// mergeVocab adds more to base; an entry of more whose tag equals one of
// base (case-insensitive) replaces it.
func mergeVocab(base, more []vocabFileEntry) []vocabFileEntry {
	out := append([]vocabFileEntry(nil), base...)
	at := make(map[string]int, len(base))
	for i, b := range base {
		at[strings.ToLower(collapse(b.Tag))] = i
	}
	for _, m := range more {
		if i, ok := at[strings.ToLower(collapse(m.Tag))]; ok {
			out[i] = m
			continue
		}
		out = append(out, m)
	}
	return out
}

func (lx *lexicon) addVocab(entries []vocabFileEntry) error {
	index := make(map[string]int32, len(entries))
	for i, fe := range entries {
		tag := collapse(fe.Tag)
		if tag == "" {
			return fmt.Errorf("topics: vocabulary entry %d: empty tag", i+1)
		}
		if _, dup := index[strings.ToLower(tag)]; dup {
			return fmt.Errorf("topics: vocabulary: tag %q listed twice", tag)
		}
		index[strings.ToLower(tag)] = int32(i)
	}
	ctxNum := map[uint64]int16{}
	for i, fe := range entries {
		ve := vocabEntry{Tag: collapse(fe.Tag), broader: -1}
		if fe.Broader != "" {
			b, ok := index[strings.ToLower(collapse(fe.Broader))]
			if !ok {
				return fmt.Errorf("topics: vocabulary tag %q: broader %q is no tag of the vocabulary", ve.Tag, fe.Broader)
			}
			ve.broader = b
		}
		for l, n := range fe.Names {
			if strings.TrimSpace(l) == "" {
				continue
			}
			if ve.names == nil {
				ve.names = map[string]string{}
			}
			ve.names[strings.ToLower(strings.TrimSpace(l))] = collapse(n)
		}
		for _, c := range fe.Context {
			ws := wordsOf(c)
			if len(ws) != 1 {
				return fmt.Errorf("topics: vocabulary tag %q: context %q must be one word", ve.Tag, c)
			}
			n, ok := ctxNum[ws[0].stem]
			if !ok {
				n = int16(len(ctxNum) + 1)
				ctxNum[ws[0].stem] = n
				lx.entry(ws[0].stem).ctx = n
			}
			ve.ctx = append(ve.ctx, n)
		}
		type spec struct {
			text  string
			exact bool
		}
		specs := make([]spec, 0, 1+len(fe.Aliases)+len(fe.Exact))
		tagListed := false
		for _, a := range fe.Exact {
			specs = append(specs, spec{a, true})
			tagListed = tagListed || strings.EqualFold(collapse(a), ve.Tag)
		}
		for _, a := range fe.Aliases {
			specs = append(specs, spec{a, false})
			tagListed = tagListed || strings.EqualFold(collapse(a), ve.Tag)
		}
		if !tagListed {
			specs = append(specs, spec{fe.Tag, false})
		}
		for _, sp := range specs {
			ws := wordsOf(sp.text)
			if len(ws) == 0 {
				continue
			}
			if len(ws) > 6 {
				return fmt.Errorf("topics: vocabulary tag %q: alias %q is longer than 6 words", ve.Tag, sp.text)
			}
			al := alias{entry: int32(i)}
			h := phraseStart
			phrase := true
			for _, t := range ws {
				aw := aliasWord{stem: t.stem}
				if sp.exact || t.flags&fAllCaps != 0 {
					aw.exact = sp.text[t.start:t.end]
				}
				al.words = append(al.words, aw)
				h = combine(h, t.stem)
				if t.flags&fNumber != 0 {
					phrase = false
				}
			}
			if phrase && len(ws) <= 4 {
				lx.aliasPhrase[h] = true
			}
			e := lx.entry(ws[0].stem)
			e.alias = append(e.alias, int32(len(lx.aliases)))
			lx.aliases = append(lx.aliases, al)
			ve.aliases = append(ve.aliases, strings.ToLower(collapse(sp.text)))
		}
		lx.vocab = append(lx.vocab, ve)
	}
	// Longest alias first, so that one mention counts once (see matchAlias).
	for _, e := range lx.m {
		if len(e.alias) > 1 {
			slices.SortStableFunc(e.alias, func(a, b int32) int {
				return len(lx.aliases[b].words) - len(lx.aliases[a].words)
			})
		}
	}
	for _, ve := range lx.vocab {
		if ve.broader >= 0 {
			lx.vocab[ve.broader].hasNarrower = true
		}
	}
	lx.nctx = len(ctxNum)
	return nil
}

// wordsOf tokenizes a short phrase of a list or configuration.
func wordsOf(s string) []token {
	ts, _ := tokenize(nil, s)
	return ts
}

// eachLine calls fn for each non-empty, non-comment line of an embedded file.
func eachLine(name string, fn func(string)) error {
	b, err := files.ReadFile(name)
	if err != nil {
		return fmt.Errorf("topics: %w", err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || l[0] == '#' {
			continue
		}
		fn(l)
	}
	return sc.Err()
}

// collapse trims s and folds runs of white space to one space.
func collapse(s string) string {
	if !needsCollapse(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// needsCollapse reports whether s has white space other than single
// spaces between words.
func needsCollapse(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i+1] == ' ' {
				return true
			}
		case c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c >= 0x80:
			return true // non-ASCII may hold Unicode spaces: the slow way
		}
	}
	return false
}
