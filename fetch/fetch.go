// Package fetch is recast's one upstream HTTP client: podcast feeds, and
// later episode pages and the first bytes of MP3s for their ID3 tags.
//
// It sends conditional GETs from the validators of the last fetch, decodes
// gzip and brotli itself with the decoded size capped, follows at most
// MaxRedirects redirects while noting permanent ones, turns Cache-Control
// and Retry-After into durations, and by default refuses to connect to
// private network addresses (checked on the resolved IP at dial time).
// Operator-configured local files (file://) and files the binary embeds
// (builtin:NAME) read like an HTTP 200.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults for zero Client and Options fields.
const (
	DefaultMaxBytes              = 32 << 20
	DefaultTimeout               = 30 * time.Second
	DefaultConnectTimeout        = 10 * time.Second
	DefaultTLSHandshakeTimeout   = 10 * time.Second
	DefaultResponseHeaderTimeout = 20 * time.Second
	DefaultIdleConnTimeout       = 90 * time.Second
	DefaultMaxIdleConnsPerHost   = 8

	// MaxRedirects is how many redirects Fetch follows; one more fails
	// with ErrTooManyRedirects.
	MaxRedirects = 5
)

// Client fetches upstream resources. Its zero value works (it builds its
// pooled transports with default Options on first use); New builds one with
// its own pooled transports. A
// Client is safe for concurrent use; do not change its fields while it is
// in use.
type Client struct {
	// HTTP sends the requests. nil: the Client's pooled transports (built
	// by New, or on first use with default Options); these dial through the
	// AllowPrivate guard. A
	// non-nil HTTP is used as is, except that Fetch follows redirects
	// itself: AllowPrivate is then NOT enforced for HTTP(S) URLs.
	HTTP *http.Client
	// UserAgent is sent with every request. "": "recast/<Version>
	// (+https://github.com/recast-podcast/recast)".
	UserAgent string
	// Version goes into the default UserAgent. "": "dev".
	Version string
	// MaxBytes caps a body, both as sent and decoded. 0: DefaultMaxBytes.
	MaxBytes int64
	// Timeout bounds one Fetch from the first dial to the last body byte,
	// redirects included. 0: DefaultTimeout.
	Timeout time.Duration
	// AllowPrivate lets requests reach loopback, private, link-local,
	// CGNAT and other non-public addresses, and file:// URLs. false (for
	// URLs taken from feeds): those, user information in a URL and ports
	// other than 80 and 443 are refused with ErrBlockedAddress, before any
	// connection (checkURL) and at dial time, on every redirect hop.
	// Operator-configured feeds set it true.
	AllowPrivate bool
	// FS serves builtin:NAME URLs (files the binary embeds, such as the
	// demo feed). nil: builtin: URLs fail with ErrUnsupported.
	FS fs.FS
	// Refused, when set, is called with each Fetch error the guard caused
	// (ErrBlockedAddress: refused before any connection or at dial time),
	// so that refusals can be counted and logged; nothing was sent.
	Refused func(err error)

	poolsOnce sync.Once
	pools     *pools // from New, else built on first use
}

// Options configure New.
type Options struct {
	Version      string        // see Client.Version
	UserAgent    string        // see Client.UserAgent
	MaxBytes     int64         // see Client.MaxBytes
	Timeout      time.Duration // see Client.Timeout
	AllowPrivate bool          // see Client.AllowPrivate
	FS           fs.FS         // see Client.FS
	Refused      func(error)   // see Client.Refused
	// Allow lists "host:port" entries (fetch.allow_private) the guard lets
	// through although private or on another port: a NAS on the LAN,
	// loopback servers in tests. See urlguard.go.
	Allow []string

	ConnectTimeout        time.Duration // per dial; 0: DefaultConnectTimeout
	TLSHandshakeTimeout   time.Duration // 0: DefaultTLSHandshakeTimeout
	ResponseHeaderTimeout time.Duration // request sent to headers read; 0: DefaultResponseHeaderTimeout
	IdleConnTimeout       time.Duration // idle pooled connections close after; 0: DefaultIdleConnTimeout
	MaxIdleConnsPerHost   int           // 0: DefaultMaxIdleConnsPerHost
	// WrapTransport, when set, wraps the pooled transports (both the
	// guarded and the open one), so that metrics or tracing can observe
	// every upstream request, redirects included, while the dialer keeps
	// its private-address guard. nil: the transports are used as they are.
	WrapTransport func(http.RoundTripper) http.RoundTripper
}

