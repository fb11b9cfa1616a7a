package config

import (
	"github.com/recast-podcast/recast/enrich/chapters"
	"github.com/recast-podcast/recast/enrich/persons"
	"github.com/recast-podcast/recast/enrich/topics"
	"github.com/recast-podcast/recast/enrich/transcripts"
)

// Enrich configures the enrichers. At the top level it is the default for
// every feed; in a feed, each block that is set replaces the default's.
type Enrich struct {
	Transcripts *Toggle[transcripts.Config] `yaml:"transcripts"`
	Chapters    *Toggle[chapters.Config]    `yaml:"chapters"`
	Topics      *Toggle[topics.FeedConfig]  `yaml:"topics"`
	Persons     *Toggle[persons.Config]     `yaml:"persons"`
	// InlinePSC also writes chapters as inline Podlove psc:chapters, for
	// clients that read only those (gPodder, Spotify). Default off.
	InlinePSC *bool `yaml:"inline_psc"`
	// DescriptionChapters also appends the chapters to the end of each
	// episode's description and content:encoded as timestamped lines
	// ("00:00 Intro"), which Apple Podcasts and Spotify show as chapters;
	// not where the notes list chapters already. It changes the episodes'
	// text, so it is for a publisher who wants that. Default off.
	DescriptionChapters *bool `yaml:"description_chapters"`
}

// Toggle is one enricher's settings, with an on/off switch (default on).
type Toggle[C any] struct {
	Enabled *bool `yaml:"enabled"`
	Config  C     `yaml:",inline"`
}

// On reports whether the enricher runs: unless enabled: false is set.
func (t *Toggle[C]) On() bool { return t == nil || t.Enabled == nil || *t.Enabled }

// Settings returns the enricher's settings; the zero value when t is nil.
func (t *Toggle[C]) Settings() C {
	var zero C
	if t == nil {
		return zero
	}
	return t.Config
}

// EnrichFor returns the enricher settings of feed f: its own blocks, else
// the top-level ones.
func (c *Config) EnrichFor(f Feed) Enrich {
	e := c.Enrich
	if f.Enrich.Transcripts != nil {
		e.Transcripts = f.Enrich.Transcripts
	}
	if f.Enrich.Chapters != nil {
		e.Chapters = f.Enrich.Chapters
	}
	if f.Enrich.Topics != nil {
		e.Topics = f.Enrich.Topics
	}
	if f.Enrich.Persons != nil {
		e.Persons = f.Enrich.Persons
	}
	if f.Enrich.InlinePSC != nil {
		e.InlinePSC = f.Enrich.InlinePSC
	}
	if f.Enrich.DescriptionChapters != nil {
		e.DescriptionChapters = f.Enrich.DescriptionChapters
	}
	return e
}

// TopicsConfig returns the topic tagger's configuration: the shared
// vocabulary and rules, and each feed's own settings.
func (c *Config) TopicsConfig() topics.Config {
	tc := c.Topics
	tc.Feeds = map[string]topics.FeedConfig{}
	for _, f := range c.Feeds {
		tc.Feeds[f.Name] = c.EnrichFor(f).Topics.Settings()
	}
	return tc
}
