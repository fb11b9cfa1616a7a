package proxy

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/recast-podcast/recast/cache"
	"github.com/recast-podcast/recast/cache/memory"
	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/fetch"
)

const testToken = "s3cret-admin-token"

// replica is one Server on a shared store, with the admin API on.
type replica struct {
	srv  *Server
	http *httptest.Server
}

func newReplica(t *testing.T, store cache.Store, allow string, configured ...config.Feed) *replica {
	t.Helper()
	cfg := config.Default()
	cfg.Feeds = configured
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	pipe := func(config.Feed) *enrich.Pipeline {
		return &enrich.Pipeline{Enrichers: []enrich.Enricher{&counting{}}}
	}
	r := &replica{}
	r.srv = New(Options{
		Feeds:      feedsFor(cfg, pipe),
		Freshness:  freshnessOf(cfg),
		Store:      store,
		Fetch:      fetch.New(fetch.Options{AllowPrivate: true, Allow: []string{allow}, Timeout: 2 * time.Second}),
		AdminToken: testToken,
		NewFeed: func(sp FeedSpec) (Feed, error) {
			one := cfg
			one.Feeds = []config.Feed{{Name: sp.Name, URL: sp.URL, Mode: sp.Mode}}
			if err := one.Validate(); err != nil {
				return Feed{}, err
			}
			return feedsFor(one, pipe)[0], nil
		},
		RegistryEvery: 20 * time.Millisecond,
	})
	ctx, cancel := context.WithCancel(context.Background())
	go r.srv.Maintain(ctx)
	t.Cleanup(func() { cancel(); r.srv.Close(context.Background()) })
	r.http = httptest.NewServer(r.srv.Handler())
	t.Cleanup(r.http.Close)
	return r
}

func (r *replica) do(t *testing.T, method, path, body string, auth bool) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, r.http.URL+path, strings.NewReader(body))
	if auth {
		req.Header.Set("Authorization", "Bearer "+testToken)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// TestRuntimeFeeds: a feed added through one replica's admin API is served
// by it and, within a few registry reads, by the other; listing shows both
// kinds; removing it stops both; bad input adds nothing.
func TestRuntimeFeeds(t *testing.T) {
	up := newUpstream(t, smallFeed)
	host := strings.TrimPrefix(up.URL, "http://")
	store := memory.New(1 << 20)
	a := newReplica(t, store, host, config.Feed{Name: "conf", URL: up.URL + "/conf.xml"})
	b := newReplica(t, store, host, config.Feed{Name: "conf", URL: up.URL + "/conf.xml"})

	if res, _ := a.do(t, "POST", "/admin/feeds", `{"name":"show","url":"`+up.URL+`/feed.xml"}`, false); res.StatusCode != 401 {
		t.Errorf("without the token: %d, want 401", res.StatusCode)
	}
	res, body := a.do(t, "POST", "/admin/feeds", `{"name":"show","url":"`+up.URL+`/feed.xml"}`, true)
	if res.StatusCode != 201 || !strings.Contains(body, `"feed_url":"`+a.http.URL+`/feeds/show"`) {
		t.Fatalf("POST /admin/feeds: %d %s", res.StatusCode, body)
	}
	if res, body := a.do(t, "GET", "/feeds/show", "", false); res.StatusCode != 200 || !strings.Contains(body, "<category>Tagged</category>") {
		t.Fatalf("the added feed on its replica: %d\n%s", res.StatusCode, body)
	}
	waitFor(t, "the other replica to serve the added feed", func() bool {
		res, _ := b.do(t, "GET", "/feeds/show", "", false)
		return res.StatusCode == 200
	})

	for _, tc := range []struct {
		body string
		want int
	}{
		{`{"name":"show","url":"` + up.URL + `/other.xml"}`, 409}, // name taken
		{`{"name":"conf","url":"` + up.URL + `/x.xml"}`, 409},     // in the config file
		{`{"name":"a/b","url":"` + up.URL + `/x.xml"}`, 400},      // no slug
		{`{"name":"Show","url":"` + up.URL + `/x.xml"}`, 400},
		{`{"name":"x","url":"file:///etc/passwd"}`, 400},
		{`{"name":"x","url":"gopher://example.com/"}`, 400},
		{`{"name":"x","url":"https://u:p@example.com/feed"}`, 400},
		{`{"name":"x","url":"http://169.254.169.254/latest/"}`, 400}, // the guard says so at once
		{`{"name":"x","url":"http://127.0.0.1:1/feed.xml"}`, 400},    // a loopback port not listed
		{`{"name":"x","url":"` + up.URL + `/x.xml","mode":"weird"}`, 400},
		{`{"name":"x","url":"` + up.URL + `/x.xml","extra":1}`, 400}, // unknown key
		{`{"name":"x",`, 400}, // invalid JSON
		{`{"name":"x","url":"` + up.URL + `/x.xml"}{}`, 400},
	} {
		if res, body := a.do(t, "POST", "/admin/feeds", tc.body, true); res.StatusCode != tc.want {
			t.Errorf("POST %s: %d %s, want %d", tc.body, res.StatusCode, body, tc.want)
		}
	}

	res, body = b.do(t, "GET", "/admin/feeds", "", true)
	var list []feedInfo
	if err := json.Unmarshal([]byte(body), &list); err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /admin/feeds: %d %v\n%s", res.StatusCode, err, body)
	}
	if len(list) != 2 || list[0].Source != "config" || list[1].Name != "show" || list[1].Source != "runtime" || list[1].LastRefresh == nil {
		t.Errorf("list: %+v", list)
	}

	if res, _ := a.do(t, "DELETE", "/admin/feeds/conf", "", true); res.StatusCode != 409 {
		t.Errorf("DELETE of a configured feed: %d, want 409", res.StatusCode)
	}
	if res, _ := a.do(t, "DELETE", "/admin/feeds/nope", "", true); res.StatusCode != 404 {
		t.Errorf("DELETE of an unknown feed: %d, want 404", res.StatusCode)
	}
	if res, _ := a.do(t, "DELETE", "/admin/feeds/show", "", true); res.StatusCode != 204 {
		t.Fatalf("DELETE: %d", res.StatusCode)
	}
	if res, _ := a.do(t, "GET", "/feeds/show", "", false); res.StatusCode != 404 {
		t.Errorf("a removed feed: %d, want 404", res.StatusCode)
	}
	waitFor(t, "the other replica to drop the removed feed", func() bool {
		res, _ := b.do(t, "GET", "/feeds/show", "", false)
		return res.StatusCode == 404
	})
}

