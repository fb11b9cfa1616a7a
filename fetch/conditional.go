package fetch

// The conditional-GET component: the request's headers from the validators
// of the last fetch, and the pure helpers that read a response (IsModified,
// freshness, Retry-After, capped and decoded body). Fetch wires them; each
// is table-tested on its own.

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
)

// Header values Fetch sends.
const (
	acceptHeader   = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
	acceptEncoding = "gzip, br"
)

// Caps on durations read from upstream headers, so a hostile or broken
// upstream cannot park a feed forever.
const (
	maxFreshness  = 7 * 24 * time.Hour
	maxRetryAfter = 24 * time.Hour
)

// setHeaders writes recast's request headers and req's validators and
// range onto h. Empty validators are not sent.
func setHeaders(h http.Header, req Request, userAgent string) {
	h.Set("User-Agent", userAgent)
	h.Set("Accept", acceptHeader)
	h.Set("Accept-Encoding", acceptEncoding)
	if req.ETag != "" {
		h.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		h.Set("If-Modified-Since", req.LastModified)
	}
	if req.Range != "" {
		h.Set("Range", req.Range)
	}
}

// isModified reports whether a response with status and header h carries a
// new version of what sent's validators describe. A 304 is not modified,
// and neither is a 200 that repeats the ETag sent (weak comparison, as
// If-None-Match uses) or, when no ETag was sent, the Last-Modified sent:
// an upstream that ignores conditional requests gets treated as one that
// honours them. Anything else is modified.
func isModified(status int, h http.Header, sent Request) bool {
	switch {
	case status == http.StatusNotModified:
		return false
	case status != http.StatusOK:
		return true
	case sent.ETag != "":
		et := h.Get("ETag")
		return et == "" || opaqueTag(et) != opaqueTag(sent.ETag)
	case sent.LastModified != "":
		lm := h.Get("Last-Modified")
		if lm == "" {
			return true
		}
		if lm == sent.LastModified {
			return false
		}
		a, errA := http.ParseTime(lm)
		b, errB := http.ParseTime(sent.LastModified)
		return errA != nil || errB != nil || !a.Equal(b)
	default:
		return true
	}
}

// opaqueTag strips the weakness indicator of an entity tag.
func opaqueTag(etag string) string {
	return strings.TrimPrefix(strings.TrimSpace(etag), "W/")
}

// maxAge returns how long a response with header h stays fresh from now:
// Cache-Control s-maxage, else max-age, else Expires minus Date (now when
// Date is absent or bad), minus the Age header; 0 for no-store, no-cache,
// none of these, an unparsable value, or an already stale response; at
// most maxFreshness. recast is a shared cache, so s-maxage wins and
// "private" is not honoured.
func maxAge(h http.Header, now time.Time) time.Duration {
	maxAge, sMaxAge := -1*time.Second, -1*time.Second
	for _, line := range h.Values("Cache-Control") {
		for d := range strings.SplitSeq(line, ",") {
			name, val, _ := strings.Cut(d, "=")
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "no-store", "no-cache":
				return 0
			case "max-age":
				maxAge = seconds(val, maxFreshness)
			case "s-maxage":
				sMaxAge = seconds(val, maxFreshness)
			}
		}
	}
	var life time.Duration
	switch {
	case sMaxAge >= 0:
		life = sMaxAge
	case maxAge >= 0:
		life = maxAge
	case h.Get("Expires") != "":
		exp, err := http.ParseTime(h.Get("Expires"))
		if err != nil {
			return 0 // "0", "-1": already expired
		}
		life = exp.Sub(serverNow(h, now))
	default:
		return 0
	}
	if age := seconds(h.Get("Age"), maxFreshness); age > 0 {
		life -= age
	}
	return min(max(life, 0), maxFreshness)
}

// seconds parses a delta-seconds value (quotes tolerated), capped at limit;
// 0 for anything that is not a non-negative integer.
func seconds(v string, limit time.Duration) time.Duration {
	v = strings.Trim(strings.TrimSpace(v), `"`)
	if v == "" || strings.TrimLeft(v, "0123456789") != "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n > int64(limit/time.Second) { // too many digits: huge
		return limit
	}
	return time.Duration(n) * time.Second
}

