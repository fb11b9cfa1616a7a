// Package config is recast's configuration: one typed struct, read once in
// cmd from defaults, a YAML file, RECAST_* environment variables and flags
// (each overriding the one before), validated, and passed down.
package config

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/recast-podcast/recast/enrich/topics"
)

// Config is the whole of recast's configuration.
type Config struct {
	Listen    string `yaml:"listen"`     // address recast serve listens on
	PublicURL string `yaml:"public_url"` // URL recast is reached at; "" = no self link rewrite, chapter URLs relative to Listen
	RedisURL  string `yaml:"redis_url"`  // "" = in-process memory cache only
	LogLevel  string `yaml:"log_level"`  // debug, info, warn, error
	// AccessLog writes one info line per request (method, path, status,
	// bytes, duration, cache result, request id).
	AccessLog bool `yaml:"access_log"`
	// DataDir holds the embedded on-disk store (a bbolt file) used when
	// RedisURL is empty, so a restart serves the feeds it had without
	// refetching them. "": memory only.
	DataDir string `yaml:"data_dir"`
	// AdminToken enables POST /admin/purge/{name} and /admin/refresh/{name}
	// behind "Authorization: Bearer TOKEN"; AdminTokenFile reads it from a
	// file (a mounted secret). Both empty: the admin API is off.
	AdminToken     string `yaml:"admin_token"`
	AdminTokenFile string `yaml:"admin_token_file"`

	Cache   Cache   `yaml:"cache"`
	Fetch   Fetch   `yaml:"fetch"`
	Refresh Refresh `yaml:"refresh"`

	// Defaults for every feed; a feed may override TTL and Mode.
	TTL                  time.Duration `yaml:"ttl"`                    // freshness of an enriched feed
	MaxTTL               time.Duration `yaml:"max_ttl"`                // cap on freshness taken from upstream max-age
	StaleWhileRevalidate time.Duration `yaml:"stale_while_revalidate"` // advertised to CDNs
	StaleIfError         time.Duration `yaml:"stale_if_error"`         // how long the last good copy is served while upstream fails

	// Enrich is every feed's default enricher settings; Topics the topic
	// tagger's shared vocabulary and rules.
	Enrich Enrich        `yaml:"enrich"`
	Topics topics.Config `yaml:"topics"`

	Feeds []Feed `yaml:"feeds"`
}

// Cache configures the cache backends.
type Cache struct {
	MemoryBytes int64 `yaml:"memory_bytes"` // bound of the in-process cache
}

// Fetch configures the upstream client.
type Fetch struct {
	Timeout  time.Duration `yaml:"timeout"`   // whole request, headers to last byte
	MaxBytes int64         `yaml:"max_bytes"` // cap on a feed body, decompressed
}

// Refresh configures how feeds are kept fresh.
type Refresh struct {
	// Lease is how long a replica's claim to refresh a feed lasts in Redis
	// before it must be renewed (the holder renews it while it works); a
	// replica that dies loses it after this long.
	Lease time.Duration `yaml:"lease"`
	// Ahead switches on the scheduler that refreshes every configured feed
	// shortly before its copy expires (with jitter), so requests never wait
	// on an upstream.
	Ahead bool `yaml:"ahead"`
	// Concurrency bounds the refreshes the scheduler runs at once.
	Concurrency int `yaml:"concurrency"`
	// FailureBackoff is how long a failing upstream is left alone after a
	// failure without Retry-After; it doubles with each failure in a row up
	// to MaxFailureBackoff, with ±20% jitter.
	FailureBackoff    time.Duration `yaml:"failure_backoff"`
	MaxFailureBackoff time.Duration `yaml:"max_failure_backoff"`
}

// Feed is one feed recast serves at /feeds/{Name}.
type Feed struct {
	Name string        `yaml:"name"`
	URL  string        `yaml:"url"` // http(s)://, file:// or builtin:NAME
	TTL  time.Duration `yaml:"ttl"` // 0 = Config.TTL
	// Mode is "publisher" (recast is the show's own origin: pass everything
	// through) or "mirror" (enriching someone else's show).
	Mode string `yaml:"mode"`
	// Enrich overrides the default enricher settings, block by block.
	Enrich Enrich `yaml:"enrich"`
}

