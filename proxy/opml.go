package proxy

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"time"
)

// GET /opml lists every feed recast serves as OPML 2.0, the subscription
// list podcast apps import (Apple Podcasts, Pocket Casts, AntennaPod,
// Overcast, gPodder): one outline type="rss" a feed, xmlUrl its recast URL,
// htmlUrl the show's site and text its title as the served feed has them.
// A feed not yet fetched is listed under its name.

type opmlDoc struct {
	XMLName xml.Name    `xml:"opml"`
	Version string      `xml:"version,attr"`
	Head    opmlHead    `xml:"head"`
	Body    []opmlEntry `xml:"body>outline"`
}

type opmlHead struct {
	Title       string `xml:"title"`
	DateCreated string `xml:"dateCreated,omitempty"`
}

type opmlEntry struct {
	Type    string `xml:"type,attr"`
	Text    string `xml:"text,attr"`
	Title   string `xml:"title,attr"`
	XMLURL  string `xml:"xmlUrl,attr"`
	HTMLURL string `xml:"htmlUrl,attr,omitempty"`
}

func (s *Server) serveOPML(w http.ResponseWriter, r *http.Request) {
	base := s.publicBase(r)
	doc := opmlDoc{Version: "2.0", Head: opmlHead{Title: "recast feeds", DateCreated: s.opts.Now().UTC().Format(time.RFC1123Z)}}
	for _, st := range s.set.Load().list {
		if st.Token != "" {
			continue // private: its URL holds its token
		}
		title, site := st.Name, ""
		v := st.cur.Load()
		if v == nil {
			v = s.stored(r.Context(), st)
		}
		if v != nil {
			if t, l := channelInfo(v.identity); t != "" {
				title, site = t, l
			} else {
				site = l
			}
		}
		doc.Body = append(doc.Body, opmlEntry{Type: "rss", Text: title, Title: title, XMLURL: FeedURL(base, st.Name), HTMLURL: site})
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		http.Error(w, "recast: cannot write the OPML: "+err.Error(), http.StatusInternalServerError)
		return
	}
	b.WriteByte('\n')
	h := w.Header()
	h.Set("Content-Type", "text/x-opml; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="recast.opml"`)
	h.Set("Cache-Control", "max-age=60")
	w.Write(b.Bytes())
}

// requestBase is the URL the request came in under, for a server without
// a public URL: https when it arrived over TLS or a proxy says so.
func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// channelInfo reads the channel's title and site link from a served feed
// (RSS channel/title and channel/link, or an Atom feed's title and
// alternate link), stopping at the first item: the rest of the feed is not
// decoded.
func channelInfo(body []byte) (title, link string) {
	const atom = "http://www.w3.org/2005/Atom"
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	var stack []string
	var field *string
	done := func() (string, string) { return strings.TrimSpace(title), strings.TrimSpace(link) }
	for {
		tok, err := d.Token()
		if err != nil {
			return done()
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name, parent := t.Name.Local, ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			stack = append(stack, name)
			field = nil
			if name == "item" || name == "entry" {
				return done()
			}
			rss := parent == "channel" && t.Name.Space == ""
			isAtom := parent == "feed" && t.Name.Space == atom
			switch {
			case name == "title" && title == "" && (rss || isAtom):
				field = &title
			case name == "link" && link == "" && rss:
				field = &link
			case name == "link" && link == "" && isAtom:
				rel := "alternate"
				for _, a := range t.Attr {
					if a.Name.Local == "rel" {
						rel = a.Value
					}
				}
				for _, a := range t.Attr {
					if a.Name.Local == "href" && rel == "alternate" {
						link = a.Value
					}
				}
			}
		case xml.CharData:
			if field != nil {
				*field += string(t)
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			field = nil
		}
	}
}
