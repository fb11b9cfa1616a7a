package feed

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Errors Parse returns besides *SyntaxError; match them with errors.Is.
var (
	// ErrNotFeed: the document is not RSS 2.0 or Atom. The error Parse
	// returns names the root element: "feed: not an RSS or Atom feed (root
	// element <html>)".
	ErrNotFeed = errors.New("feed: not an RSS or Atom feed")
	// ErrNoChannel: an <rss> without a <channel>.
	ErrNoChannel = errors.New("feed: no <channel> in <rss>")
)

// maxRepairRounds bounds the scan-repair-rescan loop of Parse.
const maxRepairRounds = 12

// Parse reads an upstream feed: RSS 2.0, or Atom (converted to RSS 2.0 by
// atomToRSS first), in UTF-8, UTF-16 or any encoding its XML declaration
// names. Namespaced elements are matched by URI, never by prefix.
//
// A clean UTF-8 feed is scanned once and Document.Src is raw itself (not a
// copy; the caller must not modify raw afterwards). Otherwise Parse repairs
// what real feeds get wrong and lists each repair in Document.Repairs: a byte
// order mark, a non-UTF-8 encoding (see prepare.go: ISO-8859-1 is read as
// windows-1252), junk before the XML declaration or root element, junk after
// the root element, HTML named entities and bare '&', and well-known
// namespace prefixes used without a declaration.
//
// What Parse reads (see types.go): items are the <item> children of the
// first <channel> of the <rss> root, all in no namespace. Short text fields
// are trimmed, descriptions and content:encoded are kept as decoded. For
// single-valued fields the first element wins. Channel.Categories holds the
// <category> texts and the itunes:category text attributes, subcategories
// included, without case-insensitive duplicates; so does Item.Categories for
// the item's <category> texts. A podcast:person without role or group gets
// the namespace's defaults, "host" and "cast"; one without a name is
// skipped, as is a psc:chapter whose start is not Normal Play Time.
//
// Errors: *SyntaxError for XML that is not well-formed and could not be
// repaired; ErrNotFeed (wrapped, naming the root element) for a document that
// is not RSS or Atom; ErrNoChannel; "feed: unsupported encoding" for an
// encoding it cannot decode; for an Atom feed it cannot convert, the error of
// atomToRSS ("feed: atom: ...") or one wrapping why the converted RSS does
// not parse. Parse never returns part of a feed, and never panics.
func Parse(raw []byte) (*Document, error) {
	src, repairs, err := prepare(raw)
	if err != nil {
		return nil, err
	}
	var (
		junkDropped, entitiesFixed, trailingCut bool
		prefixRounds                            int
		adj                                     posAdjust
	)
	for round := 0; ; round++ {
		doc, f := parseSrc(src)
		if f == nil {
			if doc.layout.atom {
				return parseConverted(src, repairs)
			}
			doc.Repairs = repairs
			return doc, nil
		}
		if round >= maxRepairRounds {
			return nil, f.error(src, adj)
		}
		syn := f.syn
		switch {
		case (f.notFeed || syn != nil && syn.code == errBeforeRoot) && !junkDropped:
			junkDropped = true
			drop, what := junkEnd(src)
			if drop.end <= drop.start {
				if f.notFeed {
					return nil, f.err
				}
				if name, ok := sniffRoot(src); !ok || !isFeedRootName(name) {
					return nil, notFeedError(name, ok)
				}
				return nil, f.error(src, adj)
			}
			adj.drop(src[drop.start:drop.end], drop.start == 0)
			repairs = append(repairs, fmt.Sprintf("removed %d bytes before the %s", drop.end-drop.start, what))
			if drop.start > 0 {
				src = append(src[:drop.start:drop.start], src[drop.end:]...)
				break
			}
			var more []string
			src, more, err = prepareDecl(src[drop.end:])
			if err != nil {
				return nil, err
			}
			repairs = append(repairs, more...)
		case syn == nil: // ErrNotFeed, ErrNoChannel
			return nil, f.err
		case syn.code == errEntity && !entitiesFixed:
			entitiesFixed = true
			var notes []string
			src, notes = fixEntities(src)
			repairs = append(repairs, notes...)
		case syn.code == errUnbound && prefixRounds < 4 && knownNamespace(syn.arg) != "" && f.rootAttrEnd >= 0:
			prefixRounds++
			var notes []string
			src, notes = declarePrefixes(src, f.rootStart, f.rootAttrEnd, syn.arg)
			repairs = append(repairs, notes...)
		case syn.code == errAfterRoot && !trailingCut && f.rootFeed && f.rootEnd > 0:
			trailingCut = true
			repairs = append(repairs, fmt.Sprintf("removed %d bytes after the root element", len(src)-f.rootEnd))
			src = src[:f.rootEnd]
		default:
			return nil, f.error(src, adj)
		}
	}
}

