// Package topics tags each episode with the few topics it is about and the
// show's other episodes are not.
//
// Candidates are key phrases of the episode's title and notes (runs of
// content words between stopwords and punctuation, kept whole up to four
// words: "scalable oversight", "Open Washing") and the tags of a shipped,
// editable vocabulary (vocabulary.yaml: canonical tag ← aliases) whose
// aliases occur. Each is scored by how often the episode uses it against how
// many of the show's episodes do (document frequency, computed once per run),
// so the show's name, its sponsor and its boilerplate are never topics; lines
// that recur across episodes (credits, "Links to learn more, summary and full
// transcript.") are skipped altogether.
//
// Stopword lists ship for en, de, es, fr, pt, nl, it and ca; the language is
// the channel's <language>, else detected from stopword hits. Shows in CJK
// scripts or in a language without a list get no tags: a wrong tag is worse
// than none.
//
// People are not topics: a phrase of two or three capitalised words starting
// with a given name (names.txt), a name listed as podcast:person, and the
// single words of such names are dropped (the persons enricher handles
// people). A vocabulary entry or a rule can still name a person as a tag.
package topics

import (
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"regexp"
	"strings"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// DefaultMax is the number of tags added to an episode when Config.Max is 0.
const DefaultMax = 5

// Config configures the topic tagger. The zero value tags with the shipped
// vocabulary, at most DefaultMax tags an episode.
type Config struct {
	// Max is the most tags added to one episode (besides its own
	// categories); 0 means DefaultMax, negative means none.
	Max int `yaml:"max"`
	// VocabularyFile is a vocabulary in the format of the shipped
	// vocabulary.yaml, read once by New. Its entries are added to the
	// shipped ones; an entry whose tag equals a shipped tag
	// (case-insensitive) replaces it.
	VocabularyFile string `yaml:"vocabulary_file"`
	// Rules apply to every feed; see Rule.
	Rules []Rule `yaml:"rules"`
	// Exclude drops, on every feed, each scored tag that contains one of
	// these phrases as whole words, case-insensitive: excluding "Kiosk"
	// drops "Kiosk" and "Engineering Kiosk".
	Exclude []string `yaml:"exclude"`
	// Feeds holds per-feed settings keyed by the feed's configured name
	// (enrich.Feed.Name); they add to the settings above.
	Feeds map[string]FeedConfig `yaml:"feeds"`
}

// FeedConfig is the per-feed part of Config.
type FeedConfig struct {
	// Max overrides Config.Max for this feed when non-zero.
	Max int `yaml:"max"`
	// Language overrides the channel's <language> and detection: an ISO
	// 639-1 code with a shipped stopword list, or "none" to tag nothing.
	Language string `yaml:"language"`
	// Rules and Exclude add to Config.Rules and Config.Exclude for this feed.
	Rules   []Rule   `yaml:"rules"`
	Exclude []string `yaml:"exclude"`
}

// Rule adds Tag to every episode whose title or notes match Match. A Match
// written /like this/ is a Go regular expression (RE2 syntax; add (?i) for
// case-insensitive); anything else is a phrase matched case-insensitively on
// whole words. Rule tags come first, before scored topics, and count toward
// Max; Exclude does not apply to them.
type Rule struct {
	Match string `yaml:"match"`
	Tag   string `yaml:"tag"`
}

// Enricher is the topic tagger. It is safe for concurrent use. What it knows
// of a show it keeps in enrich.Feed.Memo for the run; what each item adds to
// that it keeps between runs, in the process, for the last 100,000 items
// seen (whatever their feed), so a refresh reads only new or changed items.
type Enricher struct {
	lx          *lexicon
	all         feedRules
	feeds       map[string]*feedRules
	version     string            // of the whole configuration
	shared      string            // of the library and the settings of every feed
	feedVersion map[string]string // shared plus one feed's own settings
	cache       *statsCache
}

// feedRules is the compiled per-feed configuration.
type feedRules struct {
	max      int
	language string
	rules    []rule
	exclude  []string // lower-case, whitespace collapsed
}

type rule struct {
	re     *regexp.Regexp // nil for a phrase
	phrase string         // lower-case
	tag    string
}

// New returns a topic tagger. It reads cfg.VocabularyFile when set and
// returns an error wrapping the cause when that file cannot be read or
// parsed, a rule's regular expression does not compile, a rule has no tag or
// a feed names a language without stopwords.
func New(cfg Config) (*Enricher, error) {
	var extra []byte
	if cfg.VocabularyFile != "" {
		b, err := os.ReadFile(cfg.VocabularyFile)
		if err != nil {
			return nil, fmt.Errorf("topics: vocabulary: %w", err)
		}
		extra = b
	}
	lx, err := newLexicon(extra)
	if err != nil {
		return nil, err
	}
	e := &Enricher{lx: lx, feeds: make(map[string]*feedRules), cache: newStatsCache(cacheItems)}
	e.all.max = cfg.Max
	if cfg.Max == 0 {
		e.all.max = DefaultMax
	}
	if e.all.rules, err = compileRules(cfg.Rules); err != nil {
		return nil, err
	}
	e.all.exclude = lowerAll(cfg.Exclude)
	h := fnv.New64a()
	fmt.Fprintf(h, "%d|%q|%q|%d|", e.all.max, cfg.Rules, cfg.Exclude, len(extra))
	h.Write(extra)
	for name, fc := range cfg.Feeds {
		fr := &feedRules{max: e.all.max, language: strings.TrimSpace(fc.Language)}
		if fc.Max != 0 {
			fr.max = fc.Max
		}
		if fr.language != "" && !strings.EqualFold(fr.language, "none") && langBit(fr.language) == 0 {
			return nil, fmt.Errorf("topics: feed %q: no stopwords for language %q", name, fr.language)
		}
		rs, err := compileRules(fc.Rules)
		if err != nil {
			return nil, fmt.Errorf("topics: feed %q: %w", name, err)
		}
		fr.rules = append(append([]rule(nil), e.all.rules...), rs...)
		fr.exclude = append(append([]string(nil), e.all.exclude...), lowerAll(fc.Exclude)...)
		e.feeds[name] = fr
	}
	// Map order does not matter for the hash of each feed's own settings,
	// but the sum must not depend on it either: add them commutatively.
	var feedSum uint64
	e.shared = fmt.Sprintf("2-%08x", uint32(h.Sum64()))
	e.feedVersion = make(map[string]string, len(cfg.Feeds))
	for name, fc := range cfg.Feeds {
		g := fnv.New64a()
		fmt.Fprintf(g, "%q|%d|%q|%q|%q", name, fc.Max, fc.Language, fc.Rules, fc.Exclude)
		feedSum += g.Sum64()
		e.feedVersion[name] = fmt.Sprintf("%s-%08x", e.shared, uint32(g.Sum64()))
	}
	e.version = fmt.Sprintf("2-%08x", uint32(h.Sum64()^feedSum))
	return e, nil
}

// ForFeed returns the tagger of the feed named name: the shared library
// (vocabulary, stopwords, the settings of every feed) with that feed's
// own settings. Its Version changes only with those two, so editing one
// feed's topic rules leaves every other feed's cached tags valid.
func (e *Enricher) ForFeed(name string) enrich.Enricher {
	v, ok := e.feedVersion[name]
	if !ok {
		v = e.shared
	}
	return &feedTagger{e: e, name: name, version: v}
}

// feedTagger is one feed's tagger; see Enricher.ForFeed.
type feedTagger struct {
	e       *Enricher
	name    string
	version string
}

func (t *feedTagger) Name() string    { return "topics" }
func (t *feedTagger) Version() string { return t.version }

// Enrich is Enricher.Enrich with this feed's settings, whatever the name
// f carries.
func (t *feedTagger) Enrich(ctx context.Context, f *enrich.Feed, it *feed.Item, add *feed.Additions) error {
	return t.e.enrich(ctx, f, it, add, t.rules(), t.version)
}

func (t *feedTagger) rules() *feedRules {
	if r, ok := t.e.feeds[t.name]; ok {
		return r
	}
	return &t.e.all
}

func compileRules(rs []Rule) ([]rule, error) {
	var out []rule
	for i, r := range rs {
		tag := collapse(r.Tag)
		m := strings.TrimSpace(r.Match)
		if tag == "" || m == "" {
			return nil, fmt.Errorf("topics: rule %d: match and tag are required", i+1)
		}
		if len(m) >= 2 && m[0] == '/' && m[len(m)-1] == '/' {
			re, err := regexp.Compile(m[1 : len(m)-1])
			if err != nil {
				return nil, fmt.Errorf("topics: rule %d: %w", i+1, err)
			}
			out = append(out, rule{re: re, tag: tag})
			continue
		}
		out = append(out, rule{phrase: strings.ToLower(collapse(m)), tag: tag})
	}
	return out, nil
}

func lowerAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.ToLower(collapse(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Name implements enrich.Enricher.
func (e *Enricher) Name() string { return "topics" }

// Version implements enrich.Enricher. It changes with the tagger's code and
// with its configuration (vocabulary file, rules, exclusions). Tags also
// depend on the show's other episodes, which a per-item cache key cannot see.
func (e *Enricher) Version() string { return e.version }

// Enrich appends to add.Categories the topics of it, an item of f.Items:
// at most Max, none equal (case-insensitive) to a category the item has or
// add already holds. It returns an error only when it is not in f.Items or
// ctx is done.
func (e *Enricher) Enrich(ctx context.Context, f *enrich.Feed, it *feed.Item, add *feed.Additions) error {
	fr := &e.all
	if r, ok := e.feeds[f.Name]; ok {
		fr = r
	}
	return e.enrich(ctx, f, it, add, fr, e.version)
}

func (e *Enricher) enrich(ctx context.Context, f *enrich.Feed, it *feed.Item, add *feed.Additions, fr *feedRules, version string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("topics: %w", err)
	}
	i := itemIndex(f, it)
	if i < 0 {
		return fmt.Errorf("topics: item %q is not one of the feed's items", it.ID())
	}
	s := f.Memo("topics/"+version, func() any { return buildShow(f, e.lx, fr, e.cache) }).(*show)
	if !s.has(i) {
		// An item read in an earlier run whose tags are asked for again
		// (the per-item cache dropped them, or the channel changed).
		s = f.Memo("topics/all/"+version, func() any { return s.all() }).(*show)
	}
	prior := f.Prior(it)
	people := append(append(append([]feed.Person(nil), it.Persons...), prior.Persons...), add.Persons...)
	pending := append(append([]string(nil), prior.Categories...), add.Categories...)
	tags, why := e.tags(f, s, fr, i, pending, people)
	add.Categories = append(add.Categories, tags...)
	add.Evidence = append(add.Evidence, why...)
	return nil
}
