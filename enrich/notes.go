package enrich

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recast-podcast/recast/feed"
)

// Notes is an episode's show notes, read once for all enrichers: the HTML of
// content:encoded (else the description, else itunes:summary) as text with
// block boundaries kept, and the links in it.
type Notes struct {
	// Text is the notes as plain text. Block elements (p, li, h1-h6, div,
	// blockquote, tr) and <br> end a line, so "…care about.</li><li>How do…"
	// reads as two lines, never "…care about.How do…".
	Text string
	// Links are the notes' anchors in document order.
	Links []Link
}

// Link is one <a href> of the notes.
type Link struct {
	URL   string // href, trimmed; entities decoded
	Text  string // the anchor's text, whitespace collapsed
	Title string // the title attribute
	// Context is the text of the line the anchor stands on, for patterns
	// such as "Or read the transcript." around a short anchor text.
	Context string
}

// Notes returns the parsed show notes of it, an item of f.Items, parsing
// them once per run however many enrichers ask.
func (f *Feed) Notes(it *feed.Item) *Notes {
	if v, ok := f.notes.Load(it); ok {
		return v.(*Notes)
	}
	n := ParseNotes(notesHTML(it))
	v, _ := f.notes.LoadOrStore(it, &n)
	return v.(*Notes)
}

// ParseNotes reads show-note HTML. It accepts plain text, HTML, and HTML that
// was escaped once more than it should be ("&lt;p&gt;Hello&lt;/p&gt;" after
// XML decoding), which real feeds send.
//
// It reads malformed HTML as an HTML5 tokenizer does, splitting s into
// tokens exactly as golang.org/x/net/html's Tokenizer would, in one pass: a
// '<' that starts no tag is text, a tag cut off by the end of s is dropped,
// comments, doctypes and processing instructions are skipped, so are the
// contents of script and style; those of the other raw-text elements
// (iframe, noscript, textarea, title, ...) are text. Line breaks in text end
// lines, and so do the references &#10; and &#13;. It never panics.
func ParseNotes(s string) Notes {
	if looksEscaped(s) {
		s = html.UnescapeString(s)
	}
	p := notesParser{open: -1}
	p.text.Grow(len(s))
	p.parse(s)
	return Notes{Text: strings.TrimSpace(p.text.String()), Links: p.links}
}

// notesParser is the state of one ParseNotes call. The current line is
// text[lineStart:] and the anchors on it are links[lineLink:]; the open
// anchor's text is text[openStart:] without its line breaks.
type notesParser struct {
	text      strings.Builder // Text so far; '\n' only where a line ended
	links     []Link
	lineStart int // offset in text of the current line, for Link.Context
	lineLink  int // index in links of the first anchor on the current line
	open      int // index in links of the anchor being read, -1 outside one
	openStart int // offset in text where the open anchor's text starts
	skip      int // depth inside <script>/<style>
}

// kind is what ParseNotes makes of an element. The kinds from kindSkip on
// are the raw-text elements: no tags inside, up to their end tag.
type kind uint8

const (
	kindOther  kind = iota
	kindA           // a: a Link
	kindBr          // br: its start tag ends a line
	kindBlock       // p, div, li, ...: its start and end tags end a line
	kindSkip        // script, style: raw text, skipped
	kindRaw         // iframe, noembed, noframes, noscript, xmp: raw text
	kindRCDATA      // textarea, title: raw text with character references
	kindPlain       // plaintext: the rest of the input is raw text
)

// classify returns the kind of the element named name (any case) and, for
// the raw-text elements, its lower-case name.
func classify(name string) (kind, string) {
	switch len(name) {
	case 1:
		switch lower(name[0]) {
		case 'a':
			return kindA, ""
		case 'p':
			return kindBlock, ""
		}
	case 2:
		c0, c1 := lower(name[0]), lower(name[1])
		switch {
		case c0 == 'b' && c1 == 'r':
			return kindBr, ""
		case c0 == 'h' && '1' <= c1 && c1 <= '6',
			c0 == 'l' && c1 == 'i', c0 == 'u' && c1 == 'l', c0 == 'o' && c1 == 'l',
			c0 == 't' && c1 == 'r', c0 == 'd' && (c1 == 't' || c1 == 'd'), c0 == 'h' && c1 == 'r':
			return kindBlock, ""
		}
		return kindOther, ""
	}
	for _, e := range elements {
		if equalLower(name, e.name) {
			return e.kind, e.name
		}
	}
	return kindOther, ""
}

