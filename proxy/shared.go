package proxy

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/recast-podcast/recast/cache"
)

// How replicas coordinate through the shared store. Everything here goes
// through cache.Store and cache.Leaser (Redis, in production), keyed under
// the feed's hash tag; a store that cannot answer is logged and counted, and
// the replica carries on alone (memory and upstream), never failing a
// request because of it.

// cacheWriteTimeout bounds writing an entry to the shared cache.
const cacheWriteTimeout = 2 * time.Second

// leasePoll is how often a replica waiting for another's refresh asks
// whether the lease is free (one SET NX of a few bytes; the entry itself is
// read once, when the lease is free).
const leasePoll = 50 * time.Millisecond

// loadEntry reads the feed's entry from the shared cache. A cache that
// cannot answer is logged and treated as a miss.
func (s *Server) loadEntry(ctx context.Context, st *feedState) *cache.Entry {
	if s.opts.Store == nil {
		return nil
	}
	b, err := s.opts.Store.Get(ctx, st.entryKey)
	if err != nil {
		if !errors.Is(err, cache.ErrNotFound) {
			s.m.storeError("get")
			s.log.Warn("shared cache unavailable; serving from memory and upstream", "feed", st.Name, "err", err)
		}
		return nil
	}
	e := new(cache.Entry)
	if err := e.UnmarshalBinary(b); err != nil {
		s.log.Warn("shared cache entry unreadable", "feed", st.Name, "err", err)
		return nil
	}
	return e
}

// saveEntry writes the entry to the shared cache, kept for its freshness
// plus the stale-if-error window. Failure is logged, never returned.
func (s *Server) saveEntry(ctx context.Context, st *feedState, e *cache.Entry) {
	if s.opts.Store == nil {
		return
	}
	// The write gets its own deadline: the refresh's may be all but spent
	// after a slow upstream and enrichment.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cacheWriteTimeout)
	defer cancel()
	b, err := e.MarshalBinary()
	if err == nil {
		keep := s.fresh.StaleIfError
		if st.open {
			// An open feed's copy outlives its use by little: a copy left
			// behind by a replica that dropped the feed must not stay for
			// the whole stale-if-error window.
			keep = s.fresh.StaleWhileRevalidate
		}
		ttl := e.FreshUntil.Sub(s.opts.Now()) + keep
		err = s.opts.Store.Set(ctx, st.entryKey, b, ttl)
	}
	if err != nil {
		s.m.storeError("set")
		s.log.Warn("shared cache write failed; serving from memory", "feed", st.Name, "err", err)
	}
}

// failureRecord is a failed refresh as every replica sees it, so that a
// failing upstream is asked by one replica per backoff period, not by each.
type failureRecord struct {
	At       time.Time `json:"at"`
	Until    time.Time `json:"until"` // no upstream request before
	Failures int       `json:"failures"`
	Class    errClass  `json:"class"`
	Status   int       `json:"status,omitempty"` // the upstream's, for status errors
}

// remembered returns the failure that keeps upstream alone now, from this
// process's memory or the shared store, or nil.
func (s *Server) remembered(ctx context.Context, st *feedState, now time.Time) error {
	st.mu.Lock()
	until, last := st.retryAt, st.lastErr
	st.mu.Unlock()
	if now.Before(until) {
		return &backoffError{until: until, wait: until.Sub(now), cause: last}
	}
	if s.opts.Store == nil {
		return nil
	}
	b, err := s.opts.Store.Get(ctx, st.failKey)
	if err != nil {
		if !errors.Is(err, cache.ErrNotFound) {
			s.m.storeError("get")
		}
		return nil
	}
	var f failureRecord
	if json.Unmarshal(b, &f) != nil || !now.Before(f.Until) {
		return nil
	}
	cause := &sharedFailure{class: f.Class, status: f.Status}
	st.mu.Lock()
	st.retryAt, st.failures, st.lastErr = f.Until, f.Failures, cause
	st.mu.Unlock()
	return &backoffError{until: f.Until, wait: f.Until.Sub(now), cause: cause}
}