// New returns a Client with its own pooled transports (one that refuses
// private addresses and one that allows them, so that flipping
// AllowPrivate never reuses a connection the other policy opened).
func New(opts Options) *Client {
	return &Client{
		UserAgent:    opts.UserAgent,
		Version:      opts.Version,
		MaxBytes:     opts.MaxBytes,
		Timeout:      opts.Timeout,
		AllowPrivate: opts.AllowPrivate,
		FS:           opts.FS,
		Refused:      opts.Refused,
		pools:        newPools(opts),
	}
}

// WithAllowPrivate returns a Client like c but for AllowPrivate, sharing
// c's pooled transports (each policy keeps its own pool, so connections
// are never shared across policies): one set of pools serves the
// operator's feeds and the URLs those feeds link to.
func (c *Client) WithAllowPrivate(allow bool) *Client {
	c.poolsOnce.Do(func() {
		if c.pools == nil {
			c.pools = newPools(Options{})
		}
	})
	return &Client{HTTP: c.HTTP, UserAgent: c.UserAgent, Version: c.Version, MaxBytes: c.MaxBytes, Timeout: c.Timeout,
		AllowPrivate: allow, FS: c.FS, Refused: c.Refused, pools: c.pools}
}

// Request is one fetch.
type Request struct {
	URL string
	// ETag and LastModified are the validators of the last fetch of URL
	// (Result.ETag, Result.LastModified); "" sends none.
	ETag, LastModified string
	// Range, when set, is sent as the Range header ("bytes=0-65535"). An
	// upstream that ignores it answers 200 with the whole resource: Fetch
	// then reads only as far as the range's end, keeps the range's bytes,
	// and sets Result.Truncated.
	Range string
	// Auth, when set, authenticates to a private upstream.
	Auth *Auth
}

// Auth is what a private upstream asks for. Query is added to the URL;
// basic auth and Header are sent to the URL's own scheme, host and port
// only, not to a host a redirect leads to. None of it appears in errors:
// they carry the URL as Redact writes it, query values hidden.
type Auth struct {
	Username, Password string // HTTP basic auth when Username is set
	Header             http.Header
	Query              url.Values
}

// Result is a successful fetch.
type Result struct {
	// Status is 200 (or another 2xx), 206 for a range, or 304: the
	// upstream answered 304, or answered 200 with the ETag (else the
	// Last-Modified) that was sent, i.e. nothing changed. A 304 has no Body.
	Status int
	Body   []byte // decoded (gzip, br undone); nil for 304
	// ETag and LastModified are the validators to send next time. For a
	// 304 that repeats none, they are the ones sent.
	ETag, LastModified string
	// ContentType is the upstream's Content-Type ("" for file: and builtin:).
	ContentType string
	// MaxAge is how long the response stays fresh: Cache-Control s-maxage
	// or max-age, else Expires, minus Age; 0 when there is none or for
	// no-store/no-cache (the caller then picks its own interval).
	MaxAge time.Duration
	URL    string // the final URL, after redirects
	// PermanentURL is the final URL when it was reached through redirects
	// that were all 301 or 308: the feed's new address to remember. "" when
	// there was no redirect or any was temporary.
	PermanentURL string
	// Truncated is set when a Range was asked, the upstream sent the whole
	// resource instead, and Body holds only the range's bytes.
	Truncated bool
	FetchedAt time.Time
}

// Fetch gets req.URL: http(s) (with the conditional GET, caps, redirects
// and guard described on Client), file:///abs/path or file:rel/path (only
// with AllowPrivate; Last-Modified is the file's modification time and
// If-Modified-Since is honoured; Range is ignored), or builtin:NAME (a
// file of FS).
//
// Errors read "fetch: <url>: <what>" with the URL's password redacted and
// wrap, for errors.Is/As: *StatusError (an upstream answer other than 2xx
// or 304, RetryAfter set from 429 and 503), ErrTooLarge, ErrBlockedAddress,
// ErrTimeout (which also matches context.DeadlineExceeded),
// ErrTooManyRedirects, ErrUnsupported, context.Canceled when ctx was
// canceled, fs.ErrNotExist for a missing file, or the network error.
func (c *Client) Fetch(ctx context.Context, req Request) (*Result, error) {
	res, err := c.fetch(ctx, req)
	if err != nil && c.Refused != nil && errors.Is(err, ErrBlockedAddress) {
		c.Refused(err)
	}
	return res, err
}