// elements are the elements of three or more letters that ParseNotes does
// not read as kindOther.
var elements = [...]struct {
	name string
	kind kind
}{
	{"div", kindBlock}, {"pre", kindBlock}, {"table", kindBlock}, {"section", kindBlock},
	{"article", kindBlock}, {"header", kindBlock}, {"footer", kindBlock}, {"blockquote", kindBlock},
	{"script", kindSkip}, {"style", kindSkip},
	{"iframe", kindRaw}, {"noembed", kindRaw}, {"noframes", kindRaw}, {"noscript", kindRaw}, {"xmp", kindRaw},
	{"textarea", kindRCDATA}, {"title", kindRCDATA},
	{"plaintext", kindPlain},
}

// parse reads s token by token, splitting it as golang.org/x/net/html's
// Tokenizer does.
func (p *notesParser) parse(s string) {
	var (
		pos     int    // start of the next token
		rawName string // the raw-text element whose contents come next, "" if none
		rawKind kind
	)
	for {
		if rawName != "" {
			end := len(s)
			switch {
			case rawKind == kindPlain:
			case rawName == "script":
				end = scriptEnd(s, pos)
			default:
				end = rawTextEnd(s, pos, rawName)
			}
			rawName = ""
			if end > pos {
				p.addText(s[pos:end], rawKind == kindRCDATA, true)
				pos = end
				continue
			}
		}
		// Find the next '<' that starts a tag, a comment or a doctype.
		lt := -1
		for j := pos; ; {
			k := strings.IndexByte(s[j:], '<')
			if k < 0 || j+k+1 >= len(s) {
				break
			}
			j += k + 1
			if c := s[j]; isLetter(c) || c == '/' || c == '!' || c == '?' {
				lt = j - 1
				break
			}
		}
		if lt < 0 {
			p.addText(s[pos:], true, false)
			p.finish()
			return
		}
		p.addText(s[pos:lt], true, false)
		switch c := s[lt+1]; {
		case isLetter(c):
			nameEnd, attrs, next := scanTag(s, lt+2)
			if next < 0 {
				p.finish() // s ends inside the tag: it is dropped
				return
			}
			k, name := classify(s[lt+1 : nameEnd])
			p.startTag(s, k, attrs, next)
			pos = next
			if k >= kindSkip {
				rawName, rawKind = name, k
			}
		case c == '/':
			i := lt + 2
			switch {
			case i >= len(s):
				p.addText(s[lt:], true, false) // "</" at the end is text
				p.finish()
				return
			case s[i] == '>':
				pos = i + 1 // "</>" is nothing
			case isLetter(s[i]):
				nameEnd, _, next := scanTag(s, i+1)
				if next < 0 {
					p.finish()
					return
				}
				p.endTag(s[i:nameEnd])
				pos = next
			default:
				pos = closeAngle(s, i) // a bogus comment: "</ x>"
			}
		case c == '!':
			pos = markupDeclEnd(s, lt+2)
		default: // '?': a bogus comment
			pos = closeAngle(s, lt+1)
		}
	}
}

// startTag handles the start tag of an element of kind k whose attributes
// start at s[attrs] and which ends before s[next].
func (p *notesParser) startTag(s string, k kind, attrs, next int) {
	switch k {
	case kindSkip:
		if !selfClosing(s, attrs, next) {
			p.skip++
		}
	case kindA:
		p.anchor(s, attrs, next)
	case kindBr, kindBlock:
		p.endLine()
	}
}

// endTag handles the end tag </name>.
func (p *notesParser) endTag(name string) {
	switch k, _ := classify(name); k {
	case kindSkip:
		if p.skip > 0 {
			p.skip--
		}
	case kindA:
		if p.open >= 0 {
			p.links[p.open].Text = collapse(dropNewlines(p.text.String()[p.openStart:]))
		}
		p.open = -1
	case kindBlock:
		p.endLine()
	}
}

