package proxy

import (
	"context"
	"log/slog"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// Recipe is how one feed is turned into the feed recast serves.
type Recipe struct {
	Name     string           // the feed's configured name
	Pipeline *enrich.Pipeline // nil: no enrichment
	Render   feed.RenderOptions
	Log      *slog.Logger // nil discards
}

// Built is one enriched feed, ready to cache and serve.
type Built struct {
	Body    []byte   // the served RSS
	Repairs []string // what feed.Parse repaired
	Items   int
	Stats   enrich.Stats
}

// Build runs parse → enrich → render over an upstream body. Its only error
// is the feed's own (*feed.SyntaxError or another feed: error): an enricher
// failure degrades an item, never the build.
func Build(ctx context.Context, raw []byte, r Recipe) (*Built, error) {
	doc, err := feed.Parse(raw)
	if err != nil {
		return nil, err
	}
	log := r.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log.Debug("parsed", "feed", r.Name, "bytes", len(raw), "items", len(doc.Items), "repairs", doc.Repairs)
	adds, st := r.Pipeline.Run(ctx, r.Name, doc)
	body := doc.Render(adds, r.Render)
	log.Debug("rendered", "feed", r.Name, "bytes", len(body))
	return &Built{Body: body, Repairs: doc.Repairs, Items: len(doc.Items), Stats: st}, nil
}
