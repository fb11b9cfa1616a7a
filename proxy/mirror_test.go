package proxy

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/recast-podcast/recast/cache/memory"
	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/fetch"
)

// In mirror mode recast does not pass itunes:new-feed-url on (it would move
// subscribers off recast); it follows it upstream itself.
func TestMirrorFollowsNewFeedURL(t *testing.T) {
	var oldHits, newHits atomic.Int32
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("/old.xml", func(w http.ResponseWriter, r *http.Request) {
		oldHits.Add(1)
		w.Write([]byte(strings.Replace(smallFeed, "<title>Test Show</title>",
			"<title>Test Show</title>\n    <itunes:new-feed-url>"+srv.URL+"/new.xml</itunes:new-feed-url>", 1)))
	})
	mux.HandleFunc("/new.xml", func(w http.ResponseWriter, r *http.Request) {
		newHits.Add(1)
		w.Write([]byte(strings.Replace(smallFeed, "Episode 1", "Episode 1 (moved)", 1)))
	})
	srv = httptest.NewServer(mux)
	defer srv.Close()

	h := newHarness(t, memory.New(1<<20), config.Feed{Name: "show", URL: srv.URL + "/old.xml", Mode: config.ModeMirror})
	res, body := h.get(t, "GET", "/feeds/show")
	if res.StatusCode != 200 {
		t.Fatalf("%d", res.StatusCode)
	}
	if bytes.Contains(body, []byte("new-feed-url")) {
		t.Error("mirror passed itunes:new-feed-url on")
	}
	if !bytes.Contains(body, []byte("<itunes:block>Yes</itunes:block>")) {
		t.Error("mirror did not add itunes:block")
	}
	if cc := res.Header.Get("Cache-Control"); !strings.HasPrefix(cc, "public, max-age=60,") {
		t.Errorf("the copy from the old URL is advertised as fresh for its TTL: %q", cc)
	}
	// The next request is served the old copy while the new URL is fetched.
	if res, _ := h.get(t, "GET", "/feeds/show"); res.Header.Get("X-Recast-Cache") != "REVALIDATING" {
		t.Errorf("second request: %s, want REVALIDATING", res.Header.Get("X-Recast-Cache"))
	}
	waitFor(t, "the new URL's copy", func() bool {
		return bytes.Contains(h.srv.feed("show").cur.Load().identity, []byte("Episode 1 (moved)"))
	})
	_, body = h.get(t, "GET", "/feeds/show")
	if !bytes.Contains(body, []byte("Episode 1 (moved)")) || newHits.Load() != 1 {
		t.Errorf("third request did not come from the new URL (new hits %d)", newHits.Load())
	}
	h.clock.Add(11 * 60e9)
	h.get(t, "GET", "/feeds/show") // stale within stale_while_revalidate: refreshed in the background
	waitFor(t, "the refresh after the TTL", func() bool { return newHits.Load() >= 2 })
	if oldHits.Load() != 1 || newHits.Load() != 2 {
		t.Errorf("after the TTL: old URL asked %d times, new %d; want 1 and 2", oldHits.Load(), newHits.Load())
	}

	// A publisher passes everything through.
	p := newHarness(t, memory.New(1<<20), config.Feed{Name: "show", URL: srv.URL + "/old.xml"})
	if _, body := p.get(t, "GET", "/feeds/show"); !bytes.Contains(body, []byte("new-feed-url")) || bytes.Contains(body, []byte("itunes:block")) {
		t.Error("publisher mode changed the channel")
	}
}

