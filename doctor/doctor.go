// Package doctor lists what in a podcast feed hurts listeners: episodes
// apps cannot tell apart (missing or duplicate GUIDs), audio they cannot
// play or size (http: enclosures, enclosures without length or type),
// notes Apple cuts (over 4,000 bytes), dates they cannot read, artwork,
// categories and Podcasting 2.0 tags directories refuse or ignore, and a
// self link that points away from where the feed is served. Each Finding
// names the rule it breaks, where, and what to do.
//
// It is hand-written: no Go library lints podcast feeds (gofeed and the
// feed package parse them; Apple's and the Podcast Index's validators are
// web services). The feed is read with feed.Parse, the parser recast
// serves from, and walked again with encoding/xml for the attributes the
// parser does not keep. Namespaces are matched by URI, never by prefix.
// Images are judged only by what the feed's own attributes say of them:
// the doctor never downloads anything.
package doctor

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/recast-podcast/recast/feed"
)

// Severity says how much a finding hurts.
type Severity string

const (
	// Error: listeners lose something now (an episode hidden behind another
	// with the same GUID, one sorted nowhere for want of a readable date, a
	// feed strict readers refuse). `recast check` exits 1 on any.
	Error Severity = "error"
	// Warning: something an app or directory may refuse, cut or show badly.
	Warning Severity = "warning"
)

// Finding is one thing in a feed that hurts listeners.
type Finding struct {
	Severity Severity `json:"severity"`
	// Rule is the short id of the rule broken: "guid-duplicate",
	// "enclosure-http"... (the table in rules.go).
	Rule string `json:"rule"`
	// Where is "channel", an item as `item 12 "Title"` (1-based, in feed
	// order; `item 12 (guid "…")` or `item 12` without a title), or "N more
	// items" for the summary of a rule's findings past the first ten.
	Where string `json:"where"`
	// Message is one line: what is wrong, the rule it breaks, what to do.
	Message string `json:"message"`
}

// Options changes what Check judges.
type Options struct {
	// ServedURL is where the feed is served. When set, the channel's
	// atom:link rel="self" should be it (self-link-missing,
	// self-link-mismatch); "" skips that rule.
	ServedURL string
}

// Check reads a feed and lists what in it hurts listeners: the channel's
// findings first, then each item's in feed order, then for each rule that
// fired on more than ten items one finding "N more items". The feed is what
// feed.Parse reads (RSS 2.0 or Atom, any encoding, with the repairs it
// makes); the repairs a broken upstream needed are findings too.
//
// It returns an error, wrapping feed.Parse's, only when body is not a
// feed feed.Parse can read; a feed with nothing to say returns no findings
// and a nil error.
func Check(body []byte, opt Options) ([]Finding, error) {
	doc, err := feed.Parse(body)
	if err != nil {
		return nil, fmt.Errorf("doctor: %w", err)
	}
	c := &checker{doc: doc, opt: opt, ch: readChannel(doc.Src)}
	c.items = make([]itemFacts, len(doc.Items))
	scope := scopeElement(doc.Scope())
	for i := range doc.Items {
		c.items[i] = readItem(scope, doc.Items[i].Raw)
	}
	return c.run(), nil
}

// channelFacts is what the rules read of the channel besides
// feed.Channel: the attributes and elements the parser does not keep.
type channelFacts struct {
	itunesImage     string       // href of the first itunes:image; "" when none has one
	hasItunesImage  bool         // an itunes:image element is present
	itunesImageText string       // the text of an itunes:image without href (a common mistake)
	art             []imageFacts // what the feed says of images: itunes:image, podcast:image, podcast:images entries
	categories      []category   // itunes:category, in feed order
	podcastGUID     string
	hasPodcastGUID  bool
	explicit        string
	hasExplicit     bool
	summary         string   // itunes:summary
	selfLinks       []string // href of each atom:link rel="self"
	urls            []podURL // podcast:* URLs, the channel's own (not its items')
	walkErr         error    // why the walk stopped early; nil when it read the channel through
}

// imageFacts is what one attribute set says of an image. Zero means unsaid.
type imageFacts struct {
	from          string // "itunes:image", "podcast:image", "podcast:images"
	href          string
	width, height int
	ratio         float64 // width/height from aspect-ratio
	ratioText     string
}

// category is one top-level itunes:category and its subcategories.
type category struct {
	text string
	subs []string
	open bool // still being read
}

// podURL is a URL in an attribute of a podcast namespace element.
type podURL struct {
	elem, attr, url string
}

// itemFacts is what the rules read of an item besides feed.Item.
type itemFacts struct {
	urls    []podURL
	walkErr error
}