// anchor adds the Link of the <a> tag whose attributes start at s[attrs]
// and which ends before s[next]. The first href and title count.
func (p *notesParser) anchor(s string, attrs, next int) {
	var (
		l                   Link
		haveHref, haveTitle bool
	)
	for it := (attrIter{s: s, i: attrs}); ; {
		k0, k1, v0, v1, ok := it.next()
		if !ok {
			break
		}
		switch key := s[k0:k1]; {
		case !haveHref && equalLower(key, "href"):
			haveHref, l.URL = true, attrValue(s[v0:v1])
		case !haveTitle && equalLower(key, "title"):
			haveTitle, l.Title = true, attrValue(s[v0:v1])
		}
	}
	if p.links == nil {
		// Notes with links have about one per 250 bytes, some twice as many.
		p.links = make([]Link, 0, 4+(len(s)-next)/128)
	}
	p.links = append(p.links, l)
	if selfClosing(s, attrs, next) {
		return
	}
	if p.open >= 0 {
		// The open anchor ends here unclosed: its text is not collapsed.
		p.links[p.open].Text = dropNewlines(p.text.String()[p.openStart:])
	}
	p.open, p.openStart = len(p.links)-1, p.text.Len()
}

// endLine ends the current line: the anchors on it get it as Context, and
// Text gets a '\n' unless it is empty or already ends with one.
func (p *notesParser) endLine() {
	t := p.text.String()
	if p.lineLink < len(p.links) {
		ctx := collapse(t[p.lineStart:])
		for i := p.lineLink; i < len(p.links); i++ {
			p.links[i].Context = ctx
		}
		p.lineLink = len(p.links)
	}
	if len(t) > 0 && t[len(t)-1] != '\n' {
		p.text.WriteByte('\n')
	}
	p.lineStart = p.text.Len()
}

// finish ends the last line and the anchor left open, if any.
func (p *notesParser) finish() {
	if p.open >= 0 {
		p.links[p.open].Text = dropNewlines(p.text.String()[p.openStart:])
		p.open = -1
	}
	p.endLine()
}

// textSpecial marks the bytes addText does not copy as they are.
var textSpecial = [256]bool{'\n': true, '\r': true, '&': true, 0xC2: true, 0: true}

// addText adds the text token r, as x/net/html's Tokenizer.Text returns it:
// "\r\n" and '\r' read as '\n'; with refs, character references decoded;
// with nul, NUL read as U+FFFD. U+00A0 is a space and '\n' ends a line. A
// decoded '\r' ends a line too.
func (p *notesParser) addText(r string, refs, nul bool) {
	if p.skip > 0 || r == "" {
		return
	}
	i := 0 // r[i:j] is yet to be written
	for j := 0; j < len(r); {
		for j < len(r) && !textSpecial[r[j]] {
			j++
		}
		if j == len(r) {
			break
		}
		switch r[j] {
		case '\n':
			p.text.WriteString(r[i:j])
			p.endLine()
			j++
			i = j
		case '\r':
			p.text.WriteString(r[i:j])
			j++
			i = j
			if j < len(r) && r[j] == '\n' {
				continue // "\r\n": the '\n' ends the line
			}
			p.endLine()
		case 0xC2:
			if j+1 < len(r) && r[j+1] == 0xA0 {
				p.text.WriteString(r[i:j])
				p.text.WriteByte(' ')
				j += 2
				i = j
				continue
			}
			j++
		case '&':
			if !refs {
				j++
				continue
			}
			r1, r2, n := decodeRef(r[j:], false)
			if n == 0 {
				j++
				continue
			}
			p.text.WriteString(r[i:j])
			p.writeRune(r1)
			if r2 != 0 {
				p.writeRune(r2)
			}
			j += n
			i = j
		case 0:
			if !nul {
				j++
				continue
			}
			p.text.WriteString(r[i:j])
			p.text.WriteString("\uFFFD")
			j++
			i = j
		}
	}
	p.text.WriteString(r[i:])
}

// writeRune writes a decoded character reference.
func (p *notesParser) writeRune(r rune) {
	switch r {
	case '\u00a0':
		p.text.WriteByte(' ')
	case '\n', '\r':
		p.endLine()
	default:
		p.text.WriteRune(r)
	}
}