// A mirror follows a new-feed-url at once only once per freshness period:
// feeds that point at each other, or at a URL that redirects back, must not
// turn every request into upstream requests.
func TestMirrorNewFeedURLLoopIsNotRefetchedPerRequest(t *testing.T) {
	tests := map[string]func(w http.ResponseWriter, r *http.Request, base string){
		"a and b point at each other": func(w http.ResponseWriter, r *http.Request, base string) {
			other := map[string]string{"/a.xml": "/b.xml", "/b.xml": "/a.xml"}[r.URL.Path]
			w.Write([]byte(strings.Replace(smallFeed, "<title>Test Show</title>",
				"<title>Test Show</title><itunes:new-feed-url>"+base+other+"</itunes:new-feed-url>", 1)))
		},
		"new-feed-url redirects back": func(w http.ResponseWriter, r *http.Request, base string) {
			if r.URL.Path == "/b.xml" {
				http.Redirect(w, r, base+"/a.xml", http.StatusMovedPermanently)
				return
			}
			w.Write([]byte(strings.Replace(smallFeed, "<title>Test Show</title>",
				"<title>Test Show</title><itunes:new-feed-url>"+base+"/b.xml</itunes:new-feed-url>", 1)))
		},
	}
	for name, handle := range tests {
		t.Run(name, func(t *testing.T) {
			var hits atomic.Int32
			var srv *httptest.Server
			srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				handle(w, r, srv.URL)
			}))
			defer srv.Close()
			h := newHarness(t, memory.New(1<<20), config.Feed{Name: "show", URL: srv.URL + "/a.xml", Mode: config.ModeMirror})
			for range 6 {
				if res, _ := h.get(t, "GET", "/feeds/show"); res.StatusCode != 200 {
					t.Fatalf("status %d", res.StatusCode)
				}
			}
			if n := hits.Load(); n > 3 {
				t.Errorf("6 requests within the TTL made %d upstream requests, want at most 3", n)
			}
		})
	}
}

// Following a move is a setting: with follow_moves off a mirror keeps its
// URL, and logs the declined move once; with it on, a move to another host
// passes the private-network guard (here a private address: not followed,
// never asked).
func TestMirrorMoveDecision(t *testing.T) {
	for _, c := range []struct {
		name   string
		follow bool
		target func(base string) string
		want   string // logged why
	}{
		{"follow_moves off", false, func(base string) string { return base + "/new.xml" }, "follow_moves is off"},
		{"private address", true, func(string) string { return "http://10.9.8.7/new.xml" }, "private-network guard"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var oldHits, newHits atomic.Int32
			var srv *httptest.Server
			srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/new.xml" {
					newHits.Add(1)
				} else {
					oldHits.Add(1)
				}
				w.Write([]byte(strings.Replace(smallFeed, "<title>Test Show</title>",
					"<title>Test Show</title><itunes:new-feed-url>"+c.target(srv.URL)+"</itunes:new-feed-url>", 1)))
			}))
			defer srv.Close()
			follow := c.follow
			h := newHarness(t, memory.New(1<<20), config.Feed{Name: "show", URL: srv.URL + "/old.xml", Mode: config.ModeMirror, FollowMoves: &follow})
			var logged syncBuffer
			h.srv.log = slog.New(slog.NewTextHandler(&logged, nil))
			res, body := h.get(t, "GET", "/feeds/show")
			if res.StatusCode != 200 || bytes.Contains(body, []byte("new-feed-url")) {
				t.Fatalf("%d; new-feed-url passed on: %v", res.StatusCode, bytes.Contains(body, []byte("new-feed-url")))
			}
			if cc := res.Header.Get("Cache-Control"); !strings.HasPrefix(cc, "public, max-age=600,") {
				t.Errorf("a copy whose move is declined is fresh for its TTL; Cache-Control %q", cc)
			}
			h.clock.Add(11 * time.Minute)
			h.get(t, "GET", "/feeds/show")
			waitFor(t, "the refresh after the TTL", func() bool { return oldHits.Load() >= 2 })
			if newHits.Load() != 0 {
				t.Errorf("the declined URL was asked %d times", newHits.Load())
			}
			if n := strings.Count(logged.String(), "not following"); n != 1 || !strings.Contains(logged.String(), c.want) {
				t.Errorf("declined move logged %d times, want once naming %q:\n%s", n, c.want, logged.String())
			}
		})
	}
}

