package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/recast-podcast/recast/cache"
)

// The feeds a Server serves are the configured ones (Options.Feeds, then
// Reload) and the feeds added at runtime through the admin API. Runtime
// feeds live in the store under registryKey, one JSON list every replica
// reads: a replica that adds one writes the list under a lease (so two
// replicas adding at once do not lose one), and every replica reads the
// list again every Options.RegistryEvery (Maintain), so a feed another
// replica added is served within seconds. In the on-disk store the list
// survives a restart. Options.NewFeed turns an entry into a Feed (cmd
// builds its recipe as for a configured feed); without it runtime feeds
// are off.

// registryKey holds the runtime feeds; registryLease serialises writes.
const (
	registryKey   = "{v2:registry}"
	registryLease = "{v2:registry}:lease"
)

// maxRuntimeFeeds bounds the registry, so an admin script gone wrong cannot
// fill the store.
const maxRuntimeFeeds = 2000

// FeedSpec is a feed added at runtime, as the registry keeps it.
type FeedSpec struct {
	Name string `json:"name"`
	URL  string `json:"url"`
	Mode string `json:"mode,omitempty"`
	// FollowMoves: whether a mirror follows the upstream's announced new
	// feed URL; nil: it does (see Feed.FollowMoves).
	FollowMoves *bool `json:"follow_moves,omitempty"`
	// Enrich overrides enricher settings as the config file's
	// feeds[].enrich block does, written as JSON; cmd reads it (NewFeed).
	Enrich json.RawMessage `json:"enrich,omitempty"`
	Added  time.Time       `json:"added"`
}

// nameRe is what a feed name may be: a slug, its URL path.
var nameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// ValidName reports whether name can name a feed: lower-case letters,
// digits and dashes, starting with a letter or digit, at most 63.
func ValidName(name string) bool { return nameRe.MatchString(name) }

var (
	errNameTaken   = errors.New("proxy: feed name taken")
	errConfigured  = errors.New("proxy: feed defined in the config file")
	errNoRegistry  = errors.New("proxy: runtime feeds are off")
	errRegistryCap = errors.New("proxy: too many runtime feeds")
)

// runtimeFeeds reads the registry: nil and no error when there is none.
func (s *Server) runtimeFeeds(ctx context.Context) ([]FeedSpec, []byte, error) {
	b, err := s.opts.Store.Get(ctx, registryKey)
	if errors.Is(err, cache.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var specs []FeedSpec
	if err := json.Unmarshal(b, &specs); err != nil {
		return nil, nil, fmt.Errorf("registry: %w", err)
	}
	return specs, b, nil
}

// syncRegistry serves the registry's feeds beside the configured ones when
// the registry changed since the last read.
func (s *Server) syncRegistry(ctx context.Context) error {
	if s.opts.NewFeed == nil || s.opts.Store == nil {
		return nil
	}
	specs, raw, err := s.runtimeFeeds(ctx)
	if err != nil {
		return err
	}
	s.regMu.Lock()
	defer s.regMu.Unlock()
	if s.regRead && bytes.Equal(raw, s.regRaw) {
		return nil
	}
	s.regRaw, s.regRead = raw, true
	s.runtime = s.runtime[:0]
	for _, sp := range specs {
		if s.configuredName(sp.Name) {
			s.log.Warn("runtime feed shadowed by a configured one; serving the configured", "feed", sp.Name)
			continue
		}
		f, err := s.opts.NewFeed(sp)
		if err != nil {
			s.log.Warn("runtime feed not served", "feed", sp.Name, "err", err)
			continue
		}
		f.Runtime = true
		s.runtime = append(s.runtime, f)
	}
	s.serveAll()
	return nil
}

// configuredName reports whether a configured feed is called name. Call
// with regMu held.
func (s *Server) configuredName(name string) bool {
	return slices.ContainsFunc(s.configured, func(f Feed) bool { return f.Name == name })
}

// serveAll serves the configured and runtime feeds. Call with regMu held.
func (s *Server) serveAll() {
	all := append(slices.Clip(s.configured), s.runtime...)
	s.set.Store(s.newSet(all, s.set.Load()))
	s.updateCacheMetrics()
}

// editRegistry changes the registry under its lease: edit gets the current
// list and returns the new one, or an error that leaves it as it was.
func (s *Server) editRegistry(ctx context.Context, edit func([]FeedSpec) ([]FeedSpec, error)) error {
	if s.opts.NewFeed == nil || s.opts.Store == nil {
		return errNoRegistry
	}
	if l, ok := s.opts.Store.(cache.Leaser); ok {
		var lease cache.Lease
		var err error
		for try := 0; ; try++ {
			lease, err = l.Lease(ctx, registryLease, 10*time.Second)
			if err == nil {
				break
			}
			if !errors.Is(err, cache.ErrLeaseHeld) || try == 50 {
				return fmt.Errorf("registry lease: %w", err)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
		defer lease.Release(context.WithoutCancel(ctx))
	} else {
		s.regWrite.Lock()
		defer s.regWrite.Unlock()
	}
	specs, _, err := s.runtimeFeeds(ctx)
	if err != nil {
		return err
	}
	next, err := edit(slices.Clone(specs))
	if err != nil {
		return err
	}
	if len(next) > maxRuntimeFeeds {
		return errRegistryCap
	}
	b, err := json.Marshal(next)
	if err != nil {
		return err
	}
	if err := s.opts.Store.Set(ctx, registryKey, b, 0); err != nil {
		return fmt.Errorf("registry: %w", err)
	}
	return s.syncRegistry(ctx)
}