// attrValue is an attribute value as x/net/html's Tokenizer.TagAttr returns
// it (NUL read as U+FFFD, "\r\n" and '\r' as '\n', character references
// decoded the way they are in attributes), trimmed.
func attrValue(v string) string {
	i := 0
	for i < len(v) && v[i] != '&' && v[i] != '\r' && v[i] != 0 {
		i++
	}
	if i == len(v) {
		return strings.TrimSpace(v)
	}
	b := make([]byte, 0, len(v)+8)
	b = append(b, v[:i]...)
	for i < len(v) {
		switch c := v[i]; c {
		case 0:
			b = append(b, "\uFFFD"...)
			i++
		case '\r':
			if i+1 >= len(v) || v[i+1] != '\n' {
				b = append(b, '\n')
			}
			i++
		case '&':
			r1, r2, n := decodeRef(v[i:], true)
			if n == 0 {
				b = append(b, '&')
				i++
				continue
			}
			b = utf8.AppendRune(b, r1)
			if r2 != 0 {
				b = utf8.AppendRune(b, r2)
			}
			i += n
		default:
			b = append(b, c)
			i++
		}
	}
	return strings.TrimSpace(string(b))
}

// decodeRef decodes the character reference at the start of s (s[0] ==
// '&') as x/net/html does in text, or with attr in an attribute value. It
// returns the character or two and the length of the reference, or n == 0
// if s starts with no reference.
func decodeRef(s string, attr bool) (r1, r2 rune, n int) {
	if len(s) <= 1 {
		return 0, 0, 0
	}
	if s[1] == '#' {
		return decodeNumericRef(s)
	}
	i := 1
	for i < len(s) && isAlnum(s[i]) {
		i++
	}
	if i < len(s) && s[i] == ';' {
		i++
	}
	name := s[1:i]
	switch {
	case name == "":
		return 0, 0, 0
	case attr && name[len(name)-1] != ';' && i < len(s) && s[i] == '=':
		return 0, 0, 0
	}
	switch name {
	case "amp;", "amp":
		return '&', 0, i
	case "lt;", "lt":
		return '<', 0, i
	case "gt;", "gt":
		return '>', 0, i
	case "quot;", "quot":
		return '"', 0, i
	case "apos;":
		return '\'', 0, i
	case "nbsp;", "nbsp":
		return '\u00a0', 0, i
	}
	// html.UnescapeString reads named references as x/net/html does in
	// text: the name if it is one, else its longest prefix that is one of
	// the references allowed without ';' ("&notit;" is "¬it;").
	ref := s[:i]
	u := html.UnescapeString(ref)
	if u == ref {
		return 0, 0, 0
	}
	r1, size := utf8.DecodeRuneInString(u)
	rest := u[size:]
	switch {
	case rest == "":
		return r1, 0, i
	case strings.HasSuffix(name, rest): // a prefix: attribute values have none
		if attr {
			return 0, 0, 0
		}
		return r1, 0, i - len(rest)
	}
	r2, _ = utf8.DecodeRuneInString(rest)
	return r1, r2, i
}

// decodeNumericRef decodes "&#...", as x/net/html does.
func decodeNumericRef(s string) (r rune, _ rune, n int) {
	if len(s) <= 2 {
		return 0, 0, 0
	}
	i, base := 2, rune(10)
	if s[i] == 'x' || s[i] == 'X' {
		i, base = 3, 16
	}
	i0 := i
digits:
	for ; i < len(s); i++ {
		var d rune
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			d = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = rune(c-'A') + 10
		default:
			break digits
		}
		if r <= unicode.MaxRune {
			r = base*r + d
		}
	}
	if i == i0 {
		return 0, 0, 0
	}
	if i < len(s) && s[i] == ';' {
		i++
	}
	switch {
	case 0x80 <= r && r <= 0x9F:
		r = windows1252[r-0x80]
	case r == 0 || 0xD800 <= r && r <= 0xDFFF || r > unicode.MaxRune:
		r = utf8.RuneError
	}
	return r, 0, i
}

// windows1252 is what x/net/html reads the references &#x80; to &#x9F; as.
var windows1252 = [32]rune{
	'\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
	'\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
	'\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
	'\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
}

