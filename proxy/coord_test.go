package proxy

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/recast-podcast/recast/cache"
	"github.com/recast-podcast/recast/config"
)

// replicas are n servers on one shared Redis store, as behind a load
// balancer. Each has its own clock, all starting at the same time.
func replicas(t *testing.T, n int, f config.Feed) []*harness {
	t.Helper()
	url := testRedisURL(t)
	prefix := fmt.Sprintf("recast-test-%d:", time.Now().UnixNano())
	var hs []*harness
	for range n {
		st := newRedisStore(t, url, prefix)
		if _, ok := any(st).(cache.Leaser); !ok {
			t.Fatal("cache/redis.Store is not a cache.Leaser")
		}
		hs = append(hs, newHarness(t, st, f))
	}
	return hs
}

// 99 concurrent cold requests spread over 3 replicas make one upstream
// request: one replica takes the lease, the others wait for its entry.
func TestStampedeOverReplicasIsOneUpstreamRequest(t *testing.T) {
	up := newUpstream(t, smallFeed)
	up.set(func(u *upstream) { u.delay = 300 * time.Millisecond })
	hs := replicas(t, 3, config.Feed{Name: "show", URL: up.URL})
	var wg sync.WaitGroup
	codes := make(chan int, 99)
	for i := range 99 {
		wg.Go(func() {
			res, _ := hs[i%3].get(t, "GET", "/feeds/show")
			codes <- res.StatusCode
		})
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != 200 {
			t.Errorf("a request got %d", c)
		}
	}
	if n := up.requests.Load(); n != 1 {
		t.Errorf("99 cold requests over 3 replicas made %d upstream requests, want 1", n)
	}
}

// A failure is remembered in the shared store: the other replicas leave the
// upstream alone too, and say why.
func TestFailureIsRememberedAcrossReplicas(t *testing.T) {
	up := newUpstream(t, smallFeed)
	up.set(func(u *upstream) { u.status = http.StatusGone })
	hs := replicas(t, 3, config.Feed{Name: "show", URL: up.URL})
	for i, h := range hs {
		res, body := h.get(t, "GET", "/feeds/show")
		if res.StatusCode != http.StatusGone || !strings.Contains(string(body), "does not exist") {
			t.Errorf("replica %d: %d %q, want 410 for a retired feed", i, res.StatusCode, body)
		}
	}
	if n := up.requests.Load(); n != 1 {
		t.Errorf("a failing upstream was asked %d times by 3 replicas within its backoff, want 1", n)
	}
}

// A holder that dies loses the lease when it expires; a waiting replica
// then refreshes itself.
func TestDeadHolderLosesTheLease(t *testing.T) {
	up := newUpstream(t, smallFeed)
	hs := replicas(t, 2, config.Feed{Name: "show", URL: up.URL})
	a, b := hs[0], hs[1]
	st := a.srv.feed("show")
	// a takes the lease and "dies": it never releases or renews it.
	if _, err := a.srv.opts.Store.(cache.Leaser).Lease(context.Background(), st.leaseKey, 500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, _ := b.get(t, "GET", "/feeds/show")
	if res.StatusCode != 200 || up.requests.Load() != 1 {
		t.Fatalf("b: %d after %d upstream requests", res.StatusCode, up.requests.Load())
	}
	if took := time.Since(start); took < 400*time.Millisecond || took > 3*time.Second {
		t.Errorf("b refreshed after %s; want about the lease's 500 ms", took)
	}
}

// Close cancels a refresh under way and releases its lease at once, so a
// replica that shuts down does not make the others wait out the lease.
func TestCloseReleasesTheLease(t *testing.T) {
	up := newUpstream(t, smallFeed)
	up.set(func(u *upstream) { u.delay = 3 * time.Second })
	hs := replicas(t, 2, config.Feed{Name: "show", URL: up.URL})
	a, b := hs[0], hs[1]
	go func() {
		if res, err := http.Get(a.http.URL + "/feeds/show"); err == nil {
			res.Body.Close()
		}
	}()
	waitFor(t, "a's upstream request", func() bool { return up.requests.Load() == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := a.srv.Close(ctx); err != nil {
		t.Fatal(err)
	}
	lease, err := b.srv.opts.Store.(cache.Leaser).Lease(context.Background(), b.srv.feed("show").leaseKey, time.Second)
	if err != nil {
		t.Fatalf("the lease is still held after Close: %v", err)
	}
	lease.Release(context.Background())
	// Nor did the cut-short refresh count as the upstream's failure.
	up.set(func(u *upstream) { u.delay = 0 })
	if res, _ := b.get(t, "GET", "/feeds/show"); res.StatusCode != 200 || res.Header.Get("X-Recast-Cache") != "MISS" {
		t.Errorf("after a's shutdown b got %d %s, want a fetch of its own", res.StatusCode, res.Header.Get("X-Recast-Cache"))
	}
}

// A purge on one replica reaches the others through Redis pub/sub: each
// drops its copy in memory, so none serves the purged copy on.
func TestPurgeReachesEveryReplica(t *testing.T) {
	up := newUpstream(t, smallFeed)
	hs := replicas(t, 3, config.Feed{Name: "show", URL: up.URL})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, h := range hs {
		go h.srv.Maintain(ctx)
	}
	time.Sleep(200 * time.Millisecond) // the subscriptions
	for _, h := range hs {
		h.get(t, "GET", "/feeds/show")
	}
	if n := up.requests.Load(); n != 1 {
		t.Fatalf("3 replicas warming up made %d upstream requests, want 1", n)
	}
	for i, h := range hs {
		if res, _ := h.get(t, "GET", "/feeds/show"); res.Header.Get("X-Recast-Cache") != "HIT" {
			t.Fatalf("replica %d before the purge: %s, want HIT", i, res.Header.Get("X-Recast-Cache"))
		}
	}
	rec := httptest.NewRecorder()
	hs[0].srv.purge(rec, httptest.NewRequest("POST", "/admin/purge/show", nil), hs[0].srv.feed("show"))
	if !strings.Contains(rec.Body.String(), `"replicas_told":true`) {
		t.Fatalf("purge answer %s: want replicas_told", rec.Body)
	}
	for i, h := range hs[1:] {
		waitFor(t, fmt.Sprintf("replica %d to drop its copy", i+1), func() bool { return h.srv.feed("show").cur.Load() == nil })
	}
	res, _ := hs[2].get(t, "GET", "/feeds/show")
	if res.StatusCode != 200 || res.Header.Get("X-Recast-Cache") != "MISS" || up.requests.Load() != 2 {
		t.Errorf("after the purge, another replica: %d %s with %d upstream requests; want a new fetch",
			res.StatusCode, res.Header.Get("X-Recast-Cache"), up.requests.Load())
	}
	// The sender does not act on its own message; a stranger's is ignored.
	hs[0].srv.purged(purgeMessage(hs[0].srv.id, hs[0].srv.feed("show").entryKey))
	hs[0].get(t, "GET", "/feeds/show")
	hs[0].srv.purged([]byte("garbage"))
	if hs[0].srv.feed("show").cur.Load() == nil {
		t.Error("its own purge message or garbage dropped a copy")
	}
}
