// Package config is recast's configuration: one typed struct, read once in
// cmd from defaults, a YAML file, RECAST_* environment variables and flags
// (each overriding the one before), validated, and passed down.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/recast-podcast/recast/enrich/persons"
	"github.com/recast-podcast/recast/enrich/topics"
	"github.com/recast-podcast/recast/internal/demo"
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
	Open    Open    `yaml:"open"`

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
	// AllowPrivate lists "host:port" entries that URLs taken from feeds
	// (episode pages, chapter files) may reach although the host is on a
	// private network or the port is not 80 or 443: a NAS on the LAN, a
	// loopback server in tests. Feeds in this file may point anywhere.
	AllowPrivate []string `yaml:"allow_private"`
}

// Open configures open mode: recast serves any public feed URL signed with
// Key (HMAC-SHA256; `recast sign URL` prints the path). No key: off.
type Open struct {
	// Key signs open-mode URLs; KeyFile reads it from a file (a mounted
	// secret); env RECAST_OPEN_KEY. At least 32 characters. Whoever holds
	// it can make recast fetch any public URL: keep it with the operator.
	Key     string `yaml:"key"`
	KeyFile string `yaml:"key_file"`
	// MaxFeeds bounds the open feeds a replica keeps (memory and store
	// entries); the least recently requested is dropped first.
	MaxFeeds int `yaml:"max_feeds"`
	// ColdPerMinute is how many feeds one client address may have fetched
	// cold (no copy anywhere) per minute, with a burst of ColdBurst; past
	// it, 429 with Retry-After.
	ColdPerMinute float64 `yaml:"cold_per_minute"`
	ColdBurst     int     `yaml:"cold_burst"`
	// Mode is the open feeds' mode; mirror unless set (they are other
	// people's shows). Open feeds never follow an itunes:new-feed-url: the
	// signer signed this URL, not the one it announces.
	Mode string `yaml:"mode"`
}

// MinOpenKey is the shortest open.key accepted.
const MinOpenKey = 32

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
	// FollowMoves is whether a mirror follows the upstream's
	// itunes:new-feed-url (or podcast:newFeedUrl) to the new URL, as podcast
	// apps do; nil: true. The new URL passes the private-network guard
	// either way, and each decision is logged.
	FollowMoves *bool `yaml:"follow_moves,omitempty"`
	// Upstream authenticates recast to a private upstream feed.
	Upstream Upstream `yaml:"upstream,omitempty"`
	// Token makes the feed private downstream: it is served at
	// /feeds/{name}/{token} only, with Cache-Control: private and no
	// surrogate keys, and listed nowhere.
	Token Secret `yaml:"token,omitempty"`
}

// Follows reports whether f follows an announced move (FollowMoves, default
// true).
func (f Feed) Follows() bool { return f.FollowMoves == nil || *f.FollowMoves }

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
		Open:                 Open{MaxFeeds: 100, ColdPerMinute: 6, ColdBurst: 3, Mode: ModeMirror},
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
// so a typo does not silently do nothing. A file that reads but does not
// decode returns every problem found, joined, each a *Problem with the file,
// the line and, where it can be told, the key path.
func (c *Config) LoadFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	err = dec.Decode(c)
	if err == nil || errors.Is(err, io.EOF) { // an empty file is fine
		return nil
	}
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return &Problem{File: path, Err: err} // a syntax error: yaml names the line
	}
	keys := yamlKeys(b)
	var errs []error
	for _, msg := range te.Errors {
		errs = append(errs, typeProblem(path, msg, keys))
	}
	return errors.Join(errs...)
}

// A Problem is one thing wrong with a configuration: where (the YAML key
// path, and for what the file's text itself gets wrong, the file and line)
// and what. Validate and LoadFile return them joined.
type Problem struct {
	File string // the YAML file; "" when the problem is in the merged configuration
	Line int    // line in File; 0: not known
	Key  string // YAML key path ("feeds[2].url", "refresh.lease"); "": not known
	Err  error
}

func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString("config: ")
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	if p.Key != "" {
		b.WriteString(p.Key)
		b.WriteString(": ")
	}
	b.WriteString(p.Err.Error())
	return b.String()
}

