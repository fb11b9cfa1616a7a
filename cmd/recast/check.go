package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/recast-podcast/recast/config"
	"github.com/recast-podcast/recast/doctor"
)

// runCheck runs `recast check SOURCE`: the feed doctor over one feed from a
// path, stdin or a URL. It prints one line per finding and a count, or with
// --json the findings as a JSON array. Exit status: 1 when there is an
// error-severity finding, so a publisher's CI can run it; 2 for bad usage or
// a source it cannot read or parse as a feed; 0 otherwise.
func runCheck(ctx context.Context, args []string, e env) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	def := config.Default()
	var (
		servedURL = fs.String("served-url", "", "`URL` the feed is served at: its atom:link rel=\"self\" should be it (unset: not checked)")
		asJSON    = fs.Bool("json", false, "print the findings as a JSON array (severity, rule, where, message) instead of lines")
		maxBytes  = fs.Int64("max-bytes", def.Fetch.MaxBytes, "largest feed accepted, in `bytes`")
		timeout   = fs.Duration("timeout", def.Fetch.Timeout, "time allowed to fetch a URL SOURCE")
	)
	fs.Usage = func() {
		fmt.Fprint(e.stderr, "Usage: recast check [flags] SOURCE\n\nLists what in a feed hurts listeners, each finding with the rule it breaks and where:\nGUIDs, enclosures, descriptions, dates, artwork, categories, Podcasting 2.0 tags.\nSOURCE is a file path, '-' for stdin, or an http(s):// or file:// URL.\nExit status 1 when there are errors, 0 when there are none (warnings or not), 2 when\nSOURCE cannot be read or is not a feed.\n\nFlags:\n")
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
	cfg.Fetch.MaxBytes, cfg.Fetch.Timeout = *maxBytes, *timeout
	raw, err := readSource(ctx, src, cfg, newFetcher(cfg, true, nil), e.stdin)
	if err != nil {
		fmt.Fprintf(e.stderr, "recast check: %v\n", err)
		return 2
	}
	findings, err := doctor.Check(raw, doctor.Options{ServedURL: *servedURL})
	if err != nil {
		fmt.Fprintf(e.stderr, "recast check: %s: %v\n", src, err)
		return 2
	}
	if *asJSON {
		err = writeFindingsJSON(e.stdout, findings)
	} else {
		err = writeFindings(e.stdout, findings)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "recast check: %v\n", err)
		return 2
	}
	for _, f := range findings {
		if f.Severity == doctor.Error {
			return 1
		}
	}
	return 0
}

// writeFindings prints one line per finding, severity and rule in columns,
// then "N errors, M warnings".
func writeFindings(w io.Writer, findings []doctor.Finding) error {
	bw := bufio.NewWriter(w)
	width, errs := 0, 0
	for _, f := range findings {
		width = max(width, len(f.Rule))
		if f.Severity == doctor.Error {
			errs++
		}
	}
	for _, f := range findings {
		fmt.Fprintf(bw, "%-7s %-*s  %s: %s\n", f.Severity, width, f.Rule, f.Where, f.Message)
	}
	fmt.Fprintf(bw, "%s, %s\n", count(errs, "error"), count(len(findings)-errs, "warning"))
	return bw.Flush()
}

// writeFindingsJSON prints the findings as one JSON array ([] for none).
func writeFindingsJSON(w io.Writer, findings []doctor.Finding) error {
	if findings == nil {
		findings = []doctor.Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(findings)
}

// count writes "1 error", "2 errors".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
