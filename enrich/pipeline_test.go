package enrich

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// funcEnricher is an Enricher made of a function, for tests.
type funcEnricher struct {
	name, version string
	calls         int
	fn            func(it *feed.Item, add *feed.Additions) error
}

var _ Enricher = (*funcEnricher)(nil)

func (e *funcEnricher) Name() string    { return e.name }
func (e *funcEnricher) Version() string { return e.version }
func (e *funcEnricher) Enrich(_ context.Context, _ *Feed, it *feed.Item, add *feed.Additions) error {
	e.calls++
	return e.fn(it, add)
}

func doc(titles ...string) *feed.Document {
	d := &feed.Document{}
	for _, t := range titles {
		d.Items = append(d.Items, feed.Item{Title: t, Raw: []byte("<item><title>" + t + "</title></item>")})
	}
	return d
}

func TestPipelineIsolatesFailures(t *testing.T) {
	tag := &funcEnricher{name: "tag", version: "1", fn: func(it *feed.Item, add *feed.Additions) error {
		add.Categories = append(add.Categories, "topic of "+it.Title)
		return nil
	}}
	failing := &funcEnricher{name: "failing", version: "1", fn: func(it *feed.Item, add *feed.Additions) error {
		add.Categories = append(add.Categories, "half-written")
		add.Persons = append(add.Persons, feed.Person{Name: "Wrong Name"})
		if it.Title == "b" {
			return errors.New("boom")
		}
		return nil
	}}
	panicking := &funcEnricher{name: "panicking", version: "1", fn: func(it *feed.Item, add *feed.Additions) error {
		add.Transcripts = append(add.Transcripts, feed.Transcript{URL: "https://x/t", Type: "text/html"})
		if it.Title == "a" {
			var m map[string]int
			m["x"]++ // panics
		}
		return nil
	}}
	p := &Pipeline{Enrichers: []Enricher{tag, failing, panicking}}
	adds, st := p.Run(context.Background(), "show", doc("a", "b"))

	// Item a: tag and failing added; panicking's transcript discarded.
	if got, want := adds[0].Categories, []string{"topic of a", "half-written"}; !slices.Equal(got, want) {
		t.Errorf("item a categories = %q, want %q", got, want)
	}
	if len(adds[0].Transcripts) != 0 {
		t.Errorf("item a kept the panicking enricher's transcript: %+v", adds[0].Transcripts)
	}
	// Item b: failing's half-written category and person discarded.
	if got, want := adds[1].Categories, []string{"topic of b"}; !slices.Equal(got, want) {
		t.Errorf("item b categories = %q, want %q", got, want)
	}
	if len(adds[1].Persons) != 0 {
		t.Errorf("item b kept the failing enricher's person: %+v", adds[1].Persons)
	}
	if len(adds[1].Transcripts) != 1 {
		t.Errorf("item b lost the transcript of an enricher that succeeded: %+v", adds[1].Transcripts)
	}
	if st.Failed["failing"] != 1 || st.Failed["panicking"] != 1 || st.Enriched["tag"] != 2 {
		t.Errorf("stats = %+v", st)
	}
}

func TestPipelineCacheRecomputesOnlyChangedItems(t *testing.T) {
	tag := &funcEnricher{name: "tag", version: "1", fn: func(it *feed.Item, add *feed.Additions) error {
		add.Categories = append(add.Categories, "topic of "+it.Title)
		return nil
	}}
	p := &Pipeline{Enrichers: []Enricher{tag}, Cache: NewItemCache(100)}
	first, _ := p.Run(context.Background(), "show", doc("a", "b", "c"))
	if tag.calls != 3 {
		t.Fatalf("first run: %d calls, want 3", tag.calls)
	}
	// One new episode at the top, the rest unchanged.
	second, st := p.Run(context.Background(), "show", doc("new", "a", "b", "c"))
	if tag.calls != 4 {
		t.Errorf("second run computed %d items, want only the new one", tag.calls-3)
	}
	if st.Cached["tag"] != 3 {
		t.Errorf("cached = %d, want 3", st.Cached["tag"])
	}
	if !slices.Equal(second[1].Categories, first[0].Categories) || second[0].Categories[0] != "topic of new" {
		t.Errorf("cached results differ: first %+v second %+v", first, second)
	}
	// A new enricher version recomputes everything.
	tag.version = "2"
	p.Run(context.Background(), "show", doc("new", "a", "b", "c"))
	if tag.calls != 8 {
		t.Errorf("after a version bump %d calls, want 8", tag.calls)
	}
	// Another feed with the same item bytes does not share results.
	p.Run(context.Background(), "other-show", doc("a"))
	if tag.calls != 9 {
		t.Errorf("another feed reused this feed's results")
	}
}

