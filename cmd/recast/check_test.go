package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/recast-podcast/recast/doctor"
)

// checkFeed breaks no rule of the doctor when served at
// https://feeds.example/show.xml.
const checkFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>Show</title>
<description>About</description>
<language>en</language>
<atom:link rel="self" href="https://feeds.example/show.xml"/>
<itunes:image href="https://show.example/art.jpg"/>
<itunes:category text="Technology"/>
<itunes:explicit>false</itunes:explicit>
<podcast:guid>917393e3-1b1e-5cef-ace4-edaa54e1f810</podcast:guid>
<item><title>One</title><guid>ep-1</guid><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>
<enclosure url="https://show.example/1.mp3" length="1" type="audio/mpeg"/></item>
<item><title>Two</title><guid>ep-2</guid><pubDate>Wed, 11 Jun 2003 04:00:00 GMT</pubDate>
<enclosure url="https://show.example/2.mp3" length="1" type="audio/mpeg"/></item>
</channel>
</rss>
`

func TestCheckCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	clean := write("clean.xml", checkFeed)
	dup := strings.Replace(checkFeed, "<guid>ep-2</guid>", "<guid>ep-1</guid>", 1)
	dupFile := write("dup.xml", dup)
	httpEnc := write("http.xml", strings.Replace(checkFeed, "https://show.example/2.mp3", "http://show.example/2.mp3", 1))
	notFeed := write("page.html", "<!DOCTYPE html><html><body>no feed</body></html>")

	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/dup.xml" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(dup))
	}))
	defer up.Close()

	const dupLine = `error   guid-duplicate  item 2 "Two": guid "ep-1" is also that of item 1 "One"`
	tests := map[string]struct {
		args   []string
		stdin  string
		code   int
		stdout []string // each in stdout
		stderr string   // in stderr
		line   bool     // stderr is one "recast check: " line, stdout empty
	}{
		"clean":         {args: []string{"check", "--served-url", "https://feeds.example/show.xml", clean}, code: 0, stdout: []string{"0 errors, 0 warnings\n"}},
		"a duplicate":   {args: []string{"check", dupFile}, code: 1, stdout: []string{dupLine, "\n1 error, 0 warnings\n"}},
		"a warning":     {args: []string{"check", httpEnc}, code: 0, stdout: []string{`warning enclosure-http  item 2 "Two": the enclosure is http: (http://show.example/2.mp3)`, "0 errors, 1 warning\n"}},
		"stdin":         {args: []string{"check", "-"}, stdin: dup, code: 1, stdout: []string{dupLine}},
		"a URL":         {args: []string{"check", up.URL + "/dup.xml"}, code: 1, stdout: []string{dupLine}},
		"self link":     {args: []string{"check", "--served-url", "https://recast.example/feeds/show", clean}, code: 0, stdout: []string{"self-link-mismatch", "0 errors, 1 warning"}},
		"no source":     {args: []string{"check"}, code: 2, stderr: "Usage: recast check"},
		"two sources":   {args: []string{"check", clean, clean}, code: 2, stderr: "Usage: recast check"},
		"bad flag":      {args: []string{"check", "--frobnicate", clean}, code: 2, stderr: "flag provided but not defined"},
		"help":          {args: []string{"check", "--help"}, code: 0, stderr: "-served-url URL"},
		"missing file":  {args: []string{"check", filepath.Join(dir, "nope.xml")}, code: 2, stderr: "no such file", line: true},
		"not a feed":    {args: []string{"check", notFeed}, code: 2, stderr: "not an RSS or Atom feed", line: true},
		"a URL missing": {args: []string{"check", up.URL + "/gone.xml"}, code: 2, stderr: "404", line: true},
		"too large":     {args: []string{"check", "--max-bytes", "100", clean}, code: 2, stderr: "larger than 100 bytes", line: true},
		"listed":        {args: []string{"help"}, code: 0, stdout: []string{"recast check   [flags] SOURCE"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			code, out, errs := runCmd(t, tc.stdin, nil, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errs)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
			if !strings.Contains(errs, tc.stderr) {
				t.Errorf("stderr %q lacks %q", errs, tc.stderr)
			}
			if tc.line && (strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.HasPrefix(errs, "recast check: ") || out != "") {
				t.Errorf("want one recast check: line on stderr and no output; stderr %q, stdout %q", errs, out)
			}
		})
	}
}

// --json prints the findings as an array, [] for none, with the same exit
// status.
func TestCheckJSON(t *testing.T) {
	code, out, errs := runCmd(t, strings.Replace(checkFeed, "<guid>ep-2</guid>", "<guid>ep-1</guid>", 1), nil, "check", "--json", "-")
	var fs []doctor.Finding
	if err := json.Unmarshal([]byte(out), &fs); err != nil || code != 1 {
		t.Fatalf("exit %d, %v: %q (stderr %q)", code, err, out, errs)
	}
	want := doctor.Finding{Severity: doctor.Error, Rule: "guid-duplicate", Where: `item 2 "Two"`}
	if len(fs) != 1 || fs[0].Severity != want.Severity || fs[0].Rule != want.Rule || fs[0].Where != want.Where {
		t.Errorf("findings %+v, want one like %+v", fs, want)
	}
	if !strings.Contains(out, `"severity": "error"`) || !strings.Contains(out, `"rule": "guid-duplicate"`) {
		t.Errorf("JSON keys: %s", out)
	}
	code, out, _ = runCmd(t, checkFeed, nil, "check", "--json", "--served-url", "https://feeds.example/show.xml", "-")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("clean feed: exit %d, %q; want 0 and []", code, out)
	}
}
