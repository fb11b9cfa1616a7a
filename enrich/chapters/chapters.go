// Package chapters is the enricher that finds an episode's chapter markers.
//
// Sources, best first; the first that yields chapters wins:
//  1. the item's own podcast:chapters: kept, nothing is added;
//  2. its inline Podlove psc:chapters (feed.Item.PSCChapters), served again
//     as JSON Chapters;
//  3. a chapter list in the show notes (ParseList);
//  4. opt-in, with Enricher.Fetch set: headings with [hh:mm:ss] on the
//     episode page the item links to (PageChapters);
//  5. opt-in, with Enricher.Fetch set: ID3v2 CHAP frames at the start of an
//     MP3 enclosure, read with one Range request (ID3Chapters).
//
// The chapters go to feed.Additions.Chapters, ascending, titles trimmed and
// non-empty, with feed.Additions.NotesListChapters set when the show notes
// list chapters (whichever source won). The caller serves them with JSON at
// a name made by EpisodeID.
package chapters

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// Config is the per-feed configuration of the chapters enricher. The zero
// value reads chapters from the feed alone, with no network sources.
type Config struct {
	// FetchPages reads headings with [hh:mm:ss] on the page each item links
	// to (<link>). Off by default: it costs one request per episode page.
	FetchPages bool `yaml:"fetch_pages"`
	// ID3 reads CHAP frames from the first MaxID3Bytes of MP3 enclosures with
	// one Range request. Off by default.
	ID3 bool `yaml:"id3"`
	// MaxPageBytes caps the episode page read; 0 means 2 MiB. A longer page
	// is read up to the cap.
	MaxPageBytes int `yaml:"max_page_bytes"`
	// MaxID3Bytes is the size of the Range request for the ID3 tag; 0 means
	// 256 KiB. CHAP frames past it are not seen.
	MaxID3Bytes int `yaml:"max_id3_bytes"`
	// MinEntries is the fewest entries a show-notes or page chapter list must
	// have: 0 means 3, values below 2 mean 2.
	MinEntries int `yaml:"min_entries"`
	// Timeout bounds each fetch; 0 means 10s.
	Timeout time.Duration `yaml:"timeout"`
}

// Defaults for the zero Config.
const (
	DefaultMaxPageBytes = 2 << 20
	DefaultMaxID3Bytes  = 256 << 10
	DefaultTimeout      = 10 * time.Second
)

// version is bumped whenever the output for the same input and Config may
// change.
const version = "4"

// Enricher finds chapters for an item. It is safe for concurrent use.
type Enricher struct {
	// Fetch gets url: the whole resource when byteRange is "", else the given
	// HTTP Range ("bytes=0-262143"), where a full 200 response is fine too.
	// Implementations bound the body size and honour ctx; the Enricher also
	// cuts what it gets to its limits. Nil means no network sources: the
	// page and ID3 sources are off whatever Config says.
	Fetch func(ctx context.Context, url string, byteRange string) ([]byte, error)

	cfg               Config
	version, netOnVer string // Version without and with Fetch
}

