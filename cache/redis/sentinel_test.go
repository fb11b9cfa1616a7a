package redis

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

func TestSentinelURLs(t *testing.T) {
	tests := map[string]struct {
		url       string
		master    string
		sentinels []string
		db        int
		user, pw  string // the sentinels'
		masterPW  string
		tls       bool
		wantErr   string
	}{
		"master in path": {
			url: "redis+sentinel://127.0.0.1:26379/mymaster", master: "mymaster",
			sentinels: []string{"127.0.0.1:26379"},
		},
		"master and db in path, more sentinels": {
			url: "redis+sentinel://s1:26379/cache/3?addr=s2:26379&addr=s3:26380", master: "cache", db: 3,
			sentinels: []string{"s1:26379", "s2:26379", "s3:26380"},
		},
		"go-redis form": {
			url: "rediss+sentinel://u:spw@s1?master_name=m&db=1&password=mpw", master: "m", db: 1,
			sentinels: []string{"s1:6379"}, user: "u", pw: "spw", masterPW: "mpw", tls: true,
		},
		"no master":              {url: "redis+sentinel://s1:26379", wantErr: "no master name"},
		"master twice":           {url: "redis+sentinel://s1/m?master_name=n", wantErr: "master named twice"},
		"db twice":               {url: "redis+sentinel://s1/m/1?db=2", wantErr: "database named twice"},
		"too deep":               {url: "redis+sentinel://s1/m/1/x", wantErr: "want /master or /master/db"},
		"unknown option":         {url: "redis+sentinel://s1/m?frobnicate=1", wantErr: "frobnicate"},
		"password hidden":        {url: "redis+sentinel://u:hunter2@s1/m?frobnicate=1", wantErr: "xxxxx"},
		"master password hidden": {url: "redis+sentinel://s1/m?password=hunter2&frobnicate=1", wantErr: "password=xxxxx"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := New(tc.url, Options{})
			if tc.wantErr != "" {
				if err == nil {
					s.Close()
					t.Fatalf("New accepted %s", tc.url)
				}
				if !strings.Contains(err.Error(), tc.wantErr) || strings.Contains(err.Error(), "hunter2") {
					t.Errorf("error %q: want %q and no password", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			s.Close()
			u, _ := url.Parse(tc.url)
			u.Scheme = strings.TrimSuffix(u.Scheme, "+sentinel")
			o, err := failoverOptions(u)
			if err != nil {
				t.Fatal(err)
			}
			if o.MasterName != tc.master || !slices.Equal(o.SentinelAddrs, tc.sentinels) || o.DB != tc.db ||
				o.SentinelUsername != tc.user || o.SentinelPassword != tc.pw || o.Password != tc.masterPW || (o.TLSConfig != nil) != tc.tls {
				t.Errorf("options: master %q sentinels %v db %d sentinel auth %q/%q master pw %q tls %v",
					o.MasterName, o.SentinelAddrs, o.DB, o.SentinelUsername, o.SentinelPassword, o.Password, o.TLSConfig != nil)
			}
		})
	}
}

// TestSentinelFailover runs a master, a replica and a sentinel on loopback
// (RECAST_REDIS_SERVER, as scripts/test.sh sets it), writes through the
// Sentinel URL, kills the master and checks that the Store finds the
// promoted replica with the data and the lease working.
func TestSentinelFailover(t *testing.T) {
	bin := os.Getenv("RECAST_REDIS_SERVER")
	if bin == "" {
		msg := "SKIP: no redis-server to start: set RECAST_REDIS_SERVER"
		if os.Getenv("RECAST_REQUIRE_REDIS") == "1" {
			t.Fatal(msg + " (RECAST_REQUIRE_REDIS=1)")
		}
		t.Skip(msg)
	}
	dir := t.TempDir()
	master := startRedis(t, bin, dir, "master")
	replica := startRedis(t, bin, dir, "replica", "--replicaof", "127.0.0.1", strconv.Itoa(master.port))
	conf := filepath.Join(dir, "sentinel.conf")
	sport := freePort(t)
	os.WriteFile(conf, []byte(fmt.Sprintf("port %d\nbind 127.0.0.1\ndir %s\n"+
		"sentinel monitor m 127.0.0.1 %d 1\nsentinel down-after-milliseconds m 500\nsentinel failover-timeout m 2000\n",
		sport, dir, master.port)), 0o600)
	startProcess(t, bin, conf, "--sentinel")
	waitPing(t, sport)

	ctx := context.Background()
	s, err := New(fmt.Sprintf("redis+sentinel://127.0.0.1:%d/m", sport), Options{KeyPrefix: "sentinel-test:"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(ctx); err != nil {
		t.Fatalf("Check through the sentinel: %v", err)
	}
	if err := s.Set(ctx, "k", []byte("before failover"), time.Minute); err != nil {
		t.Fatal(err)
	}
	// The replica must have the write before its master goes. Its first
	// sync is a full one, slow on a loaded machine: a generous wait (a poll,
	// so it costs nothing when the copy is quick).
	rc := goredis.NewClient(&goredis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", replica.port)})
	defer rc.Close()
	waitFor(t, 30*time.Second, "the replica to copy the write", func() bool {
		v, _ := rc.Get(ctx, "sentinel-test:k").Result()
		return v == "before failover"
	})

	master.cmd.Process.Kill()
	master.cmd.Wait()
	waitFor(t, 20*time.Second, "the store to reach the promoted replica", func() bool {
		c, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		return s.Set(c, "k2", []byte("after failover"), time.Minute) == nil
	})
	if b, err := s.Get(ctx, "k"); err != nil || string(b) != "before failover" {
		t.Errorf("Get after failover = %q, %v", b, err)
	}
	if role, _ := rc.Do(ctx, "ROLE").Slice(); len(role) == 0 || role[0] != "master" {
		t.Errorf("replica's role after failover = %v, want master", role)
	}
	l, err := s.Lease(ctx, "{f}:lease", 5*time.Second)
	if err != nil {
		t.Fatalf("Lease after failover: %v", err)
	}
	if _, err := s.Lease(ctx, "{f}:lease", 5*time.Second); err == nil {
		t.Error("a second Lease on the held key succeeded")
	}
	if err := l.Release(ctx); err != nil {
		t.Error(err)
	}
}

type redisProc struct {
	cmd  *exec.Cmd
	port int
}

func startRedis(t *testing.T, bin, dir, name string, args ...string) redisProc {
	t.Helper()
	port := freePort(t)
	d := filepath.Join(dir, name)
	os.MkdirAll(d, 0o700)
	cmd := startProcess(t, bin, append([]string{"--bind", "127.0.0.1", "--port", strconv.Itoa(port),
		"--save", "", "--appendonly", "no", "--dir", d}, args...)...)
	waitPing(t, port)
	return redisProc{cmd, port}
}

func startProcess(t *testing.T, bin string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitPing(t *testing.T, port int) {
	t.Helper()
	c := goredis.NewClient(&goredis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", port)})
	defer c.Close()
	waitFor(t, 5*time.Second, fmt.Sprintf("redis on port %d", port), func() bool {
		return c.Ping(context.Background()).Err() == nil
	})
}

func waitFor(t *testing.T, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal(errors.New("timed out waiting for " + what))
		}
		time.Sleep(50 * time.Millisecond)
	}
}
