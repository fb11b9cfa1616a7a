package fetch

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

func TestSetHeaders(t *testing.T) {
	tests := map[string]struct {
		req  Request
		want map[string]string // header -> value; "" = must be absent
	}{
		"no validators": {
			req:  Request{URL: "https://a/feed"},
			want: map[string]string{"If-None-Match": "", "If-Modified-Since": "", "Range": ""},
		},
		"etag only": {
			req:  Request{ETag: `W/"abc"`},
			want: map[string]string{"If-None-Match": `W/"abc"`, "If-Modified-Since": ""},
		},
		"last-modified only": {
			req:  Request{LastModified: "Wed, 21 Oct 2015 07:28:00 GMT"},
			want: map[string]string{"If-None-Match": "", "If-Modified-Since": "Wed, 21 Oct 2015 07:28:00 GMT"},
		},
		"both and a range": {
			req: Request{ETag: `"x"`, LastModified: "Wed, 21 Oct 2015 07:28:00 GMT", Range: "bytes=0-65535"},
			want: map[string]string{
				"If-None-Match": `"x"`, "If-Modified-Since": "Wed, 21 Oct 2015 07:28:00 GMT", "Range": "bytes=0-65535",
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := http.Header{}
			setHeaders(h, tc.req, "recast/test")
			want := map[string]string{
				"User-Agent":      "recast/test",
				"Accept":          acceptHeader,
				"Accept-Encoding": "gzip, br",
			}
			for k, v := range tc.want {
				want[k] = v
			}
			for k, v := range want {
				if got := h.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
				if v == "" && len(h.Values(k)) > 0 {
					t.Errorf("%s sent empty", k)
				}
			}
		})
	}
}

