package proxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/fetch"
)

// Header values shared by every response, allocated once.
var (
	hdrRSS      = []string{"application/rss+xml; charset=utf-8"}
	hdrVary     = []string{"Accept-Encoding"}
	hdrGzip     = []string{"gzip"}
	hdrBr       = []string{"br"}
	hdrHit      = []string{xHit}
	hdrMiss     = []string{xMiss}
	hdrStale    = []string{xStale}
	hdrNoSniff  = []string{"nosniff"}
	hdrChapters = []string{"application/json+chapters"}
	hdrAny      = []string{"*"}
)

// refreshTimeoutSlack is added to the fetch timeout for parse, enrich and
// render when bounding a refresh.
const refreshTimeoutSlack = 15 * time.Second

// serveFeed answers GET and HEAD /feeds/{name}.
func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request) {
	if v, xcache, ok := s.current(w, r); ok {
		s.write(w, r, v, xcache)
	}
}

// serveChapters answers GET and HEAD /feeds/{name}/chapters/{file}: a JSON
// Chapters file of the feed's current version, cached like the feed and
// readable by in-browser players (CORS).
func (s *Server) serveChapters(w http.ResponseWriter, r *http.Request) {
	v, xcache, ok := s.current(w, r)
	if !ok {
		return
	}
	data, found := v.entry.Files["chapters/"+r.PathValue("file")]
	if !found {
		http.Error(w, "recast: no such chapters file", http.StatusNotFound)
		return
	}
	h := w.Header()
	h["Content-Type"] = hdrChapters
	h["Access-Control-Allow-Origin"] = hdrAny
	h["X-Content-Type-Options"] = hdrNoSniff
	h["Etag"] = []string{etagOf(data)}
	h["X-Cache"] = xcacheHeader(xcache)
	h["Cache-Control"] = []string{s.cacheControl(v, xcache == xStale)}
	http.ServeContent(w, r, "", v.entry.LastModified, bytes.NewReader(data))
}

// current returns the feed's version to serve, refreshing it when it is not
// fresh; on failure it has written the error response and returns ok false.
func (s *Server) current(w http.ResponseWriter, r *http.Request) (v *version, xcache string, ok bool) {
	st, found := s.feeds[r.PathValue("name")]
	if !found {
		http.Error(w, "recast: no feed named "+strconv.Quote(r.PathValue("name")), http.StatusNotFound)
		return nil, "", false
	}
	if v := st.cur.Load(); v != nil && s.opts.Now().Before(v.entry.FreshUntil) {
		return v, xHit, true
	}
	// One refresh per feed at a time, whoever asks; it outlives a client
	// that hangs up, so the others still get it.
	ch := s.sf.DoChan(st.cfg.Name, func() (any, error) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), s.opts.Config.Fetch.Timeout+refreshTimeoutSlack)
		defer cancel()
		return s.refresh(ctx, st)
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			s.fail(w, st.cfg.Name, res.Err)
			return nil, "", false
		}
		o := res.Val.(outcome)
		return o.v, o.xcache, true
	case <-r.Context().Done():
		return nil, "", false
	}
}

func xcacheHeader(xcache string) []string {
	switch xcache {
	case xHit:
		return hdrHit
	case xStale:
		return hdrStale
	}
	return hdrMiss
}

// write sends one version, in the content coding the client prefers, with
// the validators and caching headers CDNs and podcast apps rely on.
// http.ServeContent does HEAD, Range (206), If-None-Match, If-Modified-Since
// and If-Range against the headers set here. It allocates a constant amount
// whatever the feed's size.
func (s *Server) write(w http.ResponseWriter, r *http.Request, v *version, xcache string) {
	coding := negotiate(r.Header.Get("Accept-Encoding"))
	body, etag := v.body(coding)
	h := w.Header()
	h["Content-Type"] = hdrRSS
	h["Vary"] = hdrVary
	h["X-Content-Type-Options"] = hdrNoSniff
	h["Etag"] = []string{etag}
	h["X-Cache"] = xcacheHeader(xcache)
	switch coding {
	case "gzip":
		h["Content-Encoding"] = hdrGzip
	case "br":
		h["Content-Encoding"] = hdrBr
	}
	h["Cache-Control"] = []string{s.cacheControl(v, xcache == xStale)}
	http.ServeContent(w, r, "", v.entry.LastModified, bytes.NewReader(body))
}

// cacheControl tells CDNs how long the response is fresh (what is left of
// the feed's freshness), and how long they may serve it stale while
// revalidating or while recast fails (RFC 5861).
func (s *Server) cacheControl(v *version, stale bool) string {
	maxAge := 0
	if left := v.entry.FreshUntil.Sub(s.opts.Now()); left > 0 && !stale {
		maxAge = int(left / time.Second)
	}
	c := s.opts.Config
	return "public, max-age=" + strconv.Itoa(maxAge) +
		", stale-while-revalidate=" + strconv.Itoa(int(c.StaleWhileRevalidate/time.Second)) +
		", stale-if-error=" + strconv.Itoa(int(c.StaleIfError/time.Second))
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

// fail turns an error into an HTTP response; the one place that does. A
// feed with no good copy to fall back on gets 502 with a short text body
// saying why.
func (s *Server) fail(w http.ResponseWriter, name string, err error) {
	w.Header().Set("Cache-Control", "no-store")
	status := http.StatusBadGateway
	var se *fetch.StatusError
	var syn *feed.SyntaxError
	var be *backoffError
	reason := err.Error()
	switch {
	case errors.As(err, &syn):
		reason = "the upstream feed is not well-formed XML: " + err.Error()
	case errors.As(err, &se):
		if se.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(se.RetryAfter/time.Second)))
		}
	case errors.As(err, &be):
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int((be.wait+time.Second-1)/time.Second))))
	case errors.Is(err, context.DeadlineExceeded):
		status = http.StatusGatewayTimeout
	}
	http.Error(w, fmt.Sprintf("recast: cannot serve feed %q: %s", name, reason), status)
}

var indexPage = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>recast</title></head>
<body><h1>recast</h1><p>Enriched podcast feeds served here:</p><ul>
{{range .}}<li><a href="/feeds/{{.}}">/feeds/{{.}}</a></li>
{{else}}<li>none configured</li>{{end}}</ul></body></html>
`))

// serveIndex lists the feeds.
func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	indexPage.Execute(w, s.names)
}
