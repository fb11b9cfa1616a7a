// Command quality scores recast's enrichment against the labelled
// development set: for every labels file it runs `recast enrich` on the
// corpus feed (once with the enrichers, once with none, to tell what was
// added) and prints precision and recall per enricher and the tag verdicts.
//
//	go run ./internal/quality/cmd/quality --recast BIN [--labels DIR] [--corpus DIR] [-v] [--feed STEM]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/recast-podcast/recast/internal/quality"
)

const publicURL = "http://127.0.0.1:9/quality"

func main() {
	recast := flag.String("recast", "recast", "the recast binary to score")
	labels := flag.String("labels", "testdata/quality/labels", "directory of labels files")
	corpus := flag.String("corpus", "", "corpus directory holding feeds/ (default: $RECAST_CORPUS or ../shared/corpus)")
	config := flag.String("config", "", "a recast config file whose enrichment settings apply")
	verbose := flag.Bool("v", false, "print every miss, extra and unjudged tag")
	only := flag.String("feed", "", "score only the labels files whose name contains this")
	flag.Parse()

	if *corpus == "" {
		*corpus = os.Getenv("RECAST_CORPUS")
	}
	if *corpus == "" {
		*corpus = filepath.Join("..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(*corpus, "feeds")); err != nil {
		fmt.Fprintf(os.Stderr, "SKIP: corpus not found at %s (set RECAST_CORPUS)\n", *corpus)
		os.Exit(0)
	}
	sets, err := quality.Load(*labels)
	if err != nil {
		fmt.Fprintln(os.Stderr, "quality:", err)
		os.Exit(1)
	}
	tmp, err := os.MkdirTemp("", "recast-quality-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "quality:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(tmp)

	var total quality.Score
	feeds := 0
	fmt.Printf("%-52s %4s  %-11s %-11s %-11s %s\n", "feed", "eps", "chapters", "transcripts", "persons", "tags good% / topic R")
	for _, fl := range sets {
		if *only != "" && !strings.Contains(fl.Feed, *only) {
			continue
		}
		obs, err := observe(*recast, *config, filepath.Join(*corpus, "feeds", fl.Feed), filepath.Join(tmp, fl.Feed))
		if err != nil {
			fmt.Fprintf(os.Stderr, "quality: %s: %v\n", fl.Feed, err)
			os.Exit(1)
		}
		s := quality.ScoreFeed(fl, obs)
		feeds++
		fmt.Printf("%-52s %4d  %s %s %s %3.0f%% / %.2f\n", trim(fl.Feed, 52), s.Episodes,
			pr(s.Chapters), pr(s.Transcripts), pr(s.Persons), 100*s.Tags.GoodShare(), s.Tags.TopicRecall())
		total.Add(s)
	}
	fmt.Println()
	fmt.Printf("%d episodes in %d feeds (%d not found in the enriched feed)\n", total.Episodes, feeds, total.Missing)
	fmt.Printf("%-12s %8s %6s %7s %6s %6s\n", "enricher", "labelled", "added", "matched", "P", "R")
	for _, row := range []struct {
		name string
		c    quality.Count
	}{{"chapters", total.Chapters}, {"transcripts", total.Transcripts}, {"persons", total.Persons}} {
		fmt.Printf("%-12s %8d %6d %7d %6.2f %6.2f\n", row.name, row.c.Labelled, row.c.Added, row.c.Matched, row.c.P(), row.c.R())
	}
	var vs []string
	n := 0
	for k, v := range total.Tags.Verdicts {
		vs = append(vs, fmt.Sprintf("%s %d", k, v))
		n += v
	}
	sort.Strings(vs)
	fmt.Printf("tags: %d added (%s): %.0f%% good or acceptable; topic recall %.2f (%d of %d)\n",
		n, strings.Join(vs, ", "), 100*total.Tags.GoodShare(), total.Tags.TopicRecall(), total.Tags.Found, total.Tags.Topics)
	if *verbose {
		fmt.Println()
		for _, f := range total.Findings {
			fmt.Println(f)
		}
	}
}

func pr(c quality.Count) string {
	if c.Labelled == 0 && c.Added == 0 {
		return fmt.Sprintf("%-11s", "-")
	}
	return fmt.Sprintf("%.2f/%.2f  ", c.P(), c.R())
}

func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

// observe runs recast on one feed, with and without its enrichers.
func observe(recast, config, feed, dir string) (map[string]*quality.Observed, error) {
	if _, err := os.Stat(feed); err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(filepath.Base(feed), ".xml")
	var cfg []string
	if config != "" {
		cfg = []string{"--config", config}
	}
	out := filepath.Join(dir, "enriched")
	args := append(append([]string{"enrich"}, cfg...), "--out", out, "--public-url", publicURL, "--name", name, feed)
	if b, err := exec.Command(recast, args...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("recast %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	base, err := exec.Command(recast, "enrich", "--no-enrich", "--name", name, feed).Output()
	if err != nil {
		return nil, fmt.Errorf("recast enrich --no-enrich: %v", err)
	}
	enriched, err := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err != nil {
		return nil, err
	}
	return quality.Observe(enriched, base, out, publicURL)
}
