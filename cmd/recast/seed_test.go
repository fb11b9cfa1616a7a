package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// TestSeedThroughServe is the project's first example as a listener meets
// it: the seed feed behind `recast serve`, its first episode's page served
// on 127.0.0.1 as the item's link, a podcast app fetching the feed and then
// the chapters file the feed points to.
func TestSeedThroughServe(t *testing.T) {
	seedFeed := testcorpus.Seed(t, "eighty-thousand-hours-jan-leike.xml")
	page := testcorpus.Seed(t, "jan-leike-episode-page.html")
	const pagePath = "/podcast/episodes/jan-leike-superalignment/"

	mux := http.NewServeMux()
	var upstream *httptest.Server
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		// The seed, with the first episode's link on this server.
		w.Write(bytes.Replace(seedFeed,
			[]byte("<link>https://80000hours.org"+pagePath+"</link>"),
			[]byte("<link>"+upstream.URL+pagePath+"</link>"), 1))
	})
	mux.HandleFunc(pagePath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	upstream = httptest.NewServer(mux)
	defer upstream.Close()

	cfgFile := filepath.Join(t.TempDir(), "recast.yaml")
	os.WriteFile(cfgFile, []byte(fmt.Sprintf(`
feeds:
  - name: 80k
    url: %s/feed.xml
    enrich:
      chapters:
        fetch_pages: true
`, upstream.URL)), 0o644)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	var errb bytes.Buffer
	go runServe(ctx, []string{"--config", cfgFile, "--listen", "127.0.0.1:0", "--public-url", "http://recast.test", "--data-dir", t.TempDir()},
		env{strings.NewReader(""), io.Discard, &errb, func(string) string { return "" }, nil}, ready)
	var addr string
	select {
	case addr = <-ready:
	case <-time.After(5 * time.Second):
		t.Fatalf("serve did not start: %s", errb.String())
	}
	get := func(path string) (*http.Response, []byte) {
		t.Helper()
		res, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, b
	}
	res, body := get("/feeds/80k")
	if res.StatusCode != 200 {
		t.Fatalf("feed: %d %s\n%s", res.StatusCode, body, errb.String())
	}
	doc, err := feed.Parse(body)
	if err != nil {
		t.Fatalf("served feed does not parse: %v", err)
	}
	it := doc.Items[0]

	if len(it.Transcripts) != 1 || it.Transcripts[0].Type != "text/html" ||
		!strings.Contains(it.Transcripts[0].URL, "jan-leike-superalignment") {
		t.Errorf("transcripts = %+v, want one text/html link to the episode page", it.Transcripts)
	}
	roles := map[string]string{}
	for _, p := range it.Persons {
		roles[p.Name] += p.Role + ";"
	}
	for name, role := range map[string]string{"Jan Leike": "guest", "Rob Wiblin": "host", "Keiran Harris": "producer",
		"Ben Cordell": "audio engineer", "Katy Moore": "transcriber"} {
		if !strings.Contains(roles[name], role+";") {
			t.Errorf("%s: roles %q, want %s (all: %v)", name, roles[name], role, roles)
		}
	}
	cats := strings.ToLower(strings.Join(it.Categories, "|"))
	for _, want := range []string{"superalignment", "openai", "ai alignment"} {
		if !strings.Contains(cats, want) {
			t.Errorf("categories %q lack %q", it.Categories, want)
		}
	}
	if strings.Contains(cats, "80,000 hours") {
		t.Errorf("the show's name is tagged as a topic: %q", it.Categories)
	}

	// Chapters: from the page's [hh:mm:ss] headings, served by recast.
	prefix := "http://recast.test/feeds/80k/chapters/"
	if !strings.HasPrefix(it.ChaptersURL, prefix) {
		t.Fatalf("podcast:chapters url = %q, want one under %s", it.ChaptersURL, prefix)
	}
	if !regexp.MustCompile(`<podcast:chapters url="[^"]+" type="application/json\+chapters"/>`).Match(body) {
		t.Error("podcast:chapters element lacks its type")
	}
	res, js := get("/feeds/80k/chapters/" + strings.TrimPrefix(it.ChaptersURL, prefix))
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/json+chapters" ||
		res.Header.Get("Access-Control-Allow-Origin") != "*" || res.Header.Get("ETag") == "" {
		t.Fatalf("chapters file: %d %v", res.StatusCode, res.Header)
	}
	var chs struct {
		Version  string
		Chapters []struct {
			StartTime float64
			Title     string
		}
	}
	if err := json.Unmarshal(js, &chs); err != nil {
		t.Fatal(err)
	}
	if chs.Version != "1.2.0" || len(chs.Chapters) != 10 || chs.Chapters[0].Title != "Rob's intro" ||
		chs.Chapters[9].StartTime != 2*3600+48*60+50 {
		t.Errorf("chapters = %+v", chs)
	}
	// The second episode's page is not served: it gets no chapters, and
	// everything else it had is untouched.
	if doc.Items[1].ChaptersURL != "" {
		t.Errorf("second episode got chapters %q", doc.Items[1].ChaptersURL)
	}
	if res, _ := get("/feeds/80k/chapters/nope.json"); res.StatusCode != 404 {
		t.Errorf("unknown chapters file: %d", res.StatusCode)
	}
}

// `recast enrich --explain` prints each addition of the seed episode with
// the rule and the line it came from, and no feed.
func TestEnrichExplain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.xml")
	if err := os.WriteFile(path, testcorpus.Seed(t, "eighty-thousand-hours-jan-leike.xml"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCmd(t, "", nil, "enrich", "--explain", "--public-url", "https://recast.example.invalid", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(out, "<rss") {
		t.Error("--explain printed the feed")
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`person +Jan Leike \(guest\)\n +← guest appositive: "Today.s guest, Jan Leike`),
		regexp.MustCompile(`person +Keiran Harris \(producer\)\n +← credit: `),
		regexp.MustCompile(`transcript +https://80000hours\.org/\S+\n +← notes link `),
		regexp.MustCompile(`tag +Superalignment\n +← key phrase "\w+", \d+× `),
		regexp.MustCompile(`\d+ of \d+ episodes got additions\n$`),
	} {
		if !want.MatchString(out) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
}