// TestRuntimeFeedGuard: a runtime feed is fetched through the private
// network guard: a loopback URL the operator did not list is refused
// without a connection.
func TestRuntimeFeedGuard(t *testing.T) {
	up := newUpstream(t, smallFeed)
	a := newReplica(t, memory.New(1<<20), "127.0.0.1:1")
	if res, body := a.do(t, "POST", "/admin/feeds", `{"name":"lan","url":"`+up.URL+`/feed.xml"}`, true); res.StatusCode != 400 || !strings.Contains(body, "refused") {
		t.Errorf("POST of a loopback URL: %d %s, want 400 refused", res.StatusCode, body)
	}
	// One in the registry already (another version allowed it) is refused
	// when fetched, with a 403.
	a.srv.opts.Store.Set(context.Background(), registryKey, []byte(`[{"name":"lan","url":"`+up.URL+`/feed.xml","mode":"mirror"}]`), 0)
	if err := a.srv.syncRegistry(context.Background()); err != nil {
		t.Fatal(err)
	}
	res, body := a.do(t, "GET", "/feeds/lan", "", false)
	if res.StatusCode != 403 || !strings.Contains(body, "not allowed") {
		t.Errorf("a loopback runtime feed: %d %s, want 403 refused", res.StatusCode, body)
	}
	if n := up.requests.Load(); n != 0 {
		t.Errorf("the upstream saw %d requests", n)
	}
}

// OPML exports as the apps write them: Apple Podcasts (flat, type="rss"),
// Pocket Casts (nested in a group), AntennaPod (title and text),
// gPodder (type="rss" with xmlUrl only), Overcast (type="rss", nested,
// with overcastId attributes).
var opmlExports = map[string]string{
	"apple": `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Podcasts</title></head><body>
<outline text="Der Lautsprecher" type="rss" xmlUrl="%[1]s/lautsprecher.xml"/>
<outline text="The Daily" type="rss" xmlUrl="%[1]s/daily.xml"/>
</body></opml>`,
	"pocketcasts": `<?xml version="1.0" encoding="utf-8"?>
<opml version="1.0"><head><title>Pocket Casts Feeds</title></head><body>
<outline text="feeds"><outline type="rss" text="Ça va?" xmlUrl="%[1]s/cava.xml"/></outline>
</body></opml>`,
	"antennapod": `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<opml version="2.0"><head><title>AntennaPod Subscriptions</title><dateCreated>04 Dec 26 12:00:00 +0100</dateCreated></head>
<body><outline text="The Daily" title="The Daily" type="rss" xmlUrl="%[1]s/daily.xml" htmlUrl="https://example.invalid/"/></body></opml>`,
	"gpodder": `<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0"><head><title>gPodder subscriptions</title></head><body>
<outline title="The Daily" text="The Daily" type="rss" xmlUrl="%[1]s/other-daily.xml"/>
</body></opml>`,
	"overcast": `<?xml version="1.0" encoding="utf-8"?>
<opml version="1.0"><head><title>Overcast Podcast Subscriptions</title></head><body>
<outline text="feeds"><outline type="rss" text="Reply All" title="Reply All" xmlUrl="%[1]s/replyall.xml" htmlUrl="https://example.invalid/ra" overcastId="1"><outline type="podcast-episode" text="Ep" overcastUrl="https://overcast.invalid/x"/></outline></outline>
</body></opml>`,
}