// scanTag reads a tag as x/net/html's readTag does; i is the index after
// the first letter of its name. It returns the end of the name, where the
// attributes start, and the index after the tag's '>', or next < 0 if s ends
// inside the tag.
func scanTag(s string, i int) (nameEnd, attrs, next int) {
	for ; ; i++ {
		if i >= len(s) {
			return 0, 0, -1
		}
		if c := s[i]; isSpace(c) {
			nameEnd = i
			i++
			break
		} else if c == '/' || c == '>' {
			nameEnd = i
			break
		}
	}
	attrs = skipSpace(s, i)
	it := attrIter{s: s, i: attrs}
	for {
		if _, _, _, _, ok := it.next(); !ok {
			break
		}
	}
	return nameEnd, attrs, it.i
}

// attrIter reads a tag's attributes as x/net/html's readTagAttrKey and
// readTagAttrVal do.
type attrIter struct {
	s string
	i int // the next attribute or the tag's '>'; after the '>' when done; -1 at the end of s
}

// next returns the next attribute's key s[k0:k1] (empty for a stray '/')
// and raw value s[v0:v1], or ok == false after the tag's '>' or at the end
// of s.
func (it *attrIter) next() (k0, k1, v0, v1 int, ok bool) {
	s, i := it.s, it.i
	it.i = -1
	if i < 0 || i >= len(s) {
		return 0, 0, 0, 0, false
	}
	if s[i] == '>' {
		it.i = i + 1
		return 0, 0, 0, 0, false
	}
	k0 = i
	for ; ; i++ {
		if i >= len(s) {
			return 0, 0, 0, 0, false
		}
		c := s[i]
		if c == '=' && i == k0 {
			continue // '=' may start a name
		}
		if c == '=' || c == '/' || c == '>' || isSpace(c) {
			break
		}
	}
	k1, v0, v1 = i, i, i
	if i = skipSpace(s, i); i >= len(s) {
		return 0, 0, 0, 0, false
	}
	switch s[i] {
	case '/':
		i++
	case '=':
		if i = skipSpace(s, i+1); i >= len(s) {
			return 0, 0, 0, 0, false
		}
		switch q := s[i]; q {
		case '>':
		case '"', '\'':
			k := strings.IndexByte(s[i+1:], q)
			if k < 0 {
				return 0, 0, 0, 0, false
			}
			v0, v1 = i+1, i+1+k
			i = v1 + 1
		default:
			for v0 = i; ; i++ {
				if i >= len(s) {
					return 0, 0, 0, 0, false
				}
				if c := s[i]; c == '>' {
					v1 = i
					break
				} else if isSpace(c) {
					v1 = i
					i++
					break
				}
			}
		}
	}
	if i = skipSpace(s, i); i >= len(s) {
		return 0, 0, 0, 0, false
	}
	it.i = i
	return k0, k1, v0, v1, true
}

// selfClosing reports whether the start tag whose attributes start at
// s[attrs] and which ends before s[next] is self-closing as x/net/html sees
// it: "/>" ends it, and the '/' does not end the value of the last attribute
// it keeps (the first of each name), as in <a href=x/>. Only the last
// attribute's value can end right before the '>'.
func selfClosing(s string, attrs, next int) bool {
	if s[next-2] != '/' {
		return false
	}
	var (
		key string
		end = -1 // of the last attribute's value
	)
	for it := (attrIter{s: s, i: attrs}); ; {
		k0, k1, _, v1, ok := it.next()
		if !ok {
			break
		}
		if k0 < k1 {
			key, end = s[k0:k1], v1
		}
	}
	if end != next-1 {
		return true
	}
	for it := (attrIter{s: s, i: attrs}); ; {
		k0, k1, _, v1, ok := it.next()
		if !ok || v1 >= end {
			return false
		}
		if k0 < k1 && equalFold(s[k0:k1], key) {
			return true // the last attribute repeats a name: it is dropped
		}
	}
}

// rawTextEnd returns where the raw text from s[i] ends: at the end tag
// "</name" followed by white space, '/' or '>', else at the end of s.
func rawTextEnd(s string, i int, name string) int {
	for {
		k := strings.Index(s[i:], "</")
		if k < 0 {
			return len(s)
		}
		i += k
		j := i + 2 + len(name)
		if j < len(s) && equalLower(s[i+2:j], name) && (isSpace(s[j]) || s[j] == '/' || s[j] == '>') {
			return i
		}
		i += 2
	}
}