func TestItemCacheBound(t *testing.T) {
	c := NewItemCache(2)
	c.put(itemKey{1, 1}, feed.Additions{Categories: []string{"1"}})
	c.put(itemKey{2, 2}, feed.Additions{Categories: []string{"2"}})
	c.get(itemKey{1, 1}) // 1 is now the most recent
	c.put(itemKey{3, 3}, feed.Additions{Categories: []string{"3"}})
	if _, ok := c.get(itemKey{2, 2}); ok {
		t.Error("least recently used entry survived")
	}
	if _, ok := c.get(itemKey{1, 1}); !ok {
		t.Error("recently used entry evicted")
	}
	if c.Len() != 2 {
		t.Errorf("len = %d, want 2", c.Len())
	}
}

func TestPipelineCutShortByContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tag := &funcEnricher{name: "tag", version: "1", fn: func(it *feed.Item, add *feed.Additions) error {
		add.Categories = append(add.Categories, "topic of "+it.Title)
		cancel() // the refresh deadline passes while the first item is enriched
		return nil
	}}
	adds, st := (&Pipeline{Enrichers: []Enricher{tag}}).Run(ctx, "show", doc("a", "b", "c"))
	if !st.Cut {
		t.Error("a run ended by its context is not marked Cut")
	}
	if len(adds) != 3 || len(adds[0].Categories) != 1 || len(adds[1].Categories) != 0 || tag.calls != 1 {
		t.Errorf("adds = %+v after %d calls; want the first item enriched, the rest untouched", adds, tag.calls)
	}
	if _, st := (&Pipeline{Enrichers: []Enricher{tag}}).Run(context.Background(), "show", doc("a")); st.Cut {
		t.Error("a complete run is marked Cut")
	}
}

// Items made by hand, with no bytes, are computed every time: they have
// nothing to be told apart by.
func TestPipelineCacheSkipsItemsWithoutBytes(t *testing.T) {
	tag := &funcEnricher{name: "tag", version: "1", fn: func(it *feed.Item, add *feed.Additions) error {
		add.Categories = append(add.Categories, "topic of "+it.Title)
		return nil
	}}
	p := &Pipeline{Enrichers: []Enricher{tag}, Cache: NewItemCache(100)}
	doc := &feed.Document{Items: []feed.Item{{Title: "a"}, {Title: "b"}}}
	p.Run(context.Background(), "show", doc)
	adds, st := p.Run(context.Background(), "show", doc)
	if st.Cached["tag"] != 0 || adds[1].Categories[0] != "topic of b" {
		t.Errorf("cached %d, item b tagged %q", st.Cached["tag"], adds[1].Categories)
	}
}