func (c *Client) fetch(ctx context.Context, req Request) (*Result, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the URL, password included
		}
		return nil, fmt.Errorf("fetch: bad URL: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("fetch: %s: %w", Redact(u), err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return c.fetchHTTP(ctx, u, req)
	case "file":
		return c.fetchFile(u, req)
	case "builtin":
		return c.fetchBuiltin(u)
	default:
		return nil, fmt.Errorf("fetch: %s: %w", Redact(u), kindf(ErrUnsupported, "unsupported URL scheme %q", u.Scheme))
	}
}

func (c *Client) maxBytes() int64 {
	if c.MaxBytes > 0 {
		return c.MaxBytes
	}
	return DefaultMaxBytes
}

func (c *Client) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

func (c *Client) userAgent() string {
	if c.UserAgent != "" {
		return c.UserAgent
	}
	v := c.Version
	if v == "" {
		v = "dev"
	}
	return "recast/" + v + " (+https://github.com/recast-podcast/recast)"
}

// httpClient returns the client to send with; it never follows redirects.
func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		hc := *c.HTTP
		hc.CheckRedirect = noFollow
		return &hc
	}
	c.poolsOnce.Do(func() {
		if c.pools == nil {
			c.pools = newPools(Options{})
		}
	})
	if c.AllowPrivate {
		return c.pools.open
	}
	return c.pools.guarded
}

func (c *Client) fetchHTTP(ctx context.Context, u *url.URL, req Request) (*Result, error) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	hc := c.httpClient()
	guarded := c.HTTP == nil && !c.AllowPrivate
	if guarded {
		if err := checkURL(u, c.pools.allow); err != nil {
			return nil, fmt.Errorf("fetch: %s: %w", Redact(u), err)
		}
	}

	where := Redact(u)
	cur, permanent := u, true
	if a := req.Auth; a != nil && len(a.Query) > 0 {
		withQuery := *u
		q := withQuery.Query()
		for k, vs := range a.Query {
			q[k] = vs
		}
		withQuery.RawQuery = q.Encode()
		cur = &withQuery
	}
	for hops := 0; ; hops++ {
		hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, cur.String(), nil)
		if err != nil {
			return nil, fmt.Errorf("fetch: %s: %w", where, err)
		}
		setHeaders(hreq.Header, req, c.userAgent())
		if a := req.Auth; a != nil && strings.EqualFold(cur.Scheme, u.Scheme) && strings.EqualFold(cur.Host, u.Host) {
			for k, vs := range a.Header {
				hreq.Header[http.CanonicalHeaderKey(k)] = vs
			}
			if a.Username != "" {
				hreq.SetBasicAuth(a.Username, a.Password)
			}
		}
		resp, err := hc.Do(hreq)
		if err != nil {
			return nil, fmt.Errorf("fetch: %s: %w", where, transportError(ctx, err, start))
		}
		loc := resp.Header.Get("Location")
		if !isRedirect(resp.StatusCode) || loc == "" {
			return c.finish(ctx, resp, req, cur, hops > 0 && permanent, where, start)
		}
		drain(resp.Body)
		if hops == MaxRedirects {
			return nil, fmt.Errorf("fetch: %s: %w", where, kindf(ErrTooManyRedirects, "stopped after %d redirects (last to %s)", MaxRedirects, Redact(cur)))
		}
		next, err := cur.Parse(loc)
		if err != nil {
			return nil, fmt.Errorf("fetch: %s: bad redirect Location %q: %w", where, loc, err)
		}
		if s := strings.ToLower(next.Scheme); s != "http" && s != "https" {
			return nil, fmt.Errorf("fetch: %s: %w", where, kindf(ErrUnsupported, "refused redirect to %s URL", next.Scheme))
		}
		if guarded {
			if err := checkURL(next, c.pools.allow); err != nil {
				return nil, fmt.Errorf("fetch: %s (redirected to %s): %w", where, Redact(next), err)
			}
		}
		if resp.StatusCode != http.StatusMovedPermanently && resp.StatusCode != http.StatusPermanentRedirect {
			permanent = false
		}
		cur = next
		where = Redact(u) + " (redirected to " + Redact(cur) + ")"
	}
}