// A permanent redirect to another host is remembered only when the guard
// lets the new URL through; a private feed's query credentials are never
// remembered (nor stored) with it.
func TestPermanentRedirectDecision(t *testing.T) {
	var newHits atomic.Int32
	newHost := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		newHits.Add(1)
		w.Write([]byte(smallFeed))
	}))
	defer newHost.Close()
	var oldHits atomic.Int32
	oldHost := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		oldHits.Add(1)
		http.Redirect(w, r, newHost.URL+"/feed.xml?"+r.URL.RawQuery, http.StatusMovedPermanently)
	}))
	defer oldHost.Close()
	for _, c := range []struct {
		name     string
		allow    []string
		remember bool
	}{
		{"the new host is private, not listed", nil, false},
		{"the new host is allowed", []string{strings.TrimPrefix(newHost.URL, "http://")}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			oldHits.Store(0)
			newHits.Store(0)
			cfg := config.Default()
			store := memory.New(1 << 20)
			clk := &clock{t: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
			srv := New(Options{
				Feeds: []Feed{{Name: "members", URL: oldHost.URL + "/feed.xml", Key: "members:" + c.name, FollowMoves: true,
					Auth:   &fetch.Auth{Query: url.Values{"key": {"S3CRET-Q"}}},
					Recipe: Recipe{Name: "members", Prev: new(LastBuild)}}},
				Freshness: freshnessOf(cfg),
				Store:     store,
				Fetch:     fetch.New(fetch.Options{AllowPrivate: true, Allow: c.allow, Timeout: 2 * time.Second}),
				Now:       clk.Now,
			})
			defer srv.Close(context.Background())
			h := &harness{srv: srv, http: httptest.NewServer(srv.Handler()), clock: clk}
			defer h.http.Close()
			if res, _ := h.get(t, "GET", "/feeds/members"); res.StatusCode != 200 {
				t.Fatalf("first fetch: %d", res.StatusCode)
			}
			st := srv.feed("members")
			st.mu.Lock()
			moved := st.movedTo
			st.mu.Unlock()
			if strings.Contains(moved, "S3CRET") {
				t.Errorf("the remembered URL holds the query credential: %s", moved)
			}
			if (moved != "") != c.remember {
				t.Errorf("remembered %q, want remembered %v", moved, c.remember)
			}
			b, _ := store.Get(context.Background(), st.entryKey)
			if bytes.Contains(b, []byte("S3CRET")) {
				t.Error("the stored entry holds the query credential")
			}
			clk.Add(11 * time.Minute)
			h.get(t, "GET", "/feeds/members")
			waitFor(t, "the refresh after the TTL", func() bool { return newHits.Load() >= 2 })
			if res, _ := h.get(t, "GET", "/feeds/members"); res.StatusCode != 200 {
				t.Errorf("after the refresh: %d", res.StatusCode)
			}
			wantOld := int32(2)
			if c.remember {
				wantOld = 1 // the new URL is asked directly
			}
			if oldHits.Load() != wantOld {
				t.Errorf("the configured URL was asked %d times, want %d", oldHits.Load(), wantOld)
			}
		})
	}
}

// A reload that changes only credentials or follow_moves applies them and
// keeps the copy served.
func TestReloadAppliesSettingsOutsideTheKey(t *testing.T) {
	up := newOpenUpstream(t)
	f := Feed{Name: "show", URL: up.URL + "/show.xml", Key: "show", Recipe: Recipe{Name: "show", Prev: new(LastBuild)}}
	srv := New(Options{Feeds: []Feed{f}, Fetch: fetch.New(fetch.Options{AllowPrivate: true})})
	defer srv.Close(context.Background())
	h := &harness{srv: srv, http: httptest.NewServer(srv.Handler())}
	defer h.http.Close()
	h.get(t, "GET", "/feeds/show")
	before := srv.feed("show").cur.Load()
	f.Auth, f.FollowMoves = &fetch.Auth{Username: "new-user", Password: "new-pass"}, true
	srv.Reload([]Feed{f})
	st := srv.feed("show")
	if st.Auth == nil || st.Auth.Username != "new-user" || !st.FollowMoves {
		t.Errorf("after the reload: auth %+v, follow %v", st.Auth, st.FollowMoves)
	}
	if st.cur.Load() != before || before == nil {
		t.Error("the reload dropped the copy")
	}
}
