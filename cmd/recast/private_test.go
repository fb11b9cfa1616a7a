package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// A private feed end to end: recast authenticates upstream with secrets
// from a file, the environment and the config; it serves the feed only at
// /feeds/NAME/TOKEN, marked private for CDNs, listed nowhere; no secret is
// in a response, the log or --print-config.
func TestPrivateFeed(t *testing.T) {
	var denied atomic.Int32
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, _ := r.BasicAuth()
		if user != "alice" || pass != "pw-from-file-77" || r.Header.Get("X-Api-Key") != "key-from-env-88" || r.URL.Query().Get("auth") != "query-value-99" {
			denied.Add(1)
			http.Error(w, "who are you", http.StatusUnauthorized)
			return
		}
		w.Write([]byte(feedXML))
	}))
	t.Cleanup(up.Close)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "pw"), []byte("pw-from-file-77\n"), 0o600)
	const token = "listener-token-0123456789"
	os.WriteFile(filepath.Join(dir, "token"), []byte(token+"\n"), 0o600)
	file := filepath.Join(dir, "recast.yaml")
	os.WriteFile(file, []byte(`feeds:
  - name: members
    url: `+up.URL+`/feed.xml
    upstream:
      username: alice
      password: {file: `+filepath.Join(dir, "pw")+`}
      headers: {X-Api-Key: {env: MEMBERS_KEY}}
      query: {auth: query-value-99}
    token: {file: `+filepath.Join(dir, "token")+`}
  - name: open
    url: `+up.URL+`/public.xml
`), 0o644)
	environ := map[string]string{"MEMBERS_KEY": "key-from-env-88"}
	s := startServe(t, environ, "--config", file, "--data-dir", t.TempDir(), "--public-url", "http://recast.test")
	secrets := []string{"pw-from-file-77", "key-from-env-88", "query-value-99", token}

	res, body := s.get(t, "/feeds/members/"+token)
	if res.StatusCode != 200 {
		t.Fatalf("with the token: %d %s (upstream denied %d)", res.StatusCode, body, denied.Load())
	}
	if cc := res.Header.Get("Cache-Control"); !strings.HasPrefix(cc, "private, max-age=") {
		t.Errorf("Cache-Control %q, want private", cc)
	}
	if res.Header.Get("Surrogate-Key") != "" || res.Header.Get("Cache-Tag") != "" {
		t.Errorf("a private feed carries surrogate keys: %q %q", res.Header.Get("Surrogate-Key"), res.Header.Get("Cache-Tag"))
	}
	if !bytes.Contains(body, []byte(`href="http://recast.test/feeds/members/`+token+`"`)) {
		t.Errorf("the self link does not carry the token:\n%.400s", body)
	}
	for _, p := range []string{"/feeds/members", "/feeds/members/wrong-token-0123456789", "/feeds/members/" + token[:len(token)-1], "/feeds/open/" + token} {
		if res, _ := s.get(t, p); res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}
	// The public feed is served as ever; the upstream refuses it (it has no
	// credentials): the error names no secret.
	res, body = s.get(t, "/feeds/open")
	if res.StatusCode != http.StatusBadGateway {
		t.Errorf("/feeds/open: %d", res.StatusCode)
	}
	for _, p := range []string{"/opml", "/"} {
		_, b := s.get(t, p)
		if bytes.Contains(b, []byte("members")) {
			t.Errorf("%s lists the private feed:\n%s", p, b)
		}
		body = append(body, b...)
	}
	var printed bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &printed, stderr: &printed, getenv: func(k string) string { return environ[k] }}
	if code := runServe(context.Background(), []string{"--config", file, "--print-config"}, e, nil); code != 0 {
		t.Fatalf("--print-config: %d %s", code, printed.String())
	}
	s.stop()
	for _, secret := range secrets {
		for what, text := range map[string]string{"a response": string(body), "the log": s.stderr.String(), "--print-config": printed.String()} {
			if strings.Contains(text, secret) {
				t.Errorf("%s shows %q", what, secret)
			}
		}
	}
	if !strings.Contains(s.stderr.String(), "/feeds/members/REDACTED") {
		t.Errorf("the access log does not show the private path redacted:\n%s", s.stderr.String())
	}
}
