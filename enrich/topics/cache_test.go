package topics

import (
	"bytes"
	"context"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// withoutFirstItem is the feed as it was before its newest episode.
func withoutFirstItem(tb testing.TB, b []byte) []byte {
	tb.Helper()
	i := bytes.Index(b, []byte("<item"))
	j := bytes.Index(b, []byte("</item>"))
	if i < 0 || j < i {
		tb.Fatal("no item")
	}
	return append(append([]byte(nil), b[:i]...), b[j+len("</item>"):]...)
}

// withFirstTitleEdited is the feed with its newest episode's title changed.
func withFirstTitleEdited(tb testing.TB, b []byte) []byte {
	tb.Helper()
	i := bytes.Index(b, []byte("<item"))
	j := bytes.Index(b[i:], []byte("<title>"))
	if i < 0 || j < 0 {
		tb.Fatal("no item title")
	}
	k := i + j + len("<title>")
	return append(append(append([]byte(nil), b[:k]...), "Update: Quantum Computing Hardware – "...), b[k:]...)
}

// showOf returns the show statistics Enrich computed for f, with the
// candidates of every item.
func showOf(e *Enricher, f *enrich.Feed) *show {
	return f.Memo("topics/"+e.version, func() any { panic("not computed") }).(*show).all()
}

// assertSameAsCold checks that warm, tagged by an Enricher that had seen
// other versions of the feed before, got exactly the tags, and the show
// statistics, of the same feed tagged by a new Enricher.
func assertSameAsCold(t *testing.T, e *Enricher, warm *enrich.Feed, warmTags [][]string, cold *enrich.Feed) {
	t.Helper()
	ce := newEnricher(t, Config{})
	coldTags := tagAll(t, ce, cold)
	if len(warmTags) != len(coldTags) {
		t.Fatalf("%d items warm, %d cold", len(warmTags), len(coldTags))
	}
	diff := 0
	for i := range coldTags {
		if !slices.Equal(warmTags[i], coldTags[i]) {
			diff++
			if diff <= 5 {
				t.Errorf("item %d %.40q: warm tags %q, cold %q", i, cold.Items[i].Title, warmTags[i], coldTags[i])
			}
		}
	}
	if diff > 0 {
		t.Errorf("%d of %d items tagged differently", diff, len(coldTags))
	}
	ws, cs := *showOf(e, warm), *showOf(ce, cold)
	if cs.read != len(cold.Items) && cs.skip == "" {
		t.Errorf("cold run read %d of %d items", cs.read, len(cold.Items))
	}
	ws.read, cs.read = 0, 0
	// Records hash lines with their own Enricher's seed, so they differ;
	// the statistics made from them must not.
	ws.recs, cs.recs, ws.lx, cs.lx = nil, nil, nil, nil
	if !reflect.DeepEqual(ws, cs) {
		t.Errorf("warm show statistics differ from cold ones (n %d/%d, phrases %d/%d, candidates %d/%d)",
			ws.n, cs.n, len(ws.df), len(cs.df), len(ws.arena), len(cs.arena))
	}
}

// TestIncrementalEqualsCold tags versions of corpus feeds one after the
// other with one Enricher, which then reads only the items it has not seen,
// and checks that every item of the last version gets the tags a new
// Enricher gives it.
func TestIncrementalEqualsCold(t *testing.T) {
	feeds := []string{
		benchFeed,
		"80000hours-podcast-2020-05-feedburner.xml",
		"nyt-the-daily.xml",
		"chaosradio-express-cre-psc-chapters-de.xml",
		"catradio-series-i-cinema-iso-8859-1.xml",
		"gooaye-zh-tw.xml",
	}
	for _, name := range feeds {
		t.Run(name, func(t *testing.T) {
			raw := testcorpus.Feed(t, name)
			before := withoutFirstItem(t, raw)
			edited := withFirstTitleEdited(t, raw)
			tests := map[string]struct {
				runs    [][]byte // tagged in order; the last is checked
				maxRead int      // items the last run may read, besides boilerplate changes
				cache   int      // the Enricher's cache size; 0 for the default
			}{
				"one new episode":             {runs: [][]byte{before, raw}, maxRead: 1},
				"newest episode withdrawn":    {runs: [][]byte{raw, before}, maxRead: 0},
				"newest episode edited":       {runs: [][]byte{raw, edited}, maxRead: 1},
				"unchanged":                   {runs: [][]byte{raw, raw}, maxRead: 0},
				"back and forth":              {runs: [][]byte{raw, before, edited, raw}, maxRead: 0},
				"cache smaller than the feed": {runs: [][]byte{before, raw}, maxRead: -1, cache: 10},
			}
			for name, tc := range tests {
				t.Run(name, func(t *testing.T) {
					e := newEnricher(t, Config{})
					if tc.cache > 0 {
						e.cache = newStatsCache(tc.cache)
					}
					var f *enrich.Feed
					var tags [][]string
					for _, b := range tc.runs {
						f = parseFeed(t, "feed", b)
						tags = tagAll(t, e, f)
					}
					s := showOf(e, f)
					t.Logf("last run read %d of %d items", s.read, len(f.Items))
					// A new episode may make a line boilerplate (or, gone,
					// no longer), and the items with it are read again.
					if tc.maxRead >= 0 && s.read > tc.maxRead && s.read > len(f.Items)/10 {
						t.Errorf("last run read %d of %d items, want about %d", s.read, len(f.Items), tc.maxRead)
					}
					assertSameAsCold(t, e, f, tags, parseFeed(t, "feed", tc.runs[len(tc.runs)-1]))
				})
			}
		})
	}
}

// TestIncrementalShowChanges covers what a new episode changes for the
// others: the lines that count as boilerplate (a show of two episodes needs
// a line in both, a larger one in three), the language detected, and the
// channel's persons, which are not part of an item's record.
func TestIncrementalShowChanges(t *testing.T) {
	const sponsor = "\nThis episode is brought to you by Acme Rocket Boosters, the fastest boosters in the Solar System."
	mk := func(lang string, persons []feed.Person, items ...[2]string) *enrich.Feed {
		f := showFeed(lang, "Rocket Talk", "", items...)
		f.Channel.Persons = persons
		return f
	}
	a := [2]string{seedTitle, seedNotes + sponsor}
	b := [2]string{dannyTitle, dannyNotes + sponsor}
	c := [2]string{lipsitchTitle, lipsitchNotes}
	d := [2]string{"Heat shields for Mars landers", "How a heat shield gets a lander through the Martian atmosphere, and what ablative materials do." + sponsor}
	de := [2]string{ek274Title, ek274Notes}
	de2 := [2]string{ek273Title, ek273Notes}
	jan := []feed.Person{{Name: "Jan Leike"}}
	tests := map[string]struct {
		runs     []*enrich.Feed
		wantRead int
	}{
		"sponsor line stops being boilerplate": {
			runs:     []*enrich.Feed{mk("en", nil, a, b), mk("en", nil, c, a, b)},
			wantRead: 3, // c, and a and b with the sponsor line read again
		},
		"sponsor line becomes boilerplate again": {
			runs:     []*enrich.Feed{mk("en", nil, c, a, b), mk("en", nil, d, c, a, b)},
			wantRead: 3,
		},
		"language changes with the majority": {
			runs:     []*enrich.Feed{mk("", nil, a, de), mk("", nil, de2, a, de)},
			wantRead: 3,
		},
		"channel persons change": {
			runs:     []*enrich.Feed{mk("en", nil, a, b, c), mk("en", jan, a, b, c)},
			wantRead: 0,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			e := newEnricher(t, Config{})
			var tags [][]string
			for _, f := range tc.runs {
				tags = tagAll(t, e, f)
			}
			last := tc.runs[len(tc.runs)-1]
			if s := showOf(e, last); s.read != tc.wantRead {
				t.Errorf("last run read %d items, want %d", s.read, tc.wantRead)
			}
			cold := &enrich.Feed{Name: last.Name, Channel: last.Channel, Items: slices.Clone(last.Items)}
			assertSameAsCold(t, e, last, tags, cold)
		})
	}
}

