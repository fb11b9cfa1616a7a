package feed

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// This file is the byte-level XML scanner Parse runs over a feed. It checks
// well-formedness as a strict, namespace-aware XML 1.0 parser (expat) does
// and hands Parse one token at a time: start tags (with attributes and the
// element's namespace), end tags and character data. Comments, processing
// instructions, the XML declaration and the DOCTYPE are checked and skipped.
//
// Deliberate limits: entity references are limited to the five predefined
// entities and character references (entities declared in a DOCTYPE
// internal subset are reported as undefined), the internal subset is checked
// for its markup structure only, and processing instructions inside it are
// rejected. Names follow XML 1.0 Appendix B, as expat and encoding/xml do.

// SyntaxError reports a feed that is not well-formed XML and could not be
// repaired. Line and Column are 1-based and point at the first offending
// character of the input after the repairs Parse made before giving up (a
// dropped prefix of junk is accounted for); Column counts characters (Unicode
// code points), not bytes. Line breaks are LF, CRLF and lone CR.
type SyntaxError struct {
	Line, Column int
	Msg          string

	off  int     // byte offset in the scanned buffer
	code errCode // what kind of repair, if any, could fix it
	arg  string  // errUnbound: the prefix
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("feed: line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// errCode classifies a SyntaxError for the repair loop in Parse.
type errCode uint8

const (
	errSyntax     errCode = iota // not repairable
	errEntity                    // undefined entity, bad character reference, bare '&'
	errUnbound                   // element or attribute prefix not bound
	errBeforeRoot                // junk or a misplaced XML declaration before the root element
	errAfterRoot                 // junk after the root element
)

// The namespaces of the xml: prefix (xml:lang, xml:base) and of namespace
// declarations, bound by definition.
const (
	xmlURI   = "http://www.w3.org/XML/1998/namespace"
	xmlnsURI = "http://www.w3.org/2000/xmlns/"
)

// nsID names the namespaces recast reads. The first ones (nsPodcast to
// nsAtom) are also the ones Render writes; they index nsScope.
type nsID uint8

const (
	nsNone    nsID = iota // no namespace: RSS core
	nsPodcast             // NSPodcast or NSPodcastAlt
	nsPSC                 // NSPSC
	nsItunes              // NSItunes
	nsAtom                // NSAtom
	nsContent             // NSContent
	nsXML                 // the xml: prefix
	nsOther               // any other URI

	nsWritten = nsAtom + 1 // size of an array indexed by the namespaces Render writes
)

// classifyNS maps a namespace URI to its nsID. Besides the canonical URIs it
// accepts spellings real feeds use: the Podcast Index namespace's old GitHub
// URI, Apple's "DTDs/Podcast-1.0.dtd" capitalisation, and the content and
// Atom URIs with a missing or extra trailing slash.
func classifyNS(uri []byte) nsID {
	switch string(uri) {
	case "":
		return nsNone
	case NSPodcast, NSPodcastAlt:
		return nsPodcast
	case NSPSC, "https://podlove.org/simple-chapters":
		return nsPSC
	case NSItunes, "http://www.itunes.com/DTDs/Podcast-1.0.dtd", "https://www.itunes.com/dtds/podcast-1.0.dtd":
		return nsItunes
	case NSAtom, "http://www.w3.org/2005/Atom/":
		return nsAtom
	case NSContent, "http://purl.org/rss/1.0/modules/content":
		return nsContent
	case xmlURI:
		return nsXML
	}
	return nsOther
}

type tokKind uint8

const (
	tokEOF   tokKind = iota // end of input, or an error (scanner.err)
	tokStart                // start tag; an empty-element tag is followed by a tokEnd
	tokEnd                  // end tag
	tokText                 // character data
	tokCDATA                // a CDATA section
	tokStop                 // reached scanner.limit (Reparse); pos may lie past it
)

// span is a byte range [start, end) of the scanned buffer.
type span struct{ start, end int }

// tagAttr is one attribute of the current start tag.
type tagAttr struct {
	name  span
	colon int  // offset of the colon in the name; -1 when unprefixed
	val   span // the value between the quotes, undecoded
	slow  bool // the value holds references or tab/CR/LF: decode it
	decl  bool // a namespace declaration (xmlns, xmlns:p)
	bind  int  // prefixed attributes: index of the binding of the prefix; -1 for xml:
}

// binding is one namespace declaration in scope.
type binding struct {
	prefix span   // empty for the default namespace
	uri    string // the declared URI, decoded
	id     nsID
	dflt   bool // xmlns="..."
	prev   int  // index of the binding it shadows (same prefix, or default), -1 when none
}

// open is an element whose end tag has not been read yet.
type open struct {
	name span
	mark int // len(bindings) before the element's declarations
}

// scanner tokenizes and checks one buffer. The zero value is not usable; see
// newScanner.
type scanner struct {
	src []byte
	pos int
	// limit is where next stops with tokStop before reading a token there
	// (or when a token ran past it); len(src) except in Reparse.
	limit int

	// The current token (next returns its kind).
	start     int  // offset of the token's first byte
	end       int  // offset after the token
	name      span // tokStart: the qualified name
	local     span // tokStart: the local name
	ns        nsID // tokStart: the element's namespace
	attrs     []tagAttr
	selfClose bool // tokStart: an empty-element tag
	text      span // tokText, tokCDATA: the character data, undecoded
	textRef   bool // holds references (never for tokCDATA)
	textCR    bool // the character data holds CR

	stack      []open
	bindings   []binding
	top        map[string]*int  // prefix -> index of its innermost binding in bindings, -1 when none
	dfltTop    int              // index of the innermost default-namespace binding, -1 when none
	byNS       [nsWritten][]int // indexes of the prefixed bindings of each namespace Render writes
	bindGen    int              // incremented on every declaration
	pendingEnd bool             // the current start tag was empty: emit its end next
	doctype    bool

	rootSeen    bool // the root start tag has been read
	rootDone    bool // the root end tag has been read
	rootStart   int  // offset of the root start tag
	rootAttrEnd int  // offset of the root start tag's ">" or "/>", -1 until known
	rootEnd     int  // offset after the root element

	err *SyntaxError
}

func newScanner(src []byte) scanner {
	return scanner{
		src:         src,
		limit:       len(src),
		rootAttrEnd: -1,
		dfltTop:     -1,
		stack:       make([]open, 0, 16),
		bindings:    make([]binding, 0, 16),
		attrs:       make([]tagAttr, 0, 8),
	}
}

func (s *scanner) fail(off int, code errCode, format string, args ...any) {
	if s.err == nil {
		s.err = &SyntaxError{off: off, code: code, Msg: fmt.Sprintf(format, args...)}
	}
}

// failUnbound fails on a use of prefix that no declaration binds; Parse may
// repair it by declaring a well-known prefix.
func (s *scanner) failUnbound(off int, prefix []byte) {
	if s.err == nil {
		s.fail(off, errUnbound, "unbound namespace prefix %s", prefix)
		s.err.arg = string(prefix)
	}
}

// next reads the next token. It returns tokEOF at the end of the input and
// after an error; s.err tells which.
func (s *scanner) next() tokKind {
	if s.err != nil {
		return tokEOF
	}
	if s.pendingEnd {
		s.pendingEnd = false
		s.start = s.end
		s.pop()
		return tokEnd
	}
	src := s.src
	for s.err == nil {
		p := s.pos
		if p >= s.limit {
			if p < len(src) {
				return tokStop
			}
			s.atEOF()
			return tokEOF
		}
		if src[p] != '<' {
			if len(s.stack) == 0 {
				s.outsideText()
				continue
			}
			return s.charData()
		}
		if p+1 >= len(src) {
			s.fail(p, errSyntax, "unexpected end of input after '<'")
			break
		}
		switch src[p+1] {
		case '/':
			return s.endTag()
		case '?':
			s.pi()
		case '!':
			rest := src[p:]
			switch {
			case bytes.HasPrefix(rest, []byte("<!--")):
				s.comment()
			case bytes.HasPrefix(rest, []byte("<![CDATA[")):
				if len(s.stack) == 0 {
					s.fail(p, s.outsideCode(), "CDATA section outside the root element")
					break
				}
				return s.cdata()
			case bytes.HasPrefix(rest, []byte("<!DOCTYPE")):
				s.doctypeDecl()
			default:
				s.fail(p, s.outsideCode(), "invalid markup after '<!'")
			}
		default:
			return s.startTag()
		}
	}
	return tokEOF
}

// outsideCode is the error code for junk outside the root element.
func (s *scanner) outsideCode() errCode {
	switch {
	case s.rootDone:
		return errAfterRoot
	case !s.rootSeen:
		return errBeforeRoot
	}
	return errSyntax
}

func (s *scanner) atEOF() {
	switch {
	case len(s.stack) > 0:
		top := s.stack[len(s.stack)-1]
		s.fail(len(s.src), errSyntax, "unexpected end of input: <%s> is not closed", s.src[top.name.start:top.name.end])
	case !s.rootSeen:
		s.fail(len(s.src), errBeforeRoot, "no root element")
	}
}

// outsideText skips white space before or after the root element.
func (s *scanner) outsideText() {
	src := s.src
	p := skipSpace(src, s.pos)
	if p < len(src) && src[p] != '<' {
		if s.rootDone {
			s.fail(p, errAfterRoot, "junk after the root element")
		} else {
			s.fail(p, errBeforeRoot, "text before the root element")
		}
	}
	s.pos = p
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// textPlain marks the bytes character data may hold with no further check.
var textPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = true
	}
	t['<'], t['&'], t[']'] = false, false, false
	t['\t'], t['\n'] = true, true
	return t
}()

// attrPlain marks the bytes an attribute value may hold with no further check.
var attrPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = true
	}
	t['<'], t['&'], t['"'], t['\''] = false, false, false, false
	return t
}()