func (p *Problem) Unwrap() error { return p.Err }

// Problems flattens the errors joined in err (as Validate and LoadFile
// return them), in order, so each can be shown on a line of its own.
func Problems(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, Problems(e)...)
		}
		return out
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// yamlKey is a key (or a sequence item) of a YAML document: its path and line.
type yamlKey struct {
	line  int
	path  string
	name  string // the key; "" for a sequence item
	value string // the scalar value; "" for a mapping or sequence
}

// yamlKeys lists the keys of the YAML document b, so a decoding error,
// which yaml reports by line, can be given its key path.
func yamlKeys(b []byte) []yamlKey {
	var doc yaml.Node
	if yaml.Unmarshal(b, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	var out []yamlKey
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				p := k.Value
				if path != "" {
					p = path + "." + k.Value
				}
				out = append(out, yamlKey{line: k.Line, path: p, name: k.Value, value: scalar(v)})
				walk(v, p)
			}
		case yaml.SequenceNode:
			for i, v := range n.Content {
				p := fmt.Sprintf("%s[%d]", path, i)
				out = append(out, yamlKey{line: v.Line, path: p, value: scalar(v)})
				walk(v, p)
			}
		}
	}
	walk(doc.Content[0], "")
	return out
}

func scalar(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return ""
}

var (
	yamlLine    = regexp.MustCompile(`^line (\d+): (.*)$`)
	yamlUnknown = regexp.MustCompile(`^field (.+) not found in type \S+$`)
	yamlValue   = regexp.MustCompile("`([^`]*)`")
)

// typeProblem turns one of yaml's decoding errors ("line 3: field tll not
// found in type config.Config") into a Problem naming the key.
func typeProblem(file, msg string, keys []yamlKey) *Problem {
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return &Problem{File: file, Err: errors.New(msg)}
	}
	p := &Problem{File: file, Err: errors.New(m[2])}
	p.Line, _ = strconv.Atoi(m[1])
	if u := yamlUnknown.FindStringSubmatch(m[2]); u != nil {
		p.Err = errors.New("unknown key")
		for _, k := range keys {
			if k.line == p.Line && k.name == u[1] {
				p.Key = k.path
				return p
			}
		}
		p.Err = fmt.Errorf("unknown key %q", u[1])
		return p
	}
	// A value that does not fit its key: the one key of the line with that
	// value, or the one key of the line.
	var onLine []yamlKey
	for _, k := range keys {
		if k.line == p.Line && k.value != "" {
			onLine = append(onLine, k)
		}
	}
	if v := yamlValue.FindStringSubmatch(m[2]); v != nil {
		for _, k := range onLine {
			if k.value == v[1] {
				p.Key = k.path
				return p
			}
		}
	}
	if len(onLine) == 1 {
		p.Key = onLine[0].path
	}
	return p
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

// LogLevels are the values of log_level.
var LogLevels = []string{"debug", "info", "warn", "error"}

// RedisSchemes are the schemes a redis_url may have.
var RedisSchemes = []string{"redis", "rediss", "unix", "redis+cluster", "rediss+cluster", "redis+sentinel", "rediss+sentinel"}

// MinLease is the shortest refresh.lease: the holder renews it every third.
const MinLease = time.Second

