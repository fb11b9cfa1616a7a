package main

import (
	"errors"

	"github.com/recast-podcast/recast/cache"
)

// openDisk opens the on-disk store in dir. (The bbolt store lands next.)
func openDisk(dir string) (interface {
	cache.Store
	Close() error
}, error) {
	return nil, errors.New("the on-disk store is not built in yet")
}
