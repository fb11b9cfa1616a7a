package proxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"time"

	"github.com/recast-podcast/recast/cache"
	"github.com/recast-podcast/recast/fetch"
)

// X-Cache values.
const (
	xHit   = "HIT"   // served from cache without contacting upstream
	xMiss  = "MISS"  // upstream was contacted (200 or 304) for this response
	xStale = "STALE" // an expired copy, because upstream failed
)

// failureBackoff is how long a failing upstream is left alone (while the
// last good copy is served) when it gave no Retry-After.
const failureBackoff = 30 * time.Second

// cacheWriteTimeout bounds writing an entry to the shared cache.
const cacheWriteTimeout = 2 * time.Second

// outcome is what a refresh produced.
type outcome struct {
	v      *version
	xcache string
}

// refresh brings a feed up to date: fetch → parse → enrich → render →
// cache. It is called through single-flight, so one upstream request serves
// every concurrent request for the feed. It returns the last good copy as
// STALE when upstream or the feed fails and one exists.
func (s *Server) refresh(ctx context.Context, st *feedState) (outcome, error) {
	now := s.opts.Now()
	cur := st.cur.Load()
	if cur != nil && now.Before(cur.entry.FreshUntil) {
		return outcome{cur, xHit}, nil // refreshed while this caller waited
	}

	// The shared cache: another replica, or this process before a restart,
	// may hold a fresher copy.
	prev := (*cache.Entry)(nil)
	if cur != nil {
		prev = cur.entry
	}
	if e := s.loadEntry(ctx, st); e != nil {
		if now.Before(e.FreshUntil) {
			v, err := versionOf(e, cur)
			if err == nil {
				st.cur.Store(v)
				return outcome{v, xHit}, nil
			}
			s.log.Warn("cached entry unreadable; refetching", "feed", st.cfg.Name, "err", err)
		} else if prev == nil || e.FetchedAt.After(prev.FetchedAt) {
			prev = e
		}
	}

	st.mu.Lock()
	retryAt, url := st.retryAt, st.cfg.URL
	if st.movedTo != "" {
		url = st.movedTo
	}
	st.mu.Unlock()
	if prev != nil && prev.UpstreamURL != "" {
		url = prev.UpstreamURL
	}
	if now.Before(retryAt) {
		return s.stale(st, cur, prev, &backoffError{until: retryAt, wait: retryAt.Sub(now)})
	}

	req := fetch.Request{URL: url}
	if prev != nil {
		req.ETag, req.LastModified = prev.UpstreamETag, prev.UpstreamLastModified
	}
	res, err := s.opts.Fetch.Fetch(ctx, req)
	if err != nil {
		s.backoff(st, now, err)
		return s.stale(st, cur, prev, err)
	}
	if res.PermanentURL != "" && res.PermanentURL != url {
		s.log.Info("upstream moved permanently; following", "feed", st.cfg.Name, "from", url, "to", res.PermanentURL)
		st.mu.Lock()
		st.movedTo = res.PermanentURL
		st.mu.Unlock()
		url = res.PermanentURL
	}
	fresh := freshness(st.cfg.TTL, res.MaxAge, s.opts.Config.MaxTTL)

	if res.Status == http.StatusNotModified && prev != nil {
		// Upstream unchanged: reuse the enriched output, no re-enrichment.
		e := *prev
		e.FetchedAt, e.FreshUntil = now, now.Add(fresh)
		e.UpstreamURL = movedURL(url, st.cfg.URL)
		if res.ETag != "" {
			e.UpstreamETag = res.ETag
		}
		if res.LastModified != "" {
			e.UpstreamLastModified = res.LastModified
		}
		v, err := versionOf(&e, cur)
		if err != nil {
			return s.stale(st, cur, prev, err)
		}
		s.saveEntry(ctx, st, &e)
		st.cur.Store(v)
		s.log.Info("upstream not modified", "feed", st.cfg.Name, "fresh_for", fresh)
		return outcome{v, xMiss}, nil
	}
	if res.Status != http.StatusOK {
		err := fmt.Errorf("proxy: upstream answered %d without a body to serve", res.Status)
		s.backoff(st, now, err)
		return s.stale(st, cur, prev, err)
	}

	start := time.Now()
	b, err := Build(ctx, res.Body, st.recipe)
	if err != nil {
		s.backoff(st, now, err)
		return s.stale(st, cur, prev, err)
	}
	if b.Stats.Cut {
		// Time ran out before every episode was enriched: serve what there
		// is, but try again soon rather than for a whole TTL.
		s.log.Warn("enrichment cut short by the refresh deadline; retrying soon", "feed", st.cfg.Name)
		fresh = min(fresh, failureBackoff)
	}
	e := &cache.Entry{
		Body:                 gzipBody(b.Body),
		ETag:                 etagOf(b.Body),
		LastModified:         now.Truncate(time.Second),
		FetchedAt:            now,
		FreshUntil:           now.Add(fresh),
		UpstreamURL:          movedURL(url, st.cfg.URL),
		UpstreamETag:         res.ETag,
		UpstreamLastModified: res.LastModified,
		Repairs:              b.Repairs,
		Files:                b.Files,
	}
	if prev != nil && prev.ETag == e.ETag && sameFiles(prev.Files, e.Files) {
		// Same bytes, feed and chapter files alike: same Last-Modified (the
		// chapter files are served with the feed's).
		e.LastModified = prev.LastModified
	}
	if st.recipe.Render.Mirror && movesTo(b.NewFeedURL, url) {
		// A mirror does not pass itunes:new-feed-url on (it would move
		// subscribers off recast): it follows it upstream itself. This copy
		// is served now and counts as expired, so the next request fetches
		// the new URL — once per freshness period, so that feeds pointing
		// at each other (or a new URL redirecting back) are fetched at most
		// twice per period, not on every request.
		s.log.Info("upstream announces a new feed URL; following", "feed", st.cfg.Name, "from", url, "to", b.NewFeedURL)
		st.mu.Lock()
		st.movedTo = b.NewFeedURL
		recent := now.Before(st.followedAt.Add(fresh))
		if !recent {
			st.followedAt = now
		}
		st.mu.Unlock()
		e.UpstreamURL = b.NewFeedURL
		e.UpstreamETag, e.UpstreamLastModified = "", ""
		if !recent {
			e.FreshUntil = now
		}
	}
	s.saveEntry(ctx, st, e)
	v := newVersion(e, b.Body)
	st.cur.Store(v)
	s.log.Info("feed refreshed", "feed", st.cfg.Name, "upstream_bytes", len(res.Body), "bytes", len(b.Body),
		"items", b.Items, "repairs", b.Repairs, "enriched", b.Stats.Enriched, "took", time.Since(start).Round(time.Millisecond))
	return outcome{v, xMiss}, nil
}

