package topics

import (
	"container/list"
	"hash/maphash"
	"math/bits"
	"strings"
	"sync"

	"github.com/recast-podcast/recast/enrich"
)

// cacheItems is the most items whose statistics an Enricher keeps between
// runs: 100,000 episodes, a few hundred feeds. A record takes 1-5 KB on the
// corpus feeds (its distinct phrases, candidates and line hashes; not its
// notes), so a full cache holds some 100-500 MB; the least recently seen
// items go first.
const cacheItems = 100_000

// itemKey identifies an item's content: its enrich.Key, or for an item with
// no bytes a 128-bit hash of the fields the tagger reads (title, the three
// sources of show notes, person names).
type itemKey struct{ a, b uint64 }

// itemRec is what one item contributes to its show's statistics, kept
// between runs so that a refresh reads only new or changed items. It is
// never modified once made: a record computed again is a new record.
type itemRec struct {
	key     itemKey
	lines   []uint64 // hashes of its non-empty notes lines in order, repeats kept
	lang    langStats
	hasLang bool // lang is set; always in a cached record

	// The rest depends on the show as well: computed for the languages langs
	// with the lines of the show's boilerplate skipped (bit k of skip set
	// when lines[k] was). done is false until then.
	done    bool
	langs   uint16
	skip    []uint64
	words   bool     // it has any words (title or notes outside boilerplate)
	phrases []uint64 // every key phrase (hash) and vocabulary tag (entry) it uses, in order of first use
	pfl     []uint8  // phrase flags of phrases[k] as this item has them (pCaps only when it writes so)
	cands   []cand   // its candidates with the evidence to be chosen; id indexes phrases
	names   []uint64 // stems of person names found in it (not the channel's)
}

// fits reports whether r was computed for langs and the boilerplate lines
// boiler, so its candidates can be used as they are.
func (r *itemRec) fits(langs uint16, boiler map[uint64]bool) bool {
	if !r.done || r.langs != langs {
		return false
	}
	for k, h := range r.lines {
		if boiler[h] != (r.skip[k/64]>>(k%64)&1 != 0) {
			return false
		}
	}
	return true
}

// langStats is an item's share of language detection: stopword hits by
// language, words and CJK characters in its title and first 2000 bytes of
// notes.
type langStats struct {
	hits  [len(languages)]int32
	words int32
	cjk   int32
}

// sampleBytes is how much of an item's notes language detection reads.
const sampleBytes = 2000

// newItemRec starts the record of an item with the hashes of its lines.
// Its language statistics come with its candidates (builder.read), which
// tokenizes its text anyway.
func newItemRec(key itemKey, notes string, seed maphash.Seed) *itemRec {
	r := &itemRec{key: key}
	r.lines = make([]uint64, 0, strings.Count(notes, "\n")+1)
	for rest := notes; rest != ""; {
		var line string
		if line, rest = nextLine(rest); line != "" {
			r.lines = append(r.lines, lineHash(seed, line))
		}
	}
	return r
}

// languageStats counts the words and stopword hits of an item with the
// given title and notes; toks is scratch space.
func languageStats(lx *lexicon, title, notes string, toks *[]token) langStats {
	var st langStats
	if len(notes) > sampleBytes {
		notes = notes[:sampleBytes]
	}
	for _, s := range [2]string{title, notes} {
		var c int
		*toks, c = tokenize((*toks)[:0], s)
		st.add(lx, *toks, c)
	}
	return st
}

// add counts the tokens toks of a text with cjk CJK characters. Counting
// the lines of a text one by one gives what counting it whole does: no
// token spans a line break.
func (st *langStats) add(lx *lexicon, toks []token, cjk int) {
	st.cjk += int32(cjk)
	for k := range toks {
		t := &toks[k]
		if t.flags&fNumber != 0 {
			continue
		}
		st.words++
		if e := lx.m[t.h]; e != nil && e.stop != 0 {
			st.hit(e.stop)
		}
	}
}

// addStats adds the counts of o.
func (st *langStats) addStats(o *langStats) {
	for l := range st.hits {
		st.hits[l] += o.hits[l]
	}
	st.words += o.words
	st.cjk += o.cjk
}

// hit counts a word on the stopword lists of the languages stop.
func (st *langStats) hit(stop uint16) {
	for ; stop != 0; stop &= stop - 1 {
		if l := bits.TrailingZeros16(stop); l < len(st.hits) {
			st.hits[l]++
		}
	}
}

// nextLine splits the first line off s and returns it trimmed.
func nextLine(s string) (line, rest string) {
	if k := strings.IndexByte(s, '\n'); k >= 0 {
		return strings.TrimSpace(s[:k]), s[k+1:]
	}
	return strings.TrimSpace(s), ""
}

// statsCache keeps item records between runs, keyed by the item's content,
// least recently used first out, at most max of them. It is safe for
// concurrent use. A nil *statsCache keeps nothing: every run computes every
// item.
type statsCache struct {
	mu    sync.Mutex
	max   int
	ll    *list.List // of *itemRec; front = most recently used
	items map[itemKey]*list.Element
	seeds [2]maphash.Seed // item keys
	line  maphash.Seed    // line hashes; fixed, since records keep them
}

func newStatsCache(max int) *statsCache {
	return &statsCache{
		max:   max,
		ll:    list.New(),
		items: make(map[itemKey]*list.Element),
		seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()},
		line:  maphash.MakeSeed(),
	}
}

// Len returns the number of items held.
func (c *statsCache) Len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}

// lineSeed returns the seed of line hashes.
func (c *statsCache) lineSeed() maphash.Seed {
	if c == nil {
		return maphash.MakeSeed()
	}
	return c.line
}

// lookup returns the keys of f's items and the record held for each, nil
// for those not held.
func (c *statsCache) lookup(f *enrich.Feed) ([]*itemRec, []itemKey) {
	recs := make([]*itemRec, len(f.Items))
	if c == nil {
		return recs, make([]itemKey, len(f.Items))
	}
	keys := make([]itemKey, len(f.Items))
	for i := range f.Items {
		keys[i] = c.key(f, i)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, k := range keys {
		if el, ok := c.items[k]; ok {
			c.ll.MoveToFront(el)
			recs[i] = el.Value.(*itemRec)
		}
	}
	return recs, keys
}

// store adds or replaces the records recs.
func (c *statsCache) store(recs []*itemRec) {
	if c == nil || len(recs) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range recs {
		if el, ok := c.items[r.key]; ok {
			el.Value = r
			c.ll.MoveToFront(el)
			continue
		}
		c.items[r.key] = c.ll.PushFront(r)
	}
	for c.max > 0 && c.ll.Len() > c.max {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.items, last.Value.(*itemRec).key)
	}
}

// key identifies item i of f: by its bytes (enrich.Feed.Key, hashed once
// per run for all enrichers), or for an item made by hand, which has none,
// by a hash of the fields the tagger reads.
func (c *statsCache) key(f *enrich.Feed, i int) itemKey {
	if k, ok := f.Key(i); ok {
		return itemKey{k.Hash, k.Len}
	}
	it := &f.Items[i]
	var k [2]uint64
	for i, seed := range c.seeds {
		var h maphash.Hash
		h.SetSeed(seed)
		str := func(s string) {
			maphash.WriteComparable(&h, len(s))
			h.WriteString(s)
		}
		str(it.Title)
		str(it.ContentEncoded)
		str(it.Description)
		str(it.ITunes.Summary)
		for _, p := range it.Persons {
			str(p.Name)
		}
		k[i] = h.Sum64()
	}
	return itemKey{k[0], k[1]}
}
