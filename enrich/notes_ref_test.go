package enrich

import (
	"html"
	"strings"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseNotesXNetHTML is ParseNotes as it was before the hand-written scanner:
// golang.org/x/net/html's tokenizer. It is the reference the equivalence test
// and the benchmark compare against; keep it unchanged.
func parseNotesXNetHTML(s string) Notes {
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
		ctx := refCollapse(line.String())
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
			case a == atom.Br || refIsBlock(a):
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
					links[open].Text = refCollapse(links[open].Text)
				}
				open = -1
			case refIsBlock(a):
				endLine()
			}
		}
	}
}

func refIsBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Blockquote, atom.Tr, atom.Table, atom.Section, atom.Article,
		atom.Header, atom.Footer, atom.Pre, atom.Dt, atom.Dd, atom.Hr:
		return true
	}
	return false
}

// refCollapse is collapse as it was: strings.Fields and Join.
func refCollapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
