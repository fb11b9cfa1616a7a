package topics

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// TestCorpusReport tags every item of every well-formed corpus feed and
// logs, per feed, how many items got tags, the share of distinct tag sets
// and a few examples (go test -run TestCorpusReport -v). It fails on tags
// that break the tag rules, on tags for CJK feeds, and when tagged items of
// a feed mostly share the same tags.
func TestCorpusReport(t *testing.T) {
	e := newEnricher(t, Config{})
	for _, path := range testcorpus.Feeds(t) {
		name := filepath.Base(path)
		if !strings.HasSuffix(name, ".xml") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f := parseFeed(t, name, raw)
			all := tagAll(t, e, f)
			langs, _ := detectLanguage(f, e.lx, "")
			tagged, sets := 0, map[string]int{}
			for i, tags := range all {
				for _, tag := range tags {
					if !validTag(tag) || strings.Contains(tag, "  ") || tag != strings.TrimSpace(tag) {
						t.Errorf("item %d: invalid tag %q", i, tag)
					}
					if strings.EqualFold(tag, f.Channel.Title) {
						t.Errorf("item %d: show name as tag %q", i, tag)
					}
					if e.isStopPhrase(tag, langs) {
						t.Errorf("item %d: stopword tag %q", i, tag)
					}
				}
				if len(tags) > DefaultMax {
					t.Errorf("item %d: %d tags > %d", i, len(tags), DefaultMax)
				}
				if len(tags) > 0 {
					tagged++
					key := slices.Clone(tags)
					slices.Sort(key)
					sets[strings.Join(key, "|")]++
				}
			}
			if strings.Contains(name, "gooaye") || strings.Contains(name, "soundon") {
				if tagged > 0 {
					t.Errorf("CJK feed: %d items tagged, want none", tagged)
				}
			}
			frac, common, commonN := 0.0, "", 0
			if tagged > 0 {
				frac = float64(len(sets)) / float64(tagged)
			}
			for k, n := range sets {
				if n > commonN || n == commonN && k < common {
					common, commonN = k, n
				}
			}
			// The same tags on many episodes would be the show's
			// boilerplate, not topics. (A few episodes may share one tag,
			// "Russia", when their notes are a line each; a teaser repeats
			// its episode's notes; a games show talks about Apple now and
			// then: up to a fifth of the tagged items.)
			if tagged >= 20 && commonN*5 > tagged {
				t.Errorf("tag set %q on %d of %d tagged items", common, commonN, tagged)
			}
			t.Logf("%s: %d/%d items tagged, %.0f%% distinct tag sets, most common %q on %d", name, tagged, len(f.Items), 100*frac, common, commonN)
			for i := 0; i < len(all) && i < 3; i++ {
				t.Logf("  %.50q → %q", f.Items[i].Title, all[i])
			}
		})
	}
}

// isStopPhrase reports whether tag is no vocabulary tag and every word of
// it is a stopword of the languages langs.
func (e *Enricher) isStopPhrase(tag string, langs uint16) bool {
	for _, v := range e.lx.vocab {
		if v.Tag == tag {
			return false
		}
	}
	ws := wordsOf(tag)
	for k := range ws {
		en := e.lx.m[ws[k].h]
		if en == nil || en.stop&langs == 0 || en.acronym && ws[k].flags&fAllCaps != 0 {
			return false
		}
	}
	return len(ws) > 0
}

// TestSeedAgainstShowDF runs the seed episode's notes against the document
// frequencies of the real 80,000 Hours feed (101 episodes), a realistic
// show-wide baseline, and against the two-episode seed feed alone.
func TestSeedAgainstShowDF(t *testing.T) {
	seed := parseFeed(t, "seed", testcorpus.Seed(t, "eighty-thousand-hours-jan-leike.xml"))
	show := parseFeed(t, "80k", testcorpus.Feed(t, "80000hours-podcast-2020-05-feedburner.xml"))
	withShow := &enrich.Feed{Name: "80k", Channel: show.Channel, Items: append(slices.Clone(show.Items), seed.Items[0])}
	e := newEnricher(t, Config{})
	want := []string{"Superalignment", "AI Alignment", "Superintelligence", "OpenAI", "Scalable Oversight", "Mechanistic Interpretability"}
	notWant := []string{"80,000 Hours", "Hours", "Jan Leike", "Leike", "Jan", "Rob Wiblin", "Keiran Harris", "transcript", "podcast", "Links", "episode"}
	tests := map[string]struct {
		f       *enrich.Feed
		it      *feed.Item
		minHits int
	}{
		"seed feed alone (2 episodes)":     {f: seed, it: &seed.Items[0], minHits: 4},
		"with the 80k feed's 101 episodes": {f: withShow, it: &withShow.Items[len(withShow.Items)-1], minHits: 4},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var add feed.Additions
			if err := e.Enrich(t.Context(), tc.f, tc.it, &add); err != nil {
				t.Fatal(err)
			}
			t.Logf("tags: %q", add.Categories)
			hits := 0
			for _, w := range want {
				if slices.ContainsFunc(add.Categories, func(c string) bool { return strings.EqualFold(c, w) }) {
					hits++
				}
			}
			if hits < tc.minHits {
				t.Errorf("tags %q hold %d of %q, want at least %d", add.Categories, hits, want, tc.minHits)
			}
			for _, n := range notWant {
				if slices.ContainsFunc(add.Categories, func(c string) bool { return strings.EqualFold(c, n) }) {
					t.Errorf("tags %q hold %q", add.Categories, n)
				}
			}
		})
	}
}