// endTagAt reports whether "script" and white space, '/' or '>' follow the
// "</" that ends before s[i], as x/net/html's readRawEndTag: if so, start is
// i-2; if not, next is where to read on, and eof whether s ended first.
func endTagAt(s string, i int) (start, next int, ok, eof bool) {
	const name = "script"
	for k := 0; k < len(name); k++ {
		if i+k >= len(s) {
			return 0, len(s), false, true
		}
		if lower(s[i+k]) != name[k] {
			return 0, i + k, false, false
		}
	}
	j := i + len(name)
	if j >= len(s) {
		return 0, len(s), false, true
	}
	if c := s[j]; isSpace(c) || c == '/' || c == '>' {
		return i - 2, 0, true, false
	}
	return 0, j, false, false
}

// scriptEnd returns where the contents of a <script> that starts at s[j]
// end, following x/net/html's readScript: the script data states of the
// HTML tokenizer, in which "<!--" can hide a "</script>".
func scriptEnd(s string, j int) int {
	var (
		c        byte
		start    int
		ok, eof  bool
		n        = len(s)
		inScript = "script"
	)
scriptData:
	if k := strings.IndexByte(s[j:], '<'); k < 0 {
		return n
	} else {
		j += k + 1
	}
	// script data less-than sign
	if j >= n {
		return n
	}
	c, j = s[j], j+1
	switch c {
	case '/':
		if start, j, ok, eof = endTagAt(s, j); ok {
			return start
		} else if eof {
			return n
		}
		goto scriptData
	case '!':
		// script data escape start (dash)
		for range 2 {
			if j >= n {
				return n
			}
			if s[j] != '-' {
				goto scriptData
			}
			j++
		}
		goto escapedDashDash
	}
	j--
	goto scriptData

escaped:
	if j >= n {
		return n
	}
	c, j = s[j], j+1
	switch c {
	case '-':
		goto escapedDash
	case '<':
		goto escapedLessThan
	}
	goto escaped

escapedDash:
	if j >= n {
		return n
	}
	c, j = s[j], j+1
	switch c {
	case '-':
		goto escapedDashDash
	case '<':
		goto escapedLessThan
	}
	goto escaped

escapedDashDash:
	if j >= n {
		return n
	}
	c, j = s[j], j+1
	switch c {
	case '-':
		goto escapedDashDash
	case '<':
		goto escapedLessThan
	case '>':
		goto scriptData
	}
	goto escaped

escapedLessThan:
	if j >= n {
		return n
	}
	c, j = s[j], j+1
	switch {
	case c == '/':
		if start, j, ok, eof = endTagAt(s, j); ok {
			return start
		} else if eof {
			return n
		}
		goto escaped
	case isLetter(c):
		// double escape start
		j--
		for k := 0; k < len(inScript); k++ {
			if j >= n {
				return n
			}
			if lower(s[j]) != inScript[k] {
				goto escaped
			}
			j++
		}
		if j >= n {
			return n
		}
		if c = s[j]; isSpace(c) || c == '/' || c == '>' {
			j++
			goto doubleEscaped
		}
		goto escaped
	}
	j--
	goto scriptData

doubleEscaped:
	if j >= n {
		return n
	}
	c, j = s[j], j+1
	switch c {
	case '-':
		goto doubleEscapedDash
	case '<':
		goto doubleEscapedLessThan
	}
	goto doubleEscaped

doubleEscapedDash:
	if j >= n {
		return n
	}
	c, j = s[j], j+1
	switch c {
	case '-':
		goto doubleEscapedDashDash
	case '<':
		goto doubleEscapedLessThan
	}
	goto doubleEscaped

doubleEscapedDashDash:
	if j >= n {
		return n
	}
	c, j = s[j], j+1
	switch c {
	case '-':
		goto doubleEscapedDashDash
	case '<':
		goto doubleEscapedLessThan
	case '>':
		goto scriptData
	}
	goto doubleEscaped

doubleEscapedLessThan:
	if j >= n {
		return n
	}
	c, j = s[j], j+1
	if c != '/' {
		j--
		goto doubleEscaped
	}
	// double escape end
	if start, j, ok, eof = endTagAt(s, j); ok {
		j = start + len("</script>")
		goto escaped
	} else if eof {
		return n
	}
	goto doubleEscaped
}

