package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"

	"gopkg.in/yaml.v3"

	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/enrich/topics"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/fetch"
	"github.com/recast-podcast/recast/proxy"
)

// serverFeeds turns the configured feeds into what proxy serves: for each,
// its name, upstream, freshness, shared cache key and recipe.
func serverFeeds(cfg config.Config, pipeline func(config.Feed) *enrich.Pipeline, log *slog.Logger) []proxy.Feed {
	out := make([]proxy.Feed, 0, len(cfg.Feeds))
	for _, f := range cfg.Feeds {
		var p *enrich.Pipeline
		if pipeline != nil {
			p = pipeline(f)
		}
		out = append(out, proxy.Feed{
			Name:   f.Name,
			URL:    f.URL,
			TTL:    f.TTL,
			Key:    cacheKey(cfg, f, p),
			Recipe: recipeFor(cfg, f, p, log),
			// Whether a move is followed does not change the output, only
			// which URL is asked: not part of the key.
			FollowMoves: f.Follows(),
			Auth:        upstreamAuth(f.Upstream),
			Token:       f.Token.Reveal(),
		})
	}
	return out
}

// cacheKey names a feed's entry in the shared cache. It includes a hash of
// what shapes the output: the settings (URL, mode, public URL, the feed's
// enrichment settings and the shared topic rules) and the name and version
// of each enricher of p (a version changes with the enricher's code and with
// what it loads, such as the topic vocabulary file). After a change no
// replica serves an entry made the old way.
func cacheKey(cfg config.Config, f config.Feed, p *enrich.Pipeline) string {
	var enrichers []string
	if p != nil {
		for _, e := range p.Enrichers {
			enrichers = append(enrichers, e.Name()+"/"+e.Version())
		}
	}
	tc := cfg.Topics
	tc.Feeds = nil // each feed's own are in EnrichFor(f)
	// A private feed's links carry its token: a new token, a new entry
	// (the key holds a hash of it, not the token).
	token := ""
	if t := f.Token.Reveal(); t != "" {
		sum := sha256.Sum256([]byte(t))
		token = hex.EncodeToString(sum[:8])
	}
	shape, err := json.Marshal(struct {
		URL, Mode, PublicURL string
		Enrich               config.Enrich
		Topics               topics.Config
		Enrichers            []string
		Token                string `json:",omitempty"`
	}{f.URL, f.Mode, cfg.PublicURL, cfg.EnrichFor(f), tc, enrichers, token})
	if err != nil {
		panic("recast: settings do not marshal: " + err.Error()) // plain data: unreachable
	}
	sum := sha256.Sum256(shape)
	return "feed:" + f.Name + ":" + hex.EncodeToString(sum[:6])
}

// recipeFor returns how feed f is built when served under cfg.PublicURL,
// with its own LastBuild: the builds of one Recipe reparse from the last.
func recipeFor(cfg config.Config, f config.Feed, p *enrich.Pipeline, log *slog.Logger) proxy.Recipe {
	e := cfg.EnrichFor(f)
	on := func(b *bool) bool { return b != nil && *b }
	served := proxy.FeedURL(cfg.PublicURL, f.Name)
	if t := f.Token.Reveal(); t != "" && served != "" {
		served += "/" + t // a private feed: its links carry its token
	}
	return proxy.Recipe{
		Name:     f.Name,
		Pipeline: p,
		Render: feed.RenderOptions{
			SelfURL:             served,
			Mirror:              f.Mode == config.ModeMirror,
			InlinePSC:           on(e.InlinePSC),
			DescriptionChapters: on(e.DescriptionChapters),
		},
		ChaptersBase: served,
		Log:          log,
		Prev:         new(proxy.LastBuild),
	}
}

// upstreamAuth is the fetch credentials of a private upstream; nil for a
// public one.
func upstreamAuth(u config.Upstream) *fetch.Auth {
	if !u.Set() {
		return nil
	}
	a := &fetch.Auth{Username: u.Username, Password: u.Password.Reveal()}
	if len(u.Headers) > 0 {
		a.Header = http.Header{}
		for name, v := range u.Headers {
			a.Header.Set(name, v.Reveal())
		}
	}
	if len(u.Query) > 0 {
		a.Query = url.Values{}
		for name, v := range u.Query {
			a.Query.Set(name, v.Reveal())
		}
	}
	return a
}

// runtimeFeed builds a feed added through the admin API the way a
// configured one is built, with the configuration's defaults (those recast
// started with): it is checked as a feed of the config file would be.
func runtimeFeed(cfg config.Config, pipeline func(config.Feed) *enrich.Pipeline, log *slog.Logger, sp proxy.FeedSpec) (proxy.Feed, error) {
	one := cfg
	f := config.Feed{Name: sp.Name, URL: sp.URL, Mode: sp.Mode, FollowMoves: sp.FollowMoves}
	if len(sp.Enrich) > 0 {
		// JSON is YAML: the block reads as the config file's would, unknown
		// keys refused.
		dec := yaml.NewDecoder(bytes.NewReader(sp.Enrich))
		dec.KnownFields(true)
		if err := dec.Decode(&f.Enrich); err != nil {
			return proxy.Feed{}, fmt.Errorf("enrich: %v", err)
		}
	}
	one.Feeds = []config.Feed{f}
	if err := one.Validate(); err != nil {
		return proxy.Feed{}, err
	}
	return serverFeeds(one, pipeline, log)[0], nil
}
