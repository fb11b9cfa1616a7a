package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
)

const testFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test show</title>
<item><title>Episode 1</title><guid>ep-1</guid></item>
</channel></rss>
`

// local returns a Client allowed to reach the 127.0.0.1 test servers.
func local(opts Options) *Client {
	opts.AllowPrivate = true
	return New(opts)
}

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchOK(t *testing.T) {
	var got http.Header
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT")
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprint(w, testFeed)
	})
	c := local(Options{Version: "1.2.3"})
	before := time.Now()
	res, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/feed.xml"})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	want := Result{
		Status: 200, Body: []byte(testFeed), ETag: `"v1"`, LastModified: "Wed, 21 Oct 2015 07:28:00 GMT",
		ContentType: "application/rss+xml; charset=utf-8", MaxAge: 5 * time.Minute, URL: srv.URL + "/feed.xml",
	}
	if res.Status != want.Status || !bytes.Equal(res.Body, want.Body) || res.ETag != want.ETag ||
		res.LastModified != want.LastModified || res.ContentType != want.ContentType ||
		res.MaxAge != want.MaxAge || res.URL != want.URL || res.PermanentURL != "" || res.Truncated {
		t.Errorf("got %+v\nwant %+v", *res, want)
	}
	if res.FetchedAt.Before(before) || res.FetchedAt.After(time.Now()) {
		t.Errorf("FetchedAt %v outside the call", res.FetchedAt)
	}
	for k, v := range map[string]string{
		"User-Agent":        "recast/1.2.3 (+https://github.com/recast-podcast/recast)",
		"Accept":            "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8",
		"Accept-Encoding":   "gzip, br",
		"If-None-Match":     "",
		"If-Modified-Since": "",
	} {
		if got.Get(k) != v {
			t.Errorf("request %s = %q, want %q", k, got.Get(k), v)
		}
	}
}

func TestUserAgent(t *testing.T) {
	tests := map[string]struct {
		c    *Client
		want string
	}{
		"default version": {local(Options{}), "recast/dev (+https://github.com/recast-podcast/recast)"},
		"override":        {local(Options{UserAgent: "custom/1", Version: "9"}), "custom/1"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var ua string
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) { ua = r.UserAgent() })
			if _, err := tc.c.Fetch(context.Background(), Request{URL: srv.URL}); err != nil {
				t.Fatal(err)
			}
			if ua != tc.want {
				t.Errorf("User-Agent %q, want %q", ua, tc.want)
			}
		})
	}
}

// versioned is an upstream whose feed is at version v, honouring
// conditional requests unless ignoreConditional.
type versioned struct {
	v                 atomic.Int32
	ignoreConditional bool
	hits              atomic.Int32
}

func (u *versioned) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u.hits.Add(1)
	v := u.v.Load()
	etag := fmt.Sprintf(`"v%d"`, v)
	lm := time.Date(2025, 1, int(v), 0, 0, 0, 0, time.UTC).Format(http.TimeFormat)
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", lm)
	w.Header().Set("Cache-Control", "max-age=60")
	if !u.ignoreConditional && (r.Header.Get("If-None-Match") == etag ||
		(r.Header.Get("If-None-Match") == "" && r.Header.Get("If-Modified-Since") == lm)) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	fmt.Fprintf(w, "<rss><!-- version %d --></rss>", v)
}

func TestConditionalGET(t *testing.T) {
	tests := map[string]struct {
		ignoreConditional bool
		validators        func(*Result) Request // what the second fetch sends
	}{
		"etag honoured":          {false, func(r *Result) Request { return Request{ETag: r.ETag} }},
		"last-modified honoured": {false, func(r *Result) Request { return Request{LastModified: r.LastModified} }},
		"both honoured":          {false, func(r *Result) Request { return Request{ETag: r.ETag, LastModified: r.LastModified} }},
		"etag ignored upstream":  {true, func(r *Result) Request { return Request{ETag: r.ETag} }},
		"lm ignored upstream":    {true, func(r *Result) Request { return Request{LastModified: r.LastModified} }},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			up := &versioned{ignoreConditional: tc.ignoreConditional}
			up.v.Store(1)
			srv := serve(t, up.ServeHTTP)
			c := local(Options{})
			ctx := context.Background()

			first, err := c.Fetch(ctx, Request{URL: srv.URL})
			if err != nil || first.Status != 200 || !strings.Contains(string(first.Body), "version 1") {
				t.Fatalf("first fetch: %+v, %v", first, err)
			}

			req := tc.validators(first)
			req.URL = srv.URL
			second, err := c.Fetch(ctx, req)
			if err != nil {
				t.Fatalf("second fetch: %v", err)
			}
			if second.Status != 304 || second.Body != nil {
				t.Errorf("unchanged feed: Status %d with %d body bytes, want 304 and none", second.Status, len(second.Body))
			}
			if second.ETag != first.ETag || second.LastModified != first.LastModified || second.MaxAge != time.Minute {
				t.Errorf("304 validators %q %q max-age %v; want %q %q 1m", second.ETag, second.LastModified, second.MaxAge, first.ETag, first.LastModified)
			}

			up.v.Store(2)
			req = tc.validators(second)
			req.URL = srv.URL
			third, err := c.Fetch(ctx, req)
			if err != nil {
				t.Fatalf("third fetch: %v", err)
			}
			if third.Status != 200 || !strings.Contains(string(third.Body), "version 2") || third.ETag != `"v2"` {
				t.Errorf("changed feed: got %d %q %q, want 200 with version 2", third.Status, third.Body, third.ETag)
			}
		})
	}
}

func TestUnexpected304(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) })
	_, err := local(Options{}).Fetch(context.Background(), Request{URL: srv.URL})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 304 {
		t.Fatalf("304 to an unconditional GET: %v, want a StatusError 304", err)
	}
}

func TestEncodings(t *testing.T) {
	big := bytes.Repeat([]byte("<item><title>x</title></item>\n"), 1<<15) // ~1 MiB
	tests := map[string]struct {
		encoding string
		body     []byte
		want     []byte
	}{
		"gzip":     {"gzip", gzipped(t, []byte(testFeed)), []byte(testFeed)},
		"br":       {"br", brotlied(t, []byte(testFeed)), []byte(testFeed)},
		"big gzip": {"gzip", gzipped(t, big), big},
		"big br":   {"br", brotlied(t, big), big},
		"identity": {"", []byte(testFeed), []byte(testFeed)},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if tc.encoding != "" {
					w.Header().Set("Content-Encoding", tc.encoding)
				}
				w.Write(tc.body)
			})
			res, err := local(Options{}).Fetch(context.Background(), Request{URL: srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(res.Body, tc.want) {
				t.Errorf("decoded %d bytes, want the %d sent", len(res.Body), len(tc.want))
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	const limit = 1 << 20
	bomb := gzipped(t, make([]byte, 64<<20))
	brBomb := brotlied(t, make([]byte, 64<<20))
	over := bytes.Repeat([]byte("x"), limit+1)
	tests := map[string]http.HandlerFunc{
		"content-length over": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(len(over)))
			w.Write(over)
		},
		"chunked over": func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < len(over); i += 4096 {
				w.Write(over[i:min(i+4096, len(over))])
				w.(http.Flusher).Flush()
			}
		},
		"lying content-length": func(w http.ResponseWriter, r *http.Request) {
			// Claims to fit; the cap must still hold on what arrives.
			h, _ := w.(http.Hijacker)
			conn, buf, err := h.Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
			buf.Write(over)
			buf.Flush()
		},
		"gzip bomb": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		},
		"br bomb": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "br")
			w.Write(brBomb)
		},
	}
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			srv := serve(t, h)
			c := local(Options{MaxBytes: limit})
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			res, err := c.Fetch(context.Background(), Request{URL: srv.URL})
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("got %v (result %v), want ErrTooLarge", err, res != nil)
			}
			if !strings.Contains(err.Error(), "1 MiB") || !strings.HasPrefix(err.Error(), "fetch: "+srv.URL+": ") {
				t.Errorf("message %q: want the URL and the 1 MiB cap", err)
			}
			// Allocation covers the test server and the brotli window too
			// (more under -race); reading the whole 64 MiB bomb would need
			// well over 64 MiB.
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("allocated %.1f MiB", float64(alloc)/(1<<20))
			if alloc > 32<<20 {
				t.Errorf("fetch allocated %d MiB for a 1 MiB cap", alloc>>20)
			}
		})
	}
}

func TestRedirects(t *testing.T) {
	tests := map[string]struct {
		codes         []int // the redirect statuses, in order, before the feed
		relative      bool  // Location as a path instead of an absolute URL
		wantPermanent bool
		wantErr       error
	}{
		"none":                 {codes: nil},
		"301":                  {codes: []int{301}, wantPermanent: true},
		"301 then 308":         {codes: []int{301, 308}, wantPermanent: true},
		"301 then 302":         {codes: []int{301, 302}},
		"302 then 301":         {codes: []int{302, 301}},
		"307":                  {codes: []int{307}},
		"303":                  {codes: []int{303}},
		"relative 301":         {codes: []int{301, 301}, relative: true, wantPermanent: true},
		"five is the limit":    {codes: []int{301, 301, 301, 301, 301}, wantPermanent: true},
		"six are too many":     {codes: []int{301, 302, 301, 301, 301, 301}, wantErr: ErrTooManyRedirects},
		"six permanent too":    {codes: []int{308, 308, 308, 308, 308, 308}, wantErr: ErrTooManyRedirects},
		"relative, six, error": {codes: []int{302, 302, 302, 302, 302, 302}, relative: true, wantErr: ErrTooManyRedirects},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var hits atomic.Int32
			var srv *httptest.Server
			srv = serve(t, func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				if r.Header.Get("If-None-Match") != `"old"` {
					t.Errorf("%s: validators not sent on every hop", r.URL.Path)
				}
				i, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
				if i < len(tc.codes) {
					loc := fmt.Sprintf("/hop/%d", i+1)
					if !tc.relative {
						loc = srv.URL + loc
					}
					w.Header().Set("Location", loc)
					w.WriteHeader(tc.codes[i])
					return
				}
				fmt.Fprint(w, testFeed)
			})
			start := srv.URL + "/hop/0"
			res, err := local(Options{}).Fetch(context.Background(), Request{URL: start, ETag: `"old"`})
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("got %v, want %v", err, tc.wantErr)
				}
				if !strings.Contains(err.Error(), "stopped after 5 redirects") || !strings.HasPrefix(err.Error(), "fetch: "+start) {
					t.Errorf("message %q", err)
				}
				if got := hits.Load(); got != MaxRedirects+1 {
					t.Errorf("upstream saw %d requests, want %d", got, MaxRedirects+1)
				}
				return
			}
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			final := fmt.Sprintf("%s/hop/%d", srv.URL, len(tc.codes))
			if res.Status != 200 || string(res.Body) != testFeed || res.URL != final {
				t.Errorf("got %d %q at %s, want the feed at %s", res.Status, res.Body, res.URL, final)
			}
			wantPerm := ""
			if tc.wantPermanent {
				wantPerm = final
			}
			if res.PermanentURL != wantPerm {
				t.Errorf("PermanentURL = %q, want %q", res.PermanentURL, wantPerm)
			}
		})
	}
}

func TestRedirectRefusals(t *testing.T) {
	tests := map[string]struct {
		location string
		code     int
		wantErr  error
		mention  string
	}{
		"to a local file": {"file:///etc/passwd", 302, ErrUnsupported, "refused redirect to file URL"},
		"to builtin":      {"builtin:demo.xml", 301, ErrUnsupported, "refused redirect to builtin URL"},
		"without Location": {
			"", 301, nil, "upstream answered 301 Moved Permanently",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if tc.location != "" {
					w.Header().Set("Location", tc.location)
				}
				w.WriteHeader(tc.code)
			})
			c := local(Options{FS: fstest.MapFS{"demo.xml": {Data: []byte(testFeed)}}})
			_, err := c.Fetch(context.Background(), Request{URL: srv.URL})
			if err == nil {
				t.Fatal("Fetch followed the redirect")
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("got %v, want %v", err, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("message %q does not mention %q", err, tc.mention)
			}
		})
	}
}

func TestStatusErrors(t *testing.T) {
	now := time.Now()
	tests := map[string]struct {
		code      int
		header    map[string]string
		wantRetry time.Duration
		wantMsg   string // after "fetch: <url>: "
	}{
		"503 seconds": {
			503, map[string]string{"Retry-After": "120"}, 2 * time.Minute,
			"upstream answered 503 Service Unavailable (retry after 2m0s)",
		},
		"429 date": {
			429, map[string]string{"Date": now.UTC().Format(http.TimeFormat), "Retry-After": now.Add(time.Hour).UTC().Format(http.TimeFormat)},
			time.Hour, "upstream answered 429 Too Many Requests (retry after 1h0m0s)",
		},
		"503 without": {503, nil, 0, "upstream answered 503 Service Unavailable"},
		"404":         {404, map[string]string{"Retry-After": "5"}, 0, "upstream answered 404 Not Found"},
		"410":         {410, nil, 0, "upstream answered 410 Gone"},
		"500":         {500, nil, 0, "upstream answered 500 Internal Server Error"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tc.code)
				fmt.Fprint(w, "error page")
			})
			_, err := local(Options{}).Fetch(context.Background(), Request{URL: srv.URL + "/feed.xml"})
			var se *StatusError
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *StatusError", err)
			}
			if se.Code != tc.code || se.RetryAfter != tc.wantRetry {
				t.Errorf("StatusError{%d, %v}, want {%d, %v}", se.Code, se.RetryAfter, tc.code, tc.wantRetry)
			}
			if want := "fetch: " + srv.URL + "/feed.xml: " + tc.wantMsg; err.Error() != want {
				t.Errorf("message\n got %q\nwant %q", err, want)
			}
		})
	}
}

func TestErrorRedactsSecrets(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "user" || p != "hunter2" {
			t.Errorf("basic auth from the URL not sent")
		}
		if r.URL.Query().Get("token") != "s3cret" {
			t.Errorf("query not sent: %q", r.URL.RawQuery)
		}
		w.WriteHeader(500)
	})
	u := strings.Replace(srv.URL, "http://", "http://user:hunter2@", 1) + "/feed.xml?token=s3cret"
	_, err := local(Options{}).Fetch(context.Background(), Request{URL: u})
	if err == nil {
		t.Fatal("no error")
	}
	for _, secret := range []string{"hunter2", "user", "s3cret"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q carries %q", err, secret)
		}
	}
	if want := srv.URL + "/feed.xml?token=REDACTED"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q: want it to name %s", err, want)
	}
}

func TestRedact(t *testing.T) {
	tests := map[string]string{
		"https://host/feed.xml":                 "https://host/feed.xml",
		"https://u:p@host/feed.xml?a=1&token=x": "https://host/feed.xml?a=REDACTED&token=REDACTED",
		"https://host/f?k":                      "https://host/f?k=REDACTED",
		"http://[::1]:80/x#frag":                "http://[::1]:80/x#frag",
		"://bad":                                "(unparsable URL)",
	}
	for in, want := range tests {
		if got := RedactString(in); got != want {
			t.Errorf("RedactString(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTimeout(t *testing.T) {
	const timeout = 300 * time.Millisecond
	tests := map[string]http.HandlerFunc{
		"no headers": func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		},
		"body stalls": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100000")
			w.Write([]byte("<rss>"))
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		},
		"body trickles": func(w http.ResponseWriter, r *http.Request) {
			for {
				select {
				case <-r.Context().Done():
					return
				case <-time.After(20 * time.Millisecond):
					w.Write([]byte("<item/>"))
					w.(http.Flusher).Flush()
				}
			}
		},
	}
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			srv := serve(t, h)
			start := time.Now()
			_, err := local(Options{Timeout: timeout}).Fetch(context.Background(), Request{URL: srv.URL})
			took := time.Since(start)
			if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("got %v, want ErrTimeout and context.DeadlineExceeded", err)
			}
			var te interface{ Timeout() bool }
			if !errors.As(err, &te) || !te.Timeout() {
				t.Errorf("error has no Timeout() true")
			}
			if took > timeout+time.Second {
				t.Errorf("took %v with a %v Timeout", took, timeout)
			}
			if !strings.HasPrefix(err.Error(), "fetch: "+srv.URL+": timed out after ") {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestCallerCancel(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := local(Options{}).Fetch(ctx, Request{URL: srv.URL})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Fatalf("got %v, want context.Canceled and not a timeout", err)
	}
}

func TestPrivateAddresses(t *testing.T) {
	var hits atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, testFeed)
	})
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	tests := map[string]struct {
		c       *Client
		url     string
		allowed bool
	}{
		"default refuses loopback IP":   {New(Options{}), srv.URL, false},
		"default refuses localhost":     {New(Options{}), "http://localhost:" + port + "/", false},
		"zero Client refuses":           {&Client{}, srv.URL, false},
		"AllowPrivate reaches it":       {New(Options{AllowPrivate: true}), srv.URL, true},
		"zero Client with AllowPrivate": {&Client{AllowPrivate: true}, srv.URL, true},
		"allow-listed host and port":    {New(Options{Allow: []string{"127.0.0.1:" + port}}), srv.URL, true},
		"allow-listed name":             {New(Options{Allow: []string{"LOCALHOST:" + port}}), "http://localhost:" + port + "/", true},
		"another port of a listed host": {New(Options{Allow: []string{"127.0.0.1:1"}}), srv.URL, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			hits.Store(0)
			res, err := tc.c.Fetch(context.Background(), Request{URL: tc.url})
			if tc.allowed {
				if err != nil || string(res.Body) != testFeed {
					t.Fatalf("got %v, want the feed", err)
				}
				return
			}
			if !errors.Is(err, ErrBlockedAddress) {
				t.Fatalf("got %v, want ErrBlockedAddress", err)
			}
			if !strings.Contains(err.Error(), "refused") {
				t.Errorf("message %q", err)
			}
			if hits.Load() != 0 {
				t.Errorf("the refused request reached the server")
			}
		})
	}
}

// A guarded and an open Client made by one New never share a connection:
// an open Client's pooled connection to 127.0.0.1 must not let the guarded
// one through.
func TestAllowPrivateDoesNotLeakPooledConnections(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, testFeed) })
	c := New(Options{AllowPrivate: true})
	if _, err := c.Fetch(context.Background(), Request{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	c.AllowPrivate = false
	if _, err := c.Fetch(context.Background(), Request{URL: srv.URL}); !errors.Is(err, ErrBlockedAddress) {
		t.Fatalf("after an allowed fetch, a refused one got %v, want ErrBlockedAddress", err)
	}
}

func TestConnectionReuse(t *testing.T) {
	var conns atomic.Int32
	up := &versioned{}
	up.v.Store(1)
	mux := http.NewServeMux()
	mux.Handle("/feed", up)
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/feed", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusGone)
	})
	srv := httptest.NewUnstartedServer(mux)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)

	c := local(Options{})
	ctx := context.Background()
	for i, req := range []Request{
		{URL: srv.URL + "/feed"},
		{URL: srv.URL + "/feed", ETag: `"v1"`},
		{URL: srv.URL + "/old"},
		{URL: srv.URL + "/gone"},
		{URL: srv.URL + "/feed"},
	} {
		if _, err := c.Fetch(ctx, req); err != nil && !strings.Contains(err.Error(), "410") {
			t.Fatalf("fetch %d: %v", i, err)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("5 sequential fetches opened %d connections, want 1 (pooled)", n)
	}
}

func TestRange(t *testing.T) {
	mp3 := make([]byte, 200_000)
	for i := range mp3 {
		mp3[i] = byte(i % 251)
	}
	tests := map[string]struct {
		honour        bool
		rng           string
		wantStatus    int
		want          []byte
		wantTruncated bool
	}{
		"honoured":        {true, "bytes=0-65535", 206, mp3[:65536], false},
		"honoured offset": {true, "bytes=10-19", 206, mp3[10:20], false},
		"ignored":         {false, "bytes=0-65535", 200, mp3[:65536], true},
		"ignored offset":  {false, "bytes=10-19", 200, mp3[10:20], true},
		"ignored, small":  {false, "bytes=0-999999", 200, mp3, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if tc.honour {
					http.ServeContent(w, r, "ep.mp3", time.Time{}, bytes.NewReader(mp3))
					return
				}
				w.Write(mp3)
			})
			res, err := local(Options{}).Fetch(context.Background(), Request{URL: srv.URL, Range: tc.rng})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tc.wantStatus || !bytes.Equal(res.Body, tc.want) || res.Truncated != tc.wantTruncated {
				t.Errorf("got %d, %d bytes, truncated=%v; want %d, %d bytes, truncated=%v",
					res.Status, len(res.Body), res.Truncated, tc.wantStatus, len(tc.want), tc.wantTruncated)
			}
		})
	}
}

func TestLocalSchemes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "feed.xml")
	if err := os.WriteFile(path, []byte(testFeed), 0o644); err != nil {
		t.Fatal(err)
	}
	mod := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	if err := os.Chtimes(path, mod, mod); err != nil {
		t.Fatal(err)
	}
	modStr := mod.Format(http.TimeFormat)
	builtin := fstest.MapFS{"demo.xml": {Data: []byte(testFeed)}}
	open := &Client{AllowPrivate: true, FS: builtin}

	tests := map[string]struct {
		c          *Client
		req        Request
		wantStatus int
		wantErr    error
		mention    string
	}{
		"file":                  {open, Request{URL: "file://" + path}, 200, nil, ""},
		"file localhost":        {open, Request{URL: "file://localhost" + path}, 200, nil, ""},
		"file not modified":     {open, Request{URL: "file://" + path, LastModified: modStr}, 304, nil, ""},
		"file modified since":   {open, Request{URL: "file://" + path, LastModified: mod.Add(-time.Hour).Format(http.TimeFormat)}, 200, nil, ""},
		"file refused":          {&Client{}, Request{URL: "file://" + path}, 0, ErrBlockedAddress, "local files are refused"},
		"file missing":          {open, Request{URL: "file://" + filepath.Join(dir, "nope.xml")}, 0, fs.ErrNotExist, ""},
		"file on another host":  {open, Request{URL: "file://example.com/etc/passwd"}, 0, ErrUnsupported, "names host"},
		"file is a directory":   {open, Request{URL: "file://" + dir}, 0, nil, "is a directory"},
		"file too large":        {&Client{AllowPrivate: true, MaxBytes: 10}, Request{URL: "file://" + path}, 0, ErrTooLarge, "exceeds 10 bytes"},
		"builtin":               {open, Request{URL: "builtin:demo.xml"}, 200, nil, ""},
		"builtin when guarded":  {&Client{FS: builtin}, Request{URL: "builtin:demo.xml"}, 200, nil, ""},
		"builtin missing":       {open, Request{URL: "builtin:nope.xml"}, 0, fs.ErrNotExist, "builtin:nope.xml"},
		"builtin without FS":    {&Client{}, Request{URL: "builtin:demo.xml"}, 0, ErrUnsupported, "Client.FS is nil"},
		"builtin escaping":      {open, Request{URL: "builtin:../demo.xml"}, 0, nil, "invalid builtin name"},
		"unsupported scheme":    {open, Request{URL: "ftp://example.com/feed.xml"}, 0, ErrUnsupported, `unsupported URL scheme "ftp"`},
		"unparsable URL":        {open, Request{URL: "http://a b/"}, 0, nil, "bad URL"},
		"canceled before start": {open, Request{URL: "builtin:demo.xml"}, 0, context.Canceled, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if name == "canceled before start" {
				c, cancel := context.WithCancel(ctx)
				cancel()
				ctx = c
			}
			res, err := tc.c.Fetch(ctx, tc.req)
			if tc.wantStatus == 0 {
				if err == nil {
					t.Fatalf("got %d, want an error", res.Status)
				}
				if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
					t.Errorf("got %v, want %v", err, tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.mention) || !strings.HasPrefix(err.Error(), "fetch: ") {
					t.Errorf("message %q: want the fetch: prefix and %q", err, tc.mention)
				}
				return
			}
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if res.Status != tc.wantStatus {
				t.Errorf("Status %d, want %d", res.Status, tc.wantStatus)
			}
			if tc.wantStatus == 200 && string(res.Body) != testFeed {
				t.Errorf("Body %q", res.Body)
			}
			if tc.wantStatus == 304 && res.Body != nil {
				t.Errorf("304 with a body")
			}
			if strings.HasPrefix(tc.req.URL, "file:") && res.LastModified != modStr {
				t.Errorf("LastModified %q, want the file's %q", res.LastModified, modStr)
			}
		})
	}
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestWrapTransportSeesEveryRequestAndKeepsTheGuard(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
			return
		}
		w.Write([]byte("<rss/>"))
	})
	var seen []string
	wrap := func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			seen = append(seen, r.URL.Path)
			return next.RoundTrip(r)
		})
	}
	open := New(Options{AllowPrivate: true, WrapTransport: wrap})
	if _, err := open.Fetch(context.Background(), Request{URL: srv.URL + "/old"}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"/old", "/new"}; !slices.Equal(seen, want) {
		t.Errorf("the wrapper saw %v, want %v", seen, want)
	}
	guarded := New(Options{WrapTransport: wrap})
	if _, err := guarded.Fetch(context.Background(), Request{URL: srv.URL + "/new"}); !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("wrapped guarded client reached loopback: %v", err)
	}
}

func TestWithAllowPrivateSharesPoolsKeepsPolicy(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<rss/>")) })
	open := New(Options{AllowPrivate: true})
	guarded := open.WithAllowPrivate(false)
	if _, err := guarded.Fetch(context.Background(), Request{URL: srv.URL}); !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("the guarded copy reached loopback: %v", err)
	}
	if _, err := guarded.WithAllowPrivate(true).Fetch(context.Background(), Request{URL: srv.URL}); err != nil {
		t.Errorf("the open copy: %v", err)
	}
	if guarded.pools != open.pools {
		t.Error("the copies do not share the pooled transports")
	}
}

// The guarded dialer refuses a non-public address after DNS, whatever the
// URL said, unless the operator listed that host and port.
func TestGuardedDialer(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, testFeed) })
	addr := srv.Listener.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	dial := func(c *Client, addr string) error {
		conn, err := c.pools.guarded.Transport.(*http.Transport).DialContext(context.Background(), "tcp", addr)
		if err == nil {
			conn.Close()
		}
		return err
	}
	if err := dial(New(Options{}), addr); !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("dial %s: %v, want ErrBlockedAddress", addr, err)
	}
	if err := dial(New(Options{}), "localhost:"+port); !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("dial localhost (resolved to loopback): %v, want ErrBlockedAddress", err)
	}
	if err := dial(New(Options{Allow: []string{addr}}), addr); err != nil {
		t.Errorf("dial of a listed address: %v", err)
	}
}

// TestRefusedHook: Client.Refused hears of every refusal of the guard, and
// of nothing else; the refused server sees no request.
func TestRefusedHook(t *testing.T) {
	var hits atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, testFeed)
	})
	var refused []error
	c := New(Options{Refused: func(err error) { refused = append(refused, err) }})
	if _, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/feed"}); !errors.Is(err, ErrBlockedAddress) {
		t.Fatalf("guarded fetch of loopback: %v, want ErrBlockedAddress", err)
	}
	if len(refused) != 1 || !errors.Is(refused[0], ErrBlockedAddress) {
		t.Fatalf("Refused called with %v, want the one refusal", refused)
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the refused server saw %d requests", n)
	}
	open := c.WithAllowPrivate(true)
	if _, err := open.Fetch(context.Background(), Request{URL: srv.URL + "/feed"}); err != nil {
		t.Fatal(err)
	}
	if _, err := open.Fetch(context.Background(), Request{URL: srv.URL + "/missing"}); err == nil {
		t.Fatal("404 fetched without error")
	}
	if len(refused) != 1 {
		t.Errorf("Refused called %d times; a fetch and a 404 are no refusals", len(refused))
	}
	if err := c.Check("http://169.254.169.254/latest/"); !errors.Is(err, ErrBlockedAddress) || len(refused) != 2 {
		t.Errorf("Check of the metadata address: %v, Refused called %d times; want a refusal reported", err, len(refused))
	}
}

// Auth goes to the feed's own host: basic auth, headers and query; a
// redirect to another host gets none of it, and errors show none of it.
func TestAuthSentToOwnHostOnly(t *testing.T) {
	var seen atomic.Value
	other := serve(t, func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.Header.Get("Authorization") + "|" + r.Header.Get("X-Api-Key") + "|" + r.URL.RawQuery)
		fmt.Fprint(w, testFeed)
	})
	own := serve(t, func(w http.ResponseWriter, r *http.Request) {
		user, pass, _ := r.BasicAuth()
		if user != "alice" || pass != "s3cret-pass" || r.Header.Get("X-Api-Key") != "key-123" || r.URL.Query().Get("auth") != "tok-456" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		if r.URL.Path == "/away" {
			http.Redirect(w, r, other.URL+"/feed", http.StatusFound)
			return
		}
		fmt.Fprint(w, testFeed)
	})
	auth := &Auth{Username: "alice", Password: "s3cret-pass", Header: http.Header{"X-Api-Key": {"key-123"}}, Query: url.Values{"auth": {"tok-456"}}}
	c := New(Options{AllowPrivate: true})
	if _, err := c.Fetch(context.Background(), Request{URL: own.URL + "/feed", Auth: auth}); err != nil {
		t.Fatalf("with credentials: %v", err)
	}
	_, err := c.Fetch(context.Background(), Request{URL: own.URL + "/feed?x=1"})
	if err == nil {
		t.Fatal("without credentials: no error")
	}
	if _, err := c.Fetch(context.Background(), Request{URL: own.URL + "/away", Auth: auth}); err != nil {
		t.Fatalf("redirected: %v", err)
	}
	if got := seen.Load(); got != "||" {
		t.Errorf("the other host got credentials: %q", got)
	}
	bad := &Auth{Username: "alice", Password: "wrong-pass", Header: http.Header{"X-Api-Key": {"wrong-key"}}, Query: url.Values{"auth": {"wrong-tok"}}}
	_, err = c.Fetch(context.Background(), Request{URL: own.URL + "/feed", Auth: bad})
	if err == nil {
		t.Fatal("wrong credentials: no error")
	}
	for _, secret := range []string{"wrong-pass", "wrong-key", "wrong-tok"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q shows a credential", err)
		}
	}
}