// markupDeclEnd returns the end of the comment, doctype or bogus comment
// after "<!" at s[i-2:].
func markupDeclEnd(s string, i int) int {
	switch {
	case len(s)-i < 2:
		return len(s)
	case s[i] == '-' && s[i+1] == '-':
		return commentEnd(s, i+2)
	}
	return closeAngle(s, i)
}

// commentEnd returns the end of the comment whose "<!--" ends before s[i],
// as x/net/html's readComment: after "-->", "--!>", or a '>' right after the
// "<!--" and any dashes.
func commentEnd(s string, i int) int {
	dashes, beginning := 0, true
	for i < len(s) {
		c := s[i]
		i++
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return i
			}
		case '!':
			if dashes >= 2 {
				if i >= len(s) {
					return len(s)
				}
				c = s[i]
				i++
				if c == '>' {
					return i
				}
				if c == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return len(s)
}

// closeAngle returns the index after the first '>' from s[i], or len(s).
func closeAngle(s string, i int) int {
	if k := strings.IndexByte(s[i:], '>'); k >= 0 {
		return i + k + 1
	}
	return len(s)
}

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

// isSpace reports whether c is HTML white space (without '\v').
func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isAlnum(c byte) bool { return isLetter(c) || '0' <= c && c <= '9' }

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// equalLower reports whether s is low (lower case) in any ASCII case.
func equalLower(s, low string) bool {
	if len(s) != len(low) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if lower(s[i]) != low[i] {
			return false
		}
	}
	return true
}

// equalFold reports whether a and b are equal in ASCII case folding.
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lower(a[i]) != lower(b[i]) {
			return false
		}
	}
	return true
}

// looksEscaped reports whether s is HTML escaped once too often: it has
// escaped tags and no real ones.
func looksEscaped(s string) bool {
	return strings.IndexByte(s, '<') < 0 && strings.Contains(s, "&lt;") && strings.Contains(s, "&gt;")
}

// dropNewlines returns s without its '\n's: an anchor's text is the text of
// its lines run together.
func dropNewlines(s string) string {
	if strings.IndexByte(s, '\n') < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\n", "")
}

// collapse trims s and folds runs of white space (unicode.IsSpace) to one
// space, as strings.Join(strings.Fields(s), " ") does. It returns s itself
// when there is nothing to fold.
func collapse(s string) string {
	if s = strings.TrimSpace(s); isCollapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		// A word: up to the next white space.
		j := i
		for j < len(s) {
			if c := s[j]; c < utf8.RuneSelf {
				if asciiSpace(c) {
					break
				}
				j++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += size
		}
		if j > i {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s[i:j])
		}
		// White space.
		for j < len(s) {
			if c := s[j]; c < utf8.RuneSelf {
				if !asciiSpace(c) {
					break
				}
				j++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsSpace(r) {
				break
			}
			j += size
		}
		i = j
	}
	return b.String()
}

// isCollapsed reports whether collapse(s) == s: s has no white space but
// single ' ' between words.
func isCollapsed(s string) bool {
	space := true // at the start, or after a ' '
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case ' ' < c && c < utf8.RuneSelf:
			space = false
			i++
		case c == ' ':
			if space {
				return false
			}
			space = true
			i++
		case c < utf8.RuneSelf: // control characters, white space or not
			if asciiSpace(c) {
				return false
			}
			space = false
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return false
			}
			space = false
			i += size
		}
	}
	return !space || s == ""
}

// asciiSpace reports whether c is white space to strings.Fields.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// notesHTML returns the richest show notes of it: content:encoded, else
// description, else itunes:summary.
func notesHTML(it *feed.Item) string {
	switch {
	case strings.TrimSpace(it.ContentEncoded) != "":
		return it.ContentEncoded
	case strings.TrimSpace(it.Description) != "":
		return it.Description
	}
	return it.ITunes.Summary
}
