package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/recast-podcast/recast/cache/memory"
	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/fetch"
)

// syncBuffer is a log destination tests read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// opsServer is a server with the admin API, an access log to a buffer and
// the given options changed.
func opsServer(t *testing.T, feeds []config.Feed, change func(*Options)) (*harness, *syncBuffer) {
	t.Helper()
	cfg := config.Default()
	cfg.Feeds = feeds
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	h := &harness{clock: &clock{t: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}, enr: &counting{}}
	opts := Options{
		Feeds:      feedsFor(cfg, func(config.Feed) *enrich.Pipeline { return &enrich.Pipeline{Enrichers: []enrich.Enricher{h.enr}} }),
		Freshness:  freshnessOf(cfg),
		Store:      memory.New(1 << 20),
		Fetch:      fetch.New(fetch.Options{AllowPrivate: true, Timeout: 2 * time.Second}),
		AdminToken: "s3cret-admin",
		Log:        slog.New(slog.NewTextHandler(logs, nil)),
		AccessLog:  true,
		Now:        h.clock.Now,
	}
	if change != nil {
		change(&opts)
	}
	h.srv = New(opts)
	h.http = httptest.NewServer(h.srv.Handler())
	t.Cleanup(func() { h.http.Close(); h.srv.Close(context.Background()) })
	return h, logs
}

func TestResponsesACDNMustNotCacheSaySo(t *testing.T) {
	up := newUpstream(t, smallFeed)
	h, _ := opsServer(t, []config.Feed{{Name: "show", URL: up.URL}}, nil)
	for _, path := range []string{"/healthz", "/readyz", "/feeds/nope", "/nothing/here", "/feeds/show/chapters/x.json"} {
		res, _ := h.get(t, "GET", path)
		if res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d with Cache-Control %q, want no-store", path, res.StatusCode, res.Header.Get("Cache-Control"))
		}
	}
	// The pages show live state: stored, but revalidated (ETag, 304) on
	// every use.
	for _, path := range []string{"/", "/feeds/show/"} {
		res, _ := h.get(t, "GET", path)
		if res.Header.Get("Cache-Control") != "no-cache" || res.Header.Get("Etag") == "" {
			t.Errorf("%s: %d with Cache-Control %q, ETag %q; want no-cache and an ETag", path, res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("Etag"))
		}
		if res2, _ := h.get(t, "GET", path, "If-None-Match: "+res.Header.Get("Etag")); res2.StatusCode != http.StatusNotModified {
			t.Errorf("%s with its ETag: %d, want 304", path, res2.StatusCode)
		}
	}
	res, _ := h.get(t, "POST", "/admin/purge/show")
	if res.StatusCode != http.StatusUnauthorized || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("admin without token: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
}

func TestFeedResponsesNameTheFeedForCDNPurges(t *testing.T) {
	up := newUpstream(t, smallFeed)
	h, _ := opsServer(t, []config.Feed{{Name: "show", URL: up.URL}}, nil)
	res, _ := h.get(t, "GET", "/feeds/show")
	for _, k := range []string{"Surrogate-Key", "Cache-Tag"} {
		if res.Header.Get(k) != "recast feed-show" {
			t.Errorf("%s: %q", k, res.Header.Get(k))
		}
	}
	if res.Header.Get("X-Cache") != "" || res.Header.Get("X-Recast-Cache") != "MISS" {
		t.Errorf("X-Cache %q, X-Recast-Cache %q: recast's own header must not clash with a CDN's", res.Header.Get("X-Cache"), res.Header.Get("X-Recast-Cache"))
	}
}

func TestRequestIDAndAccessLog(t *testing.T) {
	up := newUpstream(t, smallFeed)
	h, logs := opsServer(t, []config.Feed{{Name: "show", URL: up.URL}}, nil)
	res, _ := h.get(t, "GET", "/feeds/show", "X-Request-Id: cdn-abc.123")
	if res.Header.Get("X-Request-Id") != "cdn-abc.123" {
		t.Errorf("a plain caller id is not echoed: %q", res.Header.Get("X-Request-Id"))
	}
	res2, _ := h.get(t, "GET", "/feeds/show", "X-Request-Id: evil\tid with spaces")
	id := res2.Header.Get("X-Request-Id")
	if id == "" || strings.Contains(id, "evil") {
		t.Errorf("an unsafe caller id was kept: %q", id)
	}
	log := logs.String()
	for _, want := range []string{
		`msg=request method=GET path=/feeds/show status=200 bytes=` + res.Header.Get("Content-Length"),
		"cache=MISS request_id=cdn-abc.123", "cache=HIT request_id=" + id,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("access log lacks %q:\n%s", want, log)
		}
	}
}

