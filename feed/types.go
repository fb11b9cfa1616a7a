// Package feed reads an upstream podcast feed into a Document that keeps the
// upstream bytes, and renders it back with additions spliced in.
//
// The served feed is never rebuilt from a parsed model: Render copies
// Document.Src and inserts new elements before an item's </item> (and
// namespace declarations on <rss>), so every byte recast does not own comes
// out as it came in. Namespaces are matched by URI, never by prefix.
package feed

import "strings"

// Namespace URIs recast reads and writes.
const (
	NSPodcast    = "https://podcastindex.org/namespace/1.0"
	NSPodcastAlt = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
	NSItunes     = "http://www.itunes.com/dtds/podcast-1.0.dtd"
	NSPSC        = "http://podlove.org/simple-chapters"
	NSContent    = "http://purl.org/rss/1.0/modules/content/"
	NSAtom       = "http://www.w3.org/2005/Atom"
)

// Document is an upstream RSS 2.0 feed ready to be enriched and rendered.
type Document struct {
	// Src is the feed as well-formed UTF-8 XML: the upstream bytes after the
	// repairs listed in Repairs (none for a clean UTF-8 feed).
	Src []byte
	// Repairs says, one line each, what was changed to make Src well-formed
	// UTF-8 RSS ("transcoded from ISO-8859-1", "removed 212 bytes before the
	// XML declaration", "converted from Atom"...). Empty when Src is the input.
	Repairs []string
	Channel Channel
	Items   []Item

	layout layout // byte offsets Render needs; filled by Parse
}

// Scope returns what an item is read in besides its own bytes: the
// namespace declarations in scope inside the channel, one "prefix=URI" line
// each in the order declared ("=URI" for a default namespace). An item's
// fields are what its bytes say in this scope. It depends on nothing else
// of the feed: not on comments or other text around <rss> and <channel>,
// which some servers stamp with the time on every response. "" for a
// Document not made by Parse, or one that declares nothing.
func (d *Document) Scope() string {
	var b strings.Builder
	for _, s := range d.layout.resume.binds {
		b.WriteString(s.prefix)
		b.WriteByte('=')
		b.WriteString(s.uri)
		b.WriteByte('\n')
	}
	return b.String()
}

// Channel is what enrichers read of the show as a whole.
type Channel struct {
	Title       string
	Link        string
	Description string
	Language    string // <language>, as written ("en", "de-DE"); "" when absent
	Author      string // itunes:author
	Image       string // itunes:image href, else <image><url>
	Categories  []string
	Persons     []Person // channel-level podcast:person
	NewFeedURL  string   // itunes:new-feed-url or podcast:newFeedUrl, trimmed
}

// Item is one episode as enrichers see it. Text fields hold the element's
// character data with entities and CDATA decoded: a description that carries
// HTML holds that HTML as a string.
type Item struct {
	GUID            string // trimmed <guid> text; "" when absent or empty
	GUIDIsPermaLink bool   // isPermaLink is absent or "true"
	Title           string
	Link            string
	PubDate         string
	Description     string
	ContentEncoded  string // content:encoded
	Enclosure       Enclosure
	ITunes          ITunes
	Categories      []string

	// What the item already carries of the tags recast adds.
	Transcripts []Transcript
	ChaptersURL string    // podcast:chapters url; "" when absent
	HasChapters bool      // a podcast:chapters element is present (with or without url)
	PSCChapters []Chapter // inline Podlove psc:chapters, converted
	HasPSC      bool      // a psc:chapters element is present
	Persons     []Person

	// Raw is the item's bytes in Document.Src, from "<item" through
	// "</item>". A hash of it keys the per-item enrichment cache.
	Raw []byte
}

// ID returns a stable identifier for the episode: its GUID, else its
// enclosure URL, else its link, else its title. Chapter file names and cache
// keys derive from it.
func (it *Item) ID() string {
	switch {
	case it.GUID != "":
		return it.GUID
	case it.Enclosure.URL != "":
		return it.Enclosure.URL
	case it.Link != "":
		return it.Link
	}
	return it.Title
}

// Enclosure is an item's first <enclosure>.
type Enclosure struct {
	URL    string
	Type   string
	Length string // as written; "" when absent
}