// parseConverted converts the (well-formed) Atom feed src to RSS and parses
// that.
func parseConverted(src []byte, repairs []string) (*Document, error) {
	out, err := convertAtom(src)
	if err != nil {
		return nil, err
	}
	doc, f := parseSrc(out)
	if f != nil {
		return nil, fmt.Errorf("feed: the RSS converted from Atom does not parse: %w", f.error(out, posAdjust{}))
	}
	if doc.layout.atom {
		return nil, errors.New("feed: the conversion from Atom returned Atom")
	}
	doc.Repairs = append(repairs, "converted from Atom")
	return doc, nil
}

// convertAtom calls atomToRSS, turning a panic in it (or in the libraries it
// uses) into an error: Parse never panics.
func convertAtom(src []byte) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("feed: atom: conversion failed: %v", r)
		}
	}()
	return atomToRSS(src)
}

// posAdjust maps positions in a buffer whose start was dropped back to the
// input.
type posAdjust struct {
	lines   int // line breaks dropped
	lastCol int // characters dropped after the last dropped line break
}

// drop accounts for the dropped bytes b; atStart says they were the
// buffer's first bytes (else only the line count is kept right).
func (a *posAdjust) drop(b []byte, atStart bool) {
	line, col := position(b, len(b))
	if !atStart {
		a.lines += line - 1
		return
	}
	if line > 1 {
		a.lines += line - 1
		a.lastCol = col - 1
	} else {
		a.lastCol += col - 1
	}
}

// failure is why parseSrc gave up.
type failure struct {
	syn     *SyntaxError
	err     error // ErrNotFeed, ErrNoChannel (wrapped)
	notFeed bool

	rootStart, rootAttrEnd, rootEnd int
	rootFeed                        bool // the root is <rss> or an Atom <feed>
}

// error returns the error Parse reports for f, with the position of a
// SyntaxError computed in src.
func (f *failure) error(src []byte, adj posAdjust) error {
	if f.syn == nil {
		return f.err
	}
	e := f.syn
	e.Line, e.Column = position(src, e.off)
	if e.Line == 1 {
		e.Column += adj.lastCol
	}
	e.Line += adj.lines
	return e
}

func notFeedError(root string, found bool) error {
	if !found {
		if root == "" {
			return fmt.Errorf("%w (no root element)", ErrNotFeed)
		}
		return fmt.Errorf("%w (starts with %q)", ErrNotFeed, root)
	}
	return fmt.Errorf("%w (root element <%s>)", ErrNotFeed, root)
}

// sniffRoot guesses the root element's name of a document that is not
// well-formed: the first start tag. Without one it returns the first few
// characters, and false.
func sniffRoot(src []byte) (string, bool) {
	for i := 0; i+1 < len(src); i++ {
		if src[i] != '<' {
			continue
		}
		c := src[i+1]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
			continue
		}
		j := i + 1
		for j < len(src) && j-i < 64 && nameASCII[src[j]] {
			j++
		}
		return string(src[i+1 : j]), true
	}
	t := bytes.TrimSpace(src)
	if len(t) > 16 {
		t = t[:16]
	}
	return strings.ToValidUTF8(string(t), "?"), false
}

func isFeedRootName(name string) bool {
	_, local, ok := strings.Cut(name, ":")
	if !ok {
		local = name
	}
	return local == "rss" || local == "feed"
}

// layout is what Render needs to splice: byte offsets into Src recorded by
// Parse, and how to write each namespace Render writes.
type layout struct {
	atom bool // the root is an Atom <feed> (Parse converts it)

	rootAttrEnd int    // offset of the ">" (or "/>") of the <rss> start tag
	rootAttrSep string // white space written before an added xmlns declaration

	chanTagEnd       int  // offset after the <channel> start tag
	chanSelfClose    bool // <channel/>: chanTagEnd-2 is its "/>"
	chanIndent       span // line break and indentation of the channel's children
	chanInsert       int  // after the last channel child before the first item; -1 when none
	chanInsertMirror int  // the same, not counting the children Mirror drops
	chanScope        *nsScope

	selfLinks []selfLink // channel-level atom:link rel="self"
	drops     []span     // channel-level elements Mirror removes, with their line
	blocks    []blockEl  // channel-level itunes:block

	items []itemLayout // one per Document.Items

	resume resumeState // what Reparse compares; see reparse.go
}

