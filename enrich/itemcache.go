package enrich

import (
	"container/list"
	"hash/maphash"
	"strings"
	"sync"

	"github.com/recast-podcast/recast/feed"
)

// ItemCache remembers what each enricher added to an item, keyed by the
// item's bytes, the enricher's name and version, and the channel fields
// enrichers read. When one new episode appears in a 300-episode feed, only
// that episode is computed again. It lives in the process: results are
// cheap to recompute after a restart, and the enriched feed itself is what
// the shared cache holds.
type ItemCache struct {
	mu    sync.Mutex
	max   int
	ll    *list.List // front = most recently used
	items map[itemKey]*list.Element
	seeds [2]maphash.Seed
}

type itemKey struct{ a, b uint64 }

type itemEntry struct {
	key itemKey
	add feed.Additions
}

// NewItemCache returns a cache holding at most max item results.
func NewItemCache(max int) *ItemCache {
	return &ItemCache{
		max:   max,
		ll:    list.New(),
		items: make(map[itemKey]*list.Element),
		seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()},
	}
}

// Len returns the number of results held.
func (c *ItemCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}

// scope is the part of the key shared by all items of one run: the feed and
// the channel fields enrichers read.
func (c *ItemCache) scope(name string, ch *feed.Channel) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte(0)
	b.WriteString(ch.Language)
	b.WriteByte(0)
	b.WriteString(ch.Title)
	for _, p := range ch.Persons {
		b.WriteByte(0)
		b.WriteString(p.Name + "\x01" + p.Role + "\x01" + p.Group + "\x01" + p.Href + "\x01" + p.Img)
	}
	return b.String()
}

// key is the cache key of the result of an enricher for the item whose
// bytes have the Key item, where base is that enricher's base key in this
// run's scope.
func (c *ItemCache) key(base itemKey, item Key) itemKey {
	return itemKey{
		maphash.Comparable(c.seeds[0], struct {
			base uint64
			item Key
		}{base.a, item}),
		maphash.Comparable(c.seeds[1], struct {
			base uint64
			item Key
		}{base.b, item}),
	}
}

// base hashes what the keys of enricher e's results share in one run: the
// scope (see ItemCache.scope), e's name and e's version.
func (c *ItemCache) base(scope string, e Enricher) itemKey {
	var k [2]uint64
	for i, s := range c.seeds {
		var h maphash.Hash
		h.SetSeed(s)
		h.WriteString(scope)
		h.WriteByte(0)
		h.WriteString(e.Name())
		h.WriteByte(0)
		h.WriteString(e.Version())
		k[i] = h.Sum64()
	}
	return itemKey{k[0], k[1]}
}

func (c *ItemCache) get(k itemKey) (feed.Additions, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[k]
	if !ok {
		return feed.Additions{}, false
	}
	c.ll.MoveToFront(el)
	return el.Value.(*itemEntry).add, true
}

func (c *ItemCache) put(k itemKey, a feed.Additions) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[k]; ok {
		el.Value.(*itemEntry).add = a
		c.ll.MoveToFront(el)
		return
	}
	c.items[k] = c.ll.PushFront(&itemEntry{key: k, add: a})
	for c.max > 0 && c.ll.Len() > c.max {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.items, last.Value.(*itemEntry).key)
	}
}
