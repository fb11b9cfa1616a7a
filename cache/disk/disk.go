// Package disk is recast's embedded on-disk cache.Store, for a `recast serve`
// without Redis: a restart serves the feeds it had instead of refetching and
// re-enriching every one of them.
//
// The store is one file, recast.db, in the directory given to Open, written
// with bbolt (go.etcd.io/bbolt): an embedded, well-kept, pure-Go B+tree
// store (etcd's) with one file, no background processes and crash-safe
// copy-on-write transactions. A read is a copy out of the memory map.
//
// # Layout
//
// Bucket "values" maps a cache key to a 17-byte header and the value:
//
//	version  1                       1 byte
//	expires  unix nanoseconds        8 bytes, big-endian; 0 = never
//	seq      write sequence number   8 bytes, big-endian
//
// Bucket "order" maps seq (8 bytes, big-endian) back to the key, so the
// oldest-written key is the first in "order". A value with another header
// version reads as absent and is swept.
//
// # Durability
//
// Every Set and Delete is its own transaction and is fsynced on commit
// (bbolt's default). A cache could afford to lose its last second of
// writes, but bbolt's NoSync does not mean that: it lets the OS write the
// meta page before the pages it points to, so a power loss or kernel crash
// can leave a file that will not open. Writes here are rare (one per feed
// refresh, off the serving path), so the few milliseconds of fsync are
// cheap. A killed process (kill -9) loses nothing committed. The freelist
// is synced too (NoFreelistSync is off): skipping it would save a page
// write per commit but make Open rebuild it by a scan that bbolt runs on a
// goroutine of its own, where a damaged file would crash the process
// instead of failing Open. The freelist is the hashmap kind, which finds
// the runs of free pages a 600 KB value needs without a linear scan.
//
// # Locking
//
// bbolt takes an exclusive flock on the file for as long as it is open:
// one process at a time. Open waits Options.LockTimeout for it, then fails
// with an error wrapping ErrLocked; the caller falls back to cache/memory.
//
// # Corruption
//
// A file that is not a bbolt database, or is truncated or damaged, makes
// Open fail with an error wrapping ErrCorrupt, never panic: Open reads every
// key's header, and faults on the memory map and bbolt's panics on bad pages
// are turned into errors (a failed Open of such a file leaks its small
// memory map). The file is left in place for the caller to remove (Path)
// if it wants a fresh cache. A fault found later, by Get, Set, Delete or
// Sweep, is returned the same way and makes Check fail from then on. One
// gap remains: a file written with NoFreelistSync by another program makes
// bbolt scan it on a goroutine of its own, where damage would crash.
//
// # Expiry and the byte bound
//
// Get of an expired key returns cache.ErrNotFound without writing; the key
// stays on disk until Sweep, which Open runs once and the caller may run
// periodically (there is no goroutine), or until the byte bound evicts it.
// With Options.MaxBytes set, Set evicts the oldest-written keys until the
// keys plus values are within it (not the least recently read: a read does
// not write). The file itself is larger than Size — page headers, free
// pages — and bbolt never shrinks it; it grows to about its high-water mark.
package disk

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/recast-podcast/recast/cache"
)

var (
	_ cache.Store   = (*Store)(nil)
	_ cache.Checker = (*Store)(nil)
)

// FileName is the name of the database file in the directory given to Open.
const FileName = "recast.db"

// DefaultLockTimeout is how long Open waits for another process's lock when
// Options.LockTimeout is zero.
const DefaultLockTimeout = time.Second

var (
	// ErrLocked is wrapped by Open when another process holds the file.
	ErrLocked = errors.New("disk: cache file locked by another process")
	// ErrCorrupt is wrapped by Open, and by any method that met a damaged
	// page, when the file is not a usable bbolt database.
	ErrCorrupt = errors.New("disk: cache file corrupt")
	// ErrClosed is wrapped by methods called after Close.
	ErrClosed = errors.New("disk: store closed")
)

