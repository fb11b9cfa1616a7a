package proxy

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/recast-podcast/recast/cache"
	"github.com/recast-podcast/recast/cache/memory"
	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/fetch"
)

const smallFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
  <channel>
    <title>Test Show</title>
    <item>
      <title>Episode 1</title>
      <guid isPermaLink="false">ep-1</guid>
      <enclosure url="https://example.org/1.mp3" length="123" type="audio/mpeg"/>
      <itunes:duration>12:34</itunes:duration>
    </item>
  </channel>
</rss>
`

// upstream is an httptest server playing a show's feed host.
type upstream struct {
	*httptest.Server
	mu       sync.Mutex
	body     []byte
	status   int           // 0 = 200
	delay    time.Duration // before answering
	header   http.Header   // extra response headers
	requests atomic.Int32
	lastINM  atomic.Value // If-None-Match of the last request
}

func newUpstream(t *testing.T, body string) *upstream {
	u := &upstream{body: []byte(body), header: http.Header{}}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.requests.Add(1)
		u.lastINM.Store(r.Header.Get("If-None-Match"))
		u.mu.Lock()
		body, status, delay := u.body, u.status, u.delay
		for k, v := range u.header {
			w.Header()[k] = v
		}
		u.mu.Unlock()
		time.Sleep(delay)
		etag := fmt.Sprintf(`"up-%d"`, len(body))
		w.Header().Set("ETag", etag)
		if status != 0 {
			w.WriteHeader(status)
			return
		}
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(body)
	}))
	t.Cleanup(u.Close)
	return u
}

func (u *upstream) set(f func(u *upstream)) {
	u.mu.Lock()
	defer u.mu.Unlock()
	f(u)
}

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// counting is an enricher that tags every item and counts its calls.
type counting struct{ calls atomic.Int32 }

func (c *counting) Name() string    { return "counting" }
func (c *counting) Version() string { return "1" }
func (c *counting) Enrich(_ context.Context, _ *enrich.Feed, it *feed.Item, add *feed.Additions) error {
	c.calls.Add(1)
	add.Categories = append(add.Categories, "Tagged")
	return nil
}

type harness struct {
	srv   *Server
	http  *httptest.Server
	clock *clock
	enr   *counting
}

func newHarness(t *testing.T, store cache.Store, feeds ...config.Feed) *harness {
	t.Helper()
	cfg := config.Default()
	cfg.Feeds = feeds
	cfg.Fetch.Timeout = 2 * time.Second
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	h := &harness{clock: &clock{t: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}, enr: &counting{}}
	h.srv = New(Options{
		Feeds:     feedsFor(cfg, func(config.Feed) *enrich.Pipeline { return &enrich.Pipeline{Enrichers: []enrich.Enricher{h.enr}} }),
		Freshness: freshnessOf(cfg),
		Store:     store,
		Fetch:     fetch.New(fetch.Options{AllowPrivate: true, Timeout: 2 * time.Second}),
		Now:       h.clock.Now,
	})
	t.Cleanup(func() { h.srv.Close(context.Background()) })
	h.http = httptest.NewServer(h.srv.Handler())
	t.Cleanup(h.http.Close)
	return h
}

// get requests path with the given headers ("Key: value" strings).
func (h *harness) get(t *testing.T, method, path string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, h.http.URL+path, nil)
	req.Header.Set("Accept-Encoding", "identity") // no transparent gzip by the client
	for _, kv := range headers {
		k, v, _ := strings.Cut(kv, ": ")
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func TestServeFeedHTTP(t *testing.T) {
	up := newUpstream(t, smallFeed)
	h := newHarness(t, memory.New(1<<20), config.Feed{Name: "show", URL: up.URL + "/feed.xml"})

	res, body := h.get(t, "GET", "/feeds/show")
	if res.StatusCode != 200 || res.Header.Get("X-Recast-Cache") != "MISS" {
		t.Fatalf("first GET: %d %s", res.StatusCode, res.Header.Get("X-Recast-Cache"))
	}
	if !bytes.Contains(body, []byte("<category>Tagged</category>")) {
		t.Errorf("body lacks the enrichment:\n%s", body)
	}
	if !bytes.Contains(body, []byte(`<guid isPermaLink="false">ep-1</guid>`)) {
		t.Errorf("body lost the GUID:\n%s", body)
	}
	for k, want := range map[string]string{
		"Content-Type":  "application/rss+xml; charset=utf-8",
		"Vary":          "Accept-Encoding",
		"Cache-Control": "public, max-age=600, stale-while-revalidate=600, stale-if-error=604800",
		"Accept-Ranges": "bytes",
	} {
		if got := res.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	etag, lastMod := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
	if !strings.HasPrefix(etag, `"`) || lastMod == "" {
		t.Fatalf("validators: ETag %q Last-Modified %q", etag, lastMod)
	}

	tests := map[string]struct {
		method  string
		headers []string
		status  int
		check   func(t *testing.T, res *http.Response, b []byte)
	}{
		"second GET is a hit": {method: "GET", status: 200, check: func(t *testing.T, res *http.Response, b []byte) {
			if res.Header.Get("X-Recast-Cache") != "HIT" || !bytes.Equal(b, body) {
				t.Errorf("X-Cache %q, same body %v", res.Header.Get("X-Recast-Cache"), bytes.Equal(b, body))
			}
		}},
		"If-None-Match":                             {method: "GET", headers: []string{"If-None-Match: " + etag}, status: 304},
		"If-None-Match other":                       {method: "GET", headers: []string{`If-None-Match: "nope"`}, status: 200},
		"If-None-Match list":                        {method: "GET", headers: []string{`If-None-Match: "nope", ` + etag}, status: 304},
		"If-None-Match weak":                        {method: "GET", headers: []string{"If-None-Match: W/" + etag}, status: 304},
		"If-None-Match star":                        {method: "GET", headers: []string{"If-None-Match: *"}, status: 304},
		"If-None-Match of another coding":           {method: "GET", headers: []string{"Accept-Encoding: gzip", "If-None-Match: " + etag}, status: 200},
		"If-None-Match wins over If-Modified-Since": {method: "GET", headers: []string{`If-None-Match: "nope"`, "If-Modified-Since: " + lastMod}, status: 200},
		"HEAD If-None-Match":                        {method: "HEAD", headers: []string{"If-None-Match: " + etag}, status: 304},
		"Range gzip": {method: "GET", headers: []string{"Accept-Encoding: gzip", "Range: bytes=0-9"}, status: 206, check: func(t *testing.T, res *http.Response, b []byte) {
			if res.Header.Get("Content-Encoding") != "gzip" || len(b) != 10 || b[0] != 0x1f || b[1] != 0x8b {
				t.Errorf("range of the gzip body: encoding %q, % x", res.Header.Get("Content-Encoding"), b)
			}
		}},
		"If-Range stale":    {method: "GET", headers: []string{`If-Range: "old"`, "Range: bytes=0-9"}, status: 200},
		"If-Modified-Since": {method: "GET", headers: []string{"If-Modified-Since: " + lastMod}, status: 304},
		"HEAD": {method: "HEAD", status: 200, check: func(t *testing.T, res *http.Response, b []byte) {
			if len(b) != 0 || res.Header.Get("Content-Length") != fmt.Sprint(len(body)) || res.Header.Get("ETag") != etag {
				t.Errorf("HEAD: %d body bytes, Content-Length %q, ETag %q", len(b), res.Header.Get("Content-Length"), res.Header.Get("ETag"))
			}
		}},
		"Range": {method: "GET", headers: []string{"Range: bytes=0-99"}, status: 206, check: func(t *testing.T, res *http.Response, b []byte) {
			if !bytes.Equal(b, body[:100]) || res.Header.Get("Content-Range") != fmt.Sprintf("bytes 0-99/%d", len(body)) {
				t.Errorf("range: %q %q", b, res.Header.Get("Content-Range"))
			}
		}},
		"gzip": {method: "GET", headers: []string{"Accept-Encoding: gzip"}, status: 200, check: func(t *testing.T, res *http.Response, b []byte) {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			plain, _ := io.ReadAll(zr)
			if res.Header.Get("Content-Encoding") != "gzip" || !bytes.Equal(plain, body) || res.Header.Get("ETag") == etag {
				t.Errorf("gzip: encoding %q, same body %v, ETag %q", res.Header.Get("Content-Encoding"), bytes.Equal(plain, body), res.Header.Get("ETag"))
			}
		}},
		"br": {method: "GET", headers: []string{"Accept-Encoding: gzip, deflate, br"}, status: 200, check: func(t *testing.T, res *http.Response, b []byte) {
			plain, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(b)))
			if res.Header.Get("Content-Encoding") != "br" || !bytes.Equal(plain, body) {
				t.Errorf("br: encoding %q, same body %v", res.Header.Get("Content-Encoding"), bytes.Equal(plain, body))
			}
		}},
		"br refused with q=0": {method: "GET", headers: []string{"Accept-Encoding: br;q=0, gzip"}, status: 200, check: func(t *testing.T, res *http.Response, b []byte) {
			if res.Header.Get("Content-Encoding") != "gzip" {
				t.Errorf("encoding %q, want gzip", res.Header.Get("Content-Encoding"))
			}
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			res, b := h.get(t, tc.method, "/feeds/show", tc.headers...)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.status)
			}
			if tc.check != nil {
				tc.check(t, res, b)
			}
		})
	}
	if n := up.requests.Load(); n != 1 {
		t.Errorf("upstream asked %d times, want 1", n)
	}
	if res, _ := h.get(t, "GET", "/feeds/nope"); res.StatusCode != 404 {
		t.Errorf("unknown feed: %d, want 404", res.StatusCode)
	}
	if res, b := h.get(t, "GET", "/healthz"); res.StatusCode != 200 || string(b) != "ok\n" {
		t.Errorf("healthz: %d %q", res.StatusCode, b)
	}
	if res, b := h.get(t, "GET", "/readyz"); res.StatusCode != 200 || string(b) != "ready\n" {
		t.Errorf("readyz: %d %q", res.StatusCode, b)
	}
}

