package topics

import (
	"hash/maphash"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// show is what the tagger knows of one feed during a run: the language, the
// document frequency of every key phrase and vocabulary tag over the
// episodes, and each episode's candidates. It is computed once per run
// (enrich.Feed.Memo), from the item records the Enricher keeps between runs
// (see buildShow), and only read afterwards.
type show struct {
	skip   string // why the show gets no tags; "" when it does
	langs  uint16 // stopword languages in use
	n      int    // episodes with any words
	df     []int32
	pflags []uint8
	items  []itemStats // parallel to enrich.Feed.Items
	arena  []cand
	// showNames are lower-case names of the show (channel title); a tag
	// contained in one or containing one is dropped. owners (channel authors)
	// drop tags that contain them.
	showNames []string
	owners    []string
	// chanNames are the stems of the words of the channel's podcast:person
	// names: no topic in any episode.
	chanNames []uint64
	// read counts the items tokenized for this run; the others' statistics
	// came from the Enricher's records.
	read int
	// numbered[i] is set when items[i] holds item i's candidates; nil when
	// every item's are there. A run numbers only the phrases of the items it
	// read (show.number), which are the items it is about to tag; see all.
	numbered []bool
	lx       *lexicon
	recs     []*itemRec // the items' records, for all
}

// itemStats is one episode's share of a show.
type itemStats struct {
	lo, hi int32    // its candidates in show.arena
	names  []uint64 // stems of the words of person names found in it; see also show.chanNames
}

// cand is a key phrase or vocabulary tag of one episode.
type cand struct {
	id    int32   // phrase id; ids below len(lexicon.vocab) are vocabulary tags (in an itemRec: index in its phrases)
	tf    float32 // weighted occurrences: title 3, lead 2, other lines 1
	occ   int32   // occurrences
	vote  float32 // weight of surf in a majority vote over written forms
	surf  string  // the most used written form (a substring of the notes)
	flags uint8
}

// Candidate flags.
const (
	cTitle  uint8 = 1 << iota // occurs in the title
	cProper                   // written capitalised in mid-sentence
	cCaps                     // written with an all-caps or camel-case word: pCaps for the show
	cListed                   // an item of an enumeration of names (see listedItems)
	cCamel                    // one word written in camel case: a product's name (HomePod, PipeWire)
)

// Phrase flags; the low two bits hold the word count - 1.
const (
	pWords   uint8 = 3
	pTag     uint8 = 1 << (iota + 1)
	pAlias         // equals a vocabulary alias: the tag stands for it
	pCaps          // has an all-caps or camel-case word (AI, OpenAI)
	pGeneric       // one generic noun (generic/*.txt): no topic alone
)

// Occurrence weights: the title counts three times, the first two lines of
// the notes (the lead) twice.
const (
	wTitle    = 3
	wLead     = 2
	wNotes    = 1
	leadLines = 2
)

// builder reads episodes into item records; it holds the scratch state of
// the pass. Its phrase ids are its own: a record keeps phrase hashes, and
// buildShow numbers the phrases of the show.
type builder struct {
	lx     *lexicon
	langs  uint16
	en     bool
	ids    map[uint64]int32
	keys   []uint64 // phrase id -> phrase hash, or vocabulary entry for ids below len(lx.vocab)
	pflags []uint8  // phrase id -> words - 1, pTag, pAlias
	stamp  []int32  // phrase id -> item number + 1 that last added it
	slot   []int32  // phrase id -> index in cur
	cur    []cand
	toks   []token
	itoks  []token // tokens of a listed item
	run    []int32
	ctx    []bool
	ctxAny bool
	pend   []pendingTag
	names  []uint64
	item   int32
	lang   *langStats // counts the tokens text reads when set
	// lineLang holds the language statistics of boilerplate lines by hash.
	lineLang map[uint64]langStats
	w        float32 // weight of the line being read
	cover    []cover // alias matches of the line being read
	german   bool    // German capitalises nouns: capitals say little
	// Name evidence of the current episode (not for German): capitalised
	// runs of two or three words, and capitalised words standing alone in
	// mid-sentence. A run whose first or last word also stands alone
	// ("Toby Ord" … "Toby thinks") is a person's name.
	nameRuns [][3]uint64
	lone     []uint64
}

// cover is the end (token index, exclusive) of an alias match of a tag.
type cover struct {
	entry, end int32
}

type pendingTag struct {
	entry int32
	w     float32
}

// buildShow builds the show statistics of f for the tagger with lexicon lx
// and feed settings fr. It reads (parses the notes of, tokenizes) only the
// items c holds no record for, and those whose record was computed for
// another language or other boilerplate lines; the show-wide tallies
// (language, boilerplate lines, document frequencies, phrase ids) are summed
// from the records, in item order, so the result is the same as when every
// item is read. New and recomputed records go into c. A nil c reads every
// item and keeps nothing.
func buildShow(f *enrich.Feed, lx *lexicon, fr *feedRules, c *statsCache) *show {
	s := &show{items: make([]itemStats, len(f.Items))}
	declared := ""
	if f.Channel != nil {
		s.showNames = nameParts(f.Channel.Title, false)
		if in := initials(f.Channel.Title); in != "" {
			s.showNames = append(s.showNames, in)
		}
		s.owners = nameParts(f.Channel.Author, true)
		for _, p := range f.Channel.Persons {
			s.chanNames = appendNameWords(s.chanNames, p.Name)
		}
		declared = f.Channel.Language
	}

	seed := c.lineSeed()
	recs, keys := c.lookup(f)
	var (
		put  []*itemRec // records to keep
		toks []token
	)
	for i, r := range recs {
		if r == nil {
			recs[i] = newItemRec(keys[i], f.Notes(&f.Items[i]).Text, seed)
			put = append(put, recs[i])
		}
	}
	// Records come with their language statistics but new ones, which get
	// them when read below; a new item sampled now is counted here.
	langStat := func(i int) *langStats {
		if r := recs[i]; !r.hasLang {
			it := &f.Items[i]
			st := languageStats(lx, it.Title, f.Notes(it).Text, &toks)
			return &st
		}
		return &recs[i].lang
	}
	langs, skip := chooseLanguage(declared, fr.language, len(recs), langStat)
	if skip != "" {
		for i, r := range recs {
			if !r.hasLang { // new, not shared yet
				r.lang, r.hasLang = *langStat(i), true
			}
		}
		c.store(put)
		s.skip = skip
		return s
	}
	s.langs = langs

	boiler := boilerplateLines(recs)
	read := make([]bool, len(recs))
	for i, r := range recs {
		read[i] = !r.fits(langs, boiler)
		if read[i] {
			s.read++
		}
	}
	var b *builder
	put = put[:0]
	for i, r := range recs {
		if !read[i] {
			continue
		}
		if b == nil {
			b = newBuilder(lx, langs, s.read)
		}
		it := &f.Items[i]
		n := f.Notes(it)
		recs[i] = b.read(r, it, n.Text, promoted(n), boiler, seed)
		put = append(put, recs[i])
	}
	c.store(put)

	s.lx, s.recs = lx, recs
	if s.read == len(recs) {
		read = nil // every item: number them all
	}
	s.number(read)
	return s
}

// has reports whether s holds the candidates of item i.
func (s *show) has(i int) bool {
	return s.numbered == nil || s.numbered[i]
}

// all returns s with the candidates of every item; s itself when it has
// them already.
func (s *show) all() *show {
	if s.numbered == nil {
		return s
	}
	a := &show{skip: s.skip, langs: s.langs, items: make([]itemStats, len(s.items)),
		showNames: s.showNames, owners: s.owners, chanNames: s.chanNames, read: s.read, lx: s.lx, recs: s.recs}
	a.number(nil)
	return a
}

// number numbers the key phrases of the items in want (every item when want
// is nil) and counts their document frequencies over every item, with the
// vocabulary tags' and the count of episodes with words.
//
// Phrases are numbered in the order of their first use in the feed, as a
// single pass over the items would: scores tie-break on the number. An
// item's tags depend only on its own phrases, so numbering just those of the
// items a run will tag (on a refresh, the one new episode) tags them as
// numbering every phrase of the show does, without building the map of
// every phrase.
func (s *show) number(want []bool) {
	recs, nv := s.recs, len(s.lx.vocab)
	pairs, ncands := 0, 0
	for i, r := range recs {
		if want == nil || want[i] {
			pairs += len(r.phrases)
			ncands += len(r.cands)
		}
	}
	ids := make(map[uint64]int32, min(pairs, 1<<20))
	if want != nil {
		// The phrases wanted, not numbered yet.
		for i, r := range recs {
			if want[i] {
				for k, h := range r.phrases {
					if r.pfl[k]&pTag == 0 {
						ids[h] = -1
					}
				}
			}
		}
	}
	s.df = make([]int32, nv, nv+pairs)
	s.pflags = make([]uint8, nv, nv+pairs)
	for k := range s.lx.vocab {
		s.pflags[k] = vocabFlags(&s.lx.vocab[k])
	}
	s.arena = make([]cand, 0, ncands)
	s.numbered = want
	var local []int32 // record phrase index -> phrase id; -1 when not wanted
	for i, r := range recs {
		local = local[:0]
		for k, h := range r.phrases {
			fl := r.pfl[k]
			id := int32(h)
			if fl&pTag == 0 {
				got, ok := ids[h]
				switch {
				case ok && got >= 0:
					id = got
					s.pflags[id] |= fl & pCaps
				case ok || want == nil:
					id = int32(len(s.df))
					ids[h] = id
					s.df = append(s.df, 0)
					s.pflags = append(s.pflags, fl)
				default:
					local = append(local, -1)
					continue
				}
			}
			s.df[id]++
			local = append(local, id)
		}
		if r.words {
			s.n++
		}
		if want != nil && !want[i] {
			continue
		}
		lo := int32(len(s.arena))
		for _, cd := range r.cands {
			cd.id = local[cd.id]
			s.arena = append(s.arena, cd)
		}
		s.items[i] = itemStats{lo: lo, hi: int32(len(s.arena)), names: r.names}
	}
}

// vocabFlags returns the phrase flags of a vocabulary tag.
func vocabFlags(v *vocabEntry) uint8 {
	return pTag | uint8(min(strings.Count(v.Tag, " "), 3))
}

// newBuilder returns a builder for a show in the languages langs that will
// read about n items.
func newBuilder(lx *lexicon, langs uint16, n int) *builder {
	// About a hundred distinct phrases an episode.
	phrases := min(100*n, 1<<20) + len(lx.vocab) + 64
	b := &builder{
		lx:     lx,
		langs:  langs,
		en:     langs&langEN != 0,
		german: langs&langDE != 0,
		ids:    make(map[uint64]int32, phrases),
		keys:   make([]uint64, 0, phrases),
		pflags: make([]uint8, 0, phrases),
		stamp:  make([]int32, 0, phrases),
		slot:   make([]int32, 0, phrases),
		ctx:    make([]bool, lx.nctx+1),

		lineLang: make(map[uint64]langStats),
	}
	for k := range lx.vocab {
		b.newPhrase(vocabFlags(&lx.vocab[k]), uint64(k))
	}
	return b
}

// read tokenizes episode it, whose record r holds its language statistics
// and line hashes, for the builder's languages, skipping the lines in
// boiler, and returns its complete record.
func (b *builder) read(r *itemRec, it *feed.Item, notes string, promo map[string]bool, boiler map[uint64]bool, seed maphash.Seed) *itemRec {
	b.beginItem()
	for _, p := range it.Persons {
		b.names = appendNameWords(b.names, p.Name)
	}
	d := *r
	d.done, d.langs = true, b.langs
	d.lines = make([]uint64, 0, len(r.lines))
	d.skip = make([]uint64, (len(r.lines)+63)/64)
	// The language statistics count the title and the first sampleBytes
	// of the notes: the lines read there, the boilerplate lines there, and
	// the start of the line that crosses the limit.
	d.lang, d.hasLang = langStats{}, true
	b.lang = &d.lang
	words, _ := b.text(it.Title, wTitle)
	lead := 0
	for off := 0; off < len(notes); {
		start, end := off, len(notes)
		if k := strings.IndexByte(notes[off:], '\n'); k >= 0 {
			end = off + k
		}
		off = end + 1
		b.lang = nil
		if end <= sampleBytes {
			b.lang = &d.lang
		} else if start < sampleBytes {
			b.countLang(&d.lang, notes[start:sampleBytes])
		}
		line := strings.TrimSpace(notes[start:end])
		if line == "" {
			continue
		}
		h := lineHash(seed, line)
		d.lines = append(d.lines, h)
		if boiler[h] {
			k := len(d.lines) - 1
			if k/64 >= len(d.skip) {
				d.skip = append(d.skip, 0)
			}
			d.skip[k/64] |= 1 << (k % 64)
			if b.lang != nil {
				// recurring lines are counted once a run
				st, ok := b.lineLang[h]
				if !ok {
					b.countLang(&st, line)
					b.lineLang[h] = st
				}
				b.lang.addStats(&st)
			}
			continue
		}
		// Sponsor reads and product boxes are no topics; their words still
		// tell the language.
		if kept := stripAds(line, promo); kept != line {
			if b.lang != nil {
				b.countLang(b.lang, line)
			}
			saved := b.lang
			b.lang = nil
			if kept != "" {
				b.text(kept, wNotes)
			}
			b.lang = saved
			continue
		}
		w := float32(wNotes)
		if lead < leadLines {
			w = wLead
		}
		n, credit := b.text(line, w)
		if n > 0 && !credit {
			lead++
		}
		words += n
	}
	b.lang = nil
	d.words = words > 0
	b.endItem(&d)
	return &d
}

// countLang adds the tokens of s to st.
func (b *builder) countLang(st *langStats, s string) {
	var cjk int
	b.toks, cjk = tokenize(b.toks[:0], s)
	st.add(b.lx, b.toks, cjk)
}

// nameParts splits a channel title or author into lower-case names:
// "Rob, Luisa, and the 80,000 Hours team" gives "rob", "luisa", "the 80,000
// hours team". The title is kept whole as well.
func nameParts(s string, split bool) []string {
	s = strings.ToLower(collapse(s))
	if s == "" {
		return nil
	}
	out := []string{s}
	if !split {
		return out
	}
	f := func(r rune) bool {
		return r == ',' || r == ';' || r == '&' || r == '|' || r == '/' || r == '–' || r == '—'
	}
	for _, p := range strings.FieldsFunc(s, f) {
		for _, q := range strings.Split(" "+p+" ", " and ") {
			for _, r := range strings.Split(q, " und ") {
				r = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(r), "- "))
				r = strings.TrimSpace(strings.TrimPrefix(r, "and "))
				if r != "" && r != s {
					out = append(out, r)
				}
			}
		}
	}
	return out
}

