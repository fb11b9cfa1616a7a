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
					merge(&adds[i], &got)
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
			merge(&adds[i], &got)
		}
	}
	p.logger().Debug("enriched", "feed", name, "items", st.Items,
		"enriched", st.Enriched, "failed", st.Failed, "cached", st.Cached)
	return adds, st
}

// one runs e on it with a scratch Additions seeded with what earlier
// enrichers added, so e can avoid duplicating them, and returns only what e
// added. A panic becomes an error.
func (p *Pipeline) one(ctx context.Context, f *Feed, e Enricher, it *feed.Item, sofar *feed.Additions) (got feed.Additions, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("enrich: %s panicked: %v\n%s", e.Name(), r, debug.Stack())
		}
	}()
	scratch := clone(sofar)
	before := counts(&scratch)
	if err := e.Enrich(ctx, f, it, &scratch); err != nil {
		return feed.Additions{}, fmt.Errorf("enrich: %s: %w", e.Name(), err)
	}
	return since(&scratch, before), nil
}

func (p *Pipeline) logger() *slog.Logger {
	if p.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Log
}

// lens records how long each list of an Additions was.
type lens struct{ transcripts, chapters, categories, persons int }

func counts(a *feed.Additions) lens {
	return lens{len(a.Transcripts), len(a.Chapters), len(a.Categories), len(a.Persons)}
}

// since returns what was appended to a after before was taken. Chapters are
// replaced as a whole (an item has one chapter list), so a chapter list that
// differs from the earlier one is taken whole.
func since(a *feed.Additions, before lens) feed.Additions {
	var d feed.Additions
	d.Transcripts = a.Transcripts[before.transcripts:]
	if len(a.Chapters) != before.chapters {
		d.Chapters, d.NotesListChapters = a.Chapters, a.NotesListChapters
	}
	d.Categories = a.Categories[before.categories:]
	d.Persons = a.Persons[before.persons:]
	d.ChaptersURL = a.ChaptersURL
	return normalizeEmpty(d)
}

func normalizeEmpty(d feed.Additions) feed.Additions {
	if len(d.Transcripts) == 0 {
		d.Transcripts = nil
	}
	if len(d.Categories) == 0 {
		d.Categories = nil
	}
	if len(d.Persons) == 0 {
		d.Persons = nil
	}
	return d
}

func clone(a *feed.Additions) feed.Additions {
	return feed.Additions{
		Transcripts:       append([]feed.Transcript(nil), a.Transcripts...),
		Chapters:          append([]feed.Chapter(nil), a.Chapters...),
		ChaptersURL:       a.ChaptersURL,
		NotesListChapters: a.NotesListChapters,
		Categories:        append([]string(nil), a.Categories...),
		Persons:           append([]feed.Person(nil), a.Persons...),
	}
}

func merge(dst, src *feed.Additions) {
	dst.Transcripts = append(dst.Transcripts, src.Transcripts...)
	if len(src.Chapters) > 0 {
		dst.Chapters, dst.NotesListChapters = src.Chapters, src.NotesListChapters
	}
	if src.ChaptersURL != "" {
		dst.ChaptersURL = src.ChaptersURL
	}
	dst.Categories = append(dst.Categories, src.Categories...)
	dst.Persons = append(dst.Persons, src.Persons...)
}
