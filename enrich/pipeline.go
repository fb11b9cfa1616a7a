package enrich

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/recast-podcast/recast/feed"
)

// Pipeline runs an ordered list of enrichers over every item of a feed.
type Pipeline struct {
	// Enrichers run in this order; each sees what the ones before it added.
	Enrichers []Enricher
	// Log receives one Debug line per run and one Warn line per failure;
	// nil discards.
	Log *slog.Logger
	// Cache keeps per-item results keyed by the item's bytes and the
	// enricher's version, so a refresh recomputes only new or changed
	// items; nil computes every item every time.
	Cache *ItemCache
}

// Stats counts what one run did, per enricher name.
type Stats struct {
	Items    int
	Enriched map[string]int // items the enricher added something to
	Failed   map[string]int // items whose enricher returned an error or panicked
	Cached   map[string]int // items answered from the cache
	// Took is the time each enricher spent, over the items it computed
	// (items answered from the cache cost nothing).
	Took map[string]time.Duration
	// Cut is set when ctx ended the run before every item was enriched;
	// the items not reached got no additions.
	Cut bool
}

// Run enriches every item of doc and returns one Additions per item, index
// for index. It never fails: an enricher's error or panic discards what it
// wrote for that item only. ctx cancellation stops the run early; items not
// reached get no additions.
func (p *Pipeline) Run(ctx context.Context, name string, doc *feed.Document) ([]feed.Additions, Stats) {
	st := Stats{Items: len(doc.Items), Enriched: map[string]int{}, Failed: map[string]int{}, Cached: map[string]int{}, Took: map[string]time.Duration{}}
	adds := make([]feed.Additions, len(doc.Items))
	if p == nil || len(p.Enrichers) == 0 {
		return adds, st
	}
	f := NewFeed(name, doc)
	var bases []itemKey // per enricher
	if p.Cache != nil {
		scope := p.Cache.scope(name, &doc.Channel)
		for _, e := range p.Enrichers {
			bases = append(bases, p.Cache.base(scope, e))
		}
		// Every item is looked up, and enrichers keep per-item state by
		// the same keys (Feed.Key): hash each item's bytes once.
		f.keys = make([]Key, len(doc.Items))
		for i := range doc.Items {
			f.keys[i] = KeyOf(&doc.Items[i], f.scope)
		}
	}
	for i := range doc.Items {
		if ctx.Err() != nil {
			st.Cut = true
			break
		}
		it := &doc.Items[i]
		// An item made by hand has no bytes to key it by: computed always.
		cached := p.Cache != nil && len(it.Raw) > 0
		for k, e := range p.Enrichers {
			var key itemKey
			if cached {
				key = p.Cache.key(bases[k], f.keys[i])
				if got, ok := p.Cache.get(key); ok {
					st.Cached[e.Name()]++
					if !got.Empty() {
						st.Enriched[e.Name()]++
					}
					adds[i].Merge(&got)
					continue
				}
			}
			start := time.Now()
			got, err := p.one(ctx, f, e, it, &adds[i])
			st.Took[e.Name()] += time.Since(start)
			if err != nil {
				st.Failed[e.Name()]++
				p.logger().Warn("enricher failed; item left as it was",
					"feed", name, "enricher", e.Name(), "item", it.ID(), "err", err)
				continue
			}
			if !got.Empty() {
				st.Enriched[e.Name()]++
			}
			if cached {
				p.Cache.put(key, got)
			}
			adds[i].Merge(&got)
		}
	}
	p.logger().Debug("enriched", "feed", name, "items", st.Items,
		"enriched", st.Enriched, "failed", st.Failed, "cached", st.Cached)
	return adds, st
}

// one runs e on it with a fresh Additions, what earlier enrichers added
// readable through f.Prior so e can avoid repeating it, and returns what e
// added. A panic becomes an error.
func (p *Pipeline) one(ctx context.Context, f *Feed, e Enricher, it *feed.Item, sofar *feed.Additions) (got feed.Additions, err error) {
	defer func() {
		if r := recover(); r != nil {
			got, err = feed.Additions{}, fmt.Errorf("enrich: %s panicked: %v\n%s", e.Name(), r, debug.Stack())
		}
	}()
	f.prior.Store(it, sofar)
	defer f.prior.Delete(it)
	if err := e.Enrich(ctx, f, it, &got); err != nil {
		return feed.Additions{}, fmt.Errorf("enrich: %s: %w", e.Name(), err)
	}
	return got, nil
}

func (p *Pipeline) logger() *slog.Logger {
	if p.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Log
}