// Feed modes.
const (
	ModePublisher = "publisher"
	ModeMirror    = "mirror"
)

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		Listen:               ":8080",
		LogLevel:             "info",
		AccessLog:            true,
		DataDir:              DefaultDataDir(),
		Refresh:              Refresh{Lease: 10 * time.Second, Ahead: true, Concurrency: 4, FailureBackoff: 30 * time.Second, MaxFailureBackoff: 15 * time.Minute},
		Cache:                Cache{MemoryBytes: 256 << 20},
		Fetch:                Fetch{Timeout: 30 * time.Second, MaxBytes: 32 << 20},
		TTL:                  10 * time.Minute,
		MaxTTL:               24 * time.Hour,
		StaleWhileRevalidate: 10 * time.Minute,
		StaleIfError:         7 * 24 * time.Hour,
	}
}

// DefaultDataDir is where the embedded store lives by default: recast/ in
// the user's cache directory ($XDG_CACHE_HOME, else ~/.cache), or "" (memory
// only) when there is none.
func DefaultDataDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "recast")
}

// LoadFile merges the YAML file at path into c. Unknown keys are an error,
// so a typo does not silently do nothing.
func (c *Config) LoadFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) { // an empty file is fine
		return fmt.Errorf("config: %s: %w", path, err)
	}
	return nil
}

// ParseFeedFlag parses "NAME=URL" as given to --feed and in RECAST_FEEDS.
func ParseFeedFlag(s string) (Feed, error) {
	name, u, ok := strings.Cut(strings.TrimSpace(s), "=")
	if !ok || name == "" || u == "" {
		return Feed{}, fmt.Errorf("config: feed %q: want NAME=URL", s)
	}
	return Feed{Name: name, URL: u}, nil
}

var feedName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)

// Validate checks c and fills per-feed defaults. It returns every problem
// found, joined.
func (c *Config) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf("config: "+format, a...)) }
	if c.TTL <= 0 {
		bad("ttl must be positive, got %s", c.TTL)
	}
	if c.MaxTTL < c.TTL {
		bad("max_ttl (%s) must be at least ttl (%s)", c.MaxTTL, c.TTL)
	}
	if c.StaleWhileRevalidate < 0 || c.StaleIfError < 0 {
		bad("stale_while_revalidate (%s) and stale_if_error (%s) must not be negative", c.StaleWhileRevalidate, c.StaleIfError)
	}
	if c.Fetch.MaxBytes <= 0 || c.Fetch.Timeout <= 0 {
		bad("fetch.max_bytes and fetch.timeout must be positive")
	}
	if c.Cache.MemoryBytes <= 0 {
		bad("cache.memory_bytes must be positive")
	}
	if c.PublicURL != "" {
		if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("public_url %q is not an http(s) URL", c.PublicURL)
		}
		c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	}
	seen := map[string]bool{}
	for i := range c.Feeds {
		f := &c.Feeds[i]
		if !feedName.MatchString(f.Name) {
			bad("feed name %q: use letters, digits, '.', '_' and '-'", f.Name)
		}
		if seen[f.Name] {
			bad("feed %q is configured twice", f.Name)
		}
		seen[f.Name] = true
		u, err := url.Parse(f.URL)
		switch {
		case err != nil:
			bad("feed %q: url: %v", f.Name, err)
		case u.Scheme == "http" || u.Scheme == "https":
			if u.Host == "" {
				bad("feed %q: url %q has no host", f.Name, f.URL)
			}
		case u.Scheme == "file" || u.Scheme == "builtin":
		default:
			bad("feed %q: url %q: scheme must be http, https, file or builtin", f.Name, f.URL)
		}
		if f.TTL == 0 {
			f.TTL = c.TTL
		} else if f.TTL < 0 {
			bad("feed %q: ttl must be positive, got %s", f.Name, f.TTL)
		}
		switch f.Mode {
		case "":
			f.Mode = ModePublisher
		case ModePublisher, ModeMirror:
		default:
			bad("feed %q: mode %q: want publisher or mirror", f.Name, f.Mode)
		}
	}
	return errors.Join(errs...)
}

// Redacted returns c as YAML with secrets (the Redis password) hidden, for
// logs and `recast serve --print-config`.
func (c Config) Redacted() string {
	c.RedisURL = RedactURL(c.RedisURL)
	if c.AdminToken != "" {
		c.AdminToken = "REDACTED"
	}
	b, _ := yaml.Marshal(c)
	return string(b)
}

// RedactURL hides the password of a URL.
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "REDACTED")
	}
	return u.String()
}
