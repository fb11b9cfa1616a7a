package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Sentinels for branching with errors.Is. Fetch's errors read
// "fetch: <url>: <what happened>" and wrap one of these, a *StatusError, the
// caller's context error, or the network error underneath.
var (
	// ErrTooLarge: the body, or its decompressed form, exceeds MaxBytes.
	ErrTooLarge = errors.New("fetch: body too large")
	// ErrBlockedAddress: the URL leads to a private network address (or a
	// local file) and AllowPrivate is false.
	ErrBlockedAddress = errors.New("fetch: private network address refused")
	// ErrTimeout: Timeout (or the caller's deadline) ran out. Such errors
	// also match context.DeadlineExceeded.
	ErrTimeout = errors.New("fetch: timed out")
	// ErrTooManyRedirects: more than MaxRedirects redirects.
	ErrTooManyRedirects = errors.New("fetch: too many redirects")
	// ErrUnsupported: a URL scheme or Content-Encoding Fetch cannot handle.
	ErrUnsupported = errors.New("fetch: unsupported")
)

// StatusError is an upstream answer other than 2xx or 304.
type StatusError struct {
	Code int
	// RetryAfter is the upstream's Retry-After on a 429 or 503 (seconds or
	// an HTTP-date, as a delay from the response), capped at maxRetryAfter;
	// 0 when absent, unparsable or on other codes.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("upstream answered %d %s", e.Code, http.StatusText(e.Code))
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return msg
}

// kindError is a message for one of the sentinels: "stopped after 5
// redirects" that errors.Is matches to ErrTooManyRedirects.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string { return e.msg }

func (e *kindError) Is(target error) bool {
	return target == e.kind || (e.kind == ErrTimeout && target == context.DeadlineExceeded)
}

// Timeout reports whether this is a timeout, for net.Error-style checks.
func (e *kindError) Timeout() bool { return e.kind == ErrTimeout }

func kindf(kind error, format string, args ...any) error {
	return &kindError{kind: kind, msg: fmt.Sprintf(format, args...)}
}