// serverNow is the upstream's Date, or now when it has none. Delays the
// upstream states as dates are measured against its own clock.
func serverNow(h http.Header, now time.Time) time.Time {
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		return d
	}
	return now
}

// retryAfter returns the delay a 429 or 503 response asks for in its
// Retry-After header, as delta-seconds or an HTTP-date (measured from the
// response's Date, else now), capped at maxRetryAfter; 0 for other codes,
// no header, a bad value or a past date.
func retryAfter(status int, h http.Header, now time.Time) time.Duration {
	if status != http.StatusTooManyRequests && status != http.StatusServiceUnavailable {
		return 0
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if strings.TrimLeft(v, "0123456789") == "" {
		return seconds(v, maxRetryAfter)
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	return min(max(t.Sub(serverNow(h, now)), 0), maxRetryAfter)
}

// readBody reads r, decoded per the Content-Encoding value encoding (gzip,
// x-gzip, br, identity; a comma-separated list is undone in reverse), and
// returns at most limit decoded bytes. Both the bytes on the wire and the
// decoded bytes are capped: past limit, reading stops with an error
// wrapping ErrTooLarge, so a compression bomb costs at most limit bytes of
// memory. sizeHint (the Content-Length, or -1) presizes the buffer.
//
// With stopAt >= 0 (a Range the upstream ignored) reading instead stops
// quietly after stopAt decoded bytes; truncated reports that more followed.
func readBody(r io.Reader, encoding string, limit, sizeHint, stopAt int64) (body []byte, truncated bool, err error) {
	var closers []io.Closer
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	r = &capReader{r: r, left: limit, limit: limit}
	decoded := false
	codings := strings.Split(encoding, ",")
	for i := len(codings) - 1; i >= 0; i-- {
		switch c := strings.ToLower(strings.TrimSpace(codings[i])); c {
		case "", "identity":
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(r)
			if err != nil {
				if errors.Is(err, ErrTooLarge) {
					return nil, false, err
				}
				return nil, false, fmt.Errorf("decoding gzip body: %w", err)
			}
			closers = append(closers, zr)
			r, decoded = zr, true
		case "br":
			r, decoded = brotli.NewReader(r), true
		default:
			return nil, false, kindf(ErrUnsupported, "unsupported Content-Encoding %q", c)
		}
	}
	if decoded {
		r = &capReader{r: r, left: limit, limit: limit}
		sizeHint = -1
	}
	if stopAt >= 0 {
		r = io.LimitReader(r, stopAt+1)
		if sizeHint < 0 || sizeHint > stopAt {
			sizeHint = stopAt
		}
	}

	var buf bytes.Buffer
	if sizeHint >= 0 && sizeHint <= limit {
		buf.Grow(int(sizeHint) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(r); err != nil {
		switch {
		case errors.Is(err, ErrTooLarge):
			return nil, false, err
		case decoded:
			return nil, false, fmt.Errorf("reading or decoding %s body: %w", strings.TrimSpace(encoding), err)
		default:
			return nil, false, fmt.Errorf("reading body: %w", err)
		}
	}
	body = buf.Bytes()
	if stopAt >= 0 && int64(len(body)) > stopAt {
		body, truncated = body[:stopAt], true
	}
	return body, truncated, nil
}

// capReader passes through at most left bytes of r and fails with an
// error wrapping ErrTooLarge if r has more.
type capReader struct {
	r     io.Reader
	left  int64 // bytes still allowed
	limit int64 // the cap, for the message
}

func (c *capReader) Read(p []byte) (int, error) {
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	if int64(n) > c.left {
		c.left = 0
		return n - 1, kindf(ErrTooLarge, "body exceeds %s", byteSize(c.limit))
	}
	c.left -= int64(n)
	return n, err
}

// byteSize formats n for error messages: "32 MiB", "1500 bytes".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
