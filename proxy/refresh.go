package proxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	neturl "net/url"
	"strings"
	"time"

	"github.com/recast-podcast/recast/cache"
	"github.com/recast-podcast/recast/fetch"
)

// Cache results, sent as X-Recast-Cache (not X-Cache, which CDNs set
// themselves) and counted in the metrics.
const (
	xHit          = "HIT"          // a fresh copy; upstream not asked
	xMiss         = "MISS"         // upstream was asked (200 or 304) for this response, here or by another replica
	xRevalidating = "REVALIDATING" // an expired copy, served at once while it is refreshed
	xStale        = "STALE"        // an expired copy, because upstream or the feed failed
)

// why says who asked for a refresh, which decides what a copy must be to
// be served without one.
type why int

const (
	onDemand   why = iota // a request waits: any fresh copy will do
	background            // a request was served an expired copy: any fresh copy will do, and nobody waits
	ahead                 // the scheduler, before the copy expires: a copy newer than ours will do
	forced                // the admin API: upstream is asked whatever the copies
)

// outcome is what a refresh produced.
type outcome struct {
	v      *version
	xcache string
}

// do runs one refresh of st at a time, whoever asks; it outlives the
// request that started it, so that the others still get it, and ends with
// the Server (Close).
func (s *Server) do(st *feedState, w why) <-chan refreshResult {
	out := make(chan refreshResult, 1)
	ch := s.sf.DoChan(st.entryKey, func() (any, error) {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return outcome{}, errShuttingDown
		}
		s.run.Add(1)
		s.mu.Unlock()
		defer s.run.Done()
		ctx, cancel := context.WithTimeout(s.base, s.fresh.RefreshTimeout)
		defer cancel()
		start := time.Now()
		o, err := s.refresh(ctx, st, w)
		s.m.refreshed(o.xcache, err, time.Since(start))
		return o, err
	})
	go func() {
		r := <-ch
		o, _ := r.Val.(outcome)
		out <- refreshResult{o, r.Err}
	}()
	return out
}

type refreshResult struct {
	outcome
	err error
}

// refresh brings a feed up to date: fetch → parse → enrich → render →
// cache, under the feed's lease so that one replica fetches while the
// others serve what they have or wait for its entry. It returns the last
// good copy as STALE when upstream or the feed fails and one exists.
func (s *Server) refresh(ctx context.Context, st *feedState, w why) (outcome, error) {
	now := s.opts.Now()
	cur := st.cur.Load()
	if w <= background && cur != nil && now.Before(cur.entry.FreshUntil) {
		return outcome{cur, xHit}, nil // refreshed while this caller waited
	}
	var prev *cache.Entry
	if cur != nil {
		prev = cur.entry
	}
	// The shared store: another replica, or this process before a restart,
	// may hold a fresher copy.
	adopt := func() (outcome, bool) {
		e := s.loadEntry(ctx, st)
		if e == nil {
			return outcome{}, false
		}
		newer := prev == nil || e.FetchedAt.After(prev.FetchedAt)
		if w != forced && now.Before(e.FreshUntil) && (w != ahead || newer) {
			v, err := versionOf(e, cur)
			if err == nil {
				s.install(st, v)
				return outcome{v, xHit}, true
			}
			s.log.Warn("cached entry unreadable; refetching", "feed", st.Name, "err", err)
		} else if newer {
			prev = e
		}
		return outcome{}, false
	}
	if o, ok := adopt(); ok {
		return o, nil
	}
	if w != forced {
		if err := s.remembered(ctx, st, now); err != nil {
			return s.stale(st, cur, prev, err)
		}
	}

	lease, err := s.takeLease(ctx, st)
	if errors.Is(err, errLeaseHeld) {
		// Another replica is refreshing. Serve what there is; wait for its
		// entry only when there is nothing to serve.
		if w != onDemand && w != forced {
			return outcome{cur, xRevalidating}, nil
		}
		if prev != nil && now.Before(prev.FreshUntil.Add(s.fresh.StaleIfError)) && w == onDemand {
			v, err := s.versionFor(st, cur, prev)
			if err == nil {
				return outcome{v, xRevalidating}, nil
			}
		}
		if lease, err = s.awaitLease(ctx, st); err != nil {
			return s.stale(st, cur, prev, err)
		}
		defer lease.release(s)
		// The holder is done: its entry, or its failure, is in the store.
		if o, ok := adopt(); ok {
			return outcome{o.v, xMiss}, nil
		}
		if w != forced {
			if err := s.remembered(ctx, st, s.opts.Now()); err != nil {
				return s.stale(st, cur, prev, err)
			}
		}
	} else {
		defer lease.release(s)
		if lease.lease != nil {
			// The last holder may have written just before we took it.
			if o, ok := adopt(); ok {
				return o, nil
			}
		}
	}
	return s.fetchAndBuild(ctx, st, cur, prev)
}