// itemLayout is where Render splices into one item.
type itemLayout struct {
	start     int  // offset of "<item"
	tagEnd    int  // offset after the item's start tag
	insertAt  int  // where additions go: after the last child, before the white space ahead of </item>
	selfClose bool // <item/>: insertAt is the offset of its "/>"
	indent    span // line break and indentation of the item's children ("\n      ")
	scope     *nsScope
	// Where the item's first description and content:encoded end, for
	// RenderOptions.DescriptionChapters.
	desc, content notesEnd
}

// notesEnd is where text can be added to the end of an element holding
// show notes.
type notesEnd struct {
	// end is the offset of the element's end tag; 0 when the item has no
	// such element, or it is an empty-element tag or has child elements.
	end int
	// cdata is the offset of the "]]>" closing the element's content when
	// that is a single CDATA section, with only white space around it; 0
	// otherwise.
	cdata int
}

func (n notesEnd) shift(delta int) notesEnd {
	if n.end != 0 {
		n.end += delta
	}
	if n.cdata != 0 {
		n.cdata += delta
	}
	return n
}

// selfLink is the href of a channel atom:link rel="self".
type selfLink struct {
	val   span // the href value between its quotes
	quote byte // 0: the element has no href; val.start is where to add one
}

// blockEl is a channel-level itunes:block.
type blockEl struct {
	content   span // its content, replaced by "Yes"
	selfClose bool // <itunes:block/>: elem is replaced
	elem      span
	qname     string
}

// nsScope says, for each namespace Render writes (indexed by nsID), how to
// write its elements at one place in the feed.
type nsScope [nsWritten]nsPick

// nsPick is how to write the elements of one namespace at one place.
type nsPick struct {
	prefix string
	uri    string // the URI to declare, when mode is not pickBound
	mode   uint8
}

const (
	pickBound = iota // prefix is bound to the namespace there
	pickRoot         // prefix is unbound there: declare it on <rss>
	pickLocal        // prefix is bound to another namespace there: declare it on the element
)

// nsGlobal is the prefix Render uses for a namespace unless a local binding
// says otherwise: the one bound on <rss>, else the usual one ("podcast"), or
// a free variant when <rss> binds the usual one to another namespace.
type nsGlobal struct {
	prefix, uri string
}

func canonicalNS(w nsID) (prefix, uri string) {
	switch w {
	case nsPodcast:
		return "podcast", NSPodcast
	case nsPSC:
		return "psc", NSPSC
	case nsItunes:
		return "itunes", NSItunes
	case nsAtom:
		return "atom", NSAtom
	}
	return "", ""
}

type role uint8

const (
	rOther role = iota
	rRSS
	rAtomRoot
	rChannel
	rItem
	rChanImage
	rPSCChapters
	rItunesCategory
)

// sink is where collected character data goes when its element ends.
type sink uint8

const (
	sinkNone         sink = iota
	sinkField             // *parser.target, when still empty
	sinkItemCategory      // appended to the item's categories
	sinkChanCategory      // appended to the channel's categories
	sinkItemPerson        // name of parser.person, appended to the item
	sinkChanPerson        // name of parser.person, appended to the channel
	sinkChanImageURL      // channel <image><url>
)

type parser struct {
	s     scanner
	doc   *Document
	roles []role
	fail  *failure

	globals    [nsWritten]nsGlobal
	scopeCache *nsScope
	scopeGen   int
	scopeLen   int

	channelSeen  bool
	chanHasChild bool
	itemSeen     bool
	child        struct {
		start int
		drop  bool // Mirror drops it
		block int  // index in layout.blocks, -1 when not an itunes:block
	}
	itunesImage  string
	chanImageURL string
	chanCats     uniqueSet
	itemCats     uniqueSet

	cur          Item
	curL         itemLayout
	itemHasChild bool
	curEnclosure bool
	curGUID      bool

	// The description or content:encoded being read, see notesEnd: where
	// to record its end, the Item field its text goes to and whether that
	// was set before it, its depth (len(roles) before its start tag; -1
	// when none), what its content held so far.
	notes struct {
		el     *notesEnd
		field  *string
		had    bool
		depth  int
		cdatas int  // CDATA sections
		cdata  int  // the "]]>" of the last
		text   bool // character data other than white space
		child  bool // child elements
	}

	sink      sink
	target    *string
	trim      bool
	sinkDepth int
	buf       []byte
	person    Person
}

