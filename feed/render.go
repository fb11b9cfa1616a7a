package feed

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Render returns Src with adds[i] spliced into Items[i] and the channel
// changed as opt says. adds may be shorter than Items, or nil; additions
// beyond Items are ignored. With no additions and zero options the result
// is a copy of Src, byte for byte. Every byte of Src that Render does not own
// comes out unchanged, line endings included.
//
// Each item's additions go after its last child, before the white space
// ahead of </item>, one element per line with the indentation of the item's
// children, in this order: podcast:transcript, podcast:chapters,
// psc:chapters (only with opt.InlinePSC), category, podcast:person. What the
// item already has is skipped, as the Additions doc says; persons compare
// name and role case-insensitively, a missing role being "host". With
// opt.DescriptionChapters, the chapters also go to the end of the item's
// description and content:encoded as a list of timestamped lines (see
// notesChapters).
//
// Namespaces: an element is written with the prefix the feed binds to its
// namespace on <rss>; when <rss> binds none, with "podcast", "psc", "itunes"
// or "atom" (or "podcast2"... when <rss> binds that prefix to another
// namespace), declared on <rss> only when some element needs it. Where a
// local declaration rebinds the prefix, another prefix bound to the
// namespace there is used, else the element declares its prefix itself.
//
// Render only reads d; it is safe for concurrent use. The result is a new
// buffer, allocated once at its final size; the cost is O(len(Src)) plus the
// additions.
func (d *Document) Render(adds []Additions, opt RenderOptions) []byte {
	L := &d.layout
	if L.rootAttrEnd <= 0 || L.chanScope == nil {
		// Not a Document from Parse: nothing is known about where to splice.
		return append([]byte(nil), d.Src...)
	}
	r := renderer{src: d.Src, L: L}
	n := min(len(adds), len(d.Items), len(L.items))
	r.ins = make([]byte, 0, 512+n*256)
	for i := 0; i < n; i++ {
		r.item(&d.Items[i], &L.items[i], &adds[i], opt.InlinePSC)
		if opt.DescriptionChapters {
			r.notesChapters(&d.Items[i], &L.items[i], &adds[i], d.Channel.Language)
		}
	}
	r.channel(opt)
	r.rootDecls()
	return r.assemble()
}

// op replaces src[at:end] (an insertion when end == at) with ins[a:b].
type op struct {
	at, end int
	a, b    int
}

type renderer struct {
	src []byte
	L   *layout
	ins []byte // the text of all ops
	ops []op

	needRoot [nsWritten]nsPick // namespaces to declare on <rss>; prefix "" when not needed
}

func (r *renderer) addOp(at, end, a int) {
	r.ops = append(r.ops, op{at: at, end: end, a: a, b: len(r.ins)})
}