// A client is told a fixed sentence and an error id; the log has the cause
// under the same id, with the URL's secrets redacted in both.
func TestErrorsCarryNoSecrets(t *testing.T) {
	up := newUpstream(t, smallFeed)
	up.set(func(u *upstream) { u.status = 500 })
	secretURL := strings.Replace(up.URL, "http://", "http://user:pa55word@", 1) + "/feed.xml?token=tok3n"
	h, logs := opsServer(t, []config.Feed{{Name: "show", URL: secretURL}}, nil)
	res, body := h.get(t, "GET", "/feeds/show")
	id := res.Header.Get("X-Recast-Error-Id")
	if res.StatusCode != 502 || id == "" || !strings.Contains(string(body), "(error "+id+")") {
		t.Fatalf("%d %q, error id %q", res.StatusCode, body, id)
	}
	log := logs.String()
	for _, secret := range []string{"pa55word", "tok3n", "user:"} {
		if strings.Contains(string(body), secret) || strings.Contains(log, secret) {
			t.Errorf("%q reached the client or the log:\n%s\n%s", secret, body, log)
		}
	}
	if !strings.Contains(log, "error_id="+id) || !strings.Contains(log, "token=REDACTED") || !strings.Contains(log, "500 Internal Server Error") {
		t.Errorf("the log does not tie the cause to the error id:\n%s", log)
	}
}

func TestAdminPurgeAndRefresh(t *testing.T) {
	up := newUpstream(t, smallFeed)
	h, _ := opsServer(t, []config.Feed{{Name: "show", URL: up.URL}}, nil)
	h.get(t, "GET", "/feeds/show")
	auth := "Authorization: Bearer s3cret-admin"
	if res, _ := h.get(t, "POST", "/admin/refresh/show", "Authorization: Bearer wrong"); res.StatusCode != 401 {
		t.Errorf("wrong token: %d", res.StatusCode)
	}
	if res, _ := h.get(t, "POST", "/admin/refresh/nope", auth); res.StatusCode != 404 {
		t.Errorf("unknown feed: %d", res.StatusCode)
	}
	res, body := h.get(t, "POST", "/admin/refresh/show", auth)
	var got struct{ Feed, Result string }
	if res.StatusCode != 200 || json.Unmarshal(body, &got) != nil || got.Result != "MISS" || up.requests.Load() != 2 {
		t.Errorf("refresh of a fresh feed: %d %s, %d upstream requests; want upstream asked", res.StatusCode, body, up.requests.Load())
	}
	if res, body := h.get(t, "POST", "/admin/purge/show", auth); res.StatusCode != 200 || !strings.Contains(string(body), `"purged":true`) {
		t.Errorf("purge: %d %s", res.StatusCode, body)
	}
	if res, _ := h.get(t, "GET", "/feeds/show"); res.Header.Get("X-Recast-Cache") != "MISS" || up.requests.Load() != 3 {
		t.Errorf("after purge: %s, %d upstream requests; want a new fetch", res.Header.Get("X-Recast-Cache"), up.requests.Load())
	}
	// Without a token the admin API does not exist.
	off, _ := opsServer(t, []config.Feed{{Name: "show", URL: up.URL}}, func(o *Options) { o.AdminToken = "" })
	if res, _ := off.get(t, "POST", "/admin/purge/show", "Authorization: Bearer "); res.StatusCode != 404 {
		t.Errorf("admin API without a token: %d, want 404", res.StatusCode)
	}
}

// The scheduler loads every feed at start and refreshes it before it
// expires, so requests are hits.
func TestSchedulerRefreshesAhead(t *testing.T) {
	up := newUpstream(t, smallFeed)
	h, _ := opsServer(t, []config.Feed{{Name: "show", URL: up.URL}}, func(o *Options) { o.Tick = 10 * time.Millisecond })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go h.srv.Run(ctx)
	waitFor(t, "the first load", func() bool { return h.srv.feed("show").cur.Load() != nil })
	if res, _ := h.get(t, "GET", "/feeds/show"); res.Header.Get("X-Recast-Cache") != "HIT" || up.requests.Load() != 1 {
		t.Fatalf("after the scheduler's load: %s, %d upstream requests", res.Header.Get("X-Recast-Cache"), up.requests.Load())
	}
	// 9 min 59 s into a 10 min TTL the copy is in its last 10–25%: due.
	h.clock.Add(10*time.Minute - time.Second)
	waitFor(t, "the refresh ahead of expiry", func() bool { return up.requests.Load() == 2 })
	waitFor(t, "the new copy", func() bool { return h.srv.feed("show").cur.Load().entry.FetchedAt.Equal(h.clock.Now()) })
	h.clock.Add(2 * time.Second) // past the first copy's expiry
	if res, _ := h.get(t, "GET", "/feeds/show"); res.Header.Get("X-Recast-Cache") != "HIT" {
		t.Errorf("after the old copy's expiry: %s, want HIT", res.Header.Get("X-Recast-Cache"))
	}
}

