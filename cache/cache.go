// Package cache defines the store recast keeps enriched feeds in, and the
// entry format. The backends live in cache/memory (in-process, bounded by
// bytes; the default) and cache/redis (shared by replicas).
package cache

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by Store.Get for a key that is absent or expired.
var ErrNotFound = errors.New("cache: not found")

// Store is a byte-valued key/value store with expiry.
//
// Get returns ErrNotFound for a missing key and any other error for a store
// that could not answer (Redis down or slow); callers treat the latter as a
// miss and keep serving. Implementations are safe for concurrent use. Values
// passed to Set and returned by Get must not be modified afterwards.
type Store interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	Delete(ctx context.Context, key string) error
}

// Checker is implemented by stores that can report their health (Redis:
// PING). /readyz reports "degraded" while Check fails.
type Checker interface {
	Check(ctx context.Context) error
}
