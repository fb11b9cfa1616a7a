package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigCheck(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	token := write("token", "s3cret-token\n")
	feedFile := write("feed.xml", feedXML)
	good := write("good.yaml", "admin_token_file: "+token+"\nredis_url: 'redis://:hunter2@127.0.0.1:1/0'\nfeeds:\n  - {name: a, url: 'file://"+feedFile+"'}\n")
	bad := write("bad.yaml", "log_level: loud\nrefresh:\n  lease: 0s\nfeeds:\n  - name: a\n    url: https://feeds.example.invalid/a.xml\n    tll: 3m\n")
	invalid := write("invalid.yaml", "log_level: loud\nrefresh: {lease: 0s, concurrency: 0}\nfeeds: [{name: 'a b', url: 'ftp://x'}]\n")
	missing := write("missing.yaml", "admin_token_file: "+filepath.Join(dir, "nope")+"\nfeeds:\n  - {name: a, url: 'file://"+filepath.Join(dir, "gone.xml")+"'}\n")
	notDir := write("plainfile", "")

	tests := map[string]struct {
		args    []string
		environ map[string]string
		code    int
		stdout  []string // substrings
		stderr  []string
		never   string // in neither
	}{
		"valid, secrets redacted": {args: []string{"--config", good}, stdout: []string{"redis_url: redis://:REDACTED@127.0.0.1:1/0", "name: a"},
			stderr: []string{"ok: 1 feed, store redis redis://:REDACTED@127.0.0.1:1/0"}, never: "hunter2"},
		"quiet": {args: []string{"-q", "--config", good}, stderr: []string{"ok: 1 feed"}},
		"unknown key with its line": {args: []string{"--config", bad}, code: 1,
			stderr: []string{bad + ":7: feeds[0].tll: unknown key"}},
		"every invalid value, a line each": {args: []string{"--config", invalid}, code: 1,
			stderr: []string{"log_level: \"loud\"", "refresh.lease: must be at least 1s", "refresh.concurrency: must be at least 1", "feeds[0].name:", "feeds[0].url:"}},
		"files it names": {args: []string{"--config", missing}, code: 1,
			stderr: []string{"admin_token_file: open " + filepath.Join(dir, "nope"), "feeds[0].url: feed \"a\": stat " + filepath.Join(dir, "gone.xml")}},
		"env and flags as serve reads them": {args: []string{"-q"}, environ: map[string]string{"RECAST_LOG_LEVEL": "loud"}, code: 1, stderr: []string{"log_level: \"loud\""}},
		"flag over env":                     {args: []string{"-q", "--log-level", "debug"}, environ: map[string]string{"RECAST_LOG_LEVEL": "loud"}, stderr: []string{"ok: 1 feed, store on disk"}},
		"data dir not writable":             {args: []string{"-q", "--data-dir", filepath.Join(notDir, "sub")}, code: 1, stderr: []string{"data_dir: mkdir"}},
		"connect to a dead redis":           {args: []string{"-q", "--connect", "--config", good}, code: 1, stderr: []string{"redis_url: cache/redis: ping"}, never: "hunter2"},
		"sentinel without master":           {args: []string{"-q", "--redis-url", "redis+sentinel://127.0.0.1:1"}, code: 1, stderr: []string{"redis_url:", "no master name"}},
		"no subcommand":                     {args: nil, code: 2},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			args := []string{"config", "check"}
			if tc.args == nil {
				args = []string{"config"}
			}
			env := map[string]string{"RECAST_DATA_DIR": t.TempDir()}
			for k, v := range tc.environ {
				env[k] = v
			}
			code, out, errs := runCmd(t, "", env, append(args, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstderr: %s", code, tc.code, errs)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(errs, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errs)
				}
			}
			if tc.never != "" && (strings.Contains(out, tc.never) || strings.Contains(errs, tc.never)) {
				t.Errorf("output shows %q", tc.never)
			}
		})
	}
}
