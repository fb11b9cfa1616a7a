// Package proxy serves enriched feeds over HTTP to podcast apps and CDNs. It
// is the orchestrator: refresh.go is the one place that knows the order
// fetch → parse → enrich → render → cache; shared.go is how replicas
// coordinate through the shared store (a per-feed lease, remembered
// failures); schedule.go refreshes feeds ahead of expiry; serve.go turns a
// version into HTTP (ETag, 304, Range, HEAD, precompressed bodies);
// errors.go is the one place errors become HTTP status and client text;
// observe.go puts the access log, request ids and metrics around it all.
package proxy

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/recast-podcast/recast/cache"
	"github.com/recast-podcast/recast/fetch"
)

// Server serves a set of feeds. Build one with New.
type Server struct {
	opts  Options
	fresh Freshness
	log   *slog.Logger
	m     *Metrics
	set   atomic.Pointer[feedSet]
	sf    singleflight.Group
	id    string // this process among the replicas, in the purges it sends

	// base is the context of every refresh; Close cancels it.
	base   context.Context
	cancel context.CancelFunc
	mu     sync.Mutex // guards closing and adding to running
	closed bool
	run    sync.WaitGroup // refreshes under way

	// The feeds served are configured plus runtime (registry.go); regMu
	// guards both and what was last read of the registry.
	regMu      sync.Mutex
	configured []Feed
	runtime    []Feed
	regRaw     []byte
	regRead    bool
	regWrite   sync.Mutex // serialises registry writes of a store without leases

	open *openState // open mode (open.go); nil: off
}

// Feed is one feed a Server serves at /feeds/{Name}.
type Feed struct {
	Name string
	URL  string        // upstream: http(s)://, file:// or builtin:NAME
	TTL  time.Duration // freshness of a copy; 0: Freshness.TTL
	// Key names the feed's entry in the shared store; it must change with
	// anything that changes the output (cmd hashes the settings into it).
	// The Server wraps it in a Redis Cluster hash tag, "{v2:Key}", so the
	// entry, the lease and the failure record share one slot.
	Key    string
	Recipe Recipe
	// Runtime marks a feed added through the admin API (see registry.go):
	// its upstream URL is not the operator's, so it is fetched through the
	// private-network guard, and it can be removed again.
	Runtime bool
	// FollowMoves lets a mirror follow the upstream's itunes:new-feed-url
	// to another URL (see fetchAndBuild). Whichever it is, the decision is
	// logged, and a URL it moves to is fetched through the private-network
	// guard: it is not the operator's.
	FollowMoves bool
	// Auth authenticates to a private upstream (basic auth, headers, query
	// parameters), sent with requests to the configured URL's host only.
	Auth *fetch.Auth
	// Token, when set, makes the feed private: it is served at
	// /feeds/{Name}/{Token} only (podcast apps keep paths, not always
	// headers), compared in constant time, with Cache-Control: private and
	// no surrogate keys so a shared CDN never caches it, and it is listed
	// in neither / nor /opml.
	Token string
}

// Freshness is how long copies are served and how refreshes are paced.
type Freshness struct {
	TTL                  time.Duration // default freshness of a copy
	MaxTTL               time.Duration // cap on freshness taken from upstream max-age
	StaleWhileRevalidate time.Duration // an expired copy is served at once this long while it is refreshed
	StaleIfError         time.Duration // the last good copy is served this long while upstream fails
	RefreshTimeout       time.Duration // one whole refresh: fetch, enrich, render, store
	Lease                time.Duration // the per-feed lease's time to live (renewed while held)
	FailureBackoff       time.Duration // first pause after a failure without Retry-After
	MaxFailureBackoff    time.Duration // cap on the doubling pause
	Concurrency          int           // refreshes the scheduler runs at once
}

func (f *Freshness) fill() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&f.TTL, 10*time.Minute)
	def(&f.MaxTTL, 24*time.Hour)
	def(&f.RefreshTimeout, 45*time.Second)
	def(&f.Lease, 10*time.Second)
	def(&f.FailureBackoff, 30*time.Second)
	def(&f.MaxFailureBackoff, 15*time.Minute)
	if f.Concurrency <= 0 {
		f.Concurrency = 4
	}
}

