package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recast sign prints the open-mode URL recast serve answers for a feed;
// without a key it says open mode is off; a short key is refused.
func TestSignAndServeOpen(t *testing.T) {
	up, hits := feedUpstream(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "recast.yaml")
	host := strings.TrimPrefix(up.URL, "http://")
	os.WriteFile(file, []byte("fetch:\n  allow_private: [\""+host+"\"]\nopen:\n  key_file: "+filepath.Join(dir, "key")+"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "key"), []byte("a-key-of-more-than-32-characters-for-tests\n"), 0o600)
	s := startServe(t, nil, "--config", file, "--data-dir", t.TempDir(), "--public-url", "http://recast.test")

	sign := func(environ map[string]string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return environ[k] }}
		code := run(context.Background(), append([]string{"sign"}, args...), e)
		return code, strings.TrimSpace(out.String()), errb.String()
	}
	code, signed, errs := sign(nil, "--config", file, "--public-url", "http://recast.test", up.URL+"/feed.xml")
	if code != 0 || !strings.HasPrefix(signed, "http://recast.test/open/") {
		t.Fatalf("sign: %d %q %q", code, signed, errs)
	}
	path := strings.TrimPrefix(signed, "http://recast.test")
	res, body := s.get(t, path)
	if res.StatusCode != 200 || !bytes.Contains(body, []byte(`href="`+signed+`"`)) {
		t.Fatalf("signed path: %d %.300s", res.StatusCode, body)
	}
	if hits.Load() != 1 {
		t.Errorf("%d upstream requests, want 1", hits.Load())
	}
	if res, _ := s.get(t, path[:len(path)-2]+"AA"); res.StatusCode != 403 || hits.Load() != 1 {
		t.Errorf("a changed URL under the signature: %d after %d upstream requests, want 403 and none", res.StatusCode, hits.Load())
	}
	if code, _, errs := sign(nil, up.URL+"/feed.xml"); code != 1 || !strings.Contains(errs, "open mode is off") {
		t.Errorf("sign without a key: %d %q", code, errs)
	}
	if code, _, errs := sign(map[string]string{"RECAST_OPEN_KEY": "short"}, up.URL); code != 1 || !strings.Contains(errs, "open.key") || strings.Contains(errs, "short") {
		t.Errorf("sign with a short key: %d %q (must name the setting, not the key)", code, errs)
	}
	if code, _, _ := sign(nil, "ftp://example.invalid/feed"); code != 2 {
		t.Errorf("sign of an ftp URL: exit %d, want 2", code)
	}
}