// Namespace classes, matched by URI with the spellings feed accepts.
const (
	nsNone = iota
	nsPodcast
	nsItunes
	nsAtom
	nsOther
)

func classify(uri string) int {
	switch uri {
	case "":
		return nsNone
	case feed.NSPodcast, feed.NSPodcastAlt:
		return nsPodcast
	case feed.NSItunes, "http://www.itunes.com/DTDs/Podcast-1.0.dtd", "https://www.itunes.com/dtds/podcast-1.0.dtd":
		return nsItunes
	case feed.NSAtom, "http://www.w3.org/2005/Atom/":
		return nsAtom
	}
	return nsOther
}

// newDecoder reads Src, which feed.Parse made well-formed UTF-8.
func newDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.Strict = false // Src is well-formed; be lenient where encoding/xml is stricter than XML
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil } // Src is UTF-8 whatever it declares
	return d
}

// readChannel walks the first <channel> of src, skipping its items.
func readChannel(src []byte) channelFacts {
	var (
		f     channelFacts
		d     = newDecoder(bytes.NewReader(src))
		depth int // 1: the root, 2: the channel, 3: its children
		in    bool
		text  *string // character data of the current channel child goes here
		buf   strings.Builder
	)
	for {
		tok, err := d.Token()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				f.walkErr = err
			}
			return f
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 2:
				if t.Name.Local != "channel" || in {
					if err := d.Skip(); err != nil {
						f.walkErr = err
						return f
					}
					depth--
					continue
				}
				in = true
				continue
			case depth < 2 || !in:
				continue
			case depth == 3 && t.Name.Space == "" && t.Name.Local == "item": // as feed.Parse reads items
				if err := d.Skip(); err != nil {
					f.walkErr = err
					return f
				}
				depth--
				continue
			}
			ns := classify(t.Name.Space)
			if ns == nsPodcast {
				f.urls = appendURLs(f.urls, t)
			}
			if depth == 3 {
				text = f.channelChild(ns, t)
				buf.Reset()
			} else if depth == 4 && ns == nsItunes && t.Name.Local == "category" && len(f.categories) > 0 && f.categories[len(f.categories)-1].open {
				c := &f.categories[len(f.categories)-1]
				c.subs = append(c.subs, strings.TrimSpace(attr(t, "text")))
			}
		case xml.CharData:
			if text != nil && depth == 3 {
				buf.Write(t)
			}
		case xml.EndElement:
			if in && depth == 3 {
				if text != nil {
					*text = strings.TrimSpace(buf.String())
					text = nil
				}
				if n := len(f.categories); n > 0 {
					f.categories[n-1].open = false
				}
			}
			if in && depth == 2 {
				return f // the end of the first channel
			}
			depth--
		}
	}
}

// channelChild records a direct child of the channel and returns where its
// text goes, nil when the text is not wanted.
func (f *channelFacts) channelChild(ns int, t xml.StartElement) *string {
	switch {
	case ns == nsItunes && t.Name.Local == "image":
		href := strings.TrimSpace(attr(t, "href"))
		if !f.hasItunesImage || f.itunesImage == "" && href != "" {
			f.itunesImage = href
		}
		f.hasItunesImage = true
		if href == "" {
			return &f.itunesImageText
		}
		f.art = append(f.art, imageFacts{from: "itunes:image", href: href, width: atoi(attr(t, "width")), height: atoi(attr(t, "height"))})
	case ns == nsItunes && t.Name.Local == "category":
		f.categories = append(f.categories, category{text: strings.TrimSpace(attr(t, "text")), open: true})
	case ns == nsItunes && t.Name.Local == "explicit":
		if !f.hasExplicit {
			f.hasExplicit = true
			return &f.explicit
		}
	case ns == nsItunes && t.Name.Local == "summary":
		if f.summary == "" {
			return &f.summary
		}
	case ns == nsPodcast && t.Name.Local == "guid":
		if !f.hasPodcastGUID {
			f.hasPodcastGUID = true
			return &f.podcastGUID
		}
	case ns == nsPodcast && t.Name.Local == "image":
		im := imageFacts{from: "podcast:image", href: strings.TrimSpace(attr(t, "href")), width: atoi(attr(t, "width")), height: atoi(attr(t, "height"))}
		im.ratio, im.ratioText = aspectRatio(attr(t, "aspect-ratio"))
		f.art = append(f.art, im)
	case ns == nsPodcast && t.Name.Local == "images":
		ratio, text := aspectRatio(attr(t, "aspect-ratio"))
		for _, c := range srcset(attr(t, "srcset")) {
			f.art = append(f.art, imageFacts{from: "podcast:images", href: c.url, width: c.width, ratio: ratio, ratioText: text})
		}
	case ns == nsAtom && t.Name.Local == "link":
		if strings.TrimSpace(attr(t, "rel")) == "self" {
			f.selfLinks = append(f.selfLinks, strings.TrimSpace(attr(t, "href")))
		}
	}
	return nil
}

