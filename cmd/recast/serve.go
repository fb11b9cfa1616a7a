package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/recast-podcast/recast/cache"
	"github.com/recast-podcast/recast/cache/memory"
	"github.com/recast-podcast/recast/cache/redis"
	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/fetch"
	"github.com/recast-podcast/recast/internal/demo"
	"github.com/recast-podcast/recast/proxy"
)

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// runServe runs `recast serve`. When ready is non-nil it receives the bound
// address once the server listens (tests start it on 127.0.0.1:0).
func runServe(ctx context.Context, args []string, e env, ready chan<- string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var (
		configFile  = fs.String("config", e.getenv("RECAST_CONFIG"), "YAML config `file` (env RECAST_CONFIG)")
		listen      = fs.String("listen", "", "address to listen on, e.g. :8080 or 127.0.0.1:0 (env RECAST_LISTEN; default :8080)")
		redisURL    = fs.String("redis-url", "", "shared cache: redis://, rediss:// or redis+cluster:// `URL` (env RECAST_REDIS_URL; default: in-process memory)")
		publicURL   = fs.String("public-url", "", "`URL` recast is reached at; points each feed's atom:link rel=self there (env RECAST_PUBLIC_URL)")
		logLevel    = fs.String("log-level", "", "debug, info, warn or error (env RECAST_LOG_LEVEL; default info)")
		dataDir     = fs.String("data-dir", "", "`DIR` of the on-disk store used without Redis (env RECAST_DATA_DIR; default ~/.cache/recast; \"\" in the file: memory only)")
		printConfig = fs.Bool("print-config", false, "print the effective configuration (secrets redacted) and exit")
		feeds       listFlag
	)
	fs.Var(&feeds, "feed", "a feed to serve at /feeds/NAME, as `NAME=URL`; repeatable (env RECAST_FEEDS, comma-separated)")
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

	cfg, err := loadConfig(e, settings{
		file: *configFile, listen: *listen, redisURL: *redisURL, publicURL: *publicURL,
		logLevel: *logLevel, dataDir: *dataDir, feeds: feeds,
	})
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

	pipeline, err := pipelines(cfg, log)
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
		Config:   cfg,
		Store:    store,
		Fetch:    newFetcher(cfg, true),
		Pipeline: pipeline,
		Log:      log,
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
	names := make([]string, len(cfg.Feeds))
	for i, f := range cfg.Feeds {
		names[i] = f.Name
	}
	if cfg.PublicURL == "" {
		log.Warn("public_url is not set: feeds keep their own atom:link rel=self and get no podcast:chapters links; set --public-url")
	}
	log.Info("recast serving", "version", version, "addr", ln.Addr().String(), "feeds", names,
		"cache", cacheName(cfg), "public_url", cfg.PublicURL)
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintf(e.stderr, "recast serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		log.Warn("shutdown", "err", err)
	}
	log.Info("recast stopped")
	return 0
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
	if cfg.RedisURL != "" {
		return "redis " + config.RedactURL(cfg.RedisURL)
	}
	return fmt.Sprintf("memory (%d MiB)", cfg.Cache.MemoryBytes>>20)
}

// newStore returns the shared cache: Redis when a URL is set, else the
// in-process memory store. An unreachable Redis is not fatal: recast starts,
// serves from memory and upstream, and /readyz says degraded.
func newStore(cfg config.Config, log *slog.Logger) (cache.Store, func(), error) {
	if cfg.RedisURL == "" {
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
func newFetcher(cfg config.Config, allowPrivate bool) *fetch.Client {
	return fetch.New(fetch.Options{
		UserAgent:    userAgent(),
		MaxBytes:     cfg.Fetch.MaxBytes,
		Timeout:      cfg.Fetch.Timeout,
		AllowPrivate: allowPrivate,
		FS:           demo.FS,
	})
}

func newLogger(e env, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: l})), nil
}
