// Package quality scores what recast adds to episodes against a labelled
// development set (testdata/quality): chapters, transcript links, people
// and topic tags, as precision and recall, with the tag verdicts an editor
// gave. scripts/quality.sh runs it on every labelled corpus feed.
//
// The enriched feeds are read with gofeed, not with recast's own parser, so
// that a scoring run does not trust the code it scores.
package quality

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// FeedLabels is one labels file: the episodes of one corpus feed.
type FeedLabels struct {
	Feed     string    `yaml:"feed"`
	Episodes []Episode `yaml:"episodes"`
	path     string
}

// Episode is what an editor wants a listener to see for one episode.
type Episode struct {
	GUID         string   `yaml:"guid"`
	Enclosure    string   `yaml:"enclosure"`
	Link         string   `yaml:"link"`
	Title        string   `yaml:"title"`
	Chapters     []string `yaml:"chapters"`
	ChaptersSkip bool     `yaml:"chapters_skip"`
	Transcripts  []string `yaml:"transcripts"`
	Persons      []Person `yaml:"persons"`
	Topics       []string `yaml:"topics"`
	Acceptable   []string `yaml:"acceptable"`
	Junk         []string `yaml:"junk"`
	Note         string   `yaml:"note"`
}

// Person is a name with its podcast:person role, lower-case.
type Person struct {
	Name string `yaml:"name"`
	Role string `yaml:"role"`
}

// ID names the episode for reports.
func (e Episode) ID() string {
	switch {
	case e.GUID != "":
		return e.GUID
	case e.Enclosure != "":
		return e.Enclosure
	}
	return e.Link
}

// Load reads every *.yaml file of dir, sorted by name. Unknown keys are
// errors, so a misspelt label is not silently unscored.
func Load(dir string) ([]FeedLabels, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var out []FeedLabels
	for _, p := range paths {
		fl, err := loadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, fl)
	}
	return out, nil
}

func loadFile(path string) (FeedLabels, error) {
	f, err := os.Open(path)
	if err != nil {
		return FeedLabels{}, err
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	var fl FeedLabels
	if err := dec.Decode(&fl); err != nil {
		return FeedLabels{}, fmt.Errorf("%s: %w", path, err)
	}
	fl.path = path
	if fl.Feed == "" {
		fl.Feed = strings.TrimSuffix(filepath.Base(path), ".yaml") + ".xml"
	}
	for i, e := range fl.Episodes {
		if e.GUID == "" && e.Enclosure == "" && e.Link == "" {
			return FeedLabels{}, fmt.Errorf("%s: episode %d (%q) has no guid, enclosure or link", path, i, e.Title)
		}
		for _, c := range e.Chapters {
			if _, _, ok := parseChapter(c); !ok {
				return FeedLabels{}, fmt.Errorf("%s: episode %q: chapter %q is not \"hh:mm:ss Title\"", path, e.ID(), c)
			}
		}
	}
	return fl, nil
}
