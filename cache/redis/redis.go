// Package redis is recast's shared cache.Store on Redis (a single server,
// a managed TLS endpoint, a unix socket, a Redis Cluster or a master found
// through Redis Sentinel), for replicas that serve the same feeds.
//
// It is tuned to degrade fast: short dial and read/write timeouts and at
// most one retry, so a slow or dead Redis turns into quick errors that
// callers treat as cache misses, never into stalled requests.
package redis

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bsm/redislock"
	goredis "github.com/redis/go-redis/v9"

	"github.com/recast-podcast/recast/cache"
)

var (
	_ cache.Store   = (*Store)(nil)
	_ cache.Checker = (*Store)(nil)
)

// Defaults for the zero Options fields.
const (
	DefaultKeyPrefix    = "recast:"
	DefaultDialTimeout  = time.Second
	DefaultReadTimeout  = 500 * time.Millisecond
	DefaultWriteTimeout = 500 * time.Millisecond
)

// Options tune a Store. A non-zero field overrides the same setting given
// as a URL query parameter (dial_timeout=2s, ...); a setting given by
// neither takes the default.
type Options struct {
	KeyPrefix    string        // prepended to every key; "": DefaultKeyPrefix
	DialTimeout  time.Duration // per connection attempt; 0: DefaultDialTimeout
	ReadTimeout  time.Duration // per reply; 0: DefaultReadTimeout
	WriteTimeout time.Duration // per command; 0: DefaultWriteTimeout
	PoolSize     int           // connections per node; 0: go-redis's default (10 per CPU)
	// TLSConfig replaces the TLS settings of a rediss:// URL (custom CA,
	// client certificates). nil: go-redis's (system roots, ServerName from
	// the URL's host). Ignored for redis:// and unix:// URLs.
	TLSConfig *tls.Config
}

// Store is a cache.Store and cache.Checker on Redis. Safe for concurrent
// use; Close it when done.
type Store struct {
	rdb    goredis.UniversalClient
	prefix string
	check  time.Duration // timeout for Check's PING
}

// New returns a Store for url, which is one of
//
//	redis://[user:password@]host[:port][/db][?option=value...]
//	rediss://...                        the same over TLS (managed Redis)
//	unix://[user:password@]/path/redis.sock[?db=N]
//	redis+cluster://host1:port1[?addr=host2:port2&addr=...]   Redis Cluster
//	rediss+cluster://...                the same over TLS
//	redis+sentinel://[user:password@]sentinel1:port1[/master[/db]][?addr=sentinel2:port2&master_name=master...]
//	rediss+sentinel://...               the same over TLS
//
// A redis:// or rediss:// URL with addr= query parameters is a cluster too.
// A Sentinel URL names the sentinels (host, then addr= parameters) and the
// master they watch (the first path segment or master_name=); its user
// info authenticates to the sentinels, and password= (username=) to the
// master, as go-redis reads it. The client follows a failover: after the
// sentinels promote a replica, commands go to the new master.
// Query options are go-redis's (snake_case field names: dial_timeout,
// pool_size, ...). New does not connect; the first command or Check does.
// Errors never echo the URL's password.
func New(rawURL string, opts Options) (*Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the URL, password included
		}
		return nil, fmt.Errorf("cache/redis: bad URL: %w", err)
	}
	shown := redacted(u)

	cluster, sentinel := u.Query().Has("addr"), false
	switch u.Scheme {
	case "redis+cluster", "rediss+cluster":
		cluster = true
		u.Scheme = strings.TrimSuffix(u.Scheme, "+cluster")
	case "redis+sentinel", "rediss+sentinel":
		cluster, sentinel = false, true
		u.Scheme = strings.TrimSuffix(u.Scheme, "+sentinel")
	case "redis", "rediss", "unix":
	default:
		return nil, fmt.Errorf("cache/redis: %s: unsupported scheme %q (want redis, rediss, unix, redis+cluster, rediss+cluster, redis+sentinel or rediss+sentinel)", shown, u.Scheme)
	}
	if cluster && u.Scheme == "unix" {
		return nil, fmt.Errorf("cache/redis: %s: a cluster cannot be reached over a unix socket", shown)
	}

	s := &Store{prefix: opts.KeyPrefix}
	if s.prefix == "" {
		s.prefix = DefaultKeyPrefix
	}
	if sentinel {
		o, err := failoverOptions(u)
		if err != nil {
			return nil, fmt.Errorf("cache/redis: %s: %w", shown, err)
		}
		tune(&o.DialTimeout, opts.DialTimeout, DefaultDialTimeout)
		tune(&o.ReadTimeout, opts.ReadTimeout, DefaultReadTimeout)
		tune(&o.WriteTimeout, opts.WriteTimeout, DefaultWriteTimeout)
		o.MaxRetries, o.DialerRetries = 1, 1
		if opts.PoolSize > 0 {
			o.PoolSize = opts.PoolSize
		}
		if opts.TLSConfig != nil && o.TLSConfig != nil {
			o.TLSConfig = opts.TLSConfig
		}
		o.ContextTimeoutEnabled = true
		// Asking the sentinels for the master is part of the first dial.
		s.check = 2*o.DialTimeout + o.ReadTimeout
		s.rdb = goredis.NewFailoverClient(o)
		return s, nil
	}
	if cluster {
		o, err := goredis.ParseClusterURL(u.String())
		if err != nil {
			return nil, fmt.Errorf("cache/redis: %s: %w", shown, err)
		}
		tune(&o.DialTimeout, opts.DialTimeout, DefaultDialTimeout)
		tune(&o.ReadTimeout, opts.ReadTimeout, DefaultReadTimeout)
		tune(&o.WriteTimeout, opts.WriteTimeout, DefaultWriteTimeout)
		o.MaxRetries, o.DialerRetries = 1, 1
		if o.MaxRedirects == 0 {
			o.MaxRedirects = 1 // a MOVED during resharding, once
		}
		if opts.PoolSize > 0 {
			o.PoolSize = opts.PoolSize
		}
		if opts.TLSConfig != nil && o.TLSConfig != nil {
			o.TLSConfig = opts.TLSConfig
		}
		o.ContextTimeoutEnabled = true
		s.check = o.DialTimeout + o.ReadTimeout
		s.rdb = goredis.NewClusterClient(o)
	} else {
		o, err := goredis.ParseURL(u.String())
		if err != nil {
			return nil, fmt.Errorf("cache/redis: %s: %w", shown, err)
		}
		tune(&o.DialTimeout, opts.DialTimeout, DefaultDialTimeout)
		tune(&o.ReadTimeout, opts.ReadTimeout, DefaultReadTimeout)
		tune(&o.WriteTimeout, opts.WriteTimeout, DefaultWriteTimeout)
		o.MaxRetries, o.DialerRetries = 1, 1
		if opts.PoolSize > 0 {
			o.PoolSize = opts.PoolSize
		}
		if opts.TLSConfig != nil && o.TLSConfig != nil {
			o.TLSConfig = opts.TLSConfig
		}
		o.ContextTimeoutEnabled = true
		s.check = o.DialTimeout + o.ReadTimeout
		s.rdb = goredis.NewClient(o)
	}
	return s, nil
}

