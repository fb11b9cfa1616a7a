package chapters

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// testFetch is the Fetch the tests give the Enricher: a GET with the Range
// header when asked, the body cut at limit bytes.
func testFetch(limit int64) func(ctx context.Context, url, byteRange string) ([]byte, error) {
	return func(ctx context.Context, url, byteRange string) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		if byteRange != "" {
			req.Header.Set("Range", byteRange)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusPartialContent {
			return nil, fmt.Errorf("status %s", resp.Status)
		}
		return io.ReadAll(io.LimitReader(resp.Body, limit))
	}
}

const ekList = "<h3>Sprungmarken</h3><p>(00:00:00) Bug Management: Sollten Bugs überhaupt gemanaged werden?</p><p>(00:04:55) Info/Werbung</p><p>(00:05:55) Bug Management: Sollten Bugs überhaupt gemanaged werden?</p><p>(00:50:47) Episode 2 zum Thema Bug Management</p>"

func TestEnrichSources(t *testing.T) {
	tests := map[string]struct {
		item feed.Item
		want []feed.Chapter
	}{
		"own podcast:chapters is kept, nothing added": {
			item: feed.Item{HasChapters: true, ChaptersURL: "https://example.org/c.json", Description: ekList,
				HasPSC: true, PSCChapters: []feed.Chapter{{Start: 0, Title: "x"}}},
		},
		"psc:chapters served sorted and trimmed, before the notes": {
			item: feed.Item{Description: ekList, HasPSC: true, PSCChapters: []feed.Chapter{
				{Start: 118.5, Title: " Vorstellung "}, {Start: 0, Title: "Intro"}, {Start: 300, Title: "  "}, {Start: 118.5, Title: "dup"},
			}},
			want: []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 118.5, Title: "Vorstellung"}},
		},
		"empty psc:chapters falls through to the notes": {
			item: feed.Item{Description: ekList, HasPSC: true},
			want: []feed.Chapter{
				{Start: 0, Title: "Bug Management: Sollten Bugs überhaupt gemanaged werden?"}, {Start: 295, Title: "Info/Werbung"},
				{Start: 355, Title: "Bug Management: Sollten Bugs überhaupt gemanaged werden?"}, {Start: 3047, Title: "Episode 2 zum Thema Bug Management"},
			},
		},
		"itunes:duration a little short keeps the notes list whole": {
			item: feed.Item{Description: ekList, ITunes: feed.ITunes{Duration: "3040"}},
			want: []feed.Chapter{
				{Start: 0, Title: "Bug Management: Sollten Bugs überhaupt gemanaged werden?"}, {Start: 295, Title: "Info/Werbung"},
				{Start: 355, Title: "Bug Management: Sollten Bugs überhaupt gemanaged werden?"}, {Start: 3047, Title: "Episode 2 zum Thema Bug Management"},
			},
		},
		"itunes:duration far short of the notes list refuses it": {
			item: feed.Item{Description: ekList, ITunes: feed.ITunes{Duration: "600"}},
		},
		"content:encoded is read before the description": {
			item: feed.Item{Description: "no chapters", ContentEncoded: "<p>0:00 Pre-show</p><p>1:37 Intro</p><p>2:55 Edge for Linux</p>"},
			want: []feed.Chapter{{Start: 0, Title: "Pre-show"}, {Start: 97, Title: "Intro"}, {Start: 175, Title: "Edge for Linux"}},
		},
		"no source": {
			item: feed.Item{Description: "<p>beginning at 8:30 a.m. Eastern on Wednesday</p>"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := &enrich.Feed{Channel: &feed.Channel{}, Items: []feed.Item{tc.item}}
			var add feed.Additions
			if err := New(Config{}).Enrich(context.Background(), f, &f.Items[0], &add); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(add.Chapters, tc.want) {
				t.Errorf("got %+v\nwant %+v", add.Chapters, tc.want)
			}
			// Every list added says where it came from.
			if n := len(add.Evidence); (len(tc.want) > 0) != (n == 1) || n == 1 && (add.Evidence[0].Of != "chapters" || add.Evidence[0].Why == "") {
				t.Errorf("evidence %+v for %d chapters", add.Evidence, len(tc.want))
			}
		})
	}
}