func TestColdStampedeMakesOneUpstreamRequest(t *testing.T) {
	up := newUpstream(t, smallFeed)
	up.set(func(u *upstream) { u.delay = 200 * time.Millisecond })
	h := newHarness(t, memory.New(1<<20), config.Feed{Name: "show", URL: up.URL})
	var wg sync.WaitGroup
	codes := make([]int, 50)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, _ := h.get(t, "GET", "/feeds/show")
			codes[i] = res.StatusCode
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != 200 {
			t.Errorf("request %d: %d", i, c)
		}
	}
	if n := up.requests.Load(); n != 1 {
		t.Errorf("50 parallel cold requests made %d upstream requests, want 1", n)
	}
}

func TestUpstreamNotModifiedReusesEnrichedOutput(t *testing.T) {
	up := newUpstream(t, smallFeed)
	h := newHarness(t, memory.New(1<<20), config.Feed{Name: "show", URL: up.URL})
	_, first := h.get(t, "GET", "/feeds/show")
	calls := h.enr.calls.Load()

	h.clock.Add(11 * time.Minute) // past the 10 min TTL, within stale-while-revalidate
	res, body := h.get(t, "GET", "/feeds/show")
	if res.StatusCode != 200 || res.Header.Get("X-Recast-Cache") != "REVALIDATING" || !bytes.Equal(body, first) {
		t.Fatalf("after TTL: %d %s, want the expired copy at once", res.StatusCode, res.Header.Get("X-Recast-Cache"))
	}
	if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=60, stale-while-revalidate=600, stale-if-error=604800" {
		t.Errorf("an expired copy: %q, want a short max-age that keeps CDNs caching", cc)
	}
	waitFor(t, "the background refresh", func() bool {
		return up.requests.Load() == 2 && h.srv.feed("show").cur.Load().entry.FetchedAt.Equal(h.clock.Now())
	})
	res, body = h.get(t, "GET", "/feeds/show")
	if res.Header.Get("X-Recast-Cache") != "HIT" {
		t.Errorf("after the background refresh: %s, want HIT", res.Header.Get("X-Recast-Cache"))
	}
	if got := up.lastINM.Load(); got != fmt.Sprintf(`"up-%d"`, len(smallFeed)) {
		t.Errorf("conditional GET sent If-None-Match %q", got)
	}
	if up.requests.Load() != 2 || !bytes.Equal(body, first) {
		t.Errorf("upstream requests %d, same body %v", up.requests.Load(), bytes.Equal(body, first))
	}
	if h.enr.calls.Load() != calls {
		t.Errorf("a 304 from upstream re-ran enrichment (%d calls, was %d)", h.enr.calls.Load(), calls)
	}
	if res.Header.Get("Cache-Control") != "public, max-age=600, stale-while-revalidate=600, stale-if-error=604800" {
		t.Errorf("freshness not renewed: %q", res.Header.Get("Cache-Control"))
	}
}