func TestImportOPML(t *testing.T) {
	up := newUpstream(t, smallFeed)
	host := strings.TrimPrefix(up.URL, "http://")
	a := newReplica(t, memory.New(1<<20), host)
	added := map[string]bool{}
	for _, app := range []string{"apple", "pocketcasts", "antennapod", "gpodder", "overcast"} {
		res, body := a.do(t, "POST", "/admin/opml", fmt.Sprintf(opmlExports[app], up.URL), true)
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "opml") {
			t.Fatalf("%s: %d %s", app, res.StatusCode, body)
		}
		for _, line := range strings.Split(body, "\n") {
			if i := strings.Index(line, `xmlUrl="`); i >= 0 {
				u := line[i+len(`xmlUrl="`):]
				added[u[:strings.IndexByte(u, '"')]] = true
			}
		}
	}
	want := []string{"der-lautsprecher", "the-daily", "ca-va", "the-daily-2", "reply-all"}
	for _, n := range want {
		if !added[a.http.URL+"/feeds/"+n] {
			t.Errorf("answers lack %s: %v", n, added)
		}
		if res, _ := a.do(t, "GET", "/feeds/"+n, "", false); res.StatusCode != 200 {
			t.Errorf("/feeds/%s: %d", n, res.StatusCode)
		}
	}
	// The Daily twice (Apple, then AntennaPod with the same URL) is one feed.
	res, body := a.do(t, "GET", "/admin/feeds", "", true)
	var list []feedInfo
	json.Unmarshal([]byte(body), &list)
	if res.StatusCode != 200 || len(list) != len(want) {
		t.Errorf("%d feeds after the imports, want %d: %s", len(list), len(want), body)
	}

	big := strings.Repeat(`<outline type="rss" text="x" xmlUrl="https://example.invalid/f.xml"/>`, 10000)
	for name, tc := range map[string]struct {
		body string
		want int
	}{
		"not XML":        {"<opml><body><outline", 400},
		"no feeds":       {`<opml version="2.0"><body><outline text="a"/></body></opml>`, 400},
		"bad URL":        {`<opml version="2.0"><body><outline type="rss" text="x" xmlUrl="file:///etc/passwd"/></body></opml>`, 400},
		"10,000 feeds":   {`<opml version="2.0"><body>` + big + `</body></opml>`, 413},
		"over 2 MiB":     {`<opml version="2.0"><body>` + strings.Repeat(" ", 3<<20) + `</body></opml>`, 413},
		"other encoding": {`<?xml version="1.0" encoding="ISO-8859-1"?><opml version="2.0"><body/></opml>`, 400},
	} {
		res, body := a.do(t, "POST", "/admin/opml", tc.body, true)
		if res.StatusCode != tc.want {
			t.Errorf("%s: %d %.200s, want %d", name, res.StatusCode, body, tc.want)
		}
	}
	if res, body := a.do(t, "POST", "/admin/opml", "<opml>\n<body>\n<outline>\n</opml>", true); !strings.Contains(body, "line") {
		t.Errorf("bad OPML names no line: %d %s", res.StatusCode, body)
	}
	res, body = a.do(t, "GET", "/admin/feeds", "", true)
	json.Unmarshal([]byte(body), &list)
	if len(list) != len(want) {
		t.Errorf("bad imports added feeds: %d", len(list))
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"Der Lautsprecher": "der-lautsprecher", "Ça va?": "ca-va", "80,000 Hours": "80-000-hours",
		"股癌": "feed", "  --The   Daily--  ": "the-daily", "Zürich Talks": "zurich-talks"} {
		if got := slug(in); got != want || !ValidName(got) {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}