func TestIsModified(t *testing.T) {
	const lm = "Wed, 21 Oct 2015 07:28:00 GMT"
	tests := map[string]struct {
		status int
		resp   http.Header
		sent   Request
		want   bool
	}{
		"304":                         {304, nil, Request{ETag: `"a"`}, false},
		"200 without validators sent": {200, http.Header{"Etag": {`"a"`}}, Request{}, true},
		"200 same etag":               {200, http.Header{"Etag": {`"a"`}}, Request{ETag: `"a"`}, false},
		"200 same etag, weak":         {200, http.Header{"Etag": {`W/"a"`}}, Request{ETag: `"a"`}, false},
		"200 other etag":              {200, http.Header{"Etag": {`"b"`}}, Request{ETag: `"a"`}, true},
		"200 etag dropped":            {200, http.Header{"Last-Modified": {lm}}, Request{ETag: `"a"`, LastModified: lm}, true},
		"etag beats last-modified":    {200, http.Header{"Etag": {`"b"`}, "Last-Modified": {lm}}, Request{ETag: `"a"`, LastModified: lm}, true},
		"200 same last-modified":      {200, http.Header{"Last-Modified": {lm}}, Request{LastModified: lm}, false},
		"200 same instant, other format": {
			200, http.Header{"Last-Modified": {"Wednesday, 21-Oct-15 07:28:00 GMT"}}, Request{LastModified: lm}, false,
		},
		"200 newer last-modified": {200, http.Header{"Last-Modified": {"Wed, 21 Oct 2015 07:29:00 GMT"}}, Request{LastModified: lm}, true},
		"200 no last-modified":    {200, http.Header{}, Request{LastModified: lm}, true},
		"206 same etag":           {206, http.Header{"Etag": {`"a"`}}, Request{ETag: `"a"`}, true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := isModified(tc.status, tc.resp, tc.sent); got != tc.want {
				t.Errorf("isModified = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMaxAge(t *testing.T) {
	now := time.Date(2025, 11, 27, 12, 0, 0, 0, time.UTC)
	date := now.Add(-time.Hour).Format(http.TimeFormat) // upstream clock an hour behind
	tests := map[string]struct {
		h    http.Header
		want time.Duration
	}{
		"none":                    {http.Header{}, 0},
		"max-age":                 {http.Header{"Cache-Control": {"public, max-age=600"}}, 10 * time.Minute},
		"s-maxage wins":           {http.Header{"Cache-Control": {"max-age=60, s-maxage=300"}}, 5 * time.Minute},
		"case and spaces":         {http.Header{"Cache-Control": {" Max-Age = 120 "}}, 2 * time.Minute},
		"quoted":                  {http.Header{"Cache-Control": {`max-age="90"`}}, 90 * time.Second},
		"split over lines":        {http.Header{"Cache-Control": {"public", "max-age=30"}}, 30 * time.Second},
		"no-store":                {http.Header{"Cache-Control": {"max-age=600, no-store"}}, 0},
		"no-cache":                {http.Header{"Cache-Control": {"no-cache, max-age=600"}}, 0},
		"no-cache with fields":    {http.Header{"Cache-Control": {`no-cache="Set-Cookie", max-age=600`}}, 0},
		"private ignored":         {http.Header{"Cache-Control": {"private, max-age=60"}}, time.Minute},
		"garbage max-age":         {http.Header{"Cache-Control": {"max-age=soon"}}, 0},
		"negative max-age":        {http.Header{"Cache-Control": {"max-age=-5"}}, 0},
		"huge max-age capped":     {http.Header{"Cache-Control": {"max-age=99999999999999999999999"}}, maxFreshness},
		"age subtracted":          {http.Header{"Cache-Control": {"max-age=600"}, "Age": {"100"}}, 500 * time.Second},
		"older than max-age":      {http.Header{"Cache-Control": {"max-age=600"}, "Age": {"900"}}, 0},
		"expires against date":    {http.Header{"Date": {date}, "Expires": {now.Add(-30 * time.Minute).Format(http.TimeFormat)}}, 30 * time.Minute},
		"expires against now":     {http.Header{"Expires": {now.Add(45 * time.Minute).Format(http.TimeFormat)}}, 45 * time.Minute},
		"expires in the past":     {http.Header{"Expires": {now.Add(-time.Minute).Format(http.TimeFormat)}}, 0},
		"expires 0":               {http.Header{"Expires": {"0"}}, 0},
		"max-age beats expires":   {http.Header{"Cache-Control": {"max-age=60"}, "Expires": {now.Add(time.Hour).Format(http.TimeFormat)}}, time.Minute},
		"no-cache beats expires":  {http.Header{"Cache-Control": {"no-cache"}, "Expires": {now.Add(time.Hour).Format(http.TimeFormat)}}, 0},
		"unrelated directives":    {http.Header{"Cache-Control": {"must-revalidate, immutable"}}, 0},
		"max-age=0":               {http.Header{"Cache-Control": {"max-age=0"}}, 0},
		"far expires capped":      {http.Header{"Expires": {now.AddDate(1, 0, 0).Format(http.TimeFormat)}}, maxFreshness},
		"age garbage is not zero": {http.Header{"Cache-Control": {"max-age=60"}, "Age": {"x"}}, time.Minute},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := maxAge(tc.h, now); got != tc.want {
				t.Errorf("maxAge = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 11, 27, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) string { return now.Add(d).Format(http.TimeFormat) }
	tests := map[string]struct {
		status int
		h      http.Header
		want   time.Duration
	}{
		"seconds on 503":       {503, http.Header{"Retry-After": {"120"}}, 2 * time.Minute},
		"seconds on 429":       {429, http.Header{"Retry-After": {" 5 "}}, 5 * time.Second},
		"date":                 {503, http.Header{"Retry-After": {at(90 * time.Second)}}, 90 * time.Second},
		"date against Date":    {429, http.Header{"Date": {at(-time.Hour)}, "Retry-After": {at(-time.Hour + time.Minute)}}, time.Minute},
		"past date":            {503, http.Header{"Retry-After": {at(-time.Minute)}}, 0},
		"absent":               {503, http.Header{}, 0},
		"garbage":              {503, http.Header{"Retry-After": {"soon"}}, 0},
		"negative":             {503, http.Header{"Retry-After": {"-10"}}, 0},
		"capped":               {503, http.Header{"Retry-After": {"999999999999999999999"}}, maxRetryAfter},
		"other status ignored": {500, http.Header{"Retry-After": {"120"}}, 0},
		"301 ignored":          {301, http.Header{"Retry-After": {"120"}}, 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := retryAfter(tc.status, tc.h, now); got != tc.want {
				t.Errorf("retryAfter = %v, want %v", got, tc.want)
			}
		})
	}
}

func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func brotlied(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	bw := brotli.NewWriterLevel(&buf, 5)
	if _, err := bw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := bw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadBody(t *testing.T) {
	feed := []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>`)
	feeds := bytes.Repeat(feed, 20)
	zeros := make([]byte, 10<<20)
	tests := map[string]struct {
		in         []byte
		encoding   string
		limit      int64
		stopAt     int64
		want       []byte // nil: must fail
		truncated  bool
		wantErr    error
		errMention string
	}{
		"identity":            {in: feed, limit: 1 << 20, stopAt: -1, want: feed},
		"identity named":      {in: feed, encoding: "identity", limit: 1 << 20, stopAt: -1, want: feed},
		"gzip":                {in: gzipped(t, feed), encoding: "gzip", limit: 1 << 20, stopAt: -1, want: feed},
		"x-gzip, odd case":    {in: gzipped(t, feed), encoding: " X-GZIP", limit: 1 << 20, stopAt: -1, want: feed},
		"br":                  {in: brotlied(t, feed), encoding: "br", limit: 1 << 20, stopAt: -1, want: feed},
		"gzip then br":        {in: brotlied(t, gzipped(t, feed)), encoding: "gzip, br", limit: 1 << 20, stopAt: -1, want: feed},
		"exactly the limit":   {in: feed, limit: int64(len(feed)), stopAt: -1, want: feed},
		"one over the limit":  {in: feed, limit: int64(len(feed)) - 1, stopAt: -1, wantErr: ErrTooLarge},
		"gzip bomb":           {in: gzipped(t, zeros), encoding: "gzip", limit: 1 << 20, stopAt: -1, wantErr: ErrTooLarge, errMention: "1 MiB"},
		"br bomb":             {in: brotlied(t, zeros), encoding: "br", limit: 1 << 20, stopAt: -1, wantErr: ErrTooLarge},
		"decoded at limit":    {in: gzipped(t, feeds), encoding: "gzip", limit: int64(len(feeds)), stopAt: -1, want: feeds},
		"decoded over limit":  {in: gzipped(t, feeds), encoding: "gzip", limit: int64(len(feeds)) - 1, stopAt: -1, wantErr: ErrTooLarge},
		"wire over limit":     {in: gzipped(t, feed), encoding: "gzip", limit: int64(len(feed)), stopAt: -1, wantErr: ErrTooLarge},
		"truncated gzip":      {in: gzipped(t, feed)[:20], encoding: "gzip", limit: 1 << 20, stopAt: -1, errMention: "unexpected EOF"},
		"not gzip at all":     {in: feed, encoding: "gzip", limit: 1 << 20, stopAt: -1, errMention: "gzip"},
		"deflate unsupported": {in: feed, encoding: "deflate", limit: 1 << 20, stopAt: -1, wantErr: ErrUnsupported, errMention: `"deflate"`},
		"stop early":          {in: feed, limit: 1 << 20, stopAt: 10, want: feed[:10], truncated: true},
		"stop at whole size":  {in: feed, limit: 1 << 20, stopAt: int64(len(feed)), want: feed},
		"stop early, gzip":    {in: gzipped(t, feed), encoding: "gzip", limit: 1 << 20, stopAt: 5, want: feed[:5], truncated: true},
		"stop beyond limit":   {in: zeros[:4096], limit: 1024, stopAt: 2048, wantErr: ErrTooLarge},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, truncated, err := readBody(bytes.NewReader(tc.in), tc.encoding, tc.limit, -1, tc.stopAt)
			if tc.want == nil { // a failure case
				if err == nil {
					t.Fatalf("readBody returned %d bytes, want an error", len(got))
				}
				if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
					t.Errorf("error %v, want %v", err, tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.errMention) {
					t.Errorf("error %q does not mention %q", err, tc.errMention)
				}
				return
			}
			if err != nil {
				t.Fatalf("readBody: %v", err)
			}
			if !bytes.Equal(got, tc.want) || truncated != tc.truncated {
				t.Errorf("got %q truncated=%v, want %q truncated=%v", got, truncated, tc.want, tc.truncated)
			}
		})
	}
}

// A slow reader must not be read past the cap either: capReader asks for
// at most limit+1 bytes in total.
func TestCapReaderReadsAtMostLimitPlusOne(t *testing.T) {
	src := &countingReader{r: bytes.NewReader(make([]byte, 1<<20))}
	_, _, err := readBody(src, "", 1000, -1, -1)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if src.n > 1001 {
		t.Errorf("read %d bytes from upstream for a 1000-byte cap", src.n)
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestParseRange(t *testing.T) {
	tests := map[string]struct {
		in          string
		first, last int64
		ok          bool
	}{
		"prefix":      {"bytes=0-65535", 0, 65535, true},
		"offset":      {"bytes=100-199", 100, 199, true},
		"open end":    {"bytes=100-", 0, 0, false},
		"suffix":      {"bytes=-500", 0, 0, false},
		"multi":       {"bytes=0-1,5-6", 0, 0, false},
		"backwards":   {"bytes=9-1", 0, 0, false},
		"other units": {"items=0-1", 0, 0, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f, l, ok := parseRange(tc.in)
			if f != tc.first || l != tc.last || ok != tc.ok {
				t.Errorf("parseRange(%q) = %d, %d, %v; want %d, %d, %v", tc.in, f, l, ok, tc.first, tc.last, tc.ok)
			}
		})
	}
}
