package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/gorilla/feeds"
	"github.com/mmcdole/gofeed/atom"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// Atom upstreams are converted once, into new RSS 2.0 bytes, and from then on
// handled like any RSS upstream. This file holds the RSS spec structs
// (gorilla/feeds types embedded, itunes: and podcast: fields added), a small
// scan of the Atom for what gofeed normalises away, and one helper per field.

// atom03URI is the pre-RFC Atom 0.3 namespace; gofeed reads it as Atom too.
const atom03URI = "http://purl.org/atom/ns#"

// atomToRSS converts an Atom 1.0 (or 0.3) feed to RSS 2.0 with the itunes
// namespace. It returns well-formed UTF-8 XML starting with an XML
// declaration, or an error prefixed "feed: atom:" when src is not an Atom feed
// gofeed can read (the root is not <feed>, the XML is broken). It never
// returns part of a feed.
//
// What carries over, entry by entry (every entry becomes an <item>, with or
// without media):
//   - <id> becomes <guid isPermaLink="false"> holding exactly the id text
//     (trimmed), never resolved or re-escaped;
//   - rel="enclosure" links become <enclosure>: the first distinct href is the
//     enclosure, repeats of the same href are dropped, further distinct ones
//     become <podcast:alternateEnclosure>. length is the link's length when it
//     is a plain byte count, else "0" (RSS requires the attribute; the RSS
//     Advisory Board profile says to write 0 when the size is unknown). A
//     missing type is guessed from the file extension. Without any
//     rel="enclosure" link, out-of-line audio/video <content src> is used;
//   - link hrefs are resolved against xml:base (RFC 3986), and, when no
//     xml:base is in scope, against the feed's absolute rel="self" href;
//     absolute hrefs are copied byte for byte;
//   - <published>, else <updated>, becomes pubDate (RFC 1123Z) keeping the
//     written UTC offset;
//   - <content> (HTML; xhtml serialised as HTML; text escaped) becomes the
//     description, else <summary>; a summary beside content goes to
//     itunes:summary as plain text;
//   - authors (inherited from the feed when the entry has none) become
//     itunes:author, and <author> when one has an email; categories become
//     <category domain=scheme>term</category>; rel="alternate" becomes
//     <link>, rel="replies" <comments>;
//   - itunes:* elements present in the Atom (matched by namespace URI) are
//     copied for the fields Apple reads.
//
// The channel gets title, the alternate link, subtitle (else title) as
// description, xml:lang as language, logo (else icon) as image and
// itunes:image, rights, generator, updated as lastBuildDate, authors and
// categories.
func atomToRSS(src []byte) ([]byte, error) {
	src = dropControlChars(src)
	af, err := (&atom.Parser{}).Parse(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("feed: atom: %w", err)
	}
	sc, err := scanAtom(src)
	if err != nil {
		return nil, fmt.Errorf("feed: atom: %w", err)
	}
	if len(sc.Entries) != len(af.Entries) {
		// Both read the same bytes with the same decoder settings; a
		// disagreement means one of them misread the document.
		return nil, fmt.Errorf("feed: atom: %d entries found by gofeed, %d by the scan", len(af.Entries), len(sc.Entries))
	}
	doc := &rssDoc{
		Version:  "2.0",
		NSItunes: NSItunes,
		Channel:  convertChannel(af, &sc.Feed, sc.Lang),
	}
	for i, e := range af.Entries {
		it := convertEntry(e, &sc.Entries[i], af)
		if len(it.AltEnclosures) > 0 {
			doc.NSPodcast = NSPodcast
		}
		doc.Channel.Items = append(doc.Channel.Items, it)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("feed: atom: writing RSS: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// rssDoc is the <rss> root. Spec: RSS 2.0, with the Apple Podcasts itunes
// namespace and, when alternate enclosures are written, the podcast namespace.
type rssDoc struct {
	XMLName   xml.Name    `xml:"rss"`
	Version   string      `xml:"version,attr"`
	NSItunes  string      `xml:"xmlns:itunes,attr"`
	NSPodcast string      `xml:"xmlns:podcast,attr,omitempty"`
	Channel   *rssChannel `xml:"channel"`
}

// rssChannel is <channel>: gorilla's RssFeed (its single Category and Items
// shadowed by the fields below) plus the channel-level itunes tags.
// Spec: RSS 2.0 <channel>; Apple Podcasts RSS feed requirements.
type rssChannel struct {
	feeds.RssFeed
	Categories       []rssCategory    `xml:"category"`
	ITunesAuthor     string           `xml:"itunes:author,omitempty"`
	ITunesSubtitle   string           `xml:"itunes:subtitle,omitempty"`
	ITunesSummary    string           `xml:"itunes:summary,omitempty"`
	ITunesImage      *itunesImage     `xml:"itunes:image"`
	ITunesCategories []itunesCategory `xml:"itunes:category"`
	ITunesOwner      *itunesOwner     `xml:"itunes:owner"`
	ITunesExplicit   string           `xml:"itunes:explicit,omitempty"`
	ITunesType       string           `xml:"itunes:type,omitempty"`
	ITunesKeywords   string           `xml:"itunes:keywords,omitempty"`
	ITunesNewFeedURL string           `xml:"itunes:new-feed-url,omitempty"`
	ITunesBlock      string           `xml:"itunes:block,omitempty"`
	ITunesComplete   string           `xml:"itunes:complete,omitempty"`
	Items            []*rssItem       `xml:"item"`
}

// rssItem is <item>: gorilla's RssItem (its Link and single Category shadowed
// by the fields below) plus the item-level itunes tags.
// Spec: RSS 2.0 <item>; Apple Podcasts RSS feed requirements.
type rssItem struct {
	feeds.RssItem
	Link              string                `xml:"link,omitempty"`
	Categories        []rssCategory         `xml:"category"`
	ITunesTitle       string                `xml:"itunes:title,omitempty"`
	ITunesAuthor      string                `xml:"itunes:author,omitempty"`
	ITunesSubtitle    string                `xml:"itunes:subtitle,omitempty"`
	ITunesSummary     string                `xml:"itunes:summary,omitempty"`
	ITunesImage       *itunesImage          `xml:"itunes:image"`
	ITunesDuration    string                `xml:"itunes:duration,omitempty"`
	ITunesExplicit    string                `xml:"itunes:explicit,omitempty"`
	ITunesEpisode     string                `xml:"itunes:episode,omitempty"`
	ITunesSeason      string                `xml:"itunes:season,omitempty"`
	ITunesEpisodeType string                `xml:"itunes:episodeType,omitempty"`
	ITunesKeywords    string                `xml:"itunes:keywords,omitempty"`
	ITunesBlock       string                `xml:"itunes:block,omitempty"`
	AltEnclosures     []podcastAltEnclosure `xml:"podcast:alternateEnclosure"`
}

// rssCategory is <category>. Spec: RSS 2.0 <category domain>.
type rssCategory struct {
	Domain string `xml:"domain,attr,omitempty"`
	Value  string `xml:",chardata"`
}

// itunesImage is <itunes:image href>. Spec: Apple Podcasts, <itunes:image>.
type itunesImage struct {
	Href string `xml:"href,attr"`
}

// itunesCategory is <itunes:category text> with its subcategories.
// Spec: Apple Podcasts, <itunes:category>.
type itunesCategory struct {
	Text string           `xml:"text,attr"`
	Sub  []itunesCategory `xml:"itunes:category"`
}

// itunesOwner is <itunes:owner>. Spec: Apple Podcasts, <itunes:owner>.
type itunesOwner struct {
	Name  string `xml:"itunes:name,omitempty"`
	Email string `xml:"itunes:email,omitempty"`
}

// podcastAltEnclosure is one more media file for the item.
// Spec: podcast namespace 1.0, <podcast:alternateEnclosure> with one
// <podcast:source uri>.
type podcastAltEnclosure struct {
	Type   string        `xml:"type,attr"`
	Length string        `xml:"length,attr,omitempty"`
	Source podcastSource `xml:"podcast:source"`
}

// podcastSource is <podcast:source uri>. Spec: podcast namespace 1.0.
type podcastSource struct {
	URI string `xml:"uri,attr"`
}

// convertChannel builds <channel> from the Atom feed.
func convertChannel(af *atom.Feed, sf *atomNode, lang string) *rssChannel {
	ch := &rssChannel{}
	ch.Title = plainText(af.Title, sf.TitleType)
	ch.Link = alternateLink(sf.Links)
	ch.Description = plainText(af.Subtitle, sf.TextType)
	if strings.TrimSpace(ch.Description) == "" {
		// RSS requires one and directories show it: the title says more
		// than nothing.
		ch.Description = ch.Title
	}
	ch.Language = lang
	if ch.Language == "" {
		ch.Language = af.Language
	}
	ch.Copyright = plainText(af.Rights, "")
	if af.Generator != nil {
		ch.Generator = af.Generator.Value
	}
	ch.LastBuildDate = rfc1123z(af.Updated, af.UpdatedParsed)
	ch.ManagingEditor = rssAuthor(af.Authors)
	ch.ITunesAuthor = authorNames(af.Authors)
	ch.Categories = rssCategories(af.Categories)
	if img := channelImage(af); img != "" {
		ch.Image = &feeds.RssImage{Url: img, Title: ch.Title, Link: ch.Link}
		ch.ITunesImage = &itunesImage{Href: img}
	}

	it := &sf.ITunes
	ch.ITunesAuthor = firstNonEmpty(it.Text["author"], ch.ITunesAuthor)
	ch.ITunesSubtitle = it.Text["subtitle"]
	ch.ITunesSummary = it.Text["summary"]
	if it.Image != "" {
		ch.ITunesImage = &itunesImage{Href: it.Image}
	}
	ch.ITunesCategories = it.Categories
	ch.ITunesOwner = it.Owner
	ch.ITunesExplicit = it.Text["explicit"]
	ch.ITunesType = it.Text["type"]
	ch.ITunesKeywords = it.Text["keywords"]
	ch.ITunesNewFeedURL = it.Text["new-feed-url"]
	ch.ITunesBlock = it.Text["block"]
	ch.ITunesComplete = it.Text["complete"]
	return ch
}

// convertEntry builds one <item> from an Atom entry and what the scan read
// of the same entry.
func convertEntry(e *atom.Entry, se *atomNode, af *atom.Feed) *rssItem {
	it := &rssItem{}
	it.Title = plainText(e.Title, se.TitleType)
	it.Link = alternateLink(se.Links)
	it.Comments = htmlLink(se.Links, "replies")
	if se.ID != "" {
		it.Guid = &feeds.RssGuid{Id: se.ID, IsPermaLink: "false"}
	}
	it.PubDate = entryPubDate(e)
	it.Description, it.ITunesSummary = entryText(e, se)
	authors := entryAuthors(e, af)
	it.Author = rssAuthor(authors)
	it.ITunesAuthor = authorNames(authors)
	it.Categories = rssCategories(e.Categories)
	encs := enclosures(se)
	if len(encs) > 0 {
		it.Enclosure = &encs[0]
	}
	for _, enc := range encs[min(1, len(encs)):] {
		it.AltEnclosures = append(it.AltEnclosures, podcastAltEnclosure{
			Type: enc.Type, Length: enc.Length, Source: podcastSource{URI: enc.Url},
		})
	}

	x := &se.ITunes
	it.ITunesTitle = x.Text["title"]
	it.ITunesAuthor = firstNonEmpty(x.Text["author"], it.ITunesAuthor)
	it.ITunesSubtitle = x.Text["subtitle"]
	it.ITunesSummary = firstNonEmpty(x.Text["summary"], it.ITunesSummary)
	if x.Image != "" {
		it.ITunesImage = &itunesImage{Href: x.Image}
	}
	it.ITunesDuration = x.Text["duration"]
	it.ITunesExplicit = x.Text["explicit"]
	it.ITunesEpisode = x.Text["episode"]
	it.ITunesSeason = x.Text["season"]
	it.ITunesEpisodeType = x.Text["episodeType"]
	it.ITunesKeywords = x.Text["keywords"]
	it.ITunesBlock = x.Text["block"]
	return it
}

// entryPubDate is published, else updated, as RFC 1123Z; "" when neither
// parses. The offset written in the Atom is kept when the date is RFC 3339;
// other formats gofeed understands come out in UTC.
func entryPubDate(e *atom.Entry) string {
	if d := rfc1123z(e.Published, e.PublishedParsed); d != "" {
		return d
	}
	return rfc1123z(e.Updated, e.UpdatedParsed)
}

// rfc1123z formats an Atom date: raw parsed as RFC 3339 (keeping its
// offset), else gofeed's parsed time, else "".
func rfc1123z(raw string, parsed *time.Time) string {
	if t, err := time.Parse(time.RFC3339, strings.TrimSpace(raw)); err == nil {
		return t.Format(time.RFC1123Z)
	}
	if parsed != nil {
		return parsed.Format(time.RFC1123Z)
	}
	return ""
}

// entryText returns the item's description (HTML) and the itunes:summary
// (plain text, "" when it would repeat the description). Content is
// preferred; out-of-line or non-text content falls back to the summary.
func entryText(e *atom.Entry, se *atomNode) (desc, summary string) {
	if e.Content != nil && e.Content.Src == "" && strings.TrimSpace(e.Content.Value) != "" {
		if h, ok := asHTML(e.Content.Value, e.Content.Type); ok {
			return h, plainText(e.Summary, se.TextType)
		}
	}
	h, _ := asHTML(e.Summary, se.TextType)
	return h, ""
}

// asHTML turns the value of an Atom text construct of type typ into HTML:
// text is escaped, html and xhtml (which gofeed already serialised as HTML)
// are kept. ok is false for types that are not text (base64 media, XML).
func asHTML(v, typ string) (string, bool) {
	switch t := strings.ToLower(strings.TrimSpace(typ)); {
	case t == "" || t == "text" || t == "text/plain":
		return html.EscapeString(v), true
	case t == "html" || t == "xhtml" || t == "text/html" || t == "application/xhtml+xml" || t == "escaped":
		return v, true
	default:
		return "", false
	}
}

// plainText returns the text of an Atom text construct of type typ: tags of
// html/xhtml are dropped and entities decoded, whitespace collapsed.
func plainText(v, typ string) string {
	switch strings.ToLower(strings.TrimSpace(typ)) {
	case "html", "xhtml", "text/html", "application/xhtml+xml", "escaped":
		return htmlToText(v)
	}
	return strings.TrimSpace(v)
}

// htmlToText returns the character data of an HTML fragment, with block
// boundaries as spaces and runs of white space collapsed.
func htmlToText(s string) string {
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case xhtml.TextToken:
			b.Write(z.Text())
		case xhtml.StartTagToken, xhtml.EndTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "br", "p", "div", "li", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote":
				b.WriteByte(' ')
			}
		}
	}
}

