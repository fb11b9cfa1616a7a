// Package proxy serves enriched feeds over HTTP to podcast apps and CDNs. It
// is the orchestrator: refresh.go is the one place that knows the order
// fetch → parse → enrich → render → cache, and serve.go turns a cached
// version into HTTP (ETag, 304, Range, HEAD, precompressed bodies).
package proxy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/recast-podcast/recast/cache"
	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/enrich/topics"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/fetch"
)

// Server serves the configured feeds. Build one with New.
type Server struct {
	opts  Options
	log   *slog.Logger
	feeds map[string]*feedState
	names []string // configured order, for the index page
	sf    singleflight.Group
}

// Options are a Server's dependencies and settings.
type Options struct {
	Config config.Config // validated; Feeds, PublicURL and the freshness settings are read
	// Store is the shared cache (Redis, or the in-process memory store).
	// nil: nothing is shared; each process keeps its last version only.
	Store cache.Store
	// Fetch fetches upstream feeds; nil is a fetch.Client with defaults.
	Fetch *fetch.Client
	// Pipeline returns the enrichers for a feed; nil: no enrichment.
	Pipeline func(config.Feed) *enrich.Pipeline
	// Log receives one line per upstream fetch and per failure; nil discards.
	Log *slog.Logger
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// feedState is what the process knows of one feed.
type feedState struct {
	cfg    config.Feed
	key    string // the shared cache key
	recipe Recipe
	cur    atomic.Pointer[version] // last good version, nil before the first

	mu      sync.Mutex
	retryAt time.Time // no upstream request before this (Retry-After, failure backoff)
	movedTo string    // the feed's URL after a permanent redirect
	// followedAt is when a mirror last followed a new-feed-url at once; it
	// does so at most once per freshness period (feeds that point at each
	// other must not cost an upstream request per request).
	followedAt time.Time
}

// cacheKeyVersion changes when the entry format or the rendering changes
// incompatibly, so old entries are not served.
const cacheKeyVersion = "v1"

// New returns a Server for opts.Config.Feeds.
func New(opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Fetch == nil {
		opts.Fetch = fetch.New(fetch.Options{})
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts, log: log, feeds: make(map[string]*feedState)}
	for _, f := range opts.Config.Feeds {
		var p *enrich.Pipeline
		if opts.Pipeline != nil {
			p = opts.Pipeline(f)
		}
		s.feeds[f.Name] = &feedState{cfg: f, key: cacheKey(opts.Config, f, p), recipe: RecipeFor(opts.Config, f, p, log)}
		s.names = append(s.names, f.Name)
	}
	return s
}

// cacheKey names a feed's entry in the shared cache. It includes a hash of
// what shapes the output: the settings (URL, mode, public URL, the feed's
// enrichment settings and the shared topic rules) and the name and version
// of each enricher of p (a version changes with the enricher's code and with
// what it loads, such as the topic vocabulary file). After a change no
// replica serves an entry made the old way.
func cacheKey(cfg config.Config, f config.Feed, p *enrich.Pipeline) string {
	var enrichers []string
	if p != nil {
		for _, e := range p.Enrichers {
			enrichers = append(enrichers, e.Name()+"/"+e.Version())
		}
	}
	tc := cfg.Topics
	tc.Feeds = nil // each feed's own are in EnrichFor(f)
	shape, err := json.Marshal(struct {
		URL, Mode, PublicURL string
		Enrich               config.Enrich
		Topics               topics.Config
		Enrichers            []string
	}{f.URL, f.Mode, cfg.PublicURL, cfg.EnrichFor(f), tc, enrichers})
	if err != nil {
		panic("proxy: settings do not marshal: " + err.Error()) // plain data: unreachable
	}
	sum := sha256.Sum256(shape)
	return cacheKeyVersion + ":feed:" + f.Name + ":" + hex.EncodeToString(sum[:6])
}

// RecipeFor returns how feed f is built when served under cfg.PublicURL,
// with its own LastBuild: the builds of one Recipe reparse from the last.
func RecipeFor(cfg config.Config, f config.Feed, p *enrich.Pipeline, log *slog.Logger) Recipe {
	e := cfg.EnrichFor(f)
	on := func(b *bool) bool { return b != nil && *b }
	return Recipe{
		Name:     f.Name,
		Pipeline: p,
		Render: feed.RenderOptions{
			SelfURL:             FeedURL(cfg.PublicURL, f.Name),
			Mirror:              f.Mode == config.ModeMirror,
			InlinePSC:           on(e.InlinePSC),
			DescriptionChapters: on(e.DescriptionChapters),
		},
		ChaptersBase: FeedURL(cfg.PublicURL, f.Name),
		Log:          log,
		Prev:         new(LastBuild),
	}
}

// FeedURL is where feed name is served under publicURL; "" without one.
func FeedURL(publicURL, name string) string {
	if publicURL == "" {
		return ""
	}
	return publicURL + "/feeds/" + name
}

// Handler returns the HTTP handler: /feeds/{name}, /healthz, /readyz and an
// index at /.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feeds/{name}", s.serveFeed)
	mux.HandleFunc("GET /feeds/{name}/chapters/{file}", s.serveChapters)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", s.serveReady)
	mux.HandleFunc("GET /{$}", s.serveIndex)
	return mux
}

// serveReady answers 200 "ready", or 200 "degraded: …" while the shared
// cache is unreachable: recast keeps serving from memory and upstream then,
// so a Redis outage must not take replicas out of a load balancer.
func (s *Server) serveReady(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if c, ok := s.opts.Store.(cache.Checker); ok {
		ctx, cancel := context.WithTimeout(r.Context(), time.Second)
		defer cancel()
		if err := c.Check(ctx); err != nil {
			w.Write([]byte("degraded: shared cache unavailable: " + err.Error() + "\n"))
			return
		}
	}
	w.Write([]byte("ready\n"))
}
