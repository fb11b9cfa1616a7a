package disk

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/recast-podcast/recast/cache"
)

// op is one step of a scripted test.
type op struct {
	do    string // "set", "get", "del", "wait", "sweep", "reopen"
	key   string
	value string
	ttl   time.Duration
	wait  time.Duration
	want  string // for get: the expected value; "" means ErrNotFound
	n     int    // for sweep: keys removed
}

func set(k, v string) op                       { return op{do: "set", key: k, value: v} }
func setTTL(k, v string, ttl time.Duration) op { return op{do: "set", key: k, value: v, ttl: ttl} }
func get(k, want string) op                    { return op{do: "get", key: k, want: want} }
func del(k string) op                          { return op{do: "del", key: k} }
func wait(d time.Duration) op                  { return op{do: "wait", wait: d} }
func sweep(n int) op                           { return op{do: "sweep", n: n} }
func reopen() op                               { return op{do: "reopen"} }

func open(t testing.TB, dir string, opts Options) *Store {
	t.Helper()
	s, err := Open(dir, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestStore(t *testing.T) {
	tests := map[string]struct {
		max      int64
		ops      []op
		wantSize int64
		wantLen  int
	}{
		"get missing": {
			ops: []op{get("a", "")},
		},
		"set then get": {
			ops:      []op{set("a", "hello"), get("a", "hello")},
			wantSize: 6, wantLen: 1,
		},
		"overwrite": {
			ops:      []op{set("a", "one"), set("a", "three"), get("a", "three")},
			wantSize: 6, wantLen: 1,
		},
		"delete": {
			ops:      []op{set("a", "aaaa"), set("b", "bb"), del("a"), del("missing"), get("a", ""), get("b", "bb")},
			wantSize: 3, wantLen: 1,
		},
		"unbounded keeps everything": {
			ops: []op{
				set("a", strings.Repeat("a", 1000)), set("b", strings.Repeat("b", 1000)),
				get("a", strings.Repeat("a", 1000)),
			},
			wantSize: 2002, wantLen: 2,
		},
		"evicts oldest written": {
			// each item is 1+4 = 5 bytes; three fit in 15
			max: 15, ops: []op{
				set("a", "aaaa"), set("b", "bbbb"), set("c", "cccc"), set("d", "dddd"),
				get("a", ""), get("b", "bbbb"), get("c", "cccc"), get("d", "dddd"),
			},
			wantSize: 15, wantLen: 3,
		},
		"get does not refresh": {
			max: 15, ops: []op{
				set("a", "aaaa"), set("b", "bbbb"), set("c", "cccc"),
				get("a", "aaaa"), // still the oldest written
				set("d", "dddd"),
				get("a", ""), get("b", "bbbb"),
			},
			wantSize: 15, wantLen: 3,
		},
		"overwrite makes it newest": {
			max: 15, ops: []op{
				set("a", "aaaa"), set("b", "bbbb"), set("c", "cccc"),
				set("a", "AAAA"),
				set("d", "dddd"),
				get("b", ""), get("a", "AAAA"), get("c", "cccc"),
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
		"value larger than the bound is not stored": {
			max: 10, ops: []op{
				set("a", "aaaa"),
				set("big", "0123456789"),
				get("big", ""), get("a", "aaaa"),
			},
			wantSize: 5, wantLen: 1,
		},
		"oversized overwrite drops the old value": {
			max: 10, ops: []op{set("a", "aaaa"), set("a", "0123456789"), get("a", "")},
		},
		"eviction order survives reopen": {
			max: 15, ops: []op{
				set("a", "aaaa"), set("b", "bbbb"), set("c", "cccc"),
				reopen(),
				set("d", "dddd"),
				get("a", ""), get("b", "bbbb"), get("d", "dddd"),
			},
			wantSize: 15, wantLen: 3,
		},
		"expires at ttl": {
			ops: []op{
				setTTL("a", "v", time.Minute),
				wait(59 * time.Second), get("a", "v"),
				wait(time.Second), get("a", ""),
			},
			wantSize: 2, wantLen: 1, // Get does not delete; Sweep does
		},
		"sweep removes expired only": {
			ops: []op{
				setTTL("a", "v", time.Minute), setTTL("b", "v", time.Hour), set("c", "v"),
				wait(time.Minute), sweep(1), sweep(0),
				get("a", ""), get("b", "v"), get("c", "v"),
			},
			wantSize: 4, wantLen: 2,
		},
		"ttl zero never expires": {
			ops:      []op{set("a", "v"), wait(1000 * time.Hour), sweep(0), get("a", "v")},
			wantSize: 2, wantLen: 1,
		},
		"negative ttl never expires": {
			ops:      []op{setTTL("a", "v", -time.Second), wait(time.Hour), get("a", "v")},
			wantSize: 2, wantLen: 1,
		},
		"overwrite resets ttl": {
			ops: []op{
				setTTL("a", "v1", time.Minute),
				wait(50 * time.Second), setTTL("a", "v2", time.Minute),
				wait(50 * time.Second), get("a", "v2"),
				set("a", "v3"), wait(time.Hour), get("a", "v3"),
			},
			wantSize: 3, wantLen: 1,
		},
		"reopen sweeps expired": {
			ops: []op{
				setTTL("a", "v", time.Minute), set("b", "v"),
				wait(time.Hour), reopen(),
				get("a", ""), get("b", "v"),
			},
			wantSize: 2, wantLen: 1,
		},
		"expiry survives reopen": {
			ops: []op{
				setTTL("a", "v", time.Minute), reopen(),
				get("a", "v"), wait(time.Minute), get("a", ""),
			},
			wantSize: 2, wantLen: 1,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
			dir := t.TempDir()
			opts := Options{MaxBytes: tc.max, Now: func() time.Time { return now }}
			s := open(t, dir, opts)
			for i, o := range tc.ops {
				switch o.do {
				case "set":
					if err := s.Set(ctx, o.key, []byte(o.value), o.ttl); err != nil {
						t.Fatalf("op %d: Set(%q): %v", i, o.key, err)
					}
				case "get":
					got, err := s.Get(ctx, o.key)
					switch {
					case o.want == "":
						if !errors.Is(err, cache.ErrNotFound) {
							t.Errorf("op %d: Get(%q) = %q, %v; want ErrNotFound", i, o.key, got, err)
						}
					case err != nil || string(got) != o.want:
						t.Errorf("op %d: Get(%q) = %q, %v; want %q", i, o.key, got, err, o.want)
					}
				case "del":
					if err := s.Delete(ctx, o.key); err != nil {
						t.Fatalf("op %d: Delete(%q): %v", i, o.key, err)
					}
				case "wait":
					now = now.Add(o.wait)
				case "sweep":
					if n, err := s.Sweep(ctx); err != nil || n != o.n {
						t.Errorf("op %d: Sweep = %d, %v; want %d", i, n, err, o.n)
					}
				case "reopen":
					if err := s.Close(); err != nil {
						t.Fatalf("op %d: Close: %v", i, err)
					}
					s = open(t, dir, opts)
				}
				if tc.max > 0 && s.Size() > tc.max {
					t.Fatalf("op %d: Size %d exceeds bound %d", i, s.Size(), tc.max)
				}
			}
			if got := s.Size(); got != tc.wantSize {
				t.Errorf("Size = %d, want %d", got, tc.wantSize)
			}
			if got := s.Len(); got != tc.wantLen {
				t.Errorf("Len = %d, want %d", got, tc.wantLen)
			}
			checkCounts(t, s)
		})
	}
}

// checkCounts compares Len and Size with what the file holds, counted
// afresh, and checks that the order bucket indexes exactly the values.
func checkCounts(t *testing.T, s *Store) {
	t.Helper()
	fresh := &Store{db: s.db, file: s.file}
	if err := fresh.init(); err != nil {
		t.Fatalf("init: %v", err)
	}
	if fresh.Len() != s.Len() || fresh.Size() != s.Size() {
		t.Errorf("file holds %d keys / %d bytes; Len %d, Size %d", fresh.Len(), fresh.Size(), s.Len(), s.Size())
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		values, order := tx.Bucket(valuesBucket), tx.Bucket(orderBucket)
		if nv, no := values.Stats().KeyN, order.Stats().KeyN; nv != no {
			return fmt.Errorf("%d values, %d order entries", nv, no)
		}
		return order.ForEach(func(seq, k []byte) error {
			h, ok := parseHeader(values.Get(k))
			if !ok || h.seq != binary.BigEndian.Uint64(seq) {
				return fmt.Errorf("order entry %x -> %q: value header %+v, %t", seq, k, h, ok)
			}
			return nil
		})
	})
	if err != nil {
		t.Error(err)
	}
}

func TestEmptyValue(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir(), Options{})
	if err := s.Set(ctx, "a", nil, 0); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(ctx, "a"); err != nil || len(got) != 0 {
		t.Errorf("Get = %q, %v; want empty, nil", got, err)
	}
	if s.Len() != 1 || s.Size() != 1 {
		t.Errorf("Len %d, Size %d; want 1, 1", s.Len(), s.Size())
	}
}

func TestBadKey(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir(), Options{})
	for name, key := range map[string]string{"empty": "", "over 32 KB": strings.Repeat("k", 40000)} {
		t.Run(name, func(t *testing.T) {
			if err := s.Set(ctx, key, []byte("v"), 0); err == nil {
				t.Errorf("Set: nil error")
			}
			if s.Len() != 0 || s.Size() != 0 {
				t.Errorf("Len %d, Size %d after a failed Set", s.Len(), s.Size())
			}
		})
	}
	// A failed write degrades Check until a write succeeds.
	if err := s.Check(ctx); err == nil {
		t.Errorf("Check after a failed Set: nil")
	}
	if err := s.Set(ctx, "ok", []byte("v"), 0); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(ctx); err != nil {
		t.Errorf("Check after a good Set: %v", err)
	}
}