func (r *renderer) item(it *Item, il *itemLayout, add *Additions, inlinePSC bool) {
	if add.Empty() {
		return
	}
	start := r.beginChildren(il.selfClose)
	indent := r.src[il.indent.start:il.indent.end]
	sc := il.scope

	for k := range add.Transcripts {
		t := &add.Transcripts[k]
		u := strings.TrimSpace(t.URL)
		if u == "" || hasTranscript(it.Transcripts, u) || hasTranscript(add.Transcripts[:k], u) {
			continue
		}
		r.open(indent, sc, nsPodcast, "transcript")
		r.attr("url", u)
		r.attr("type", strings.TrimSpace(t.Type))
		r.attr("language", strings.TrimSpace(t.Language))
		r.attr("rel", strings.TrimSpace(t.Rel))
		r.ins = append(r.ins, "/>"...)
	}
	if u := strings.TrimSpace(add.ChaptersURL); u != "" && !it.HasChapters {
		r.open(indent, sc, nsPodcast, "chapters")
		r.attr("url", u)
		r.attr("type", "application/json+chapters")
		r.ins = append(r.ins, "/>"...)
	}
	if inlinePSC && len(add.Chapters) > 0 && !it.HasPSC {
		prefix := r.open(indent, sc, nsPSC, "chapters")
		r.attr("version", "1.2")
		r.ins = append(r.ins, '>')
		unit := indentUnit(indent)
		for k := range add.Chapters {
			c := &add.Chapters[k]
			r.ins = append(r.ins, indent...)
			r.ins = append(r.ins, unit...)
			r.ins = append(r.ins, '<')
			r.ins = append(r.ins, prefix...)
			r.ins = append(r.ins, ":chapter start=\""...)
			r.ins = appendNPT(r.ins, c.Start)
			r.ins = append(r.ins, '"')
			r.attr("title", strings.TrimSpace(c.Title))
			r.attr("href", strings.TrimSpace(c.URL))
			r.attr("image", strings.TrimSpace(c.Image))
			r.ins = append(r.ins, "/>"...)
		}
		r.ins = append(r.ins, indent...)
		r.closeTag(prefix, "chapters")
	}
	for k, c := range add.Categories {
		c = strings.TrimSpace(c)
		if c == "" || containsFold(it.Categories, c) || containsFoldTrimmed(add.Categories[:k], c) {
			continue
		}
		r.ins = append(r.ins, indent...)
		r.ins = append(r.ins, "<category>"...)
		r.ins = appendEscaped(r.ins, c, 0)
		r.ins = append(r.ins, "</category>"...)
	}
	for k := range add.Persons {
		p := &add.Persons[k]
		name := strings.TrimSpace(p.Name)
		if name == "" || hasPerson(it.Persons, name, p.Role) || hasPerson(add.Persons[:k], name, p.Role) {
			continue
		}
		prefix := r.open(indent, sc, nsPodcast, "person")
		r.attr("role", strings.TrimSpace(p.Role))
		r.attr("group", strings.TrimSpace(p.Group))
		r.attr("href", strings.TrimSpace(p.Href))
		r.attr("img", strings.TrimSpace(p.Img))
		r.ins = append(r.ins, '>')
		r.ins = appendEscaped(r.ins, name, 0)
		r.closeTag(prefix, "person")
	}
	r.endChildren(start, il.selfClose, il.insertAt, "item")
}

// channel writes what opt changes at channel level.
func (r *renderer) channel(opt RenderOptions) {
	L := r.L
	if opt.SelfURL == "" && !opt.Mirror {
		return
	}
	if opt.SelfURL != "" {
		for _, sl := range L.selfLinks {
			a := len(r.ins)
			if sl.quote == 0 {
				r.attr("href", opt.SelfURL)
				r.addOp(sl.val.start, sl.val.start, a)
				continue
			}
			r.ins = appendEscaped(r.ins, opt.SelfURL, sl.quote)
			r.addOp(sl.val.start, sl.val.end, a)
		}
	}
	if opt.Mirror {
		for _, dr := range L.drops {
			r.addOp(dr.start, dr.end, len(r.ins))
		}
		for _, b := range L.blocks {
			a := len(r.ins)
			switch {
			case b.selfClose:
				r.ins = append(r.ins, '<')
				r.ins = append(r.ins, b.qname...)
				r.ins = append(r.ins, ">Yes"...)
				r.closeTag("", b.qname)
				r.addOp(b.elem.start, b.elem.end, a)
			case string(r.src[b.content.start:b.content.end]) != "Yes":
				r.ins = append(r.ins, "Yes"...)
				r.addOp(b.content.start, b.content.end, a)
			}
		}
	}

	// New channel children.
	start := r.beginChildren(L.chanSelfClose)
	indent := r.src[L.chanIndent.start:L.chanIndent.end]
	if opt.SelfURL != "" && len(L.selfLinks) == 0 {
		r.open(indent, L.chanScope, nsAtom, "link")
		r.attr("href", opt.SelfURL)
		r.attr("rel", "self")
		r.attr("type", "application/rss+xml")
		r.ins = append(r.ins, "/>"...)
	}
	if opt.Mirror && len(L.blocks) == 0 {
		prefix := r.open(indent, L.chanScope, nsItunes, "block")
		r.ins = append(r.ins, ">Yes"...)
		r.closeTag(prefix, "block")
	}
	at := L.chanTagEnd - 2 // the "/>" of <channel/>
	if !L.chanSelfClose {
		at = L.chanInsert
		if opt.Mirror {
			at = L.chanInsertMirror
		}
		if at < 0 {
			at = L.chanTagEnd
		}
	}
	r.endChildren(start, L.chanSelfClose, at, "channel")
}