// Options configure Open. The zero value is an unbounded store that waits
// DefaultLockTimeout for the lock.
type Options struct {
	// MaxBytes bounds the keys plus values held; Set evicts the
	// oldest-written keys to stay within it, and does not store a key plus
	// value larger than it. 0: unbounded.
	MaxBytes int64
	// LockTimeout is how long Open waits while another process holds the
	// file. 0: DefaultLockTimeout.
	LockTimeout time.Duration
	// Now returns the current time for expiry decisions. nil: time.Now.
	Now func() time.Time
}

// Store is a cache.Store in a bbolt file. The zero value is not usable; call
// Open. Safe for concurrent use.
type Store struct {
	db       *bolt.DB
	file     *os.File // the handle bbolt opened, to tell whether the path still names it
	path     string
	maxBytes int64
	now      func() time.Time

	// wmu serializes writers (bbolt does too) so that n and size, which
	// change after a commit, match what is committed.
	wmu  sync.Mutex
	n    atomic.Int64 // keys held, expired ones not yet swept included
	size atomic.Int64 // sum of len(key)+len(value) over them

	writeErr atomic.Pointer[error] // the last write's error; nil after a success
	corrupt  atomic.Pointer[error] // the first corruption met; never cleared
	closed   atomic.Bool
}

var (
	valuesBucket = []byte("values")
	orderBucket  = []byte("order")
)

const (
	headerVersion = 1
	headerSize    = 1 + 8 + 8
)

// Open opens, or creates, the store in dir: it creates dir (0o750) if
// missing and the file FileName (0o600) in it, then sweeps expired keys.
//
// It returns an error wrapping ErrLocked when another process holds the
// file for longer than opts.LockTimeout, and one wrapping ErrCorrupt when
// the file is not a usable bbolt database (it never panics on one).
func Open(dir string, opts Options) (s *Store, err error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("disk: open: %w", err)
	}
	path := filepath.Join(dir, FileName)
	timeout := opts.LockTimeout
	if timeout <= 0 {
		timeout = DefaultLockTimeout
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}

	// bbolt closes its file when Open returns an error, but not when it
	// panics: keep the handle to close it (and release the lock) then.
	var file *os.File
	openFile := func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		file = f
		return f, err
	}
	var db *bolt.DB
	defer func() {
		if err == nil {
			return
		}
		switch {
		case db != nil:
			_ = db.Close()
		case file != nil:
			// The memory map bbolt made keeps the open file, and so its
			// lock, alive after Close: unlock first. The map itself leaks.
			unlock(file)
			_ = file.Close()
		}
	}()

	err = guard(func() error {
		var err error
		db, err = bolt.Open(path, 0o600, &bolt.Options{
			Timeout:      timeout,
			FreelistType: bolt.FreelistMapType,
			OpenFile:     openFile,
		})
		return err
	})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("disk: open %s: %w (waited %s)", path, ErrLocked, timeout)
	case errors.Is(err, ErrCorrupt) || (err != nil && isIOError(err)):
		return nil, fmt.Errorf("disk: open %s: %w", path, err)
	case err != nil:
		return nil, fmt.Errorf("disk: open %s: %w: %w", path, ErrCorrupt, err)
	}

	s = &Store{db: db, file: file, path: path, maxBytes: opts.MaxBytes, now: now}
	if err := s.init(); err != nil {
		return nil, fmt.Errorf("disk: open %s: %w", path, err)
	}
	if _, err := s.Sweep(context.Background()); err != nil {
		return nil, fmt.Errorf("disk: open %s: %w", path, err)
	}
	return s, nil
}

// isIOError reports whether err came from the operating system (permission,
// disk) rather than from bbolt reading the file's contents.
func isIOError(err error) bool {
	var pe *fs.PathError
	var errno syscall.Errno
	return errors.As(err, &pe) || errors.As(err, &errno)
}