// Options are a Server's dependencies and settings.
type Options struct {
	Feeds     []Feed
	Freshness Freshness // zero fields take defaults
	// Store is the shared cache (Redis; or the on-disk or memory store of
	// a single process). A Store that is also a cache.Leaser coordinates
	// replicas: one refresh per feed across all of them. nil: nothing is
	// kept beyond each feed's current version in memory.
	Store cache.Store
	// Fetch fetches upstream feeds; nil is a fetch.Client with defaults.
	Fetch *fetch.Client
	// Metrics receives the counters and timings; nil records none.
	Metrics *Metrics
	// MetricsHandler is served at GET /metrics; nil: no such route.
	MetricsHandler http.Handler
	// NewFeed builds a feed added at runtime (POST /admin/feeds, /admin/opml)
	// as cmd builds configured ones; it refuses what the config would
	// (an unknown mode, a URL of another scheme). nil: no runtime feeds.
	NewFeed func(FeedSpec) (Feed, error)
	// Open switches on open mode (open.go): any public feed URL signed
	// with Open.Key is served at /open/{sig}/{url}. nil: off.
	Open *OpenOptions
	// RegistryEvery is how often each replica reads the runtime feeds
	// again; 0: every 5 seconds.
	RegistryEvery time.Duration
	// PublicURL is the URL recast is served under, for the feed URLs /opml
	// lists; "": the scheme and host each request came in with.
	PublicURL string
	// AdminToken enables POST /admin/purge/{name} and /admin/refresh/{name}
	// for requests with "Authorization: Bearer AdminToken"; "": no admin API.
	AdminToken string
	// Log receives one line per refresh and per failure; nil discards.
	Log *slog.Logger
	// AccessLog writes one info line per request to Log.
	AccessLog bool
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Tick is how often the scheduler (Run) looks for feeds to refresh;
	// 0: one second.
	Tick time.Duration
	// SweepEvery is how often Maintain sweeps expired entries out of a
	// cache.Sweeper store; 0: hourly.
	SweepEvery time.Duration
}

// feedSet is the feeds served, swapped whole by Reload.
type feedSet struct {
	byName map[string]*feedState
	list   []*feedState // in configured order
}

// feedState is what the process knows of one feed.
type feedState struct {
	Feed
	entryKey, leaseKey, failKey string
	tags                        []string                // Surrogate-Key and Cache-Tag header values
	cur                         atomic.Pointer[version] // last good version, nil before the first

	mu       sync.Mutex
	retryAt  time.Time // no upstream request before this (Retry-After, failure backoff)
	failures int       // failures in a row
	lastErr  error     // the last failure while retryAt holds
	movedTo  string    // the feed's URL after a permanent redirect
	// followedAt is when a mirror last followed a new-feed-url at once; it
	// does so at most once per freshness period (feeds that point at each
	// other must not cost an upstream request per request).
	followedAt time.Time
	open       bool // an open-mode feed (open.go)
	// declined is the new-feed-url last not followed (FollowMoves off, or
	// refused by the guard), so that the decision is logged once per URL.
	declined string
	nextAt   time.Time // when the scheduler refreshes it next; zero: now
	busy     bool      // the scheduler has a refresh of it under way
	bgAt     time.Time // when a request last started a background refresh
}

// cacheKeyVersion changes when the entry format, the key layout or the
// rendering changes incompatibly, so old entries are not served.
const cacheKeyVersion = "v2"

// New returns a Server for opts.Feeds. Call Run to refresh feeds ahead of
// expiry, and Close when done.
func New(opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Fetch == nil {
		opts.Fetch = fetch.New(fetch.Options{})
	}
	if opts.Tick <= 0 {
		opts.Tick = time.Second
	}
	if opts.SweepEvery <= 0 {
		opts.SweepEvery = time.Hour
	}
	if opts.RegistryEvery <= 0 {
		opts.RegistryEvery = 5 * time.Second
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts, fresh: opts.Freshness, log: log, m: opts.Metrics, id: rand.Text()}
	s.fresh.fill()
	s.base, s.cancel = context.WithCancel(context.Background())
	s.configured = opts.Feeds
	s.open = s.newOpen(opts.Open)
	s.set.Store(s.newSet(opts.Feeds, nil))
	if opts.NewFeed != nil && opts.Store != nil {
		ctx, cancel := context.WithTimeout(s.base, 5*time.Second)
		if err := s.syncRegistry(ctx); err != nil {
			log.Warn("runtime feeds not read yet; retrying", "err", err)
		}
		cancel()
	}
	if sz, ok := opts.Store.(cache.Sizer); ok {
		s.m.watchStore(sz)
	}
	return s
}

// newSet builds the feed table, keeping the state of every feed of old
// that is unchanged (same name, key and upstream), so a reload does not
// drop what was fetched.
func (s *Server) newSet(feeds []Feed, old *feedSet) *feedSet {
	set := &feedSet{byName: make(map[string]*feedState, len(feeds))}
	for _, f := range feeds {
		if f.TTL <= 0 {
			f.TTL = s.fresh.TTL
		}
		st := (*feedState)(nil)
		var o *feedState
		if old != nil {
			o = old.byName[f.Name]
		}
		switch {
		case o != nil && o.Key == f.Key && o.URL == f.URL && o.TTL == f.TTL && sameSettings(o.Feed, f):
			st = o
		case o != nil && o.Key == f.Key:
			// Settings that do not change the output (credentials, whether
			// moves are followed) changed: new state, same copy.
			st = newFeedState(f)
			st.cur.Store(o.cur.Load())
		default:
			st = newFeedState(f)
		}
		set.byName[f.Name] = st
		set.list = append(set.list, st)
	}
	return set
}

