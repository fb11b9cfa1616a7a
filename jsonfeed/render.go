package jsonfeed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"

	xhtml "golang.org/x/net/html"

	"github.com/recast-podcast/recast/feed"
)

// Render returns the JSON Feed 1.1 document of an RSS feed as recast serves
// it. feedURL is where the JSON feed itself is served, written as feed_url
// ("" leaves it out); home_page_url is the channel link.
//
// Every RSS item becomes one JSON item, in feed order. Errors: the error of
// feed.Parse, wrapped with the prefix "jsonfeed: " (match its sentinels
// with errors.Is), when rss is not a feed it can read. Render never returns
// part of a document.
func Render(rss []byte, feedURL string) ([]byte, error) {
	doc, err := feed.Parse(rss)
	if err != nil {
		return nil, fmt.Errorf("jsonfeed: %w", err)
	}
	var compact bytes.Buffer
	compact.Grow(len(rss) / 2)
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false) // served as application/feed+json, never inside HTML; see the package doc
	if err := enc.Encode(convert(doc, feedURL)); err != nil {
		return nil, fmt.Errorf("jsonfeed: encode: %w", err)
	}
	return indent(compact.Bytes()), nil
}

// indent returns the compact JSON that encoding/json wrote (valid, no white
// space outside strings but a final newline) indented by two spaces, as
// json.Indent(dst, src, "", "  ") does, followed by a newline. It only
// tracks strings instead of scanning the grammar again as json.Indent
// does, which took half of Render's time on a 4 MB feed.
func indent(src []byte) []byte {
	src = bytes.TrimSuffix(src, []byte("\n"))
	dst := make([]byte, 0, len(src)+len(src)/8+1)
	depth := 0
	newline := func() {
		dst = append(dst, '\n')
		for range depth {
			dst = append(dst, ' ', ' ')
		}
	}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '"':
			// Copy the string through its closing quote.
			j := i + 1
			for {
				k := bytes.IndexAny(src[j:], "\"\\")
				if k < 0 {
					j = len(src) - 1
					break
				}
				j += k
				if src[j] == '"' {
					break
				}
				j += 2 // a backslash and the character it escapes
				if j >= len(src) {
					j = len(src) - 1
					break
				}
			}
			dst = append(dst, src[i:j+1]...)
			i = j
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, src[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '\n')
}

// convert maps a parsed feed to a JSON Feed document.
func convert(doc *feed.Document, feedURL string) *document {
	ch := &doc.Channel
	jf := &document{
		Version:     Version,
		Title:       strings.TrimSpace(ch.Title),
		HomePageURL: httpURL(ch.Link),
		FeedURL:     feedURL,
		Description: strings.TrimSpace(ch.Description),
		Icon:        httpURL(ch.Image),
		Favicon:     httpURL(ch.Image),
		Authors:     channelAuthors(ch),
		Language:    languageTag(ch.Language),
		Items:       make([]item, 0, len(doc.Items)),
	}
	channelAuthor := strings.TrimSpace(ch.Author)
	anyExt := false
	for i := range doc.Items {
		it := convertItem(&doc.Items[i], channelAuthor)
		anyExt = anyExt || it.Recast != nil
		jf.Items = append(jf.Items, it)
	}
	if ps := persons(ch.Persons); anyExt || len(ps) > 0 {
		jf.Recast = &recastChannel{About: ExtensionDoc, Persons: ps}
	}
	return jf
}

// convertItem maps one RSS item; channelAuthor is the channel's
// itunes:author, which an item's own repeats need not.
func convertItem(it *feed.Item, channelAuthor string) item {
	out := item{
		ID:            itemID(it),
		URL:           itemURL(it),
		Title:         strings.TrimSpace(it.Title),
		Image:         httpURL(it.ITunes.Image),
		DatePublished: datePublished(it.PubDate),
		Authors:       itemAuthors(it, channelAuthor),
		Tags:          tags(it.Categories),
		Attachments:   attachments(it),
		Recast:        itemExtension(it),
	}
	content := itemContent(it)
	out.Summary = summary(it, content)
	if content != "" {
		out.ContentHTML = &content
	} else {
		// The spec requires content_html or content_text: the summary
		// becomes the text (and is not repeated), else the text is empty.
		text := out.Summary
		out.ContentText, out.Summary = &text, ""
	}
	return out
}