// init checks the file against the size its meta page claims, creates the
// buckets and counts what they hold.
func (s *Store) init() error {
	info, err := s.file.Stat()
	if err != nil {
		return err
	}
	err = guard(func() error {
		if err := s.db.View(func(tx *bolt.Tx) error {
			if tx.Size() > info.Size() {
				return fmt.Errorf("%w: file is %d bytes, its meta page says %d (truncated)", ErrCorrupt, info.Size(), tx.Size())
			}
			return nil
		}); err != nil {
			return err
		}
		return s.db.Update(func(tx *bolt.Tx) error {
			if _, err := tx.CreateBucketIfNotExists(valuesBucket); err != nil {
				return err
			}
			_, err := tx.CreateBucketIfNotExists(orderBucket)
			return err
		})
	})
	if err != nil {
		return wrapCorrupt(err)
	}
	var n, size int64
	err = guard(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			return tx.Bucket(valuesBucket).ForEach(func(k, v []byte) error {
				n++
				size += int64(len(k) + len(v) - min(len(v), headerSize))
				return nil
			})
		})
	})
	if err != nil {
		return wrapCorrupt(err)
	}
	s.n.Store(n)
	s.size.Store(size)
	return nil
}

// wrapCorrupt wraps bbolt's errors about a bad file in ErrCorrupt.
func wrapCorrupt(err error) error {
	if errors.Is(err, ErrCorrupt) || isIOError(err) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrCorrupt, err)
}

// guard runs fn, turning a fault on the memory map (a truncated file) and a
// bbolt panic on a damaged page into an error wrapping ErrCorrupt. bbolt's
// View and Update roll back their transaction on a panic.
func guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrCorrupt, p)
		}
	}()
	return fn()
}

// run is guard for the methods: it maps bbolt's closed-database error to
// ErrClosed and remembers corruption for Check.
func (s *Store) run(fn func() error) error {
	if s.closed.Load() {
		return ErrClosed
	}
	err := guard(fn)
	switch {
	case errors.Is(err, berrors.ErrDatabaseNotOpen):
		return ErrClosed
	case errors.Is(err, ErrCorrupt):
		s.corrupt.CompareAndSwap(nil, &err)
	}
	return err
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// header is the prefix of every stored value.
type header struct {
	expires int64 // unix nanoseconds; 0: never
	seq     uint64
}

func parseHeader(v []byte) (header, bool) {
	if len(v) < headerSize || v[0] != headerVersion {
		return header{}, false
	}
	return header{
		expires: int64(binary.BigEndian.Uint64(v[1:9])),
		seq:     binary.BigEndian.Uint64(v[9:17]),
	}, true
}

func (h header) expired(now time.Time) bool {
	return h.expires != 0 && now.UnixNano() >= h.expires
}

// Get returns a copy of the value stored under key, or cache.ErrNotFound
// when it is absent or expired; an expired key is left for Sweep. It returns
// ErrClosed after Close and an error wrapping ErrCorrupt for a damaged page.
// The context is consulted only before the read.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("disk: get: %w", err)
	}
	var out []byte
	err := s.run(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			v := tx.Bucket(valuesBucket).Get([]byte(key))
			if v == nil {
				return cache.ErrNotFound
			}
			h, ok := parseHeader(v)
			if !ok || h.expired(s.now()) {
				return cache.ErrNotFound
			}
			// v lives in the memory map only until the transaction ends.
			out = bytes.Clone(v[headerSize:])
			return nil
		})
	})
	switch {
	case errors.Is(err, cache.ErrNotFound):
		return nil, cache.ErrNotFound
	case err != nil:
		return nil, fmt.Errorf("disk: get: %w", err)
	}
	return out, nil
}