// entryAuthors is the entry's authors, else its source's, else the feed's
// (RFC 4287 section 4.2.1).
func entryAuthors(e *atom.Entry, af *atom.Feed) []*atom.Person {
	switch {
	case len(e.Authors) > 0:
		return e.Authors
	case e.Source != nil && len(e.Source.Authors) > 0:
		return e.Source.Authors
	}
	return af.Authors
}

// authorNames joins the authors' names (their emails when unnamed) with ", ".
func authorNames(ps []*atom.Person) string {
	var names []string
	for _, p := range ps {
		if n := firstNonEmpty(strings.TrimSpace(p.Name), strings.TrimSpace(p.Email)); n != "" {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

// rssAuthor is RSS's <author>/<managingEditor>, which must be an email:
// "email (name)" of the first author with an email, else "".
func rssAuthor(ps []*atom.Person) string {
	for _, p := range ps {
		email, name := strings.TrimSpace(p.Email), strings.TrimSpace(p.Name)
		switch {
		case email == "":
			continue
		case name == "":
			return email
		}
		return email + " (" + name + ")"
	}
	return ""
}

// rssCategories converts Atom categories: term as the value (label when the
// term is empty), scheme as the domain.
func rssCategories(cs []*atom.Category) []rssCategory {
	var out []rssCategory
	for _, c := range cs {
		v := firstNonEmpty(strings.TrimSpace(c.Term), strings.TrimSpace(c.Label))
		if v == "" {
			continue
		}
		out = append(out, rssCategory{Domain: strings.TrimSpace(c.Scheme), Value: v})
	}
	return out
}

// channelImage is the Atom logo, else the icon.
func channelImage(af *atom.Feed) string {
	return firstNonEmpty(strings.TrimSpace(af.Logo), strings.TrimSpace(af.Icon))
}

// alternateLink is the href of the first rel="alternate" link of an HTML (or
// unstated) type, else of the first rel="alternate" link, else "".
func alternateLink(ls []atomLink) string {
	if h := htmlLink(ls, "alternate"); h != "" {
		return h
	}
	for _, l := range ls {
		if l.Rel == "alternate" && l.Href != "" {
			return l.Href
		}
	}
	return ""
}

// htmlLink is the href of the first link with rel and an HTML (or unstated)
// type, else "". A rel="replies" link to a comments feed is not a <comments>
// page.
func htmlLink(ls []atomLink, rel string) string {
	for _, l := range ls {
		if l.Rel != rel || l.Href == "" {
			continue
		}
		switch strings.ToLower(l.Type) {
		case "", "text/html", "application/xhtml+xml":
			return l.Href
		}
	}
	return ""
}

// enclosures returns the entry's media, one per distinct href in document
// order: rel="enclosure" links, else out-of-line audio/video content.
func enclosures(se *atomNode) []feeds.RssEnclosure {
	var out []feeds.RssEnclosure
	seen := make(map[string]bool)
	for _, l := range se.Links {
		if l.Rel != "enclosure" || l.Href == "" || seen[l.Href] {
			continue
		}
		seen[l.Href] = true
		out = append(out, feeds.RssEnclosure{Url: l.Href, Type: mediaType(l.Type, l.Href), Length: byteLength(l.Length)})
	}
	if len(out) == 0 && se.ContentSrc.Href != "" {
		t := strings.ToLower(se.ContentSrc.Type)
		if strings.HasPrefix(t, "audio/") || strings.HasPrefix(t, "video/") {
			out = append(out, feeds.RssEnclosure{Url: se.ContentSrc.Href, Type: se.ContentSrc.Type, Length: "0"})
		}
	}
	return out
}

// byteLength is s when it is a plain decimal byte count, else "0".
func byteLength(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "0"
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "0"
		}
	}
	return s
}

// mediaTypes maps file extensions of common podcast media to MIME types; the
// standard library's table has none of the audio types and the system's
// (/etc/mime.types) is absent in the distroless image.
var mediaTypes = map[string]string{
	".mp3": "audio/mpeg", ".m4a": "audio/x-m4a", ".aac": "audio/aac", ".ogg": "audio/ogg",
	".oga": "audio/ogg", ".opus": "audio/opus", ".flac": "audio/flac", ".wav": "audio/wav",
	".mp4": "video/mp4", ".m4v": "video/x-m4v", ".mov": "video/quicktime", ".webm": "video/webm",
	".pdf": "application/pdf",
}

// mediaType is typ when given, else a guess from href's extension, else
// application/octet-stream.
func mediaType(typ, href string) string {
	if t := strings.TrimSpace(typ); t != "" {
		return t
	}
	p := href
	if u, err := url.Parse(href); err == nil {
		p = u.Path
	}
	if t, ok := mediaTypes[strings.ToLower(path.Ext(p))]; ok {
		return t
	}
	return "application/octet-stream"
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// dropControlChars returns src without the C0 control bytes XML forbids
// (all below 0x20 but tab, LF, CR), as gofeed's reader does; src itself is
// not modified. These bytes never occur inside a multi-byte UTF-8 sequence
// nor mean anything else in the single-byte encodings feeds use.
func dropControlChars(src []byte) []byte {
	var out []byte
	for i, b := range src {
		bad := b < 0x20 && b != '\t' && b != '\n' && b != '\r'
		switch {
		case bad && out == nil:
			out = append(make([]byte, 0, len(src)), src[:i]...)
		case !bad && out != nil:
			out = append(out, b)
		}
	}
	if out == nil {
		return src
	}
	return out
}

// atomScan is what atomToRSS reads from the Atom itself rather than from
// gofeed, which resolves ids as URLs (re-escaping them), does not apply
// xml:base to link hrefs, keys extensions by prefix, and drops the type of
// title and summary.
type atomScan struct {
	Lang    string // xml:lang of <feed>
	Feed    atomNode
	Entries []atomNode // in document order, as gofeed's Entries
}

// atomNode is what the scan keeps of <feed> or of one <entry>.
type atomNode struct {
	ID         string     // <id> text, trimmed
	TitleType  string     // type attribute of <title>
	TextType   string     // type attribute of <summary> (entry) or <subtitle> (feed)
	Links      []atomLink // hrefs resolved
	ContentSrc atomLink   // <content src type>, href resolved
	ITunes     itunesScan
}

// atomLink is an Atom <link>. Rel defaults to "alternate" and IANA relation
// URIs are shortened to their name, so "enclosure" covers both spellings.
type atomLink struct {
	Href, Rel, Type, Length string

	base *url.URL // xml:base in scope; nil when none
}

// itunesScan holds the itunes:* children of <feed> or <entry>, matched by
// namespace URI (whatever the prefix).
type itunesScan struct {
	Text       map[string]string // local name -> trimmed text, first occurrence
	Image      string            // itunes:image href
	Categories []itunesCategory
	Owner      *itunesOwner
}

// scanAtom reads src with the decoder settings gofeed uses (non-strict,
// declared charset converted) and collects an atomScan. The root must be an
// Atom <feed>.
func scanAtom(src []byte) (*atomScan, error) {
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel

	sc := &atomScan{}
	var (
		bases []*url.URL // xml:base in scope at each open element
		entry = -1       // index in sc.Entries of the open <entry>, -1 outside
	)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break // before the root closed; encoding/xml reports a truncated root itself
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if len(bases) == 0 {
				continue
			}
			bases = bases[:len(bases)-1]
			switch len(bases) {
			case 0:
				return sc.finish(), nil // what follows the root is not read, as by gofeed
			case 1:
				entry = -1
			}
			continue
		case xml.StartElement:
			var parent *url.URL
			if len(bases) > 0 {
				parent = bases[len(bases)-1]
			}
			base := withXMLBase(parent, t.Attr)
			var node *atomNode
			switch depth := len(bases); {
			case depth == 0:
				if t.Name.Local != "feed" || !isAtomNS(t.Name.Space) {
					return nil, fmt.Errorf("root element is <%s>, not an Atom <feed>", t.Name.Local)
				}
				sc.Lang = strings.TrimSpace(attr(t.Attr, xmlURI, "lang"))
			case depth == 1 && t.Name.Local == "entry" && isAtomNS(t.Name.Space):
				sc.Entries = append(sc.Entries, atomNode{})
				entry = len(sc.Entries) - 1
			case depth == 1:
				node = &sc.Feed
			case depth == 2 && entry >= 0:
				node = &sc.Entries[entry]
			}
			if node != nil {
				consumed, err := scanChild(d, t, base, node)
				if err != nil {
					return nil, err
				}
				if consumed {
					continue // DecodeElement read through the end tag
				}
			}
			bases = append(bases, base)
		}
	}
	return nil, errors.New("no root element")
}

