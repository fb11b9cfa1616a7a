package proxy

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/recast-podcast/recast/fetch"
)

// errClass is a kind of failure, as clients, logs and metrics name it.
type errClass string

const (
	classNotFound    errClass = "not_found"        // no such feed or route here
	classGone        errClass = "upstream_gone"    // upstream 404 or 410 for a feed with no good copy
	classStatus      errClass = "upstream_status"  // another upstream error status
	classTimeout     errClass = "upstream_timeout" // upstream too slow
	classUnreachable errClass = "upstream_unreachable"
	classBlocked     errClass = "upstream_blocked" // a private address, refused
	classTooLarge    errClass = "upstream_too_large"
	classMalformed   errClass = "feed_malformed" // not a well-formed feed
	classSignature   errClass = "bad_signature"  // open mode: a path not signed with the key
	classRateLimited errClass = "rate_limited"   // open mode: too many cold fetches from one address
	classShutdown    errClass = "shutting_down"
	classInternal    errClass = "internal"
)

// clientText is what a client is told for each class: a fixed sentence,
// never the error itself, which may name the upstream URL with its query
// (tokens) or user information. The log gets the cause under the same
// error id.
var clientText = map[errClass]string{
	classNotFound:    "no such feed here",
	classGone:        "the upstream feed does not exist",
	classStatus:      "the upstream server answered with an error",
	classTimeout:     "the upstream server did not answer in time",
	classUnreachable: "the upstream server cannot be reached",
	classBlocked:     "the upstream address is not allowed",
	classTooLarge:    "the upstream feed is larger than recast accepts",
	classMalformed:   "the upstream document is not a well-formed RSS or Atom feed",
	classSignature:   "this open-mode path is not signed with recast's key",
	classRateLimited: "too many new feeds requested from this address; retry later",
	classShutdown:    "recast is shutting down",
	classInternal:    "the feed cannot be served right now",
}

var (
	errNotFound     = errors.New("proxy: not found")
	errShuttingDown = errors.New("proxy: shutting down")
)

// backoffError is a refresh refused because upstream failed recently (here
// or on another replica) and is being left alone.
type backoffError struct {
	until time.Time
	wait  time.Duration // from the refusal to until
	cause error         // the failure that started it
}

func (e *backoffError) Error() string {
	msg := "proxy: upstream failed recently and is left alone until " + e.until.UTC().Format(time.RFC3339)
	if e.cause != nil {
		msg += ": " + e.cause.Error()
	}
	return msg
}

func (e *backoffError) Unwrap() error { return e.cause }

// sharedFailure is a failure another replica recorded in the shared store:
// its class and upstream status, not its text.
type sharedFailure struct {
	class  errClass
	status int
}

func (e *sharedFailure) Error() string {
	msg := "proxy: a replica's refresh failed (" + string(e.class)
	if e.status != 0 {
		msg += " " + strconv.Itoa(e.status)
	}
	return msg + ")"
}

// feedError is an upstream body that does not build: not well-formed XML
// (*feed.SyntaxError), or not a feed.
type feedError struct{ err error }

func (e *feedError) Error() string { return e.err.Error() }
func (e *feedError) Unwrap() error { return e.err }

