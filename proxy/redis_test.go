package proxy

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/recast-podcast/recast/cache/redis"
	"github.com/recast-podcast/recast/config"
)

// testRedisURL returns the URL of the real Redis server scripts/test.sh
// started, skipping (or failing, under RECAST_REQUIRE_REDIS) without one.
func testRedisURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("RECAST_TEST_REDIS_URL")
	if u == "" {
		if os.Getenv("RECAST_REQUIRE_REDIS") != "" {
			t.Fatal("RECAST_REQUIRE_REDIS is set but RECAST_TEST_REDIS_URL is not")
		}
		t.Skip("SKIP: no real Redis (run scripts/test.sh, or set RECAST_TEST_REDIS_URL)")
	}
	return u
}

// startRedis starts a redis-server of the test's own, which it may kill.
func startRedis(t *testing.T) (url string, kill func()) {
	t.Helper()
	bin := os.Getenv("RECAST_REDIS_SERVER")
	if bin == "" {
		bin, _ = exec.LookPath("redis-server")
	}
	if bin == "" {
		if os.Getenv("RECAST_REQUIRE_REDIS") != "" {
			t.Fatal("redis-server not found")
		}
		t.Skip("SKIP: redis-server not installed (scripts/test.sh installs it)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	dir := t.TempDir()
	cmd := exec.Command(bin, "--bind", "127.0.0.1", "--port", fmt.Sprint(port), "--save", "", "--appendonly", "no", "--dir", dir,
		"--logfile", filepath.Join(dir, "redis.log"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	kill = func() {
		cmd.Process.Kill()
		<-done
	}
	t.Cleanup(kill)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if i == 100 {
			t.Fatalf("redis-server did not start on %s", addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return "redis://" + addr + "/0", kill
}

func newRedisStore(t *testing.T, url, prefix string) *redis.Store {
	t.Helper()
	st, err := redis.New(url, redis.Options{KeyPrefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestTwoServersShareOneRedis(t *testing.T) {
	url := testRedisURL(t)
	prefix := fmt.Sprintf("recast-test-%d:", time.Now().UnixNano())
	up := newUpstream(t, smallFeed)
	f := config.Feed{Name: "show", URL: up.URL}
	a := newHarness(t, newRedisStore(t, url, prefix), f)
	b := newHarness(t, newRedisStore(t, url, prefix), f)

	resA, bodyA := a.get(t, "GET", "/feeds/show")
	if resA.Header.Get("X-Recast-Cache") != "MISS" || up.requests.Load() != 1 {
		t.Fatalf("first server: %s, %d upstream requests", resA.Header.Get("X-Recast-Cache"), up.requests.Load())
	}
	resB, bodyB := b.get(t, "GET", "/feeds/show")
	if resB.StatusCode != 200 || resB.Header.Get("X-Recast-Cache") != "HIT" {
		t.Errorf("second server: %d %s, want 200 HIT from the shared entry", resB.StatusCode, resB.Header.Get("X-Recast-Cache"))
	}
	if n := up.requests.Load(); n != 1 {
		t.Errorf("the second server contacted upstream (%d requests)", n)
	}
	if !bytes.Equal(bodyA, bodyB) || resA.Header.Get("ETag") != resB.Header.Get("ETag") {
		t.Errorf("the servers disagree: ETags %s %s", resA.Header.Get("ETag"), resB.Header.Get("ETag"))
	}
}

func TestRedisKilledMidRunStillServes(t *testing.T) {
	url, kill := startRedis(t)
	up := newUpstream(t, smallFeed)
	h := newHarness(t, newRedisStore(t, url, "recast:"), config.Feed{Name: "show", URL: up.URL})
	if res, _ := h.get(t, "GET", "/feeds/show"); res.StatusCode != 200 {
		t.Fatalf("with Redis up: %d", res.StatusCode)
	}
	if _, b := h.get(t, "GET", "/readyz"); string(b) != "ready\n" {
		t.Errorf("readyz with Redis up: %q", b)
	}
	kill()

	// Fresh copy in memory: served as before.
	if res, _ := h.get(t, "GET", "/feeds/show"); res.StatusCode != 200 || res.Header.Get("X-Recast-Cache") != "HIT" {
		t.Errorf("after the kill: %d %s", res.StatusCode, res.Header.Get("X-Recast-Cache"))
	}
	// Expired: Redis cannot answer, upstream can.
	h.clock.Add(time.Hour)
	start := time.Now()
	res, body := h.get(t, "GET", "/feeds/show")
	if res.StatusCode != 200 || !bytes.Contains(body, []byte("ep-1")) {
		t.Errorf("expired with Redis dead: %d", res.StatusCode)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("a dead Redis stalled the request for %s", took)
	}
	if _, b := h.get(t, "GET", "/readyz"); !strings.HasPrefix(string(b), "degraded") {
		t.Errorf("readyz with Redis dead: %q, want degraded", b)
	}
}