// finish resolves the hrefs collected by the scan and returns sc.
func (sc *atomScan) finish() *atomScan {
	self := selfURL(sc.Feed.Links)
	resolveLinks(sc.Feed.Links, self)
	for i := range sc.Entries {
		n := &sc.Entries[i]
		resolveLinks(n.Links, self)
		n.ContentSrc.Href = resolveHref(n.ContentSrc.Href, n.ContentSrc.base, self)
	}
	return sc
}

// scanChild records child element t of <feed> or <entry> into n. consumed
// reports that it read the element through its end tag.
func scanChild(d *xml.Decoder, t xml.StartElement, base *url.URL, n *atomNode) (consumed bool, err error) {
	if isItunesNS(t.Name.Space) {
		return true, n.ITunes.add(d, t)
	}
	if !isAtomNS(t.Name.Space) {
		return false, nil
	}
	switch t.Name.Local {
	case "id":
		var v struct {
			Text string `xml:",chardata"`
		}
		if err := d.DecodeElement(&v, &t); err != nil {
			return true, err
		}
		n.ID = strings.TrimSpace(v.Text)
		return true, nil
	case "link":
		l := atomLink{
			Href:   strings.TrimSpace(attr(t.Attr, "", "href")),
			Rel:    linkRel(attr(t.Attr, "", "rel")),
			Type:   strings.TrimSpace(attr(t.Attr, "", "type")),
			Length: attr(t.Attr, "", "length"),
			base:   base,
		}
		n.Links = append(n.Links, l)
	case "title":
		n.TitleType = textType(t.Attr)
	case "summary", "subtitle", "tagline":
		n.TextType = textType(t.Attr)
	case "content":
		n.ContentSrc = atomLink{
			Href: strings.TrimSpace(attr(t.Attr, "", "src")),
			Type: strings.TrimSpace(attr(t.Attr, "", "type")),
			base: base,
		}
	}
	return false, nil
}

