package proxy

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/recast-podcast/recast/cache/memory"
	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/fetch"
)

var openKey = []byte("0123456789abcdef0123456789abcdef")

// openUpstream is a loopback feed server that counts its requests.
type openUpstream struct {
	*httptest.Server
	hits atomic.Int32
}

func newOpenUpstream(t *testing.T) *openUpstream {
	u := &openUpstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.hits.Add(1)
		w.Write([]byte(strings.Replace(smallFeed, "Test Show", "Show at "+r.URL.Path, 1)))
	}))
	t.Cleanup(u.Close)
	return u
}

// openHarness is a Server in open mode whose guard admits allowed only.
func openHarness(t *testing.T, store *memory.Store, allowed *openUpstream, o OpenOptions) *harness {
	t.Helper()
	cfg := config.Default()
	h := &harness{clock: &clock{t: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}}
	o.Key = openKey
	o.Feed = func(name, url string) (Feed, error) {
		return Feed{Name: name, URL: url, Key: "open:" + name, Recipe: Recipe{
			Name: name, Pipeline: &enrich.Pipeline{Enrichers: []enrich.Enricher{&runChapters{}}},
			Render: feed.RenderOptions{Mirror: true}, Prev: new(LastBuild),
		}}, nil
	}
	h.srv = New(Options{
		Freshness: freshnessOf(cfg),
		Store:     store,
		Fetch:     fetch.New(fetch.Options{AllowPrivate: true, Allow: []string{strings.TrimPrefix(allowed.URL, "http://")}, Timeout: 2 * time.Second}),
		PublicURL: "http://recast.test",
		Now:       h.clock.Now,
		Open:      &o,
	})
	t.Cleanup(func() { h.srv.Close(context.Background()) })
	h.http = httptest.NewServer(h.srv.Handler())
	t.Cleanup(h.http.Close)
	return h
}

// A signed URL on the allow-list is served, with its self link and chapter
// files under the signed prefix; a wrong signature, an unsigned URL and a
// URL the guard refuses are 403 without any request upstream.
func TestOpenMode(t *testing.T) {
	up, other := newOpenUpstream(t), newOpenUpstream(t)
	h := openHarness(t, memory.New(1<<20), up, OpenOptions{})
	path := OpenPath(openKey, up.URL+"/show.xml")

	res, body := h.get(t, "GET", path)
	if res.StatusCode != 200 || !strings.Contains(string(body), "Show at /show.xml") {
		t.Fatalf("signed feed: %d %.200s", res.StatusCode, body)
	}
	doc, err := feed.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	if self := `href="http://recast.test` + path + `" rel="self"`; !strings.Contains(string(body), self) {
		t.Errorf("no self link at the signed URL (%s)", self)
	}
	ch := doc.Items[0].ChaptersURL
	if !strings.HasPrefix(ch, "http://recast.test"+path+"/chapters/") {
		t.Fatalf("chapters link %q is not under the signed prefix", ch)
	}
	if res, b := h.get(t, "GET", strings.TrimPrefix(ch, "http://recast.test")); res.StatusCode != 200 || !strings.Contains(string(b), `"chapters"`) {
		t.Errorf("chapters under the signed prefix: %d %s", res.StatusCode, b)
	}
	if res, _ := h.get(t, "GET", path); res.Header.Get("X-Recast-Cache") != "HIT" || up.hits.Load() != 1 {
		t.Errorf("second request: %s after %d upstream requests, want a HIT after 1", res.Header.Get("X-Recast-Cache"), up.hits.Load())
	}

	sig, enc, _ := strings.Cut(strings.TrimPrefix(path, "/open/"), "/")
	flipped := []byte(sig)
	flipped[3] ^= 1
	otherSigned := OpenPath(openKey, other.URL+"/show.xml")
	for name, p := range map[string]string{
		"a changed byte in the signature":   "/open/" + string(flipped) + "/" + enc,
		"another URL under the signature":   "/open/" + sig + "/" + strings.TrimPrefix(otherSigned, "/open/")[len(sig)+1:],
		"a signature made with another key": OpenPath([]byte("another key, also 32 characters!"), up.URL+"/new.xml"),
		"the signature's chapters path":     "/open/" + string(flipped) + "/" + enc + "/chapters/x.json",
		"a URL that is not base64":          "/open/" + sig + "/not*base64",
	} {
		if res, body := h.get(t, "GET", p); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d %s, want 403", name, res.StatusCode, body)
		}
	}
	res, body = h.get(t, "GET", otherSigned)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "not allowed") {
		t.Errorf("signed URL of a private address not on the allow-list: %d %s, want 403", res.StatusCode, body)
	}
	if n := other.hits.Load(); n != 0 {
		t.Errorf("the refused upstream saw %d requests", n)
	}
	if n := up.hits.Load(); n != 1 {
		t.Errorf("the allowed upstream saw %d requests after the refusals, want 1", n)
	}
	for _, p := range []string{OpenPath(openKey, "file:///etc/passwd"), OpenPath(openKey, "http://169.254.169.254/latest/meta-data/")} {
		if res, _ := h.get(t, "GET", p); res.StatusCode != http.StatusForbidden {
			t.Errorf("signed %s: %d, want 403", p, res.StatusCode)
		}
	}
}

