package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/url"

	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/enrich/chapters"
	"github.com/recast-podcast/recast/enrich/persons"
	"github.com/recast-podcast/recast/enrich/topics"
	"github.com/recast-podcast/recast/enrich/transcripts"
	"github.com/recast-podcast/recast/fetch"
)

// itemCacheSize bounds the per-item enrichment cache: about 1 KB each.
const itemCacheSize = 200_000

// pipelines returns, per feed, the ordered list of enrichers to run:
// transcripts, chapters, persons, topics. The topic tagger's library (the
// vocabulary), the per-item cache and the fetch client's connection pools
// are shared by all feeds; each feed gets its own tagger (ForFeed), whose
// version — part of the cache keys — only that feed's settings change.
func pipelines(cfg config.Config, client *fetch.Client, log *slog.Logger) (func(config.Feed) *enrich.Pipeline, error) {
	tagger, err := topics.New(cfg.TopicsConfig())
	if err != nil {
		return nil, err
	}
	for _, f := range cfg.Feeds {
		if err := cfg.EnrichFor(f).Persons.Settings().Validate(); err != nil {
			return nil, fmt.Errorf("feed %q: persons: %w", f.Name, err)
		}
	}
	items := enrich.NewItemCache(itemCacheSize)
	return func(f config.Feed) *enrich.Pipeline {
		e := cfg.EnrichFor(f)
		var list []enrich.Enricher
		if e.Transcripts.On() {
			list = append(list, transcripts.New(e.Transcripts.Settings()))
		}
		if e.Chapters.On() {
			ch := chapters.New(e.Chapters.Settings())
			ch.Fetch = linkFetcher(client, f)
			list = append(list, ch)
		}
		// People before topics: the tagger leaves out the names the
		// persons enricher found.
		if e.Persons.On() {
			list = append(list, persons.New(e.Persons.Settings()))
		}
		if e.Topics.On() {
			list = append(list, tagger.ForFeed(f.Name))
		}
		return &enrich.Pipeline{Enrichers: list, Log: log, Cache: items}
	}, nil
}

// linkFetcher fetches what a feed's items link to (episode pages, the first
// bytes of an MP3) for the opt-in chapter sources. Those URLs come from the
// feed, not the operator, so private addresses are refused unless the feed
// itself is local (a file, or a loopback or private host): trust follows the
// operator's choice of feed. The client shares the feeds' connection pools
// (and their metrics), each address policy in its own pool.
func linkFetcher(client *fetch.Client, f config.Feed) func(ctx context.Context, u, byteRange string) ([]byte, error) {
	c := client.WithAllowPrivate(isLocal(f.URL))
	return func(ctx context.Context, u, byteRange string) ([]byte, error) {
		res, err := c.Fetch(ctx, fetch.Request{URL: u, Range: byteRange})
		if err != nil {
			return nil, err
		}
		return res.Body, nil
	}
}

// isLocal reports whether a feed URL is a local file or names a loopback or
// private host.
func isLocal(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "file", "builtin":
		return true
	case "http", "https":
		h := u.Hostname()
		if h == "localhost" {
			return true
		}
		ip := net.ParseIP(h)
		return ip != nil && (ip.IsLoopback() || ip.IsPrivate())
	}
	return false
}