// parseSrc scans src once and extracts the Document. f is non-nil when src
// is not a well-formed RSS or Atom feed.
func parseSrc(src []byte) (doc *Document, f *failure) {
	p := newParser(src)
	p.run()
	s := &p.s
	if p.fail == nil && s.err != nil {
		p.fail = &failure{syn: s.err}
	}
	if p.fail == nil && !p.doc.layout.atom && !p.channelSeen {
		p.fail = &failure{err: ErrNoChannel}
	}
	if p.fail != nil {
		p.fail.rootStart, p.fail.rootAttrEnd, p.fail.rootEnd = s.rootStart, s.rootAttrEnd, -1
		if s.rootDone {
			p.fail.rootEnd = s.rootEnd
		}
		p.fail.rootFeed = len(p.roles) > 0 && (p.roles[0] == rRSS || p.roles[0] == rAtomRoot) || p.channelSeen || p.doc.layout.atom
		return nil, p.fail
	}
	return p.doc, nil
}

func newParser(src []byte) *parser {
	p := &parser{
		s:     newScanner(src),
		doc:   &Document{Src: src},
		roles: make([]role, 0, 16),
		buf:   make([]byte, 0, 256),
	}
	p.doc.layout.chanInsert, p.doc.layout.chanInsertMirror = -1, -1
	p.notes.depth = -1
	return p
}

// run scans up to the end of the input, an error or a failure, or to
// p.s.limit; it reports whether it stopped at the limit.
func (p *parser) run() (stopped bool) {
	s := &p.s
	src := s.src
	for {
		switch tok := s.next(); tok {
		case tokEOF:
			return false
		case tokStop:
			return true
		case tokStart:
			if !p.start() {
				return false
			}
		case tokEnd:
			p.end()
		case tokText, tokCDATA:
			if p.sink != sinkNone {
				p.buf = appendCharData(p.buf, src[s.text.start:s.text.end], s.textRef, s.textCR)
			}
			if p.notes.depth >= 0 && len(p.roles) == p.notes.depth+1 {
				p.notesText(tok)
			}
		}
	}
}

// localIs reports whether the current start tag's local name is name.
func (p *parser) localIs(name string) bool {
	return string(p.s.src[p.s.local.start:p.s.local.end]) == name
}

func (p *parser) local() string {
	return string(p.s.src[p.s.local.start:p.s.local.end])
}

// start handles a start tag; false stops the scan.
func (p *parser) start() bool {
	s := &p.s
	depth := len(p.roles)
	if depth == p.notes.depth+1 {
		p.notes.child = true
	}
	r := rOther
	if depth == 0 {
		r = p.root()
		if p.fail != nil {
			return false
		}
	} else {
		switch p.roles[depth-1] {
		case rRSS:
			if !p.channelSeen && s.ns == nsNone && p.localIs("channel") {
				r = rChannel
				p.channelStart()
			}
		case rChannel:
			r = p.channelChild()
		case rItem:
			r = p.itemChild()
		case rChanImage:
			if s.ns == nsNone && p.localIs("url") {
				p.collect(sinkChanImageURL, nil, true)
			}
		case rPSCChapters:
			if s.ns == nsPSC && p.localIs("chapter") {
				p.pscChapter()
			}
		case rItunesCategory:
			if s.ns == nsItunes && p.localIs("category") {
				p.itunesCategory()
				r = rItunesCategory
			}
		}
	}
	p.roles = append(p.roles, r)
	return true
}

func (p *parser) end() {
	d := len(p.roles) - 1
	if d < 0 {
		return
	}
	if p.sink != sinkNone && d == p.sinkDepth {
		p.finishSink()
	}
	if d == p.notes.depth {
		p.endNotes()
	}
	switch p.roles[d] {
	case rItem:
		p.itemEnd()
	case rChannel:
		p.channelEnd()
	}
	if d >= 1 && p.roles[d-1] == rChannel {
		p.channelChildEnd()
	}
	p.roles = p.roles[:d]
}

// collect starts collecting the character data of the current element.
func (p *parser) collect(k sink, target *string, trim bool) {
	if p.sink != sinkNone {
		return
	}
	p.sink, p.target, p.trim = k, target, trim
	p.sinkDepth = len(p.roles)
	p.buf = p.buf[:0]
}

func (p *parser) finishSink() {
	k := p.sink
	p.sink = sinkNone
	b := p.buf
	if p.trim {
		b = bytes.TrimSpace(b)
	}
	switch k {
	case sinkField:
		if *p.target == "" && len(b) > 0 {
			*p.target = string(b)
		}
	case sinkItemCategory:
		if len(b) > 0 {
			p.cur.Categories = p.itemCats.add(p.cur.Categories, string(b))
		}
	case sinkChanCategory:
		if len(b) > 0 {
			p.doc.Channel.Categories = p.chanCats.add(p.doc.Channel.Categories, string(b))
		}
	case sinkItemPerson:
		if len(b) > 0 {
			p.person.Name = string(b)
			p.cur.Persons = append(p.cur.Persons, p.person)
		}
	case sinkChanPerson:
		if len(b) > 0 {
			p.person.Name = string(b)
			p.doc.Channel.Persons = append(p.doc.Channel.Persons, p.person)
		}
	case sinkChanImageURL:
		if p.chanImageURL == "" {
			p.chanImageURL = string(b)
		}
	}
}

