package proxy

import (
	"context"
	"math/rand/v2"
	"time"
)

// Run refreshes every feed ahead of its copy's expiry until ctx ends, so
// that under steady traffic no request waits on an upstream: at start each
// feed is loaded (from the shared store when a copy is there, else from
// upstream), then refreshed at a random point in the last 10–25% of each
// copy's freshness. At most Freshness.Concurrency refreshes run at once.
// Replicas each run it; the lease makes one of them fetch, and the others
// take its entry from the store when their own turn comes.
func (s *Server) Run(ctx context.Context) {
	t := time.NewTicker(s.opts.Tick)
	defer t.Stop()
	slots := make(chan struct{}, s.fresh.Concurrency)
	for {
		s.scheduleDue(ctx, slots)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// scheduleDue starts a refresh of each feed that is due, while slots last.
func (s *Server) scheduleDue(ctx context.Context, slots chan struct{}) {
	now := s.opts.Now()
	for _, st := range s.set.Load().list {
		st.mu.Lock()
		due := !st.busy && !now.Before(st.nextAt)
		st.mu.Unlock()
		if !due {
			continue
		}
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return
		default:
			return // all busy: the rest wait for the next tick
		}
		st.mu.Lock()
		st.busy = true
		st.mu.Unlock()
		go func() {
			defer func() { <-slots }()
			res := <-s.do(st, ahead)
			s.plan(st, res.err)
		}()
	}
}

// plan sets when the scheduler refreshes st next: in the last 10–25% of
// its copy's freshness; no sooner than 1–2 s from now (when another
// replica holds the lease, its entry is taken from the store then); and
// not before upstream may be asked again after a failure.
func (s *Server) plan(st *feedState, err error) {
	now := s.opts.Now()
	next := now.Add(time.Second + rand.N(time.Second))
	if v := st.cur.Load(); v != nil {
		life := v.entry.FreshUntil.Sub(v.entry.FetchedAt)
		at := v.entry.FreshUntil.Add(-time.Duration(float64(life) * (0.10 + 0.15*rand.Float64())))
		if at.After(next) {
			next = at
		}
	}
	st.mu.Lock()
	if st.retryAt.After(next) {
		next = st.retryAt.Add(rand.N(time.Second))
	}
	st.nextAt, st.busy = next, false
	st.mu.Unlock()
	if err != nil {
		s.log.Debug("scheduled refresh failed", "feed", st.Name, "next", next, "err", err)
	}
}
