// Package memory is recast's in-process cache.Store: a least-recently-used
// map bounded by the bytes of its keys and values, with per-key expiry.
package memory

import (
	"context"
	"sync"
	"time"

	"github.com/recast-podcast/recast/cache"
)

var _ cache.Store = (*Store)(nil)

// Store is an LRU cache bounded by bytes. The zero value is not usable; call
// New. Safe for concurrent use.
type Store struct {
	// Now returns the current time for expiry decisions. nil: time.Now.
	// Set it before the Store is shared.
	Now func() time.Time

	mu       sync.Mutex
	maxBytes int64
	size     int64             // sum of len(key)+len(value) over items
	items    map[string]*entry // key -> its node in the recency list
	root     entry             // sentinel: root.next is the most recently used
}

type entry struct {
	prev, next *entry
	key        string
	value      []byte
	expires    time.Time // zero: never
}

// New returns a Store holding at most maxBytes of keys plus values. A value
// whose key and bytes together exceed maxBytes is not stored (so with
// maxBytes <= 0 nothing is).
func New(maxBytes int64) *Store {
	s := &Store{maxBytes: maxBytes, items: make(map[string]*entry)}
	s.root.next, s.root.prev = &s.root, &s.root
	return s
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Get returns the value stored under key, or cache.ErrNotFound when it is
// absent or expired, and marks it most recently used. It runs in O(1) and
// returns the stored slice itself, not a copy: callers must not modify it.
// The context is not consulted (Get never blocks on I/O).
func (s *Store) Get(_ context.Context, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.items[key]
	if !ok {
		return nil, cache.ErrNotFound
	}
	if !e.expires.IsZero() && !s.now().Before(e.expires) {
		s.remove(e)
		return nil, cache.ErrNotFound
	}
	s.moveToFront(e)
	return e.value, nil
}

// Set stores value under key for ttl (ttl <= 0: no expiry), replacing any
// previous value, and evicts least recently used keys until the store is
// within its byte bound. A key+value larger than the bound is not stored and
// any previous value under key is removed; Set never fails. The store keeps
// value itself: callers must not modify it afterwards.
func (s *Store) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	n := int64(len(key) + len(value))
	var expires time.Time
	if ttl > 0 {
		expires = s.now().Add(ttl)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.items[key]; ok {
		s.remove(old)
	}
	if n > s.maxBytes || s.maxBytes <= 0 {
		return nil
	}
	e := &entry{key: key, value: value, expires: expires}
	s.items[key] = e
	s.size += n
	s.pushFront(e)
	for s.size > s.maxBytes {
		s.remove(s.root.prev)
	}
	return nil
}

// Delete removes key; deleting an absent key is not an error.
func (s *Store) Delete(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.items[key]; ok {
		s.remove(e)
	}
	return nil
}

// Len reports how many keys the store holds, expired ones not yet evicted
// included.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.items)
}

// Size reports the bytes of keys plus values the store holds, against the
// bound given to New.
func (s *Store) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.size
}

// remove unlinks e and forgets it; s.mu is held.
func (s *Store) remove(e *entry) {
	e.prev.next, e.next.prev = e.next, e.prev
	e.prev, e.next = nil, nil
	delete(s.items, e.key)
	s.size -= int64(len(e.key) + len(e.value))
}

func (s *Store) pushFront(e *entry) {
	e.prev, e.next = &s.root, s.root.next
	s.root.next.prev = e
	s.root.next = e
}

func (s *Store) moveToFront(e *entry) {
	if s.root.next == e {
		return
	}
	e.prev.next, e.next.prev = e.next, e.prev
	s.pushFront(e)
}
