package redis

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/recast-podcast/recast/cache"
)

// testURL returns the real Redis to test against (RECAST_TEST_REDIS_URL),
// skipping visibly when there is none, or failing when RECAST_REQUIRE_REDIS=1
// (CI).
func testURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("RECAST_TEST_REDIS_URL")
	if u == "" {
		msg := "SKIP: no Redis to test against: set RECAST_TEST_REDIS_URL (e.g. redis://127.0.0.1:6391/0)"
		if os.Getenv("RECAST_REQUIRE_REDIS") == "1" {
			t.Fatal(msg + " (RECAST_REQUIRE_REDIS=1)")
		}
		t.Skip(msg)
	}
	return u
}

// newTestStore returns a Store on the test Redis with a prefix of its own,
// closed at the end of the test.
func newTestStore(t *testing.T, opts Options) *Store {
	t.Helper()
	if opts.KeyPrefix == "" {
		opts.KeyPrefix = fmt.Sprintf("recast-test:%d:%s:", time.Now().UnixNano(), t.Name())
	}
	s, err := New(testURL(t), opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t, Options{})
	big := make([]byte, 5<<20)
	for i := range big {
		big[i] = byte(i * 7 / 3)
	}
	tests := map[string][]byte{
		"multi-MB value": big,
		"binary":         {0, 0xff, '\r', '\n', '$', '*'},
		"empty":          {},
	}
	for name, v := range tests {
		t.Run(name, func(t *testing.T) {
			t.Cleanup(func() { _ = s.Delete(ctx, name) })
			if err := s.Set(ctx, name, v, time.Minute); err != nil {
				t.Fatalf("Set: %v", err)
			}
			got, err := s.Get(ctx, name)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if !bytes.Equal(got, v) {
				t.Fatalf("Get returned %d bytes, different from the %d stored", len(got), len(v))
			}
		})
	}
}

func TestNotFoundAndDelete(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t, Options{})
	if _, err := s.Get(ctx, "never-set"); !errors.Is(err, cache.ErrNotFound) {
		t.Fatalf("Get of a missing key: %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, "never-set"); err != nil {
		t.Fatalf("Delete of a missing key: %v", err)
	}
	if err := s.Set(ctx, "k", []byte("v"), 0); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "k"); !errors.Is(err, cache.ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
	}
}