// initials returns the lower-case initials of a title of two to five
// words ("Accidental Tech Podcast" → "atp"), "" otherwise.
func initials(title string) string {
	ws := strings.Fields(title)
	if len(ws) < 2 || len(ws) > 5 {
		return ""
	}
	var b strings.Builder
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) {
			return ""
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// appendNameWords adds the stems of the words of a person's name.
func appendNameWords(dst []uint64, name string) []uint64 {
	for _, t := range wordsOf(name) {
		if t.flags&fNumber == 0 {
			dst = append(dst, t.stem)
		}
	}
	return dst
}

// lineHash hashes a trimmed line of notes, case-sensitively.
func lineHash(seed maphash.Seed, s string) uint64 {
	return maphash.String(seed, s)
}

// boilerplateLines returns the hashes of the lines of notes that recur in
// several episodes: sponsor reads, credits, "Links to learn more, summary
// and full transcript.", contact blocks. Nil when the show is one episode.
func boilerplateLines(recs []*itemRec) map[uint64]bool {
	n := len(recs)
	if n < 2 {
		return nil
	}
	min := int32(3)
	if n == 2 {
		min = 2
	}
	type count struct{ n, last int32 }
	lines := 0
	for _, r := range recs {
		lines += len(r.lines)
	}
	counts := make(map[uint64]count, lines)
	for i, r := range recs {
		for _, h := range r.lines {
			c := counts[h]
			if c.last != int32(i)+1 {
				c.n++
				c.last = int32(i) + 1
				counts[h] = c
			}
		}
	}
	out := make(map[uint64]bool)
	for h, c := range counts {
		if c.n >= min {
			out[h] = true
		}
	}
	return out
}

func (b *builder) newPhrase(flags uint8, key uint64) int32 {
	id := int32(len(b.keys))
	b.keys = append(b.keys, key)
	b.pflags = append(b.pflags, flags)
	b.stamp = append(b.stamp, 0)
	b.slot = append(b.slot, 0)
	return id
}

func (b *builder) beginItem() {
	b.item++
	b.cur = b.cur[:0]
	b.names = b.names[:0]
	b.pend = b.pend[:0]
	b.nameRuns = b.nameRuns[:0]
	b.lone = b.lone[:0]
	if b.ctxAny {
		clear(b.ctx)
		b.ctxAny = false
	}
}

// add records one occurrence of phrase id in the current episode.
func (b *builder) add(id int32, w float32, surf string, vote float32, flags uint8) {
	if b.stamp[id] != b.item {
		b.stamp[id] = b.item
		b.slot[id] = int32(len(b.cur))
		b.cur = append(b.cur, cand{id: id, tf: w, occ: 1, surf: surf, vote: vote, flags: flags})
		return
	}
	c := &b.cur[b.slot[id]]
	c.tf += w
	c.occ++
	c.flags |= flags
	switch {
	case surf == "":
	case c.surf == surf:
		c.vote += vote
	case c.vote < vote:
		c.surf, c.vote = surf, vote-c.vote
	default:
		c.vote -= vote
	}
}

// evident reports whether a candidate has the evidence to be a topic at
// all: a vocabulary tag, in the title, or mentioned twice.
func evident(c *cand, pflags uint8) bool {
	return pflags&pTag != 0 || c.flags&(cTitle|cListed|cCamel) != 0 || c.occ >= 2
}

// endItem adds the episode's context-bound vocabulary hits and records in d
// the phrases it uses, the candidates with enough evidence to ever be chosen
// (their written forms copied out of the notes, which d does not keep) and
// the names found.
func (b *builder) endItem(d *itemRec) {
	for _, p := range b.pend {
		for _, c := range b.lx.vocab[p.entry].ctx {
			if b.ctx[c] {
				b.add(p.entry, p.w, "", 0, 0)
				break
			}
		}
	}
	for _, r := range b.nameRuns {
		if slices.Contains(b.lone, r[0]) || slices.Contains(b.lone, r[2]) {
			for _, h := range r {
				if h != 0 {
					b.names = appendUnique(b.names, h)
				}
			}
		}
	}
	d.phrases = make([]uint64, len(b.cur))
	d.pfl = make([]uint8, len(b.cur))
	n, size := 0, 0
	for k := range b.cur {
		c := &b.cur[k]
		d.phrases[k] = b.keys[c.id]
		d.pfl[k] = b.pflags[c.id]
		if c.flags&cCaps != 0 {
			d.pfl[k] |= pCaps
		}
		if evident(c, b.pflags[c.id]) {
			n++
			size += len(c.surf)
		}
	}
	d.cands = make([]cand, 0, n)
	var surfs strings.Builder
	surfs.Grow(size)
	for k := range b.cur {
		if c := &b.cur[k]; evident(c, b.pflags[c.id]) {
			surfs.WriteString(c.surf)
		}
	}
	all := surfs.String()
	for k, c := range b.cur {
		if evident(&c, b.pflags[c.id]) {
			c.id = int32(k)
			c.surf, all = all[:len(c.surf)], all[len(c.surf):]
			d.cands = append(d.cands, c)
		}
	}
	d.names = nil
	if len(b.names) > 0 {
		d.names = slices.Clone(b.names)
	}
}

// text reads one line of notes, or the title (w == wTitle), into the
// current episode with occurrence weight w. It returns the number of words in
// it and whether it is a credit line, which gives no candidates.
func (b *builder) text(s string, w float32) (words int, credit bool) {
	if s == "" {
		return 0, false
	}
	title := w == wTitle
	var cjk int
	b.toks, cjk = tokenize(b.toks[:0], s)
	toks := b.toks
	st := b.lang
	if st != nil {
		st.cjk += int32(cjk)
	}
	if len(toks) == 0 {
		return 0, false
	}
	if !title && b.creditLine(s, toks) {
		if st != nil {
			st.add(b.lx, toks, 0)
		}
		return len(toks), true
	}
	b.w = w
	b.cover = b.cover[:0]
	titleCase := title && isTitleCase(b, toks)
	lx := b.lx
	b.run = b.run[:0]
	for k := range toks {
		t := &toks[k]
		we, se := lx.lookup(t)
		if st != nil && t.flags&fNumber == 0 {
			st.words++
			if we != nil && we.stop != 0 {
				st.hit(we.stop)
			}
		}
		if se != nil {
			if se.ctx > 0 && !b.ctx[se.ctx] {
				b.ctx[se.ctx] = true
				b.ctxAny = true
			}
			for _, a := range se.alias {
				b.matchAlias(s, toks, k, a)
			}
		}
		stop := t.flags&(fNumber|fShort) != 0 || title && k == 0 && isEpisodeCode(s[t.start:t.end])
		if !stop && we != nil && we.stop&b.langs != 0 && (t.flags&fAllCaps == 0 || !we.acronym) {
			stop = true
			// "New York", "Great Barrier Reef": an English stopword that
			// starts proper names, written capitalised in mid-sentence before
			// a capitalised word.
			if b.en && we.proper && !titleCase && t.flags&(fUpper|fSentence) == fUpper && k+1 < len(toks) {
				nx := &toks[k+1]
				if nx.flags&(fUpper|fBreak|fNumber) == fUpper {
					if nw := lx.m[nx.h]; nw == nil || nw.stop&b.langs == 0 {
						stop = false
						t.flags |= fProperStop
					}
				}
			}
		}
		if !stop && b.en && t.flags&fAdverb != 0 && (we == nil || !we.keep) {
			stop = true
		}
		if t.flags&fBreak != 0 || stop {
			b.flush(s, toks, title, titleCase)
		} else if !b.german && len(b.run) > 0 && t.flags&(fUpper|fAllCaps) == fUpper &&
			toks[b.run[len(b.run)-1]].flags&fUpper == 0 {
			// "the methods OpenAI uses": a name starts after a lower-case word
			b.flush(s, toks, title, titleCase)
		}
		if !stop {
			b.run = append(b.run, int32(k))
		}
		if t.flags&fEndPhrase != 0 {
			b.flush(s, toks, title, titleCase)
		}
	}
	b.flush(s, toks, title, titleCase)
	if title {
		b.titleNames(s, toks)
	} else {
		b.listed(s)
	}
	return len(toks), false
}

// germanPhrase reports whether a German item joins its nouns with an
// article or preposition: every German noun is capitalised, so such an
// item reads as a name without being one.
func germanPhrase(item string) bool {
	for _, w := range strings.Fields(item) {
		switch w {
		case "der", "des", "den", "dem", "die", "das", "von", "vom", "im", "am", "zum", "zur", "in", "an", "auf", "für", "mit":
			return true
		}
	}
	return false
}

// listed adds the items of the enumerations in line s (listedItems) as
// phrases of all their words, stopwords included ("The Last of Us Part
// II"), marked cListed; an item the line's runs already gave is only
// marked.
func (b *builder) listed(s string) {
	for _, item := range listedItems(s) {
		item = strings.Trim(item, " \"'“”‘’()[]")
		b.itoks, _ = tokenize(b.itoks[:0], item)
		if len(b.itoks) == 0 {
			continue
		}
		if e := b.lx.m[b.itoks[0].stem]; e != nil && e.name && b.itoks[0].flags&fTitle != 0 && len(b.itoks) <= 3 {
			continue // "Jeff", "Alex Navarro": the people of the episode
		}
		content := false
		for k := range b.itoks {
			t := &b.itoks[k]
			if t.flags&(fNumber|fShort) == 0 && !b.isStop(t) {
				content = true
				break
			}
		}
		if !content {
			continue // "More", "What's New", "Feedback"
		}
		if b.german && germanPhrase(item) {
			continue // "Geschichte der Hirnforschung": a chapter, not a name
		}
		h := phraseStart
		var flags uint8 = cListed
		for k := range b.itoks {
			t := &b.itoks[k]
			h = combine(h, t.stem)
			if t.flags&(fAllCaps|fInnerCaps) != 0 {
				flags |= cCaps
			}
		}
		id, ok := b.ids[h]
		if ok && b.stamp[id] == b.item {
			b.cur[b.slot[id]].flags |= flags
			continue
		}
		if !ok {
			fl := uint8(min(len(b.itoks), 4) - 1)
			if b.lx.aliasPhrase[h] {
				fl |= pAlias
			}
			if len(b.itoks) == 1 && b.lx.genericPhrase[h] {
				fl |= pGeneric
			}
			id = b.newPhrase(fl, h)
			b.ids[h] = id
		}
		b.add(id, b.w, item, 2, flags)
	}
}

// titleNames finds the guest named by an interview title: "#159 – Jan
// Leike on OpenAI's…", "Will MacAskill on…" (capitalised words before "on"
// at the start of a phrase), "… - mit Johannes Näder", "… with Jane Doe"
// (two or three capitalised words ending the title after "with").
func (b *builder) titleNames(s string, toks []token) {
	for p := 1; p < len(toks); p++ {
		w := b.lx.m[toks[p].h]
		if w == nil || w.marker == 0 || toks[p].flags&fUpper != 0 {
			continue
		}
		if w.marker == markerBefore && b.en {
			// "Dillon Bowen and Roman Duda on …", "Lutter & Winter on …"
			end := p
			for end > 0 {
				k := end
				for k > 0 && end-k < 4 {
					t := &toks[k-1]
					if t.flags&(fUpper|fAllCaps|fNumber) != fUpper || b.isStop(t) {
						break
					}
					k--
					if t.flags&fBreak != 0 {
						break
					}
				}
				if k == end {
					return
				}
				joined := k > 0 && b.isJoin(&toks[k-1])
				if toks[k].flags&fBreak == 0 && !joined && !(k > 0 && toks[k-1].flags&fUpper != 0 && b.isStop(&toks[k-1])) {
					return
				}
				for x := k; x < end; x++ {
					b.names = appendUnique(b.names, toks[x].stem)
				}
				switch {
				case joined:
					end = k - 1
				case k > 0 && toks[k].flags&fBreak != 0 && s[toks[k-1].end:toks[k].start] != "" && strings.Contains(s[toks[k-1].end:toks[k].start], "&"):
					end = k
				default:
					return
				}
			}
			return
		}
		if w.marker == markerAfter {
			n := len(toks) - p - 1
			if n < 2 || n > 3 {
				continue
			}
			for x := p + 1; x < len(toks); x++ {
				if toks[x].flags&fTitle == 0 || x > p+1 && toks[x].flags&fBreak != 0 {
					return
				}
			}
			for x := p + 1; x < len(toks); x++ {
				b.names = appendUnique(b.names, toks[x].stem)
			}
			return
		}
	}
}

// isJoin reports whether t joins two names: "and", "und".
func (b *builder) isJoin(t *token) bool {
	w := b.lx.m[t.h]
	return w != nil && w.marker == markerJoin
}

func (b *builder) isStop(t *token) bool {
	w := b.lx.m[t.h]
	return w != nil && w.stop&b.langs != 0
}

// isTitleCase reports whether a title capitalises its words (“The Fed
// Fights The Virus”), which makes capitalisation no evidence of a name.
func isTitleCase(b *builder, toks []token) bool {
	content, capped := 0, 0
	for k := range toks {
		t := &toks[k]
		if t.flags&(fNumber|fShort) != 0 {
			continue
		}
		we := b.lx.m[t.h]
		if we != nil && we.stop&b.langs != 0 {
			if t.flags&(fUpper|fSentence) == fUpper && t.flags&fAllCaps == 0 {
				return true
			}
			continue
		}
		content++
		if t.flags&fUpper != 0 {
			capped++
		}
	}
	return content >= 2 && capped == content
}

// creditLine reports whether s is a credit line: a colon after at most five
// words of which one is a credit role ("Audio Engineering Lead: Ben Cordell").
func (b *builder) creditLine(s string, toks []token) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 0 || colon > 80 {
		return false
	}
	for k := range toks {
		t := &toks[k]
		if int(t.start) >= colon || k >= 5 {
			return false
		}
		if e := b.lx.m[t.h]; e != nil && e.role {
			return true
		}
	}
	return false
}