func TestUpstreamFailureServesLastGoodCopy(t *testing.T) {
	up := newUpstream(t, smallFeed)
	h := newHarness(t, memory.New(1<<20), config.Feed{Name: "show", URL: up.URL})
	_, good := h.get(t, "GET", "/feeds/show")

	tests := map[string]func(u *upstream){
		"503 with Retry-After": func(u *upstream) { u.delay = 0; u.status = 503; u.header.Set("Retry-After", "120") },
		"malformed feed": func(u *upstream) {
			u.delay = 0
			u.status = 0
			u.header.Del("Retry-After")
			u.body = []byte("<rss><channel><item></channel></rss>")
		},
		"hanging upstream": func(u *upstream) { u.status = 0; u.header.Del("Retry-After"); u.delay = 3 * time.Second },
	}
	for name, breakIt := range tests {
		t.Run(name, func(t *testing.T) {
			up.set(breakIt)
			h.clock.Add(time.Hour) // stale, and past any backoff
			res, body := h.get(t, "GET", "/feeds/show")
			if res.StatusCode != 200 || res.Header.Get("X-Recast-Cache") != "STALE" || !bytes.Equal(body, good) {
				t.Errorf("got %d %s, same body %v; want the last good copy", res.StatusCode, res.Header.Get("X-Recast-Cache"), bytes.Equal(body, good))
			}
			// Cached by CDNs until recast asks upstream again, never for
			// longer than the TTL, never max-age=0 (an outage would send
			// every request to the origin).
			var maxAge int
			fmt.Sscanf(res.Header.Get("Cache-Control"), "public, max-age=%d,", &maxAge)
			if maxAge <= 0 || maxAge > 600 || name == "503 with Retry-After" && maxAge != 120 {
				t.Errorf("stale copy: %q", res.Header.Get("Cache-Control"))
			}
		})
	}
	// Retry-After is honoured: within its window upstream is not asked.
	up.set(func(u *upstream) { u.delay = 0; u.status = 503; u.header.Set("Retry-After", "120") })
	h.clock.Add(time.Hour)
	h.get(t, "GET", "/feeds/show")
	n := up.requests.Load()
	h.clock.Add(time.Minute)
	if res, _ := h.get(t, "GET", "/feeds/show"); res.Header.Get("X-Recast-Cache") != "STALE" || up.requests.Load() != n {
		t.Errorf("upstream asked within its Retry-After (%d -> %d requests)", n, up.requests.Load())
	}
}

