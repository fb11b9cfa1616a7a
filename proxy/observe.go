package proxy

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// routes maps the mux's patterns to the route label of metrics and logs,
// so that neither carries a feed name or path a client made up.
var routes = map[string]string{
	"GET /feeds/{name}":                         "feed",
	"GET /feeds/{name}/chapters/{file}":         "chapters",
	"GET /feeds/{name}/{token}":                 "private_feed",
	"GET /feeds/{name}/{token}/chapters/{file}": "private_chapters",
	"GET /healthz":                              "healthz",
	"GET /readyz":                               "readyz",
	"GET /metrics":                              "metrics",
	"POST /admin/purge/{name}":                  "admin",
	"POST /admin/refresh/{name}":                "admin",
	"GET /admin/feeds":                          "admin",
	"POST /admin/feeds":                         "admin",
	"DELETE /admin/feeds/{name}":                "admin",
	"POST /admin/opml":                          "admin",
	"GET /opml":                                 "opml",
	"GET /open/{sig}/{url}":                     "open",
	"GET /open/{sig}/{url}/chapters/{file}":     "open_chapters",
	"GET /feeds/{name}/{$}":                     "show",
	"GET /{$}":                                  "index",
}

// recorder is a ResponseWriter that notes the status and bytes written.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *recorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

var recorders = sync.Pool{New: func() any { return new(recorder) }}

// requestID returns the id observe gave the request, from the response's
// X-Request-Id ("" outside observe).
func requestID(w http.ResponseWriter) string {
	if v := w.Header()["X-Request-Id"]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// ids makes request ids: a random prefix per process and a counter, cheap
// enough for every request and unique across replicas.
type ids struct {
	prefix string
	n      atomic.Uint64
}

var processIDs = func() *ids {
	var b [4]byte
	rand.Read(b[:])
	return &ids{prefix: hex.EncodeToString(b[:]) + "-"}
}()

func (g *ids) next() string {
	var b [32]byte
	return string(strconv.AppendUint(append(b[:0], g.prefix...), g.n.Add(1), 36))
}

// validRequestID accepts a caller's X-Request-Id (a CDN's or load
// balancer's) when it is short and plain, so that it is safe in logs.
func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// logPath is a request path as the access log writes it: the segment
// after /feeds/NAME/ is a private feed's token unless it is "chapters", so
// it is redacted whatever route matched (a wrong method, a trailing slash,
// a path the mux cleans).
func logPath(path string) string {
	rest, ok := strings.CutPrefix(path, "/feeds/")
	if !ok {
		return path
	}
	name, rest, ok := strings.Cut(rest, "/")
	if !ok || rest == "" {
		return path
	}
	tok, tail, _ := strings.Cut(rest, "/")
	if tok == "chapters" || tok == "" {
		return path
	}
	if tail != "" || strings.HasSuffix(rest, "/") {
		tail = "/" + tail
	}
	return "/feeds/" + name + "/REDACTED" + tail
}

// observe wraps the mux: a request id (the caller's X-Request-Id when it is
// plain, else a new one, echoed in the response), the request metrics, and
// one access-log line per request.
func (s *Server) observe(next *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !validRequestID(id) {
			id = processIDs.next()
		}
		w.Header()["X-Request-Id"] = []string{id}
		rec := recorders.Get().(*recorder)
		*rec = recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		status, n := rec.status, rec.bytes
		if status == 0 {
			status = http.StatusOK
		}
		*rec = recorder{}
		recorders.Put(rec)

		route := routes[r.Pattern]
		if route == "" {
			route = "other"
		}
		xcache := ""
		if v := w.Header()["X-Recast-Cache"]; len(v) > 0 {
			xcache = v[0]
		}
		took := time.Since(start)
		s.m.request(route, status, xcache, took)
		if s.opts.AccessLog {
			path := logPath(r.URL.Path)
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method), slog.String("path", path), slog.Int("status", status),
				slog.Int64("bytes", n), slog.Duration("took", took), slog.String("cache", xcache),
				slog.String("request_id", id))
		}
	})
}
