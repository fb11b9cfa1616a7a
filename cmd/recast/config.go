package main

import (
	"flag"
	"strings"

	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/internal/demo"
)

// settings are what the command line says about the configuration: the
// file to read and the flags that override it ("" or nil: not given).
type settings struct {
	file                                           string
	listen, redisURL, publicURL, logLevel, dataDir string
	feeds                                          []string // NAME=URL
}

// configFlags defines on fs the flags that say where the configuration
// comes from and override it, shared by recast serve and recast config
// check; the settings are filled when fs is parsed.
func configFlags(fs *flag.FlagSet, e env) *settings {
	s := &settings{}
	fs.StringVar(&s.file, "config", e.getenv("RECAST_CONFIG"), "YAML config `file` (env RECAST_CONFIG)")
	fs.StringVar(&s.listen, "listen", "", "address to listen on, e.g. :8080 or 127.0.0.1:0 (env RECAST_LISTEN; default :8080)")
	fs.StringVar(&s.redisURL, "redis-url", "", "shared cache: redis://, rediss://, redis+cluster:// or redis+sentinel:// `URL` (env RECAST_REDIS_URL; default: the on-disk store in data_dir)")
	fs.StringVar(&s.publicURL, "public-url", "", "`URL` recast is reached at; points each feed's atom:link rel=self there (env RECAST_PUBLIC_URL)")
	fs.StringVar(&s.logLevel, "log-level", "", "debug, info, warn or error (env RECAST_LOG_LEVEL; default info)")
	fs.StringVar(&s.dataDir, "data-dir", "", "`DIR` of the on-disk store used without Redis (env RECAST_DATA_DIR; default ~/.cache/recast; \"\" in the file: memory only)")
	fs.Var((*listFlag)(&s.feeds), "feed", "a feed to serve at /feeds/NAME, as `NAME=URL`; repeatable (env RECAST_FEEDS, comma-separated)")
	return s
}

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// loadConfig builds the effective configuration: defaults, then the YAML
// file, then RECAST_* environment variables, then flags; with no feed at
// all, the offline demo. It returns the validated configuration, or every
// problem found. recast serve calls it at start and on SIGHUP.
func loadConfig(e env, s settings) (config.Config, error) {
	cfg := config.Default()
	if s.file != "" {
		if err := cfg.LoadFile(s.file); err != nil {
			return cfg, err
		}
	}
	// Environment over the file, flags over the environment.
	pick := func(dst *string, flagVal, envName string) {
		if v := e.getenv(envName); v != "" {
			*dst = v
		}
		if flagVal != "" {
			*dst = flagVal
		}
	}
	pick(&cfg.Listen, s.listen, "RECAST_LISTEN")
	pick(&cfg.RedisURL, s.redisURL, "RECAST_REDIS_URL")
	pick(&cfg.PublicURL, s.publicURL, "RECAST_PUBLIC_URL")
	pick(&cfg.LogLevel, s.logLevel, "RECAST_LOG_LEVEL")
	pick(&cfg.DataDir, s.dataDir, "RECAST_DATA_DIR")
	pick(&cfg.AdminToken, "", "RECAST_ADMIN_TOKEN")
	pick(&cfg.Open.Key, "", "RECAST_OPEN_KEY")
	feeds := s.feeds
	if v := e.getenv("RECAST_FEEDS"); v != "" && len(feeds) == 0 {
		feeds = strings.Split(v, ",")
	}
	for _, f := range feeds {
		feed, err := config.ParseFeedFlag(f)
		if err != nil {
			return cfg, err
		}
		cfg.Feeds = append(cfg.Feeds, feed)
	}
	if len(cfg.Feeds) == 0 {
		// The offline demo: links point back at this process.
		cfg.Feeds = []config.Feed{{Name: "demo", URL: demo.URL}}
		if cfg.PublicURL == "" {
			cfg.PublicURL = localURL(cfg.Listen)
		}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	if err := cfg.ResolveSecrets(e.getenv); err != nil {
		return cfg, err
	}
	return cfg, nil
}