// The same item bytes under other namespace declarations read differently
// (here content:encoded is not the content module's), so the cache does not
// answer for them.
func TestPipelineCacheFollowsNamespaceScope(t *testing.T) {
	const item = `<item><title>a</title><content:encoded>notes</content:encoded></item>`
	parse := func(uri string) *feed.Document {
		d, err := feed.Parse([]byte(`<rss xmlns:content="` + uri + `"><channel>` + item + `</channel></rss>`))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	notes := &funcEnricher{name: "notes", version: "1", fn: func(it *feed.Item, add *feed.Additions) error {
		add.Categories = append(add.Categories, "notes: "+it.ContentEncoded)
		return nil
	}}
	p := &Pipeline{Enrichers: []Enricher{notes}, Cache: NewItemCache(100)}
	p.Run(context.Background(), "show", parse("http://purl.org/rss/1.0/modules/content/"))
	adds, st := p.Run(context.Background(), "show", parse("urn:example:other"))
	if st.Cached["notes"] != 0 || adds[0].Categories[0] != "notes: " {
		t.Errorf("under another binding: cached %d, %q", st.Cached["notes"], adds[0].Categories)
	}
	if _, st := p.Run(context.Background(), "show", parse("urn:example:other")); st.Cached["notes"] != 1 {
		t.Errorf("the same feed again: cached %d, want 1", st.Cached["notes"])
	}
}

// A refresh where only the server's time stamp before <rss> changed (as
// Squarespace writes on every response) finds every item in the cache.
func TestPipelineCacheIgnoresTimeStampBeforeRSS(t *testing.T) {
	raw := testcorpus.Feed(t, "accidental-tech-podcast-squarespace.xml")
	later := bytes.Replace(raw, []byte("on Thu, 10 Jan 2019 19:39:31 GMT"), []byte("on Thu, 10 Jan 2019 19:44:07 GMT"), 1)
	if bytes.Equal(later, raw) {
		t.Fatal("no time stamp to change")
	}
	tag := &funcEnricher{name: "tag", version: "1", fn: func(it *feed.Item, add *feed.Additions) error { return nil }}
	p := &Pipeline{Enrichers: []Enricher{tag}, Cache: NewItemCache(1000)}
	items := 0
	for _, b := range [][]byte{raw, later} {
		d, err := feed.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		p.Run(context.Background(), "atp", d)
		items = len(d.Items)
	}
	if tag.calls != items {
		t.Errorf("%d items computed over two runs, want %d (the first run's only)", tag.calls, items)
	}
}

// priorEnricher records what it sees of the item before it adds.
type priorEnricher struct {
	sawPrior, sawFresh []string
}

func (e *priorEnricher) Name() string    { return "prior" }
func (e *priorEnricher) Version() string { return "1" }
func (e *priorEnricher) Enrich(_ context.Context, f *Feed, it *feed.Item, add *feed.Additions) error {
	e.sawPrior = append(e.sawPrior, f.Prior(it).Categories...)
	e.sawFresh = append(e.sawFresh, add.Categories...)
	add.Categories = append(add.Categories, "second")
	add.Evidence = append(add.Evidence, feed.Evidence{Of: "tag", Value: "second", Why: "test"})
	return nil
}

// Each enricher gets a fresh Additions, reads what the earlier ones added
// through Feed.Prior, and the pipeline merges what each returned in order,
// evidence included.
func TestPipelineFreshAdditionsAndPrior(t *testing.T) {
	first := &funcEnricher{name: "first", version: "1", fn: func(it *feed.Item, add *feed.Additions) error {
		add.Categories = append(add.Categories, "first")
		return nil
	}}
	second := &priorEnricher{}
	adds, _ := (&Pipeline{Enrichers: []Enricher{first, second}}).Run(context.Background(), "show", doc("a"))
	if !reflect.DeepEqual(second.sawPrior, []string{"first"}) || len(second.sawFresh) != 0 {
		t.Errorf("second saw prior %q, fresh %q; want [first] and nothing", second.sawPrior, second.sawFresh)
	}
	if got := adds[0].Categories; !reflect.DeepEqual(got, []string{"first", "second"}) {
		t.Errorf("categories %q", got)
	}
	if len(adds[0].Evidence) != 1 || adds[0].Evidence[0].Value != "second" {
		t.Errorf("evidence %+v", adds[0].Evidence)
	}
	f := NewFeed("show", doc("b"))
	if p := f.Prior(&f.Items[0]); !p.Empty() {
		t.Errorf("Prior outside a run: %+v", p)
	}
}