// Without a key open mode is off: /open/ paths are 404.
func TestOpenModeOff(t *testing.T) {
	up := newOpenUpstream(t)
	h := newHarness(t, memory.New(1<<20))
	if res, _ := h.get(t, "GET", OpenPath(openKey, up.URL+"/show.xml")); res.StatusCode != http.StatusNotFound || up.hits.Load() != 0 {
		t.Errorf("open path with open mode off: %d, %d upstream requests", res.StatusCode, up.hits.Load())
	}
}

// Open feeds are bounded: past MaxFeeds the least recently requested is
// dropped, its store entry deleted.
func TestOpenModeBound(t *testing.T) {
	up := newOpenUpstream(t)
	store := memory.New(1 << 20)
	h := openHarness(t, store, up, OpenOptions{MaxFeeds: 2, ColdRate: rate.Inf})
	for i := range 3 {
		if res, _ := h.get(t, "GET", OpenPath(openKey, up.URL+"/"+strconv.Itoa(i)+".xml")); res.StatusCode != 200 {
			t.Fatalf("feed %d: %d", i, res.StatusCode)
		}
		if i == 1 {
			h.get(t, "GET", OpenPath(openKey, up.URL+"/0.xml")) // 0 is now the most recent
		}
	}
	if n := h.srv.open.feeds.Len(); n != 2 {
		t.Errorf("%d open feeds kept, want 2", n)
	}
	if h.srv.open.feeds.Contains(up.URL+"/1.xml") || !h.srv.open.feeds.Contains(up.URL+"/0.xml") {
		t.Error("the least recently requested feed (1) was not the one dropped")
	}
	waitFor(t, "the dropped feed's store entry to go", func() bool { return store.Len() == 2 })
	if res, _ := h.get(t, "GET", OpenPath(openKey, up.URL+"/1.xml")); res.StatusCode != 200 || up.hits.Load() != 4 {
		t.Errorf("a dropped feed asked again: %d after %d upstream requests, want 200 refetched", res.StatusCode, up.hits.Load())
	}
}

// Cold fetches are rate-limited per client address, with 429 and
// Retry-After; feeds that have a copy are not limited.
func TestOpenModeColdRateLimit(t *testing.T) {
	up := newOpenUpstream(t)
	h := openHarness(t, memory.New(1<<20), up, OpenOptions{ColdRate: rate.Every(time.Minute), ColdBurst: 2})
	for i := range 2 {
		if res, _ := h.get(t, "GET", OpenPath(openKey, up.URL+"/"+strconv.Itoa(i)+".xml")); res.StatusCode != 200 {
			t.Fatalf("cold feed %d within the burst: %d", i, res.StatusCode)
		}
	}
	res, body := h.get(t, "GET", OpenPath(openKey, up.URL+"/2.xml"))
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("third cold feed: %d %s, want 429", res.StatusCode, body)
	}
	if ra, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || ra < 1 || ra > 60 {
		t.Errorf("Retry-After %q, want 1..60 seconds", res.Header.Get("Retry-After"))
	}
	if up.hits.Load() != 2 {
		t.Errorf("%d upstream requests, want 2 (the limited one sent none)", up.hits.Load())
	}
	for range 5 {
		if res, _ := h.get(t, "GET", OpenPath(openKey, up.URL+"/0.xml")); res.StatusCode != 200 {
			t.Fatalf("a feed with a copy is limited: %d", res.StatusCode)
		}
	}
}

// Requests for one new open feed arriving together cost one cold fetch:
// a podcast app's burst (or a CDN edge's) is not refused.
func TestOpenModeStampede(t *testing.T) {
	up := newOpenUpstream(t)
	h := openHarness(t, memory.New(1<<20), up, OpenOptions{ColdRate: rate.Every(time.Hour), ColdBurst: 1})
	path := OpenPath(openKey, up.URL+"/stampede.xml")
	codes := make(chan int, 20)
	for range 20 {
		go func() {
			res, _ := h.get(t, "GET", path)
			codes <- res.StatusCode
		}()
	}
	for range 20 {
		if c := <-codes; c != 200 {
			t.Errorf("a request of the stampede: %d", c)
		}
	}
	if n := up.hits.Load(); n != 1 {
		t.Errorf("%d upstream requests, want 1", n)
	}
}

// Another spelling of a signed URL's base64 (a line break the decoder
// skips) is refused: it would be a second feed with links in that spelling.
func TestOpenModeCanonicalEncoding(t *testing.T) {
	up := newOpenUpstream(t)
	h := openHarness(t, memory.New(1<<20), up, OpenOptions{})
	path := OpenPath(openKey, up.URL+"/show.xml")
	i := strings.LastIndex(path, "/") + 5
	if res, _ := h.get(t, "GET", path[:i]+"%0D%0A"+path[i:]); res.StatusCode != http.StatusForbidden {
		t.Errorf("a line break inside the URL's base64: %d, want 403", res.StatusCode)
	}
	if up.hits.Load() != 0 {
		t.Errorf("%d upstream requests", up.hits.Load())
	}
}
