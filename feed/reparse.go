package feed

import (
	"bytes"
	"slices"
	"sort"
)

// This file is the incremental re-parse of a refreshed feed. A refresh
// usually differs from the previous body only near the top (a new episode,
// a changed lastBuildDate); everything from some item on is byte for byte
// the same. Parse is a deterministic machine over the bytes: if its state
// where that item starts is the same in both parses, what it does with the
// identical rest is the same too, but for offsets, which move by the
// difference in length. Reparse therefore scans the new feed only up to
// that item, compares the state, and takes the rest from the previous
// Document, shifted.

// resumeState is what a Document records of its parse for Reparse.
type resumeState struct {
	// The scanner and namespace state inside the channel, recorded at the
	// <channel> start tag: it does not change until </channel>.
	binds   []bindSnap
	dfltTop int
	stack   []openSnap // <rss>, <channel>
	globals [nsWritten]nsGlobal
	marks   []itemMark // one per item, in order
}

type bindSnap struct {
	prefix, uri string
	id          nsID
	dflt        bool
	prev        int
}

type openSnap struct {
	name string
	mark int
}

// itemMark is the parser's state ahead of an item's start tag: all the
// state the item and what follows it can read that the items and channel
// children before it may have changed.
type itemMark struct {
	off int // offset of "<item"

	title, link, description, language, author, newFeedURL string
	cats, persons                                          int // len(Channel.Categories), len(Channel.Persons)
	itunesImage, chanImageURL                              string
	selfLinks, drops, blocks                               int // len(layout.selfLinks) ...
	hadChild, itemSeen                                     bool
}

func (p *parser) snapScope() (binds []bindSnap, stack []openSnap) {
	s := &p.s
	binds = make([]bindSnap, len(s.bindings))
	for i, b := range s.bindings {
		binds[i] = bindSnap{prefix: string(s.src[b.prefix.start:b.prefix.end]), uri: b.uri, id: b.id, dflt: b.dflt, prev: b.prev}
	}
	stack = make([]openSnap, len(s.stack))
	for i, o := range s.stack {
		stack[i] = openSnap{name: string(s.src[o.name.start:o.name.end]), mark: o.mark}
	}
	return binds, stack
}

// recordChannelScope records the namespace state at the <channel> start tag.
func (p *parser) recordChannelScope() {
	R := &p.doc.layout.resume
	R.binds, R.stack = p.snapScope()
	R.dfltTop = p.s.dfltTop
	R.globals = p.globals
}

// recordItemMark records the state ahead of an item start tag; hadChild is
// chanHasChild before the tag.
func (p *parser) recordItemMark(hadChild bool) {
	ch := &p.doc.Channel
	L := &p.doc.layout
	L.resume.marks = append(L.resume.marks, itemMark{
		off:   p.s.start,
		title: ch.Title, link: ch.Link, description: ch.Description, language: ch.Language,
		author: ch.Author, newFeedURL: ch.NewFeedURL,
		cats: len(ch.Categories), persons: len(ch.Persons),
		itunesImage: p.itunesImage, chanImageURL: p.chanImageURL,
		selfLinks: len(L.selfLinks), drops: len(L.drops), blocks: len(L.blocks),
		hadChild: hadChild, itemSeen: p.itemSeen,
	})
}

// Reparse parses raw, the refreshed body of the feed d was parsed from, and
// returns exactly what Parse(raw) returns: the same Src, Repairs, Channel
// and Items (Raw slicing the new Src), the same layout (Render writes the
// same bytes) and, for input Parse rejects, the same error. The result
// shares no mutable memory with d: slices are copied, strings shared.
//
// It reuses d's work for the part of the feed that did not change: when
// the new feed ends with the same bytes as d.Src from some item on, it scans
// only up to that item and, if the parse state there equals d's, takes that
// item and everything after it from d, with offsets moved. Anything else —
// d nil, not from Parse or Reparse, or with Repairs; raw needing a repair
// or transcoding; the state differing; an error before that item — makes
// it Parse(raw) in full. d is read, never modified; d.Src must not have
// been modified since d was returned (Parse's own condition on raw).
func (d *Document) Reparse(raw []byte) (*Document, error) {
	if d == nil || len(d.Repairs) > 0 || d.layout.atom || len(d.layout.resume.marks) != len(d.Items) ||
		len(d.layout.items) != len(d.Items) || len(d.Items) == 0 {
		return Parse(raw)
	}
	src, repairs, err := prepare(raw)
	if err != nil || len(repairs) > 0 {
		return Parse(raw)
	}
	doc := d.reparse(src)
	if doc == nil {
		return Parse(raw)
	}
	doc.Repairs = repairs
	return doc, nil
}