// itemID is the id: the GUID, else the enclosure URL, else the link, else
// the title (feed.Item.ID); an item with none of them gets "sha256:" and
// the start of the hash of its bytes, stable while the item is unchanged.
// Duplicate GUIDs are kept as they are: they are the same episode to a
// podcast app too.
func itemID(it *feed.Item) string {
	if id := strings.TrimSpace(it.ID()); id != "" {
		return id
	}
	sum := sha256.Sum256(it.Raw)
	return "sha256:" + hex.EncodeToString(sum[:16])
}

// itemURL is the permalink: the item link, else a GUID that is a
// permalink; either only when http(s).
func itemURL(it *feed.Item) string {
	if u := httpURL(it.Link); u != "" {
		return u
	}
	if it.GUIDIsPermaLink {
		return httpURL(it.GUID)
	}
	return ""
}

// itemContent is the HTML of the item: content:encoded, else description
// (RSS 2.0 descriptions are entity-encoded HTML), trimmed.
func itemContent(it *feed.Item) string {
	if c := strings.TrimSpace(it.ContentEncoded); c != "" {
		return c
	}
	return strings.TrimSpace(it.Description)
}

// summary is the plain-text summary: itunes:subtitle, else itunes:summary,
// with markup reduced to its text; "" when it only repeats the content.
func summary(it *feed.Item, content string) string {
	s := it.ITunes.Subtitle
	if s == "" {
		s = it.ITunes.Summary
	}
	if s == "" || s == content {
		return ""
	}
	if strings.ContainsAny(s, "<&") {
		s = htmlToText(s)
	} else {
		s = strings.Join(strings.Fields(s), " ")
	}
	if content != "" && s == htmlToText(content) {
		return ""
	}
	return s
}

// channelAuthors is the feed's authors: itunes:author, else the names of
// the channel's podcast:person hosts.
func channelAuthors(ch *feed.Channel) []author {
	if a := strings.TrimSpace(ch.Author); a != "" {
		return []author{{Name: a}}
	}
	return personAuthors(ch.Persons, "host")
}

// itemAuthors is the item's authors: the names of its podcast:person hosts
// and guests, else its itunes:author when it differs from the channel's.
// Nil means the feed's authors, as the spec says.
func itemAuthors(it *feed.Item, channelAuthor string) []author {
	if as := personAuthors(it.Persons, "host", "guest"); len(as) > 0 {
		return as
	}
	if a := strings.TrimSpace(it.ITunes.Author); a != "" && a != channelAuthor {
		return []author{{Name: a}}
	}
	return nil
}

// personAuthors is the names of the persons whose role is one of roles,
// each once, in order.
func personAuthors(ps []feed.Person, roles ...string) []author {
	var out []author
	seen := map[string]bool{}
	for _, p := range ps {
		name := strings.TrimSpace(p.Name)
		if name == "" || seen[name] || !oneOf(p.Role, roles) {
			continue
		}
		seen[name] = true
		out = append(out, author{Name: name})
	}
	return out
}

func oneOf(s string, list []string) bool {
	for _, v := range list {
		if s == v {
			return true
		}
	}
	return false
}

// tags is the item's categories, trimmed, each once, in order.
func tags(cats []string) []string {
	var out []string
	for _, c := range cats {
		c = strings.TrimSpace(c)
		if c != "" && !oneOf(c, out) {
			out = append(out, c)
		}
	}
	return out
}

// attachments is the item's enclosure, when its URL is http(s): mime_type
// its type (else guessed from the URL's extension, else
// application/octet-stream: the spec requires one), size_in_bytes its
// length, duration_in_seconds the itunes:duration.
func attachments(it *feed.Item) []attachment {
	u := httpURL(it.Enclosure.URL)
	if u == "" {
		return nil
	}
	return []attachment{{
		URL:               u,
		MIMEType:          mimeType(it.Enclosure.Type, u),
		SizeInBytes:       sizeInBytes(it.Enclosure.Length),
		DurationInSeconds: durationSeconds(it.ITunes.Duration),
	}}
}

