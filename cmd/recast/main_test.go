package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runCmd runs the program in-process.
func runCmd(t *testing.T, stdin string, environ map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, env{strings.NewReader(stdin), &out, &errb, func(k string) string { return environ[k] }, nil})
	return code, out.String(), errb.String()
}

const feedXML = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>T</title>
<item><title>One</title><guid>g1</guid><enclosure url="https://example.org/1.mp3" length="1" type="audio/mpeg"/></item>
</channel></rss>
`

func TestEnrichCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.xml", feedXML)
	bad := write("bad.xml", "<rss version=\"2.0\"><channel>\n<item><title>x</item></channel></rss>")
	big := write("big.xml", feedXML+strings.Repeat(" ", 2048))
	psc := write("psc.xml", `<rss version="2.0" xmlns:psc="http://podlove.org/simple-chapters"><channel><title>T</title><language>fr</language>
<item><title>One</title><guid>g1</guid><description>Notes</description><psc:chapters version="1.2">
<psc:chapter start="0" title="Intro"/><psc:chapter start="1:00" title="Middle"/><psc:chapter start="2:00.5" title="End"/></psc:chapters></item>
</channel></rss>`)

	tests := map[string]struct {
		args      []string
		stdin     string
		code      int
		stdout    func(string) bool
		stderrHas string
	}{
		"file to stdout": {args: []string{"enrich", good}, code: 0, stdout: func(s string) bool { return strings.Contains(s, "<guid>g1</guid>") }},
		"stdin":          {args: []string{"enrich", "-"}, stdin: feedXML, code: 0, stdout: func(s string) bool { return strings.Contains(s, "<title>One</title>") }},
		"public url sets the self link": {args: []string{"enrich", "--public-url", "https://feeds.example.org", "--name", "show", good}, code: 0,
			stdout: func(s string) bool { return strings.Contains(s, `href="https://feeds.example.org/feeds/show"`) }},
		"malformed: one-line error with line, no output": {args: []string{"enrich", bad}, code: 1, stdout: func(s string) bool { return s == "" }, stderrHas: "line 2"},
		"chapters appended to the description": {args: []string{"enrich", "--description-chapters", psc}, code: 0,
			stdout: func(s string) bool {
				return strings.Contains(s, "<description>Notes\n\nChapitres :\n00:00 Intro\n01:00 Middle\n02:00 End</description>")
			}},
		"no chapters in the description by default": {args: []string{"enrich", psc}, code: 0,
			stdout: func(s string) bool { return strings.Contains(s, "<description>Notes</description>") }},
		"too large":    {args: []string{"enrich", "--max-bytes", "1024", big}, code: 1, stdout: func(s string) bool { return s == "" }, stderrHas: "larger than 1024 bytes"},
		"missing file": {args: []string{"enrich", filepath.Join(dir, "nope.xml")}, code: 1, stdout: func(s string) bool { return s == "" }, stderrHas: "no such file"},
		"no source":    {args: []string{"enrich"}, code: 2, stdout: func(s string) bool { return s == "" }, stderrHas: "Usage: recast enrich"},
		"version":      {args: []string{"version"}, code: 0, stdout: func(s string) bool { return strings.HasPrefix(s, "recast ") }},
		"unknown":      {args: []string{"frobnicate"}, code: 2, stdout: func(s string) bool { return s == "" }, stderrHas: "unknown command"},
		"serve help":   {args: []string{"serve", "--help"}, code: 0, stdout: func(s string) bool { return s == "" }, stderrHas: "-redis-url URL"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			code, out, errs := runCmd(t, tc.stdin, nil, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errs)
			}
			if !tc.stdout(out) {
				t.Errorf("unexpected stdout: %.300q", out)
			}
			if !strings.Contains(errs, tc.stderrHas) {
				t.Errorf("stderr %q lacks %q", errs, tc.stderrHas)
			}
			if tc.code == 1 && strings.Count(strings.TrimSpace(errs), "\n") != 0 {
				t.Errorf("error is not one line: %q", errs)
			}
		})
	}
}

func TestServeDemoOffline(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() {
		done <- runServe(ctx, []string{"--listen", "127.0.0.1:0", "--data-dir", t.TempDir()}, env{strings.NewReader(""), io.Discard, &errb, func(string) string { return "" }, nil}, ready)
	}()
	var addr string
	select {
	case addr = <-ready:
	case <-time.After(5 * time.Second):
		t.Fatalf("serve did not start: %s", errb.String())
	}
	res, err := http.Get("http://" + addr + "/feeds/demo")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.Contains(body, []byte("signal-and-noise-0012")) {
		t.Errorf("demo feed: %d\n%.500s", res.StatusCode, body)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, errb.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop on cancel")
	}
}

func TestNameFrom(t *testing.T) {
	for in, want := range map[string]string{
		"../shared/corpus/feeds/giantbomb-bombcast.xml": "giantbomb-bombcast",
		"https://example.com/podcast/feed.rss?x=1":      "feed",
		"-":             "feed",
		"Mein Feed.xml": "Mein-Feed",
	} {
		if got := nameFrom(in); got != want {
			t.Errorf("nameFrom(%q) = %q, want %q", in, got, want)
		}
	}
}

// Settings come from defaults, then the config file, then RECAST_*
// environment variables, then flags.
func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.xml", feedXML)
	big := write("big.xml", feedXML+strings.Repeat(" ", 2048))
	cfg := write("recast.yaml", "listen: 127.0.0.1:9000\npublic_url: https://file.example\nfetch: {max_bytes: 1024}\n")

	tests := map[string]struct {
		args      []string
		environ   map[string]string
		code      int
		stdoutHas string
		stderrHas string
	}{
		"serve: file": {args: []string{"serve", "--print-config", "--config", cfg}, stdoutHas: "listen: 127.0.0.1:9000"},
		"serve: env over file": {args: []string{"serve", "--print-config", "--config", cfg},
			environ: map[string]string{"RECAST_LISTEN": "127.0.0.1:9001"}, stdoutHas: "listen: 127.0.0.1:9001"},
		"serve: flag over env": {args: []string{"serve", "--print-config", "--config", cfg, "--listen", "127.0.0.1:9002"},
			environ: map[string]string{"RECAST_LISTEN": "127.0.0.1:9001"}, stdoutHas: "listen: 127.0.0.1:9002"},
		"enrich: file's public_url": {args: []string{"enrich", "--config", cfg, "--name", "show", good},
			stdoutHas: `href="https://file.example/feeds/show"`},
		"enrich: env over file": {args: []string{"enrich", "--config", cfg, "--name", "show", good},
			environ: map[string]string{"RECAST_PUBLIC_URL": "https://env.example"}, stdoutHas: `href="https://env.example/feeds/show"`},
		"enrich: flag over env": {args: []string{"enrich", "--config", cfg, "--public-url", "https://flag.example", "--name", "show", good},
			environ: map[string]string{"RECAST_PUBLIC_URL": "https://env.example"}, stdoutHas: `href="https://flag.example/feeds/show"`},
		"enrich: file's fetch.max_bytes": {args: []string{"enrich", "--config", cfg, big}, code: 1, stderrHas: "larger than 1024 bytes"},
		"enrich: flag over file's max_bytes": {args: []string{"enrich", "--config", cfg, "--max-bytes", "4096", big},
			stdoutHas: "<guid>g1</guid>"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			code, out, errs := runCmd(t, "", tc.environ, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tc.code, errs)
			}
			if !strings.Contains(out, tc.stdoutHas) {
				t.Errorf("stdout lacks %q: %.300q", tc.stdoutHas, out)
			}
			if !strings.Contains(errs, tc.stderrHas) {
				t.Errorf("stderr %q lacks %q", errs, tc.stderrHas)
			}
		})
	}
}

// recast enrich --out writes the feed and its chapter files for static
// hosting, and nothing recast keeps for itself (the pages' record).
func TestEnrichOut(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "psc.xml")
	os.WriteFile(src, []byte(`<rss version="2.0" xmlns:psc="http://podlove.org/simple-chapters"><channel><title>T</title>
<item><title>One</title><guid>g1</guid><description>00:00 Intro 05:00 The middle part 12:30 The end part</description></item>
</channel></rss>`), 0o644)
	out := filepath.Join(dir, "site")
	var stdout, stderr bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	if code := run(context.Background(), []string{"enrich", "--out", out, "--public-url", "https://static.example.invalid/show", src}, e); code != 0 {
		t.Fatalf("enrich --out: exit %d: %s", code, stderr.String())
	}
	feedXML, err := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	chapters, _ := filepath.Glob(filepath.Join(out, "chapters", "*.json"))
	if len(chapters) != 1 || !bytes.Contains(feedXML, []byte("https://static.example.invalid/show/chapters/")) {
		t.Errorf("chapter files %v; feed links them: %v", chapters, bytes.Contains(feedXML, []byte("/chapters/")))
	}
	if _, err := os.Stat(filepath.Join(out, "recast")); err == nil {
		t.Error("--out wrote recast's own record beside the feed")
	}
}