// uniqueSet drops case-insensitive duplicates from a growing list: by
// comparison while it is short, with a map of lower-cased values beyond, so
// that a feed with thousands of categories stays linear.
type uniqueSet struct {
	seen map[string]bool
}

// add appends v to list unless list holds it.
func (u *uniqueSet) add(list []string, v string) []string {
	const short = 16
	if len(list) < short {
		for _, x := range list {
			if strings.EqualFold(x, v) {
				return list
			}
		}
		return append(list, v)
	}
	if u.seen == nil {
		u.seen = make(map[string]bool, 2*short)
		for _, x := range list {
			u.seen[strings.ToLower(x)] = true
		}
	}
	k := strings.ToLower(v)
	if u.seen[k] {
		return list
	}
	u.seen[k] = true
	return append(list, v)
}

// root handles the root element: <rss>, or an Atom <feed>.
func (p *parser) root() role {
	s := &p.s
	switch {
	case s.ns == nsNone && p.localIs("rss"):
		p.rootRSS()
		return rRSS
	case p.localIs("feed") && (s.ns == nsNone || s.ns == nsAtom || p.elemURI() == atom03URI):
		p.doc.layout.atom = true
		return rAtomRoot
	}
	name := string(s.src[s.name.start:s.name.end])
	p.fail = &failure{notFeed: true, err: notFeedError(name, true)}
	if uri := p.elemURI(); uri != "" && (p.localIs("rss") || p.localIs("feed")) {
		p.fail.err = fmt.Errorf("%w (root element <%s> in namespace %s)", ErrNotFeed, name, uri)
	}
	return rOther
}

// elemURI returns the namespace URI of the current start tag.
func (p *parser) elemURI() string {
	s := &p.s
	if s.local.start == s.name.start {
		if s.dfltTop >= 0 {
			return s.bindings[s.dfltTop].uri
		}
		return ""
	}
	if b := s.lookup(s.src[s.name.start : s.local.start-1]); b >= 0 {
		return s.bindings[b].uri
	}
	return ""
}

// rootRSS records what Render needs of the <rss> start tag and picks the
// prefix of each namespace Render writes.
func (p *parser) rootRSS() {
	s := &p.s
	L := &p.doc.layout
	L.rootAttrEnd = s.rootAttrEnd
	L.rootAttrSep = " "
	if n := len(s.attrs); n > 0 {
		a := s.attrs[n-1].name.start
		i := a
		for i > 0 && isSpace(s.src[i-1]) {
			i--
		}
		if ws := s.src[i:a]; bytes.ContainsAny(ws, "\r\n") {
			L.rootAttrSep = string(ws)
		}
	}
	for w := nsPodcast; w < nsWritten; w++ {
		base, canon := canonicalNS(w)
		g := nsGlobal{}
		for _, b := range s.bindings {
			if b.dflt || b.id != w {
				continue
			}
			if g.prefix == "" || b.uri == canon && g.uri != canon {
				g = nsGlobal{prefix: string(s.src[b.prefix.start:b.prefix.end]), uri: b.uri}
			}
		}
		if g.prefix == "" {
			name := base
			for k := 2; p.lookupString(name) >= 0; k++ {
				name = base + strconv.Itoa(k)
			}
			g = nsGlobal{prefix: name, uri: canon}
		}
		p.globals[w] = g
	}
}

func (p *parser) lookupString(prefix string) int {
	if top := p.s.top[prefix]; top != nil {
		return *top
	}
	return -1
}

// scopeHere returns how to write each namespace inside the current element.
// Elements that declare nothing share their parent's answer.
func (p *parser) scopeHere() *nsScope {
	s := &p.s
	if p.scopeCache != nil && s.bindGen == p.scopeGen && len(s.bindings) == p.scopeLen {
		return p.scopeCache
	}
	sc := &nsScope{}
	for w := nsPodcast; w < nsWritten; w++ {
		sc[w] = p.pick(w)
	}
	p.scopeCache, p.scopeGen, p.scopeLen = sc, s.bindGen, len(s.bindings)
	return sc
}

