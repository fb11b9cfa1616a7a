package main

import (
	"log/slog"

	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/enrich"
)

// pipelineFor returns, per feed, the ordered list of enrichers to run.
func pipelineFor(cfg config.Config, log *slog.Logger) func(config.Feed) *enrich.Pipeline {
	return func(f config.Feed) *enrich.Pipeline {
		return &enrich.Pipeline{Log: log}
	}
}
