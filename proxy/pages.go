package proxy

import (
	"bytes"
	"cmp"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/recast-podcast/recast/doctor"
	"github.com/recast-podcast/recast/jsonfeed"
	"github.com/recast-podcast/recast/web"
)

// The pages people read (package web renders them): / lists the feeds
// with a subscribe box each, /feeds/{name}/ shows one show's episodes and
// what recast added. A page is made from the feed's current version (its
// model is read once per version) and served with an ETag of its bytes, so
// a reload is a 304; gzip when the client takes it.

// episodesPerPage bounds a show page: 800 episodes do not make a 10 MB page.
const episodesPerPage = 50

var (
	hdrHTML     = []string{"text/html; charset=utf-8"}
	hdrNoCache  = []string{"no-cache"}
	hdrJSONFeed = []string{jsonfeed.ContentType + "; charset=utf-8"}
)

// modelOf is the page model of v, read on first use.
func modelOf(v *version) (*web.Model, error) {
	v.model.once.Do(func() {
		v.model.m, v.model.err = web.NewModel(v.identity, v.entry.Files[web.AddedFile])
	})
	return v.model.m, v.model.err
}

// pageFeed is what the pages show of one feed; v may be nil (never fetched).
func (s *Server) pageFeed(r *http.Request, st *feedState, v *version) web.Feed {
	f := web.Feed{Name: st.Name, Title: st.Name, URL: FeedURL(s.publicBase(r), st.Name)}
	f.Refresh, f.Fetched, f.Failing = s.refreshState(st, v)
	if v == nil {
		return f
	}
	m, err := modelOf(v)
	if err != nil {
		return f
	}
	if m.Channel.Title != "" {
		f.Title = m.Channel.Title
	}
	f.Image, f.Site = web.HTTPURL(m.Channel.Image), web.HTTPURL(m.Channel.Link)
	f.Episodes = len(m.Episodes)
	f.WithChapters, f.WithTranscripts, f.WithTags, f.WithPersons = m.Counts[0], m.Counts[1], m.Counts[2], m.Counts[3]
	return f
}

// refreshState says how the feed's last refresh went, as the admin listing
// and the pages say it.
func (s *Server) refreshState(st *feedState, v *version) (outcome string, fetched time.Time, failing bool) {
	now := s.opts.Now()
	outcome = "not fetched yet"
	if v != nil {
		fetched = v.entry.FetchedAt
		outcome = "fresh"
		if !now.Before(v.entry.FreshUntil) {
			outcome = "stale since " + v.entry.FreshUntil.UTC().Format("2 Jan 15:04 UTC")
		}
	}
	if err := failure(st, now); err != nil {
		class, _, _ := classify(err)
		outcome, failing = "failing: "+string(class), true
	}
	return outcome, fetched, failing
}

// failure is the feed's last refresh failure while upstream is being left
// alone after it; nil when there is none.
func failure(st *feedState, now time.Time) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.lastErr != nil && now.Before(st.retryAt) {
		return st.lastErr
	}
	return nil
}

// serveIndex answers GET /: every public feed, with what recast added.
func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	ix := web.Index{OPMLURL: "/opml"}
	for _, st := range s.set.Load().list {
		if st.Token != "" {
			continue // private: listed nowhere
		}
		v := st.cur.Load()
		if v == nil {
			v = s.stored(r.Context(), st)
		}
		ix.Feeds = append(ix.Feeds, s.pageFeed(r, st, v))
	}
	page, err := web.Render(func(w io.Writer) error { return web.RenderIndex(w, ix) })
	if err != nil {
		s.fail(w, r, nil, err)
		return
	}
	s.writePage(w, r, page)
}

// serveShow answers GET /feeds/{name}/: one show's page, ?page=N.
func (s *Server) serveShow(w http.ResponseWriter, r *http.Request) {
	st := s.feed(r.PathValue("name"))
	if st == nil || st.Token != "" {
		s.fail(w, r, nil, errNotFound)
		return
	}
	v, _, ok := s.currentOf(w, r, st)
	if !ok {
		return
	}
	m, err := modelOf(v)
	if err != nil {
		s.fail(w, r, st, err)
		return
	}
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	show := m.ShowPage(s.pageFeed(r, st, v), n, episodesPerPage)
	show.OPMLURL, show.JSONURL = "/opml", "/feeds/"+st.Name+".json"
	v.doctor.once.Do(func() {
		v.doctor.f, _ = doctor.Check(v.identity, doctor.Options{ServedURL: FeedURL(s.opts.PublicURL, st.Name)})
		slices.SortStableFunc(v.doctor.f, func(a, b doctor.Finding) int {
			return cmp.Compare(severityRank(a.Severity), severityRank(b.Severity))
		})
	})
	show.Doctor = v.doctor.f
	page, err := web.Render(func(w io.Writer) error { return web.RenderShow(w, show) })
	if err != nil {
		s.fail(w, r, st, err)
		return
	}
	s.writePage(w, r, page)
}

// serveJSONFeed answers GET /feeds/{name}.json: the feed's current version
// as JSON Feed 1.1 (package jsonfeed), made once per version, cached and
// validated like the feed.
func (s *Server) serveJSONFeed(w http.ResponseWriter, r *http.Request, st *feedState) {
	v, xcache, ok := s.currentOf(w, r, st)
	if !ok {
		return
	}
	v.json.once.Do(func() {
		self := FeedURL(s.opts.PublicURL, st.Name)
		if self != "" {
			self += ".json"
		}
		v.json.body.identity, v.json.err = jsonfeed.Render(v.identity, self)
	})
	if v.json.err != nil {
		s.fail(w, r, st, v.json.err)
		return
	}
	h := w.Header()
	s.cacheHeaders(h, st, v, xcache)
	h["Access-Control-Allow-Origin"] = hdrAny
	s.writeBody(w, r, &v.json.body, hdrJSONFeed, codingETag(v.etag, "json"), v.entry.LastModified)
}

func severityRank(s doctor.Severity) int {
	if s == doctor.Error {
		return 0
	}
	return 1
}

// writePage sends a page with an ETag of its bytes (so a reload is a 304),
// compressed (br, gzip) when the client accepts it.
func (s *Server) writePage(w http.ResponseWriter, r *http.Request, page []byte) {
	w.Header()["Cache-Control"] = hdrNoCache // live state: stored, revalidated on every use
	s.writeBody(w, r, &coded{identity: page}, hdrHTML, etagOf(page), time.Time{})
}

// writeBody sends body as contentType, compressed (br, gzip) when the
// client accepts it, with tag as the identity's ETag (each coding gets its
// own).
func (s *Server) writeBody(w http.ResponseWriter, r *http.Request, body *coded, contentType []string, tag string, modified time.Time) {
	h := w.Header()
	h["Content-Type"] = contentType
	h["X-Content-Type-Options"] = hdrNoSniff
	h["Vary"] = hdrVary
	coding := negotiate(r.Header.Get("Accept-Encoding"))
	switch coding {
	case "br":
		tag = codingETag(tag, "br")
		h["Content-Encoding"] = hdrBr
	case "gzip":
		tag = codingETag(tag, "gzip")
		h["Content-Encoding"] = hdrGzip
	}
	h["Etag"] = []string{tag}
	http.ServeContent(w, r, "", modified, bytes.NewReader(body.in(coding)))
}