// pick decides how to write the elements of namespace w inside the current
// element: with the global prefix when it is bound to w there, else with
// the innermost other prefix bound to w, else declaring the global prefix
// (on <rss> when nothing binds it, on the element when it is rebound).
func (p *parser) pick(w nsID) nsPick {
	s := &p.s
	g := p.globals[w]
	b := p.lookupString(g.prefix)
	switch {
	case b < 0:
		return nsPick{prefix: g.prefix, uri: g.uri, mode: pickRoot}
	case s.bindings[b].id == w:
		return nsPick{prefix: g.prefix, mode: pickBound}
	}
	for k := len(s.byNS[w]) - 1; k >= 0; k-- {
		i := s.byNS[w][k]
		bi := &s.bindings[i]
		if s.lookup(s.src[bi.prefix.start:bi.prefix.end]) == i {
			return nsPick{prefix: string(s.src[bi.prefix.start:bi.prefix.end]), mode: pickBound}
		}
	}
	return nsPick{prefix: g.prefix, uri: g.uri, mode: pickLocal}
}

func (p *parser) channelStart() {
	s := &p.s
	L := &p.doc.layout
	p.channelSeen = true
	L.chanTagEnd = s.end
	L.chanSelfClose = s.selfClose
	L.chanIndent = span{s.end, s.end}
	L.chanScope = p.scopeHere()
	p.recordChannelScope()
}

func (p *parser) channelEnd() {
	ch := &p.doc.Channel
	ch.Image = p.itunesImage
	if ch.Image == "" {
		ch.Image = p.chanImageURL
	}
}

// channelChild handles a start tag directly inside the channel.
func (p *parser) channelChild() role {
	s := &p.s
	L := &p.doc.layout
	ch := &p.doc.Channel
	hadChild := p.chanHasChild
	if !p.chanHasChild {
		p.chanHasChild = true
		L.chanIndent = indentBefore(s.src, s.start)
	}
	p.child.start, p.child.drop, p.child.block = s.start, false, -1
	switch s.ns {
	case nsNone:
		switch p.local() {
		case "item":
			p.recordItemMark(hadChild)
			p.itemStart()
			return rItem
		case "title":
			p.collect(sinkField, &ch.Title, true)
		case "link":
			p.collect(sinkField, &ch.Link, true)
		case "description":
			p.collect(sinkField, &ch.Description, false)
		case "language":
			p.collect(sinkField, &ch.Language, true)
		case "category":
			p.collect(sinkChanCategory, nil, true)
		case "image":
			return rChanImage
		}
	case nsItunes:
		switch p.local() {
		case "author":
			p.collect(sinkField, &ch.Author, true)
		case "image":
			if v, ok := s.attrValueOf("href"); ok && p.itunesImage == "" {
				p.itunesImage = strings.TrimSpace(v)
			}
		case "category":
			p.itunesCategory()
			return rItunesCategory
		case "new-feed-url":
			p.collect(sinkField, &ch.NewFeedURL, true)
			p.child.drop = true
		case "block":
			b := blockEl{qname: string(s.src[s.name.start:s.name.end])}
			if s.selfClose {
				b.selfClose, b.elem = true, span{s.start, s.end}
			} else {
				b.content.start = s.end
			}
			p.child.block = len(L.blocks)
			L.blocks = append(L.blocks, b)
		}
	case nsPodcast:
		switch p.local() {
		case "person":
			p.personStart(sinkChanPerson)
		case "newFeedUrl":
			p.collect(sinkField, &ch.NewFeedURL, true)
			p.child.drop = true
		case "txt", "podping":
			p.child.drop = true
		}
	case nsAtom:
		if p.localIs("link") {
			p.atomLink()
		}
	}
	return rOther
}

// atomLink records a channel-level atom:link rel="self".
func (p *parser) atomLink() {
	s := &p.s
	var rel, href *tagAttr
	for i := range s.attrs {
		a := &s.attrs[i]
		if a.colon >= 0 {
			continue
		}
		switch string(s.src[a.name.start:a.name.end]) {
		case "rel":
			rel = a
		case "href":
			href = a
		}
	}
	if rel == nil || strings.TrimSpace(s.attrString(rel)) != "self" {
		return
	}
	L := &p.doc.layout
	if href == nil {
		L.selfLinks = append(L.selfLinks, selfLink{val: span{s.name.end, s.name.end}})
		return
	}
	L.selfLinks = append(L.selfLinks, selfLink{val: href.val, quote: s.src[href.val.start-1]})
}

func (p *parser) itunesCategory() {
	if v, ok := p.s.attrValueOf("text"); ok {
		if v = strings.TrimSpace(v); v != "" {
			p.doc.Channel.Categories = p.chanCats.add(p.doc.Channel.Categories, v)
		}
	}
}

