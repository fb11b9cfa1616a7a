package proxy

import (
	"bytes"
	"context"
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Header values shared by every response, allocated once.
var (
	hdrRSS          = []string{"application/rss+xml; charset=utf-8"}
	hdrVary         = []string{"Accept-Encoding"}
	hdrGzip         = []string{"gzip"}
	hdrBr           = []string{"br"}
	hdrHit          = []string{xHit}
	hdrMiss         = []string{xMiss}
	hdrRevalidating = []string{xRevalidating}
	hdrStale        = []string{xStale}
	hdrNoSniff      = []string{"nosniff"}
	hdrNoStore      = []string{"no-store"}
	hdrChapters     = []string{"application/json+chapters"}
	hdrAny          = []string{"*"}
)

// serveFeed answers GET and HEAD /feeds/{name}, and /feeds/{name}.json,
// the same feed as JSON Feed (a name of its own wins).
func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request) {
	st := s.feed(r.PathValue("name"))
	if name, ok := strings.CutSuffix(r.PathValue("name"), ".json"); st == nil && ok {
		if st = s.feed(name); st != nil && st.Token == "" {
			s.serveJSONFeed(w, r, st)
			return
		}
	}
	if st == nil || st.Token != "" {
		s.fail(w, r, nil, errNotFound)
		return
	}
	if v, xcache, ok := s.currentOf(w, r, st); ok {
		s.write(w, r, st, v, xcache)
	}
}

// serveChapters answers GET and HEAD /feeds/{name}/chapters/{file}.
func (s *Server) serveChapters(w http.ResponseWriter, r *http.Request) {
	st := s.feed(r.PathValue("name"))
	if st == nil || st.Token != "" {
		s.fail(w, r, nil, errNotFound)
		return
	}
	s.chaptersOf(w, r, st)
}

// privateFeed returns the private feed a /feeds/{name}/{token} path names
// when the token is its own, else nil: a wrong token is answered like a
// feed that does not exist.
func (s *Server) privateFeed(r *http.Request) *feedState {
	st := s.feed(r.PathValue("name"))
	if st == nil || st.Token == "" || subtle.ConstantTimeCompare([]byte(r.PathValue("token")), []byte(st.Token)) != 1 {
		return nil
	}
	return st
}

// servePrivate answers GET and HEAD /feeds/{name}/{token}.
func (s *Server) servePrivate(w http.ResponseWriter, r *http.Request) {
	st := s.privateFeed(r)
	if st == nil {
		s.fail(w, r, nil, errNotFound)
		return
	}
	if v, xcache, ok := s.currentOf(w, r, st); ok {
		s.write(w, r, st, v, xcache)
	}
}

// servePrivateChapters answers GET and HEAD /feeds/{name}/{token}/chapters/{file}.
func (s *Server) servePrivateChapters(w http.ResponseWriter, r *http.Request) {
	st := s.privateFeed(r)
	if st == nil {
		s.fail(w, r, nil, errNotFound)
		return
	}
	s.chaptersOf(w, r, st)
}

// chaptersOf serves the JSON Chapters file {file} of the feed's current
// version, cached like the feed and readable by in-browser players (CORS).
func (s *Server) chaptersOf(w http.ResponseWriter, r *http.Request, st *feedState) {
	v, xcache, ok := s.currentOf(w, r, st)
	if !ok {
		return
	}
	data, found := v.entry.Files["chapters/"+r.PathValue("file")]
	if !found {
		s.fail(w, r, nil, errNotFound)
		return
	}
	h := w.Header()
	h["Content-Type"] = hdrChapters
	h["Access-Control-Allow-Origin"] = hdrAny
	h["X-Content-Type-Options"] = hdrNoSniff
	h["Etag"] = []string{etagOf(data)}
	s.cacheHeaders(h, st, v, xcache)
	http.ServeContent(w, r, "", v.entry.LastModified, bytes.NewReader(data))
}

// currentOf returns the feed's version to serve: a fresh copy at once; an
// expired one at once too while it is within stale-while-revalidate, with a
// refresh started in the background; else it waits for a refresh. On
// failure it has written the error response and returns ok false.
func (s *Server) currentOf(w http.ResponseWriter, r *http.Request, st *feedState) (v *version, xcache string, ok bool) {
	now := s.opts.Now()
	v = st.cur.Load()
	if v == nil {
		// A replica that has no copy yet (it just started, or another
		// replica fetched the feed) may find one in the shared store.
		v = s.stored(r.Context(), st)
	}
	if v != nil {
		if now.Before(v.entry.FreshUntil) {
			return v, xHit, true
		}
		if now.Before(v.entry.FreshUntil.Add(s.fresh.StaleWhileRevalidate)) {
			return v, s.revalidate(st, now), true
		}
	}
	select {
	case res := <-s.do(st, onDemand):
		if res.err != nil {
			s.fail(w, r, st, res.err)
			return nil, "", false
		}
		return res.v, res.xcache, true
	case <-r.Context().Done():
		return nil, "", false
	}
}

