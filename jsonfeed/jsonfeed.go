// Package jsonfeed renders a feed as recast serves it (RSS 2.0, already
// enriched) as a JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/),
// the alternate format served at /feeds/{name}.json as application/feed+json.
//
// The RSS is read with feed.Parse; what maps where is written on each
// helper in render.go, following the spec's "Mapping RSS and Atom to JSON
// Feed" page: channel title, link, description, image, itunes:author and
// language at the top level; per item the GUID as id, link, title,
// content:encoded or description as content_html, itunes:subtitle or
// itunes:summary as summary, pubDate as date_published, itunes:image,
// categories as tags, hosts and guests as authors, and the enclosure as an
// attachment with mime_type, size_in_bytes and duration_in_seconds.
//
// URLs from the feed (home_page_url, icon, favicon, url, image, attachment
// and extension URLs) are written only when they are absolute http(s) URLs;
// a feed reader may link them.
//
// # The _recast extension
//
// There is no documented _podcast extension of JSON Feed, so the Podcasting
// 2.0 data recast adds or keeps is written under "_recast", recast's own
// extension. The spec reserves keys starting with "_" for extensions and
// says readers that do not understand one must ignore it. It appears only
// where it has something in it.
//
// On an item:
//
//	"_recast": {
//	  "transcripts": [{"url", "type", "language", "rel"}], // podcast:transcript
//	  "chapters": "URL",                                    // podcast:chapters url (JSON Chapters)
//	  "persons": [{"name", "role", "group", "img", "href"}] // podcast:person
//	}
//
// At the top level, when any item has one or the channel lists persons:
//
//	"_recast": {
//	  "about": ExtensionDoc,
//	  "persons": [...] // channel-level podcast:person
//	}
//
// Members are omitted when empty; role and group are the podcast namespace's
// lower-case taxonomy values (host and cast when the feed gives none).
//
// # Encoding
//
// The document is UTF-8 JSON indented by two spaces, with a final newline,
// and the same bytes for the same RSS. It is written with HTML escaping off:
// "<", ">" and "&" in content_html and titles stay as they are instead of
// \u003c and friends. The escaping only matters for JSON pasted into an
// HTML <script> element; this document is served on its own as
// application/feed+json, where it makes show notes larger and unreadable to
// a person looking at the JSON. A caller embedding it in HTML must escape it
// for that context (html/template does). encoding/json still escapes U+2028
// and U+2029, and replaces invalid UTF-8 with U+FFFD.
package jsonfeed

// Version is the value of the top-level "version" of every document.
const Version = "https://jsonfeed.org/version/1.1"

// ContentType is the media type to serve a document with. Spec: JSON Feed
// 1.1, "Suggestions for Publishers".
const ContentType = "application/feed+json"

// ExtensionDoc is the "about" of the top-level _recast object: where the
// extension is documented (this package's doc comment).
const ExtensionDoc = "https://pkg.go.dev/github.com/recast-podcast/recast/jsonfeed"

// document is a JSON Feed. Spec: JSON Feed 1.1, "Top-level".
type document struct {
	Version     string         `json:"version"`
	Title       string         `json:"title"`
	HomePageURL string         `json:"home_page_url,omitempty"`
	FeedURL     string         `json:"feed_url,omitempty"`
	Description string         `json:"description,omitempty"`
	Icon        string         `json:"icon,omitempty"`
	Favicon     string         `json:"favicon,omitempty"`
	Authors     []author       `json:"authors,omitempty"`
	Language    string         `json:"language,omitempty"`
	Recast      *recastChannel `json:"_recast,omitempty"`
	Items       []item         `json:"items"`
}

// author is an author object. Spec: JSON Feed 1.1, "Top-level", authors.
type author struct {
	Name string `json:"name"`
}

// item is one entry of items. Spec: JSON Feed 1.1, "Items". One of
// content_html and content_text is always present, as the spec requires.
type item struct {
	ID            string       `json:"id"`
	URL           string       `json:"url,omitempty"`
	Title         string       `json:"title,omitempty"`
	ContentHTML   *string      `json:"content_html,omitempty"`
	ContentText   *string      `json:"content_text,omitempty"`
	Summary       string       `json:"summary,omitempty"`
	Image         string       `json:"image,omitempty"`
	DatePublished string       `json:"date_published,omitempty"`
	Authors       []author     `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
	Attachments   []attachment `json:"attachments,omitempty"`
	Recast        *recastItem  `json:"_recast,omitempty"`
}

// attachment is an item's attachment. Spec: JSON Feed 1.1, "Attachments".
type attachment struct {
	URL               string  `json:"url"`
	MIMEType          string  `json:"mime_type"`
	SizeInBytes       int64   `json:"size_in_bytes,omitempty"`
	DurationInSeconds float64 `json:"duration_in_seconds,omitempty"`
}

// recastChannel is the top-level _recast object. Spec: this package's doc.
type recastChannel struct {
	About   string   `json:"about"`
	Persons []person `json:"persons,omitempty"`
}

// recastItem is an item's _recast object. Spec: this package's doc.
type recastItem struct {
	Transcripts []transcript `json:"transcripts,omitempty"`
	Chapters    string       `json:"chapters,omitempty"`
	Persons     []person     `json:"persons,omitempty"`
}

// transcript is a podcast:transcript. Spec: podcast namespace 1.0,
// <podcast:transcript>.
type transcript struct {
	URL      string `json:"url"`
	Type     string `json:"type,omitempty"`
	Language string `json:"language,omitempty"`
	Rel      string `json:"rel,omitempty"`
}

// person is a podcast:person. Spec: podcast namespace 1.0, <podcast:person>.
type person struct {
	Name  string `json:"name"`
	Role  string `json:"role,omitempty"`
	Group string `json:"group,omitempty"`
	Img   string `json:"img,omitempty"`
	Href  string `json:"href,omitempty"`
}
