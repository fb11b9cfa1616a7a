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
			_ = e.tags(f, s, &e.all, i, nil)
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
// enrich.Feed each time: the tagger plus parsing the notes it reads.
func BenchmarkEnrichEngineeringKiosk(b *testing.B) {
	base := parseFeed(b, "ek", testcorpus.Feed(b, benchFeed))
	e := newEnricher(b, Config{})
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
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
