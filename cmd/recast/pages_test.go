package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/recast-podcast/recast/feed"
)

// browser starts headless Chromium (RECAST_CHROMIUM, else chromium on
// PATH); without one the test skips with a message, or fails when
// RECAST_REQUIRE_CHROMIUM is set (scripts/test.sh installs it and sets it).
// It collects the pages' console errors and uncaught exceptions.
func browser(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	path := os.Getenv("RECAST_CHROMIUM")
	if path == "" {
		path, _ = exec.LookPath("chromium")
	}
	if path == "" {
		if os.Getenv("RECAST_REQUIRE_CHROMIUM") != "" {
			t.Fatal("RECAST_REQUIRE_CHROMIUM is set but no chromium was found")
		}
		t.Skip("SKIPPED: no Chromium (install Debian's chromium, or run scripts/test.sh, which does)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1100, 1400))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	var mu sync.Mutex
	var errs []string
	console := func(ev *runtime.EventConsoleAPICalled) {
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value))
			}
			errs = append(errs, "console."+string(ev.Type)+": "+strings.Join(args, " "))
		}
	}
	exception := func(ev *runtime.EventExceptionThrown) {
		errs = append(errs, "exception: "+(&chromedp.ExceptionError{ExceptionDetails: ev.ExceptionDetails}).Error())
	}
	err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			console(ev)
		case runtime.EventConsoleAPICalled:
			console(&ev)
		case *runtime.EventExceptionThrown:
			exception(ev)
		case runtime.EventExceptionThrown:
			exception(&ev)
		}
	})
	if err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`1`)); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return ctx, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), errs...) }
}

// freeAddr is a 127.0.0.1 address nothing listens on yet.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// The pages in a real browser: / lists every feed with its subscribe URL;
// a show page draws one timeline band per chapter of the episode's JSON
// file, shows every tag and person the served feed carries, pages its
// episodes, fits 360 px, and the copy button works; no console errors.
// With RECAST_SCREENSHOTS=DIR it writes the screenshots the README shows.
func TestPagesInBrowser(t *testing.T) {
	ctx, consoleErrors := browser(t)
	addr := freeAddr(t)
	base := "http://" + addr
	feeds := []string{"demo=builtin:demo.xml"}
	kiosk, _ := filepath.Abs(filepath.Join(corpusDir(), "feeds", "engineering-kiosk-2026-07-01-redcircle-de.xml"))
	if _, err := os.Stat(kiosk); err == nil {
		feeds = append(feeds, "kiosk=file://"+kiosk)
	} else {
		t.Logf("corpus feed %s absent: the show page is checked on the demo feed only", kiosk)
	}
	args := []string{"--listen", addr, "--public-url", base, "--data-dir", t.TempDir()}
	for _, f := range feeds {
		args = append(args, "--feed", f)
	}
	startServe(t, nil, args...)
	shots := os.Getenv("RECAST_SCREENSHOTS")
	shoot := func(name string, full bool) {
		if shots == "" {
			return
		}
		shot := chromedp.CaptureScreenshot() // the window: a show page whole is megabytes
		if full {
			shot = chromedp.FullScreenshot(100)
		}
		png, err := chromedp.Run(ctx, shot)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(shots, 0o755)
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	urls, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("li.card input")].map(i => i.value)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(urls) != len(feeds) {
		t.Errorf("/ shows %d feeds, want %d", len(urls), len(feeds))
	}
	for _, u := range urls {
		if !strings.HasPrefix(u, base+"/feeds/") {
			t.Errorf("subscribe URL %q is not where recast serves the feed", u)
		}
	}
	shoot("index.png", false)

	for _, name := range []string{"demo", "kiosk"} {
		if name == "kiosk" && len(feeds) == 1 {
			continue
		}
		checkShowPage(t, ctx, base, name)
		shoot(name+".png", false)
	}

	// 360 px wide: nothing sticks out; the copy button works by keyboard.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 780), chromedp.Navigate(base+"/feeds/demo/")); err != nil {
		t.Fatal(err)
	}
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`button[data-copy]`)), chromedp.KeyEvent("\r"), chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	copied, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`button[data-copy]`)))
	if err != nil {
		t.Fatal(err)
	}
	if width > 360 {
		t.Errorf("at 360 px the page is %d px wide", width)
	}
	if copied != "Copied" {
		t.Errorf("the copy button, pressed with Enter, says %q", copied)
	}
	shoot("mobile.png", true)
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
}