// TestGetCopies checks that Get's value is the caller's: valid after the
// store is closed (the memory map gone) and not changed by later writes.
func TestGetCopies(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir(), Options{})
	want := bytes.Repeat([]byte("feed "), 100_000)
	if err := s.Set(ctx, "k", want, 0); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, "k")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		if err := s.Set(ctx, fmt.Sprintf("other%d", i), bytes.Repeat([]byte{byte(i)}, 100_000), 0); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Delete(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("value changed after the writes and Close")
	}
}

func TestPersistence(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := open(t, dir, Options{})
	values := map[string][]byte{}
	for i := range 20 {
		k := fmt.Sprintf("feed:%d", i)
		values[k] = bytes.Repeat([]byte{byte(i)}, 1000*i)
		if err := s.Set(ctx, k, values[k], time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Delete(ctx, "feed:3"); err != nil {
		t.Fatal(err)
	}
	delete(values, "feed:3")
	wantLen, wantSize := s.Len(), s.Size()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); err != nil {
		t.Fatalf("no %s: %v", FileName, err)
	}

	s = open(t, dir, Options{})
	if s.Len() != wantLen || s.Size() != wantSize {
		t.Errorf("reopened: Len %d, Size %d; want %d, %d", s.Len(), s.Size(), wantLen, wantSize)
	}
	for k, want := range values {
		if got, err := s.Get(ctx, k); err != nil || !bytes.Equal(got, want) {
			t.Errorf("Get(%q) = %d bytes, %v; want %d bytes", k, len(got), err, len(want))
		}
	}
	if _, err := s.Get(ctx, "feed:3"); !errors.Is(err, cache.ErrNotFound) {
		t.Errorf("deleted key: %v, want ErrNotFound", err)
	}
	checkCounts(t, s)
}

func TestOpenCreatesDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	open(t, dir, Options{})
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm&^0o750 != 0 {
		t.Errorf("dir mode %v, want at most 0750", perm)
	}
}

