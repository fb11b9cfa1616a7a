package chapters

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/recast-podcast/recast/feed"
)

// Bounds on the work PageChapters does for one page.
const (
	maxHeadings     = 5000
	maxHeadingBytes = 1000
)

// PageChapters reads chapters from an episode or transcript page: its h1–h4
// headings that carry a bracketed time, "Rob's intro [00:00:00]" or
// "[00:01:14] The interview begins". Lists, links and paragraphs (a table of
// contents) are not read. When headings inside an element whose id or class
// names a transcript carry times, only those count. Headings repeated with
// the same time and title count once. The headings must make a list by the
// rules of ParseList (at least opt.MinEntries, ascending, starting near 0,
// before opt.Duration); otherwise PageChapters returns nil.
func PageChapters(page []byte, opt ListOptions) []feed.Chapter {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil
	}
	type heading struct {
		e          entry
		transcript bool
	}
	var (
		hs    []heading
		inT   *html.Node // the outermost transcript element being walked
		seen  = make(map[entry]bool)
		ss    []stamp
		count int
	)
	next := func(n *html.Node, descend bool) *html.Node {
		if descend && n.FirstChild != nil {
			return n.FirstChild
		}
		for n != nil {
			if n == inT {
				inT = nil
			}
			if n.NextSibling != nil {
				return n.NextSibling
			}
			n = n.Parent
		}
		return nil
	}
	for n := doc; n != nil && count < maxHeadings; {
		if n.Type != html.ElementNode {
			n = next(n, true)
			continue
		}
		if inT == nil && namesTranscript(n) {
			inT = n
		}
		switch n.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4:
			count++
			text := collapse(textOf(n))
			ss = scanStamps(text, ss[:0])
			if e, ok := headingEntry(text, ss); ok {
				e.block = len(hs)
				key := entry{start: e.start, title: e.title}
				if !seen[key] {
					seen[key] = true
					hs = append(hs, heading{e: e, transcript: inT != nil})
				}
			}
			n = next(n, false)
		case atom.Script, atom.Style, atom.Template:
			n = next(n, false)
		default:
			n = next(n, true)
		}
	}
	onlyT := false
	for _, h := range hs {
		onlyT = onlyT || h.transcript
	}
	entries := make([]entry, 0, len(hs))
	for _, h := range hs {
		if !onlyT || h.transcript {
			h.e.block = len(entries)
			entries = append(entries, h.e)
		}
	}
	run := pickList(entries, opt)
	if run == nil {
		return nil
	}
	chs := make([]feed.Chapter, len(run))
	for i, e := range run {
		chs[i] = feed.Chapter{Start: e.start, Title: e.title}
	}
	return chs
}

// headingEntry reads "Title [00:00:00]" or "[00:00:00] Title": exactly one
// bracketed stamp, at either end of the heading.
func headingEntry(text string, ss []stamp) (entry, bool) {
	if len(ss) != 1 {
		return entry{}, false
	}
	s := ss[0]
	if s.open >= len(text) || text[s.open] != '[' && text[s.open] != '(' {
		return entry{}, false
	}
	var title string
	switch {
	case onlyClosing(text[s.close:]):
		title = cleanTitle(text[:s.open])
	case strings.TrimSpace(trimDecor(text[:s.open])) == "":
		title = cleanTitle(text[s.close:])
	}
	if title == "" || len(title) > maxHeadingBytes {
		return entry{}, false
	}
	return entry{start: s.sec, title: title, hours: s.hours, hour: s.hour}, true
}

// namesTranscript reports whether n's id or class mentions a transcript.
func namesTranscript(n *html.Node) bool {
	for _, a := range n.Attr {
		if (a.Key == "id" || a.Key == "class") && strings.Contains(strings.ToLower(a.Val), "transcript") {
			return true
		}
	}
	return false
}

// textOf returns the text under n, at most maxHeadingBytes of it.
func textOf(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil && b.Len() < maxHeadingBytes; {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		if c.FirstChild != nil && c.Type == html.ElementNode && c.DataAtom != atom.Script && c.DataAtom != atom.Style {
			c = c.FirstChild
			continue
		}
		for c != nil && c != n && c.NextSibling == nil {
			c = c.Parent
		}
		if c == nil || c == n {
			break
		}
		c = c.NextSibling
	}
	return strings.ReplaceAll(b.String(), "\u00a0", " ")
}