// scopeElement is a start tag declaring the namespaces of Document.Scope,
// so an item's bytes decode as they do in the feed.
func scopeElement(scope string) string {
	var b strings.Builder
	b.WriteString("<scope")
	for _, line := range strings.Split(scope, "\n") {
		prefix, uri, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		b.WriteString(" xmlns")
		if prefix != "" {
			b.WriteString(":" + prefix)
		}
		b.WriteString(`="`)
		xml.EscapeText(&b, []byte(uri))
		b.WriteString(`"`)
	}
	b.WriteString(">")
	return b.String()
}

// readItem walks one item's bytes in the channel's namespace scope.
func readItem(scope string, raw []byte) itemFacts {
	var f itemFacts
	d := newDecoder(io.MultiReader(strings.NewReader(scope), bytes.NewReader(raw), strings.NewReader("</scope>")))
	for {
		tok, err := d.Token()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				f.walkErr = err
			}
			return f
		}
		if t, ok := tok.(xml.StartElement); ok && classify(t.Name.Space) == nsPodcast {
			f.urls = appendURLs(f.urls, t)
		}
	}
}

// urlAttrs are the attributes of podcast namespace elements that hold a
// URL: podcast:transcript, chapters, funding, license, trailer, images and
// image, person (img, href), source (uri), contentLink, socialInteract,
// remoteItem (feedUrl), liveValue...
var urlAttrs = map[string]bool{"url": true, "href": true, "img": true, "uri": true, "feedUrl": true}

// appendURLs adds the URLs in t's attributes.
func appendURLs(urls []podURL, t xml.StartElement) []podURL {
	for _, a := range t.Attr {
		if a.Name.Space != "" {
			continue
		}
		switch {
		case urlAttrs[a.Name.Local]:
			if v := strings.TrimSpace(a.Value); v != "" {
				urls = append(urls, podURL{elem: t.Name.Local, attr: a.Name.Local, url: v})
			}
		case a.Name.Local == "srcset":
			for _, c := range srcset(a.Value) {
				urls = append(urls, podURL{elem: t.Name.Local, attr: "srcset", url: c.url})
			}
		}
	}
	return urls
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Space == "" && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// atoi reads a count of pixels ("1400", "1400px"); 0 when it is not one.
func atoi(s string) int {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), "px"))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// aspectRatio reads a CSS aspect-ratio ("1/1", "16 / 9", "1.5"); 0 when unsaid
// or unreadable.
func aspectRatio(s string) (float64, string) {
	s = strings.TrimSpace(s)
	w, h, ok := strings.Cut(s, "/")
	if !ok {
		h = "1"
	}
	a, err1 := strconv.ParseFloat(strings.TrimSpace(w), 64)
	b, err2 := strconv.ParseFloat(strings.TrimSpace(h), 64)
	if s == "" || err1 != nil || err2 != nil || a <= 0 || b <= 0 {
		return 0, ""
	}
	return a / b, s
}

// candidate is one image of a srcset.
type candidate struct {
	url   string
	width int // from a "1500w" descriptor; 0 when it has none
}

// srcset reads an HTML srcset ("a.jpg 1500w, b.jpg 600w"): a URL is a run
// of non-space characters (commas in it are kept, trailing ones end it),
// its descriptors run to the next comma.
func srcset(s string) []candidate {
	var out []candidate
	for {
		s = strings.TrimLeft(s, " \t\r\n,")
		if s == "" {
			return out
		}
		end := strings.IndexAny(s, " \t\r\n")
		if end < 0 {
			end = len(s)
		}
		c := candidate{url: strings.TrimRight(s[:end], ",")}
		ended := len(c.url) < end // "a.jpg, b.jpg": no descriptors
		s = s[end:]
		if !ended {
			desc := s
			if i := strings.IndexByte(s, ','); i >= 0 {
				desc, s = s[:i], s[i+1:]
			} else {
				s = ""
			}
			for _, d := range strings.Fields(desc) {
				if w, ok := strings.CutSuffix(d, "w"); ok {
					c.width = atoi(w)
				}
			}
		}
		out = append(out, c)
	}
}