// reparse returns the Document of src built from d's tail, or nil when
// that is not provably what parseSrc(src) returns.
func (d *Document) reparse(src []byte) *Document {
	old := d.Src
	R := &d.layout.resume
	n := commonSuffix(old, src)
	k := sort.Search(len(R.marks), func(i int) bool { return R.marks[i].off >= len(old)-n })
	if k == len(R.marks) {
		return nil
	}
	m := &R.marks[k]
	delta := len(src) - len(old)
	stop := m.off + delta

	p := newParser(src)
	p.s.limit = stop
	if !p.run() || p.s.pos != stop || !p.sameState(d, m) {
		return nil
	}

	doc := p.doc
	L := &doc.layout
	if !p.chanHasChild {
		L.chanIndent = indentBefore(src, stop) // what the item's start tag sets
	}
	doc.Channel = d.Channel
	doc.Channel.Categories = slices.Clone(d.Channel.Categories)
	doc.Channel.Persons = slices.Clone(d.Channel.Persons)

	dl := &d.layout
	for i := k; i < len(d.Items); i++ {
		it := d.Items[i]
		it.Categories = slices.Clone(it.Categories)
		it.Transcripts = slices.Clone(it.Transcripts)
		it.PSCChapters = slices.Clone(it.PSCChapters)
		it.Persons = slices.Clone(it.Persons)
		il := dl.items[i]
		il.start += delta
		il.tagEnd += delta
		il.insertAt += delta
		il.indent = il.indent.shift(delta)
		il.desc, il.content = il.desc.shift(delta), il.content.shift(delta)
		end := il.start + len(it.Raw)
		it.Raw = src[il.start:end:end]
		doc.Items = append(doc.Items, it)
		L.items = append(L.items, il)
		mk := R.marks[i]
		mk.off += delta
		if i == k {
			mk.hadChild, mk.itemSeen = p.chanHasChild, p.itemSeen
		}
		L.resume.marks = append(L.resume.marks, mk)
	}
	for _, sl := range dl.selfLinks[m.selfLinks:] {
		sl.val = sl.val.shift(delta)
		L.selfLinks = append(L.selfLinks, sl)
	}
	for _, sp := range dl.drops[m.drops:] {
		L.drops = append(L.drops, sp.shift(delta))
	}
	for _, b := range dl.blocks[m.blocks:] {
		if b.selfClose {
			b.elem = b.elem.shift(delta)
		} else {
			b.content = b.content.shift(delta)
		}
		L.blocks = append(L.blocks, b)
	}
	return doc
}

func (sp span) shift(delta int) span { return span{sp.start + delta, sp.end + delta} }

// sameState reports whether p, stopped ahead of an item start tag, is in
// the state d's parse was in ahead of the item marked m.
func (p *parser) sameState(d *Document, m *itemMark) bool {
	s := &p.s
	R := &d.layout.resume
	L := &p.doc.layout
	ch := &p.doc.Channel
	if p.fail != nil || s.err != nil || s.pendingEnd || p.sink != sinkNone || !p.channelSeen || L.atom ||
		len(p.roles) != 2 || p.roles[0] != rRSS || p.roles[1] != rChannel || len(s.stack) != 2 ||
		len(L.items) != len(p.doc.Items) || len(L.resume.marks) != len(L.items) {
		return false
	}
	binds, stack := p.snapScope()
	if !slices.Equal(binds, R.binds) || !slices.Equal(stack, R.stack) || s.dfltTop != R.dfltTop || p.globals != R.globals {
		return false
	}
	dc := &d.Channel
	// chanHasChild and itemSeen may differ: the item's start tag sets both,
	// and reparse redoes the only thing it does with the first (chanIndent).
	return ch.Title == m.title && ch.Link == m.link && ch.Description == m.description &&
		ch.Language == m.language && ch.Author == m.author && ch.NewFeedURL == m.newFeedURL && ch.Image == "" &&
		p.itunesImage == m.itunesImage && p.chanImageURL == m.chanImageURL &&
		len(ch.Categories) == m.cats && m.cats <= len(dc.Categories) && slices.Equal(ch.Categories, dc.Categories[:m.cats]) &&
		len(ch.Persons) == m.persons && m.persons <= len(dc.Persons) && slices.Equal(ch.Persons, dc.Persons[:m.persons]) &&
		len(L.selfLinks) == m.selfLinks && len(L.drops) == m.drops && len(L.blocks) == m.blocks &&
		m.selfLinks <= len(d.layout.selfLinks) && m.drops <= len(d.layout.drops) && m.blocks <= len(d.layout.blocks)
}

// commonSuffix returns the length of the longest common suffix of a and b.
func commonSuffix(a, b []byte) int {
	const chunk = 4096
	n := min(len(a), len(b))
	i := 0
	for i+chunk <= n && bytes.Equal(a[len(a)-i-chunk:len(a)-i], b[len(b)-i-chunk:len(b)-i]) {
		i += chunk
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}