// mediaTypes are the types of the enclosure file extensions podcasts use.
var mediaTypes = map[string]string{
	".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".aac": "audio/aac", ".ogg": "audio/ogg",
	".oga": "audio/ogg", ".opus": "audio/opus", ".flac": "audio/flac", ".wav": "audio/wav",
	".mp4": "video/mp4", ".m4v": "video/x-m4v", ".mov": "video/quicktime", ".webm": "video/webm",
	".pdf": "application/pdf", ".epub": "application/epub+zip",
}

// mimeType is the enclosure's type as the feed writes it, else the type of
// the URL path's extension, else application/octet-stream.
func mimeType(typ, rawURL string) string {
	if t := strings.TrimSpace(typ); t != "" {
		return t
	}
	if u, err := url.Parse(rawURL); err == nil {
		if t, ok := mediaTypes[strings.ToLower(path.Ext(u.Path))]; ok {
			return t
		}
	}
	return "application/octet-stream"
}

// sizeInBytes is the enclosure length as a number; 0 (omitted) when it is
// not a decimal integer, or is 0 or 1: what hosts write when they do not
// know it (RSS best practice says 0; some hosts write 1).
func sizeInBytes(length string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(length), 10, 64)
	if err != nil || n < 2 {
		return 0
	}
	return n
}

// durationSeconds reads itunes:duration: seconds ("4258", "4258.5"),
// "MM:SS" or "HH:MM:SS" (minutes and seconds after the first field under
// 60; a fraction only on the seconds); 0 (omitted) when empty, zero or
// unreadable.
func durationSeconds(s string) float64 {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 20 {
		return 0
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0
	}
	var sec float64
	for i, p := range parts {
		if !decimal(p, i == len(parts)-1) {
			return 0
		}
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || i > 0 && v >= 60 {
			return 0
		}
		sec = sec*60 + v
	}
	return sec
}

// decimal reports whether s is digits, with one '.' and more digits after
// it when fraction is set.
func decimal(s string, fraction bool) bool {
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || dot && (!fraction || frac == "") {
		return false
	}
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// itemExtension is the item's _recast object; nil when it would be empty.
func itemExtension(it *feed.Item) *recastItem {
	ext := &recastItem{
		Transcripts: transcripts(it.Transcripts),
		Chapters:    httpURL(it.ChaptersURL),
		Persons:     persons(it.Persons),
	}
	if len(ext.Transcripts) == 0 && ext.Chapters == "" && len(ext.Persons) == 0 {
		return nil
	}
	return ext
}

// transcripts is the podcast:transcript elements with an http(s) URL.
func transcripts(ts []feed.Transcript) []transcript {
	var out []transcript
	for _, t := range ts {
		if u := httpURL(t.URL); u != "" {
			out = append(out, transcript{URL: u, Type: strings.TrimSpace(t.Type), Language: strings.TrimSpace(t.Language), Rel: strings.TrimSpace(t.Rel)})
		}
	}
	return out
}

// persons is the podcast:person elements, img and href only when http(s).
func persons(ps []feed.Person) []person {
	var out []person
	for _, p := range ps {
		if name := strings.TrimSpace(p.Name); name != "" {
			out = append(out, person{Name: name, Role: p.Role, Group: p.Group, Img: httpURL(p.Img), Href: httpURL(p.Href)})
		}
	}
	return out
}

// languageTag is the channel language when it has the shape of an RFC 5646
// tag ("en", "en-US", "zh-Hant"), else "".
func languageTag(s string) string {
	s = strings.TrimSpace(s)
	for i, sub := range strings.Split(s, "-") {
		if len(sub) == 0 || len(sub) > 8 || i == 0 && len(sub) < 2 {
			return ""
		}
		for _, c := range sub {
			letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			if !letter && (i == 0 || c < '0' || c > '9') {
				return ""
			}
		}
	}
	return s
}

// httpURL is s trimmed when it is an absolute http or https URL with a
// host, else "".
func httpURL(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || !strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https") {
		return ""
	}
	return s
}

// htmlToText is the character data of an HTML fragment (script and style
// skipped), block boundaries as spaces, runs of white space collapsed.
func htmlToText(s string) string {
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch tt := z.Next(); tt {
		case xhtml.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken, xhtml.EndTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				if tt == xhtml.StartTagToken {
					skip++
				} else if tt == xhtml.EndTagToken && skip > 0 {
					skip--
				}
			case "br", "p", "div", "li", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote":
				b.WriteByte(' ')
			}
		}
	}
}
