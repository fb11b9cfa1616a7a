package feed

import (
	"bytes"
	"fmt"
	"html"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
)

// This file turns raw upstream bytes into the UTF-8 that the scanner reads
// (prepare), and holds the repairs Parse applies when a scan fails on a
// mistake real feeds make.
//
// Encodings: a UTF-8 byte order mark is dropped; UTF-16 (with a BOM, or
// detected from "<\x00?\x00"-style patterns) is transcoded; a declared
// encoding other than UTF-8 is looked up as browsers do (WHATWG, via
// htmlindex), then in the IANA registry, and the document is transcoded. So
// ISO-8859-1, Latin-1 and US-ASCII are read as windows-1252: feeds that
// declare ISO-8859-1 use its C1 range for curly quotes and dashes, the way
// browsers display them. A document that declares a legacy encoding but is
// pure ASCII, or valid UTF-8 with non-ASCII characters (a common
// mislabelling, and practically never a legacy text), is read as UTF-8.
// Whenever the input is not UTF-8 as declared, the declaration is rewritten
// to encoding="UTF-8" so that Src stays self-describing.

// prepare returns raw as UTF-8, with the repairs it made. For a clean UTF-8
// feed it returns raw itself and no repairs.
func prepare(raw []byte) ([]byte, []string, error) {
	var (
		src     = raw
		repairs []string
		utf16   string
	)
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		src = raw[3:]
		repairs = append(repairs, "removed the UTF-8 byte order mark")
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		utf16, src = "UTF-16BE", raw[2:]
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		utf16, src = "UTF-16LE", raw[2:]
	case len(raw) >= 4 && raw[0] == '<' && raw[1] == 0 && raw[2] != 0 && raw[3] == 0:
		utf16 = "UTF-16LE"
	case len(raw) >= 4 && raw[0] == 0 && raw[1] == '<' && raw[2] == 0 && raw[3] != 0:
		utf16 = "UTF-16BE"
	}
	if utf16 != "" {
		order := unicode.LittleEndian
		if utf16 == "UTF-16BE" {
			order = unicode.BigEndian
		}
		out, err := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(src)
		if err != nil {
			return nil, nil, fmt.Errorf("feed: decoding %s: %w", utf16, err)
		}
		src = out
		repairs = append(repairs, "transcoded from "+utf16)
		d, ok := findDecl(src)
		if ok && d.enc.end > d.enc.start && !strings.EqualFold(string(src[d.enc.start:d.enc.end]), "utf-8") {
			src = replaceSpans(src, edit{d.enc, "UTF-8"})
		}
	}
	src, more, err := prepareDecl(src)
	return src, append(repairs, more...), err
}

// xmlDeclSpans locates the pseudo-attribute values of an XML declaration.
type xmlDeclSpans struct {
	version, enc span // enc is empty when there is no encoding declaration
}

// findDecl finds the XML declaration at the start of src, leniently: it is
// only used to read the encoding; the scanner checks the syntax.
func findDecl(src []byte) (xmlDeclSpans, bool) {
	var d xmlDeclSpans
	if len(src) < 6 || !bytes.HasPrefix(src, []byte("<?xml")) || !isSpace(src[5]) {
		return d, false
	}
	end := bytes.Index(src, []byte("?>"))
	if end < 0 || end > 1024 {
		return d, false
	}
	decl := src[:end]
	d.version, _ = declValue(decl, "version")
	d.enc, _ = declValue(decl, "encoding")
	return d, true
}

// versionEdit returns the edit that rewrites a 1.x version other than 1.0
// in the declaration d of src to 1.0, and the version written; ok is false
// when there is nothing to rewrite.
func (d xmlDeclSpans) versionEdit(src []byte) (e edit, version string, ok bool) {
	v := string(src[d.version.start:d.version.end])
	if v == "" || v == "1.0" || !strings.HasPrefix(v, "1.") {
		return edit{}, "", false
	}
	return edit{d.version, "1.0"}, v, true
}

// declValue returns the span of the quoted value of pseudo-attribute name.
func declValue(decl []byte, name string) (span, bool) {
	i := bytes.Index(decl, []byte(name))
	if i < 0 {
		return span{}, false
	}
	j := skipSpace(decl, i+len(name))
	if j >= len(decl) || decl[j] != '=' {
		return span{}, false
	}
	j = skipSpace(decl, j+1)
	if j >= len(decl) || decl[j] != '"' && decl[j] != '\'' {
		return span{}, false
	}
	k := bytes.IndexByte(decl[j+1:], decl[j])
	if k < 0 {
		return span{}, false
	}
	return span{j + 1, j + 1 + k}, true
}

