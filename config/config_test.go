package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLoadFileAndValidate(t *testing.T) {
	tests := map[string]struct {
		yaml    string
		wantErr string // substring; "" = valid
		check   func(t *testing.T, c Config)
	}{
		"full file": {
			yaml: `
listen: "127.0.0.1:9000"
public_url: "https://feeds.example.com/"
redis_url: "redis://:secret@redis:6379/0"
ttl: 5m
feeds:
  - name: kiosk
    url: https://example.com/feed.xml
    ttl: 15m
    mode: mirror
  - name: local
    url: file:///srv/feed.xml
`,
			check: func(t *testing.T, c Config) {
				if c.Listen != "127.0.0.1:9000" || c.PublicURL != "https://feeds.example.com" {
					t.Errorf("listen/public_url = %q %q", c.Listen, c.PublicURL)
				}
				if c.Feeds[0].TTL != 15*time.Minute || c.Feeds[1].TTL != 5*time.Minute {
					t.Errorf("feed TTLs = %s %s, want 15m and the default 5m", c.Feeds[0].TTL, c.Feeds[1].TTL)
				}
				if c.Feeds[0].Mode != ModeMirror || c.Feeds[1].Mode != ModePublisher {
					t.Errorf("modes = %q %q", c.Feeds[0].Mode, c.Feeds[1].Mode)
				}
				if r := c.Redacted(); strings.Contains(r, "secret") || !strings.Contains(r, "REDACTED") {
					t.Errorf("redacted config shows the password:\n%s", r)
				}
			},
		},
		"empty file keeps defaults": {yaml: "", check: func(t *testing.T, c Config) {
			if c.TTL != 10*time.Minute || c.Listen != ":8080" {
				t.Errorf("defaults lost: %+v", c)
			}
		}},
		"unknown key is an error":         {yaml: "tll: 5m\n", wantErr: "recast.yaml:1: tll: unknown key"},
		"duplicate feed":                  {yaml: "feeds: [{name: a, url: 'https://x/a'}, {name: a, url: 'https://x/b'}]", wantErr: "feeds[1].name: feed \"a\" is configured twice"},
		"bad scheme":                      {yaml: "feeds: [{name: a, url: 'ftp://x/a'}]", wantErr: "feeds[0].url: feed \"a\": \"ftp://x/a\": scheme must be"},
		"bad name":                        {yaml: "feeds: [{name: 'a b', url: 'https://x/a'}]", wantErr: "feeds[0].name: \"a b\": use letters"},
		"bad mode":                        {yaml: "feeds: [{name: a, url: 'https://x/a', mode: relay}]", wantErr: "feeds[0].mode: feed \"a\": \"relay\": want publisher or mirror"},
		"public url must be http(s)":      {yaml: "public_url: feeds.example.com", wantErr: "public_url"},
		"negative feed ttl":               {yaml: "feeds: [{name: a, url: 'https://x/a', ttl: -1m}]", wantErr: "feeds[0].ttl: feed \"a\": must be positive"},
		"negative stale_if_error":         {yaml: "stale_if_error: -1h", wantErr: "stale_if_error"},
		"negative stale_while_revalidate": {yaml: "stale_while_revalidate: -1m", wantErr: "stale_while_revalidate"},
		"partial block keeps the other defaults": {yaml: "fetch: {max_bytes: 1024}", check: func(t *testing.T, c Config) {
			if c.Fetch.MaxBytes != 1024 || c.Fetch.Timeout != 30*time.Second {
				t.Errorf("fetch = %+v, want max_bytes 1024 and the default timeout", c.Fetch)
			}
		}},
		"allow_private list": {yaml: "fetch: {allow_private: [\"nas.lan:8080\", \"127.0.0.1:8001\"]}", check: func(t *testing.T, c Config) {
			if len(c.Fetch.AllowPrivate) != 2 || c.Fetch.AllowPrivate[0] != "nas.lan:8080" {
				t.Errorf("allow_private = %q", c.Fetch.AllowPrivate)
			}
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "recast.yaml")
			if err := os.WriteFile(path, []byte(tc.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			c := Default()
			err := c.LoadFile(path)
			if err == nil {
				err = c.Validate()
			}
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
			}
			if tc.check != nil {
				tc.check(t, c)
			}
		})
	}
}

