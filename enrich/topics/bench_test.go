package topics

import (
	"context"
	"testing"
	"time"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

const benchFeed = "engineering-kiosk-2026-07-01-redcircle-de.xml"

// BenchmarkTopicsEngineeringKiosk is the tagger's own cost for all 276
// items of the 4 MB corpus feed: the show statistics and every item's tags,
// with the show notes already parsed (enrich.Feed.Notes parses them once per
// run for all enrichers).
func BenchmarkTopicsEngineeringKiosk(b *testing.B) {
	f := parseFeed(b, "ek", testcorpus.Feed(b, benchFeed))
	e := newEnricher(b, Config{})
	for i := range f.Items {
		f.Notes(&f.Items[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		s := computeShow(f, e.lx, &e.all)
		for i := range f.Items {
			_, _ = e.tags(f, s, &e.all, i, nil, nil)
		}
	}
	reportCPU(b, cpu)
}

// reportCPU adds the CPU time per operation since cpu (process-wide, so it
// includes the garbage collector's work).
func reportCPU(b *testing.B, cpu time.Duration) {
	if c := cpuTime(); c > 0 && b.N > 0 {
		b.ReportMetric(float64(c-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	}
}

// BenchmarkEnrichEngineeringKiosk runs Enrich over every item of a fresh
// enrich.Feed each time, with nothing kept from the runs before: the tagger
// plus parsing the notes it reads.
func BenchmarkEnrichEngineeringKiosk(b *testing.B) {
	base := parseFeed(b, "ek", testcorpus.Feed(b, benchFeed))
	e := newEnricher(b, Config{})
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		e.cache = newStatsCache(cacheItems)
		f := &enrich.Feed{Name: base.Name, Channel: base.Channel, Items: base.Items}
		for i := range f.Items {
			var add feed.Additions
			if err := e.Enrich(ctx, f, &f.Items[i], &add); err != nil {
				b.Fatal(err)
			}
		}
	}
	reportCPU(b, cpu)
}

// BenchmarkEnrichOneNewEpisode is the tagger's cost when a refresh of the
// Engineering Kiosk feed brings one new episode: the pipeline's item cache
// answers for the others, so Enrich runs for the new one only, with the
// statistics of the others kept from the run before.
func BenchmarkEnrichOneNewEpisode(b *testing.B) {
	raw := testcorpus.Feed(b, benchFeed)
	before, after := parseFeed(b, "ek", withoutFirstItem(b, raw)), parseFeed(b, "ek", raw)
	ctx := context.Background()
	e := newEnricher(b, Config{})
	b.ReportAllocs()
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e.cache = newStatsCache(cacheItems)
		tagAll(b, e, &enrich.Feed{Name: before.Name, Channel: before.Channel, Items: before.Items})
		f := &enrich.Feed{Name: after.Name, Channel: after.Channel, Items: after.Items}
		c := cpuTime()
		b.StartTimer()
		var add feed.Additions
		if err := e.Enrich(ctx, f, &f.Items[0], &add); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		cpu += cpuTime() - c
	}
	if cpu > 0 {
		b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
	}
}