// sameSettings reports whether a and b agree on what a feed's state holds
// beyond its key, URL and TTL.
func sameSettings(a, b Feed) bool {
	return a.FollowMoves == b.FollowMoves && a.Token == b.Token && a.Runtime == b.Runtime && reflect.DeepEqual(a.Auth, b.Auth)
}

// newFeedState is the state of a feed not fetched yet.
func newFeedState(f Feed) *feedState {
	entry := "{" + cacheKeyVersion + ":" + f.Key + "}"
	return &feedState{Feed: f, entryKey: entry, leaseKey: entry + ":lease", failKey: entry + ":fail",
		tags: []string{"recast feed-" + f.Name}}
}

// Reload replaces the feeds served: new ones are added, removed ones are no
// longer served, and unchanged ones keep their current copy.
func (s *Server) Reload(feeds []Feed) {
	s.regMu.Lock()
	s.configured = feeds
	runtime := make([]Feed, 0, len(s.runtime))
	for _, f := range s.runtime {
		if !s.configuredName(f.Name) {
			runtime = append(runtime, f)
		}
	}
	s.runtime = runtime
	old := s.set.Load()
	next := s.newSet(append(slices.Clip(feeds), runtime...), old)
	s.set.Store(next)
	s.regMu.Unlock()
	var kept int
	for _, st := range next.list {
		if old.byName[st.Name] == st {
			kept++
		}
	}
	s.log.Info("feeds reloaded", "feeds", len(next.list), "unchanged", kept, "added_or_changed", len(next.list)-kept,
		"removed", len(old.list)-kept)
	s.updateCacheMetrics()
}

// feed returns the state of the feed named name, or nil.
func (s *Server) feed(name string) *feedState { return s.set.Load().byName[name] }

// Close cancels the refreshes still under way, waits (up to ctx) until
// they have released their leases, and stops new ones. Call it after the
// HTTP server has drained its requests.
func (s *Server) Close(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	done := make(chan struct{})
	go func() { s.run.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return errors.New("proxy: refreshes still under way at shutdown")
	}
}

// FeedURL is where feed name is served under publicURL; "" without one.
func FeedURL(publicURL, name string) string {
	if publicURL == "" {
		return ""
	}
	return publicURL + "/feeds/" + name
}

// Handler returns the HTTP handler: /feeds/{name} and its chapter files,
// /healthz, /readyz, /metrics, the admin API and an index at /, with the
// access log, request ids and request metrics around them.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feeds/{name}", s.serveFeed)
	mux.HandleFunc("GET /feeds/{name}/chapters/{file}", s.serveChapters)
	mux.HandleFunc("GET /feeds/{name}/{$}", s.serveShow)
	mux.HandleFunc("GET /feeds/{name}/{token}", s.servePrivate)
	mux.HandleFunc("GET /feeds/{name}/{token}/chapters/{file}", s.servePrivateChapters)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Cache-Control"] = hdrNoStore
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", s.serveReady)
	if s.opts.MetricsHandler != nil {
		mux.Handle("GET /metrics", s.opts.MetricsHandler)
	}
	if s.opts.AdminToken != "" {
		mux.HandleFunc("POST /admin/purge/{name}", s.admin(s.purge))
		mux.HandleFunc("POST /admin/refresh/{name}", s.admin(s.forceRefresh))
		mux.HandleFunc("GET /admin/feeds", s.adminOnly(s.listFeeds))
		mux.HandleFunc("POST /admin/feeds", s.adminOnly(s.addFeed))
		mux.HandleFunc("DELETE /admin/feeds/{name}", s.adminOnly(s.removeFeed))
		mux.HandleFunc("POST /admin/opml", s.adminOnly(s.importOPML))
	}
	mux.HandleFunc("GET /opml", s.serveOPML)
	mux.HandleFunc("GET /open/{sig}/{url}", s.serveOpen)
	mux.HandleFunc("GET /open/{sig}/{url}/chapters/{file}", s.serveOpenChapters)
	mux.HandleFunc("GET /{$}", s.serveIndex)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, nil, errNotFound)
	})
	return s.observe(mux)
}

// serveReady answers 200 "ready", or 200 "degraded: …" while the shared
// cache is unreachable: recast keeps serving from memory and upstream then,
// so a Redis outage must not take replicas out of a load balancer.
func (s *Server) serveReady(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header()["Cache-Control"] = hdrNoStore
	if c, ok := s.opts.Store.(cache.Checker); ok {
		ctx, cancel := context.WithTimeout(r.Context(), time.Second)
		defer cancel()
		if err := c.Check(ctx); err != nil {
			s.m.storeError("check")
			w.Write([]byte("degraded: shared cache unavailable\n"))
			return
		}
	}
	w.Write([]byte("ready\n"))
}