// redacted is u for an error message: the user info's password and the
// value of any query parameter naming a password (password=, a Sentinel
// URL's master password) hidden.
func redacted(u *url.URL) string {
	q := u.Query()
	hidden := false
	for k := range q {
		if strings.Contains(strings.ToLower(k), "password") {
			q.Set(k, "xxxxx")
			hidden = true
		}
	}
	if !hidden {
		return u.Redacted()
	}
	u2 := *u
	u2.RawQuery = q.Encode()
	return u2.Redacted()
}

// failoverOptions reads a Sentinel URL whose scheme is already redis or
// rediss: a master name in the path ("/mymaster" or "/mymaster/2") is
// moved to master_name= and the database to db=, the form go-redis parses.
func failoverOptions(u *url.URL) (*goredis.FailoverOptions, error) {
	u2 := *u
	q := u2.Query()
	segs := strings.FieldsFunc(u2.Path, func(r rune) bool { return r == '/' })
	if len(segs) > 0 {
		if _, err := strconv.Atoi(segs[0]); err != nil { // a name, not a db
			if q.Has("master_name") {
				return nil, errors.New("master named twice, in the path and as master_name=")
			}
			q.Set("master_name", segs[0])
			segs = segs[1:]
		}
	}
	switch len(segs) {
	case 0:
	case 1:
		if q.Has("db") {
			return nil, errors.New("database named twice, in the path and as db=")
		}
		q.Set("db", segs[0])
	default:
		return nil, fmt.Errorf("path %q: want /master or /master/db", u2.Path)
	}
	if q.Get("master_name") == "" {
		return nil, errors.New("no master name (redis+sentinel://sentinel:26379/mymaster)")
	}
	u2.Path, u2.RawPath, u2.RawQuery = "", "", q.Encode()
	return goredis.ParseFailoverURL(u2.String())
}

// tune sets *dst to opt when given, else keeps the URL's value, else def.
func tune(dst *time.Duration, opt, def time.Duration) {
	switch {
	case opt != 0:
		*dst = opt
	case *dst == 0:
		*dst = def
	}
}

// Key returns the Redis key the Store uses for key: the prefix plus key.
func (s *Store) Key(key string) string { return s.prefix + key }