func TestTTL(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t, Options{})
	raw := rawClient(t)

	tests := map[string]struct {
		ttl        time.Duration
		wantExpiry bool
	}{
		"expires":          {ttl: time.Second, wantExpiry: true},
		"zero never":       {ttl: 0},
		"negative never":   {ttl: -time.Second},
		"sub-ms rounds up": {ttl: time.Microsecond, wantExpiry: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Cleanup(func() { _ = s.Delete(ctx, name) })
			if err := s.Set(ctx, name, []byte("v"), tc.ttl); err != nil {
				t.Fatalf("Set: %v", err)
			}
			pttl, err := raw.PTTL(ctx, s.Key(name)).Result()
			if err != nil {
				t.Fatal(err)
			}
			if !tc.wantExpiry {
				if pttl != -1 { // -1: no expiry
					t.Fatalf("PTTL = %v, want no expiry", pttl)
				}
				return
			}
			if pttl > tc.ttl+time.Millisecond {
				t.Fatalf("PTTL = %v, want <= %v", pttl, tc.ttl)
			}
			deadline := time.Now().Add(3 * time.Second)
			for {
				_, err := s.Get(ctx, name)
				if errors.Is(err, cache.ErrNotFound) {
					return
				}
				if err != nil {
					t.Fatalf("Get: %v", err)
				}
				if time.Now().After(deadline) {
					t.Fatalf("key still present %v after Set with ttl %v", 3*time.Second, tc.ttl)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
}

func TestKeyPrefix(t *testing.T) {
	ctx := context.Background()
	base := fmt.Sprintf("recast-test:%d:", time.Now().UnixNano())
	a := newTestStore(t, Options{KeyPrefix: base + "a:"})
	b := newTestStore(t, Options{KeyPrefix: base + "b:"})
	raw := rawClient(t)
	t.Cleanup(func() { _ = a.Delete(ctx, "feed") })

	if err := a.Set(ctx, "feed", []byte("from a"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if got, err := raw.Get(ctx, base+"a:feed").Result(); err != nil || got != "from a" {
		t.Fatalf("raw GET %sa:feed = %q, %v; want the value under the prefixed key", base, got, err)
	}
	if _, err := b.Get(ctx, "feed"); !errors.Is(err, cache.ErrNotFound) {
		t.Fatalf("store with another prefix saw the key: %v", err)
	}

	d, err := New(testURL(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got := d.Key("feed"); got != "recast:feed" {
		t.Errorf("default prefix: Key(feed) = %q, want recast:feed", got)
	}
}

func TestCheck(t *testing.T) {
	s := newTestStore(t, Options{})
	if err := s.Check(context.Background()); err != nil {
		t.Fatalf("Check: %v", err)
	}
}

func rawClient(t *testing.T) *goredis.Client {
	t.Helper()
	o, err := goredis.ParseURL(testURL(t))
	if err != nil {
		t.Fatal(err)
	}
	c := goredis.NewClient(o)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// deadAddr returns a 127.0.0.1 address nothing listens on.
func deadAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// stalledAddr returns the address of a listener that accepts connections
// and never answers, like a Redis stuck in a long command.
func stalledAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
			close(done)
		}()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() { l.Close(); <-done })
	return l.Addr().String()
}

// TestUnreachable needs no Redis: a Store whose Redis is dead or stalled
// must fail fast, with an error that is not ErrNotFound.
func TestUnreachable(t *testing.T) {
	tests := map[string]func(*testing.T) string{
		"nothing listening": deadAddr,
		"never answers":     stalledAddr,
	}
	ops := map[string]func(context.Context, *Store) error{
		"Get": func(ctx context.Context, s *Store) error {
			_, err := s.Get(ctx, "k")
			return err
		},
		"Set": func(ctx context.Context, s *Store) error {
			return s.Set(ctx, "k", []byte("v"), time.Minute)
		},
		"Delete": func(ctx context.Context, s *Store) error { return s.Delete(ctx, "k") },
		"Check":  func(ctx context.Context, s *Store) error { return s.Check(ctx) },
	}
	for name, addr := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := New("redis://"+addr(t)+"/0", Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for opName, op := range ops {
				start := time.Now()
				err := op(context.Background(), s)
				took := time.Since(start)
				switch {
				case err == nil:
					t.Errorf("%s succeeded against a dead Redis", opName)
				case errors.Is(err, cache.ErrNotFound):
					t.Errorf("%s: %v; want an error other than ErrNotFound", opName, err)
				case !strings.HasPrefix(err.Error(), "cache/redis: "):
					t.Errorf("%s: error %q lacks the cache/redis: prefix", opName, err)
				}
				if took > 2*time.Second {
					t.Errorf("%s took %v to fail, want under 2s", opName, took)
				}
				t.Logf("%s failed in %v: %v", opName, took.Round(time.Millisecond), err)
			}
		})
	}
}

func TestNewURLs(t *testing.T) {
	tests := map[string]struct {
		url     string
		opts    Options
		cluster bool
		addrs   []string
		db      int
		tls     bool
		dial    time.Duration
		read    time.Duration
		wantErr string // substring; "" = success
	}{
		"plain": {
			url: "redis://127.0.0.1:6391/2", addrs: []string{"127.0.0.1:6391"}, db: 2,
			dial: DefaultDialTimeout, read: DefaultReadTimeout,
		},
		"default port": {
			url: "redis://cache.internal", addrs: []string{"cache.internal:6379"},
			dial: DefaultDialTimeout, read: DefaultReadTimeout,
		},
		"tls": {
			url: "rediss://user:secret@redis.example.com:6380", addrs: []string{"redis.example.com:6380"}, tls: true,
			dial: DefaultDialTimeout, read: DefaultReadTimeout,
		},
		"unix": {
			url: "unix:///run/redis/redis.sock?db=3", addrs: []string{"/run/redis/redis.sock"}, db: 3,
			dial: DefaultDialTimeout, read: DefaultReadTimeout,
		},
		"url timeout kept": {
			url: "redis://127.0.0.1:6391?dial_timeout=3s", addrs: []string{"127.0.0.1:6391"},
			dial: 3 * time.Second, read: DefaultReadTimeout,
		},
		"option overrides url": {
			url: "redis://127.0.0.1:6391?read_timeout=3s", opts: Options{ReadTimeout: 2 * time.Second},
			addrs: []string{"127.0.0.1:6391"}, dial: DefaultDialTimeout, read: 2 * time.Second,
		},
		"cluster scheme": {
			url: "redis+cluster://10.0.0.1:7000?addr=10.0.0.2:7000&addr=10.0.0.3:7000", cluster: true,
			addrs: []string{"10.0.0.1:7000", "10.0.0.2:7000", "10.0.0.3:7000"},
			dial:  DefaultDialTimeout, read: DefaultReadTimeout,
		},
		"cluster tls": {
			url: "rediss+cluster://a:7000", cluster: true, tls: true, addrs: []string{"a:7000"},
			dial: DefaultDialTimeout, read: DefaultReadTimeout,
		},
		"cluster by addr params": {
			url: "redis://a:7000?addr=b:7000", cluster: true, addrs: []string{"a:7000", "b:7000"},
			dial: DefaultDialTimeout, read: DefaultReadTimeout,
		},
		"bad scheme":        {url: "memcached://a:11211", wantErr: `unsupported scheme "memcached"`},
		"unix cluster":      {url: "unix:///s.sock?addr=x:1", wantErr: "unix socket"},
		"bad db":            {url: "redis://a/notanumber", wantErr: "invalid database number"},
		"unknown option":    {url: "redis://a?frobnicate=1", wantErr: "frobnicate"},
		"password redacted": {url: "redis://u:hunter2@a?frobnicate=1", wantErr: "xxxxx"},
		"unparsable":        {url: "redis://u:hunter2@a:port:x", wantErr: "bad URL"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := New(tc.url, tc.opts)
			if tc.wantErr != "" {
				if err == nil {
					s.Close()
					t.Fatalf("New accepted %s", tc.url)
				}
				if !strings.Contains(err.Error(), tc.wantErr) || !strings.HasPrefix(err.Error(), "cache/redis: ") {
					t.Errorf("error %q: want the cache/redis: prefix and %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "hunter2") {
					t.Errorf("error %q shows the password", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			defer s.Close()
			var (
				addrs      []string
				db         int
				tls        bool
				dial, read time.Duration
				retries    int
			)
			switch c := s.rdb.(type) {
			case *goredis.ClusterClient:
				o := c.Options()
				addrs, tls, dial, read, retries = o.Addrs, o.TLSConfig != nil, o.DialTimeout, o.ReadTimeout, o.MaxRedirects
			case *goredis.Client:
				o := c.Options()
				addrs, db, tls, dial, read, retries = []string{o.Addr}, o.DB, o.TLSConfig != nil, o.DialTimeout, o.ReadTimeout, o.MaxRetries
			}
			_, isCluster := s.rdb.(*goredis.ClusterClient)
			if isCluster != tc.cluster {
				t.Errorf("cluster = %v, want %v", isCluster, tc.cluster)
			}
			if fmt.Sprint(addrs) != fmt.Sprint(tc.addrs) || db != tc.db || tls != tc.tls {
				t.Errorf("got addrs %v db %d tls %v; want %v %d %v", addrs, db, tls, tc.addrs, tc.db, tc.tls)
			}
			if dial != tc.dial || read != tc.read {
				t.Errorf("timeouts: dial %v read %v; want %v %v", dial, read, tc.dial, tc.read)
			}
			if retries != 1 {
				t.Errorf("retries = %d, want 1", retries)
			}
		})
	}
}

func TestLease(t *testing.T) {
	prefix := fmt.Sprintf("recast-test:%d:lease:", time.Now().UnixNano())
	a, b := newTestStore(t, Options{KeyPrefix: prefix}), newTestStore(t, Options{KeyPrefix: prefix})
	ctx := context.Background()
	key := fmt.Sprintf("{lease-test-%d}:lease", time.Now().UnixNano())
	la, err := a.Lease(ctx, key, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Lease(ctx, key, time.Second); !errors.Is(err, cache.ErrLeaseHeld) {
		t.Fatalf("second lease: %v, want ErrLeaseHeld", err)
	}
	// Extended, it outlives its first ttl.
	time.Sleep(200 * time.Millisecond)
	if err := la.Extend(ctx, 300*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if _, err := b.Lease(ctx, key, time.Second); !errors.Is(err, cache.ErrLeaseHeld) {
		t.Fatalf("after Extend: %v, want ErrLeaseHeld", err)
	}
	// Not extended, it expires; the old holder's Extend fails and its
	// Release leaves the new holder's lease alone.
	time.Sleep(400 * time.Millisecond)
	lb, err := b.Lease(ctx, key, time.Second)
	if err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	if err := la.Extend(ctx, time.Second); !errors.Is(err, cache.ErrLeaseLost) {
		t.Errorf("Extend of a lost lease: %v, want ErrLeaseLost", err)
	}
	if err := la.Release(ctx); err != nil {
		t.Errorf("Release of a lost lease: %v", err)
	}
	if _, err := a.Lease(ctx, key, time.Second); !errors.Is(err, cache.ErrLeaseHeld) {
		t.Errorf("the old holder's Release freed the new holder's lease: %v", err)
	}
	if err := lb.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Lease(ctx, key, time.Second); err != nil {
		t.Errorf("after Release: %v", err)
	}
}

func TestPublishSubscribe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pub := newTestStore(t, Options{})
	sub, err := New(testURL(t), Options{KeyPrefix: pub.Key("")})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	got := make(chan string, 4)
	if err := sub.Subscribe(ctx, "purge", func(m []byte) { got <- string(m) }); err != nil {
		t.Fatal(err)
	}
	other, err := New(testURL(t), Options{KeyPrefix: "another-prefix:"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.Publish(ctx, "purge", []byte("not for us")); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"one", "two"} {
		if err := pub.Publish(ctx, "purge", []byte(m)); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"one", "two"} {
		select {
		case m := <-got:
			if m != want {
				t.Errorf("message %q, want %q (another prefix's channel must not reach it)", m, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no message %q", want)
		}
	}
	cancel()
	time.Sleep(100 * time.Millisecond)
	pub.Publish(context.Background(), "purge", []byte("after cancel"))
	select {
	case m := <-got:
		t.Errorf("message %q after the subscription's context ended", m)
	case <-time.After(200 * time.Millisecond):
	}
}
