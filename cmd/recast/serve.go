package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	goredis "github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"

	"github.com/recast-podcast/recast/cache"
	"github.com/recast-podcast/recast/cache/disk"
	"github.com/recast-podcast/recast/cache/memory"
	"github.com/recast-podcast/recast/cache/redis"
	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/fetch"
	"github.com/recast-podcast/recast/internal/demo"
	"github.com/recast-podcast/recast/proxy"
)

// runServe runs `recast serve`. When ready is non-nil it receives the bound
// address once the server listens (tests start it on 127.0.0.1:0).
func runServe(ctx context.Context, args []string, e env, ready chan<- string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	flags := configFlags(fs, e)
	printConfig := fs.Bool("print-config", false, "print the effective configuration (secrets redacted) and exit")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, "Usage: recast serve [flags]\n\nServes enriched feeds at /feeds/NAME, with /healthz and /readyz.\nWith no feed configured it serves a built-in demo feed at /feeds/demo.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "recast serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}

	cfg, err := loadConfig(e, *flags)
	if err != nil {
		fmt.Fprintf(e.stderr, "recast serve: %v\n", err)
		return 1
	}
	if *printConfig {
		fmt.Fprint(e.stdout, cfg.Redacted())
		return 0
	}
	log, err := newLogger(e, cfg.LogLevel)
	if err != nil {
		fmt.Fprintf(e.stderr, "recast serve: %v\n", err)
		return 2
	}

	token, err := adminToken(cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "recast serve: %v\n", err)
		return 1
	}
	key, err := openKey(cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "recast serve: %v\n", err)
		return 1
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := proxy.NewMetrics(reg)
	fetcher := newFetcher(cfg, true, metrics.InstrumentUpstream)
	fetcher.Refused = func(err error) {
		// The error names the URL as fetch redacts it: no password, no token.
		metrics.CountRefused()
		log.Warn("upstream refused by the private-network guard; nothing was sent", "err", err)
	}
	pipeline, err := pipelines(cfg, fetcher, log)
	if err != nil {
		fmt.Fprintf(e.stderr, "recast serve: %v\n", err)
		return 1
	}
	store, closeStore, err := newStore(cfg, log)
	if err != nil {
		fmt.Fprintf(e.stderr, "recast serve: %v\n", err)
		return 1
	}
	defer closeStore()

	srv := proxy.New(proxy.Options{
		Feeds:          serverFeeds(cfg, pipeline, log),
		Freshness:      freshnessOf(cfg),
		Store:          store,
		Fetch:          fetcher,
		Metrics:        metrics,
		MetricsHandler: promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}),
		NewFeed:        func(sp proxy.FeedSpec) (proxy.Feed, error) { return runtimeFeed(cfg, pipeline, log, sp) },
		Open:           openOptions(cfg, key, pipeline, log),
		PublicURL:      cfg.PublicURL,
		AdminToken:     token,
		Log:            log,
		AccessLog:      cfg.AccessLog,
	})

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		fmt.Fprintf(e.stderr, "recast serve: %v\n", err)
		return 1
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if cfg.PublicURL == "" {
		log.Warn("public_url is not set: feeds keep their own atom:link rel=self and get no podcast:chapters links; set --public-url")
	}
	log.Info("recast serving", "version", version, "addr", ln.Addr().String(), "feeds", feedNames(cfg),
		"cache", cacheName(cfg), "public_url", cfg.PublicURL, "admin", token != "")
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	schedCtx, stopSched := context.WithCancel(ctx)
	schedDone := make(chan struct{})
	go func() {
		defer close(schedDone)
		var wg sync.WaitGroup
		wg.Go(func() { srv.Maintain(schedCtx) })
		if cfg.Refresh.Ahead {
			srv.Run(schedCtx)
		}
		wg.Wait()
	}()

	for done := false; !done; {
		select {
		case err := <-errc:
			fmt.Fprintf(e.stderr, "recast serve: %v\n", err)
			stopSched()
			return 1
		case <-e.reload:
			reloadConfig(e, *flags, cfg, srv, fetcher, log)
		case <-ctx.Done():
			done = true
		}
	}
	// Drain: no new scheduled refreshes, the requests under way finish,
	// then the refreshes still running are cancelled and their leases
	// released.
	log.Info("recast stopping: draining requests")
	stopSched()
	<-schedDone
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		log.Warn("shutdown", "err", err)
	}
	if err := srv.Close(shutdown); err != nil {
		log.Warn("shutdown", "err", err)
	}
	log.Info("recast stopped")
	return 0
}