// Get returns the value under key, cache.ErrNotFound when the key is absent
// or expired, or an error prefixed "cache/redis:" when Redis could not
// answer in time.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	b, err := s.rdb.Get(ctx, s.Key(key)).Bytes()
	if errors.Is(err, goredis.Nil) {
		return nil, cache.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("cache/redis: get %q: %w", key, err)
	}
	return b, nil
}

// Set stores value under key for ttl (ttl <= 0: no expiry; Redis keeps
// expiry in milliseconds, so a positive ttl is rounded up to at least 1ms).
func (s *Store) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	switch {
	case ttl <= 0:
		ttl = 0
	case ttl < time.Millisecond:
		ttl = time.Millisecond
	}
	if err := s.rdb.Set(ctx, s.Key(key), value, ttl).Err(); err != nil {
		return fmt.Errorf("cache/redis: set %q: %w", key, err)
	}
	return nil
}

// Delete removes key; deleting an absent key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := s.rdb.Del(ctx, s.Key(key)).Err(); err != nil {
		return fmt.Errorf("cache/redis: delete %q: %w", key, err)
	}
	return nil
}

// Check sends PING (to every master, for a cluster) and returns nil when
// Redis answers within the dial plus read timeout.
func (s *Store) Check(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.check)
	defer cancel()
	var err error
	if cc, ok := s.rdb.(*goredis.ClusterClient); ok {
		err = cc.ForEachMaster(ctx, func(ctx context.Context, c *goredis.Client) error {
			return c.Ping(ctx).Err()
		})
	} else {
		err = s.rdb.Ping(ctx).Err()
	}
	if err != nil {
		return fmt.Errorf("cache/redis: ping: %w", err)
	}
	return nil
}

// Close releases the Store's connections. The Store must not be used after.
func (s *Store) Close() error {
	if err := s.rdb.Close(); err != nil {
		return fmt.Errorf("cache/redis: close: %w", err)
	}
	return nil
}

var _ cache.Leaser = (*Store)(nil)

// Lease takes the lease named key (under the Store's prefix) for ttl with
// SET NX PX and a random token (github.com/bsm/redislock); Release is a
// compare-and-delete and Extend a compare-and-pexpire, both Lua scripts, so
// a holder never touches a lease that expired and was taken by another. In
// a Redis Cluster, keys that share a hash tag ("{v2:feed:x}" and
// "{v2:feed:x}:lease") live on one slot: the prefix stands before the tag.
func (s *Store) Lease(ctx context.Context, key string, ttl time.Duration) (cache.Lease, error) {
	l, err := redislock.New(s.rdb).Obtain(ctx, s.Key(key), ttl, nil)
	switch {
	case errors.Is(err, redislock.ErrNotObtained):
		return nil, cache.ErrLeaseHeld
	case err != nil:
		return nil, fmt.Errorf("cache/redis: lease %q: %w", key, err)
	}
	return lease{l}, nil
}

type lease struct{ l *redislock.Lock }

func (l lease) Extend(ctx context.Context, ttl time.Duration) error {
	err := l.l.Refresh(ctx, ttl, nil)
	if errors.Is(err, redislock.ErrNotObtained) {
		return fmt.Errorf("cache/redis: %w", cache.ErrLeaseLost)
	}
	if err != nil {
		return fmt.Errorf("cache/redis: extend lease: %w", err)
	}
	return nil
}

func (l lease) Release(ctx context.Context) error {
	err := l.l.Release(ctx)
	if err != nil && !errors.Is(err, redislock.ErrLockNotHeld) {
		return fmt.Errorf("cache/redis: release lease: %w", err)
	}
	return nil
}

var _ cache.Broadcaster = (*Store)(nil)

// Publish sends msg on channel (under the key prefix) with PUBLISH; in a
// Redis Cluster it reaches the subscribers on every node.
func (s *Store) Publish(ctx context.Context, channel string, msg []byte) error {
	if err := s.rdb.Publish(ctx, s.Key(channel), msg).Err(); err != nil {
		return fmt.Errorf("cache/redis: publish %q: %w", channel, err)
	}
	return nil
}

// Subscribe subscribes to channel (under the key prefix) and calls fn with
// each message until ctx ends. go-redis re-subscribes after a lost
// connection, and after a failover to the new master.
func (s *Store) Subscribe(ctx context.Context, channel string, fn func(msg []byte)) error {
	ps := s.rdb.Subscribe(ctx, s.Key(channel))
	c, cancel := context.WithTimeout(ctx, s.check)
	_, err := ps.Receive(c) // the subscription's confirmation
	cancel()
	go func() {
		defer ps.Close()
		msgs := ps.Channel()
		for {
			select {
			case <-ctx.Done():
				return
			case m, ok := <-msgs:
				if !ok {
					return
				}
				fn([]byte(m.Payload))
			}
		}
	}()
	if err != nil {
		return fmt.Errorf("cache/redis: subscribe %q: %w", channel, err)
	}
	return nil
}