// Validate checks c and fills per-feed defaults. It returns every problem
// found, joined, each a *Problem naming its key path ("feeds[2].url"). It
// reads no file and opens no connection: the enrichers' rules and labels
// are checked by the enrichers' own code, but whether admin_token_file,
// topics.vocabulary_file, data_dir and file:// feeds can be read is left to
// the code that reads them (and to recast config check).
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, format string, a ...any) {
		errs = append(errs, &Problem{Key: key, Err: fmt.Errorf(format, a...)})
	}
	if !slices.Contains(LogLevels, strings.ToLower(c.LogLevel)) {
		bad("log_level", "%q: want debug, info, warn or error", c.LogLevel)
	}
	if err := checkListen(c.Listen); err != nil {
		bad("listen", "%q: %v", c.Listen, err)
	}
	if c.PublicURL != "" {
		if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("public_url", "%q is not an http(s) URL", c.PublicURL)
		}
		c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	}
	if c.RedisURL != "" {
		if err := checkRedisURL(c.RedisURL); err != nil {
			bad("redis_url", "%s: %v", RedactURL(c.RedisURL), err)
		}
	}
	if c.AdminToken != "" && c.AdminTokenFile != "" {
		bad("admin_token_file", "set together with admin_token (or RECAST_ADMIN_TOKEN): set one")
	}
	if c.Open.Key != "" && c.Open.KeyFile != "" {
		bad("open.key_file", "set together with open.key (or RECAST_OPEN_KEY): set one")
	}
	if c.Open.Key != "" && len(c.Open.Key) < MinOpenKey {
		bad("open.key", "%d characters: want at least %d (e.g. openssl rand -hex 32)", len(c.Open.Key), MinOpenKey)
	}
	if c.Open.MaxFeeds < 1 {
		bad("open.max_feeds", "must be at least 1, got %d", c.Open.MaxFeeds)
	}
	if c.Open.ColdPerMinute <= 0 {
		bad("open.cold_per_minute", "must be positive, got %v", c.Open.ColdPerMinute)
	}
	if c.Open.ColdBurst < 1 {
		bad("open.cold_burst", "must be at least 1, got %d", c.Open.ColdBurst)
	}
	if c.Open.Mode != ModeMirror && c.Open.Mode != ModePublisher {
		bad("open.mode", "%q: want mirror or publisher", c.Open.Mode)
	}
	if c.TTL <= 0 {
		bad("ttl", "must be positive, got %s", c.TTL)
	}
	if c.MaxTTL < c.TTL {
		bad("max_ttl", "%s must be at least ttl (%s)", c.MaxTTL, c.TTL)
	}
	if c.StaleWhileRevalidate < 0 {
		bad("stale_while_revalidate", "must not be negative, got %s", c.StaleWhileRevalidate)
	}
	if c.StaleIfError < 0 {
		bad("stale_if_error", "must not be negative, got %s", c.StaleIfError)
	}
	if c.Fetch.Timeout <= 0 {
		bad("fetch.timeout", "must be positive, got %s", c.Fetch.Timeout)
	}
	if c.Fetch.MaxBytes <= 0 {
		bad("fetch.max_bytes", "must be positive, got %d", c.Fetch.MaxBytes)
	}
	for _, hp := range c.Fetch.AllowPrivate {
		if h, p, err := net.SplitHostPort(hp); err != nil || h == "" || p == "" {
			bad("fetch.allow_private", "%q: want host:port, such as nas.lan:8080", hp)
		}
	}
	if c.Cache.MemoryBytes <= 0 {
		bad("cache.memory_bytes", "must be positive, got %d", c.Cache.MemoryBytes)
	}
	r := c.Refresh
	if r.Lease < MinLease {
		bad("refresh.lease", "must be at least %s, got %s", MinLease, r.Lease)
	}
	if r.Concurrency < 1 {
		bad("refresh.concurrency", "must be at least 1, got %d", r.Concurrency)
	}
	if r.FailureBackoff <= 0 {
		bad("refresh.failure_backoff", "must be positive, got %s", r.FailureBackoff)
	}
	if r.MaxFailureBackoff < r.FailureBackoff {
		bad("refresh.max_failure_backoff", "%s must be at least failure_backoff (%s)", r.MaxFailureBackoff, r.FailureBackoff)
	}
	if len(c.Topics.Feeds) > 0 {
		bad("topics.feeds", "per-feed topic settings go in feeds[].enrich.topics")
	}
	errs = append(errs, checkRules("topics.rules", c.Topics.Rules)...)
	errs = append(errs, c.Enrich.check("enrich")...)

	seen := map[string]bool{}
	for i := range c.Feeds {
		f := &c.Feeds[i]
		key := fmt.Sprintf("feeds[%d]", i)
		if !feedName.MatchString(f.Name) {
			bad(key+".name", "%q: use letters, digits, '.', '_' and '-'", f.Name)
		} else if seen[f.Name] {
			bad(key+".name", "feed %q is configured twice", f.Name)
		}
		seen[f.Name] = true
		if err := checkFeedURL(f.URL); err != nil {
			bad(key+".url", "feed %q: %v", f.Name, err)
		}
		if f.TTL == 0 {
			f.TTL = c.TTL
		} else if f.TTL < 0 {
			bad(key+".ttl", "feed %q: must be positive, got %s", f.Name, f.TTL)
		}
		switch f.Mode {
		case "":
			f.Mode = ModePublisher
		case ModePublisher, ModeMirror:
		default:
			bad(key+".mode", "feed %q: %q: want publisher or mirror", f.Name, f.Mode)
		}
		errs = append(errs, f.Enrich.check(key+".enrich")...)
		checkPrivate(key, f, bad)
	}
	return errors.Join(errs...)
}

