package proxy

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/recast-podcast/recast/cache/memory"
	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/fetch"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// discard is a ResponseWriter that keeps nothing, so measuring a hit counts
// the server's allocations only.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// hitAllocs primes a server with body and returns the allocations of one
// cache hit, for each content coding.
func hitAllocs(t *testing.T, body string) map[string]float64 {
	up := newUpstream(t, body)
	h := newHarness(t, memory.New(64<<20), config.Feed{Name: "show", URL: up.URL})
	if res, _ := h.get(t, "GET", "/feeds/show"); res.StatusCode != 200 {
		t.Fatalf("priming: %d", res.StatusCode)
	}
	handler := h.srv.Handler()
	out := map[string]float64{}
	for _, coding := range []string{"identity", "gzip", "br"} {
		req := httptest.NewRequest("GET", "/feeds/show", nil)
		req.Header.Set("Accept-Encoding", coding)
		w := &discard{h: http.Header{}}
		handler.ServeHTTP(w, req) // first br request compresses once
		out[coding] = testing.AllocsPerRun(50, func() {
			clear(w.h)
			handler.ServeHTTP(w, req)
		})
	}
	return out
}

func TestCacheHitAllocationsDoNotGrowWithFeedSize(t *testing.T) {
	large := string(testcorpus.Feed(t, "engineering-kiosk-2026-07-01-redcircle-de.xml"))
	small, big := hitAllocs(t, smallFeed), hitAllocs(t, large)
	for coding := range small {
		if big[coding] > small[coding] {
			t.Errorf("%s: a hit on a 4 MB feed allocates %.0f times, on a 400-byte feed %.0f: allocations grow with the feed",
				coding, big[coding], small[coding])
		}
		t.Logf("%s: %.0f allocations per hit, whatever the feed's size", coding, big[coding])
	}
}

func BenchmarkServeHit(b *testing.B) {
	body := testcorpus.Feed(b, "engineering-kiosk-2026-07-01-redcircle-de.xml")
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	defer up.Close()
	cfg := config.Default()
	cfg.Feeds = []config.Feed{{Name: "show", URL: up.URL}}
	if err := cfg.Validate(); err != nil {
		b.Fatal(err)
	}
	srv := New(Options{Feeds: feedsFor(cfg, nil), Freshness: freshnessOf(cfg), Store: memory.New(64 << 20), Fetch: fetch.New(fetch.Options{AllowPrivate: true})})
	handler := srv.Handler()
	// The floor: net/http serving the same bytes from memory as a static
	// file, with nothing of recast's around it.
	b.Run("static-file-baseline", func(b *testing.B) {
		modtime := time.Now()
		static := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			http.ServeContent(w, r, "", modtime, bytes.NewReader(body))
		})
		req := httptest.NewRequest("GET", "/feed.xml", nil)
		w := &discard{h: http.Header{}}
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			clear(w.h)
			static.ServeHTTP(w, req)
		}
	})
	// As recast serve runs: with the metrics and an access log line per
	// request (formatted, then discarded).
	observed := New(Options{Feeds: feedsFor(cfg, nil), Freshness: freshnessOf(cfg), Store: memory.New(64 << 20),
		Fetch: fetch.New(fetch.Options{AllowPrivate: true}), Metrics: NewMetrics(prometheus.NewRegistry()),
		AccessLog: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	for _, coding := range []string{"identity", "gzip", "br", "gzip-observed"} {
		b.Run(coding, func(b *testing.B) {
			handler := handler
			if coding == "gzip-observed" {
				handler, coding = observed, "gzip"
			}
			req := httptest.NewRequest("GET", "/feeds/show", nil)
			req.Header.Set("Accept-Encoding", coding)
			w := &discard{h: http.Header{}}
			handler.ServeHTTP(w, req)
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				clear(w.h)
				handler.ServeHTTP(w, req)
			}
		})
	}
}
