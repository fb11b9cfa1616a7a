//go:build unix

package disk

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestGuardFault checks that a fault on a memory map (here a read past the
// end of a truncated file, SIGBUS) becomes an error, not a crash.
func TestGuardFault(t *testing.T) {
	path := filepath.Join(t.TempDir(), "short")
	if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const size = 4 * 65536
	m, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(m)

	var b byte
	err = guard(func() error {
		b = m[size-1] // past the end of the file
		return nil
	})
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("guard = %v (read %d), want ErrCorrupt", err, b)
	}
	t.Logf("guard: %v", err)
}
