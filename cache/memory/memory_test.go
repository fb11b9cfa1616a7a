package memory

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/recast-podcast/recast/cache"
)

// op is one step of a scripted test: set (value non-nil), get, del, or
// advance the clock.
type op struct {
	do    string // "set", "get", "del", "wait"
	key   string
	value string
	ttl   time.Duration
	wait  time.Duration
	want  string // for get: the expected value; "" means ErrNotFound
}

func set(k, v string) op                       { return op{do: "set", key: k, value: v} }
func setTTL(k, v string, ttl time.Duration) op { return op{do: "set", key: k, value: v, ttl: ttl} }
func get(k, want string) op                    { return op{do: "get", key: k, want: want} }
func del(k string) op                          { return op{do: "del", key: k} }
func wait(d time.Duration) op                  { return op{do: "wait", wait: d} }

func TestStore(t *testing.T) {
	tests := map[string]struct {
		max      int64
		ops      []op
		wantSize int64
		wantLen  int
	}{
		"get missing": {
			max: 100, ops: []op{get("a", "")},
		},
		"set then get": {
			max: 100, ops: []op{set("a", "hello"), get("a", "hello")},
			wantSize: 6, wantLen: 1,
		},
		"evicts least recently set": {
			// each item is 1+4 = 5 bytes; three fit in 15
			max: 15, ops: []op{
				set("a", "aaaa"), set("b", "bbbb"), set("c", "cccc"), set("d", "dddd"),
				get("a", ""), get("b", "bbbb"), get("c", "cccc"), get("d", "dddd"),
			},
			wantSize: 15, wantLen: 3,
		},
		"get refreshes recency": {
			max: 15, ops: []op{
				set("a", "aaaa"), set("b", "bbbb"), set("c", "cccc"),
				get("a", "aaaa"), // b is now the oldest
				set("d", "dddd"),
				get("b", ""), get("a", "aaaa"), get("c", "cccc"), get("d", "dddd"),
			},
			wantSize: 15, wantLen: 3,
		},
		"overwrite refreshes recency": {
			max: 15, ops: []op{
				set("a", "aaaa"), set("b", "bbbb"), set("c", "cccc"),
				set("a", "AAAA"),
				set("d", "dddd"),
				get("b", ""), get("a", "AAAA"),
			},
			wantSize: 15, wantLen: 3,
		},
		"big value evicts several": {
			max: 15, ops: []op{
				set("a", "aaaa"), set("b", "bbbb"), set("c", "cccc"),
				set("e", "eeeeeeeee"), // 10 bytes: a and b must go
				get("a", ""), get("b", ""), get("c", "cccc"), get("e", "eeeeeeeee"),
			},
			wantSize: 15, wantLen: 2,
		},
		"key bytes count toward the bound": {
			max: 10, ops: []op{
				set("0123456", "abc"), // exactly 10
				get("0123456", "abc"),
				set("x", ""), // 1 more byte: evicts the first
				get("0123456", ""),
			},
			wantSize: 1, wantLen: 1,
		},
		"value larger than the bound is not stored": {
			max: 10, ops: []op{
				set("a", "aaaa"),
				set("big", "0123456789"),
				get("big", ""), get("a", "aaaa"),
			},
			wantSize: 5, wantLen: 1,
		},
		"oversized overwrite drops the old value": {
			max: 10, ops: []op{
				set("a", "aaaa"),
				set("a", "0123456789"),
				get("a", ""),
			},
			wantSize: 0, wantLen: 0,
		},
		"overwrite accounting: shrink then grow": {
			max: 100, ops: []op{
				set("k", strings.Repeat("x", 50)),
				set("k", "y"),
				set("k", strings.Repeat("z", 20)),
			},
			wantSize: 21, wantLen: 1,
		},
		"zero bound stores nothing": {
			max: 0, ops: []op{set("a", ""), get("a", "")},
		},
		"delete frees bytes": {
			max: 100, ops: []op{set("a", "aaaa"), set("b", "bb"), del("a"), del("missing"), get("a", "")},
			wantSize: 3, wantLen: 1,
		},
		"expires at ttl": {
			max: 100, ops: []op{
				setTTL("a", "v", time.Minute),
				wait(59 * time.Second), get("a", "v"),
				wait(time.Second), get("a", ""),
			},
			wantSize: 0, wantLen: 0, // the expired Get removed it
		},
		"ttl zero never expires": {
			max: 100, ops: []op{set("a", "v"), wait(1000 * time.Hour), get("a", "v")},
			wantSize: 2, wantLen: 1,
		},
		"overwrite resets ttl": {
			max: 100, ops: []op{
				setTTL("a", "v1", time.Minute),
				wait(50 * time.Second), setTTL("a", "v2", time.Minute),
				wait(50 * time.Second), get("a", "v2"),
				set("a", "v3"), wait(time.Hour), get("a", "v3"),
			},
			wantSize: 3, wantLen: 1,
		},
		"expired items still count until touched or evicted": {
			max: 10, ops: []op{
				setTTL("a", "aaaa", time.Second), set("b", "bbbb"),
				wait(time.Hour),
				set("c", "cccc"), // evicts a (oldest), expired or not
				get("b", "bbbb"), get("c", "cccc"),
			},
			wantSize: 10, wantLen: 2,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
			s := New(tc.max)
			s.Now = func() time.Time { return now }
			for i, o := range tc.ops {
				switch o.do {
				case "set":
					if err := s.Set(ctx, o.key, []byte(o.value), o.ttl); err != nil {
						t.Fatalf("op %d: Set(%q): %v", i, o.key, err)
					}
				case "get":
					got, err := s.Get(ctx, o.key)
					switch {
					case o.want == "" && !errors.Is(err, cache.ErrNotFound):
						t.Errorf("op %d: Get(%q) = %q, %v; want ErrNotFound", i, o.key, got, err)
					case o.want != "" && (err != nil || string(got) != o.want):
						t.Errorf("op %d: Get(%q) = %q, %v; want %q", i, o.key, got, err, o.want)
					}
				case "del":
					if err := s.Delete(ctx, o.key); err != nil {
						t.Fatalf("op %d: Delete(%q): %v", i, o.key, err)
					}
				case "wait":
					now = now.Add(o.wait)
				}
				if s.Size() > tc.max && tc.max > 0 {
					t.Fatalf("op %d: Size %d exceeds bound %d", i, s.Size(), tc.max)
				}
			}
			if got := s.Size(); got != tc.wantSize {
				t.Errorf("Size = %d, want %d", got, tc.wantSize)
			}
			if got := s.Len(); got != tc.wantLen {
				t.Errorf("Len = %d, want %d", got, tc.wantLen)
			}
		})
	}
}