// classify returns an error's class, the upstream status when it is one,
// and the upstream's Retry-After.
func classify(err error) (class errClass, status int, retryAfter time.Duration) {
	var se *fetch.StatusError
	var sf *sharedFailure
	var fe *feedError
	switch {
	case errors.As(err, &sf):
		return sf.class, sf.status, 0
	case errors.As(err, &se):
		if se.Code == http.StatusNotFound || se.Code == http.StatusGone {
			return classGone, se.Code, 0
		}
		return classStatus, se.Code, se.RetryAfter
	case errors.As(err, &fe):
		return classMalformed, 0, 0
	case errors.Is(err, errNotFound), errors.Is(err, errOpenOff):
		return classNotFound, 0, 0
	case errors.Is(err, errBadSignature):
		return classSignature, 0, 0
	case errors.Is(err, errRefusedURL):
		return classBlocked, 0, 0
	case errors.Is(err, errShuttingDown), errors.Is(err, context.Canceled):
		return classShutdown, 0, 0
	case errors.Is(err, fetch.ErrBlockedAddress):
		return classBlocked, 0, 0
	case errors.Is(err, fetch.ErrTooLarge):
		return classTooLarge, 0, 0
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, fetch.ErrTimeout):
		return classTimeout, 0, 0
	case errors.Is(err, fetch.ErrUnsupported), errors.Is(err, fetch.ErrTooManyRedirects):
		return classStatus, 0, 0
	}
	var re *rateError
	if errors.As(err, &re) {
		return classRateLimited, 0, re.wait
	}
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		return classTimeout, 0, 0
	}
	if errors.Is(err, errNoBody) {
		return classStatus, 0, 0
	}
	return classUnreachable, 0, 0
}

// errNoBody is an upstream 2xx other than 200 without a body to serve.
var errNoBody = errors.New("proxy: upstream answered without a body to serve")

// statusOf is the HTTP status for a class: a retired upstream feed (404,
// 410) says so to the client; recast's own refusals are 403 (an address
// the private-network guard refused), 404 and 503; every
// other upstream failure is a 502, or 504 for a timeout.
func statusOf(class errClass, upstream int) int {
	switch class {
	case classNotFound:
		return http.StatusNotFound
	case classGone:
		if upstream == http.StatusGone {
			return http.StatusGone
		}
		return http.StatusNotFound
	case classBlocked:
		return http.StatusForbidden // the guard refused the address: no request was made
	case classSignature:
		return http.StatusForbidden
	case classRateLimited:
		return http.StatusTooManyRequests
	case classTimeout:
		return http.StatusGatewayTimeout
	case classShutdown:
		return http.StatusServiceUnavailable
	case classInternal:
		return http.StatusInternalServerError
	}
	return http.StatusBadGateway
}

// fail turns an error into an HTTP response: the one place that does. The
// client gets the class's fixed sentence and an error id; the log gets the
// cause (whose URLs fetch has already redacted) under the same id. st is
// nil for a request that named no feed.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, st *feedState, err error) {
	class, upstream, retryAfter := classify(err)
	h := w.Header()
	h["Cache-Control"] = hdrNoStore
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h["X-Content-Type-Options"] = hdrNoSniff
	var be *backoffError
	if errors.As(err, &be) {
		retryAfter = be.wait
	}
	if retryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(max(1, int((retryAfter+time.Second-1)/time.Second))))
	}
	if class == classNotFound {
		// Nothing went wrong: no id, no log line beyond the access log.
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte("recast: " + clientText[class] + "\n"))
		return
	}
	id := errorID()
	h.Set("X-Recast-Error-Id", id)
	status := statusOf(class, upstream)
	w.WriteHeader(status)
	name, upstreamURL := "", ""
	if st != nil {
		name, upstreamURL = st.Name, fetch.RedactString(st.URL)
		w.Write([]byte("recast: cannot serve feed " + strconv.Quote(name) + ": " + clientText[class] + " (error " + id + ")\n"))
	} else {
		w.Write([]byte("recast: " + clientText[class] + " (error " + id + ")\n"))
	}
	level := slog.LevelWarn
	if class == classSignature || class == classRateLimited {
		// Anyone can send these: the access log and the metrics count
		// them; a warning each would let them flood the log.
		level = slog.LevelDebug
	}
	s.log.LogAttrs(r.Context(), level, "feed unavailable",
		slog.String("feed", name), slog.String("error_id", id), slog.String("class", string(class)),
		slog.Int("status", status), slog.String("request_id", requestID(w)),
		slog.String("upstream", upstreamURL), slog.String("err", err.Error()))
}

// errorID is a short random id that ties a client's error to its log line.
func errorID() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
