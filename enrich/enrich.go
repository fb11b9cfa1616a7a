// Package enrich runs the enrichers over a feed's items: an explicit, ordered
// list of small named units, each able to fail alone. A failing enricher
// leaves its item exactly as it was; it never fails the feed.
package enrich

import (
	"context"
	"hash/maphash"
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
	// Enrich writes what it finds for it into add, a fresh Additions
	// (what earlier enrichers added is f.Prior(it)). An error (or a
	// panic) discards everything this enricher wrote for this item.
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
	prior sync.Map // *feed.Item -> *feed.Additions, while Pipeline runs an enricher on it
	keys  []Key    // parallel to Items when Pipeline.Run computed them
	scope uint64   // ScopeOf the Document the items come from
}

// NewFeed returns what enrichers see of doc, the feed named name.
func NewFeed(name string, doc *feed.Document) *Feed {
	return &Feed{Name: name, Channel: &doc.Channel, Items: doc.Items, scope: ScopeOf(doc)}
}

// Key identifies an item's bytes (feed.Item.Raw) and the scope they are
// read in (see ScopeOf) within this process: a 64-bit hash with the
// process's random seed, and the length. Two different items colliding
// among the 200,000 a cache holds is about as likely as one in 10^9.
// Per-item caches key on it.
type Key struct{ Hash, Len uint64 }

var keySeed = maphash.MakeSeed()

// ScopeOf hashes what an item's fields depend on besides its own bytes:
// the namespace declarations of the feed around it (feed.Document.Scope).
// The same item bytes under another binding of a prefix are another item.
func ScopeOf(doc *feed.Document) uint64 {
	return maphash.String(keySeed, doc.Scope())
}

// KeyOf returns the Key of the item it, read in scope (ScopeOf; 0 for items
// not from a Document).
func KeyOf(it *feed.Item, scope uint64) Key {
	return Key{maphash.Bytes(keySeed, it.Raw) ^ scope, uint64(len(it.Raw))}
}

// Key returns the Key of item i, hashed once per run, and whether the item
// has bytes at all (items made by hand have none; key those on their
// fields).
func (f *Feed) Key(i int) (Key, bool) {
	it := &f.Items[i]
	if len(it.Raw) == 0 {
		return Key{}, false
	}
	if f.keys != nil {
		return f.keys[i], true
	}
	return KeyOf(it, f.scope), true
}

// Prior returns what the enrichers before this one added to it in this
// run (a Pipeline sets it), for an enricher to avoid repeating it; empty
// when called outside a Pipeline. It must not be modified.
func (f *Feed) Prior(it *feed.Item) *feed.Additions {
	if v, ok := f.prior.Load(it); ok {
		return v.(*feed.Additions)
	}
	return &feed.Additions{}
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