func TestReloadKeepsUnchangedFeeds(t *testing.T) {
	up := newUpstream(t, smallFeed)
	h, _ := opsServer(t, []config.Feed{{Name: "a", URL: up.URL + "/a"}, {Name: "b", URL: up.URL + "/b"}}, nil)
	h.get(t, "GET", "/feeds/a")
	h.get(t, "GET", "/feeds/b")
	cfg := config.Default()
	cfg.Feeds = []config.Feed{{Name: "a", URL: up.URL + "/a"}, {Name: "b", URL: up.URL + "/b2"}, {Name: "c", URL: up.URL + "/c"}}
	cfg.Validate()
	h.srv.Reload(feedsFor(cfg, nil))
	if res, _ := h.get(t, "GET", "/feeds/a"); res.Header.Get("X-Recast-Cache") != "HIT" {
		t.Errorf("unchanged feed a: %s, want its copy kept", res.Header.Get("X-Recast-Cache"))
	}
	if res, _ := h.get(t, "GET", "/feeds/b"); res.Header.Get("X-Recast-Cache") != "MISS" {
		t.Errorf("changed feed b: %s, want a new fetch", res.Header.Get("X-Recast-Cache"))
	}
	if res, _ := h.get(t, "GET", "/feeds/c"); res.StatusCode != 200 {
		t.Errorf("added feed c: %d", res.StatusCode)
	}
	cfg.Feeds = cfg.Feeds[:1]
	h.srv.Reload(feedsFor(cfg, nil))
	if res, _ := h.get(t, "GET", "/feeds/c"); res.StatusCode != 404 {
		t.Errorf("removed feed c: %d, want 404", res.StatusCode)
	}
}

// The access log never writes what could be a private feed's token.
func TestLogPath(t *testing.T) {
	for in, want := range map[string]string{
		"/feeds/show":                                   "/feeds/show",
		"/feeds/show/":                                  "/feeds/show/",
		"/feeds/show/chapters/e1.json":                  "/feeds/show/chapters/e1.json",
		"/feeds/show/tok3n-0123456789":                  "/feeds/show/REDACTED",
		"/feeds/show/tok3n-0123456789/":                 "/feeds/show/REDACTED/",
		"/feeds/show/tok3n-0123456789/chapters/e1.json": "/feeds/show/REDACTED/chapters/e1.json",
		"/open/sig/url":                                 "/open/sig/url",
		"/healthz":                                      "/healthz",
	} {
		if got := logPath(in); got != want {
			t.Errorf("logPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// /feeds/NAME.json is the served feed as JSON Feed 1.1, validated like the
// feed; the show page links it.
func TestJSONFeed(t *testing.T) {
	up := newUpstream(t, smallFeed)
	h, _ := opsServer(t, []config.Feed{{Name: "show", URL: up.URL}}, nil)
	res, body := h.get(t, "GET", "/feeds/show.json")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/feed+json") {
		t.Fatalf("%d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var doc struct {
		Version string
		Items   []struct{ ID string }
	}
	if err := json.Unmarshal(body, &doc); err != nil || doc.Version != "https://jsonfeed.org/version/1.1" || len(doc.Items) == 0 {
		t.Fatalf("not a JSON Feed 1.1 with items: %v %.300s", err, body)
	}
	if res2, _ := h.get(t, "GET", "/feeds/show.json", "If-None-Match: "+res.Header.Get("Etag")); res2.StatusCode != http.StatusNotModified {
		t.Errorf("with its ETag: %d, want 304", res2.StatusCode)
	}
	if res, _ := h.get(t, "GET", "/feeds/nope.json"); res.StatusCode != 404 {
		t.Errorf("unknown feed: %d", res.StatusCode)
	}
	if _, page := h.get(t, "GET", "/feeds/show/"); !strings.Contains(string(page), `href="/feeds/show.json"`) {
		t.Error("the show page does not link the JSON Feed")
	}
	// The feed doctor's panel: the test feed has no podcast:guid.
	if _, page := h.get(t, "GET", "/feeds/show/"); !strings.Contains(string(page), "Feed doctor") || !strings.Contains(string(page), "podcast-guid-missing") {
		t.Error("the show page has no feed doctor panel naming podcast-guid-missing")
	}
}
