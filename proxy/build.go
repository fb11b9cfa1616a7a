package proxy

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/enrich/chapters"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/web"
)

// Recipe is how one feed is turned into the feed recast serves.
type Recipe struct {
	Name     string           // the feed's configured name
	Pipeline *enrich.Pipeline // nil: no enrichment
	Render   feed.RenderOptions
	// ChaptersBase is the URL the chapter files are served under: an item
	// with chapters gets <podcast:chapters url="{ChaptersBase}/chapters/{episode}.json">.
	// "": chapters are not linked (and inline psc:chapters, when
	// Render.InlinePSC is set, are the only chapters written).
	ChaptersBase string
	Log          *slog.Logger // nil discards
	// Prev keeps what the feed's last Build made that the next can reuse:
	// its parsed Document, so that the next Build reparses only what changed
	// at the top (feed.Document.Reparse), and its chapter files. nil: every
	// Build starts from nothing.
	Prev *LastBuild
	// Explain fills Built.Explained with every item's evidence.
	Explain bool
}

// Explained is why recast added what it added to one item.
type Explained struct {
	ID, Title string
	Evidence  []feed.Evidence
}

// LastBuild holds what the last Build of one feed made that the next can
// reuse; safe for concurrent use. Its cost is mostly the Document, kept
// until the next Build of the feed: the upstream body (Document.Src is the
// raw body Build was given, which the caller must not modify afterwards) and
// what was parsed from it, about twice the body in all (8 MB for the 4 MB
// corpus feed). The chapter files are shared with the Built that made them.
type LastBuild struct {
	mu    sync.Mutex
	doc   *feed.Document
	files map[string]chapterFile // by item ID
}

// chapterFile is an item's JSON Chapters file and the chapters it was made
// from.
type chapterFile struct {
	chapters []feed.Chapter
	name     string // "chapters/{episode}.json"
	json     []byte
}

// parse parses raw, reparsing from the last Document when l holds one, and
// keeps the result for the next call. A nil l parses in full; a failed parse
// keeps the last good Document.
func (l *LastBuild) parse(raw []byte) (*feed.Document, error) {
	if l == nil {
		return feed.Parse(raw)
	}
	l.mu.Lock()
	prev := l.doc
	l.mu.Unlock()
	doc, err := prev.Reparse(raw) // a nil prev parses in full
	if err != nil {
		return nil, err
	}
	// Keep a copy of the Document and its items, so that an enricher
	// assigning to an item's field cannot change what the next Reparse
	// reuses.
	keep := *doc
	keep.Items = slices.Clone(doc.Items)
	l.mu.Lock()
	l.doc = &keep
	l.mu.Unlock()
	return doc, nil
}

// Built is one enriched feed, ready to cache and serve.
type Built struct {
	Body    []byte   // the served RSS
	Repairs []string // what feed.Parse repaired
	// Files are served beside the feed: JSON Chapters files by name,
	// "chapters/{episode}.json".
	Files map[string][]byte
	// Added records what recast added to each item, with the evidence, for
	// the pages (web.AddedJSON); it is kept with the entry, never served.
	Added []byte
	// NewFeedURL is the upstream's itunes:new-feed-url (or
	// podcast:newFeedUrl): where the show says it has moved.
	NewFeedURL string
	Items      int
	Stats      enrich.Stats
	// Explained holds, when Recipe.Explain is set, each item's evidence in
	// feed order.
	Explained []Explained
}

// Kept is what the cache entry keeps beside the feed: the chapter files,
// and the pages' record of additions under web.AddedFile.
func (b *Built) Kept() map[string][]byte {
	if b.Added == nil {
		return b.Files
	}
	kept := make(map[string][]byte, len(b.Files)+1)
	for name, f := range b.Files {
		kept[name] = f
	}
	kept[web.AddedFile] = b.Added
	return kept
}

// Build runs parse → enrich → render over an upstream body; with r.Prev
// set, the parse is a feed.Document.Reparse from the last one. Its only error
// is the feed's own (*feed.SyntaxError or another feed: error): an enricher
// failure degrades an item, never the build.
func Build(ctx context.Context, raw []byte, r Recipe) (*Built, error) {
	doc, err := r.Prev.parse(raw)
	if err != nil {
		return nil, err
	}
	log := r.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log.Debug("parsed", "feed", r.Name, "bytes", len(raw), "items", len(doc.Items), "repairs", doc.Repairs)
	adds, st := r.Pipeline.Run(ctx, r.Name, doc)
	files := r.Prev.chapterFiles(doc, adds, r.ChaptersBase)
	body := doc.Render(adds, r.Render)
	log.Debug("rendered", "feed", r.Name, "bytes", len(body), "chapter_files", len(files))
	b := &Built{Body: body, Repairs: doc.Repairs, Files: files, Added: web.AddedJSON(doc, adds),
		NewFeedURL: doc.Channel.NewFeedURL, Items: len(doc.Items), Stats: st}
	if r.Explain {
		for i := range adds {
			b.Explained = append(b.Explained, Explained{ID: doc.Items[i].ID(), Title: doc.Items[i].Title, Evidence: adds[i].Evidence})
		}
	}
	return b, nil
}

// chapterFiles makes the JSON Chapters file of every item that got chapters
// and has no podcast:chapters of its own, and points the item at it. File
// names derive from the item's ID, so they are stable across refreshes; an
// ID that repeats (duplicate GUIDs) gets its position appended. A file the
// last Build made from the same chapters is reused, not made again; a nil l
// makes every file.
func (l *LastBuild) chapterFiles(doc *feed.Document, adds []feed.Additions, base string) map[string][]byte {
	if base == "" {
		return nil
	}
	var last map[string]chapterFile
	if l != nil {
		l.mu.Lock()
		last = l.files
		l.mu.Unlock()
	}
	made := make(map[string]chapterFile, len(last))
	files := map[string][]byte{}
	for i := range adds {
		a, it := &adds[i], &doc.Items[i]
		if len(a.Chapters) == 0 || it.HasChapters || a.ChaptersURL != "" {
			continue
		}
		id := it.ID()
		f, ok := made[id]
		if !ok {
			f, ok = last[id]
		}
		if !ok || !slices.Equal(f.chapters, a.Chapters) {
			f = chapterFile{chapters: a.Chapters, name: "chapters/" + chapters.EpisodeID(id) + ".json", json: chapters.JSON(a.Chapters)}
		}
		name := f.name
		if _, dup := files[name]; dup {
			name = fmt.Sprintf("chapters/%s-%d.json", chapters.EpisodeID(id), i)
		} else {
			made[id] = f
		}
		files[name] = f.json
		a.ChaptersURL = base + "/" + name
	}
	if l != nil {
		l.mu.Lock()
		l.files = made
		l.mu.Unlock()
	}
	return files
}