func TestNoGoodCopyIs502WithReason(t *testing.T) {
	tests := map[string]struct {
		body, want string
		status     int
	}{
		"malformed": {body: "<rss version=\"2.0\"><channel>\n<item><title>x</item></channel></rss>", want: "not a well-formed RSS or Atom feed", status: 502},
		"html page": {body: "<!doctype html><html><body>hi</body></html>", want: "not a well-formed RSS or Atom feed", status: 502},
		"404":       {status: 404, want: "does not exist"},
		"410":       {status: 410, want: "does not exist"},
		"500":       {status: 500, want: "answered with an error"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			up := newUpstream(t, tc.body)
			up.set(func(u *upstream) { u.status = tc.status % 502 })
			want := tc.status
			if want == 500 {
				want = 502
			}
			h := newHarness(t, memory.New(1<<20), config.Feed{Name: "show", URL: up.URL})
			res, body := h.get(t, "GET", "/feeds/show")
			if res.StatusCode != want || !strings.Contains(string(body), tc.want) || !strings.Contains(string(body), "(error "+res.Header.Get("X-Recast-Error-Id")+")") {
				t.Errorf("got %d %q, want %d saying %q with its error id", res.StatusCode, body, want, tc.want)
			}
			if n := strings.Count(strings.TrimSpace(string(body)), "\n"); n != 0 {
				t.Errorf("error body is %d lines, want one", n+1)
			}
		})
	}
}