func (p *parser) channelChildEnd() {
	s := &p.s
	L := &p.doc.layout
	if p.child.drop {
		L.drops = append(L.drops, lineSpan(s.src, p.child.start, s.end))
	}
	if b := p.child.block; b >= 0 && !L.blocks[b].selfClose {
		L.blocks[b].content.end = s.start
	}
	if !p.itemSeen {
		L.chanInsert = s.end
		if !p.child.drop {
			L.chanInsertMirror = s.end
		}
	}
}

// indentBefore returns the line break and indentation ahead of the tag at
// off ("\n    "), or an empty span at off when the tag does not start a line.
func indentBefore(src []byte, off int) span {
	i := off
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	switch {
	case i > 0 && src[i-1] == '\n':
		i--
		if i > 0 && src[i-1] == '\r' {
			i--
		}
		return span{i, off}
	case i > 0 && src[i-1] == '\r':
		return span{i - 1, off}
	}
	return span{off, off}
}

// lineSpan returns the element [start, end) with its whole line when it
// stands alone on it, else the element alone.
func lineSpan(src []byte, start, end int) span {
	a := start
	for a > 0 && (src[a-1] == ' ' || src[a-1] == '\t') {
		a--
	}
	b := end
	for b < len(src) && (src[b] == ' ' || src[b] == '\t') {
		b++
	}
	if a > 0 && (src[a-1] == '\n' || src[a-1] == '\r') && b < len(src) && (src[b] == '\n' || src[b] == '\r') {
		if src[b] == '\r' && b+1 < len(src) && src[b+1] == '\n' {
			b++
		}
		return span{a, b + 1}
	}
	return span{start, end}
}

func (p *parser) itemStart() {
	s := &p.s
	p.itemSeen = true
	p.cur = Item{}
	p.itemCats = uniqueSet{}
	p.curL = itemLayout{start: s.start, tagEnd: s.end, scope: p.scopeHere()}
	p.itemHasChild, p.curEnclosure, p.curGUID = false, false, false
	if s.selfClose {
		p.curL.selfClose = true
		p.curL.insertAt = s.end - 2
	}
}

func (p *parser) itemEnd() {
	s := &p.s
	il := &p.curL
	if !il.selfClose {
		ia := s.start
		for ia > il.tagEnd && isSpace(s.src[ia-1]) {
			ia--
		}
		il.insertAt = ia
	}
	if !p.itemHasChild {
		il.indent = span{il.insertAt, il.insertAt}
	}
	p.cur.Raw = s.src[il.start:s.end:s.end]
	p.doc.Items = append(p.doc.Items, p.cur)
	p.doc.layout.items = append(p.doc.layout.items, *il)
}

// itemChild handles a start tag directly inside an item.
func (p *parser) itemChild() role {
	s := &p.s
	it := &p.cur
	if !p.itemHasChild {
		p.itemHasChild = true
		p.curL.indent = indentBefore(s.src, s.start)
	}
	switch s.ns {
	case nsNone:
		switch p.local() {
		case "title":
			p.collect(sinkField, &it.Title, true)
		case "link":
			p.collect(sinkField, &it.Link, true)
		case "guid":
			if !p.curGUID {
				p.curGUID = true
				v, ok := s.attrValueOf("isPermaLink")
				it.GUIDIsPermaLink = !ok || strings.TrimSpace(v) == "true"
				p.collect(sinkField, &it.GUID, true)
			}
		case "pubDate":
			p.collect(sinkField, &it.PubDate, true)
		case "description":
			p.collect(sinkField, &it.Description, false)
			p.startNotes(&p.curL.desc, &it.Description)
		case "category":
			p.collect(sinkItemCategory, nil, true)
		case "enclosure":
			if !p.curEnclosure {
				p.curEnclosure = true
				it.Enclosure = Enclosure{
					URL:    p.attrTrim("url"),
					Type:   p.attrTrim("type"),
					Length: p.attrTrim("length"),
				}
			}
		}
	case nsContent:
		if p.localIs("encoded") {
			p.collect(sinkField, &it.ContentEncoded, false)
			p.startNotes(&p.curL.content, &it.ContentEncoded)
		}
	case nsItunes:
		var f *string
		switch p.local() {
		case "title":
			f = &it.ITunes.Title
		case "subtitle":
			f = &it.ITunes.Subtitle
		case "summary":
			f = &it.ITunes.Summary
		case "author":
			f = &it.ITunes.Author
		case "duration":
			f = &it.ITunes.Duration
		case "episode":
			f = &it.ITunes.Episode
		case "season":
			f = &it.ITunes.Season
		case "episodeType":
			f = &it.ITunes.EpisodeType
		case "explicit":
			f = &it.ITunes.Explicit
		case "keywords":
			f = &it.ITunes.Keywords
		case "image":
			if it.ITunes.Image == "" {
				it.ITunes.Image = p.attrTrim("href")
			}
		}
		if f != nil {
			p.collect(sinkField, f, true)
		}
	case nsPodcast:
		switch p.local() {
		case "transcript":
			it.Transcripts = append(it.Transcripts, Transcript{
				URL:      p.attrTrim("url"),
				Type:     p.attrTrim("type"),
				Language: p.attrTrim("language"),
				Rel:      p.attrTrim("rel"),
			})
		case "chapters":
			if !it.HasChapters {
				it.ChaptersURL = p.attrTrim("url")
			}
			it.HasChapters = true
		case "person":
			p.personStart(sinkItemPerson)
		}
	case nsPSC:
		if p.localIs("chapters") {
			it.HasPSC = true
			return rPSCChapters
		}
	}
	return rOther
}