// checkListen checks a host:port listen address.
func checkListen(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		var ae *net.AddrError
		if errors.As(err, &ae) {
			return errors.New(ae.Err + " (want host:port or :port)")
		}
		return err
	}
	if port == "" {
		return errors.New("no port (want host:port or :port)")
	}
	if n, err := strconv.Atoi(port); err == nil {
		if n < 0 || n > 65535 {
			return fmt.Errorf("port %d out of range", n)
		}
		return nil
	}
	if _, err := net.LookupPort("tcp", port); err != nil {
		return fmt.Errorf("port %q is no number or known service", port)
	}
	return nil
}

// checkRedisURL checks a redis_url's scheme and shape; its errors do not
// repeat the URL (which may hold a password).
func checkRedisURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the URL, password included
		}
		return fmt.Errorf("does not parse: %w", err)
	}
	if !slices.Contains(RedisSchemes, u.Scheme) {
		return fmt.Errorf("scheme %q: want %s", u.Scheme, strings.Join(RedisSchemes, ", "))
	}
	if u.Scheme == "unix" {
		if u.Path == "" {
			return errors.New("no socket path (unix:///path/redis.sock)")
		}
		if u.Query().Has("addr") {
			return errors.New("a cluster cannot be reached over a unix socket")
		}
		return nil
	}
	if u.Host == "" {
		return errors.New("no host")
	}
	if strings.HasSuffix(u.Scheme, "+sentinel") {
		if strings.Trim(u.Path, "/") == "" && u.Query().Get("master_name") == "" {
			return errors.New("no master name (redis+sentinel://sentinel:26379/mymaster)")
		}
		return nil
	}
	if (u.Scheme == "redis" || u.Scheme == "rediss") && !u.Query().Has("addr") {
		if db := strings.TrimPrefix(u.Path, "/"); db != "" {
			if _, err := strconv.Atoi(db); err != nil {
				return fmt.Errorf("database %q is not a number", db)
			}
		}
	}
	return nil
}

// checkFeedURL checks a feed's upstream URL: http(s) with a host, file, or
// builtin naming a file the binary embeds.
func checkFeedURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("%q: %w", s, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return fmt.Errorf("%q has no host", s)
		}
	case "file":
		if u.Path == "" {
			return fmt.Errorf("%q has no path (file:///path/feed.xml)", s)
		}
	case "builtin":
		// As fetch reads it: builtin:NAME, a file of demo.FS.
		name := u.Opaque
		if name == "" {
			name = strings.TrimPrefix(u.Path, "/")
		}
		if !fs.ValidPath(name) {
			return fmt.Errorf("%q: invalid builtin name", s)
		}
		if _, err := fs.Stat(demo.FS, name); err != nil {
			return fmt.Errorf("%q: no such builtin file (there is %s)", s, strings.Join(builtinNames(), ", "))
		}
	default:
		return fmt.Errorf("%q: scheme must be http, https, file or builtin", s)
	}
	return nil
}

// builtinNames lists the builtin: URLs the binary serves.
func builtinNames() []string {
	var names []string
	fs.WalkDir(demo.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, "builtin:"+p)
		}
		return nil
	})
	return names
}

