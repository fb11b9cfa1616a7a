package transcripts

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/recast-podcast/recast/enrich/enrichtest"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

func TestSeed(t *testing.T) {
	f := enrichtest.LoadFeed(t, "seed", testcorpus.Seed(t, "eighty-thousand-hours-jan-leike.xml"))
	adds := enrichtest.EnrichAll(t, New(Config{}), f)
	want := [][]feed.Transcript{
		{{URL: "https://80000hours.org/podcast/episodes/jan-leike-superalignment/#transcript", Type: "text/html", Language: "en"}},
		{{URL: "https://80000hours.org/podcast/episodes/danny-hernandez-forecasting-ai-progress/", Type: "text/html", Language: "en"}},
	}
	for i := range want {
		if !reflect.DeepEqual(adds[i].Transcripts, want[i]) {
			t.Errorf("item %d: transcripts %+v, want %+v", i, adds[i].Transcripts, want[i])
		}
	}
}

func TestEnrich(t *testing.T) {
	const notes = `<p><a href="https://example.org/ep/12/?utm_source=feed">Full transcript</a> and <a href="https://cdn.example.org/12.vtt">captions</a></p>`
	tests := map[string]struct {
		cfg      Config
		language string
		have     []feed.Transcript // already on the item
		added    []feed.Transcript // already in the additions
		want     []feed.Transcript
	}{
		"both found, channel language": {
			language: " en-us ",
			want: []feed.Transcript{
				{URL: "https://example.org/ep/12/", Type: "text/html", Language: "en-us"},
				{URL: "https://cdn.example.org/12.vtt", Type: "text/vtt", Language: "en-us", Rel: "captions"},
			},
		},
		"config language and tracking kept": {
			cfg:      Config{Language: "de", KeepTrackingParams: true},
			language: "en",
			want: []feed.Transcript{
				{URL: "https://example.org/ep/12/?utm_source=feed", Type: "text/html", Language: "de"},
				{URL: "https://cdn.example.org/12.vtt", Type: "text/vtt", Language: "de", Rel: "captions"},
			},
		},
		"a channel language that is no tag is left out": {
			language: "English (US)",
			want: []feed.Transcript{
				{URL: "https://example.org/ep/12/", Type: "text/html"},
				{URL: "https://cdn.example.org/12.vtt", Type: "text/vtt", Rel: "captions"},
			},
		},
		"same page already on the item, other scheme, www and fragment": {
			have: []feed.Transcript{{URL: " http://www.example.org/ep/12#transcript ", Type: "text/html"}},
			want: []feed.Transcript{{URL: "https://cdn.example.org/12.vtt", Type: "text/vtt", Rel: "captions"}},
		},
		"item has a vtt of its own": {
			have: []feed.Transcript{{URL: "https://s3.example.org/other.vtt", Type: "text/vtt"}},
			want: []feed.Transcript{{URL: "https://example.org/ep/12/", Type: "text/html"}},
		},
		"already added by someone else": {
			added: []feed.Transcript{{URL: "https://cdn.example.org/12.vtt", Type: "text/vtt"}},
			want: []feed.Transcript{
				{URL: "https://cdn.example.org/12.vtt", Type: "text/vtt"},
				{URL: "https://example.org/ep/12/", Type: "text/html"},
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := &enrich.Feed{Channel: &feed.Channel{Language: tc.language},
				Items: []feed.Item{{Description: notes, Transcripts: tc.have}}}
			add := feed.Additions{Transcripts: tc.added}
			if err := New(tc.cfg).Enrich(context.Background(), f, &f.Items[0], &add); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(add.Transcripts, tc.want) {
				t.Errorf("transcripts %+v\nwant        %+v", add.Transcripts, tc.want)
			}
		})
	}
}

func TestEnrichOddInput(t *testing.T) {
	e := New(Config{})
	it := &feed.Item{Description: `<a href="https://example.org/t">transcript</a>`}
	if err := e.Enrich(context.Background(), nil, it, &feed.Additions{}); !errors.Is(err, ErrNilArgument) {
		t.Errorf("nil feed: err = %v, want ErrNilArgument", err)
	}
	f := &enrich.Feed{Items: []feed.Item{*it}} // nil Channel
	add := &feed.Additions{}
	if err := e.Enrich(context.Background(), f, &f.Items[0], add); err != nil || len(add.Transcripts) != 1 {
		t.Errorf("nil channel: err %v, transcripts %+v", err, add.Transcripts)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := e.Enrich(ctx, f, &f.Items[0], &feed.Additions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: err = %v", err)
	}
	for _, notes := range []string{
		`<a href="http://[::1">transcript</a>`, `<a href="https://">Full transcript</a>`,
		`<a href="https://x.org/%zz">transcript</a>`, "<a href=\"https://x.org/a\">\xff\xfe transcript</a>",
		`<a>transcript</a>`, `transcript: <a href="https://x.org/a"></a>`,
	} {
		f := &enrich.Feed{Items: []feed.Item{{Description: notes}}}
		if err := e.Enrich(context.Background(), f, &f.Items[0], &feed.Additions{}); err != nil {
			t.Errorf("%q: %v", notes, err)
		}
	}
}

func TestDocKey(t *testing.T) {
	tests := map[string]struct{ a, b string }{
		"trailing slash":    {"https://example.org/ep/", "https://example.org/ep"},
		"fragment":          {"https://example.org/ep/#transcript", "https://example.org/ep/"},
		"utm params":        {"https://example.org/ep/?utm_source=x&id=3&utm_medium=y", "https://example.org/ep/?id=3"},
		"scheme, host case": {"http://WWW.Example.org/ep", "https://example.org/ep"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if docKey(tc.a) != docKey(tc.b) {
				t.Errorf("docKey(%q) = %q, docKey(%q) = %q", tc.a, docKey(tc.a), tc.b, docKey(tc.b))
			}
		})
	}
	if docKey("https://example.org/ep?id=3") == docKey("https://example.org/ep?id=4") {
		t.Error("different queries give one key")
	}
	if got := cleanURL("https://example.org/ep/?utm_campaign=a&amp=1&utm_source=b#transcript"); got != "https://example.org/ep/?amp=1#transcript" {
		t.Errorf("cleanURL = %q", got)
	}
}