func TestLocked(t *testing.T) {
	dir := t.TempDir()
	first := open(t, dir, Options{})

	start := time.Now()
	second, err := Open(dir, Options{LockTimeout: 200 * time.Millisecond})
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("second Open took %s", elapsed)
	}
	if !errors.Is(err, ErrLocked) {
		_ = second.Close()
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	t.Logf("second Open: %v", err)

	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	third := open(t, dir, Options{LockTimeout: 200 * time.Millisecond})
	if err := third.Check(context.Background()); err != nil {
		t.Errorf("Check: %v", err)
	}
}

// validFile returns the bytes of a store file holding a few values.
func validFile(t *testing.T) []byte {
	t.Helper()
	dir := t.TempDir()
	s := open(t, dir, Options{})
	for i := range 200 {
		if err := s.Set(context.Background(), fmt.Sprintf("feed:%03d", i), bytes.Repeat([]byte{'x'}, 3000), 0); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCorruptFile(t *testing.T) {
	good := validFile(t)
	const page = 4096
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	tests := map[string][]byte{
		"random bytes":       random(1 << 20),
		"a few bytes":        []byte("not a database\n"),
		"text of two pages":  []byte(strings.Repeat("<rss>not a database</rss>\n", 2*page/26+1)),
		"zeroes":             make([]byte, 8*page),
		"truncated to half":  good[:len(good)/2],
		"truncated to meta":  good[:2*page],
		"truncated mid-page": good[:3*page+100],
		"meta pages zeroed":  append(make([]byte, 2*page), good[2*page:]...),
		"pages overwritten": func() []byte {
			b := bytes.Clone(good)
			copy(b[2*page:], random(len(b)-2*page))
			return b
		}(),
		"branch and leaf pages garbled": func() []byte {
			// The meta and freelist pages stay good, so bbolt opens the
			// file; reading the keys must then fail, not crash.
			b := bytes.Clone(good)
			n := 0
			for off := 2 * page; off+page <= len(b); off += page {
				if flags := binary.LittleEndian.Uint16(b[off+8:]); flags == 0x01 || flags == 0x02 {
					copy(b[off+16:off+page], random(page-16))
					n++
				}
			}
			if n == 0 {
				t.Fatal("no branch or leaf pages found")
			}
			return b
		}(),
		"element offsets far out": func() []byte {
			// A leaf element pointing gigabytes past the map: a fault
			// on the memory map, which must become an error.
			b := bytes.Clone(good)
			for off := 2 * page; off+page <= len(b); off += page {
				if flags := binary.LittleEndian.Uint16(b[off+8:]); flags == 0x02 {
					// leaf element: flags u32, pos u32, ksize u32, vsize u32
					binary.LittleEndian.PutUint32(b[off+16+4:], 1<<31)
				}
			}
			return b
		}(),
		"every page header smashed": func() []byte {
			b := bytes.Clone(good)
			for off := 2 * page; off+16 <= len(b); off += page {
				copy(b[off:off+16], random(16))
			}
			return b
		}(),
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, FileName), content, 0o600); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				s, err := Open(dir, Options{LockTimeout: 100 * time.Millisecond})
				if err == nil {
					_ = s.Close()
				}
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Open hung")
			}
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Open: %v, want ErrCorrupt", err)
			}
			t.Logf("Open: %v", err)
			// The failed Open released the file: a second gets the same
			// answer, not ErrLocked.
			if _, err := Open(dir, Options{LockTimeout: 100 * time.Millisecond}); !errors.Is(err, ErrCorrupt) {
				t.Errorf("second Open: %v, want ErrCorrupt", err)
			}
		})
	}
}