// matchAlias records alias a when it occurs at toks[k].
func (b *builder) matchAlias(s string, toks []token, k int, a int32) {
	al := &b.lx.aliases[a]
	if k+len(al.words) > len(toks) {
		return
	}
	for x, aw := range al.words {
		t := &toks[k+x]
		// a possessive breaks phrases, not aliases: "Moore's law"
		if t.stem != aw.stem || x > 0 && t.flags&fBreak != 0 && toks[k+x-1].flags&fEndPhrase == 0 {
			return
		}
		if aw.exact != "" && s[t.start:t.end] != aw.exact {
			return
		}
	}
	// "mechanistic interpretability" is one mention of the tag, not two
	// (with the alias "interpretability").
	end := int32(k + len(al.words))
	for x := range b.cover {
		if b.cover[x].entry == al.entry && b.cover[x].end >= end {
			return
		}
	}
	b.cover = append(b.cover, cover{entry: al.entry, end: end})
	w := b.w
	if len(b.lx.vocab[al.entry].ctx) > 0 {
		b.pend = append(b.pend, pendingTag{entry: al.entry, w: w})
		return
	}
	b.add(al.entry, w, "", 0, 0)
}

// flush turns the current run of content words into candidates: every
// sub-phrase of up to four words (two for long runs).
func (b *builder) flush(s string, toks []token, title, titleCase bool) {
	run := b.run
	L := len(run)
	if L == 0 {
		return
	}
	b.run = b.run[:0]
	b.markNames(toks, run)
	if !b.german && !titleCase {
		b.nameEvidence(toks, run)
	}
	maxN := 4
	if L > 6 {
		maxN = 2
	}
	for i0 := 0; i0 < L; i0++ {
		first := &toks[run[i0]]
		h := phraseStart
		var caps uint8
		for n := 1; n <= maxN && i0+n <= L; n++ {
			last := &toks[run[i0+n-1]]
			h = combine(h, last.stem)
			if last.flags&fProperStop != 0 {
				continue // "New" alone, "Great Barrier" are no names
			}
			if b.german && last.flags&(fUpper|fAllCaps|fInnerCaps) == 0 && !hasDigit(s[last.start:last.end]) {
				// German nouns are capitalised: "Datenstrukturen
				// entscheidend" ends in an adjective, no topic.
				continue
			}
			if last.flags&(fAllCaps|fInnerCaps) != 0 {
				caps = pCaps
			}
			// A camel-case word is a product's name ("HomePod"), but not a
			// site, a file or a hashtag ("iMore.com", "#GlobalNewsPod").
			camel := n == 1 && last.flags&fInnerCaps != 0 && last.flags&fAllCaps == 0 &&
				!strings.ContainsAny(s[last.start:min(int(last.end)+1, len(s))], ".-_/") && (last.start == 0 || s[last.start-1] != '#')
			id, ok := b.ids[h]
			if !ok {
				fl := uint8(n - 1)
				if b.lx.aliasPhrase[h] {
					fl |= pAlias
				}
				if n == 1 && b.lx.genericPhrase[h] {
					fl |= pGeneric
				}
				id = b.newPhrase(fl, h)
				b.ids[h] = id
			}
			w := b.w
			var flags uint8
			if caps != 0 {
				flags = cCaps
			}
			if camel {
				flags |= cCamel
			}
			vote := float32(2)
			switch {
			case title && titleCase:
				// capitals say nothing here: a phrase needs a second mention
				if n > 1 {
					w = wNotes
				} else {
					flags |= cTitle
				}
				vote = 0.5
			case title:
				flags |= cTitle
			}
			if first.flags&fSentence != 0 && vote > 1 {
				vote = 1
			}
			if first.flags&(fUpper|fSentence|fAllCaps) == fUpper && !titleCase {
				flags |= cProper
			}
			b.add(id, w, s[first.start:last.end], vote, flags)
		}
	}
}

