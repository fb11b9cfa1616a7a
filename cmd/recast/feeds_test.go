package main

import (
	"context"
	"testing"

	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/enrich/chapters"
	"github.com/recast-podcast/recast/enrich/topics"
	"github.com/recast-podcast/recast/feed"
)

// The shared cache keys a feed's entry by the settings that shape it: the
// same settings give the same key (on every replica), and changing any of
// them gives another, so no replica serves an entry made under the old ones.
func TestCacheKeyFollowsSettings(t *testing.T) {
	base := func() (config.Config, config.Feed) {
		cfg := config.Default()
		cfg.PublicURL = "https://r.example"
		f := config.Feed{Name: "show", URL: "https://example.org/feed.xml", Mode: config.ModePublisher}
		cfg.Feeds = []config.Feed{f}
		return cfg, f
	}
	yes := true
	changes := map[string]func(*config.Config, *config.Feed){
		"url":                  func(c *config.Config, f *config.Feed) { f.URL += "?x" },
		"mode":                 func(c *config.Config, f *config.Feed) { f.Mode = config.ModeMirror },
		"public url":           func(c *config.Config, f *config.Feed) { c.PublicURL = "https://other.example" },
		"inline psc":           func(c *config.Config, f *config.Feed) { f.Enrich.InlinePSC = &yes },
		"description chapters": func(c *config.Config, f *config.Feed) { c.Enrich.DescriptionChapters = &yes },
		"chapters from pages": func(c *config.Config, f *config.Feed) {
			f.Enrich.Chapters = &config.Toggle[chapters.Config]{Config: chapters.Config{FetchPages: true}}
		},
		"topic rule": func(c *config.Config, f *config.Feed) {
			c.Topics.Rules = append(c.Topics.Rules, topics.Rule{Match: "k8s", Tag: "Kubernetes"})
		},
	}
	cfg, f := base()
	want := cacheKey(cfg, f, nil)
	if cfg2, f2 := base(); cacheKey(cfg2, f2, nil) != want {
		t.Fatal("the same settings give two keys")
	}
	for name, change := range changes {
		cfg, f := base()
		change(&cfg, &f)
		if cacheKey(cfg, f, nil) == want {
			t.Errorf("%s changed: same key %s", name, want)
		}
	}
	// An enricher's version: its code, or what it loaded, changed.
	tag := func(version string) *enrich.Pipeline {
		return &enrich.Pipeline{Enrichers: []enrich.Enricher{versioned{"tag", version}}}
	}
	if cacheKey(cfg, f, tag("1")) == want || cacheKey(cfg, f, tag("1")) == cacheKey(cfg, f, tag("2")) {
		t.Error("the enrichers' versions do not change the key")
	}
}

// versioned is an Enricher that adds nothing, with a name and version.
type versioned struct{ name, version string }

func (v versioned) Name() string    { return v.name }
func (v versioned) Version() string { return v.version }
func (v versioned) Enrich(context.Context, *enrich.Feed, *feed.Item, *feed.Additions) error {
	return nil
}