// reloadConfig reads the configuration again (SIGHUP) and gives the server
// its new feeds. A configuration that does not load, or changes what only a
// restart can (listen address, Redis, data dir, public URL, admin token,
// the fetch limits of the shared client), is logged and the running one
// kept whole.
func reloadConfig(e env, flags settings, cur config.Config, srv *proxy.Server, client *fetch.Client, log *slog.Logger) {
	next, err := loadConfig(e, flags)
	if err != nil {
		log.Error("reload refused; keeping the running configuration", "err", err)
		return
	}
	if next.Listen != cur.Listen || next.RedisURL != cur.RedisURL || next.DataDir != cur.DataDir ||
		next.PublicURL != cur.PublicURL || next.AdminToken != cur.AdminToken || next.AdminTokenFile != cur.AdminTokenFile ||
		!reflect.DeepEqual(next.Fetch, cur.Fetch) || next.Open != cur.Open {
		log.Error("reload refused: listen, redis_url, data_dir, public_url, the admin token, fetch and open change only with a restart; keeping the running configuration")
		return
	}
	pipeline, err := pipelines(next, client, log)
	if err != nil {
		log.Error("reload refused; keeping the running configuration", "err", err)
		return
	}
	srv.Reload(serverFeeds(next, pipeline, log))
	log.Info("configuration reloaded", "feeds", feedNames(next))
}

// openOptions is what proxy reads of open mode; nil without a key.
func openOptions(cfg config.Config, key string, pipeline func(config.Feed) *enrich.Pipeline, log *slog.Logger) *proxy.OpenOptions {
	if key == "" {
		return nil
	}
	follow := false
	return &proxy.OpenOptions{
		Key:       []byte(key),
		MaxFeeds:  cfg.Open.MaxFeeds,
		ColdRate:  rate.Limit(cfg.Open.ColdPerMinute / 60),
		ColdBurst: cfg.Open.ColdBurst,
		Feed: func(name, url string) (proxy.Feed, error) {
			return runtimeFeed(cfg, pipeline, log, proxy.FeedSpec{Name: name, URL: url, Mode: cfg.Open.Mode, FollowMoves: &follow})
		},
	}
}

// freshnessOf is what proxy reads of the configuration's freshness and
// refresh settings.
func freshnessOf(cfg config.Config) proxy.Freshness {
	return proxy.Freshness{
		TTL:                  cfg.TTL,
		MaxTTL:               cfg.MaxTTL,
		StaleWhileRevalidate: cfg.StaleWhileRevalidate,
		StaleIfError:         cfg.StaleIfError,
		RefreshTimeout:       cfg.Fetch.Timeout + refreshSlack,
		Lease:                cfg.Refresh.Lease,
		FailureBackoff:       cfg.Refresh.FailureBackoff,
		MaxFailureBackoff:    cfg.Refresh.MaxFailureBackoff,
		Concurrency:          cfg.Refresh.Concurrency,
	}
}

// refreshSlack is added to the fetch timeout for parse, enrich, render and
// the store when bounding a refresh.
const refreshSlack = 15 * time.Second

// adminToken is the admin API's token: admin_token, or the contents of
// admin_token_file.
func adminToken(cfg config.Config) (string, error) {
	return secret(cfg.AdminToken, cfg.AdminTokenFile, "admin_token_file")
}