// prepareDecl applies the XML declaration at the start of src: it transcodes
// a document in a declared legacy encoding and rewrites the declaration
// (encoding to UTF-8, a version other than 1.0 to 1.0). A declaration that
// names UTF-8, or no encoding, is left as it is but for the version; prepare
// has already rewritten that of a UTF-16 document.
func prepareDecl(src []byte) ([]byte, []string, error) {
	d, ok := findDecl(src)
	if !ok {
		return src, nil, nil
	}
	var (
		edits []edit
		notes []string
	)
	if e, v, ok := d.versionEdit(src); ok {
		edits = append(edits, e)
		notes = append(notes, fmt.Sprintf("XML version %q read as 1.0", v))
	}
	label := string(src[d.enc.start:d.enc.end])
	if label == "" || strings.EqualFold(label, "utf-8") {
		return replaceSpans(src, edits...), notes, nil
	}
	edits = append(edits, edit{d.enc, "UTF-8"})
	enc, name := lookupEncoding(label)
	switch {
	case enc == nil:
		if !utf8.Valid(src) {
			return nil, nil, fmt.Errorf("feed: unsupported encoding %q", label)
		}
		notes = append(notes, fmt.Sprintf("unknown encoding %q declared; read as UTF-8", label))
	case name == "utf-8" || strings.HasPrefix(name, "utf-16") || strings.HasPrefix(name, "utf-32"):
		notes = append(notes, fmt.Sprintf("declared encoding %q rewritten as UTF-8", label))
	case isASCII(src):
		notes = append(notes, fmt.Sprintf("declared encoding %q rewritten as UTF-8 (the content is ASCII)", label))
	case utf8.Valid(src):
		notes = append(notes, fmt.Sprintf("declared encoding %q, but the content is UTF-8: read as UTF-8", label))
	default:
		out, err := enc.NewDecoder().Bytes(src)
		if err != nil {
			return nil, nil, fmt.Errorf("feed: decoding %s: %w", label, err)
		}
		nd, ok := findDecl(out)
		if !ok {
			return nil, nil, fmt.Errorf("feed: decoding %s: the XML declaration did not survive", label)
		}
		edits = edits[:0]
		if e, _, ok := nd.versionEdit(out); ok {
			edits = append(edits, e)
		}
		edits = append(edits, edit{nd.enc, "UTF-8"})
		note := "transcoded from " + name
		if !strings.EqualFold(name, label) {
			note += fmt.Sprintf(" (declared %s)", label)
		}
		return replaceSpans(out, edits...), append(notes, note), nil
	}
	return replaceSpans(src, edits...), notes, nil
}

// lookupEncoding finds a declared encoding: WHATWG labels first, then IANA
// names. enc is nil when neither knows label.
func lookupEncoding(label string) (enc encoding.Encoding, name string) {
	if e, err := htmlindex.Get(label); err == nil && e != nil {
		n, _ := htmlindex.Name(e)
		return e, n
	}
	if e, err := ianaindex.IANA.Encoding(label); err == nil && e != nil {
		n, _ := ianaindex.IANA.Name(e)
		return e, strings.ToLower(n)
	}
	return nil, ""
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// edit replaces a span of a buffer.
type edit struct {
	at   span
	with string
}

// replaceSpans returns src with the edits applied; src itself when there are
// none. Edits must not overlap.
func replaceSpans(src []byte, edits ...edit) []byte {
	if len(edits) == 0 {
		return src
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].at.start < edits[j].at.start })
	n := len(src)
	for _, e := range edits {
		n += len(e.with) - (e.at.end - e.at.start)
	}
	out := make([]byte, 0, n)
	cur := 0
	for _, e := range edits {
		out = append(out, src[cur:e.at.start]...)
		out = append(out, e.with...)
		cur = e.at.end
	}
	return append(out, src[cur:]...)
}

// junkEnd finds junk ahead of the feed: the bytes before an XML declaration
// that is not at the start (white space, PHP warnings), else the bytes
// between the start (or the declaration) and the first <rss or <feed tag. It
// returns the span to drop and what it precedes; an empty span when there is
// nothing to drop.
func junkEnd(src []byte) (drop span, what string) {
	decl := indexTag(src, "<?xml")
	root := indexTag(src, "<rss")
	if f := indexTag(src, "<feed"); f >= 0 && (root < 0 || f < root) {
		root = f
	}
	switch {
	case decl > 0 && (root < 0 || decl < root):
		return span{0, decl}, "XML declaration"
	case decl == 0 && root > 0:
		e := bytes.Index(src, []byte("?>"))
		if e > 0 && e+2 < root {
			return span{e + 2, root}, "root element"
		}
	case decl < 0 && root > 0:
		return span{0, root}, "root element"
	}
	return span{}, ""
}

