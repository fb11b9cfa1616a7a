// Package testcorpus finds the real-feed corpus for tests and benchmarks.
//
// The corpus is the publishers' content and is never copied into the repo: it
// lives in shared/corpus beside the checkout (CI always has it). RECAST_CORPUS
// overrides the location.
package testcorpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the corpus directory (the one holding feeds/), or skips tb with
// a visible message when there is none.
func Dir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("RECAST_CORPUS"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		tb.Skipf("corpus: %v", err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		for _, c := range []string{filepath.Join(d, "shared", "corpus"), filepath.Join(d, "..", "shared", "corpus")} {
			if st, err := os.Stat(filepath.Join(c, "feeds")); err == nil && st.IsDir() {
				return filepath.Clean(c)
			}
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	tb.Skip("SKIP: real-feed corpus not found (../shared/corpus beside the repo, or RECAST_CORPUS); CI always has it")
	return ""
}

// Feed reads one corpus feed by file name, skipping tb when the corpus is absent.
func Feed(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(Dir(tb), "feeds", name))
	if err != nil {
		tb.Fatalf("corpus: %v", err)
	}
	return b
}

// Feeds lists the corpus feed files (full paths), skipping tb when absent.
func Feeds(tb testing.TB) []string {
	tb.Helper()
	m, err := filepath.Glob(filepath.Join(Dir(tb), "feeds", "*.xml"))
	if err != nil || len(m) == 0 {
		tb.Fatalf("corpus: no feeds in %s", Dir(tb))
	}
	return m
}

// Seed reads a file of shared/seed (the project's first example episode).
func Seed(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(Dir(tb), "..", "seed", name))
	if err != nil {
		tb.Skipf("SKIP: seed file %s not found: %v", name, err)
	}
	return b
}
