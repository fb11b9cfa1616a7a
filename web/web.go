// Package web renders the pages recast serves to people: the index of the
// feeds with a subscribe box each, and one show's page with every episode,
// what recast added to it (tags, people, transcripts, a chapter timeline
// drawn to scale) and the evidence each addition came from.
//
// Pages are server-rendered html/template (every value from a feed is
// escaped by it; URLs from feeds are linked only when http(s)), with the
// style sheet and the few lines of script for the copy button inline, so a
// page is one request. The QR code is drawn as inline SVG from
// github.com/skip2/go-qrcode's bitmap.
package web

import (
	"bytes"
	_ "embed"
	"html/template"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/recast-podcast/recast/doctor"
)

//go:embed page.css
var css string

//go:embed pages.html
var pagesHTML string

var pages = template.Must(template.New("pages").Funcs(template.FuncMap{
	"css":  func() template.CSS { return template.CSS(css) },
	"mmss": mmss,
	"add":  func(a, b int) int { return a + b },
	"mul0": func(page, per int) int { return (page - 1) * per },
}).Parse(pagesHTML))

// Feed is one served feed as the index and its page show it.
type Feed struct {
	Name     string
	Title    string
	Image    string // cover art URL, http(s) only; "" for none
	Site     string // the show's own site, http(s) only
	URL      string // where recast serves the feed: the subscribe URL
	Episodes int
	// Refresh says how the last refresh went: "fresh", "stale since …",
	// "failing: …" or "not fetched yet"; Fetched is when it was made.
	Refresh string
	Fetched time.Time
	Failing bool
	// Counts of the episodes recast added something to.
	WithChapters, WithTranscripts, WithTags, WithPersons int
}

// PodcastURL is the feed's podcast:// link, which podcast apps on phones
// and desktops open as a subscription.
func (f Feed) PodcastURL() string {
	u, err := url.Parse(f.URL)
	if err != nil || u.Host == "" {
		return ""
	}
	return "podcast://" + u.Host + u.RequestURI()
}

// QR is the subscribe URL as an inline SVG QR code.
func (f Feed) QR() template.HTML { return qrSVG(f.URL) }

// Index is the page at /.
type Index struct {
	Feeds   []Feed
	OPMLURL string
}

// RenderIndex writes the index page.
func RenderIndex(w io.Writer, ix Index) error { return pages.ExecuteTemplate(w, "index", ix) }

// Show is one show's page: its feed and one page of its episodes.
type Show struct {
	Feed     Feed
	Episodes []Episode
	Page     int // 1-based
	Pages    int
	PerPage  int
	OPMLURL  string
	JSONURL  string // the feed as JSON Feed; "" when not served
	// Doctor is what in the served feed hurts listeners (package doctor),
	// errors first.
	Doctor []doctor.Finding
}

// RenderShow writes a show's page.
func RenderShow(w io.Writer, s Show) error { return pages.ExecuteTemplate(w, "show", s) }

// Render runs fn into a buffer, so that a template error never sends half
// a page.
func Render(fn func(io.Writer) error) ([]byte, error) {
	var b bytes.Buffer
	if err := fn(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// HTTPURL is u when it is an absolute http(s) URL, else "": a feed's URLs
// are linked only then (no javascript:, data: or relative links).
func HTTPURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Host == "" || (p.Scheme != "http" && p.Scheme != "https") {
		return ""
	}
	return p.String()
}

// mmss writes seconds as m:ss, or h:mm:ss past an hour.
func mmss(sec float64) string {
	s := int(sec)
	h, m := s/3600, s/60%60
	pad := func(n int) string {
		if n < 10 {
			return "0" + strconv.Itoa(n)
		}
		return strconv.Itoa(n)
	}
	if h > 0 {
		return strconv.Itoa(h) + ":" + pad(m) + ":" + pad(s%60)
	}
	return strconv.Itoa(m) + ":" + pad(s%60)
}