// finish turns the last response into a Result or an error, and closes it.
func (c *Client) finish(ctx context.Context, resp *http.Response, req Request, final *url.URL, permanent bool, where string, start time.Time) (*Result, error) {
	defer resp.Body.Close()
	now := time.Now()
	h := resp.Header
	res := &Result{
		Status:       resp.StatusCode,
		ETag:         h.Get("ETag"),
		LastModified: h.Get("Last-Modified"),
		ContentType:  h.Get("Content-Type"),
		MaxAge:       maxAge(h, now),
		URL:          final.String(),
		FetchedAt:    now,
	}
	if permanent {
		res.PermanentURL = final.String()
	}

	sentValidators := req.ETag != "" || req.LastModified != ""
	switch {
	case resp.StatusCode == http.StatusNotModified && sentValidators,
		resp.StatusCode == http.StatusOK && sentValidators && req.Range == "" && !isModified(resp.StatusCode, h, req):
		res.Status = http.StatusNotModified
		if res.ETag == "" {
			res.ETag = req.ETag
		}
		if res.LastModified == "" {
			res.LastModified = req.LastModified
		}
		return res, nil // an unread 200 body closes its connection: cheaper than reading MBs
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		drain(resp.Body)
		se := &StatusError{Code: resp.StatusCode, RetryAfter: retryAfter(resp.StatusCode, h, now)}
		return nil, fmt.Errorf("fetch: %s: %w", where, se)
	}

	limit := c.maxBytes()
	if resp.ContentLength > limit && h.Get("Content-Encoding") == "" {
		return nil, fmt.Errorf("fetch: %s: %w", where, kindf(ErrTooLarge, "body of %d bytes exceeds %s", resp.ContentLength, byteSize(limit)))
	}
	first, stopAt := int64(0), int64(-1)
	if resp.StatusCode == http.StatusOK && req.Range != "" {
		if a, b, ok := parseRange(req.Range); ok {
			first, stopAt = a, b+1
		}
	}
	body, truncated, err := readBody(resp.Body, h.Get("Content-Encoding"), limit, resp.ContentLength, stopAt)
	if err != nil {
		if ctx.Err() != nil || isTimeout(err) {
			err = transportError(ctx, err, start)
		}
		return nil, fmt.Errorf("fetch: %s: %w", where, err)
	}
	if first > 0 {
		body = body[min(first, int64(len(body))):]
	}
	res.Body, res.Truncated = body, truncated
	return res, nil
}

// transportError explains a failed round trip or body read: a timeout
// (ErrTimeout), the caller's cancellation, a refused address, or the
// network error without net/url's repetition of method and URL.
func transportError(ctx context.Context, err error, start time.Time) error {
	var ke *kindError
	if errors.As(err, &ke) && ke.kind != ErrTimeout {
		return ke
	}
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return context.Canceled
	case ctx.Err() != nil || isTimeout(err):
		return kindf(ErrTimeout, "timed out after %s", time.Since(start).Round(time.Millisecond))
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// drain reads a little of a body we do not want, so that its connection
// can go back to the pool, and closes it.
func drain(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 64<<10)
	body.Close()
}

// parseRange reads a single "bytes=first-last" range.
func parseRange(v string) (first, last int64, ok bool) {
	spec, found := strings.CutPrefix(strings.TrimSpace(v), "bytes=")
	if !found {
		return 0, 0, false
	}
	a, b, found := strings.Cut(spec, "-")
	first, errA := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
	last, errB := strconv.ParseInt(strings.TrimSpace(b), 10, 64)
	if !found || errA != nil || errB != nil || first < 0 || last < first {
		return 0, 0, false
	}
	return first, last, true
}