// indexTag returns the offset of the first tag starting with name (followed
// by white space, '>' or '/'), or -1.
func indexTag(src []byte, name string) int {
	for from := 0; from < len(src); {
		i := bytes.Index(src[from:], []byte(name))
		if i < 0 {
			return -1
		}
		i += from
		if e := i + len(name); e < len(src) && (isSpace(src[e]) || src[e] == '>' || src[e] == '/') {
			return i
		}
		from = i + 1
	}
	return -1
}

// fixEntities makes every '&' in character data and attribute values start a
// reference XML knows: an HTML named entity (&nbsp;, &eacute;, &rsquo;)
// becomes numeric character references, any other '&' (a bare "AT&T", an
// unknown entity, a reference to a character XML forbids) becomes &amp;.
// CDATA sections, comments and processing instructions are left alone.
func fixEntities(src []byte) ([]byte, []string) {
	out := make([]byte, 0, len(src)+len(src)/64)
	last := 0
	var named, bare int
	var names []string
	fix := func(i int) int {
		repl, n, isNamed := entityFix(src[i:])
		if n == 0 {
			return i + 1
		}
		out = append(out, src[last:i]...)
		out = append(out, repl...)
		last = i + n
		if isNamed {
			named++
			if name := string(src[i : i+n]); len(names) < 5 && !slices.Contains(names, name) {
				names = append(names, name)
			}
		} else {
			bare++
		}
		return i + n
	}
	// fixTag fixes the attribute values of the tag at i and returns the
	// offset after it.
	fixTag := func(i int) int {
		var quote byte
		for j := i + 1; j < len(src); {
			switch c := src[j]; {
			case quote != 0 && c == '&':
				j = fix(j)
				continue
			case quote != 0 && c == quote:
				quote = 0
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
			case quote == 0 && c == '>':
				return j + 1
			}
			j++
		}
		return len(src)
	}
	for i := 0; i < len(src); {
		switch src[i] {
		case '&':
			i = fix(i)
		case '<':
			rest := src[i:]
			switch {
			case bytes.HasPrefix(rest, []byte("<![CDATA[")):
				i = skipPast(src, i, "]]>")
			case bytes.HasPrefix(rest, []byte("<!--")):
				i = skipPast(src, i, "-->")
			case bytes.HasPrefix(rest, []byte("<?")):
				i = skipPast(src, i, "?>")
			case bytes.HasPrefix(rest, []byte("<!")):
				i = skipDirective(src, i)
			default:
				i = fixTag(i)
			}
		default:
			i++
		}
	}
	if named == 0 && bare == 0 {
		return src, nil
	}
	out = append(out, src[last:]...)
	var notes []string
	if named > 0 {
		notes = append(notes, fmt.Sprintf("replaced %d HTML entity references with character references (%s)", named, strings.Join(names, " ")))
	}
	if bare > 0 {
		notes = append(notes, fmt.Sprintf("escaped %d '&' that started no XML reference", bare))
	}
	return out, notes
}

// entityFix decides about the '&' at b[0]: it returns the replacement for
// b[:n], with n == 0 when the reference is fine as it is.
func entityFix(b []byte) (repl []byte, n int, named bool) {
	end := -1
	for i := 1; i < len(b) && i < 64; i++ {
		if b[i] == ';' {
			end = i
			break
		}
		if !(nameASCII[b[i]] || b[i] == '#') {
			break
		}
	}
	if end > 1 {
		ref := b[:end+1]
		if ref[1] == '#' {
			if r, k := decodeRef(ref); k == len(ref) && isXMLChar(r) {
				return nil, 0, false
			}
			return []byte("&amp;"), 1, false
		}
		switch string(ref[1:end]) {
		case "lt", "gt", "amp", "apos", "quot":
			return nil, 0, false
		}
		if u := html.UnescapeString(string(ref)); u != string(ref) && !strings.ContainsRune(u, ';') && utf8.RuneCountInString(u) <= 2 {
			var out []byte
			for _, r := range u {
				if !isXMLChar(r) {
					return []byte("&amp;"), 1, false
				}
				out = append(out, "&#"...)
				out = strconv.AppendInt(out, int64(r), 10)
				out = append(out, ';')
			}
			return out, len(ref), true
		}
	}
	return []byte("&amp;"), 1, false
}

