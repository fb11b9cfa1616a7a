package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"text/tabwriter"
	"time"
)

const feedsUsage = `Usage:
  recast feeds add NAME URL [--mode mirror|publisher]   serve a feed from now on
  recast feeds list                                     the feeds served, with their last refresh
  recast feeds remove NAME                              stop serving a feed added here
  recast feeds import FILE.opml                         add every feed of a podcast app's export;
                                                        prints the OPML of the recast URLs
Flags (before the arguments):
  --server URL   the recast serve to talk to (env RECAST_SERVER; default http://127.0.0.1:8080)
  --token TOKEN  its admin token (env RECAST_ADMIN_TOKEN, or --token-file FILE)
`

// runFeeds is the command line over the admin API of a running recast
// serve (POST/GET/DELETE /admin/feeds, POST /admin/opml): it holds no
// logic of its own, so the CLI and the API cannot disagree.
func runFeeds(ctx context.Context, args []string, e env) int {
	fs := flag.NewFlagSet("recast feeds", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	server := fs.String("server", "", "")
	token := fs.String("token", "", "")
	tokenFile := fs.String("token-file", "", "")
	mode := fs.String("mode", "", "")
	fs.Usage = func() { fmt.Fprint(e.stderr, feedsUsage) }
	if len(args) == 0 {
		fs.Usage()
		return 2
	}
	sub, rest := args[0], args[1:]
	if err := fs.Parse(rest); err != nil {
		return 2
	}
	if *server == "" {
		*server = e.getenv("RECAST_SERVER")
	}
	if *server == "" {
		*server = "http://127.0.0.1:8080"
	}
	if *token == "" && *tokenFile != "" {
		b, err := os.ReadFile(*tokenFile)
		if err != nil {
			fmt.Fprintf(e.stderr, "recast feeds: %v\n", err)
			return 1
		}
		*token = strings.TrimSpace(string(b))
	}
	if *token == "" {
		*token = e.getenv("RECAST_ADMIN_TOKEN")
	}
	c := adminClient{base: strings.TrimRight(*server, "/"), token: *token}
	a := fs.Args()
	var err error
	switch {
	case sub == "add" && len(a) == 2:
		body, _ := json.Marshal(map[string]string{"name": a[0], "url": a[1], "mode": *mode})
		var out []byte
		if out, err = c.do(ctx, "POST", "/admin/feeds", "application/json", body, http.StatusCreated); err == nil {
			var got struct {
				FeedURL string `json:"feed_url"`
			}
			json.Unmarshal(out, &got)
			fmt.Fprintf(e.stdout, "added %s: subscribe to %s\n", a[0], got.FeedURL)
		}
	case sub == "list" && len(a) == 0:
		var out []byte
		if out, err = c.do(ctx, "GET", "/admin/feeds", "", nil, http.StatusOK); err == nil {
			var list []struct {
				Name, FeedURL, Source, Outcome string
				LastRefresh                    *time.Time `json:"last_refresh"`
			}
			if err = json.Unmarshal(out, &list); err == nil {
				tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "NAME\tSOURCE\tLAST REFRESH\tOUTCOME\tFEED URL")
				for _, f := range list {
					when := "-"
					if f.LastRefresh != nil {
						when = f.LastRefresh.Format(time.RFC3339)
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Name, f.Source, when, f.Outcome, f.FeedURL)
				}
				tw.Flush()
			}
		}
	case sub == "remove" && len(a) == 1:
		if _, err = c.do(ctx, "DELETE", "/admin/feeds/"+a[0], "", nil, http.StatusNoContent); err == nil {
			fmt.Fprintf(e.stdout, "removed %s\n", a[0])
		}
	case sub == "import" && len(a) == 1:
		var body, out []byte
		if body, err = os.ReadFile(a[0]); err == nil {
			if out, err = c.do(ctx, "POST", "/admin/opml", "text/x-opml", body, http.StatusOK); err == nil {
				e.stdout.Write(out)
			}
		}
	default:
		fs.Usage()
		return 2
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "recast feeds %s: %v\n", sub, err)
		return 1
	}
	return 0
}

type adminClient struct{ base, token string }

// do sends one admin request and returns the body of an answer with status
// want; any other answer is an error with the server's one-line reason.
func (c adminClient) do(ctx context.Context, method, path, ctype string, body []byte, want int) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	out, err := io.ReadAll(io.LimitReader(res.Body, 16<<20))
	if err != nil {
		return nil, err
	}
	if res.StatusCode != want {
		msg := strings.TrimSpace(string(out))
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		return nil, fmt.Errorf("%s: %s", res.Status, msg)
	}
	return out, nil
}