func (s *scanner) charData() tokKind {
	src := s.src
	start := s.pos
	i := start
	ref, cr := false, false
loop:
	for i < len(src) {
		c := src[i]
		if textPlain[c] {
			i++
			continue
		}
		switch {
		case c == '<':
			break loop
		case c == '&':
			n := s.reference(i)
			if n < 0 {
				return tokEOF
			}
			ref = true
			i = n
		case c == ']':
			if i+2 < len(src) && src[i+1] == ']' && src[i+2] == '>' {
				s.fail(i, errSyntax, "']]>' in character data")
				return tokEOF
			}
			i++
		case c == '\r':
			cr = true
			i++
		case c >= utf8.RuneSelf:
			n := s.checkRune(i)
			if n == 0 {
				return tokEOF
			}
			i += n
		default:
			s.fail(i, errSyntax, "invalid character U+%04X", c)
			return tokEOF
		}
	}
	s.start, s.end, s.pos = start, i, i
	s.text = span{start, i}
	s.textRef, s.textCR = ref, cr
	return tokText
}

// checkRune checks the multi-byte character at s.src[i] and returns its
// length, or 0 after failing.
func (s *scanner) checkRune(i int) int {
	r, n := utf8.DecodeRune(s.src[i:])
	switch {
	case r == utf8.RuneError && n == 1:
		s.fail(i, errSyntax, "invalid UTF-8")
		return 0
	case r == 0xFFFE || r == 0xFFFF:
		s.fail(i, errSyntax, "invalid character U+%04X", r)
		return 0
	}
	return n
}

// checkChars checks that s.src[a:b] holds XML characters only and reports
// whether it holds a CR.
func (s *scanner) checkChars(a, b int) (cr, ok bool) {
	src := s.src[:b]
	for i := a; i < len(src); {
		c := src[i]
		switch {
		case c >= 0x20 && c < utf8.RuneSelf, c == '\n', c == '\t':
			i++
		case c == '\r':
			cr = true
			i++
		case c >= utf8.RuneSelf:
			n := s.checkRune(i)
			if n == 0 {
				return cr, false
			}
			i += n
		default:
			s.fail(i, errSyntax, "invalid character U+%04X", c)
			return cr, false
		}
	}
	return cr, true
}

// isXMLChar reports whether r is in the Char production of XML 1.0.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// reference checks the reference at s.src[i] == '&' and returns the offset
// after it, or -1 after failing.
func (s *scanner) reference(i int) int {
	src := s.src
	j := i + 1
	if j < len(src) && src[j] == '#' {
		j++
		base := rune(10)
		if j < len(src) && src[j] == 'x' {
			base = 16
			j++
		}
		d0 := j
		var v rune
		for ; j < len(src); j++ {
			d := digitVal(src[j], base)
			if d < 0 {
				break
			}
			if v <= unicode.MaxRune {
				v = v*base + d
			}
		}
		if j == d0 || j >= len(src) || src[j] != ';' {
			s.fail(i, errEntity, "malformed character reference")
			return -1
		}
		if !isXMLChar(v) {
			s.fail(i, errEntity, "reference to invalid character %s", src[i:j+1])
			return -1
		}
		return j + 1
	}
	e := s.refNameEnd(j)
	if e < 0 {
		s.fail(i, errEntity, "'&' that starts no entity or character reference")
		return -1
	}
	switch string(src[j:e]) {
	case "lt", "gt", "amp", "apos", "quot":
		return e + 1
	}
	s.fail(i, errEntity, "undefined entity &%s;", src[j:e])
	return -1
}

// refNameEnd returns the offset of the ';' that ends the name of an entity
// or parameter-entity reference at s.src[p], or -1 when no name without
// colons followed by ';' is there.
func (s *scanner) refNameEnd(p int) int {
	e, ok := s.nameEnd(p)
	if !ok || e >= len(s.src) || s.src[e] != ';' || bytes.IndexByte(s.src[p:e], ':') >= 0 {
		return -1
	}
	return e
}

func digitVal(c byte, base rune) rune {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0')
	case base == 16 && c >= 'a' && c <= 'f':
		return rune(c-'a') + 10
	case base == 16 && c >= 'A' && c <= 'F':
		return rune(c-'A') + 10
	}
	return -1
}

// nameStartASCII and nameASCII mark the ASCII bytes that may start and
// continue an XML name; no byte from utf8.RuneSelf on is marked.
var nameStartASCII, nameASCII = func() (start, rest [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		start[c], rest[c] = true, true
		start[c-'a'+'A'], rest[c-'a'+'A'] = true, true
	}
	start['_'], start[':'] = true, true
	rest['_'], rest[':'], rest['-'], rest['.'] = true, true, true, true
	for c := '0'; c <= '9'; c++ {
		rest[c] = true
	}
	return start, rest
}()

// nameEnd scans the Name at s.src[p] and returns the offset after it; ok is
// false when no name starts at p.
func (s *scanner) nameEnd(p int) (end int, ok bool) { return s.nameChars(p, true) }

// nmtokenEnd returns the offset after the name characters at q: the end of
// an Nmtoken, or q when there is none.
func (s *scanner) nmtokenEnd(q int) int {
	end, _ := s.nameChars(q, false)
	return end
}

