package proxy

import (
	"bytes"
	"context"
	"time"

	"github.com/recast-podcast/recast/cache"
)

// purgeChannel is the store channel purges are sent on.
const purgeChannel = "{v2:purge}"

// purgeMessage is what a purge sends: the sender and the entry key.
func purgeMessage(from, key string) []byte { return []byte(from + " " + key) }

// Maintain does what every replica does in the background, until ctx ends,
// whether or not it refreshes ahead (Run): it reads the runtime feeds
// every Options.RegistryEvery (registry.go); it drops the in-memory copy of
// a feed another replica purged, when the store is a cache.Broadcaster;
// sweeps expired entries out of a store that is a cache.Sweeper every
// Options.SweepEvery (the on-disk store also sweeps itself when opened).
func (s *Server) Maintain(ctx context.Context) {
	if s.opts.NewFeed != nil && s.opts.Store != nil {
		go s.watchRegistry(ctx)
	}
	if b, ok := s.opts.Store.(cache.Broadcaster); ok {
		if err := b.Subscribe(ctx, purgeChannel, s.purged); err != nil {
			s.log.Warn("not yet subscribed to the other replicas' purges; retrying", "err", err)
		}
	}
	sw, ok := s.opts.Store.(cache.Sweeper)
	if !ok {
		<-ctx.Done()
		return
	}
	t := time.NewTicker(s.opts.SweepEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n, err := sw.Sweep(ctx)
			if err != nil && ctx.Err() == nil {
				s.m.storeError("sweep")
				s.log.Warn("sweeping the store failed", "err", err)
			}
			s.log.Debug("store swept", "removed", n)
		}
	}
}

// watchRegistry reads the runtime feeds every Options.RegistryEvery, so
// a feed another replica added or removed is served or dropped here too.
func (s *Server) watchRegistry(ctx context.Context) {
	t := time.NewTicker(s.opts.RegistryEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.syncRegistry(ctx); err != nil && ctx.Err() == nil {
				s.m.storeError("registry")
				s.log.Warn("reading the runtime feeds failed", "err", err)
			}
		}
	}
}

// purged handles a purge another replica sent: the feed with that entry
// key, if this replica serves it, loses its copy in memory.
func (s *Server) purged(msg []byte) {
	from, key, ok := bytes.Cut(msg, []byte(" "))
	if !ok || string(from) == s.id {
		return
	}
	for _, st := range s.set.Load().list {
		if st.entryKey == string(key) {
			s.drop(st)
			s.m.purgeReceived()
			s.log.Info("feed purged by another replica", "feed", st.Name)
		}
	}
}