// ITunes holds the item-level itunes: fields, trimmed.
type ITunes struct {
	Title       string
	Subtitle    string
	Summary     string
	Author      string
	Duration    string
	Episode     string
	Season      string
	EpisodeType string
	Explicit    string
	Image       string // itunes:image href
	Keywords    string
}

// Transcript is a podcast:transcript. Spec: podcast namespace 1.0, <podcast:transcript>.
type Transcript struct {
	URL      string
	Type     string // MIME type: text/html, text/vtt, application/x-subrip, application/json, text/plain
	Language string // optional
	Rel      string // optional; "captions" only for timed VTT/SRT
}

// Chapter is one chapter marker, as in JSON Chapters 1.2.0.
type Chapter struct {
	Start float64 // seconds from the start of the episode
	Title string
	URL   string // optional
	Image string // optional
}

// Person is a podcast:person. Spec: podcast namespace 1.0, <podcast:person>.
// Role and Group are lower-case values of the taxonomy (person-roles.tsv).
type Person struct {
	Name  string
	Role  string
	Group string
	Href  string
	Img   string
}

// Additions is what recast adds to one item. Render writes each addition
// escaped and with the prefix bound to its namespace, and skips what the item
// already has: a transcript whose URL is there, a podcast:chapters when the
// item has one, psc:chapters when it has them, a category already present
// (case-insensitive), a person already listed with the same role.
type Additions struct {
	Transcripts []Transcript
	// Chapters found for the item. The caller serves them as a JSON Chapters
	// file and sets ChaptersURL; Render writes psc:chapters from them when
	// RenderOptions.InlinePSC is set.
	Chapters    []Chapter
	ChaptersURL string // written as <podcast:chapters url type="application/json+chapters"/>
	// NotesListChapters is set when the item's show notes list Chapters
	// already, so RenderOptions.DescriptionChapters adds no second list.
	NotesListChapters bool
	Categories        []string
	Persons           []Person
	// Evidence says why each addition was made; Render does not write it.
	// It is kept with the item's cached additions, for `recast enrich
	// --explain` and pages that show what recast added.
	Evidence []Evidence
}

// Evidence is why one addition was made: what it is ("person", "tag",
// "chapters", "transcript"), its value as added ("Jan Leike (guest)"), and
// the rule that fired with the text it read ("title: #76 - Tara Kirk Sell
// on …").
type Evidence struct {
	Of, Value, Why string
}

// Empty reports whether a has nothing to add (evidence alone adds nothing).
func (a *Additions) Empty() bool {
	return len(a.Transcripts) == 0 && len(a.Chapters) == 0 && a.ChaptersURL == "" &&
		len(a.Categories) == 0 && len(a.Persons) == 0
}

// Merge adds to a what b adds: its transcripts, categories, persons and
// evidence after a's; its chapter list, when it has one, in place of a's
// (an item has one chapter list); its chapters URL when set.
func (a *Additions) Merge(b *Additions) {
	a.Transcripts = append(a.Transcripts, b.Transcripts...)
	if len(b.Chapters) > 0 {
		a.Chapters, a.NotesListChapters = b.Chapters, b.NotesListChapters
	}
	if b.ChaptersURL != "" {
		a.ChaptersURL = b.ChaptersURL
	}
	a.Categories = append(a.Categories, b.Categories...)
	a.Persons = append(a.Persons, b.Persons...)
	a.Evidence = append(a.Evidence, b.Evidence...)
}

// RenderOptions changes what Render writes besides the item additions.
type RenderOptions struct {
	// SelfURL, when set, becomes the href of the channel's
	// atom:link rel="self" (one is added when the channel has none).
	SelfURL string
	// Mirror drops itunes:new-feed-url, podcast:newFeedUrl, podcast:txt and
	// podcast:podping, and adds <itunes:block>Yes</itunes:block> to the channel.
	Mirror bool
	// InlinePSC writes Additions.Chapters as inline psc:chapters too.
	InlinePSC bool
	// DescriptionChapters appends Additions.Chapters to the end of the
	// item's description and content:encoded as timestamped lines
	// ("00:00 Intro"), which Apple Podcasts and Spotify show as chapters,
	// unless the notes list chapters already. It changes those elements'
	// text: it is for feeds whose publisher wants it.
	DescriptionChapters bool
}