func TestGetReturnsStoredSlice(t *testing.T) {
	ctx := context.Background()
	s := New(1 << 20)
	v := []byte("feed bytes")
	if err := s.Set(ctx, "k", v, 0); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, "k")
	if err != nil {
		t.Fatal(err)
	}
	if &got[0] != &v[0] {
		t.Errorf("Get returned a copy; want the stored slice")
	}
}

func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	const bound = 4 << 10
	s := New(bound)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 2000 {
				k := fmt.Sprintf("k%d", (i*7+g)%97)
				switch i % 3 {
				case 0:
					_ = s.Set(ctx, k, make([]byte, i%300), time.Duration(i%2)*time.Hour)
				case 1:
					if v, err := s.Get(ctx, k); err != nil && !errors.Is(err, cache.ErrNotFound) {
						t.Errorf("Get: %v", err)
					} else if err == nil && len(v) >= 300 {
						t.Errorf("Get(%q) returned %d bytes, never stored", k, len(v))
					}
				case 2:
					_ = s.Delete(ctx, k)
				}
			}
		})
	}
	wg.Wait()
	// The accounting must match the contents exactly after the storm.
	var sum int64
	s.mu.Lock()
	n := 0
	for e := s.root.next; e != &s.root; e = e.next {
		sum += int64(len(e.key) + len(e.value))
		n++
	}
	s.mu.Unlock()
	if sum != s.Size() || n != s.Len() || s.Size() > bound {
		t.Errorf("list holds %d items / %d bytes; Len %d, Size %d, bound %d", n, sum, s.Len(), s.Size(), bound)
	}
}

func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	s := New(64 << 20)
	for i := range 1000 {
		_ = s.Set(ctx, fmt.Sprintf("feed:%d", i), make([]byte, 1024), 0)
	}
	for b.Loop() {
		if _, err := s.Get(ctx, "feed:500"); err != nil {
			b.Fatal(err)
		}
	}
}