// markNames finds person names in a run: two or three capitalised words
// starting with a given name ("Jan Leike", "Tim Florian Horn").
func (b *builder) markNames(toks []token, run []int32) {
	for k := 0; k+1 < len(run); k++ {
		t := &toks[run[k]]
		if t.flags&fTitle == 0 {
			continue
		}
		e := b.lx.m[t.stem]
		if e == nil || !e.name {
			continue
		}
		nx := &toks[run[k+1]]
		if nx.flags&fTitle == 0 {
			continue
		}
		end := k + 2
		if end < len(run) && toks[run[end]].flags&fTitle != 0 {
			end++
		}
		for x := k; x < end; x++ {
			b.names = appendUnique(b.names, toks[run[x]].stem)
		}
		k = end - 1
	}
}

// nameEvidence records the name evidence of a run (see builder.nameRuns).
func (b *builder) nameEvidence(toks []token, run []int32) {
	if len(run) == 1 {
		k := run[0]
		t := &toks[k]
		// "Mr. Sanders" is mid-sentence although the dot ends one
		afterTitle := k > 0 && toks[k-1].flags&fUpper != 0 && toks[k-1].end-toks[k-1].start <= 4 && b.isStop(&toks[k-1])
		if t.flags&fTitle != 0 && (t.flags&fSentence == 0 || afterTitle) {
			b.lone = appendUnique(b.lone, t.stem)
		}
		return
	}
	if len(run) > 3 {
		return
	}
	var r [3]uint64
	for x, k := range run {
		if toks[k].flags&(fTitle|fInnerCaps) == 0 {
			return
		}
		r[x] = toks[k].stem
	}
	r[2] = toks[run[len(run)-1]].stem
	if len(run) == 3 {
		r[1] = toks[run[1]].stem
	} else {
		r[1] = 0
	}
	b.nameRuns = append(b.nameRuns, r)
}