// fetchAndBuild asks upstream (conditionally, with prev's validators) and
// builds, stores and installs the new version.
func (s *Server) fetchAndBuild(ctx context.Context, st *feedState, cur *version, prev *cache.Entry) (outcome, error) {
	now := s.opts.Now()
	st.mu.Lock()
	url := st.URL
	if st.movedTo != "" {
		url = st.movedTo
	}
	st.mu.Unlock()
	if prev != nil && prev.UpstreamURL != "" {
		url = prev.UpstreamURL
	}

	req := fetch.Request{URL: url}
	if st.Auth != nil && sameHost(url, st.URL) {
		req.Auth = st.Auth // credentials go to the configured host only
	}
	if prev != nil {
		req.ETag, req.LastModified = prev.UpstreamETag, prev.UpstreamLastModified
	}
	client := s.opts.Fetch
	if st.Runtime || !sameHost(url, st.URL) {
		// Not the operator's URL: one added at runtime, or one on another
		// host the feed moved to (a permanent redirect, or a new-feed-url
		// followed).
		client = client.WithAllowPrivate(false)
	}
	res, err := client.Fetch(ctx, req)
	if err != nil {
		s.backoff(ctx, st, now, err)
		return s.stale(st, cur, prev, err)
	}
	if moved := withoutAuthQuery(res.PermanentURL, st.Auth); moved != "" && moved != url &&
		s.follow(st, url, moved, "upstream moved permanently (301/308)") {
		st.mu.Lock()
		st.movedTo = moved
		st.mu.Unlock()
		url = moved
	}
	fresh := freshness(st.TTL, res.MaxAge, s.fresh.MaxTTL)

	if res.Status == http.StatusNotModified && prev != nil {
		// Upstream unchanged: reuse the enriched output, no re-enrichment.
		e := *prev
		e.FetchedAt, e.FreshUntil = now, now.Add(fresh)
		e.UpstreamURL = movedURL(url, st.URL)
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
		s.install(st, v)
		s.recovered(ctx, st)
		s.log.Info("upstream not modified", "feed", st.Name, "fresh_for", fresh)
		return outcome{v, xMiss}, nil
	}
	if res.Status != http.StatusOK {
		err := fmt.Errorf("%w (status %d)", errNoBody, res.Status)
		s.backoff(ctx, st, now, err)
		return s.stale(st, cur, prev, err)
	}

	start := time.Now()
	b, err := Build(ctx, res.Body, st.Recipe)
	if err != nil {
		err = &feedError{err}
		s.backoff(ctx, st, now, err)
		return s.stale(st, cur, prev, err)
	}
	s.m.enriched(b.Stats)
	if b.Stats.Cut {
		// Time ran out before every episode was enriched: serve what there
		// is, but try again soon rather than for a whole TTL.
		s.log.Warn("enrichment cut short by the refresh deadline; retrying soon", "feed", st.Name)
		fresh = min(fresh, s.fresh.FailureBackoff)
	}
	e := &cache.Entry{
		Body:                 gzipBody(b.Body),
		ETag:                 etagOf(b.Body),
		LastModified:         now.Truncate(time.Second),
		FetchedAt:            now,
		FreshUntil:           now.Add(fresh),
		UpstreamURL:          movedURL(url, st.URL),
		UpstreamETag:         res.ETag,
		UpstreamLastModified: res.LastModified,
		Repairs:              b.Repairs,
		Files:                b.Kept(),
	}
	if prev != nil && prev.ETag == e.ETag && sameFiles(prev.Files, e.Files) {
		// Same bytes, feed and chapter files alike: same Last-Modified (the
		// chapter files are served with the feed's).
		e.LastModified = prev.LastModified
	}
	if st.Recipe.Render.Mirror && movesTo(b.NewFeedURL, url) && s.follow(st, url, b.NewFeedURL, "upstream announces a new feed URL") {
		// A mirror does not pass itunes:new-feed-url on (it would move
		// subscribers off recast): it follows it upstream itself. This copy
		// is served now and counts as expired, so the next request fetches
		// the new URL — once per freshness period, so that feeds pointing
		// at each other (or a new URL redirecting back) are fetched at most
		// twice per period, not on every request.
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
	s.install(st, v)
	s.recovered(ctx, st)
	s.log.Info("feed refreshed", "feed", st.Name, "upstream_bytes", len(res.Body), "bytes", len(b.Body),
		"items", b.Items, "repairs", b.Repairs, "enriched", b.Stats.Enriched, "took", time.Since(start).Round(time.Millisecond))
	return outcome{v, xMiss}, nil
}

// install makes v the feed's current version.
func (s *Server) install(st *feedState, v *version) {
	st.cur.Store(v)
	s.updateCacheMetrics()
}

// versionFor returns the version of entry e, reusing cur when it is e, and
// installs it.
func (s *Server) versionFor(st *feedState, cur *version, e *cache.Entry) (*version, error) {
	if cur != nil && (cur.entry == e || cur.etag == e.ETag) {
		return cur, nil
	}
	v, err := versionOf(e, cur)
	if err != nil {
		return nil, err
	}
	s.install(st, v)
	return v, nil
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

// follow decides, and logs, whether a feed fetched from url moves to newURL
// (a permanent redirect, or a mirror's new-feed-url), for what says why:
// only when the feed follows moves and the private-network guard lets the
// new URL through (it comes from upstream, not from the operator; a move
// within the configured host keeps the operator's trust). A declined URL is
// logged, and checked, once.
func (s *Server) follow(st *feedState, url, newURL, what string) bool {
	st.mu.Lock()
	declined := st.declined == newURL
	st.mu.Unlock()
	if declined {
		return false
	}
	why := ""
	if !st.FollowMoves {
		why = "follow_moves is off for this feed"
	} else if err := s.opts.Fetch.WithAllowPrivate(!st.Runtime && sameHost(newURL, st.URL)).Check(newURL); err != nil {
		why = "the private-network guard refuses it: " + err.Error()
	}
	if why == "" {
		s.log.Info(what+"; following", "feed", st.Name,
			"from", fetch.RedactString(url), "to", fetch.RedactString(newURL))
		return true
	}
	st.mu.Lock()
	st.declined = newURL
	st.mu.Unlock()
	s.log.Warn(what+"; not following", "feed", st.Name,
		"from", fetch.RedactString(url), "to", fetch.RedactString(newURL), "why", why)
	return false
}

// withoutAuthQuery is raw without the query parameters a is adding (a
// private feed's credentials must not be remembered, or sent elsewhere,
// as part of a URL a redirect kept them in); "" for "".
func withoutAuthQuery(raw string, a *fetch.Auth) string {
	if raw == "" || a == nil || len(a.Query) == 0 {
		return raw
	}
	u, err := neturl.Parse(raw)
	if err != nil {
		return ""
	}
	q := u.Query()
	for k := range a.Query {
		q.Del(k)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// sameHost reports whether two URLs name the same scheme, host and port: a
// move within the operator's own host keeps the operator's trust.
func sameHost(a, b string) bool {
	ua, err1 := neturl.Parse(a)
	ub, err2 := neturl.Parse(b)
	return err1 == nil && err2 == nil && strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host)
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
	if prev == nil || now.After(prev.FreshUntil.Add(s.fresh.StaleIfError)) {
		return outcome{}, err
	}
	v, verr := s.versionFor(st, cur, prev)
	if verr != nil {
		return outcome{}, fmt.Errorf("%w (the last good copy is unreadable: %w)", err, verr)
	}
	var be *backoffError
	if !errors.As(err, &be) { // a backoff was logged when it began
		s.log.Warn("serving last good copy", "feed", st.Name, "fetched_at", prev.FetchedAt, "err", err)
	}
	return outcome{v, xStale}, nil
}
