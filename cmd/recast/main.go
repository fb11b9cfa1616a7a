// Command recast is a podcast feed proxy and enricher.
//
//	recast serve   [--config FILE] [--listen ADDR] [--feed NAME=URL ...] [--redis-url URL] [--public-url URL]
//	recast enrich  [--public-url URL] SOURCE
//	recast version
//
// main only wires: it reads the configuration, builds the pieces and runs
// them. See README.md for the configuration reference.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const projectURL = "https://github.com/recast-podcast/recast"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP) // recast serve reloads its configuration
	os.Exit(run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, reload: hup}))
}

// env is the process's surroundings, so tests can run the program in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	reload         <-chan os.Signal // SIGHUP: recast serve reloads its configuration; nil: never
}

const usage = `recast — a podcast feed proxy and enricher

Usage:
  recast serve   [flags]         serve enriched feeds over HTTP
  recast enrich  [flags] SOURCE  enrich one feed (a path, '-' or a URL) to stdout
  recast check   [flags] SOURCE  list what in a feed hurts listeners (exit 1 on errors)
  recast config check [flags]    check the configuration recast serve would run with
  recast feeds add|list|remove|import ...
                                 manage the feeds a running recast serve adds at runtime
  recast sign    [flags] URL     print the signed open-mode URL that serves a feed
  recast version                 print the version

Run 'recast COMMAND --help' for a command's flags.
`

// run is the program; it returns the exit status.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, args[1:], e, nil)
	case "enrich":
		return runEnrich(ctx, args[1:], e)
	case "check":
		return runCheck(ctx, args[1:], e)
	case "config":
		return runConfig(ctx, args[1:], e)
	case "feeds":
		return runFeeds(ctx, args[1:], e)
	case "sign":
		return runSign(args[1:], e)
	case "version", "--version", "-v":
		fmt.Fprintf(e.stdout, "recast %s\n", version)
		return 0
	case "help", "--help", "-h":
		fmt.Fprint(e.stdout, usage)
		return 0
	}
	fmt.Fprintf(e.stderr, "recast: unknown command %q\n\n%s", args[0], usage)
	return 2
}

func userAgent() string { return "recast/" + version + " (+" + projectURL + ")" }