// Set stores value under key for ttl (ttl <= 0: no expiry), replacing any
// previous value, and commits (fsync) before returning. With a byte bound it
// then evicts the oldest-written keys until the keys plus values are within
// it; a key plus value larger than the bound is not stored and any previous
// value under key is removed, without error. It fails for an empty key, a
// key over bbolt's 32 KB limit, a full disk, after Close (ErrClosed) and on
// a damaged page (ErrCorrupt). The context is consulted only before the
// write. The store copies value.
func (s *Store) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("disk: set: %w", err)
	}
	var expires int64
	if ttl > 0 {
		expires = s.now().Add(ttl).UnixNano()
	}
	k := []byte(key)
	n := int64(len(k) + len(value))
	store := s.maxBytes <= 0 || n <= s.maxBytes

	s.wmu.Lock()
	defer s.wmu.Unlock()
	var dn, dsize int64
	err := s.run(func() error {
		return s.db.Update(func(tx *bolt.Tx) error {
			dn, dsize = 0, 0
			values, order := tx.Bucket(valuesBucket), tx.Bucket(orderBucket)
			if old := values.Get(k); old != nil {
				if err := deleteKey(values, order, k, old); err != nil {
					return err
				}
				dn--
				dsize -= int64(len(k) + len(old) - min(len(old), headerSize))
			}
			if !store {
				return nil
			}
			seq, err := order.NextSequence()
			if err != nil {
				return err
			}
			v := make([]byte, headerSize+len(value))
			v[0] = headerVersion
			binary.BigEndian.PutUint64(v[1:9], uint64(expires))
			binary.BigEndian.PutUint64(v[9:17], seq)
			copy(v[headerSize:], value)
			if err := values.Put(k, v); err != nil {
				return err
			}
			if err := order.Put(binary.BigEndian.AppendUint64(nil, seq), k); err != nil {
				return err
			}
			dn++
			dsize += n
			// Evict the oldest-written until within the bound; the key
			// just written is the newest and fits, so it stays.
			c := order.Cursor()
			for seq, ek := c.First(); seq != nil && s.maxBytes > 0 && s.size.Load()+dsize > s.maxBytes; seq, ek = c.First() {
				ev := values.Get(ek)
				if err := c.Delete(); err != nil {
					return err
				}
				if ev == nil {
					continue
				}
				dn--
				dsize -= int64(len(ek) + len(ev) - min(len(ev), headerSize))
				if err := values.Delete(ek); err != nil {
					return err
				}
			}
			return nil
		})
	})
	s.wrote(err)
	if err != nil {
		return fmt.Errorf("disk: set %q: %w", key, err)
	}
	s.n.Add(dn)
	s.size.Add(dsize)
	return nil
}

// deleteKey removes k, whose stored value is v, from both buckets.
func deleteKey(values, order *bolt.Bucket, k, v []byte) error {
	if h, ok := parseHeader(v); ok {
		if err := order.Delete(binary.BigEndian.AppendUint64(nil, h.seq)); err != nil {
			return err
		}
	}
	return values.Delete(k)
}

// wrote records the outcome of a write for Check.
func (s *Store) wrote(err error) {
	if err == nil {
		s.writeErr.Store(nil)
		return
	}
	if !errors.Is(err, ErrClosed) {
		s.writeErr.Store(&err)
	}
}

// Delete removes key and commits; deleting an absent key is not an error
// and writes nothing.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("disk: delete: %w", err)
	}
	k := []byte(key)
	s.wmu.Lock()
	defer s.wmu.Unlock()
	var found bool
	var dsize int64
	err := s.run(func() error {
		// Look first: an Update that changes nothing still costs an fsync.
		if err := s.db.View(func(tx *bolt.Tx) error {
			found = tx.Bucket(valuesBucket).Get(k) != nil
			return nil
		}); err != nil || !found {
			return err
		}
		return s.db.Update(func(tx *bolt.Tx) error {
			values, order := tx.Bucket(valuesBucket), tx.Bucket(orderBucket)
			old := values.Get(k)
			dsize = int64(len(k) + len(old) - min(len(old), headerSize))
			return deleteKey(values, order, k, old)
		})
	})
	if err != nil {
		s.wrote(err)
		return fmt.Errorf("disk: delete %q: %w", key, err)
	}
	if found {
		s.wrote(nil)
		s.n.Add(-1)
		s.size.Add(-dsize)
	}
	return nil
}

