package config

import (
	"os"
	"path/filepath"
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
		"unknown key is an error":         {yaml: "tll: 5m\n", wantErr: "field tll not found"},
		"duplicate feed":                  {yaml: "feeds: [{name: a, url: 'https://x/a'}, {name: a, url: 'https://x/b'}]", wantErr: "configured twice"},
		"bad scheme":                      {yaml: "feeds: [{name: a, url: 'ftp://x/a'}]", wantErr: "scheme must be"},
		"bad name":                        {yaml: "feeds: [{name: 'a b', url: 'https://x/a'}]", wantErr: "feed name"},
		"bad mode":                        {yaml: "feeds: [{name: a, url: 'https://x/a', mode: relay}]", wantErr: "want publisher or mirror"},
		"public url must be http(s)":      {yaml: "public_url: feeds.example.com", wantErr: "public_url"},
		"negative feed ttl":               {yaml: "feeds: [{name: a, url: 'https://x/a', ttl: -1m}]", wantErr: "ttl must be positive"},
		"negative stale_if_error":         {yaml: "stale_if_error: -1h", wantErr: "stale_if_error"},
		"negative stale_while_revalidate": {yaml: "stale_while_revalidate: -1m", wantErr: "stale_while_revalidate"},
		"partial block keeps the other defaults": {yaml: "fetch: {max_bytes: 1024}", check: func(t *testing.T, c Config) {
			if c.Fetch.MaxBytes != 1024 || c.Fetch.Timeout != 30*time.Second {
				t.Errorf("fetch = %+v, want max_bytes 1024 and the default timeout", c.Fetch)
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