// openKey is open mode's signing key: open.key, or the contents of
// open.key_file; "" when open mode is off.
func openKey(cfg config.Config) (string, error) {
	k, err := secret(cfg.Open.Key, cfg.Open.KeyFile, "open.key_file")
	if err == nil && k != "" && len(k) < config.MinOpenKey {
		err = fmt.Errorf("open.key_file %s holds %d characters: want at least %d", cfg.Open.KeyFile, len(k), config.MinOpenKey)
	}
	return k, err
}

// secret is value, or the first line of file (a mounted secret) when file
// is set; the error names the setting, never the secret.
func secret(value, file, key string) (string, error) {
	if file == "" {
		return value, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("%s: %w", key, err)
	}
	t := strings.TrimRight(string(b), "\r\n")
	if t == "" {
		return "", fmt.Errorf("%s %s is empty", key, file)
	}
	return t, nil
}

func feedNames(cfg config.Config) []string {
	names := make([]string, len(cfg.Feeds))
	for i, f := range cfg.Feeds {
		names[i] = f.Name
	}
	return names
}

// localURL is http://localhost:PORT for a listen address.
func localURL(listen string) string {
	_, port, err := net.SplitHostPort(listen)
	if err != nil || port == "0" {
		return ""
	}
	return "http://localhost:" + port
}

func cacheName(cfg config.Config) string {
	switch {
	case cfg.RedisURL != "":
		return "redis " + config.RedactURL(cfg.RedisURL)
	case cfg.DataDir != "":
		return "disk " + cfg.DataDir
	}
	return fmt.Sprintf("memory (%d MiB)", cfg.Cache.MemoryBytes>>20)
}

// newStore returns the store: Redis when a URL is set (shared by the
// replicas; an unreachable Redis is not fatal: recast starts, serves from
// memory and upstream, and /readyz says degraded), else the on-disk store in
// data_dir (a restart serves what it had), else memory. A data_dir that
// cannot be opened (another process holds it, no permission) falls back to
// memory with a warning.
func newStore(cfg config.Config, log *slog.Logger) (cache.Store, func(), error) {
	if cfg.RedisURL == "" {
		if cfg.DataDir != "" {
			st, err := disk.Open(cfg.DataDir, disk.Options{})
			if err == nil {
				return st, func() { st.Close() }, nil
			}
			log.Warn("data_dir unusable; copies are kept in memory only and refetched after a restart", "data_dir", cfg.DataDir, "err", err)
		}
		return memory.New(cfg.Cache.MemoryBytes), func() {}, nil
	}
	// go-redis logs every failed dial to stderr; recast already says what a
	// Redis outage means (one Warn per failed cache access), so its own
	// lines go to the debug level.
	goredis.SetLogger(redisLogger{log})
	st, err := redis.New(cfg.RedisURL, redis.Options{})
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := st.Check(ctx); err != nil {
		log.Warn("redis unreachable at start; serving from memory and upstream until it answers", "err", err)
	}
	return st, func() { st.Close() }, nil
}

// redisLogger routes go-redis's log lines to slog at debug level.
type redisLogger struct{ log *slog.Logger }

func (l redisLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, "redis: "+fmt.Sprintf(format, v...))
}

// newFetcher returns the upstream client. Operator-configured feeds may
// point anywhere, loopback and file:// included.
func newFetcher(cfg config.Config, allowPrivate bool, wrap func(http.RoundTripper) http.RoundTripper) *fetch.Client {
	return fetch.New(fetch.Options{
		UserAgent:     userAgent(),
		MaxBytes:      cfg.Fetch.MaxBytes,
		Timeout:       cfg.Fetch.Timeout,
		AllowPrivate:  allowPrivate,
		Allow:         cfg.Fetch.AllowPrivate,
		FS:            demo.FS,
		WrapTransport: wrap,
	})
}

func newLogger(e env, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: l})), nil
}