// add reads the itunes element t (through its end tag) into s.
func (s *itunesScan) add(d *xml.Decoder, t xml.StartElement) error {
	var v struct {
		Href  string `xml:"href,attr"`
		Text  string `xml:"text,attr"`
		Value string `xml:",chardata"`
		Name  string `xml:"name"`
		Email string `xml:"email"`
		Sub   []struct {
			Text string `xml:"text,attr"`
		} `xml:"category"`
	}
	if err := d.DecodeElement(&v, &t); err != nil {
		return err
	}
	switch t.Name.Local {
	case "image":
		if s.Image == "" {
			s.Image = strings.TrimSpace(v.Href)
		}
	case "category":
		c := itunesCategory{Text: strings.TrimSpace(v.Text)}
		for _, sub := range v.Sub {
			c.Sub = append(c.Sub, itunesCategory{Text: strings.TrimSpace(sub.Text)})
		}
		if c.Text != "" {
			s.Categories = append(s.Categories, c)
		}
	case "owner":
		if s.Owner == nil {
			s.Owner = &itunesOwner{Name: strings.TrimSpace(v.Name), Email: strings.TrimSpace(v.Email)}
		}
	default:
		if s.Text == nil {
			s.Text = make(map[string]string)
		}
		if _, ok := s.Text[t.Name.Local]; !ok {
			s.Text[t.Name.Local] = strings.TrimSpace(v.Value)
		}
	}
	return nil
}

