package proxy

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/recast-podcast/recast/cache/memory"
	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/fetch"
)

// runChapters gives every item one chapter whose title counts the runs, as
// chapters read from an episode page that changed would.
type runChapters struct{ runs atomic.Int32 }

func (c *runChapters) Name() string    { return "run-chapters" }
func (c *runChapters) Version() string { return "1" }
func (c *runChapters) Enrich(_ context.Context, _ *enrich.Feed, _ *feed.Item, add *feed.Additions) error {
	add.Chapters = []feed.Chapter{{Start: 0, Title: "run " + strconv.Itoa(int(c.runs.Add(1)))}}
	return nil
}

func TestChaptersChangeWithoutFeedBytesMovesLastModified(t *testing.T) {
	// An upstream that ignores validators: every fetch is a 200 with the same bytes.
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(smallFeed)) }))
	defer up.Close()
	cfg := config.Default()
	cfg.PublicURL = "http://recast.test"
	cfg.Feeds = []config.Feed{{Name: "show", URL: up.URL}}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	enr := &runChapters{}
	srv := New(Options{
		Feeds:     feedsFor(cfg, func(config.Feed) *enrich.Pipeline { return &enrich.Pipeline{Enrichers: []enrich.Enricher{enr}} }),
		Freshness: freshnessOf(cfg),
		Store:     memory.New(1 << 20),
		Fetch:     fetch.New(fetch.Options{AllowPrivate: true}),
		Now:       clk.Now,
	})
	h := &harness{srv: srv, http: httptest.NewServer(srv.Handler()), clock: clk}
	defer h.http.Close()

	res, body := h.get(t, "GET", "/feeds/show")
	first := res.Header.Get("Last-Modified")
	doc, err := feed.Parse(body)
	if err != nil || doc.Items[0].ChaptersURL == "" {
		t.Fatalf("no chapters link: %v", err)
	}
	path := doc.Items[0].ChaptersURL[len("http://recast.test"):]
	if res, b := h.get(t, "GET", path); res.StatusCode != 200 || string(b) != `{"version":"1.2.0","chapters":[{"startTime":0,"title":"run 1"}]}` {
		t.Fatalf("chapters: %d %s", res.StatusCode, b)
	}

	clk.Add(time.Hour) // past the TTL and stale-while-revalidate: rebuilt, same feed bytes, new chapters
	res, b := h.get(t, "GET", path, "If-Modified-Since: "+first)
	if res.StatusCode != 200 || string(b) != `{"version":"1.2.0","chapters":[{"startTime":0,"title":"run 2"}]}` {
		t.Errorf("changed chapters file answered %d %q to If-Modified-Since of the old version", res.StatusCode, b)
	}
}