// A failure whose last good copy turns out unreadable is still one line.
func TestUnreadableStaleCopyErrorIsOneLine(t *testing.T) {
	up := newUpstream(t, smallFeed)
	up.set(func(u *upstream) { u.status = 500 })
	store := memory.New(1 << 20)
	f := config.Feed{Name: "show", URL: up.URL}
	h := newHarness(t, store, f)
	now := h.clock.Now()
	e := &cache.Entry{Body: []byte("not gzip"), ETag: `"x"`, LastModified: now.Add(-time.Hour),
		FetchedAt: now.Add(-20 * time.Minute), FreshUntil: now.Add(-10 * time.Minute)}
	b, err := e.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Set(context.Background(), h.srv.feed("show").entryKey, b, time.Hour); err != nil {
		t.Fatal(err)
	}
	res, body := h.get(t, "GET", "/feeds/show")
	if res.StatusCode != 502 || !strings.Contains(string(body), "answered with an error") {
		t.Errorf("got %d %q, want 502 saying upstream failed", res.StatusCode, body)
	}
	if n := strings.Count(strings.TrimSpace(string(body)), "\n"); n != 0 {
		t.Errorf("error body is %d lines, want one:\n%s", n+1, body)
	}
}

func TestBackoffWithoutGoodCopySaysWhenToRetry(t *testing.T) {
	up := newUpstream(t, smallFeed)
	up.set(func(u *upstream) { u.status = 500 })
	h := newHarness(t, memory.New(1<<20), config.Feed{Name: "show", URL: up.URL})
	if res, _ := h.get(t, "GET", "/feeds/show"); res.StatusCode != 502 {
		t.Fatalf("failing upstream, no copy: %d, want 502", res.StatusCode)
	}
	h.clock.Add(10 * time.Second)
	res, body := h.get(t, "GET", "/feeds/show")
	// The backoff is 30 s with ±20% jitter; 10 s of it have passed.
	retry, _ := strconv.Atoi(res.Header.Get("Retry-After"))
	if res.StatusCode != 502 || retry < 14 || retry > 26 || !strings.Contains(string(body), "answered with an error") {
		t.Errorf("during backoff: %d, Retry-After %q, body %q; want 502, 14–26, the reason", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	if n := up.requests.Load(); n != 1 {
		t.Errorf("upstream asked %d times during its backoff, want 1", n)
	}
}

// feedsFor is what cmd builds for the configured feeds, for tests: a key
// per name, URL and mode, and a recipe with the feed's self link.
func feedsFor(cfg config.Config, pipeline func(config.Feed) *enrich.Pipeline) []Feed {
	var out []Feed
	for _, f := range cfg.Feeds {
		var p *enrich.Pipeline
		if pipeline != nil {
			p = pipeline(f)
		}
		out = append(out, Feed{
			Name: f.Name, URL: f.URL, TTL: f.TTL, Key: "test:" + f.Name + ":" + f.Mode + ":" + f.URL + ":" + cfg.PublicURL,
			Recipe: Recipe{
				Name: f.Name, Pipeline: p,
				Render:       feed.RenderOptions{SelfURL: FeedURL(cfg.PublicURL, f.Name), Mirror: f.Mode == config.ModeMirror},
				ChaptersBase: FeedURL(cfg.PublicURL, f.Name),
				Prev:         new(LastBuild),
			},
			FollowMoves: f.Follows(),
		})
	}
	return out
}

// freshnessOf is the Freshness cmd passes for cfg.
func freshnessOf(cfg config.Config) Freshness {
	return Freshness{
		TTL: cfg.TTL, MaxTTL: cfg.MaxTTL, StaleWhileRevalidate: cfg.StaleWhileRevalidate, StaleIfError: cfg.StaleIfError,
		RefreshTimeout: cfg.Fetch.Timeout + 15*time.Second, Lease: cfg.Refresh.Lease,
		FailureBackoff: cfg.Refresh.FailureBackoff, MaxFailureBackoff: cfg.Refresh.MaxFailureBackoff, Concurrency: cfg.Refresh.Concurrency,
	}
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