// skipPast returns the offset after the first end at or after i+1, or
// len(src).
func skipPast(src []byte, i int, end string) int {
	j := bytes.Index(src[i+1:], []byte(end))
	if j < 0 {
		return len(src)
	}
	return i + 1 + j + len(end)
}

// skipDirective returns the offset after a <!DOCTYPE ...> directive,
// honouring quotes and an internal subset in brackets.
func skipDirective(src []byte, i int) int {
	var quote byte
	depth := 0
	for j := i + 2; j < len(src); j++ {
		c := src[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '>' && depth <= 0:
			return j + 1
		}
	}
	return len(src)
}

// wellKnownNamespaces are the namespace prefixes feeds use without
// declaring them often enough to repair, with their usual URIs.
var wellKnownNamespaces = [...]struct{ prefix, uri string }{
	{"itunes", NSItunes},
	{"podcast", NSPodcast},
	{"content", NSContent},
	{"atom", NSAtom},
	{"psc", NSPSC},
	{"media", "http://search.yahoo.com/mrss/"},
	{"dc", "http://purl.org/dc/elements/1.1/"},
	{"dcterms", "http://purl.org/dc/terms/"},
	{"googleplay", "http://www.google.com/schemas/play-podcasts/1.0"},
	{"sy", "http://purl.org/rss/1.0/modules/syndication/"},
	{"slash", "http://purl.org/rss/1.0/modules/slash/"},
	{"wfw", "http://wellformedweb.org/CommentAPI/"},
	{"spotify", "http://www.spotify.com/ns/rss"},
	{"rawvoice", "http://www.rawvoice.com/rawvoiceRssModule/"},
	{"fyyd", "https://fyyd.de/fyyd-ns/"},
	{"feedburner", "http://rssnamespace.org/feedburner/ext/1.0"},
	{"georss", "http://www.georss.org/georss"},
	{"geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"},
	{"creativeCommons", "http://backend.userland.com/creativeCommonsRssModule"},
	{"cc", "http://web.resource.org/cc/"},
	{"bitlove", "http://bitlove.org"},
	{"feedpress", "https://feed.press/xmlns"},
	{"fh", "http://purl.org/syndication/history/1.0"},
	{"thr", "http://purl.org/syndication/thread/1.0"},
}

// knownNamespace returns the usual URI of a well-known feed namespace
// prefix, or "".
func knownNamespace(prefix string) string {
	for _, ns := range wellKnownNamespaces {
		if ns.prefix == prefix {
			return ns.uri
		}
	}
	return ""
}

// declarePrefixes adds to the root start tag (which ends at rootAttrEnd) the
// declaration of prefix and of every other well-known prefix the document
// uses in a tag name without the root declaring it.
func declarePrefixes(src []byte, rootStart, rootAttrEnd int, prefix string) ([]byte, []string) {
	rootTag := src[rootStart:rootAttrEnd]
	add := []string{prefix}
	for _, ns := range wellKnownNamespaces {
		p := ns.prefix
		if p == prefix || declaresPrefix(rootTag, p) {
			continue
		}
		if bytes.Contains(src, []byte("<"+p+":")) {
			add = append(add, p)
		}
	}
	var ins []byte
	var notes []string
	for _, p := range add {
		uri := knownNamespace(p)
		ins = append(ins, " xmlns:"+p+"=\""+uri+"\""...)
		notes = append(notes, fmt.Sprintf("declared the namespace prefix %s (%s) on the root element", p, uri))
	}
	out := make([]byte, 0, len(src)+len(ins))
	out = append(out, src[:rootAttrEnd]...)
	out = append(out, ins...)
	out = append(out, src[rootAttrEnd:]...)
	return out, notes
}

// declaresPrefix reports whether the start tag tag declares prefix.
func declaresPrefix(tag []byte, prefix string) bool {
	pat := []byte("xmlns:" + prefix)
	for from := 0; ; {
		i := bytes.Index(tag[from:], pat)
		if i < 0 {
			return false
		}
		j := skipSpace(tag, from+i+len(pat))
		if j < len(tag) && tag[j] == '=' && from+i > 0 && isSpace(tag[from+i-1]) {
			return true
		}
		from += i + 1
	}
}
