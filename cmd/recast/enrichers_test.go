package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/fetch"
)

// The chapter sources fetch what items link to through the one shared
// client: its transport hook sees those requests too (so they show in the
// upstream metrics), and a feed from the public internet cannot make recast
// fetch a loopback address while a local feed can.
func TestLinkFetcherSharesClientAndFollowsFeedTrust(t *testing.T) {
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>00:00 Intro</html>"))
	}))
	defer page.Close()

	var seen atomic.Int32
	wrap := func(rt http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			seen.Add(1)
			return rt.RoundTrip(r)
		})
	}
	client := newFetcher(config.Default(), true, wrap)
	ctx := context.Background()

	local := linkFetcher(client, config.Feed{Name: "local", URL: page.URL + "/feed.xml"})
	body, err := local(ctx, page.URL+"/episode", "")
	if err != nil {
		t.Fatalf("a loopback feed's link: %v", err)
	}
	if string(body) != "<html>00:00 Intro</html>" {
		t.Errorf("body = %q", body)
	}
	if seen.Load() != 1 {
		t.Errorf("the shared client's transport saw %d requests, want 1", seen.Load())
	}

	public := linkFetcher(client, config.Feed{Name: "public", URL: "https://feeds.example.invalid/show.xml"})
	if _, err := public(ctx, page.URL+"/episode", ""); !errors.Is(err, fetch.ErrBlockedAddress) {
		t.Errorf("a public feed's loopback link: err = %v, want ErrBlockedAddress", err)
	}
	if _, err := local(ctx, page.URL+"/episode", ""); err != nil {
		t.Errorf("the local feed after the public one refused: %v", err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
