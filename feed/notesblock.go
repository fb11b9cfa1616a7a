package feed

import (
	"math"
	"strings"
)

// notesChapters appends add.Chapters as a list of timestamped lines to the
// end of the item's description and content:encoded, the chapters Apple
// Podcasts and Spotify read from show notes. It writes nothing when the
// notes list chapters already (add.NotesListChapters), when the chapters do
// not make such a list (see chapterLines), or to an element that is an
// empty-element tag or has child elements.
//
// The list is HTML in notes that look like HTML (content:encoded always),
// else plain lines. A notes element whose content is one CDATA section gets
// it inside that section; any other, as escaped character data after its
// content.
func (r *renderer) notesChapters(it *Item, il *itemLayout, add *Additions, lang string) {
	if add.NotesListChapters {
		return
	}
	lines := chapterLines(add.Chapters)
	if lines == nil {
		return
	}
	label := chaptersLabel(lang)
	for _, el := range [...]struct {
		at    notesEnd
		notes string
		html  bool
	}{
		{il.desc, it.Description, looksHTML(it.Description)},
		{il.content, it.ContentEncoded, true},
	} {
		if el.at.end == 0 {
			continue
		}
		var block string
		if el.html {
			block = htmlBlock(label, lines)
		} else {
			block = label + "\n" + strings.Join(lines, "\n")
			if strings.TrimSpace(el.notes) != "" {
				block = "\n\n" + block
			}
		}
		a := len(r.ins)
		if el.at.cdata != 0 {
			// Inside the section as it is; a "]]>" in a title (only plain
			// text can have one: htmlBlock escapes '>') ends the section
			// and starts another.
			r.ins = append(r.ins, strings.ReplaceAll(block, "]]>", "]]]]><![CDATA[>")...)
			r.addOp(el.at.cdata, el.at.cdata, a)
			continue
		}
		r.ins = appendEscaped(r.ins, block, 0)
		r.addOp(el.at.end, el.at.end, a)
	}
}

// chapterLines returns one "mm:ss Title" line per chapter ("hh:mm:ss Title"
// when the last starts after an hour), or nil unless the chapters make a
// list apps read: at least three, the first at 0:00, ascending by the
// second, each with a title. Titles are written with their white space
// collapsed and without the characters XML does not allow, which a title
// read from an MP3's ID3 tag may hold: the lines go into CDATA sections as
// they are.
func chapterLines(chs []Chapter) []string {
	if len(chs) < 3 {
		return nil
	}
	secs := make([]int64, len(chs))
	titles := make([]string, len(chs))
	for i, c := range chs {
		titles[i] = strings.Join(strings.Fields(xmlChars(c.Title)), " ")
		if math.IsNaN(c.Start) || c.Start < 0 || c.Start > 1e7 || titles[i] == "" {
			return nil
		}
		secs[i] = int64(c.Start)
		if i == 0 && secs[i] != 0 || i > 0 && secs[i] <= secs[i-1] {
			return nil
		}
	}
	hours := secs[len(secs)-1] >= 3600
	lines := make([]string, len(chs))
	for i := range chs {
		var b []byte
		if hours {
			b = appendPadded(b, secs[i]/3600)
			b = append(b, ':')
		}
		b = appendPadded(b, secs[i]/60%60)
		b = append(b, ':')
		b = appendPadded(b, secs[i]%60)
		b = append(b, ' ')
		lines[i] = string(b) + titles[i]
	}
	return lines
}

// xmlChars returns s without invalid UTF-8 and the characters XML does not
// allow.
func xmlChars(s string) string {
	return strings.Map(func(r rune) rune {
		if !isXMLChar(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}

// htmlBlock is the list as an HTML paragraph, a line break after each line
// so that apps that strip tags still see one chapter a line.
func htmlBlock(label string, lines []string) string {
	var b strings.Builder
	b.WriteString("<p>")
	b.WriteString(htmlEscaper.Replace(label))
	for _, l := range lines {
		b.WriteString("<br>\n")
		b.WriteString(htmlEscaper.Replace(l))
	}
	b.WriteString("</p>")
	return b.String()
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// looksHTML reports whether show notes are HTML rather than plain text.
func looksHTML(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0 && i+1 < len(s); {
		c := s[i+1]
		if c == '/' || c == '!' || 'a' <= c|0x20 && c|0x20 <= 'z' {
			return true
		}
		j := strings.IndexByte(s[i+1:], '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// chaptersLabel heads the list, in the feed's language where known.
func chaptersLabel(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	switch lang {
	case "de":
		return "Kapitel:"
	case "es", "pt":
		return "Capítulos:"
	case "fr":
		return "Chapitres :"
	case "it":
		return "Capitoli:"
	case "nl":
		return "Hoofdstukken:"
	}
	return "Chapters:"
}