func TestEmptyFileIsNew(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := open(t, dir, Options{})
	if err := s.Set(context.Background(), "a", []byte("v"), 0); err != nil {
		t.Fatal(err)
	}
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	tests := map[string]struct {
		do      func(t *testing.T, s *Store)
		wantErr error // nil: Check must succeed; errAny: any error
	}{
		"open": {do: func(*testing.T, *Store) {}},
		"closed": {
			do:      func(t *testing.T, s *Store) { _ = s.Close() },
			wantErr: ErrClosed,
		},
		"file removed": {
			do: func(t *testing.T, s *Store) {
				if err := os.Remove(s.Path()); err != nil {
					t.Fatal(err)
				}
			},
			wantErr: errAny,
		},
		"file replaced": {
			do: func(t *testing.T, s *Store) {
				if err := os.Rename(s.Path(), s.Path()+".old"); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(s.Path(), nil, 0o600); err != nil {
					t.Fatal(err)
				}
			},
			wantErr: errAny,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s := open(t, t.TempDir(), Options{})
			tc.do(t, s)
			err := s.Check(ctx)
			switch {
			case tc.wantErr == nil && err != nil:
				t.Errorf("Check: %v, want nil", err)
			case tc.wantErr == errAny && err == nil:
				t.Errorf("Check: nil, want an error")
			case tc.wantErr != nil && tc.wantErr != errAny && !errors.Is(err, tc.wantErr):
				t.Errorf("Check: %v, want %v", err, tc.wantErr)
			}
		})
	}
}

var errAny = errors.New("any error")