func TestParseFeedFlag(t *testing.T) {
	f, err := ParseFeedFlag("kiosk=https://example.com/feed.xml?a=b")
	if err != nil || f.Name != "kiosk" || f.URL != "https://example.com/feed.xml?a=b" {
		t.Errorf("got %+v, %v", f, err)
	}
	for _, bad := range []string{"kiosk", "=https://x", "kiosk="} {
		if _, err := ParseFeedFlag(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// problemKeys returns the key of each *Problem joined in err, in order.
func problemKeys(err error) []string {
	var keys []string
	for _, e := range Problems(err) {
		var p *Problem
		if errors.As(e, &p) {
			keys = append(keys, p.Key)
		} else {
			keys = append(keys, "?"+e.Error())
		}
	}
	return keys
}

func TestValidateKeys(t *testing.T) {
	const feed = "feeds: [{name: a, url: 'https://x/a'}]\n"
	tests := map[string]struct {
		yaml string
		keys []string // every problem's key, in order; nil = valid
		msg  string   // substring of the error
	}{
		"defaults":               {yaml: ""},
		"log level":              {yaml: "log_level: verbose", keys: []string{"log_level"}, msg: `"verbose": want debug, info, warn or error`},
		"log level any case":     {yaml: "log_level: DEBUG"},
		"listen without port":    {yaml: "listen: localhost", keys: []string{"listen"}, msg: "missing port"},
		"listen port too big":    {yaml: "listen: ':70000'", keys: []string{"listen"}, msg: "out of range"},
		"listen port service":    {yaml: "listen: ':http'"},
		"listen port nonsense":   {yaml: "listen: ':nope-nope'", keys: []string{"listen"}, msg: "no number or known service"},
		"redis scheme":           {yaml: "redis_url: 'http://:pw@redis:6379'", keys: []string{"redis_url"}, msg: `scheme "http": want redis, rediss, unix`},
		"redis does not parse":   {yaml: "redis_url: 'redis://:pw@redis:port'", keys: []string{"redis_url"}, msg: "does not parse"},
		"redis no host":          {yaml: "redis_url: 'redis:///0'", keys: []string{"redis_url"}, msg: "no host"},
		"redis db":               {yaml: "redis_url: 'redis://redis/zero'", keys: []string{"redis_url"}, msg: `database "zero"`},
		"redis unix no path":     {yaml: "redis_url: 'unix://'", keys: []string{"redis_url"}, msg: "no socket path"},
		"redis unix":             {yaml: "redis_url: 'unix:///run/redis.sock?db=2'"},
		"redis cluster":          {yaml: "redis_url: 'rediss+cluster://u:pw@a:7000?addr=b:7000'"},
		"redis sentinel":         {yaml: "redis_url: 'redis+sentinel://s1:26379/mymaster?addr=s2:26379'"},
		"sentinel no master":     {yaml: "redis_url: 'redis+sentinel://s1:26379'", keys: []string{"redis_url"}, msg: "no master name"},
		"both admin tokens":      {yaml: "admin_token: t\nadmin_token_file: /run/t", keys: []string{"admin_token_file"}, msg: "set one"},
		"ttl zero":               {yaml: "ttl: 0s", keys: []string{"ttl"}},
		"max_ttl below ttl":      {yaml: "ttl: 1h\nmax_ttl: 1m", keys: []string{"max_ttl"}},
		"fetch timeout":          {yaml: "fetch: {timeout: 0s}", keys: []string{"fetch.timeout"}},
		"fetch max bytes":        {yaml: "fetch: {max_bytes: -1}", keys: []string{"fetch.max_bytes"}},
		"allow_private entry":    {yaml: "fetch: {allow_private: [nas.lan]}", keys: []string{"fetch.allow_private"}},
		"memory bytes":           {yaml: "cache: {memory_bytes: 0}", keys: []string{"cache.memory_bytes"}},
		"lease zero":             {yaml: "refresh: {lease: 0s}", keys: []string{"refresh.lease"}, msg: "at least 1s"},
		"lease below a second":   {yaml: "refresh: {lease: 500ms}", keys: []string{"refresh.lease"}},
		"lease a second":         {yaml: "refresh: {lease: 1s}"},
		"concurrency":            {yaml: "refresh: {concurrency: 0}", keys: []string{"refresh.concurrency"}},
		"failure backoff":        {yaml: "refresh: {failure_backoff: 0s, max_failure_backoff: 0s}", keys: []string{"refresh.failure_backoff"}},
		"max failure backoff":    {yaml: "refresh: {failure_backoff: 1m, max_failure_backoff: 30s}", keys: []string{"refresh.max_failure_backoff"}},
		"builtin demo":           {yaml: "feeds: [{name: d, url: 'builtin:demo.xml'}]"},
		"builtin unknown":        {yaml: "feeds: [{name: d, url: 'builtin:nope.xml'}]", keys: []string{"feeds[0].url"}, msg: "no such builtin file (there is builtin:demo.xml)"},
		"builtin escaping":       {yaml: "feeds: [{name: d, url: 'builtin:../demo.xml'}]", keys: []string{"feeds[0].url"}, msg: "invalid builtin name"},
		"http without host":      {yaml: "feeds: [{name: d, url: 'https:///feed'}]", keys: []string{"feeds[0].url"}, msg: "no host"},
		"chapters timeout":       {yaml: feed + "enrich: {chapters: {timeout: -1s}}", keys: []string{"enrich.chapters.timeout"}},
		"feed chapters timeout":  {yaml: "feeds: [{name: a, url: 'https://x/a', enrich: {chapters: {timeout: -1s, max_id3_bytes: -1}}}]", keys: []string{"feeds[0].enrich.chapters.timeout", "feeds[0].enrich.chapters.max_id3_bytes"}},
		"topics rule regexp":     {yaml: "topics: {rules: [{match: kiosk, tag: K}, {match: '/a(/', tag: A}]}", keys: []string{"topics.rules[1].match"}, msg: "missing closing )"},
		"topics rule no tag":     {yaml: "topics: {rules: [{match: kiosk}]}", keys: []string{"topics.rules[0].tag"}, msg: "required"},
		"topics rule no match":   {yaml: "topics: {rules: [{tag: K}]}", keys: []string{"topics.rules[0].match"}},
		"topics feeds":           {yaml: "topics: {feeds: {a: {max: 2}}}", keys: []string{"topics.feeds"}},
		"feed topics rules":      {yaml: "feeds: [{name: a, url: 'https://x/a'}, {name: b, url: 'https://x/b', enrich: {topics: {rules: [{match: '/[/', tag: X}, {match: '/(?i)ok/', tag: Y}, {match: '/*/', tag: Z}]}}}]", keys: []string{"feeds[1].enrich.topics.rules[0].match", "feeds[1].enrich.topics.rules[2].match"}},
		"feed topics language":   {yaml: "feeds: [{name: a, url: 'https://x/a', enrich: {topics: {language: xx}}}]", keys: []string{"feeds[0].enrich.topics.language"}, msg: `"xx": no stopwords`},
		"feed topics none":       {yaml: "feeds: [{name: a, url: 'https://x/a', enrich: {topics: {language: none}}}]"},
		"persons labels":         {yaml: "enrich: {persons: {labels: {Mix: [mixer, 'sound designer'], Art: [painter]}}}", keys: []string{"enrich.persons.labels", "enrich.persons.labels"}, msg: `label "Art": unknown role "painter"`},
		"feed persons labels ok": {yaml: "feeds: [{name: a, url: 'https://x/a', enrich: {persons: {labels: {Mix: ['sound designer']}}}}]"},
		"all collected": {yaml: "log_level: loud\nttl: -1s\nrefresh: {lease: 0s}\nfeeds: [{name: 'a b', url: 'ftp://x'}]",
			keys: []string{"log_level", "ttl", "refresh.lease", "feeds[0].name", "feeds[0].url"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "recast.yaml")
			if err := os.WriteFile(path, []byte(tc.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			c := Default()
			if err := c.LoadFile(path); err != nil {
				t.Fatal(err)
			}
			err := c.Validate()
			if got := problemKeys(err); !slices.Equal(got, tc.keys) {
				t.Fatalf("keys = %q, want %q (error: %v)", got, tc.keys, err)
			}
			if tc.msg != "" && !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error = %v, want one containing %q", err, tc.msg)
			}
			if err != nil && strings.Contains(err.Error(), "pw@") {
				t.Errorf("error shows the Redis password: %v", err)
			}
		})
	}
}

func TestLoadFileProblems(t *testing.T) {
	tests := map[string]struct {
		yaml string
		want []string // each problem's text after "config: FILE:"
	}{
		"unknown keys, every one": {
			yaml: "listen: ':1'\ntll: 5m\nfeeds:\n  - name: a\n    url: https://x/a\n    enrich:\n      topcs: {max: 1}\nrefresh:\n  leese: 1s\n",
			want: []string{"2: tll: unknown key", "7: feeds[0].enrich.topcs: unknown key", "9: refresh.leese: unknown key"},
		},
		"a value of the wrong type": {
			yaml: "refresh: {lease: 1s, concurrency: many}\n",
			want: []string{"1: refresh.concurrency: cannot unmarshal !!str `many` into int"},
		},
		"a syntax error": {yaml: "listen: ':1'\nttl: 5m\n  bad: indent\n", want: []string{" yaml: line 3: mapping values are not allowed in this context"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "recast.yaml")
			if err := os.WriteFile(path, []byte(tc.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			c := Default()
			err := c.LoadFile(path)
			if err == nil {
				t.Fatal("no error")
			}
			got := strings.Split(strings.ReplaceAll(err.Error(), "config: "+path+":", ""), "\n")
			if !slices.Equal(got, tc.want) {
				t.Errorf("problems =\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestRedactURL(t *testing.T) {
	tests := map[string]string{
		"redis://:secret@redis:6379/0":                      "redis://:REDACTED@redis:6379/0",
		"redis://redis:6379/0":                              "redis://redis:6379/0",
		"redis+sentinel://s1:26379/m?sentinel_password=pw2": "redis+sentinel://s1:26379/m?sentinel_password=REDACTED",
		"unix:///run/redis.sock?db=2":                       "unix:///run/redis.sock?db=2",
		"redis://:secret@redis:port":                        "redis://:REDACTED@redis:port",
	}
	for in, want := range tests {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