// sweepBatch is how many keys one of Sweep's transactions deletes, so that a
// long sweep does not hold the writer lock for long.
const sweepBatch = 1000

// Sweep removes the expired keys (and values in a header format this
// version does not know), and reports how many it removed. Open runs it
// once; the caller may run it periodically. It stops between batches when
// ctx is done, returning ctx's error.
func (s *Store) Sweep(ctx context.Context) (int, error) {
	var doomed [][]byte
	err := s.run(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			now := s.now()
			return tx.Bucket(valuesBucket).ForEach(func(k, v []byte) error {
				if h, ok := parseHeader(v); !ok || h.expired(now) {
					doomed = append(doomed, bytes.Clone(k))
				}
				return nil
			})
		})
	})
	if err != nil {
		return 0, fmt.Errorf("disk: sweep: %w", err)
	}
	removed := 0
	for len(doomed) > 0 {
		if err := ctx.Err(); err != nil {
			return removed, fmt.Errorf("disk: sweep: %w", err)
		}
		batch := doomed[:min(sweepBatch, len(doomed))]
		doomed = doomed[len(batch):]
		n, err := s.sweep(batch)
		removed += n
		if err != nil {
			return removed, fmt.Errorf("disk: sweep: %w", err)
		}
	}
	return removed, nil
}

// sweep deletes those of keys that are still expired.
func (s *Store) sweep(keys [][]byte) (int, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	var dn, dsize int64
	err := s.run(func() error {
		return s.db.Update(func(tx *bolt.Tx) error {
			dn, dsize = 0, 0
			now := s.now()
			values, order := tx.Bucket(valuesBucket), tx.Bucket(orderBucket)
			for _, k := range keys {
				v := values.Get(k)
				if v == nil {
					continue
				}
				if h, ok := parseHeader(v); ok && !h.expired(now) {
					continue // rewritten since the scan
				}
				size := int64(len(k) + len(v) - min(len(v), headerSize))
				if err := deleteKey(values, order, k, v); err != nil {
					return err
				}
				dn--
				dsize -= size
			}
			return nil
		})
	})
	s.wrote(err)
	if err != nil {
		return 0, err
	}
	s.n.Add(dn)
	s.size.Add(dsize)
	return int(-dn), nil
}

// Len reports how many keys the store holds, expired ones not yet swept
// included.
func (s *Store) Len() int { return int(s.n.Load()) }

// Size reports the bytes of keys plus values the store holds, against
// Options.MaxBytes. The file is larger.
func (s *Store) Size() int64 { return s.size.Load() }

// Check reports whether the store is usable: ErrClosed after Close, an error
// wrapping ErrCorrupt once a damaged page was met, the last write's error
// while writes fail (a full disk), an error when the path no longer names
// the open file (removed or replaced: what is written would be lost on
// restart), and nil otherwise.
func (s *Store) Check(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("disk: check: %w", err)
	}
	if s.closed.Load() {
		return fmt.Errorf("disk: check: %w", ErrClosed)
	}
	if p := s.corrupt.Load(); p != nil {
		return fmt.Errorf("disk: check: %w", *p)
	}
	if p := s.writeErr.Load(); p != nil {
		return fmt.Errorf("disk: check: last write failed: %w", *p)
	}
	open, err := s.file.Stat()
	if err != nil {
		return fmt.Errorf("disk: check: %w", err)
	}
	named, err := os.Stat(s.path)
	if err != nil {
		return fmt.Errorf("disk: check: %w", err)
	}
	if !os.SameFile(open, named) {
		return fmt.Errorf("disk: check: %s was replaced while open", s.path)
	}
	return s.run(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			if tx.Bucket(valuesBucket) == nil {
				return fmt.Errorf("disk: check: %w: no values bucket", ErrCorrupt)
			}
			return nil
		})
	})
}

// Close closes the file and releases its lock, waiting for transactions
// under way. Later calls return ErrClosed; Close itself may be called again.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("disk: close: %w", err)
	}
	return nil
}