// TestRefreshTagsNewItemsOnly tags a feed's versions one after the other
// as the pipeline does, asking only for the items it has not tagged before
// (the per-item cache answers the rest), and checks that those items get
// the tags a new Enricher gives them, from statistics numbering only their
// phrases: the show's other items are not numbered.
func TestRefreshTagsNewItemsOnly(t *testing.T) {
	for _, name := range []string{benchFeed, "80000hours-podcast-2020-05-feedburner.xml", "nyt-the-daily.xml", "gooaye-zh-tw.xml"} {
		t.Run(name, func(t *testing.T) {
			raw := testcorpus.Feed(t, name)
			before := withoutFirstItem(t, raw)
			edited := withFirstTitleEdited(t, raw)
			e := newEnricher(t, Config{})
			seen := map[enrich.Key]bool{}
			for n, b := range [][]byte{before, raw, edited, before, raw} {
				f := parseFeed(t, "feed", b)
				cold := tagAll(t, newEnricher(t, Config{}), parseFeed(t, "feed", b))
				asked := 0
				for i := range f.Items {
					k, _ := f.Key(i)
					if seen[k] {
						continue
					}
					seen[k] = true
					asked++
					var add feed.Additions
					if err := e.Enrich(context.Background(), f, &f.Items[i], &add); err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(add.Categories, cold[i]) {
						t.Errorf("run %d, item %d %.40q: tags %q, cold %q", n, i, f.Items[i].Title, add.Categories, cold[i])
					}
				}
				if n == 0 || asked == 0 {
					continue
				}
				if all := f.Memo("topics/all/"+e.version, func() any { return nil }); all != nil {
					t.Errorf("run %d: the statistics of every item were built for %d new items", n, asked)
				}
				if s := f.Memo("topics/"+e.version, func() any { panic("not computed") }).(*show); s.skip == "" && s.numbered == nil && s.read < len(f.Items) {
					t.Errorf("run %d: read %d items and numbered all %d", n, s.read, len(f.Items))
				}
			}
		})
	}
}