// sameFiles reports whether two sets of side files are byte for byte equal.
func sameFiles(a, b map[string][]byte) bool {
	return maps.EqualFunc(a, b, bytes.Equal)
}

// movesTo reports whether newURL is an http(s) URL other than url.
func movesTo(newURL, url string) bool {
	return newURL != "" && newURL != url &&
		(strings.HasPrefix(newURL, "https://") || strings.HasPrefix(newURL, "http://"))
}

// movedURL is the URL to remember in the entry: "" while it is the
// configured one.
func movedURL(url, configured string) string {
	if url == configured {
		return ""
	}
	return url
}

// stale returns the last good copy after a failed refresh, or the failure
// when there is none (or it is older than the stale-if-error window).
func (s *Server) stale(st *feedState, cur *version, prev *cache.Entry, err error) (outcome, error) {
	now := s.opts.Now()
	if prev == nil || now.After(prev.FreshUntil.Add(s.opts.Config.StaleIfError)) {
		s.log.Warn("feed unavailable", "feed", st.cfg.Name, "err", err)
		return outcome{}, err
	}
	v := cur
	if v == nil || v.entry != prev && v.etag != prev.ETag {
		var verr error
		if v, verr = versionOf(prev, cur); verr != nil {
			return outcome{}, fmt.Errorf("%w (the last good copy is unreadable: %w)", err, verr)
		}
		st.cur.Store(v)
	}
	s.log.Warn("serving last good copy", "feed", st.cfg.Name, "fetched_at", prev.FetchedAt, "err", err)
	return outcome{v, xStale}, nil
}

// backoffError is a refresh refused because upstream failed recently and is
// being left alone.
type backoffError struct {
	until time.Time
	wait  time.Duration // from the refusal to until
}

func (e *backoffError) Error() string {
	return "proxy: upstream failed recently and is left alone until " + e.until.UTC().Format(time.RFC3339)
}

// backoff records when upstream may be asked again after a failure: its
// Retry-After when it gave one (429, 503), else a short fixed delay.
func (s *Server) backoff(st *feedState, now time.Time, err error) {
	d := failureBackoff
	var se *fetch.StatusError
	if errors.As(err, &se) && se.RetryAfter > 0 {
		d = min(se.RetryAfter, s.opts.Config.MaxTTL)
	}
	st.mu.Lock()
	st.retryAt = now.Add(d)
	st.mu.Unlock()
}

// loadEntry reads the feed's entry from the shared cache. A cache that
// cannot answer is logged and treated as a miss.
func (s *Server) loadEntry(ctx context.Context, st *feedState) *cache.Entry {
	if s.opts.Store == nil {
		return nil
	}
	b, err := s.opts.Store.Get(ctx, st.key)
	if err != nil {
		if !errors.Is(err, cache.ErrNotFound) {
			s.log.Warn("shared cache unavailable; serving from memory and upstream", "feed", st.cfg.Name, "err", err)
		}
		return nil
	}
	e := new(cache.Entry)
	if err := e.UnmarshalBinary(b); err != nil {
		s.log.Warn("shared cache entry unreadable", "feed", st.cfg.Name, "err", err)
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
		ttl := e.FreshUntil.Sub(s.opts.Now()) + s.opts.Config.StaleIfError
		err = s.opts.Store.Set(ctx, st.key, b, ttl)
	}
	if err != nil {
		s.log.Warn("shared cache write failed; serving from memory", "feed", st.cfg.Name, "err", err)
	}
}