// check checks the enricher settings at key ("enrich" or
// "feeds[2].enrich") by the enrichers' own code.
func (e Enrich) check(key string) []error {
	var errs []error
	bad := func(key, format string, a ...any) {
		errs = append(errs, &Problem{Key: key, Err: fmt.Errorf(format, a...)})
	}
	if e.Chapters != nil {
		ch := e.Chapters.Config
		if ch.Timeout < 0 {
			bad(key+".chapters.timeout", "must not be negative, got %s", ch.Timeout)
		}
		if ch.MaxPageBytes < 0 {
			bad(key+".chapters.max_page_bytes", "must not be negative, got %d", ch.MaxPageBytes)
		}
		if ch.MaxID3Bytes < 0 {
			bad(key+".chapters.max_id3_bytes", "must not be negative, got %d", ch.MaxID3Bytes)
		}
	}
	if e.Topics != nil {
		tc := e.Topics.Config
		if l := strings.TrimSpace(tc.Language); l != "" {
			if _, err := topics.New(topics.Config{Feeds: map[string]topics.FeedConfig{"f": {Language: l}}}); err != nil {
				bad(key+".topics.language", "%q: no stopwords for that language (want an ISO 639-1 code recast has stopwords for, or none)", l)
			}
		}
		errs = append(errs, checkRules(key+".topics.rules", tc.Rules)...)
	}
	if e.Persons != nil {
		labels := slices.Sorted(maps.Keys(e.Persons.Config.Labels))
		for _, l := range labels {
			pc := persons.Config{Labels: map[string][]string{l: e.Persons.Config.Labels[l]}}
			if err := pc.Validate(); err != nil {
				errs = append(errs, &Problem{Key: key + ".persons.labels", Err: err})
			}
		}
	}
	return errs
}

// checkRules checks topic rules at key ("topics.rules") as the topic tagger
// compiles them: all at once, and one by one only to tell which fail.
func checkRules(key string, rules []topics.Rule) []error {
	if len(rules) == 0 {
		return nil
	}
	if _, err := topics.New(topics.Config{Rules: rules}); err == nil {
		return nil
	}
	var errs []error
	for i, r := range rules {
		_, err := topics.New(topics.Config{Rules: []topics.Rule{r}})
		if err == nil {
			continue
		}
		k := fmt.Sprintf("%s[%d]", key, i)
		var se *syntax.Error
		switch {
		case strings.TrimSpace(r.Match) == "":
			errs = append(errs, &Problem{Key: k + ".match", Err: errors.New("required")})
		case strings.TrimSpace(r.Tag) == "":
			errs = append(errs, &Problem{Key: k + ".tag", Err: errors.New("required")})
		case errors.As(err, &se):
			errs = append(errs, &Problem{Key: k + ".match", Err: fmt.Errorf("%q: %w", r.Match, se)})
		default:
			errs = append(errs, &Problem{Key: k, Err: err})
		}
	}
	return errs
}

// Redacted returns c as YAML with secrets (the Redis password, the admin
// token) hidden, for logs, `recast serve --print-config` and `recast config
// check`.
func (c Config) Redacted() string {
	c.RedisURL = RedactURL(c.RedisURL)
	if c.AdminToken != "" {
		c.AdminToken = "REDACTED"
	}
	if c.Open.Key != "" {
		c.Open.Key = "REDACTED"
	}
	b, _ := yaml.Marshal(c)
	return string(b)
}

var userPassword = regexp.MustCompile(`(//[^/@:]*:)[^@/]*@`)

// RedactURL hides the password of a URL: its user info's and any query
// parameter whose name holds "password" (sentinel_password=).
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		// Unparsable, yet it may hold a password: hide what sits between
		// "user:" and "@".
		return userPassword.ReplaceAllString(s, "${1}REDACTED@")
	}
	changed := false
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "REDACTED")
			changed = true
		}
	}
	q, inQuery := u.Query(), false
	for k := range q {
		if strings.Contains(strings.ToLower(k), "password") {
			q.Set(k, "REDACTED")
			inQuery = true
		}
	}
	if inQuery {
		u.RawQuery = q.Encode()
		changed = true
	}
	if !changed {
		return s
	}
	return u.String()
}