// backoff records a failure: upstream is left alone for its Retry-After
// when it gave one (429, 503), else for FailureBackoff doubled with each
// failure in a row up to MaxFailureBackoff, with ±20% jitter so that
// replicas and feeds do not come back in step. The record goes to the
// shared store too.
func (s *Server) backoff(ctx context.Context, st *feedState, now time.Time, err error) {
	if s.base.Err() != nil {
		return // cut short by shutdown: no failure of the upstream's
	}
	class, status, retryAfter := classify(err)
	st.mu.Lock()
	st.failures++
	n := st.failures
	d := s.fresh.FailureBackoff
	for i := 1; i < n && d < s.fresh.MaxFailureBackoff; i++ {
		d *= 2
	}
	d = min(d, s.fresh.MaxFailureBackoff)
	d = time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
	if retryAfter > 0 {
		d = min(retryAfter, s.fresh.MaxTTL)
	}
	st.retryAt, st.lastErr = now.Add(d), err
	until := st.retryAt
	st.mu.Unlock()
	if s.opts.Store == nil {
		return
	}
	b, _ := json.Marshal(failureRecord{At: now, Until: until, Failures: n, Class: class, Status: status})
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cacheWriteTimeout)
	defer cancel()
	if err := s.opts.Store.Set(ctx, st.failKey, b, d); err != nil {
		s.m.storeError("set")
	}
}

// recovered forgets the feed's failures after a successful refresh.
func (s *Server) recovered(ctx context.Context, st *feedState) {
	st.mu.Lock()
	had := st.failures > 0
	st.failures, st.retryAt, st.lastErr = 0, time.Time{}, nil
	st.mu.Unlock()
	if had && s.opts.Store != nil {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cacheWriteTimeout)
		defer cancel()
		if err := s.opts.Store.Delete(ctx, st.failKey); err != nil {
			s.m.storeError("delete")
		}
	}
}

// held is a lease this process holds, renewed in the background until
// released. The zero held (no Leaser, or the store could not answer) holds
// nothing and releases nothing.
type held struct {
	lease cache.Lease
	stop  chan struct{}
	done  chan struct{}
}

// errLeaseHeld is returned by takeLease while another replica refreshes.
var errLeaseHeld = cache.ErrLeaseHeld

// takeLease tries once to take the feed's lease. It returns errLeaseHeld
// while another replica holds it; a store that cannot answer gives the zero
// held and no error: the replica refreshes alone rather than not at all.
func (s *Server) takeLease(ctx context.Context, st *feedState) (*held, error) {
	l, ok := s.opts.Store.(cache.Leaser)
	if !ok {
		return &held{}, nil
	}
	lease, err := l.Lease(ctx, st.leaseKey, s.fresh.Lease)
	switch {
	case errors.Is(err, cache.ErrLeaseHeld):
		return nil, errLeaseHeld
	case err != nil:
		s.m.storeError("lease")
		s.log.Warn("shared cache cannot lease; refreshing without coordination", "feed", st.Name, "err", err)
		return &held{}, nil
	}
	h := &held{lease: lease, stop: make(chan struct{}), done: make(chan struct{})}
	go h.renew(s, st)
	return h, nil
}

// renew extends the lease every third of its time to live until released.
func (h *held) renew(s *Server, st *feedState) {
	defer close(h.done)
	t := time.NewTicker(s.fresh.Lease / 3)
	defer t.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), s.fresh.Lease/3)
			err := h.lease.Extend(ctx, s.fresh.Lease)
			cancel()
			if errors.Is(err, cache.ErrLeaseLost) {
				s.log.Warn("lease lost during a refresh; another replica may refresh too", "feed", st.Name)
				return
			}
		}
	}
}

// release gives the lease up, with its own short deadline (the refresh's
// may be spent, or cancelled at shutdown).
func (h *held) release(s *Server) {
	if h == nil || h.lease == nil {
		return
	}
	close(h.stop)
	<-h.done
	ctx, cancel := context.WithTimeout(context.Background(), cacheWriteTimeout)
	defer cancel()
	if err := h.lease.Release(ctx); err != nil {
		s.m.storeError("release")
	}
}

// awaitLease waits while another replica holds the feed's lease, asking
// every leasePoll, and returns the lease once it is free: the holder
// released it (its entry or failure record is then in the store) or died
// (the lease expired). It returns ctx's error when the wait outlasts the
// refresh.
func (s *Server) awaitLease(ctx context.Context, st *feedState) (*held, error) {
	start := time.Now()
	s.m.leaseWait()
	defer func() { s.m.leaseWaited(time.Since(start)) }()
	t := time.NewTicker(leasePoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-t.C:
		}
		h, err := s.takeLease(ctx, st)
		if !errors.Is(err, errLeaseHeld) {
			return h, err
		}
	}
}