func TestEnrichNilArguments(t *testing.T) {
	e := New(Config{})
	if err := e.Enrich(context.Background(), nil, &feed.Item{}, &feed.Additions{}); err == nil {
		t.Error("nil feed: no error")
	}
	if err := e.Enrich(context.Background(), &enrich.Feed{}, nil, &feed.Additions{}); err == nil {
		t.Error("nil item: no error")
	}
}

// pageServer serves the seed episode page and some bad pages, counting
// requests per path.
type pageServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newPageServer(t *testing.T) *pageServer {
	page := testcorpus.Seed(t, "jan-leike-episode-page.html")
	s := &pageServer{hits: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/podcast/episodes/jan-leike-superalignment/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "oops", http.StatusInternalServerError)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<h3>Intro [00:00:00]</h3><h3>Talk [00:10:00]</h3><h3>More [00:20:00]</h3>`)
		w.Write(bytes.Repeat([]byte("<p>filler</p>"), 1000))
		fmt.Fprint(w, `<h3>Late [00:30:00]</h3><h3>Later [00:40:00]</h3>`)
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *pageServer) requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, v := range s.hits {
		n += v
	}
	return n
}

// seedFeed is the seed feed with its first item linking path on srv.
func seedFeed(t *testing.T, srv *pageServer, path string) *enrich.Feed {
	f := loadFeed(t, testcorpus.Seed(t, "eighty-thousand-hours-jan-leike.xml"))
	if f == nil || len(f.Items) != 2 {
		t.Fatal("seed feed not read")
	}
	f.Items[0].Link = srv.URL + path
	return f
}

func TestEnrichPage(t *testing.T) {
	srv := newPageServer(t)
	const seedPath = "/podcast/episodes/jan-leike-superalignment/"
	tests := map[string]struct {
		cfg      Config
		noFetch  bool
		path     string // "" links the show's own page
		want     []feed.Chapter
		wantErr  bool
		requests int
	}{
		"seed page headings": {
			cfg: Config{FetchPages: true}, path: seedPath, want: seedChapters, requests: 1,
		},
		"pages are off by default": {
			path: seedPath,
		},
		"no Fetch means no network whatever the config": {
			cfg: Config{FetchPages: true}, noFetch: true, path: seedPath,
		},
		"server error is reported, item untouched": {
			cfg: Config{FetchPages: true}, path: "/broken", wantErr: true, requests: 1,
		},
		"a page that never answers times out": {
			cfg: Config{FetchPages: true, Timeout: 200 * time.Millisecond}, path: "/slow", wantErr: true, requests: 1,
		},
		"page read up to max_page_bytes": {
			cfg: Config{FetchPages: true, MaxPageBytes: 4096}, path: "/huge", requests: 1,
			want: []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 600, Title: "Talk"}, {Start: 1200, Title: "More"}},
		},
		"min_entries above the page's count": {
			cfg: Config{FetchPages: true, MinEntries: 11}, path: seedPath, requests: 1,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			before := srv.requests()
			f := seedFeed(t, srv, tc.path)
			e := New(tc.cfg)
			if !tc.noFetch {
				e.Fetch = testFetch(8 << 20)
			}
			var add feed.Additions
			start := time.Now()
			err := e.Enrich(context.Background(), f, &f.Items[0], &add)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "chapters: page ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			if time.Since(start) > 5*time.Second {
				t.Errorf("took %v", time.Since(start))
			}
			if !reflect.DeepEqual(add.Chapters, tc.want) {
				t.Errorf("got %+v\nwant %+v", add.Chapters, tc.want)
			}
			// Every list added says where it came from.
			if n := len(add.Evidence); (len(tc.want) > 0) != (n == 1) || n == 1 && (add.Evidence[0].Of != "chapters" || add.Evidence[0].Why == "") {
				t.Errorf("evidence %+v for %d chapters", add.Evidence, len(tc.want))
			}
			if got := srv.requests() - before; got != tc.requests {
				t.Errorf("%d requests, want %d", got, tc.requests)
			}
		})
	}
}

func TestEnrichPageFetchedOncePerRun(t *testing.T) {
	srv := newPageServer(t)
	f := seedFeed(t, srv, "/podcast/episodes/jan-leike-superalignment/")
	e := New(Config{FetchPages: true})
	e.Fetch = testFetch(8 << 20)
	var wg sync.WaitGroup
	var found atomic.Int32
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var add feed.Additions
			if err := e.Enrich(context.Background(), f, &f.Items[0], &add); err != nil {
				t.Error(err)
			}
			if len(add.Chapters) == len(seedChapters) {
				found.Add(1)
			}
		}()
	}
	wg.Wait()
	if found.Load() != 4 || srv.requests() != 1 {
		t.Errorf("%d of 4 calls found the chapters with %d requests, want 4 with 1", found.Load(), srv.requests())
	}
	// A new run fetches again.
	f2 := seedFeed(t, srv, "/podcast/episodes/jan-leike-superalignment/")
	if err := e.Enrich(context.Background(), f2, &f2.Items[0], &feed.Additions{}); err != nil {
		t.Fatal(err)
	}
	if srv.requests() != 2 {
		t.Errorf("%d requests after a second run, want 2", srv.requests())
	}
}

func TestEnrichPageSharedLinksNotRead(t *testing.T) {
	srv := newPageServer(t)
	tests := map[string]func(f *enrich.Feed){
		"two items link the same page":   func(f *enrich.Feed) { f.Items[1].Link = f.Items[0].Link + "/" },
		"the item links the show's page": func(f *enrich.Feed) { f.Channel.Link = f.Items[0].Link },
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			before := srv.requests()
			f := seedFeed(t, srv, "/podcast/episodes/jan-leike-superalignment/")
			change(f)
			e := New(Config{FetchPages: true})
			e.Fetch = testFetch(8 << 20)
			var add feed.Additions
			if err := e.Enrich(context.Background(), f, &f.Items[0], &add); err != nil {
				t.Fatal(err)
			}
			if add.Chapters != nil || srv.requests() != before {
				t.Errorf("chapters %+v after %d requests, want none", add.Chapters, srv.requests()-before)
			}
		})
	}
}

func TestEnrichID3(t *testing.T) {
	chap := func(elem string, ms uint32, title string) []byte {
		return frame(3, "CHAP", 0, chapData(3, elem, ms, frame(3, "TIT2", 0, text(0, title), false)), false)
	}
	withTag := append(tag(3, 0, chap("a", 0, "Intro"), chap("b", 61000, "Main")), bytes.Repeat([]byte{0xff, 0xfb, 0x90, 0x64}, 1<<18)...)
	noTag := bytes.Repeat([]byte{0xff, 0xfb, 0x90, 0x64}, 1000)
	var (
		mu     sync.Mutex
		ranges []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		ranges = append(ranges, r.Header.Get("Range"))
		mu.Unlock()
		switch r.URL.Path {
		case "/ep.mp3":
			http.ServeContent(w, r, "ep.mp3", time.Time{}, bytes.NewReader(withTag))
		case "/ignores-range.mp3":
			w.Write(withTag) // a 200 with the whole file
		case "/plain.mp3":
			http.ServeContent(w, r, "plain.mp3", time.Time{}, bytes.NewReader(noTag))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	want := []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 61, Title: "Main"}}
	tests := map[string]struct {
		cfg      Config
		enc      feed.Enclosure
		want     []feed.Chapter
		wantErr  bool
		requests []string
	}{
		"CHAP frames with one range request": {
			cfg: Config{ID3: true}, enc: feed.Enclosure{URL: srv.URL + "/ep.mp3", Type: "audio/mpeg"},
			want: want, requests: []string{"bytes=0-262143"},
		},
		"max_id3_bytes sets the range": {
			cfg: Config{ID3: true, MaxID3Bytes: 1024}, enc: feed.Enclosure{URL: srv.URL + "/ep.mp3"},
			want: want, requests: []string{"bytes=0-1023"},
		},
		"server ignoring the range is cut": {
			cfg: Config{ID3: true, MaxID3Bytes: 1024}, enc: feed.Enclosure{URL: srv.URL + "/ignores-range.mp3", Type: "audio/mpeg"},
			want: want, requests: []string{"bytes=0-1023"},
		},
		"mp3 without a tag is no error": {
			cfg: Config{ID3: true}, enc: feed.Enclosure{URL: srv.URL + "/plain.mp3", Type: "audio/mpeg"},
			requests: []string{"bytes=0-262143"},
		},
		"missing file is an error": {
			cfg: Config{ID3: true}, enc: feed.Enclosure{URL: srv.URL + "/gone.mp3", Type: "audio/mpeg"},
			wantErr: true, requests: []string{"bytes=0-262143"},
		},
		"id3 is off by default": {
			enc: feed.Enclosure{URL: srv.URL + "/ep.mp3", Type: "audio/mpeg"},
		},
		"not an mp3": {
			cfg: Config{ID3: true}, enc: feed.Enclosure{URL: srv.URL + "/ep.mp3", Type: "audio/x-m4a"},
		},
		"not http": {
			cfg: Config{ID3: true}, enc: feed.Enclosure{URL: "file:///etc/passwd.mp3", Type: "audio/mpeg"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			mu.Lock()
			ranges = nil
			mu.Unlock()
			f := &enrich.Feed{Channel: &feed.Channel{}, Items: []feed.Item{{Enclosure: tc.enc, Description: "no chapters here"}}}
			e := New(tc.cfg)
			e.Fetch = testFetch(8 << 20)
			var add feed.Additions
			err := e.Enrich(context.Background(), f, &f.Items[0], &add)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if !reflect.DeepEqual(add.Chapters, tc.want) {
				t.Errorf("got %+v\nwant %+v", add.Chapters, tc.want)
			}
			// Every list added says where it came from.
			if n := len(add.Evidence); (len(tc.want) > 0) != (n == 1) || n == 1 && (add.Evidence[0].Of != "chapters" || add.Evidence[0].Why == "") {
				t.Errorf("evidence %+v for %d chapters", add.Evidence, len(tc.want))
			}
			mu.Lock()
			defer mu.Unlock()
			if !reflect.DeepEqual(ranges, tc.requests) {
				t.Errorf("requests with Range %q, want %q", ranges, tc.requests)
			}
		})
	}
}

func TestConfigYAML(t *testing.T) {
	var cfg Config
	in := "fetch_pages: true\nid3: true\nmax_page_bytes: 1048576\nmax_id3_bytes: 65536\nmin_entries: 4\ntimeout: 3s\n"
	if err := yaml.Unmarshal([]byte(in), &cfg); err != nil {
		t.Fatal(err)
	}
	want := Config{FetchPages: true, ID3: true, MaxPageBytes: 1 << 20, MaxID3Bytes: 64 << 10, MinEntries: 4, Timeout: 3 * time.Second}
	if cfg != want {
		t.Errorf("got %+v, want %+v", cfg, want)
	}
}

func TestVersion(t *testing.T) {
	base := New(Config{})
	withFetch := New(Config{})
	withFetch.Fetch = testFetch(1)
	versions := map[string]string{
		"zero config":    base.Version(),
		"fetch set":      withFetch.Version(),
		"pages on":       New(Config{FetchPages: true}).Version(),
		"id3 on":         New(Config{ID3: true}).Version(),
		"min_entries 4":  New(Config{MinEntries: 4}).Version(),
		"timeout change": New(Config{Timeout: time.Second}).Version(),
	}
	if versions["timeout change"] != versions["zero config"] {
		t.Errorf("a timeout does not change the output, but the version changed")
	}
	seen := map[string]string{}
	for name, v := range versions {
		if name == "timeout change" {
			continue
		}
		if other, ok := seen[v]; ok {
			t.Errorf("%s and %s share version %q", name, other, v)
		}
		seen[v] = name
	}
	if New(Config{MinEntries: 3}).Version() != base.Version() {
		t.Errorf("min_entries 3 is the default, yet the version differs")
	}
}