// New returns an Enricher for cfg, with Fetch nil.
func New(cfg Config) *Enricher {
	if cfg.MaxPageBytes <= 0 {
		cfg.MaxPageBytes = DefaultMaxPageBytes
	}
	if cfg.MaxID3Bytes <= 0 {
		cfg.MaxID3Bytes = DefaultMaxID3Bytes
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	cfg.MinEntries = ListOptions{MinEntries: cfg.MinEntries}.minEntries()
	v := fmt.Sprintf("%s;min=%d;pages=%t;id3=%t", version, cfg.MinEntries, cfg.FetchPages, cfg.ID3)
	return &Enricher{cfg: cfg, version: v + ";net=false", netOnVer: v + ";net=true"}
}

// Name implements enrich.Enricher.
func (e *Enricher) Name() string { return "chapters" }

// Version implements enrich.Enricher. It covers the Config and whether Fetch
// is set, since both change what is found.
func (e *Enricher) Version() string {
	if e.Fetch == nil {
		return e.version
	}
	return e.netOnVer
}

var _ enrich.Enricher = (*Enricher)(nil)

// Enrich writes the item's chapters into add.Chapters, from the best source
// that has them (see the package comment). It writes nothing when the item
// has a podcast:chapters. An error means a network source failed and no
// source gave chapters; add is then untouched.
func (e *Enricher) Enrich(ctx context.Context, f *enrich.Feed, it *feed.Item, add *feed.Additions) error {
	if it == nil || add == nil || f == nil {
		return errors.New("chapters: nil feed, item or additions")
	}
	if it.HasChapters {
		return nil
	}
	opt := ListOptions{Duration: ParseDuration(it.ITunes.Duration), MinEntries: e.cfg.MinEntries}
	if chs := authored(it.PSCChapters); len(chs) > 0 {
		add.Chapters = chs
		add.NotesListChapters = len(FromNotes(f.Notes(it), opt)) > 0 || descriptionLists(it, opt)
		add.Evidence = append(add.Evidence, chapterEvidence(chs, "the item's psc:chapters (Podlove Simple Chapters)"))
		return nil
	}
	if chs := FromNotes(f.Notes(it), opt); len(chs) > 0 {
		add.Chapters, add.NotesListChapters = chs, true
		add.Evidence = append(add.Evidence, chapterEvidence(chs, listEvidence(chs, opt)))
		return nil
	}
	if e.Fetch == nil {
		return nil
	}
	var errs []error
	if e.cfg.FetchPages && isHTTP(it.Link) && !sharedLink(f, it.Link) {
		chs, err := e.page(ctx, f, it.Link, opt)
		if len(chs) > 0 {
			add.Chapters, add.NotesListChapters = chs, descriptionLists(it, opt)
			add.Evidence = append(add.Evidence, chapterEvidence(chs, "[hh:mm:ss] headings of the episode page "+it.Link))
			return nil
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	if e.cfg.ID3 && isMP3(it.Enclosure) {
		chs, err := e.id3(ctx, it.Enclosure.URL)
		if len(chs) > 0 {
			add.Chapters, add.NotesListChapters = chs, descriptionLists(it, opt)
			add.Evidence = append(add.Evidence, chapterEvidence(chs, "ID3 CHAP frames of the enclosure"))
			return nil
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// chapterEvidence says where a chapter list came from.
func chapterEvidence(chs []feed.Chapter, why string) feed.Evidence {
	return feed.Evidence{Of: "chapters", Value: fmt.Sprintf("%d chapters, %s %s to %s %s", len(chs),
		clock(chs[0].Start), chs[0].Title, clock(chs[len(chs)-1].Start), chs[len(chs)-1].Title), Why: why}
}

// listEvidence describes a list found in the notes, and what was done to
// it: put in order, or kept past itunes:duration.
func listEvidence(chs []feed.Chapter, opt ListOptions) string {
	why := fmt.Sprintf("a list of %d timestamped lines in the show notes", len(chs))
	if opt.Duration > 0 && chs[len(chs)-1].Start >= opt.Duration {
		why += fmt.Sprintf("; kept whole though its last stamp is past itunes:duration (%s): the publisher's list is better evidence", clock(opt.Duration))
	}
	return why
}

// clock writes seconds as h:mm:ss.
func clock(sec float64) string {
	s := int(sec)
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

// descriptionLists reports whether the item's description lists chapters
// where its show notes (enrich.Feed.Notes) are content:encoded: apps that
// show the description see a list there.
func descriptionLists(it *feed.Item, opt ListOptions) bool {
	if strings.TrimSpace(it.ContentEncoded) == "" || strings.TrimSpace(it.Description) == "" {
		return false // the notes are the description, or there is none
	}
	n := enrich.ParseNotes(it.Description)
	return len(FromNotes(&n, opt)) > 0
}

// pageResult is a fetched page's chapters, kept for the run.
type pageResult struct {
	chs []feed.Chapter
	err error
}

// page returns the chapters of the page at u, fetching it once per run
// however many items link it.
func (e *Enricher) page(ctx context.Context, f *enrich.Feed, u string, opt ListOptions) ([]feed.Chapter, error) {
	r := f.Memo("chapters:page:"+u, func() any {
		ctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
		defer cancel()
		b, err := e.Fetch(ctx, u, "")
		if err != nil {
			return pageResult{err: fmt.Errorf("chapters: page %s: %w", u, err)}
		}
		if len(b) > e.cfg.MaxPageBytes {
			b = b[:e.cfg.MaxPageBytes]
		}
		// The duration is the item's; items sharing a page are left out by
		// sharedLink, so one item's options hold for the page.
		return pageResult{chs: PageChapters(b, opt)}
	}).(pageResult)
	return r.chs, r.err
}

// id3 reads the CHAP frames of the MP3 at u.
func (e *Enricher) id3(ctx context.Context, u string) ([]feed.Chapter, error) {
	ctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
	defer cancel()
	b, err := e.Fetch(ctx, u, "bytes=0-"+strconv.Itoa(e.cfg.MaxID3Bytes-1))
	if err != nil {
		return nil, fmt.Errorf("chapters: id3 %s: %w", u, err)
	}
	if len(b) > e.cfg.MaxID3Bytes {
		b = b[:e.cfg.MaxID3Bytes]
	}
	chs, err := ID3Chapters(b)
	if errors.Is(err, ErrNoID3) {
		return nil, nil // an MP3 without a tag has no chapters; not a failure
	}
	return chs, err
}

// sharedLink reports whether u is the show's own link or the link of more
// than one item: a show page, whose headings are no one episode's chapters.
func sharedLink(f *enrich.Feed, u string) bool {
	shared := f.Memo("chapters:shared-links", func() any {
		seen := make(map[string]int, len(f.Items))
		for i := range f.Items {
			if l := normLink(f.Items[i].Link); l != "" {
				seen[l]++
			}
		}
		if f.Channel != nil {
			if l := normLink(f.Channel.Link); l != "" {
				seen[l] += 2
			}
		}
		return seen
	}).(map[string]int)
	return shared[normLink(u)] > 1
}

func normLink(u string) string {
	return strings.TrimRight(strings.TrimSpace(u), "/")
}

// isMP3 reports whether enc is an MP3 reachable over http(s).
func isMP3(enc feed.Enclosure) bool {
	u, err := url.Parse(strings.TrimSpace(enc.URL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	t := strings.ToLower(strings.TrimSpace(enc.Type))
	switch t {
	case "audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg", "audio/x-mp3":
		return true
	case "":
		return strings.HasSuffix(strings.ToLower(u.Path), ".mp3")
	}
	return false
}

// authored returns chapters an author wrote (psc:chapters, ID3 CHAP) in
// recast's form: ascending by start, one per start, titles trimmed; chapters
// without a title or with a negative or non-finite start are dropped.
func authored(in []feed.Chapter) []feed.Chapter {
	if len(in) == 0 {
		return nil
	}
	out := make([]feed.Chapter, 0, len(in))
	for _, c := range in {
		c.Title = strings.TrimSpace(c.Title)
		c.URL = strings.TrimSpace(c.URL)
		c.Image = strings.TrimSpace(c.Image)
		if c.Title == "" || c.Start < 0 || math.IsNaN(c.Start) || math.IsInf(c.Start, 0) {
			continue
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	dedup := out[:0]
	for i, c := range out {
		if i > 0 && c.Start == dedup[len(dedup)-1].Start {
			continue
		}
		dedup = append(dedup, c)
	}
	if len(dedup) == 0 {
		return nil
	}
	return dedup
}

// ParseDuration reads itunes:duration ("4258", "58:14", "1:07:09",
// "02:51:20") as seconds; 0 when empty or unreadable.
func ParseDuration(s string) float64 {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 16 {
		return 0
	}
	var sec float64
	for i, p := range strings.Split(s, ":") {
		if i > 2 {
			return 0
		}
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			return 0
		}
		sec = sec*60 + v
	}
	return sec
}
