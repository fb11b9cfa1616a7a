package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/fetch"
	"github.com/recast-podcast/recast/proxy"
)

// runEnrich runs `recast enrich`: one feed from a path, stdin or a URL, to
// stdout. A feed that cannot be served gets a one-line error and exit 1,
// never partial output.
func runEnrich(ctx context.Context, args []string, e env) int {
	fs := flag.NewFlagSet("enrich", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfg := config.Default()
	var (
		publicURL = fs.String("public-url", e.getenv("RECAST_PUBLIC_URL"), "`URL` the feed will be served from; its atom:link rel=self points there (env RECAST_PUBLIC_URL)")
		name      = fs.String("name", "", "the feed's `name` in URLs (default: from SOURCE)")
		mode      = fs.String("mode", config.ModePublisher, "publisher or mirror (see README)")
		maxBytes  = fs.Int64("max-bytes", cfg.Fetch.MaxBytes, "largest feed accepted, in `bytes`")
		timeout   = fs.Duration("timeout", cfg.Fetch.Timeout, "time allowed to fetch a URL SOURCE")
	)
	fs.Usage = func() {
		fmt.Fprint(e.stderr, "Usage: recast enrich [flags] SOURCE\n\nEnriches one feed and writes it to stdout. SOURCE is a file path, '-' for stdin,\nor an http(s):// or file:// URL.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	src := fs.Arg(0)
	cfg.PublicURL, cfg.Fetch.MaxBytes, cfg.Fetch.Timeout = *publicURL, *maxBytes, *timeout
	f := config.Feed{Name: *name, URL: "file:///dev/stdin", Mode: *mode}
	if f.Name == "" {
		f.Name = nameFrom(src)
	}
	cfg.Feeds = []config.Feed{f}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(e.stderr, "recast enrich: %v\n", err)
		return 2
	}
	f = cfg.Feeds[0]

	raw, err := readSource(ctx, src, cfg, e.stdin)
	if err != nil {
		fmt.Fprintf(e.stderr, "recast enrich: %v\n", err)
		return 1
	}
	log, _ := newLogger(e, "warn")
	b, err := proxy.Build(ctx, raw, proxy.Recipe{
		Name:     f.Name,
		Pipeline: pipelineFor(cfg, log)(f),
		Render:   proxy.RenderOptions(cfg.PublicURL, f),
		Log:      log,
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "recast enrich: %s: %v\n", src, err)
		return 1
	}
	if _, err := e.stdout.Write(b.Body); err != nil {
		fmt.Fprintf(e.stderr, "recast enrich: %v\n", err)
		return 1
	}
	return 0
}

// readSource reads SOURCE whole, refusing more than the configured maximum.
func readSource(ctx context.Context, src string, cfg config.Config, stdin io.Reader) ([]byte, error) {
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") || strings.HasPrefix(src, "file://") {
		// The user named this URL: loopback and private addresses are allowed.
		res, err := newFetcher(cfg, true).Fetch(ctx, fetch.Request{URL: src})
		if err != nil {
			return nil, err
		}
		return res.Body, nil
	}
	var r io.Reader = stdin
	if src != "-" {
		fh, err := os.Open(src)
		if err != nil {
			return nil, err
		}
		defer fh.Close()
		r = fh
	}
	b, err := io.ReadAll(io.LimitReader(r, cfg.Fetch.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	if int64(len(b)) > cfg.Fetch.MaxBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes (raise --max-bytes)", src, cfg.Fetch.MaxBytes)
	}
	return b, nil
}

// nameFrom derives a feed name from a SOURCE: its file name without extension.
func nameFrom(src string) string {
	if src == "-" {
		return "feed"
	}
	s := src
	if i := strings.LastIndexAny(s, "/\\"); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, ".xml"), ".rss")
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	n := strings.Trim(b.String(), "-.")
	if n == "" || len(n) > 128 {
		return "feed"
	}
	return n
}