func isAtomNS(space string) bool {
	s := strings.TrimSpace(space)
	return s == "" || s == NSAtom || s == atom03URI
}

// isItunesNS matches Apple's namespace URI; case-insensitively, as feeds
// also write "http://www.itunes.com/DTDs/PodCast-1.0.dtd".
func isItunesNS(space string) bool {
	return strings.EqualFold(strings.TrimSpace(space), NSItunes)
}

func attr(as []xml.Attr, space, local string) string {
	for _, a := range as {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// textType is the type of an Atom text construct: the type attribute, or
// "escaped" for Atom 0.3's mode="escaped" (which holds HTML).
func textType(as []xml.Attr) string {
	t := strings.ToLower(strings.TrimSpace(attr(as, "", "type")))
	if strings.EqualFold(strings.TrimSpace(attr(as, "", "mode")), "escaped") && (t == "" || t == "text/html") {
		return "escaped"
	}
	return t
}

// linkRel normalises a link relation: "" is "alternate" (RFC 4287 section
// 4.2.7.2) and the IANA URI form is its short name.
func linkRel(rel string) string {
	rel = strings.TrimSpace(rel)
	rel = strings.TrimPrefix(rel, "http://www.iana.org/assignments/relation/")
	if rel == "" {
		return "alternate"
	}
	return strings.ToLower(rel)
}

// withXMLBase returns the base URI in scope inside an element with attrs:
// its xml:base resolved against parent, else parent. An unparsable xml:base
// is ignored.
func withXMLBase(parent *url.URL, attrs []xml.Attr) *url.URL {
	for _, a := range attrs {
		if a.Name.Space != xmlURI || a.Name.Local != "base" {
			continue
		}
		u, err := url.Parse(strings.TrimSpace(a.Value))
		if err != nil {
			return parent
		}
		if parent != nil {
			return parent.ResolveReference(u)
		}
		return u
	}
	return parent
}

// selfURL is the feed's rel="self" href when it is absolute, else nil.
func selfURL(ls []atomLink) *url.URL {
	for _, l := range ls {
		if l.Rel != "self" {
			continue
		}
		s := resolveHref(l.Href, l.base, nil)
		if u, err := url.Parse(s); err == nil && u.IsAbs() {
			return u
		}
	}
	return nil
}

func resolveLinks(ls []atomLink, self *url.URL) {
	for i := range ls {
		ls[i].Href = resolveHref(ls[i].Href, ls[i].base, self)
	}
}

// resolveHref resolves a relative href against base, then (still relative)
// against self. Absolute or unparsable hrefs, and "", come back unchanged.
func resolveHref(href string, base, self *url.URL) string {
	if href == "" {
		return ""
	}
	ref, err := url.Parse(href)
	if err != nil || ref.IsAbs() {
		return href
	}
	if base != nil {
		ref = base.ResolveReference(ref)
	}
	if !ref.IsAbs() && self != nil {
		ref = self.ResolveReference(ref)
	}
	return ref.String()
}