// stored installs the shared store's copy of a feed this process has none
// of (one read at a time per feed), when there is one that is fresh or
// within stale-while-revalidate; else it returns nil.
func (s *Server) stored(ctx context.Context, st *feedState) *version {
	if s.opts.Store == nil {
		return nil
	}
	got, _, _ := s.sf.Do(st.entryKey+":load", func() (any, error) {
		if v := st.cur.Load(); v != nil {
			return v, nil
		}
		e := s.loadEntry(ctx, st)
		if e == nil || !s.opts.Now().Before(e.FreshUntil.Add(s.fresh.StaleWhileRevalidate)) {
			return (*version)(nil), nil
		}
		v, err := versionOf(e, nil)
		if err != nil {
			return (*version)(nil), nil
		}
		s.install(st, v)
		return v, nil
	})
	return got.(*version)
}

// revalidate starts a background refresh of an expired feed, at most one a
// second (a refresh that finds another replica holding the lease returns at
// once), and says how the expired copy is served: REVALIDATING, or STALE
// while upstream is being left alone after a failure.
func (s *Server) revalidate(st *feedState, now time.Time) string {
	st.mu.Lock()
	failing := now.Before(st.retryAt)
	start := !failing && !now.Before(st.bgAt.Add(time.Second))
	if start {
		st.bgAt = now
	}
	st.mu.Unlock()
	if failing {
		return xStale
	}
	if start {
		s.do(st, background)
	}
	return xRevalidating
}

func xcacheHeader(xcache string) []string {
	switch xcache {
	case xHit:
		return hdrHit
	case xRevalidating:
		return hdrRevalidating
	case xStale:
		return hdrStale
	}
	return hdrMiss
}

// cacheHeaders sets what CDNs cache and purge by: Cache-Control, the
// feed's Surrogate-Key and Cache-Tag, and recast's own X-Recast-Cache.
func (s *Server) cacheHeaders(h http.Header, st *feedState, v *version, xcache string) {
	h["X-Recast-Cache"] = xcacheHeader(xcache)
	if st.Token != "" {
		// A private feed: the listener's app may keep it, a shared CDN
		// must not (and has no key to purge it by).
		h["Cache-Control"] = []string{"private" + strings.TrimPrefix(s.cacheControl(st, v, xcache), "public")}
		return
	}
	h["Surrogate-Key"] = st.tags
	h["Cache-Tag"] = st.tags
	h["Cache-Control"] = []string{s.cacheControl(st, v, xcache)}
}

// write sends one version, in the content coding the client prefers, with
// the validators and caching headers CDNs and podcast apps rely on.
// http.ServeContent does HEAD, Range (206), If-None-Match, If-Modified-Since
// and If-Range against the headers set here. It allocates a constant amount
// whatever the feed's size.
func (s *Server) write(w http.ResponseWriter, r *http.Request, st *feedState, v *version, xcache string) {
	coding := negotiate(r.Header.Get("Accept-Encoding"))
	body, etag := v.body(coding)
	h := w.Header()
	h["Content-Type"] = hdrRSS
	h["Vary"] = hdrVary
	h["X-Content-Type-Options"] = hdrNoSniff
	h["Etag"] = []string{etag}
	switch coding {
	case "gzip":
		h["Content-Encoding"] = hdrGzip
	case "br":
		h["Content-Encoding"] = hdrBr
	}
	s.cacheHeaders(h, st, v, xcache)
	http.ServeContent(w, r, "", v.entry.LastModified, bytes.NewReader(body))
}

// cacheControl tells CDNs how long the response is fresh (what is left of
// the feed's freshness), and how long they may serve it stale while
// revalidating or while recast fails (RFC 5861). An expired copy keeps a
// max-age that keeps CDNs caching it: until recast asks upstream again
// after a failure, else a tenth of the feed's TTL (at least 10 s, at most
// a minute) while it is refreshed; never 0, which would send every request
// of an outage to the origin.
func (s *Server) cacheControl(st *feedState, v *version, xcache string) string {
	now := s.opts.Now()
	maxAge := v.entry.FreshUntil.Sub(now)
	if xcache == xStale || xcache == xRevalidating || maxAge <= 0 {
		maxAge = min(max(st.TTL/10, 10*time.Second), time.Minute)
		st.mu.Lock()
		if retry := st.retryAt.Sub(now); xcache == xStale && retry > 0 {
			maxAge = min(retry, st.TTL)
		}
		st.mu.Unlock()
	}
	return "public, max-age=" + strconv.Itoa(max(1, int(maxAge/time.Second))) +
		", stale-while-revalidate=" + strconv.Itoa(int(s.fresh.StaleWhileRevalidate/time.Second)) +
		", stale-if-error=" + strconv.Itoa(int(s.fresh.StaleIfError/time.Second))
}

// negotiate picks br, gzip or identity ("") from an Accept-Encoding header,
// honouring q=0. "*" stands for gzip, unless gzip itself is refused.
func negotiate(accept string) string {
	if accept == "" {
		return ""
	}
	var br, gz, star, gzRefused bool
	for part := range strings.SplitSeq(accept, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		refused := false
		for p := range strings.SplitSeq(params, ";") {
			if q, ok := strings.CutPrefix(strings.TrimSpace(p), "q="); ok {
				if f, err := strconv.ParseFloat(q, 64); err == nil && f <= 0 {
					refused = true
				}
			}
		}
		switch name {
		case "br":
			br = !refused
		case "gzip", "x-gzip":
			gz, gzRefused = !refused, refused
		case "*":
			star = !refused
		}
	}
	switch {
	case br:
		return "br"
	case gz, star && !gzRefused:
		return "gzip"
	}
	return ""
}