func (c *Client) fetchFile(u *url.URL, req Request) (*Result, error) {
	where := Redact(u)
	if !c.AllowPrivate {
		return nil, fmt.Errorf("fetch: %s: %w", where, kindf(ErrBlockedAddress, "local files are refused (AllowPrivate is false)"))
	}
	if u.Host != "" && u.Host != "localhost" {
		return nil, fmt.Errorf("fetch: %s: %w", where, kindf(ErrUnsupported, "file URL names host %q; want file:///path", u.Host))
	}
	path := u.Path
	if u.Opaque != "" {
		path = u.Opaque
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("fetch: %s: %w", where, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("fetch: %s: %w", where, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("fetch: %s: is a directory", where)
	}
	now := time.Now()
	mod := st.ModTime().UTC().Truncate(time.Second)
	res := &Result{Status: http.StatusOK, URL: u.String(), LastModified: mod.Format(http.TimeFormat), FetchedAt: now}
	if since, err := http.ParseTime(req.LastModified); err == nil && !mod.After(since) {
		res.Status = http.StatusNotModified
		return res, nil
	}
	limit := c.maxBytes()
	if st.Size() > limit {
		return nil, fmt.Errorf("fetch: %s: %w", where, kindf(ErrTooLarge, "file of %d bytes exceeds %s", st.Size(), byteSize(limit)))
	}
	res.Body, _, err = readBody(f, "", limit, st.Size(), -1)
	if err != nil {
		return nil, fmt.Errorf("fetch: %s: %w", where, err)
	}
	return res, nil
}

func (c *Client) fetchBuiltin(u *url.URL) (*Result, error) {
	name := u.Opaque
	if name == "" {
		name = strings.TrimPrefix(u.Path, "/")
	}
	where := "builtin:" + name
	if c.FS == nil {
		return nil, fmt.Errorf("fetch: %s: %w", where, kindf(ErrUnsupported, "no builtin files (Client.FS is nil)"))
	}
	if !fs.ValidPath(name) {
		return nil, fmt.Errorf("fetch: %s: invalid builtin name", where)
	}
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, fmt.Errorf("fetch: %s: %w", where, err)
	}
	defer f.Close()
	body, _, err := readBody(f, "", c.maxBytes(), -1, -1)
	if err != nil {
		return nil, fmt.Errorf("fetch: %s: %w", where, err)
	}
	return &Result{Status: http.StatusOK, Body: body, URL: where, FetchedAt: time.Now()}, nil
}

// pools are the two pooled HTTP clients a Client picks from by AllowPrivate.
type pools struct {
	guarded, open *http.Client
	allow         allowList // see Options.Allow
}

func newPools(o Options) *pools {
	allow := newAllowList(o.Allow)
	return &pools{guarded: newHTTPClient(o, allow, true), open: newHTTPClient(o, nil, false), allow: allow}
}

func newHTTPClient(o Options, allow allowList, guard bool) *http.Client {
	or := func(d, def time.Duration) time.Duration {
		if d > 0 {
			return d
		}
		return def
	}
	d := &net.Dialer{Timeout: or(o.ConnectTimeout, DefaultConnectTimeout), KeepAlive: 30 * time.Second}
	dial := d.DialContext
	if guard {
		open := *d
		d.Control = refusePrivate
		dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
			if allow.has(addr) {
				return open.DialContext(ctx, network, addr) // listed by the operator
			}
			return d.DialContext(ctx, network, addr)
		}
	}
	perHost := o.MaxIdleConnsPerHost
	if perHost <= 0 {
		perHost = DefaultMaxIdleConnsPerHost
	}
	tr := &http.Transport{
		// No Proxy: an environment proxy would be dialed instead of the
		// upstream and the address guard would check the wrong host.
		DialContext:            dial,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    or(o.TLSHandshakeTimeout, DefaultTLSHandshakeTimeout),
		ResponseHeaderTimeout:  or(o.ResponseHeaderTimeout, DefaultResponseHeaderTimeout),
		ExpectContinueTimeout:  time.Second,
		IdleConnTimeout:        or(o.IdleConnTimeout, DefaultIdleConnTimeout),
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    perHost,
		MaxResponseHeaderBytes: 1 << 20,
		DisableCompression:     true, // Fetch asks for and decodes gzip and br itself
	}
	var rt http.RoundTripper = tr
	if o.WrapTransport != nil {
		rt = o.WrapTransport(tr)
	}
	return &http.Client{Transport: rt, CheckRedirect: noFollow}
}

// Redact returns u for logs and errors without what may be a secret: the
// user information is dropped and the query's values are replaced, so
// "https://u:p@host/feed?token=abc" reads "https://host/feed?token=REDACTED".
func Redact(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		q := c.Query()
		for k := range q {
			q[k] = []string{"REDACTED"}
		}
		c.RawQuery = q.Encode()
	}
	return c.String()
}

// RedactString is Redact for a URL not yet parsed; one that does not parse
// is replaced by a placeholder.
func RedactString(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return Redact(u)
}

func noFollow(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
