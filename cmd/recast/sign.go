package main

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strings"

	"github.com/recast-podcast/recast/proxy"
)

// runSign runs `recast sign URL`: it prints the open-mode path (or URL,
// with public_url set) that serves the feed at URL, signed with the open
// key of the configuration recast serve would run with. Signing needs the
// key, and whoever holds it decides what recast fetches: it is an operator's
// command, not a service to expose.
func runSign(args []string, e env) int {
	fs := flag.NewFlagSet("sign", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	flags := configFlags(fs, e)
	fs.Usage = func() {
		fmt.Fprint(e.stderr, "Usage: recast sign [flags] FEED_URL\n\nPrints where recast serves FEED_URL in open mode: /open/SIGNATURE/URL under public_url,\nsigned with open.key (or open.key_file, or RECAST_OPEN_KEY). Subscribe to that URL.\n\nFlags:\n")
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
	raw := strings.TrimSpace(fs.Arg(0))
	if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		fmt.Fprintf(e.stderr, "recast sign: %q is not an http(s) URL\n", raw)
		return 2
	}
	cfg, err := loadConfig(e, *flags)
	if err != nil {
		fmt.Fprintf(e.stderr, "recast sign: %v\n", err)
		return 1
	}
	key, err := openKey(cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "recast sign: %v\n", err)
		return 1
	}
	if key == "" {
		fmt.Fprintln(e.stderr, "recast sign: open mode is off: set open.key, open.key_file or RECAST_OPEN_KEY")
		return 1
	}
	fmt.Fprintln(e.stdout, cfg.PublicURL+proxy.OpenPath([]byte(key), raw))
	return 0
}