// beginChildren starts writing new children of an element and returns where
// they start in r.ins. An empty-element tag (selfClose) gets its '>' first:
// endChildren replaces its "/>" with what was written and the end tag.
func (r *renderer) beginChildren(selfClose bool) (start int) {
	start = len(r.ins)
	if selfClose {
		r.ins = append(r.ins, '>')
	}
	return start
}

// endChildren splices the children written since beginChildren returned
// start into the element name: at offset at, or, for an empty-element tag,
// in place of its "/>" at at, followed by "</name>". Nothing is written
// when there are no children.
func (r *renderer) endChildren(start int, selfClose bool, at int, name string) {
	mark := start
	if selfClose {
		mark++ // the '>' from beginChildren
	}
	switch {
	case len(r.ins) == mark:
		r.ins = r.ins[:start]
	case selfClose:
		r.closeTag("", name)
		r.addOp(at, at+2, start)
	default:
		r.addOp(at, at, start)
	}
}

// rootDecls declares on <rss> the namespaces written with a prefix <rss>
// does not bind.
func (r *renderer) rootDecls() {
	a := len(r.ins)
	for w := nsPodcast; w < nsWritten; w++ {
		pk := r.needRoot[w]
		if pk.prefix == "" {
			continue
		}
		r.xmlns(r.L.rootAttrSep, pk)
	}
	if len(r.ins) > a {
		r.addOp(r.L.rootAttrEnd, r.L.rootAttrEnd, a)
	}
}

// assemble copies Src with the ops applied into one new buffer.
func (r *renderer) assemble() []byte {
	ops := r.ops
	sort.SliceStable(ops, func(i, j int) bool {
		if ops[i].at != ops[j].at {
			return ops[i].at < ops[j].at
		}
		return ops[i].end == ops[i].at && ops[j].end != ops[j].at
	})
	size := len(r.src)
	for _, o := range ops {
		size += o.b - o.a - (o.end - o.at)
	}
	out := make([]byte, 0, max(size, 0))
	cur := 0
	for _, o := range ops {
		if o.at < cur {
			continue // overlapping ops cannot be produced by Parse's layout; never corrupt the output
		}
		out = append(out, r.src[cur:o.at]...)
		out = append(out, r.ins[o.a:o.b]...)
		cur = o.end
	}
	return append(out, r.src[cur:]...)
}

// open writes the indentation and "<prefix:local" of an element of namespace
// w as sc says, and returns the prefix.
func (r *renderer) open(indent []byte, sc *nsScope, w nsID, local string) string {
	pk := sc[w]
	r.ins = append(r.ins, indent...)
	r.ins = append(r.ins, '<')
	r.ins = append(r.ins, pk.prefix...)
	r.ins = append(r.ins, ':')
	r.ins = append(r.ins, local...)
	switch pk.mode {
	case pickRoot:
		r.needRoot[w] = pk
	case pickLocal:
		r.xmlns(" ", pk)
	}
	return pk.prefix
}

// closeTag writes the end tag "</prefix:local>", or "</local>" when prefix
// is "".
func (r *renderer) closeTag(prefix, local string) {
	r.ins = append(r.ins, "</"...)
	if prefix != "" {
		r.ins = append(r.ins, prefix...)
		r.ins = append(r.ins, ':')
	}
	r.ins = append(r.ins, local...)
	r.ins = append(r.ins, '>')
}

