package proxy

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/recast-podcast/recast/cache/disk"
)

// Maintain sweeps the on-disk store on its schedule: an entry that expired
// while recast ran leaves the file without a restart, a live one stays,
// and Maintain returns when its context ends.
func TestMaintainSweepsTheDiskStore(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	st, err := disk.Open(t.TempDir(), disk.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if err := st.Set(ctx, "short", []byte("gone soon"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := st.Set(ctx, "long", []byte("stays"), time.Hour); err != nil {
		t.Fatal(err)
	}
	keys := st.Len()
	if keys != 2 {
		t.Fatalf("store holds %d keys before the sweep, want 2", keys)
	}

	srv := New(Options{Store: st, SweepEvery: 10 * time.Millisecond, Now: clock})
	defer srv.Close(ctx)
	mctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { srv.Maintain(mctx); close(done) }()

	mu.Lock()
	now = now.Add(2 * time.Minute)
	mu.Unlock()
	waitFor(t, "the sweep of the expired entry", func() bool { return st.Len() == 1 })
	if b, err := st.Get(ctx, "long"); err != nil || string(b) != "stays" {
		t.Errorf("the live entry after the sweep: %q, %v", b, err)
	}
	stop()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Maintain did not return after its context ended")
	}
}