// checkShowPage checks /feeds/NAME/ against the feed recast serves.
func checkShowPage(t *testing.T, ctx context.Context, base, name string) {
	t.Helper()
	res, err := http.Get(base + "/feeds/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var body []byte
	body, err = readAll(res)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := feed.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	type shown struct {
		ID       string   `json:"id"`
		Bands    int      `json:"bands"`
		Chapters string   `json:"chapters"`
		Chips    []string `json:"chips"`
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/feeds/"+name+"/")); err != nil {
		t.Fatal(err)
	}
	eps, err := chromedp.Run(ctx, chromedp.Evaluate[[]shown](`[...document.querySelectorAll("li.episode")].map(li => ({
			id: li.dataset.id,
			bands: li.querySelectorAll("svg.timeline rect.band").length,
			chapters: (li.querySelector('a[href$=".json"]') || {}).href || "",
			chips: [...li.querySelectorAll(".chips li")].map(c => (c.querySelector(".name") || c).textContent.trim()),
		}))`))
	if err != nil {
		t.Fatal(err)
	}
	pager, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector("nav.pager a[rel=next]")`))
	if err != nil {
		t.Fatal(err)
	}
	if len(eps) == 0 {
		t.Fatalf("%s: no episodes on the page", name)
	}
	if want := len(doc.Items) > 50; pager != want {
		t.Errorf("%s: %d episodes, pager shown %v", name, len(doc.Items), pager)
	}
	byID := map[string]*feed.Item{}
	for i := range doc.Items {
		byID[doc.Items[i].ID()] = &doc.Items[i]
	}
	withChapters := 0
	for _, ep := range eps {
		it := byID[ep.ID]
		if it == nil {
			t.Errorf("%s: episode %q on the page is not in the feed", name, ep.ID)
			continue
		}
		chips := strings.Join(ep.Chips, "\n")
		for _, c := range it.Categories {
			if !strings.Contains(chips, c) {
				t.Errorf("%s %q: tag %q is not on the page (chips %q)", name, it.Title, c, ep.Chips)
			}
		}
		for _, p := range it.Persons {
			if !strings.Contains(chips, p.Name) {
				t.Errorf("%s %q: person %q is not on the page", name, it.Title, p.Name)
			}
		}
		if ep.Chapters == "" {
			continue
		}
		withChapters++
		res, err := http.Get(ep.Chapters)
		if err != nil {
			t.Fatal(err)
		}
		var file struct{ Chapters []json.RawMessage }
		b, _ := readAll(res)
		if err := json.Unmarshal(b, &file); err != nil {
			t.Fatalf("%s: chapters file %s: %v", name, ep.Chapters, err)
		}
		if ep.Bands != len(file.Chapters) {
			t.Errorf("%s %q: %d timeline bands, the chapters file has %d", name, it.Title, ep.Bands, len(file.Chapters))
		}
	}
	if withChapters == 0 {
		t.Errorf("%s: no episode with a chapter timeline on the page", name)
	}
	t.Logf("%s: %d episodes on page 1, %d with a chapter timeline checked against their file", name, len(eps), withChapters)
}

func readAll(res *http.Response) ([]byte, error) {
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return nil, fmt.Errorf("%s: %s", res.Request.URL, res.Status)
	}
	return io.ReadAll(res.Body)
}

// corpusDir is where the real-feed corpus would be (testcorpus.Dir, which
// skips when it is absent; here its absence only narrows the test).
func corpusDir() string {
	if d := os.Getenv("RECAST_CORPUS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "corpus")
}