func TestClosed(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir(), Options{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	for name, err := range map[string]error{
		"Get":    func() error { _, err := s.Get(ctx, "a"); return err }(),
		"Set":    s.Set(ctx, "a", []byte("v"), 0),
		"Delete": s.Delete(ctx, "a"),
		"Sweep":  func() error { _, err := s.Sweep(ctx); return err }(),
	} {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
}

func TestCanceledContext(t *testing.T) {
	s := open(t, t.TempDir(), Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Set(ctx, "a", []byte("v"), 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Set: %v, want context.Canceled", err)
	}
	if _, err := s.Get(ctx, "a"); !errors.Is(err, context.Canceled) {
		t.Errorf("Get: %v, want context.Canceled", err)
	}
}

func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	const bound = 64 << 10
	s := open(t, t.TempDir(), Options{MaxBytes: bound})
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 300 {
				k := fmt.Sprintf("k%d", (i*7+g)%97)
				switch i % 4 {
				case 0:
					// The value's bytes are its length, so a reader can tell a
					// torn or foreign value.
					n := (i * 37) % 3000
					if err := s.Set(ctx, k, bytes.Repeat([]byte{byte(n)}, n), time.Duration(i%2)*time.Hour); err != nil {
						t.Errorf("Set: %v", err)
					}
				case 1, 2:
					v, err := s.Get(ctx, k)
					if err != nil && !errors.Is(err, cache.ErrNotFound) {
						t.Errorf("Get: %v", err)
					}
					if len(v) > 0 && !bytes.Equal(v, bytes.Repeat([]byte{byte(len(v))}, len(v))) {
						t.Errorf("Get(%q): %d bytes not all %d", k, len(v), byte(len(v)))
					}
				case 3:
					if g%4 == 0 {
						if _, err := s.Sweep(ctx); err != nil {
							t.Errorf("Sweep: %v", err)
						}
					} else if err := s.Delete(ctx, k); err != nil {
						t.Errorf("Delete: %v", err)
					}
				}
				if s.Size() > bound {
					t.Errorf("Size %d over bound %d", s.Size(), bound)
				}
				_ = s.Len()
			}
		})
	}
	wg.Wait()
	checkCounts(t, s)
	if err := s.Check(ctx); err != nil {
		t.Errorf("Check: %v", err)
	}
}

// BenchmarkGet reads a 600 KB value, the size of a typical cached feed
// (gzip-compressed, so incompressible bytes stand in for it), among 200.
func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	s := open(b, b.TempDir(), Options{})
	rng := rand.New(rand.NewPCG(1, 2))
	value := make([]byte, 600<<10)
	for i := range value {
		value[i] = byte(rng.Uint32())
	}
	for i := range 200 {
		if err := s.Set(ctx, fmt.Sprintf("feed:%d", i), value, time.Hour); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(value)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Get(ctx, "feed:100"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSet writes a 600 KB value over an existing one: a feed refresh,
// fsync included.
func BenchmarkSet(b *testing.B) {
	ctx := context.Background()
	s := open(b, b.TempDir(), Options{})
	value := bytes.Repeat([]byte("x"), 600<<10)
	b.SetBytes(int64(len(value)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := s.Set(ctx, fmt.Sprintf("feed:%d", i%50), value, time.Hour); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// TestCorruptedWhileOpen damages the file under an open store (the map is
// shared, so the store sees it): methods fail with ErrCorrupt, and Check
// keeps failing.
func TestCorruptedWhileOpen(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir(), Options{})
	for i := range 200 {
		if err := s.Set(ctx, fmt.Sprintf("feed:%03d", i), bytes.Repeat([]byte{'x'}, 3000), 0); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.OpenFile(s.Path(), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const page = 4096
	rng := rand.New(rand.NewPCG(3, 4))
	hdr := make([]byte, 16)
	junk := make([]byte, page-16)
	for off := int64(2 * page); ; off += page {
		if _, err := f.ReadAt(hdr, off); err != nil {
			break
		}
		if flags := binary.LittleEndian.Uint16(hdr[8:]); flags == 0x01 || flags == 0x02 {
			for i := range junk {
				junk[i] = byte(rng.Uint32())
			}
			if _, err := f.WriteAt(junk, off+16); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := s.Sweep(ctx); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Sweep: %v, want ErrCorrupt", err)
	}
	if err := s.Check(ctx); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Check: %v, want ErrCorrupt", err)
	}
}