// startNotes starts finding where the current element, a description or
// content:encoded of an item, ends (see notesEnd): el is where to record it,
// field the Item field the element's text goes to.
func (p *parser) startNotes(el *notesEnd, field *string) {
	if p.s.selfClose {
		return
	}
	n := &p.notes
	n.el, n.field, n.had, n.depth = el, field, *field != "", len(p.roles)
	n.cdatas, n.cdata, n.text, n.child = 0, 0, false, false
}

// notesText notes character data directly inside the element startNotes
// started.
func (p *parser) notesText(tok tokKind) {
	s, n := &p.s, &p.notes
	if tok == tokCDATA {
		n.cdatas++
		n.cdata = s.text.end
		return
	}
	if !n.text && len(bytes.TrimSpace(s.src[s.text.start:s.text.end])) > 0 {
		n.text = true
	}
}

// endNotes records where the element startNotes started ends, when it is
// the one whose text the Item field holds (the first that is not empty),
// else, while all are empty, the first. Text added there is what a reader
// of the field sees after it. An element after the one that set the field
// is not recorded; nor is one with child elements: if that one set the
// field, none is.
func (p *parser) endNotes() {
	n := &p.notes
	set := !n.had && *n.field != ""
	switch {
	case n.had:
	case set && n.child:
		*n.el = notesEnd{}
	case set || n.el.end == 0 && !n.child:
		n.el.end, n.el.cdata = p.s.start, 0
		if n.cdatas == 1 && !n.text {
			n.el.cdata = n.cdata
		}
	}
	n.el, n.field, n.depth = nil, nil, -1
}

func (p *parser) attrTrim(name string) string {
	v, _ := p.s.attrValueOf(name)
	return strings.TrimSpace(v)
}

// personStart reads the attributes of a podcast:person; its text, the name,
// is collected into k. Role and group are lower-cased and default to "host"
// and "cast", as the podcast namespace specifies.
func (p *parser) personStart(k sink) {
	p.person = Person{
		Role:  strings.ToLower(p.attrTrim("role")),
		Group: strings.ToLower(p.attrTrim("group")),
		Href:  p.attrTrim("href"),
		Img:   p.attrTrim("img"),
	}
	if p.person.Role == "" {
		p.person.Role = "host"
	}
	if p.person.Group == "" {
		p.person.Group = "cast"
	}
	p.collect(k, nil, true)
}

// pscChapter reads a psc:chapter. Spec: Podlove Simple Chapters 1.2.
func (p *parser) pscChapter() {
	start, ok := parseNPT(p.attrTrim("start"))
	if !ok {
		return
	}
	p.cur.PSCChapters = append(p.cur.PSCChapters, Chapter{
		Start: start,
		Title: p.attrTrim("title"),
		URL:   p.attrTrim("href"),
		Image: p.attrTrim("image"),
	})
}

// parseNPT parses a Normal Play Time (RFC 2326) as Podlove Simple Chapters
// write it: "01:35:52", "7:48", "35:12.250", "37", "37.5".
func parseNPT(v string) (float64, bool) {
	v = strings.TrimPrefix(v, "npt:")
	if v == "" {
		return 0, false
	}
	parts := strings.Split(v, ":")
	if len(parts) > 3 {
		return 0, false
	}
	var total float64
	for i, part := range parts {
		last := i == len(parts)-1
		if part == "" || !allDigitsOrFraction(part, last) {
			return 0, false
		}
		x, err := strconv.ParseFloat(part, 64)
		if err != nil {
			return 0, false
		}
		if i > 0 && x >= 60 {
			return 0, false
		}
		total = total*60 + x
	}
	return total, true
}

func allDigitsOrFraction(s string, fraction bool) bool {
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && fraction && !dot && i > 0 && i < len(s)-1:
			dot = true
		default:
			return false
		}
	}
	return true
}
