package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFeedsCLI drives a running recast serve through recast feeds: add,
// list, import an OPML export, remove; errors come back as the server's
// one-line reason and exit status 1.
func TestFeedsCLI(t *testing.T) {
	up, _ := feedUpstream(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "recast.yaml")
	host := strings.TrimPrefix(up.URL, "http://")
	os.WriteFile(file, []byte("fetch:\n  allow_private: [\""+host+"\"]\nfeeds:\n  - {name: conf, url: "+up.URL+"/conf.xml}\n"), 0o644)
	s := startServe(t, map[string]string{"RECAST_ADMIN_TOKEN": "cli-token"}, "--config", file, "--data-dir", t.TempDir())
	cli := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
			getenv: func(k string) string {
				return map[string]string{"RECAST_SERVER": "http://" + s.addr, "RECAST_ADMIN_TOKEN": "cli-token"}[k]
			}}
		code := run(context.Background(), append([]string{"feeds"}, args...), e)
		return code, out.String(), errb.String()
	}
	if code, out, errs := cli("add", "show", up.URL+"/feed.xml"); code != 0 || !strings.Contains(out, "/feeds/show") {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	if res, _ := s.get(t, "/feeds/show"); res.StatusCode != 200 {
		t.Errorf("/feeds/show after add: %d", res.StatusCode)
	}
	if code, _, errs := cli("add", "show", up.URL+"/other.xml"); code != 1 || !strings.Contains(errs, "409") {
		t.Errorf("add of a taken name: %d %q", code, errs)
	}
	if code, _, errs := cli("add", "x", "http://169.254.169.254/"); code != 1 || !strings.Contains(errs, "refused") {
		t.Errorf("add of the metadata address: %d %q", code, errs)
	}
	opml := filepath.Join(dir, "export.opml")
	os.WriteFile(opml, []byte(`<?xml version="1.0" encoding="UTF-8"?><opml version="1.0"><head><title>Podcasts</title></head><body>`+
		`<outline text="The Daily" type="rss" xmlUrl="`+up.URL+`/daily.xml"/></body></opml>`), 0o644)
	if code, out, errs := cli("import", opml); code != 0 || !strings.Contains(out, `xmlUrl="http://`+s.addr+`/feeds/the-daily"`) {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	code, out, _ := cli("list")
	for _, want := range []string{"conf", "config", "show", "runtime", "the-daily"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("list lacks %q: %d\n%s", want, code, out)
		}
	}
	if code, _, errs := cli("remove", "conf"); code != 1 || !strings.Contains(errs, "config") {
		t.Errorf("remove of a configured feed: %d %q", code, errs)
	}
	if code, out, _ := cli("remove", "show"); code != 0 || !strings.Contains(out, "removed show") {
		t.Errorf("remove: %d %q", code, out)
	}
	if res, _ := s.get(t, "/feeds/show"); res.StatusCode != 404 {
		t.Errorf("/feeds/show after remove: %d", res.StatusCode)
	}
	if code, _, _ := cli("frobnicate"); code != 2 {
		t.Errorf("an unknown subcommand: exit %d, want 2", code)
	}
}

// A runtime feed takes the config file's enrich block as JSON: with
// inline_psc on, the chapters found in its notes are also written inline;
// an unknown key is a 400 that adds nothing.
func TestRuntimeFeedEnrichBlock(t *testing.T) {
	const notes = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>T</title>
<item><title>One</title><guid>g1</guid><itunes:duration>1800</itunes:duration><enclosure url="https://example.org/1.mp3" length="1" type="audio/mpeg"/>
<description>Chapters: 00:00 Intro 05:00 The middle part 12:30 The end part</description></item>
</channel></rss>`
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(notes)) }))
	t.Cleanup(up.Close)
	dir := t.TempDir()
	file := filepath.Join(dir, "recast.yaml")
	os.WriteFile(file, []byte("fetch:\n  allow_private: [\""+strings.TrimPrefix(up.URL, "http://")+"\"]\n"), 0o644)
	s := startServe(t, map[string]string{"RECAST_ADMIN_TOKEN": "enrich-token"}, "--config", file, "--data-dir", t.TempDir(), "--public-url", "http://recast.test")
	post := func(body string) int {
		req, _ := http.NewRequest("POST", "http://"+s.addr+"/admin/feeds", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer enrich-token")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if c := post(`{"name":"linked","url":"` + up.URL + `/a.xml","mode":"publisher"}`); c != 201 {
		t.Fatalf("add linked: %d", c)
	}
	if c := post(`{"name":"inline","url":"` + up.URL + `/b.xml","mode":"publisher","enrich":{"inline_psc":true}}`); c != 201 {
		t.Fatalf("add inline: %d", c)
	}
	if c := post(`{"name":"bogus","url":"` + up.URL + `/c.xml","enrich":{"topicz":{}}}`); c != 400 {
		t.Errorf("an unknown enrich key: %d, want 400", c)
	}
	if res, _ := s.get(t, "/feeds/bogus"); res.StatusCode != 404 {
		t.Errorf("the refused feed is served: %d", res.StatusCode)
	}
	_, linked := s.get(t, "/feeds/linked")
	_, inline := s.get(t, "/feeds/inline")
	if !bytes.Contains(linked, []byte("<podcast:chapters")) || bytes.Contains(linked, []byte("psc:chapter")) {
		t.Errorf("by default: chapters linked, not inline:\n%s", linked)
	}
	if !bytes.Contains(inline, []byte("psc:chapter")) {
		t.Errorf("inline_psc on, yet no psc:chapters:\n%s", inline)
	}
}
