package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// lockedBuffer is a stderr the test reads while serve writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// served is a `recast serve` running in-process on 127.0.0.1.
type served struct {
	addr   string
	stderr *lockedBuffer
	reload chan os.Signal
	stop   func() int
}

func startServe(t *testing.T, environ map[string]string, args ...string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{stderr: &lockedBuffer{}, reload: make(chan os.Signal, 1)}
	ready := make(chan string, 1)
	done := make(chan int, 1)
	e := env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: s.stderr, getenv: func(k string) string { return environ[k] }, reload: s.reload}
	go func() { done <- runServe(ctx, append([]string{"--listen", "127.0.0.1:0"}, args...), e, ready) }()
	select {
	case s.addr = <-ready:
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, s.stderr)
	case <-time.After(5 * time.Second):
		t.Fatalf("serve did not start: %s", s.stderr)
	}
	var once sync.Once
	code := 0
	s.stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(15 * time.Second):
				t.Fatal("serve did not stop")
			}
		})
		return code
	}
	t.Cleanup(func() { s.stop() })
	return s
}

func (s *served) get(t *testing.T, path string) (*http.Response, []byte) {
	t.Helper()
	res, err := http.Get("http://" + s.addr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func feedUpstream(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Write([]byte(feedXML))
	}))
	t.Cleanup(up.Close)
	return up, &n
}

// /metrics is the Prometheus text format, with the request, upstream,
// refresh, enricher and cache series.
func TestMetricsScrape(t *testing.T) {
	up, _ := feedUpstream(t)
	s := startServe(t, nil, "--feed", "show="+up.URL+"/feed.xml", "--data-dir", t.TempDir())
	if res, _ := s.get(t, "/feeds/show"); res.StatusCode != 200 {
		t.Fatalf("feed: %d", res.StatusCode)
	}
	s.get(t, "/feeds/show")
	s.get(t, "/feeds/nope")
	s.get(t, "/no/such/route")
	res, body := s.get(t, "/metrics")
	if res.StatusCode != 200 {
		t.Fatalf("/metrics: %d", res.StatusCode)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("/metrics does not parse: %v", err)
	}
	value := func(name string, labels map[string]string) (float64, bool) {
		f := families[name]
		if f == nil {
			return 0, false
		}
	metrics:
		for _, m := range f.Metric {
			got := map[string]string{}
			for _, l := range m.Label {
				got[l.GetName()] = l.GetValue()
			}
			for k, v := range labels {
				if got[k] != v {
					continue metrics
				}
			}
			switch {
			case m.Counter != nil:
				return m.Counter.GetValue(), true
			case m.Gauge != nil:
				return m.Gauge.GetValue(), true
			case m.Histogram != nil:
				return float64(m.Histogram.GetSampleCount()), true
			}
		}
		return 0, false
	}
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64 // at least
	}{
		{"recast_http_requests_total", map[string]string{"route": "feed", "code": "200", "cache": "HIT"}, 1},
		{"recast_http_requests_total", map[string]string{"route": "feed", "code": "404"}, 1},
		{"recast_http_requests_total", map[string]string{"route": "other", "code": "404"}, 1},
		{"recast_http_request_duration_seconds", map[string]string{"route": "feed"}, 2},
		{"recast_upstream_requests_total", map[string]string{"code": "200", "method": "GET"}, 1},
		{"recast_upstream_request_duration_seconds", map[string]string{"code": "200"}, 1},
		{"recast_refreshes_total", map[string]string{"result": "fetched"}, 1},
		{"recast_enrich_duration_seconds", map[string]string{"enricher": "topics"}, 1},
		{"recast_cache_entries", nil, 1},
		{"recast_cache_bytes", nil, 100},
		{"recast_store_keys", nil, 1}, // the on-disk store in --data-dir
		{"recast_store_bytes", nil, 100},
		{"go_goroutines", nil, 1},
	} {
		if v, ok := value(c.name, c.labels); !ok || v < c.want {
			t.Errorf("%s%v = %v (found %v), want at least %v", c.name, c.labels, v, ok, c.want)
		}
	}
	if _, ok := families["recast_store_errors_total"]; ok {
		if v, _ := value("recast_store_errors_total", nil); v != 0 {
			t.Errorf("store errors without a Redis: %v", v)
		}
	}
}

// SIGHUP reloads the configuration: feeds added, removed or changed take
// effect; a bad file is logged and the running configuration kept.
func TestReloadOnSIGHUP(t *testing.T) {
	up, _ := feedUpstream(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "recast.yaml")
	write := func(s string) {
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("feeds:\n  - {name: a, url: " + up.URL + "/a.xml}\n")
	s := startServe(t, nil, "--config", file, "--data-dir", t.TempDir())
	if res, _ := s.get(t, "/feeds/a"); res.StatusCode != 200 {
		t.Fatalf("a before reload: %d", res.StatusCode)
	}
	status := func(path string) int { res, _ := s.get(t, path); return res.StatusCode }
	waitUntil := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s; log:\n%s", what, s.stderr)
			}
		}
	}
	write("feeds:\n  - {name: b, url: " + up.URL + "/b.xml}\n")
	s.reload <- os.Interrupt // any value: the channel is SIGHUP's
	waitUntil("b not served after reload", func() bool { return status("/feeds/b") == 200 })
	if got := status("/feeds/a"); got != 404 {
		t.Errorf("a after its removal: %d, want 404", got)
	}
	write("feeds:\n  - {name: c, url: " + up.URL + "/c.xml, mode: nonsense}\n")
	s.reload <- os.Interrupt
	waitUntil("the bad config was not logged", func() bool { return strings.Contains(s.stderr.String(), "reload refused") })
	if status("/feeds/b") != 200 || status("/feeds/c") != 404 {
		t.Errorf("a bad config replaced the running one")
	}
	if code := s.stop(); code != 0 {
		t.Errorf("serve exited %d", code)
	}
}

// A runtime feed whose upstream redirects into a private network is a 403
// naming the refusal, counted in /metrics and logged; the private address
// is never asked.
func TestGuardRefusalCounted(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://10.20.30.40/feed.xml", http.StatusFound)
	}))
	t.Cleanup(up.Close)
	dir := t.TempDir()
	file := filepath.Join(dir, "recast.yaml")
	os.WriteFile(file, []byte("fetch:\n  allow_private: [\""+strings.TrimPrefix(up.URL, "http://")+"\"]\n"), 0o644)
	s := startServe(t, map[string]string{"RECAST_ADMIN_TOKEN": "guard-token"}, "--config", file, "--data-dir", t.TempDir())
	req, _ := http.NewRequest("POST", "http://"+s.addr+"/admin/feeds", strings.NewReader(`{"name":"moved","url":"`+up.URL+`/feed.xml"}`))
	req.Header.Set("Authorization", "Bearer guard-token")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("add: %d", res.StatusCode)
	}
	res, body := s.get(t, "/feeds/moved")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "not allowed") {
		t.Fatalf("feed redirected to a private address: %d %q, want 403", res.StatusCode, body)
	}
	_, body = s.get(t, "/metrics")
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	f := families["recast_upstream_refused_total"]
	if f == nil || len(f.Metric) != 1 || f.Metric[0].Counter.GetValue() < 1 {
		t.Errorf("recast_upstream_refused_total = %v, want at least 1", f)
	}
	if log := s.stderr.String(); !strings.Contains(log, "private-network guard") || !strings.Contains(log, "10.20.30.40") {
		t.Errorf("the refusal is not logged:\n%s", log)
	}
}
