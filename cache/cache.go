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

// ErrLeaseHeld is returned by Leaser.Lease while another process holds the
// lease.
var ErrLeaseHeld = errors.New("cache: lease held by another process")

// ErrLeaseLost is returned by Lease.Extend when the lease expired (and may
// have been taken by another process).
var ErrLeaseLost = errors.New("cache: lease lost")

// Leaser is implemented by stores that several processes share (Redis): a
// lease on a key that one process holds at a time, so that one replica
// refreshes a feed while the others serve what they have or wait for its
// entry. A lease expires after its ttl unless extended, so a holder that
// dies (kill -9) loses it. Stores used by one process need none: the process
// coordinates its own requests.
type Leaser interface {
	// Lease takes the lease named key for ttl, trying once. It returns
	// ErrLeaseHeld when another holds it, any other error when the store
	// could not answer.
	Lease(ctx context.Context, key string, ttl time.Duration) (Lease, error)
}

// Lease is a held lease.
type Lease interface {
	// Extend resets the lease's time to live to ttl; ErrLeaseLost when it
	// had expired.
	Extend(ctx context.Context, ttl time.Duration) error
	// Release gives the lease up at once if it is still this holder's
	// (compare-and-delete); releasing a lost lease is not an error.
	Release(ctx context.Context) error
}

// Broadcaster is implemented by shared stores that can tell every process
// using them of an event (Redis pub/sub). recast sends purges this way, so
// that a purge on one replica drops the copy every replica holds in memory.
type Broadcaster interface {
	// Publish sends msg to every subscriber of channel, in any process.
	Publish(ctx context.Context, channel string, msg []byte) error
	// Subscribe calls fn with each message published on channel, one at a
	// time, until ctx ends. A lost connection is made again by itself
	// (messages sent meanwhile are lost); an error says only that the
	// first attempt failed, and the store keeps trying.
	Subscribe(ctx context.Context, channel string, fn func(msg []byte)) error
}

// Sweeper is implemented by stores that keep expired entries until they
// are swept (the on-disk store). Sweep removes them and says how many.
type Sweeper interface {
	Sweep(ctx context.Context) (int, error)
}

// Sizer is implemented by stores that can tell how much they hold: keys,
// and bytes of keys plus values.
type Sizer interface {
	Len() int
	Size() int64
}
