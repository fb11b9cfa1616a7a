package quality

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
)

// Observed is what a reader of the enriched feed sees for one episode.
type Observed struct {
	Chapters    []Chapter // from the podcast:chapters JSON recast wrote
	Transcripts []string  // every podcast:transcript URL of the item
	Persons     []Person  // the item's podcast:person, or the channel's when it has none
	Added       []string  // categories the enriched item has and the upstream one had not
}

// Chapter is one chapter entry.
type Chapter struct {
	Start float64 // seconds
	Title string
}

// Observe reads an enriched feed (enriched), the same feed with no enricher
// run (base: what upstream had), and the chapter files recast wrote under
// dir, published at publicURL. It returns the episodes keyed by guid,
// enclosure URL and link, each key present when the item has it.
func Observe(enriched, base []byte, dir, publicURL string) (map[string]*Observed, error) {
	p := gofeed.NewParser()
	ef, err := p.Parse(bytes.NewReader(enriched))
	if err != nil {
		return nil, fmt.Errorf("enriched feed: %w", err)
	}
	bf, err := p.Parse(bytes.NewReader(base))
	if err != nil {
		return nil, fmt.Errorf("base feed: %w", err)
	}
	had := map[string]map[string]bool{}
	for _, it := range bf.Items {
		cats := map[string]bool{}
		for _, c := range it.Categories {
			cats[strings.ToLower(strings.TrimSpace(c))] = true
		}
		for _, k := range keys(it) {
			had[k] = cats
		}
	}
	channel := persons(ef.Extensions)
	out := map[string]*Observed{}
	for _, it := range ef.Items {
		o := &Observed{Persons: persons(it.Extensions)}
		if len(o.Persons) == 0 {
			o.Persons = channel
		}
		for _, t := range it.Extensions["podcast"]["transcript"] {
			o.Transcripts = append(o.Transcripts, strings.TrimSpace(t.Attrs["url"]))
		}
		for _, c := range it.Extensions["podcast"]["chapters"] {
			u := strings.TrimSpace(c.Attrs["url"])
			rest, ok := strings.CutPrefix(u, strings.TrimSuffix(publicURL, "/")+"/")
			if !ok {
				continue // the publisher's own chapters, not recast's
			}
			chs, err := readChapters(filepath.Join(dir, filepath.FromSlash(rest)))
			if err != nil {
				return nil, err
			}
			o.Chapters = chs
		}
		ks := keys(it)
		var before map[string]bool
		for _, k := range ks {
			if before = had[k]; before != nil {
				break
			}
		}
		for _, c := range it.Categories {
			if !before[strings.ToLower(strings.TrimSpace(c))] {
				o.Added = append(o.Added, strings.TrimSpace(c))
			}
		}
		for _, k := range ks {
			if out[k] == nil {
				out[k] = o
			}
		}
	}
	return out, nil
}

// keys are the ways a label can name an item: guid, enclosure URL, link.
func keys(it *gofeed.Item) []string {
	var ks []string
	if g := strings.TrimSpace(it.GUID); g != "" {
		ks = append(ks, "guid:"+g)
	}
	for _, e := range it.Enclosures {
		ks = append(ks, "enclosure:"+strings.TrimSpace(e.URL))
	}
	if l := strings.TrimSpace(it.Link); l != "" {
		ks = append(ks, "link:"+l)
	}
	return ks
}

// lookup finds the observed item a label names.
func lookup(obs map[string]*Observed, e Episode) *Observed {
	for _, k := range []string{"guid:" + e.GUID, "enclosure:" + e.Enclosure, "link:" + e.Link} {
		if strings.HasSuffix(k, ":") {
			continue
		}
		if o := obs[k]; o != nil {
			return o
		}
	}
	return nil
}

func persons(x ext.Extensions) []Person {
	var ps []Person
	for _, p := range x["podcast"]["person"] {
		role := strings.ToLower(strings.TrimSpace(p.Attrs["role"]))
		if role == "" {
			role = "host" // the namespace's default
		}
		if name := strings.TrimSpace(p.Value); name != "" {
			ps = append(ps, Person{Name: name, Role: role})
		}
	}
	return ps
}

func readChapters(path string) ([]Chapter, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Chapters []struct {
			StartTime float64 `json:"startTime"`
			Title     string  `json:"title"`
			TOC       *bool   `json:"toc"`
		} `json:"chapters"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []Chapter
	for _, c := range doc.Chapters {
		if c.TOC != nil && !*c.TOC {
			continue // not shown in a table of contents
		}
		out = append(out, Chapter{Start: c.StartTime, Title: c.Title})
	}
	return out, nil
}