// The same item bytes under another binding of a prefix are another item:
// with content: bound elsewhere, content:encoded is not the show notes, and
// a tagger that has read the feed before must not reuse what it read then.
func TestRecordsFollowNamespaceScope(t *testing.T) {
	// The notes only in content:encoded: descriptions dropped.
	raw := regexp.MustCompile(`(?s)<description>.*?</description>`).ReplaceAll(testcorpus.Feed(t, benchFeed), nil)
	const uri = `xmlns:content="http://purl.org/rss/1.0/modules/content/"`
	other := bytes.Replace(raw, []byte(uri), []byte(`xmlns:content="urn:example:not-content"`), 1)
	if bytes.Equal(other, raw) {
		t.Fatal("no content namespace to rebind")
	}
	a, b := parseFeed(t, "show", raw), parseFeed(t, "show", other)
	if a.Items[0].ContentEncoded == "" || b.Items[0].ContentEncoded != "" {
		t.Fatal("content:encoded is read under both bindings, or under neither")
	}
	e := newEnricher(t, Config{})
	tagAll(t, e, a)
	got := tagAll(t, e, b)
	want := tagAll(t, newEnricher(t, Config{}), parseFeed(t, "show", other))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after the feed under the content namespace, under another:\n got %q\nwant %q", got[:3], want[:3])
	}
	if reflect.DeepEqual(want, tagAll(t, newEnricher(t, Config{}), parseFeed(t, "show", raw))) {
		t.Error("the tags do not depend on content:encoded: the test proves nothing")
	}
}

// TestStatsCacheBound checks that the cache keeps at most its bound, the
// most recently used items.
func TestStatsCacheBound(t *testing.T) {
	c := newStatsCache(3)
	items := make([]feed.Item, 5)
	for i := range items {
		items[i].Title = string(rune('a' + i))
	}
	feedOf := func(items []feed.Item) *enrich.Feed { return &enrich.Feed{Items: items} }
	recs, keys := c.lookup(feedOf(items[:3]))
	for i, r := range recs {
		if r != nil {
			t.Fatalf("item %d found in an empty cache", i)
		}
		recs[i] = &itemRec{key: keys[i]}
	}
	c.store(recs)
	c.lookup(feedOf(items[:1])) // a is now the most recently used
	_, keys = c.lookup(feedOf(items[3:]))
	c.store([]*itemRec{{key: keys[0]}, {key: keys[1]}}) // d, e: b and c go
	if n := c.Len(); n != 3 {
		t.Errorf("Len = %d, want 3", n)
	}
	recs, _ = c.lookup(feedOf(items))
	for i, want := range []bool{true, false, false, true, true} {
		if got := recs[i] != nil; got != want {
			t.Errorf("item %c held = %v, want %v", 'a'+i, got, want)
		}
	}
	var nilCache *statsCache
	if recs, _ := nilCache.lookup(feedOf(items)); len(recs) != len(items) || recs[0] != nil || nilCache.Len() != 0 {
		t.Errorf("nil cache lookup = %v", recs)
	}
	nilCache.store(recs)
}

// TestRecordLanguageStats checks that the language statistics an item's
// record gets while its lines are read are those of its title and first
// sampleBytes of notes read whole, as language detection samples them.
func TestRecordLanguageStats(t *testing.T) {
	for _, name := range []string{benchFeed, "nyt-the-daily.xml", "catradio-series-i-cinema-iso-8859-1.xml", "gooaye-zh-tw.xml", "freak-show-podlove-psc-chapters-de.xml"} {
		t.Run(name, func(t *testing.T) {
			e := newEnricher(t, Config{})
			f := parseFeed(t, name, testcorpus.Feed(t, name))
			tagAll(t, e, f)
			recs, _ := e.cache.lookup(f)
			var toks []token
			for i, r := range recs {
				it := &f.Items[i]
				want := languageStats(e.lx, it.Title, f.Notes(it).Text, &toks)
				if r == nil || !r.hasLang {
					t.Fatalf("item %d %.40q: no record with language statistics", i, it.Title)
				}
				if r.lang != want {
					t.Errorf("item %d %.40q: language statistics %+v, want %+v", i, it.Title, r.lang, want)
				}
			}
		})
	}
}
