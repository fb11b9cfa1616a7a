package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/recast-podcast/recast/cache/redis"
	"github.com/recast-podcast/recast/config"
)

// runConfig runs `recast config check`: the configuration recast serve would
// run with, from the same file, environment and flags, checked without
// starting anything. It exits 0 when recast serve would start with it, 1
// with each problem on a line of its own, 2 on bad usage.
func runConfig(ctx context.Context, args []string, e env) int {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprint(e.stderr, "Usage: recast config check [flags]\n\nRun 'recast config check --help' for its flags.\n")
		return 2
	}
	fs := flag.NewFlagSet("config check", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	flags := configFlags(fs, e)
	connect := fs.Bool("connect", false, "also connect to redis_url and PING it (every master of a cluster, the master a sentinel names)")
	quiet := fs.Bool("q", false, "print problems only, not the effective configuration")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, "Usage: recast config check [flags]\n\nChecks the configuration recast serve would run with (the file, RECAST_* variables and\nthese flags), reading the files it names but starting nothing. Prints every problem with\nthe key it is at, or the effective configuration with secrets redacted.\nExit status: 0 valid, 1 problems found, 2 bad usage.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "recast config check: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	cfg, err := loadConfig(e, *flags)
	if err == nil {
		err = checkResources(ctx, cfg, *connect)
	}
	if err != nil {
		printProblems(e.stderr, err)
		return 1
	}
	if !*quiet {
		fmt.Fprint(e.stdout, cfg.Redacted())
	}
	n := fmt.Sprintf("%d feeds", len(cfg.Feeds))
	if len(cfg.Feeds) == 1 {
		n = "1 feed"
	}
	fmt.Fprintf(e.stderr, "recast config check: ok: %s, store %s\n", n, storeName(cfg))
	return 0
}

// printProblems writes each problem joined in err on a line of its own.
func printProblems(w io.Writer, err error) {
	for _, p := range config.Problems(err) {
		fmt.Fprintf(w, "recast config check: %v\n", p)
	}
}

// checkResources checks what config.Validate leaves to the code that uses
// it: the files the configuration names can be read, the data directory
// written, the enrichers built, the Redis URL understood (and with connect,
// answered).
func checkResources(ctx context.Context, cfg config.Config, connect bool) error {
	var errs []error
	problem := func(key string, err error) {
		errs = append(errs, &config.Problem{Key: key, Err: err})
	}
	if _, err := adminToken(cfg); err != nil {
		problem("admin_token_file", errors.Unwrap(err))
	}
	if _, err := openKey(cfg); err != nil {
		problem("open.key_file", err)
	}
	if _, err := pipelines(cfg, newFetcher(cfg, true, nil), slog.New(slog.DiscardHandler)); err != nil {
		problem("enrich", err)
	}
	for i, f := range cfg.Feeds {
		if u, err := url.Parse(f.URL); err == nil && strings.EqualFold(u.Scheme, "file") {
			if _, err := os.Stat(u.Path); err != nil {
				problem(fmt.Sprintf("feeds[%d].url", i), fmt.Errorf("feed %q: %w", f.Name, err))
			}
		}
	}
	switch {
	case cfg.RedisURL != "":
		goredis.SetLogger(redisLogger{slog.New(slog.DiscardHandler)}) // the problem says it
		st, err := redis.New(cfg.RedisURL, redis.Options{})
		if err != nil {
			problem("redis_url", err)
			break
		}
		defer st.Close()
		if connect {
			c, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			if err := st.Check(c); err != nil {
				problem("redis_url", err)
			}
		}
	case cfg.DataDir != "":
		if err := writable(cfg.DataDir); err != nil {
			problem("data_dir", err)
		}
	}
	return errors.Join(errs...)
}

// writable reports whether dir exists or can be made, and takes a file.
func writable(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".recast-config-check-*")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// storeName says which store the configuration runs on.
func storeName(cfg config.Config) string {
	switch {
	case cfg.RedisURL != "":
		return "redis " + config.RedactURL(cfg.RedisURL)
	case cfg.DataDir != "":
		return "on disk in " + filepath.Clean(cfg.DataDir)
	}
	return "in memory"
}
