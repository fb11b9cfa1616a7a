package proxy

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/recast-podcast/recast/cache"
)

// admin guards an admin handler with the bearer token, compared in
// constant time (of hashes, so that the token's length does not show
// either). Admin answers are never cached.
func (s *Server) admin(next func(w http.ResponseWriter, r *http.Request, st *feedState)) http.HandlerFunc {
	return s.adminOnly(func(w http.ResponseWriter, r *http.Request) {
		st := s.feed(r.PathValue("name"))
		if st == nil {
			s.fail(w, r, nil, errNotFound)
			return
		}
		next(w, r, st)
	})
}

// adminOnly guards an admin handler that is about no one feed.
func (s *Server) adminOnly(next http.HandlerFunc) http.HandlerFunc {
	want := sha256.Sum256([]byte(s.opts.AdminToken))
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Cache-Control"] = hdrNoStore
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		got := sha256.Sum256([]byte(token))
		if !ok || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="recast admin"`)
			http.Error(w, "recast: admin token missing or wrong", http.StatusUnauthorized)
			return
		}
		next(w, r)
	}
}

// purge drops the feed's copies, in this process and in the shared store,
// and its remembered failures: the next request or scheduled refresh
// fetches it anew. Through a store that is a cache.Broadcaster it tells
// the other replicas, which drop their in-memory copies too (Maintain).
// Purge a CDN by the feed's Surrogate-Key / Cache-Tag.
func (s *Server) purge(w http.ResponseWriter, r *http.Request, st *feedState) {
	s.drop(st)
	var storeErr string
	told := false
	if s.opts.Store != nil {
		ctx, cancel := context.WithTimeout(r.Context(), cacheWriteTimeout)
		defer cancel()
		for _, k := range []string{st.entryKey, st.failKey} {
			if err := s.opts.Store.Delete(ctx, k); err != nil {
				s.m.storeError("delete")
				storeErr = "the shared cache could not be purged"
			}
		}
		if b, ok := s.opts.Store.(cache.Broadcaster); ok {
			if err := b.Publish(ctx, purgeChannel, purgeMessage(s.id, st.entryKey)); err != nil {
				s.m.storeError("publish")
				s.log.Warn("purge not sent to the other replicas", "feed", st.Name, "err", err)
			} else {
				told = true
			}
		}
	}
	s.log.Info("feed purged", "feed", st.Name, "replicas_told", told, "request_id", requestID(w))
	writeJSON(w, http.StatusOK, map[string]any{
		"feed": st.Name, "purged": storeErr == "", "error": storeErr, "replicas_told": told, "surrogate_key": st.tags[0],
	})
}

// drop forgets the feed's copy in memory and its remembered failures.
func (s *Server) drop(st *feedState) {
	st.cur.Store(nil)
	st.mu.Lock()
	st.retryAt, st.failures, st.lastErr, st.nextAt = time.Time{}, 0, nil, time.Time{}
	st.mu.Unlock()
	s.updateCacheMetrics()
}

// forceRefresh asks upstream now, under the lease, and answers with the
// outcome.
func (s *Server) forceRefresh(w http.ResponseWriter, r *http.Request, st *feedState) {
	select {
	case res := <-s.do(st, forced):
		if res.err != nil {
			s.fail(w, r, st, res.err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{
			"feed": st.Name, "result": res.xcache,
			"fetched_at": res.v.entry.FetchedAt, "fresh_until": res.v.entry.FreshUntil, "etag": res.v.etag,
		})
	case <-r.Context().Done():
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