// isEpisodeCode reports whether the first word of a title is an episode
// number such as "CRE207" or "FS229".
func isEpisodeCode(w string) bool {
	k := 0
	for k < len(w) && (w[k] >= 'A' && w[k] <= 'Z' || w[k] >= 'a' && w[k] <= 'z') {
		k++
	}
	if k == 0 || k > 5 || k == len(w) {
		return false
	}
	for _, c := range []byte(w[k:]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

func appendUnique(s []uint64, v uint64) []uint64 {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// chooseLanguage picks the stopword languages of a show of n items, item
// i's language statistics being stat(i): the configured language, else the
// channel's declared <language> when a list ships for it and the text does
// not plainly contradict it, else the language whose stopwords the text hits
// most. English is always added (notes mix it in). skip is set, with the
// reason, when the show is in a script without spaces (CJK) or in a language
// the tagger has no list for.
func chooseLanguage(declared, configured string, n int, stat func(i int) *langStats) (langs uint16, skip string) {
	if configured != "" {
		if strings.EqualFold(configured, "none") {
			return 0, "disabled for this feed"
		}
		if bit := langBit(configured); bit != 0 {
			return bit | langEN, ""
		}
		return 0, "no stopwords for configured language " + configured
	}
	switch code := strings.ToLower(declared); {
	case strings.HasPrefix(code, "zh"), strings.HasPrefix(code, "ja"), strings.HasPrefix(code, "ko"), strings.HasPrefix(code, "th"):
		return 0, "language " + declared + " is not written with spaces"
	}
	var (
		hits      [len(languages)]int
		words     int
		cjk       int
		step      = 1
		maxSample = 24
	)
	if n > maxSample {
		step = n / maxSample
	}
	for i := 0; i < n; i += step {
		st := stat(i)
		for l := range languages {
			hits[l] += int(st.hits[l])
		}
		words += int(st.words)
		cjk += int(st.cjk)
	}
	if cjk > words {
		return 0, "text is mostly CJK"
	}
	best := 0
	for l := range languages {
		if hits[l] > hits[best] {
			best = l
		}
	}
	ratio := func(l int) float64 {
		if words == 0 {
			return 0
		}
		return float64(hits[l]) / float64(words)
	}
	if bit := langBit(declared); bit != 0 {
		l := 0
		for bit>>l != 1 {
			l++
		}
		if words < 50 || ratio(l) >= 0.08 || ratio(best) < 0.2 {
			return bit | langEN, ""
		}
		return 1<<best | langEN, ""
	}
	if words < 20 {
		if declared == "" {
			return langEN, ""
		}
		return 0, "no stopwords for language " + declared
	}
	if ratio(best) < 0.15 {
		return 0, "language not recognised"
	}
	return 1<<best | langEN, ""
}

// itemIndex returns the index of it in f.Items, -1 when it is not one.
func itemIndex(f *enrich.Feed, it *feed.Item) int {
	for i := range f.Items {
		if &f.Items[i] == it {
			return i
		}
	}
	return -1
}
