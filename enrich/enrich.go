// Package enrich runs the enrichers over a feed's items: an explicit, ordered
// list of small named units, each able to fail alone. A failing enricher
// leaves its item exactly as it was; it never fails the feed.
package enrich

import (
	"context"
	"sync"

	"github.com/recast-podcast/recast/feed"
)

// Enricher adds to one item. Implementations are safe for concurrent use and
// keep no per-feed state between calls; what they need of the whole show they
// get from Feed (Feed.Memo for values computed once per run).
type Enricher interface {
	// Name is a short stable identifier ("transcripts", "chapters").
	Name() string
	// Version changes whenever the enricher's output for the same input may
	// change; it is part of the per-item cache key.
	Version() string
	// Enrich writes what it finds for it into add. An error (or a panic)
	// discards everything this enricher wrote for this item.
	Enrich(ctx context.Context, f *Feed, it *feed.Item, add *feed.Additions) error
}

// Feed is what enrichers see of the show during one run.
type Feed struct {
	Name    string // the feed's configured name
	Channel *feed.Channel
	Items   []feed.Item

	mu    sync.Mutex
	memo  map[string]*memoEntry
	notes sync.Map // *feed.Item -> *Notes
}

type memoEntry struct {
	once sync.Once
	v    any
}

// Memo returns the value stored under key for this run, computing it with
// compute the first time. Enrichers use it for show-wide statistics (the
// topic tagger's document frequencies). Keys are prefixed with the
// enricher's name.
func (f *Feed) Memo(key string, compute func() any) any {
	f.mu.Lock()
	if f.memo == nil {
		f.memo = make(map[string]*memoEntry)
	}
	e, ok := f.memo[key]
	if !ok {
		e = &memoEntry{}
		f.memo[key] = e
	}
	f.mu.Unlock()
	e.once.Do(func() { e.v = compute() })
	return e.v
}
