package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/enrich/chapters"
	"github.com/recast-podcast/recast/fetch"
	"github.com/recast-podcast/recast/proxy"
)

// runEnrich runs `recast enrich`: one feed from a path, stdin or a URL, to
// stdout (or, with --out, to a directory for static hosting). A feed that
// cannot be served gets a one-line error and exit 1, never partial output.
func runEnrich(ctx context.Context, args []string, e env) int {
	fs := flag.NewFlagSet("enrich", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	def := config.Default()
	var (
		configFile = fs.String("config", "", "YAML config `file`: its enrichment settings apply (those of the feed named --name, if any)")
		publicURL  = fs.String("public-url", e.getenv("RECAST_PUBLIC_URL"), "`URL` the feed will be served from: recast serve's address (links go to URL/feeds/NAME/…), or with --out the URL DIR is published at (env RECAST_PUBLIC_URL)")
		name       = fs.String("name", "", "the feed's `name` in URLs (default: from SOURCE)")
		mode       = fs.String("mode", "", "publisher or mirror (see README; default publisher)")
		out        = fs.String("out", "", "write `DIR`/feed.xml and DIR/chapters/*.json instead of stdout (needs --public-url)")
		fetchPages = fs.Bool("fetch-pages", false, "read chapters from [hh:mm:ss] headings of the episode pages items link to")
		id3        = fs.Bool("id3", false, "read chapters from ID3 CHAP frames of MP3 enclosures (one Range request each)")
		inlinePSC  = fs.Bool("inline-psc", false, "also write chapters as inline Podlove psc:chapters")
		descChaps  = fs.Bool("description-chapters", false, "also append chapters to each episode's description as timestamped lines, for Apple Podcasts and Spotify (not where the notes list them)")
		explain    = fs.Bool("explain", false, "print, per episode, what recast adds and the evidence for each addition (the rule that fired, the line it read) instead of the feed")
		noEnrich   = fs.Bool("no-enrich", false, "run no enricher: only repair, transcode and re-serve (what recast does to the bytes alone)")
		maxBytes   = fs.Int64("max-bytes", def.Fetch.MaxBytes, "largest feed accepted, in `bytes`")
		timeout    = fs.Duration("timeout", def.Fetch.Timeout, "time allowed to fetch a URL SOURCE")
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
	cfg := def
	if *configFile != "" {
		if err := cfg.LoadFile(*configFile); err != nil {
			fmt.Fprintf(e.stderr, "recast enrich: %v\n", err)
			return 1
		}
	}
	// The environment and flags over the file's settings, only when given.
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["public-url"] || e.getenv("RECAST_PUBLIC_URL") != "" {
		cfg.PublicURL = *publicURL
	}
	if set["max-bytes"] {
		cfg.Fetch.MaxBytes = *maxBytes
	}
	if set["timeout"] {
		cfg.Fetch.Timeout = *timeout
	}
	if *out != "" && cfg.PublicURL == "" {
		fmt.Fprintln(e.stderr, "recast enrich: --out needs --public-url, the URL the directory is published at")
		return 2
	}
	f := config.Feed{Name: *name} // URL set below, from SOURCE
	if f.Name == "" {
		f.Name = nameFrom(src)
	}
	for _, cf := range cfg.Feeds {
		if cf.Name == f.Name {
			f = cf
		}
	}
	if *mode != "" {
		f.Mode = *mode
	}
	if isLocal(src) || !strings.Contains(src, "://") {
		f.URL = "file:///dev/stdin" // local source: its links may be local too
	} else {
		f.URL = src
	}
	// The command line's switches over the file's.
	var ch config.Toggle[chapters.Config] // a copy: the file's blocks stay as read
	if c := cfg.EnrichFor(f).Chapters; c != nil {
		ch = *c
	}
	ch.Config.FetchPages = ch.Config.FetchPages || *fetchPages
	ch.Config.ID3 = ch.Config.ID3 || *id3
	f.Enrich.Chapters = &ch
	if *inlinePSC {
		f.Enrich.InlinePSC = inlinePSC
	}
	if *descChaps {
		f.Enrich.DescriptionChapters = descChaps
	}
	cfg.Feeds = []config.Feed{f}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(e.stderr, "recast enrich: %v\n", err)
		return 2
	}
	f = cfg.Feeds[0]

	client := newFetcher(cfg, true, nil)
	raw, err := readSource(ctx, src, cfg, client, e.stdin)
	if err != nil {
		fmt.Fprintf(e.stderr, "recast enrich: %v\n", err)
		return 1
	}
	log, _ := newLogger(e, "warn")
	pipeline, err := pipelines(cfg, client, log)
	if err != nil {
		fmt.Fprintf(e.stderr, "recast enrich: %v\n", err)
		return 1
	}
	p := pipeline(f)
	if *noEnrich {
		p = nil
	}
	recipe := recipeFor(cfg, f, p, log)
	if *out != "" {
		// Static hosting: DIR is published at --public-url.
		recipe.Render.SelfURL = cfg.PublicURL + "/feed.xml"
		recipe.ChaptersBase = cfg.PublicURL
	}
	recipe.Explain = *explain
	b, err := proxy.Build(ctx, raw, recipe)
	if err != nil {
		fmt.Fprintf(e.stderr, "recast enrich: %s: %v\n", src, err)
		return 1
	}
	if *explain {
		err = writeExplained(e.stdout, b.Explained)
	} else if *out != "" {
		err = writeDir(*out, b)
	} else {
		_, err = e.stdout.Write(b.Body)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "recast enrich: %v\n", err)
		return 1
	}
	return 0
}

// writeExplained prints each episode that got something, its additions and
// their evidence, one line each.
func writeExplained(w io.Writer, items []proxy.Explained) error {
	bw := bufio.NewWriter(w)
	n := 0
	for _, it := range items {
		if len(it.Evidence) == 0 {
			continue
		}
		n++
		fmt.Fprintf(bw, "%s\n  id: %s\n", it.Title, it.ID)
		for _, ev := range it.Evidence {
			fmt.Fprintf(bw, "  %-10s %s\n  %10s ← %s\n", ev.Of, ev.Value, "", ev.Why)
		}
		bw.WriteByte('\n')
	}
	fmt.Fprintf(bw, "%d of %d episodes got additions\n", n, len(items))
	return bw.Flush()
}

// writeDir writes an enriched feed for static hosting: DIR/feed.xml and its
// chapter files, each written whole to a temporary name and renamed, so a
// web server never serves half a file.
func writeDir(dir string, b *proxy.Built) error {
	if err := os.MkdirAll(filepath.Join(dir, "chapters"), 0o755); err != nil {
		return err
	}
	files := map[string][]byte{"feed.xml": b.Body}
	for name, data := range b.Files {
		files[name] = data
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		tmp := p + ".tmp"
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, p); err != nil {
			return err
		}
	}
	return nil
}

// readSource reads SOURCE whole, refusing more than the configured maximum.
func readSource(ctx context.Context, src string, cfg config.Config, client *fetch.Client, stdin io.Reader) ([]byte, error) {
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") || strings.HasPrefix(src, "file://") {
		// The user named this URL: loopback and private addresses are allowed.
		res, err := client.Fetch(ctx, fetch.Request{URL: src})
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
