package main

import (
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
	return cfg, nil
}