// nameChars scans the name characters at s.src[p] and returns the offset
// after them. With start, the first must be a NameStartChar; ok is false
// when it is not. nameEnd and nmtokenEnd share it through the flag, not by
// one calling the other, so that nameEnd, run for every tag and entity
// reference, stays a single call.
func (s *scanner) nameChars(p int, start bool) (end int, ok bool) {
	src := s.src
	i := p
	if start {
		if i < len(src) && nameStartASCII[src[i]] {
			i++ // the common case, without a call
		} else if n := nameStartLen(src, i); n > 0 {
			i += n
		} else {
			return p, false
		}
	}
	for i < len(src) {
		c := src[i]
		if c < utf8.RuneSelf {
			if !nameASCII[c] {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 || !unicode.Is(xmlNameStart, r) && !unicode.Is(xmlNameChar, r) {
			break
		}
		i += n
	}
	return i, true
}

// nameStartLen returns the length of the NameStartChar at src[i], or 0 when
// none is there.
func nameStartLen(src []byte, i int) int {
	switch {
	case i >= len(src):
		return 0
	case src[i] < utf8.RuneSelf:
		if nameStartASCII[src[i]] {
			return 1
		}
		return 0
	}
	r, n := utf8.DecodeRune(src[i:])
	if r == utf8.RuneError && n == 1 || !unicode.Is(xmlNameStart, r) {
		return 0
	}
	return n
}

// qname scans the qualified name at s.src[p] (Namespaces in XML: at most one
// colon, with a non-empty prefix and local part) and returns its end and the
// offset of its colon, -1 when unprefixed. It fails when there is none.
//
// A missing name is reported at offset at (the '<' of a tag).
func (s *scanner) qname(p, at int, what string) (end, colon int, ok bool) {
	src := s.src
	end, ok = s.nameEnd(p)
	if !ok {
		if p >= len(src) {
			s.fail(p, errSyntax, "unexpected end of input, expected %s name", what)
		} else {
			s.fail(at, errSyntax, "invalid %s name", what)
		}
		return end, -1, false
	}
	colon = -1
	for i := p; i < end; i++ {
		if src[i] == ':' {
			if colon >= 0 {
				s.fail(p, errSyntax, "%s name %s has more than one colon", what, src[p:end])
				return end, -1, false
			}
			colon = i
		}
	}
	if colon >= 0 && (colon == p || colon == end-1 || nameStartLen(src, colon+1) == 0) {
		s.fail(p, errSyntax, "invalid qualified %s name %s", what, src[p:end])
		return end, -1, false
	}
	return end, colon, true
}

func (s *scanner) startTag() tokKind {
	src := s.src
	start := s.pos
	if s.rootDone {
		s.fail(start, errAfterRoot, "junk after the root element")
		return tokEOF
	}
	nameEnd, colon, ok := s.qname(start+1, start, "element")
	if !ok {
		if len(s.stack) == 0 {
			s.err.code = errBeforeRoot
		}
		return tokEOF
	}
	s.attrs = s.attrs[:0]
	p := nameEnd
	selfClose := false
	for {
		ws := p
		p = skipSpace(src, p)
		if p >= len(src) {
			s.fail(p, errSyntax, "unexpected end of input in start tag <%s>", src[start+1:nameEnd])
			return tokEOF
		}
		c := src[p]
		if c == '>' {
			p++
			break
		}
		if c == '/' {
			if p+1 < len(src) && src[p+1] == '>' {
				p += 2
				selfClose = true
				break
			}
			s.fail(p, errSyntax, "expected '>' after '/' in start tag <%s>", src[start+1:nameEnd])
			return tokEOF
		}
		if p == ws {
			s.fail(p, errSyntax, "expected white space, '>' or '/>' in start tag <%s>", src[start+1:nameEnd])
			return tokEOF
		}
		an, acolon, ok := s.qname(p, p, "attribute")
		if !ok {
			return tokEOF
		}
		q := skipSpace(src, an)
		if q >= len(src) || src[q] != '=' {
			s.fail(q, errSyntax, "attribute %s without value", src[p:an])
			return tokEOF
		}
		q = skipSpace(src, q+1)
		if q >= len(src) || src[q] != '"' && src[q] != '\'' {
			s.fail(q, errSyntax, "value of attribute %s is not quoted", src[p:an])
			return tokEOF
		}
		ve, slow, ok := s.attrValue(q+1, src[q])
		if !ok {
			return tokEOF
		}
		s.attrs = append(s.attrs, tagAttr{name: span{p, an}, colon: acolon, val: span{q + 1, ve}, slow: slow})
		p = ve + 1
	}
	if len(s.stack) == 0 {
		s.rootSeen = true
		s.rootStart = start
		s.rootAttrEnd = p - 1
		if selfClose {
			s.rootAttrEnd = p - 2
		}
	}
	mark := len(s.bindings)
	if len(s.attrs) > 0 {
		if !s.declare() || !s.resolveAttrs() {
			s.unbind(mark)
			return tokEOF
		}
	}
	// The element's own namespace.
	ns := nsNone
	local := span{start + 1, nameEnd}
	if colon < 0 {
		if s.dfltTop >= 0 {
			ns = s.bindings[s.dfltTop].id
		}
	} else {
		local.start = colon + 1
		b := s.lookup(src[start+1 : colon])
		switch {
		case b >= 0:
			ns = s.bindings[b].id
		case string(src[start+1:colon]) == "xml":
			ns = nsXML
		default:
			s.failUnbound(start+1, src[start+1:colon])
			return tokEOF
		}
	}
	s.stack = append(s.stack, open{name: span{start + 1, nameEnd}, mark: mark})
	s.start, s.end, s.pos = start, p, p
	s.name = span{start + 1, nameEnd}
	s.local = local
	s.ns = ns
	s.selfClose = selfClose
	s.pendingEnd = selfClose
	return tokStart
}

// attrValue scans an attribute value from p to its closing quote and returns
// the offset of that quote.
func (s *scanner) attrValue(p int, quote byte) (end int, slow, ok bool) {
	src := s.src
	for i := p; i < len(src); {
		c := src[i]
		if attrPlain[c] {
			i++
			continue
		}
		switch {
		case c == quote:
			return i, slow, true
		case c == '"' || c == '\'':
			i++
		case c == '<':
			s.fail(i, errSyntax, "'<' in attribute value")
			return i, slow, false
		case c == '&':
			n := s.reference(i)
			if n < 0 {
				return i, slow, false
			}
			slow = true
			i = n
		case c == '\t' || c == '\n' || c == '\r':
			slow = true
			i++
		case c >= utf8.RuneSelf:
			n := s.checkRune(i)
			if n == 0 {
				return i, slow, false
			}
			i += n
		default:
			s.fail(i, errSyntax, "invalid character U+%04X", c)
			return i, slow, false
		}
	}
	s.fail(len(src), errSyntax, "unexpected end of input in attribute value")
	return len(src), slow, false
}

// attrString returns the decoded value of a.
func (s *scanner) attrString(a *tagAttr) string {
	raw := s.src[a.val.start:a.val.end]
	if !a.slow {
		return string(raw)
	}
	return string(appendAttrValue(nil, raw))
}

// attrValueOf returns the value of the unprefixed attribute name of the
// current start tag.
func (s *scanner) attrValueOf(name string) (string, bool) {
	for i := range s.attrs {
		a := &s.attrs[i]
		if a.colon < 0 && string(s.src[a.name.start:a.name.end]) == name {
			return s.attrString(a), true
		}
	}
	return "", false
}

// declare pushes the namespace declarations of the current start tag.
func (s *scanner) declare() bool {
	src := s.src
	for i := range s.attrs {
		a := &s.attrs[i]
		n := src[a.name.start:a.name.end]
		dflt := string(n) == "xmlns"
		if !dflt && (a.colon != a.name.start+5 || string(src[a.name.start:a.colon]) != "xmlns") {
			continue
		}
		a.decl = true
		uri := s.attrString(a)
		if dflt {
			if uri == xmlURI || uri == xmlnsURI {
				s.fail(a.name.start, errSyntax, "reserved namespace %s bound as the default namespace", uri)
				return false
			}
			s.bind(binding{uri: uri, id: classifyNS([]byte(uri)), dflt: true})
			continue
		}
		prefix := src[a.colon+1 : a.name.end]
		switch {
		case string(prefix) == "xmlns":
			s.fail(a.name.start, errSyntax, "the prefix xmlns must not be declared")
			return false
		case string(prefix) == "xml":
			if uri != xmlURI {
				s.fail(a.name.start, errSyntax, "the prefix xml must not be bound to another namespace")
				return false
			}
			continue
		case uri == "":
			s.fail(a.name.start, errSyntax, "empty namespace name for prefix %s", prefix)
			return false
		case uri == xmlURI || uri == xmlnsURI:
			s.fail(a.name.start, errSyntax, "reserved namespace %s bound to prefix %s", uri, prefix)
			return false
		}
		s.bind(binding{prefix: span{a.colon + 1, a.name.end}, uri: uri, id: classifyNS([]byte(uri))})
	}
	return true
}

// bind pushes a namespace binding.
func (s *scanner) bind(b binding) {
	i := len(s.bindings)
	if b.dflt {
		b.prev, s.dfltTop = s.dfltTop, i
	} else {
		if s.top == nil {
			s.top = make(map[string]*int)
		}
		prefix := s.src[b.prefix.start:b.prefix.end]
		top := s.top[string(prefix)]
		if top == nil {
			top = new(int)
			*top = -1
			s.top[string(prefix)] = top
		}
		b.prev, *top = *top, i
		if b.id < nsWritten {
			s.byNS[b.id] = append(s.byNS[b.id], i)
		}
	}
	s.bindings = append(s.bindings, b)
	s.bindGen++
}

// unbind pops the bindings from mark on.
func (s *scanner) unbind(mark int) {
	for i := len(s.bindings) - 1; i >= mark; i-- {
		b := &s.bindings[i]
		if b.dflt {
			s.dfltTop = b.prev
		} else {
			*s.top[string(s.src[b.prefix.start:b.prefix.end])] = b.prev
			if b.id < nsWritten {
				s.byNS[b.id] = s.byNS[b.id][:len(s.byNS[b.id])-1]
			}
		}
	}
	s.bindings = s.bindings[:mark]
}

// resolveAttrs checks that the prefixes of the current start tag's
// attributes are bound and that no attribute appears twice, by qualified or
// by expanded name.
func (s *scanner) resolveAttrs() bool {
	src := s.src
	for i := range s.attrs {
		a := &s.attrs[i]
		if a.colon < 0 || a.decl {
			continue
		}
		prefix := src[a.name.start:a.colon]
		a.bind = s.lookup(prefix)
		if a.bind < 0 {
			if string(prefix) == "xml" {
				continue
			}
			s.failUnbound(a.name.start, prefix)
			return false
		}
	}
	n := len(s.attrs)
	if n < 2 {
		return true
	}
	if n <= 32 {
		for i := 1; i < n; i++ {
			for j := 0; j < i; j++ {
				if s.sameAttr(&s.attrs[i], &s.attrs[j]) {
					s.fail(s.attrs[i].name.start, errSyntax, "duplicate attribute %s", src[s.attrs[i].name.start:s.attrs[i].name.end])
					return false
				}
			}
		}
		return true
	}
	seen := make(map[string]bool, n)
	for i := range s.attrs {
		a := &s.attrs[i]
		key := string(src[a.name.start:a.name.end])
		if a.colon >= 0 && !a.decl {
			key = "{" + s.attrURI(a) + "}" + string(src[a.colon+1:a.name.end])
		}
		if seen[key] {
			s.fail(a.name.start, errSyntax, "duplicate attribute %s", src[a.name.start:a.name.end])
			return false
		}
		seen[key] = true
	}
	return true
}

// sameAttr reports whether a and b have the same qualified name, or are
// prefixed attributes with the same expanded name.
func (s *scanner) sameAttr(a, b *tagAttr) bool {
	src := s.src
	if bytes.Equal(src[a.name.start:a.name.end], src[b.name.start:b.name.end]) {
		return true
	}
	if a.colon < 0 || b.colon < 0 || a.decl || b.decl {
		return false
	}
	if !bytes.Equal(src[a.colon+1:a.name.end], src[b.colon+1:b.name.end]) {
		return false
	}
	return s.attrURI(a) == s.attrURI(b)
}

// attrURI returns the namespace URI of the prefixed attribute a.
func (s *scanner) attrURI(a *tagAttr) string {
	if a.bind < 0 {
		return xmlURI // resolveAttrs lets only xml: go unbound
	}
	return s.bindings[a.bind].uri
}

// lookup returns the index of the binding of prefix in scope, or -1.
func (s *scanner) lookup(prefix []byte) int {
	if top := s.top[string(prefix)]; top != nil {
		return *top
	}
	return -1
}

func (s *scanner) endTag() tokKind {
	src := s.src
	start := s.pos
	p := start + 2
	if len(s.stack) == 0 {
		if s.rootDone {
			s.fail(start, errAfterRoot, "junk after the root element")
		} else {
			s.fail(start, errBeforeRoot, "end tag before the root element")
		}
		return tokEOF
	}
	top := s.stack[len(s.stack)-1]
	want := src[top.name.start:top.name.end]
	e, _ := s.nameEnd(p)
	if !bytes.Equal(src[p:e], want) {
		got := src[p:e]
		if len(got) > 64 {
			got = got[:64]
		}
		s.fail(start, errSyntax, "mismatched end tag </%s>, expected </%s>", got, want)
		return tokEOF
	}
	q := skipSpace(src, e)
	if q >= len(src) {
		s.fail(q, errSyntax, "unexpected end of input in end tag </%s>", want)
		return tokEOF
	}
	if src[q] != '>' {
		s.fail(q, errSyntax, "expected '>' in end tag </%s>", want)
		return tokEOF
	}
	s.start, s.end, s.pos = start, q+1, q+1
	s.pop()
	return tokEnd
}

// pop closes the innermost open element; s.end must be set.
func (s *scanner) pop() {
	top := s.stack[len(s.stack)-1]
	if len(s.bindings) > top.mark {
		s.unbind(top.mark)
	}
	s.stack = s.stack[:len(s.stack)-1]
	if len(s.stack) == 0 {
		s.rootDone = true
		s.rootEnd = s.end
	}
}

func (s *scanner) cdata() tokKind {
	src := s.src
	start := s.pos
	p := start + len("<![CDATA[")
	j := bytes.Index(src[p:], []byte("]]>"))
	if j < 0 {
		s.fail(len(src), errSyntax, "unexpected end of input in CDATA section")
		return tokEOF
	}
	cr, ok := s.checkChars(p, p+j)
	if !ok {
		return tokEOF
	}
	s.start, s.end, s.pos = start, p+j+3, p+j+3
	s.text = span{p, p + j}
	s.textRef, s.textCR = false, cr
	return tokCDATA
}

func (s *scanner) comment() {
	src := s.src
	p := s.pos + 4
	j := bytes.Index(src[p:], []byte("--"))
	if j < 0 {
		s.fail(len(src), errSyntax, "unexpected end of input in comment")
		return
	}
	e := p + j
	if e+2 >= len(src) || src[e+2] != '>' {
		s.fail(e, errSyntax, "'--' inside a comment")
		return
	}
	if _, ok := s.checkChars(p, e); !ok {
		return
	}
	s.pos = e + 3
}

// pi checks a processing instruction, or the XML declaration.
func (s *scanner) pi() {
	src := s.src
	p := s.pos
	ts := p + 2
	te, ok := s.nameEnd(ts)
	if !ok {
		s.fail(ts, s.outsideCode(), "invalid processing instruction target")
		return
	}
	if bytes.IndexByte(src[ts:te], ':') >= 0 {
		s.fail(ts, errSyntax, "colon in processing instruction target %s", src[ts:te])
		return
	}
	if te-ts == 3 && (src[ts]|0x20) == 'x' && (src[ts+1]|0x20) == 'm' && (src[ts+2]|0x20) == 'l' {
		if string(src[ts:te]) != "xml" {
			s.fail(ts, errSyntax, "reserved processing instruction target %s", src[ts:te])
			return
		}
		if p != 0 {
			code := errSyntax
			if !s.rootSeen {
				code = errBeforeRoot
			}
			s.fail(p, code, "XML declaration not at the start of the document")
			return
		}
		s.xmlDecl()
		return
	}
	if te+1 < len(src) && src[te] == '?' && src[te+1] == '>' {
		s.pos = te + 2
		return
	}
	if te >= len(src) || !isSpace(src[te]) {
		s.fail(te, errSyntax, "expected white space or '?>' after processing instruction target")
		return
	}
	j := bytes.Index(src[te:], []byte("?>"))
	if j < 0 {
		s.fail(len(src), errSyntax, "unexpected end of input in processing instruction")
		return
	}
	if _, ok := s.checkChars(te, te+j); !ok {
		return
	}
	s.pos = te + j + 2
}

// xmlDecl checks the XML declaration at offset 0:
// '<?xml' VersionInfo EncodingDecl? SDDecl? S? '?>'.
func (s *scanner) xmlDecl() {
	src := s.src
	vs, ve, p, ok := s.pseudoAttr(5, "version")
	if !ok {
		s.fail(5, errSyntax, "XML declaration without version")
		return
	}
	if v := src[vs:ve]; len(v) < 3 || v[0] != '1' || v[1] != '.' || !allDigits(v[2:]) {
		s.fail(vs, errSyntax, "invalid XML version %q", v)
		return
	}
	if es, ee, q, ok := s.pseudoAttr(p, "encoding"); ok {
		if !validEncName(src[es:ee]) {
			s.fail(es, errSyntax, "invalid encoding name %q", src[es:ee])
			return
		}
		p = q
	}
	if s.err != nil {
		return
	}
	if ss, se, q, ok := s.pseudoAttr(p, "standalone"); ok {
		if v := string(src[ss:se]); v != "yes" && v != "no" {
			s.fail(ss, errSyntax, "invalid standalone value %q", v)
			return
		}
		p = q
	}
	if s.err != nil {
		return
	}
	p = skipSpace(src, p)
	if p+1 >= len(src) || src[p] != '?' || src[p+1] != '>' {
		s.fail(p, errSyntax, "malformed XML declaration")
		return
	}
	s.pos = p + 2
}

// pseudoAttr reads S name Eq quoted-value at p. ok is false when the name is
// not there; s.err is set when it is there but malformed.
func (s *scanner) pseudoAttr(p int, name string) (vs, ve, next int, ok bool) {
	src := s.src
	q := skipSpace(src, p)
	if q == p || !bytes.HasPrefix(src[q:], []byte(name)) {
		return 0, 0, p, false
	}
	q = skipSpace(src, q+len(name))
	if q >= len(src) || src[q] != '=' {
		s.fail(q, errSyntax, "malformed XML declaration")
		return 0, 0, p, false
	}
	q = skipSpace(src, q+1)
	if q >= len(src) || src[q] != '"' && src[q] != '\'' {
		s.fail(q, errSyntax, "malformed XML declaration")
		return 0, 0, p, false
	}
	quote := src[q]
	vs = q + 1
	for ve = vs; ve < len(src) && src[ve] != quote; ve++ {
		if src[ve] == '<' || src[ve] == '>' || src[ve] == '?' {
			break
		}
	}
	if ve >= len(src) || src[ve] != quote {
		s.fail(ve, errSyntax, "malformed XML declaration")
		return 0, 0, p, false
	}
	return vs, ve, ve + 1, true
}

func allDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// validEncName checks EncName: [A-Za-z] ([A-Za-z0-9._] | '-')*.
func validEncName(b []byte) bool {
	if len(b) == 0 || !(b[0] >= 'a' && b[0] <= 'z' || b[0] >= 'A' && b[0] <= 'Z') {
		return false
	}
	for _, c := range b[1:] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// doctypeDecl checks '<!DOCTYPE' S Name (S ExternalID)? S? ('[' intSubset ']' S?)? '>'.
func (s *scanner) doctypeDecl() {
	src := s.src
	p := s.pos
	if s.rootSeen || s.doctype {
		s.fail(p, s.outsideCode(), "misplaced DOCTYPE declaration")
		return
	}
	s.doctype = true
	q := p + len("<!DOCTYPE")
	if q >= len(src) || !isSpace(src[q]) {
		s.fail(q, errSyntax, "expected white space after <!DOCTYPE")
		return
	}
	q = skipSpace(src, q)
	e, _, ok := s.qname(q, q, "DOCTYPE")
	if !ok {
		return
	}
	q = e
	r := skipSpace(src, q)
	if r > q {
		switch {
		case bytes.HasPrefix(src[r:], []byte("SYSTEM")):
			if q = s.literal(r+6, false); q < 0 {
				return
			}
		case bytes.HasPrefix(src[r:], []byte("PUBLIC")):
			if q = s.literal(r+6, true); q < 0 {
				return
			}
			if q = s.literal(q, false); q < 0 {
				return
			}
		default:
			q = r
		}
	}
	q = skipSpace(src, q)
	if q < len(src) && src[q] == '[' {
		if q = s.internalSubset(q + 1); q < 0 {
			return
		}
		q = skipSpace(src, q)
	}
	if q >= len(src) || src[q] != '>' {
		s.fail(q, errSyntax, "malformed DOCTYPE declaration")
		return
	}
	s.pos = q + 1
}

func skipSpace(src []byte, q int) int {
	for q < len(src) && isSpace(src[q]) {
		q++
	}
	return q
}

// literal reads S and a quoted system (or, with pubid, public) identifier
// literal at p and returns the offset after it, or -1 after failing.
func (s *scanner) literal(p int, pubid bool) int {
	src := s.src
	q := skipSpace(src, p)
	if q == p || q >= len(src) || src[q] != '"' && src[q] != '\'' {
		s.fail(q, errSyntax, "malformed external identifier in DOCTYPE")
		return -1
	}
	quote := src[q]
	j := bytes.IndexByte(src[q+1:], quote)
	if j < 0 {
		s.fail(len(src), errSyntax, "unexpected end of input in DOCTYPE")
		return -1
	}
	v := src[q+1 : q+1+j]
	if pubid {
		for i, c := range v {
			if !isPubidChar(c) {
				s.fail(q+1+i, errSyntax, "invalid character in public identifier")
				return -1
			}
		}
	} else if _, ok := s.checkChars(q+1, q+1+j); !ok {
		return -1
	}
	return q + 2 + j
}

func isPubidChar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return bytes.IndexByte([]byte(" \r\n-'()+,./:=?;!*#@$_%"), c) >= 0
}

// internalSubset checks the markup structure of a DOCTYPE internal subset
// from p (after '[') and returns the offset after its ']'.
func (s *scanner) internalSubset(p int) int {
	src := s.src
	for {
		p = skipSpace(src, p)
		if p >= len(src) {
			s.fail(p, errSyntax, "unexpected end of input in DOCTYPE")
			return -1
		}
		rest := src[p:]
		switch {
		case rest[0] == ']':
			return p + 1
		case rest[0] == '%':
			e := s.refNameEnd(p + 1)
			if e < 0 {
				s.fail(p, errSyntax, "malformed parameter-entity reference in DOCTYPE")
				return -1
			}
			p = e + 1
		case bytes.HasPrefix(rest, []byte("<!--")):
			s.pos = p
			s.comment()
			if s.err != nil {
				return -1
			}
			p = s.pos
		default:
			if p = s.markupDecl(p); p < 0 {
				return -1
			}
		}
	}
}

// The markup declarations of a DOCTYPE internal subset (XML 1.0 section
// 3.2 to 4.7). Each checker takes the offset to read at and returns the
// offset after what it read, or -1 after failing.

const maxDeclDepth = 64 // nesting of content-model groups

// markupDecl reads the element, attribute-list, entity or notation
// declaration at p; any other markup there is unsupported.
func (s *scanner) markupDecl(p int) int {
	src := s.src
	var q int
	switch {
	case bytes.HasPrefix(src[p:], []byte("<!ELEMENT")):
		if q = s.declName(p + 9); q >= 0 {
			if q = s.needSpace(q); q >= 0 {
				q = s.contentSpec(q)
			}
		}
	case bytes.HasPrefix(src[p:], []byte("<!ATTLIST")):
		q = s.attlist(p + 9)
	case bytes.HasPrefix(src[p:], []byte("<!ENTITY")):
		q = s.entityDecl(p + 8)
	case bytes.HasPrefix(src[p:], []byte("<!NOTATION")):
		if q = s.needSpace(p + 10); q >= 0 {
			if q = s.ncNameEnd(q); q >= 0 {
				q = s.notationID(q)
			}
		}
	default:
		s.fail(p, errSyntax, "unsupported markup in DOCTYPE internal subset")
		return -1
	}
	if q < 0 {
		return -1
	}
	q = skipSpace(src, q)
	if q >= len(src) || src[q] != '>' {
		return s.declFail(q)
	}
	return q + 1
}

func (s *scanner) declFail(q int) int {
	if q >= len(s.src) {
		s.fail(q, errSyntax, "unexpected end of input in DOCTYPE")
	} else {
		s.fail(q, errSyntax, "malformed markup declaration in DOCTYPE")
	}
	return -1
}

// needSpace reads the white space required at q.
func (s *scanner) needSpace(q int) int {
	r := skipSpace(s.src, q)
	if r == q {
		return s.declFail(q)
	}
	return r
}

// declName reads S QName.
func (s *scanner) declName(q int) int {
	if q = s.needSpace(q); q < 0 {
		return -1
	}
	return s.declQName(q)
}

// declQName reads a QName (Namespaces in XML applies to the names the DTD
// declares).
func (s *scanner) declQName(q int) int {
	e, _, ok := s.qname(q, q, "declared")
	if !ok {
		return -1
	}
	return e
}

// ncNameEnd reads a name without colons (entity and notation names).
func (s *scanner) ncNameEnd(q int) int {
	e, ok := s.nameEnd(q)
	if !ok || bytes.IndexByte(s.src[q:e], ':') >= 0 {
		return s.declFail(q)
	}
	return e
}

// keyword reads one of words at q and returns the offset after it and
// which one matched, or -1.
func (s *scanner) keyword(q int, words ...string) (int, string) {
	e, ok := s.nameEnd(q)
	if !ok {
		return -1, ""
	}
	for _, w := range words {
		if string(s.src[q:e]) == w {
			return e, w
		}
	}
	return -1, ""
}

// contentSpec reads 'EMPTY' | 'ANY' | Mixed | children.
func (s *scanner) contentSpec(q int) int {
	src := s.src
	if e, _ := s.keyword(q, "EMPTY", "ANY"); e >= 0 {
		return e
	}
	if q >= len(src) || src[q] != '(' {
		return s.declFail(q)
	}
	r := skipSpace(src, q+1)
	if !bytes.HasPrefix(src[r:], []byte("#PCDATA")) {
		return s.group(q, 0)
	}
	// Mixed: '(' S? '#PCDATA' (S? '|' S? Name)* S? ')*' | '(' S? '#PCDATA' S? ')'
	r = skipSpace(src, r+7)
	names := 0
	for r < len(src) && src[r] == '|' {
		e := s.declQName(skipSpace(src, r+1))
		if e < 0 {
			return -1
		}
		names++
		r = skipSpace(src, e)
	}
	if r >= len(src) || src[r] != ')' {
		return s.declFail(r)
	}
	r++
	if r < len(src) && src[r] == '*' {
		return r + 1
	}
	if names > 0 {
		return s.declFail(r)
	}
	return r
}

// group reads a choice or seq of content particles at q ('(').
func (s *scanner) group(q, depth int) int {
	src := s.src
	if depth > maxDeclDepth {
		s.fail(q, errSyntax, "content model nested too deeply")
		return -1
	}
	var sep byte
	r := q + 1
	for {
		r = skipSpace(src, r)
		if r = s.particle(r, depth); r < 0 {
			return -1
		}
		r = skipSpace(src, r)
		if r >= len(src) {
			return s.declFail(r)
		}
		c := src[r]
		if c == ')' {
			r++
			break
		}
		if c != ',' && c != '|' || sep != 0 && c != sep {
			return s.declFail(r)
		}
		sep = c
		r++
	}
	return occurrence(src, r)
}

// particle reads a content particle: (Name | choice | seq) ('?' | '*' | '+')?.
func (s *scanner) particle(q, depth int) int {
	src := s.src
	if q < len(src) && src[q] == '(' {
		return s.group(q, depth+1)
	}
	e := s.declQName(q)
	if e < 0 {
		return -1
	}
	return occurrence(src, e)
}

func occurrence(src []byte, q int) int {
	if q < len(src) && (src[q] == '?' || src[q] == '*' || src[q] == '+') {
		return q + 1
	}
	return q
}

// attlist reads S Name AttDef* after '<!ATTLIST'.
func (s *scanner) attlist(q int) int {
	src := s.src
	if q = s.declName(q); q < 0 {
		return -1
	}
	for {
		r := skipSpace(src, q)
		if r >= len(src) || src[r] == '>' || r == q {
			return r
		}
		// AttDef ::= S Name S AttType S DefaultDecl
		e := s.declQName(r)
		if e < 0 {
			return -1
		}
		if r = s.needSpace(e); r < 0 {
			return -1
		}
		if r = s.attType(r); r < 0 {
			return -1
		}
		if r = s.needSpace(r); r < 0 {
			return -1
		}
		if q = s.defaultDecl(r); q < 0 {
			return -1
		}
	}
}

func (s *scanner) attType(q int) int {
	src := s.src
	if q < len(src) && src[q] == '(' {
		return s.enumeration(q, false)
	}
	e, w := s.keyword(q, "CDATA", "ID", "IDREF", "IDREFS", "ENTITY", "ENTITIES", "NMTOKEN", "NMTOKENS", "NOTATION")
	if e < 0 {
		return s.declFail(q)
	}
	if w != "NOTATION" {
		return e
	}
	if e = s.needSpace(e); e < 0 {
		return -1
	}
	return s.enumeration(e, true)
}

// enumeration reads '(' S? Nmtoken (S? '|' S? Nmtoken)* S? ')' (Names for
// a NOTATION type).
func (s *scanner) enumeration(q int, names bool) int {
	src := s.src
	if q >= len(src) || src[q] != '(' {
		return s.declFail(q)
	}
	r := q + 1
	for {
		r = skipSpace(src, r)
		var e int
		if names {
			if e = s.ncNameEnd(r); e < 0 {
				return -1
			}
		} else if e = s.nmtokenEnd(r); e == r {
			return s.declFail(r)
		}
		r = skipSpace(src, e)
		if r >= len(src) {
			return s.declFail(r)
		}
		if src[r] == ')' {
			return r + 1
		}
		if src[r] != '|' {
			return s.declFail(r)
		}
		r++
	}
}

// defaultDecl reads '#REQUIRED' | '#IMPLIED' | (('#FIXED' S)? AttValue).
func (s *scanner) defaultDecl(q int) int {
	src := s.src
	if q < len(src) && src[q] == '#' {
		e, w := s.keyword(q+1, "REQUIRED", "IMPLIED", "FIXED")
		if e < 0 {
			return s.declFail(q)
		}
		if w != "FIXED" {
			return e
		}
		if q = s.needSpace(e); q < 0 {
			return -1
		}
	}
	if q >= len(src) || src[q] != '"' && src[q] != '\'' {
		return s.declFail(q)
	}
	e, _, ok := s.attrValue(q+1, src[q])
	if !ok {
		return -1
	}
	return e + 1
}

// entityDecl reads a general or parameter entity declaration after
// '<!ENTITY'.
func (s *scanner) entityDecl(q int) int {
	src := s.src
	if q = s.needSpace(q); q < 0 {
		return -1
	}
	pe := false
	if q < len(src) && src[q] == '%' {
		pe = true
		if q = s.needSpace(q + 1); q < 0 {
			return -1
		}
	}
	e := s.ncNameEnd(q)
	if e < 0 {
		return -1
	}
	if q = s.needSpace(e); q < 0 {
		return -1
	}
	if q < len(src) && (src[q] == '"' || src[q] == '\'') {
		return s.entityValue(q)
	}
	if q = s.externalID(q, false); q < 0 {
		return -1
	}
	if r := skipSpace(src, q); !pe && r > q {
		if e, _ := s.keyword(r, "NDATA"); e >= 0 {
			if e = s.needSpace(e); e < 0 {
				return -1
			}
			return s.ncNameEnd(e)
		}
	}
	return q
}

// entityValue reads a quoted entity value: references must be well-formed,
// and parameter-entity references are not allowed in the internal subset.
func (s *scanner) entityValue(q int) int {
	src := s.src
	quote := src[q]
	for i := q + 1; i < len(src); {
		switch c := src[i]; {
		case c == quote:
			return i + 1
		case c == '%':
			s.fail(i, errSyntax, "parameter-entity reference in an entity value of the internal subset")
			return -1
		case c == '&':
			if i+1 < len(src) && src[i+1] == '#' {
				if i = s.reference(i); i < 0 {
					return -1
				}
				continue
			}
			e := s.refNameEnd(i + 1)
			if e < 0 {
				s.fail(i, errSyntax, "malformed reference in entity value")
				return -1
			}
			i = e + 1
		case c < utf8.RuneSelf:
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				s.fail(i, errSyntax, "invalid character U+%04X", c)
				return -1
			}
			i++
		default:
			n := s.checkRune(i)
			if n == 0 {
				return -1
			}
			i += n
		}
	}
	return s.declFail(len(src))
}

// externalID reads 'SYSTEM' S SystemLiteral | 'PUBLIC' S PubidLiteral
// S SystemLiteral; with publicOK the system literal after PUBLIC is optional
// (a NOTATION's PublicID).
func (s *scanner) externalID(q int, publicOK bool) int {
	e, w := s.keyword(q, "SYSTEM", "PUBLIC")
	switch w {
	case "SYSTEM":
		return s.literal(e, false)
	case "PUBLIC":
		if e = s.literal(e, true); e < 0 {
			return -1
		}
		if publicOK {
			r := skipSpace(s.src, e)
			if r == e || r >= len(s.src) || s.src[r] != '"' && s.src[r] != '\'' {
				return e
			}
		}
		return s.literal(e, false)
	}
	return s.declFail(q)
}

// notationID reads S (ExternalID | PublicID) of a NOTATION declaration.
func (s *scanner) notationID(q int) int {
	if q = s.needSpace(q); q < 0 {
		return -1
	}
	return s.externalID(q, true)
}

// appendCharData appends character data with its references replaced and
// its line ends normalized to LF, as an XML processor passes it on.
func appendCharData(dst, raw []byte, ref, cr bool) []byte {
	if !ref && !cr {
		return append(dst, raw...)
	}
	for i := 0; i < len(raw); {
		switch raw[i] {
		case '&':
			if !ref {
				dst = append(dst, '&')
				i++
				continue
			}
			r, n := decodeRef(raw[i:])
			dst = utf8.AppendRune(dst, r)
			i += n
		case '\r':
			dst = append(dst, '\n')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
		default:
			j := i + 1
			for j < len(raw) && raw[j] != '&' && raw[j] != '\r' {
				j++
			}
			dst = append(dst, raw[i:j]...)
			i = j
		}
	}
	return dst
}

// appendAttrValue appends an attribute value with its references replaced
// and literal tab, CR and LF normalized to spaces (XML 1.0 section 3.3.3).
func appendAttrValue(dst, raw []byte) []byte {
	for i := 0; i < len(raw); {
		switch c := raw[i]; c {
		case '&':
			r, n := decodeRef(raw[i:])
			dst = utf8.AppendRune(dst, r)
			i += n
		case '\r':
			dst = append(dst, ' ')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
		case '\t', '\n':
			dst = append(dst, ' ')
			i++
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst
}

// decodeRef decodes the checked reference at the start of b ("&amp;",
// "&#233;") and returns its character and length.
func decodeRef(b []byte) (rune, int) {
	end := bytes.IndexByte(b, ';')
	if end < 2 {
		return '&', 1
	}
	if b[1] == '#' {
		base, d := rune(10), b[2:end]
		if len(d) > 0 && d[0] == 'x' {
			base, d = 16, d[1:]
		}
		var v rune
		for _, c := range d {
			x := digitVal(c, base)
			if x < 0 || v > unicode.MaxRune {
				return '&', 1
			}
			v = v*base + x
		}
		if !isXMLChar(v) {
			return '&', 1
		}
		return v, end + 1
	}
	switch string(b[1:end]) {
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "amp":
		return '&', end + 1
	case "apos":
		return '\'', end + 1
	case "quot":
		return '"', end + 1
	}
	return '&', 1
}

// position returns the 1-based line and column (in characters) of offset
// off in src.
func position(src []byte, off int) (line, col int) {
	if off > len(src) {
		off = len(src)
	}
	line = 1
	ls := 0
	for i := 0; i < off; i++ {
		switch src[i] {
		case '\n':
			line++
			ls = i + 1
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				continue
			}
			line++
			ls = i + 1
		}
	}
	return line, utf8.RuneCount(src[ls:off]) + 1
}

// Name character tables: XML 1.0 (fourth edition) Appendix B, as in
// encoding/xml (Copyright 2009 The Go Authors, BSD license). xmlNameStart is
// (Letter | '_' | ':'), xmlNameChar the rest of NameChar.

var xmlNameStart = &unicode.RangeTable{
	R16: []unicode.Range16{
		{0x003A, 0x003A, 1},
		{0x0041, 0x005A, 1},
		{0x005F, 0x005F, 1},
		{0x0061, 0x007A, 1},
		{0x00C0, 0x00D6, 1},
		{0x00D8, 0x00F6, 1},
		{0x00F8, 0x00FF, 1},
		{0x0100, 0x0131, 1},
		{0x0134, 0x013E, 1},
		{0x0141, 0x0148, 1},
		{0x014A, 0x017E, 1},
		{0x0180, 0x01C3, 1},
		{0x01CD, 0x01F0, 1},
		{0x01F4, 0x01F5, 1},
		{0x01FA, 0x0217, 1},
		{0x0250, 0x02A8, 1},
		{0x02BB, 0x02C1, 1},
		{0x0386, 0x0386, 1},
		{0x0388, 0x038A, 1},
		{0x038C, 0x038C, 1},
		{0x038E, 0x03A1, 1},
		{0x03A3, 0x03CE, 1},
		{0x03D0, 0x03D6, 1},
		{0x03DA, 0x03E0, 2},
		{0x03E2, 0x03F3, 1},
		{0x0401, 0x040C, 1},
		{0x040E, 0x044F, 1},
		{0x0451, 0x045C, 1},
		{0x045E, 0x0481, 1},
		{0x0490, 0x04C4, 1},
		{0x04C7, 0x04C8, 1},
		{0x04CB, 0x04CC, 1},
		{0x04D0, 0x04EB, 1},
		{0x04EE, 0x04F5, 1},
		{0x04F8, 0x04F9, 1},
		{0x0531, 0x0556, 1},
		{0x0559, 0x0559, 1},
		{0x0561, 0x0586, 1},
		{0x05D0, 0x05EA, 1},
		{0x05F0, 0x05F2, 1},
		{0x0621, 0x063A, 1},
		{0x0641, 0x064A, 1},
		{0x0671, 0x06B7, 1},
		{0x06BA, 0x06BE, 1},
		{0x06C0, 0x06CE, 1},
		{0x06D0, 0x06D3, 1},
		{0x06D5, 0x06D5, 1},
		{0x06E5, 0x06E6, 1},
		{0x0905, 0x0939, 1},
		{0x093D, 0x093D, 1},
		{0x0958, 0x0961, 1},
		{0x0985, 0x098C, 1},
		{0x098F, 0x0990, 1},
		{0x0993, 0x09A8, 1},
		{0x09AA, 0x09B0, 1},
		{0x09B2, 0x09B2, 1},
		{0x09B6, 0x09B9, 1},
		{0x09DC, 0x09DD, 1},
		{0x09DF, 0x09E1, 1},
		{0x09F0, 0x09F1, 1},
		{0x0A05, 0x0A0A, 1},
		{0x0A0F, 0x0A10, 1},
		{0x0A13, 0x0A28, 1},
		{0x0A2A, 0x0A30, 1},
		{0x0A32, 0x0A33, 1},
		{0x0A35, 0x0A36, 1},
		{0x0A38, 0x0A39, 1},
		{0x0A59, 0x0A5C, 1},
		{0x0A5E, 0x0A5E, 1},
		{0x0A72, 0x0A74, 1},
		{0x0A85, 0x0A8B, 1},
		{0x0A8D, 0x0A8D, 1},
		{0x0A8F, 0x0A91, 1},
		{0x0A93, 0x0AA8, 1},
		{0x0AAA, 0x0AB0, 1},
		{0x0AB2, 0x0AB3, 1},
		{0x0AB5, 0x0AB9, 1},
		{0x0ABD, 0x0AE0, 0x23},
		{0x0B05, 0x0B0C, 1},
		{0x0B0F, 0x0B10, 1},
		{0x0B13, 0x0B28, 1},
		{0x0B2A, 0x0B30, 1},
		{0x0B32, 0x0B33, 1},
		{0x0B36, 0x0B39, 1},
		{0x0B3D, 0x0B3D, 1},
		{0x0B5C, 0x0B5D, 1},
		{0x0B5F, 0x0B61, 1},
		{0x0B85, 0x0B8A, 1},
		{0x0B8E, 0x0B90, 1},
		{0x0B92, 0x0B95, 1},
		{0x0B99, 0x0B9A, 1},
		{0x0B9C, 0x0B9C, 1},
		{0x0B9E, 0x0B9F, 1},
		{0x0BA3, 0x0BA4, 1},
		{0x0BA8, 0x0BAA, 1},
		{0x0BAE, 0x0BB5, 1},
		{0x0BB7, 0x0BB9, 1},
		{0x0C05, 0x0C0C, 1},
		{0x0C0E, 0x0C10, 1},
		{0x0C12, 0x0C28, 1},
		{0x0C2A, 0x0C33, 1},
		{0x0C35, 0x0C39, 1},
		{0x0C60, 0x0C61, 1},
		{0x0C85, 0x0C8C, 1},
		{0x0C8E, 0x0C90, 1},
		{0x0C92, 0x0CA8, 1},
		{0x0CAA, 0x0CB3, 1},
		{0x0CB5, 0x0CB9, 1},
		{0x0CDE, 0x0CDE, 1},
		{0x0CE0, 0x0CE1, 1},
		{0x0D05, 0x0D0C, 1},
		{0x0D0E, 0x0D10, 1},
		{0x0D12, 0x0D28, 1},
		{0x0D2A, 0x0D39, 1},
		{0x0D60, 0x0D61, 1},
		{0x0E01, 0x0E2E, 1},
		{0x0E30, 0x0E30, 1},
		{0x0E32, 0x0E33, 1},
		{0x0E40, 0x0E45, 1},
		{0x0E81, 0x0E82, 1},
		{0x0E84, 0x0E84, 1},
		{0x0E87, 0x0E88, 1},
		{0x0E8A, 0x0E8D, 3},
		{0x0E94, 0x0E97, 1},
		{0x0E99, 0x0E9F, 1},
		{0x0EA1, 0x0EA3, 1},
		{0x0EA5, 0x0EA7, 2},
		{0x0EAA, 0x0EAB, 1},
		{0x0EAD, 0x0EAE, 1},
		{0x0EB0, 0x0EB0, 1},
		{0x0EB2, 0x0EB3, 1},
		{0x0EBD, 0x0EBD, 1},
		{0x0EC0, 0x0EC4, 1},
		{0x0F40, 0x0F47, 1},
		{0x0F49, 0x0F69, 1},
		{0x10A0, 0x10C5, 1},
		{0x10D0, 0x10F6, 1},
		{0x1100, 0x1100, 1},
		{0x1102, 0x1103, 1},
		{0x1105, 0x1107, 1},
		{0x1109, 0x1109, 1},
		{0x110B, 0x110C, 1},
		{0x110E, 0x1112, 1},
		{0x113C, 0x1140, 2},
		{0x114C, 0x1150, 2},
		{0x1154, 0x1155, 1},
		{0x1159, 0x1159, 1},
		{0x115F, 0x1161, 1},
		{0x1163, 0x1169, 2},
		{0x116D, 0x116E, 1},
		{0x1172, 0x1173, 1},
		{0x1175, 0x119E, 0x119E - 0x1175},
		{0x11A8, 0x11AB, 0x11AB - 0x11A8},
		{0x11AE, 0x11AF, 1},
		{0x11B7, 0x11B8, 1},
		{0x11BA, 0x11BA, 1},
		{0x11BC, 0x11C2, 1},
		{0x11EB, 0x11F0, 0x11F0 - 0x11EB},
		{0x11F9, 0x11F9, 1},
		{0x1E00, 0x1E9B, 1},
		{0x1EA0, 0x1EF9, 1},
		{0x1F00, 0x1F15, 1},
		{0x1F18, 0x1F1D, 1},
		{0x1F20, 0x1F45, 1},
		{0x1F48, 0x1F4D, 1},
		{0x1F50, 0x1F57, 1},
		{0x1F59, 0x1F5B, 0x1F5B - 0x1F59},
		{0x1F5D, 0x1F5D, 1},
		{0x1F5F, 0x1F7D, 1},
		{0x1F80, 0x1FB4, 1},
		{0x1FB6, 0x1FBC, 1},
		{0x1FBE, 0x1FBE, 1},
		{0x1FC2, 0x1FC4, 1},
		{0x1FC6, 0x1FCC, 1},
		{0x1FD0, 0x1FD3, 1},
		{0x1FD6, 0x1FDB, 1},
		{0x1FE0, 0x1FEC, 1},
		{0x1FF2, 0x1FF4, 1},
		{0x1FF6, 0x1FFC, 1},
		{0x2126, 0x2126, 1},
		{0x212A, 0x212B, 1},
		{0x212E, 0x212E, 1},
		{0x2180, 0x2182, 1},
		{0x3007, 0x3007, 1},
		{0x3021, 0x3029, 1},
		{0x3041, 0x3094, 1},
		{0x30A1, 0x30FA, 1},
		{0x3105, 0x312C, 1},
		{0x4E00, 0x9FA5, 1},
		{0xAC00, 0xD7A3, 1},
	},
}

var xmlNameChar = &unicode.RangeTable{
	R16: []unicode.Range16{
		{0x002D, 0x002E, 1},
		{0x0030, 0x0039, 1},
		{0x00B7, 0x00B7, 1},
		{0x02D0, 0x02D1, 1},
		{0x0300, 0x0345, 1},
		{0x0360, 0x0361, 1},
		{0x0387, 0x0387, 1},
		{0x0483, 0x0486, 1},
		{0x0591, 0x05A1, 1},
		{0x05A3, 0x05B9, 1},
		{0x05BB, 0x05BD, 1},
		{0x05BF, 0x05BF, 1},
		{0x05C1, 0x05C2, 1},
		{0x05C4, 0x0640, 0x0640 - 0x05C4},
		{0x064B, 0x0652, 1},
		{0x0660, 0x0669, 1},
		{0x0670, 0x0670, 1},
		{0x06D6, 0x06DC, 1},
		{0x06DD, 0x06DF, 1},
		{0x06E0, 0x06E4, 1},
		{0x06E7, 0x06E8, 1},
		{0x06EA, 0x06ED, 1},
		{0x06F0, 0x06F9, 1},
		{0x0901, 0x0903, 1},
		{0x093C, 0x093C, 1},
		{0x093E, 0x094C, 1},
		{0x094D, 0x094D, 1},
		{0x0951, 0x0954, 1},
		{0x0962, 0x0963, 1},
		{0x0966, 0x096F, 1},
		{0x0981, 0x0983, 1},
		{0x09BC, 0x09BC, 1},
		{0x09BE, 0x09BF, 1},
		{0x09C0, 0x09C4, 1},
		{0x09C7, 0x09C8, 1},
		{0x09CB, 0x09CD, 1},
		{0x09D7, 0x09D7, 1},
		{0x09E2, 0x09E3, 1},
		{0x09E6, 0x09EF, 1},
		{0x0A02, 0x0A3C, 0x3A},
		{0x0A3E, 0x0A3F, 1},
		{0x0A40, 0x0A42, 1},
		{0x0A47, 0x0A48, 1},
		{0x0A4B, 0x0A4D, 1},
		{0x0A66, 0x0A6F, 1},
		{0x0A70, 0x0A71, 1},
		{0x0A81, 0x0A83, 1},
		{0x0ABC, 0x0ABC, 1},
		{0x0ABE, 0x0AC5, 1},
		{0x0AC7, 0x0AC9, 1},
		{0x0ACB, 0x0ACD, 1},
		{0x0AE6, 0x0AEF, 1},
		{0x0B01, 0x0B03, 1},
		{0x0B3C, 0x0B3C, 1},
		{0x0B3E, 0x0B43, 1},
		{0x0B47, 0x0B48, 1},
		{0x0B4B, 0x0B4D, 1},
		{0x0B56, 0x0B57, 1},
		{0x0B66, 0x0B6F, 1},
		{0x0B82, 0x0B83, 1},
		{0x0BBE, 0x0BC2, 1},
		{0x0BC6, 0x0BC8, 1},
		{0x0BCA, 0x0BCD, 1},
		{0x0BD7, 0x0BD7, 1},
		{0x0BE7, 0x0BEF, 1},
		{0x0C01, 0x0C03, 1},
		{0x0C3E, 0x0C44, 1},
		{0x0C46, 0x0C48, 1},
		{0x0C4A, 0x0C4D, 1},
		{0x0C55, 0x0C56, 1},
		{0x0C66, 0x0C6F, 1},
		{0x0C82, 0x0C83, 1},
		{0x0CBE, 0x0CC4, 1},
		{0x0CC6, 0x0CC8, 1},
		{0x0CCA, 0x0CCD, 1},
		{0x0CD5, 0x0CD6, 1},
		{0x0CE6, 0x0CEF, 1},
		{0x0D02, 0x0D03, 1},
		{0x0D3E, 0x0D43, 1},
		{0x0D46, 0x0D48, 1},
		{0x0D4A, 0x0D4D, 1},
		{0x0D57, 0x0D57, 1},
		{0x0D66, 0x0D6F, 1},
		{0x0E31, 0x0E31, 1},
		{0x0E34, 0x0E3A, 1},
		{0x0E46, 0x0E46, 1},
		{0x0E47, 0x0E4E, 1},
		{0x0E50, 0x0E59, 1},
		{0x0EB1, 0x0EB1, 1},
		{0x0EB4, 0x0EB9, 1},
		{0x0EBB, 0x0EBC, 1},
		{0x0EC6, 0x0EC6, 1},
		{0x0EC8, 0x0ECD, 1},
		{0x0ED0, 0x0ED9, 1},
		{0x0F18, 0x0F19, 1},
		{0x0F20, 0x0F29, 1},
		{0x0F35, 0x0F39, 2},
		{0x0F3E, 0x0F3F, 1},
		{0x0F71, 0x0F84, 1},
		{0x0F86, 0x0F8B, 1},
		{0x0F90, 0x0F95, 1},
		{0x0F97, 0x0F97, 1},
		{0x0F99, 0x0FAD, 1},
		{0x0FB1, 0x0FB7, 1},
		{0x0FB9, 0x0FB9, 1},
		{0x20D0, 0x20DC, 1},
		{0x20E1, 0x3005, 0x3005 - 0x20E1},
		{0x302A, 0x302F, 1},
		{0x3031, 0x3035, 1},
		{0x3099, 0x309A, 1},
		{0x309D, 0x309E, 1},
		{0x30FC, 0x30FE, 1},
	},
}
