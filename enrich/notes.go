package enrich

import (
	"html"
	"strings"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

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
func ParseNotes(s string) Notes {
	if looksEscaped(s) {
		s = html.UnescapeString(s)
	}
	var (
		z         = nethtml.NewTokenizer(strings.NewReader(s))
		text      strings.Builder
		line      strings.Builder // the current line, for Link.Context
		links     []Link
		open      = -1  // index in links of the anchor being read, -1 outside one
		skip      int   // depth inside <script>/<style>
		lineLinks []int // links that stand on the current line
	)
	endLine := func() {
		ctx := collapse(line.String())
		for _, i := range lineLinks {
			links[i].Context = ctx
		}
		lineLinks = lineLinks[:0]
		line.Reset()
		if text.Len() > 0 && !strings.HasSuffix(text.String(), "\n") {
			text.WriteByte('\n')
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case nethtml.ErrorToken:
			endLine()
			return Notes{Text: strings.TrimSpace(text.String()), Links: links}
		case nethtml.TextToken:
			if skip > 0 {
				continue
			}
			t := string(z.Text())
			t = strings.ReplaceAll(t, "\u00a0", " ")
			// Plain-text notes keep their own line breaks.
			parts := strings.Split(t, "\n")
			for i, p := range parts {
				if i > 0 {
					endLine()
				}
				text.WriteString(p)
				line.WriteString(p)
				if open >= 0 {
					links[open].Text += p
				}
			}
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Script || a == atom.Style:
				if tt == nethtml.StartTagToken {
					skip++
				}
			case a == atom.A:
				var l Link
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					switch string(k) {
					case "href":
						l.URL = strings.TrimSpace(string(v))
					case "title":
						l.Title = strings.TrimSpace(string(v))
					}
				}
				links = append(links, l)
				lineLinks = append(lineLinks, len(links)-1)
				if tt == nethtml.StartTagToken {
					open = len(links) - 1
				}
			case a == atom.Br || isBlock(a):
				endLine()
			}
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Script || a == atom.Style:
				if skip > 0 {
					skip--
				}
			case a == atom.A:
				if open >= 0 {
					links[open].Text = collapse(links[open].Text)
				}
				open = -1
			case isBlock(a):
				endLine()
			}
		}
	}
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Blockquote, atom.Tr, atom.Table, atom.Section, atom.Article,
		atom.Header, atom.Footer, atom.Pre, atom.Dt, atom.Dd, atom.Hr:
		return true
	}
	return false
}

// looksEscaped reports whether s is HTML escaped once too often: it has
// escaped tags and no real ones.
func looksEscaped(s string) bool {
	return strings.Contains(s, "&lt;") && strings.Contains(s, "&gt;") && !strings.Contains(s, "<")
}

// collapse trims s and folds runs of white space to one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
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