// xmlns writes sep and the declaration xmlns:prefix="uri" of pk.
func (r *renderer) xmlns(sep string, pk nsPick) {
	r.ins = append(r.ins, sep...)
	r.ins = append(r.ins, "xmlns:"...)
	r.ins = append(r.ins, pk.prefix...)
	r.ins = append(r.ins, `="`...)
	r.ins = appendEscaped(r.ins, pk.uri, '"')
	r.ins = append(r.ins, '"')
}

// attr writes ` name="value"`, escaped; nothing when value is empty.
func (r *renderer) attr(name, value string) {
	if value == "" {
		return
	}
	r.ins = append(r.ins, ' ')
	r.ins = append(r.ins, name...)
	r.ins = append(r.ins, `="`...)
	r.ins = appendEscaped(r.ins, value, '"')
	r.ins = append(r.ins, '"')
}

// appendEscaped appends s escaped for character data (quote == 0) or for an
// attribute value delimited by quote. Characters XML does not allow
// (control characters, invalid UTF-8, U+FFFE, U+FFFF) are dropped; in
// attribute values tab, LF and CR are written as character references so
// that they survive attribute-value normalization, and in character data CR
// is, so that it survives line-end normalization.
func appendEscaped(dst []byte, s string, quote byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				dst = append(dst, "&amp;"...)
			case c == '<':
				dst = append(dst, "&lt;"...)
			case c == '>':
				dst = append(dst, "&gt;"...)
			case c == '"' && quote != 0:
				dst = append(dst, "&quot;"...)
			case c == '\'' && quote == '\'':
				dst = append(dst, "&apos;"...)
			case c == '\r' || (c == '\t' || c == '\n') && quote != 0:
				dst = append(dst, "&#"...)
				dst = strconv.AppendInt(dst, int64(c), 10)
				dst = append(dst, ';')
			case c >= 0x20 || c == '\t' || c == '\n':
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !(r == utf8.RuneError && n == 1) && r != 0xFFFE && r != 0xFFFF {
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}

// indentUnit is what makes an indentation one level deeper than indent: a
// tab or two spaces, nothing when there is no indentation.
func indentUnit(indent []byte) string {
	switch {
	case len(indent) == 0:
		return ""
	case indent[len(indent)-1] == '\t':
		return "\t"
	}
	return "  "
}

// appendNPT appends seconds as Normal Play Time, HH:MM:SS with milliseconds
// when there are any ("00:35:12.250"); below zero (or NaN) is 00:00:00.
func appendNPT(b []byte, sec float64) []byte {
	if !(sec > 0) {
		sec = 0
	}
	ms := int64(math.Round(math.Min(sec, 1e9) * 1000))
	b = appendPadded(b, ms/3600000)
	b = append(b, ':')
	b = appendPadded(b, ms/60000%60)
	b = append(b, ':')
	b = appendPadded(b, ms/1000%60)
	if f := ms % 1000; f > 0 {
		b = append(b, '.')
		b = append(b, byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10))
	}
	return b
}

func appendPadded(b []byte, v int64) []byte {
	if v < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, v, 10)
}

func hasTranscript(ts []Transcript, url string) bool {
	for i := range ts {
		if strings.TrimSpace(ts[i].URL) == url {
			return true
		}
	}
	return false
}

func containsFold(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

func containsFoldTrimmed(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), v) {
			return true
		}
	}
	return false
}

// hasPerson reports whether ps lists name with role; an empty role is the
// podcast namespace's default, "host".
func hasPerson(ps []Person, name, role string) bool {
	role = personRole(role)
	for i := range ps {
		if strings.EqualFold(strings.TrimSpace(ps[i].Name), name) && strings.EqualFold(personRole(ps[i].Role), role) {
			return true
		}
	}
	return false
}

func personRole(role string) string {
	if role = strings.TrimSpace(role); role == "" {
		return "host"
	}
	return role
}
