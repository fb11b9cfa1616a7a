package quality

import (
	"os"
	"path/filepath"
	"testing"
)

func TestScoreFeed(t *testing.T) {
	fl := FeedLabels{Feed: "show.xml", Episodes: []Episode{{
		GUID:        "ep-1",
		Chapters:    []string{"00:00:00 Intro", "00:05:10 Kubernetes im Betrieb", "01:02:03 Outro"},
		Transcripts: []string{"https://example.invalid/t.vtt"},
		Persons:     []Person{{"Tara Kirk Sell", "guest"}, {"Rob Wiblin", "host"}},
		Topics:      []string{"Kubernetes", "Open Source", "Cloud"},
		Acceptable:  []string{"DevOps"},
		Junk:        []string{"Betrieb"},
	}, {
		GUID: "ep-gone",
	}}}
	obs := map[string]*Observed{"guid:ep-1": {
		Chapters:    []Chapter{{0, "Intro"}, {310.4, "Kubernetes im Betrieb:"}, {999, "Werbung"}},
		Transcripts: []string{"http://example.invalid/t.vtt/"},
		Persons:     []Person{{"Tara Kirk-Sell", "guest"}, {"Rob Wiblin", "co-host"}},
		Added:       []string{"Kubernetes", "Open-Source", "devops", "Betrieb", "Erfahrung"},
	}}
	s := ScoreFeed(fl, obs)
	if s.Episodes != 2 || s.Missing != 1 {
		t.Errorf("episodes %d missing %d, want 2 and 1", s.Episodes, s.Missing)
	}
	if s.Chapters != (Count{Labelled: 3, Added: 3, Matched: 2}) {
		t.Errorf("chapters = %+v", s.Chapters)
	}
	if s.Transcripts != (Count{Labelled: 1, Added: 1, Matched: 1}) {
		t.Errorf("transcripts = %+v", s.Transcripts)
	}
	if s.Persons != (Count{Labelled: 2, Added: 2, Matched: 1}) {
		t.Errorf("persons = %+v (a wrong role is no match)", s.Persons)
	}
	want := map[string]int{Good: 2, WrongCase: 1, Junk: 1, Unjudged: 1}
	for k, v := range want {
		if s.Tags.Verdicts[k] != v {
			t.Errorf("verdict %s = %d, want %d (all: %v)", k, s.Tags.Verdicts[k], v, s.Tags.Verdicts)
		}
	}
	if s.Tags.Topics != 3 || s.Tags.Found != 2 {
		t.Errorf("topics %d found %d, want 3 and 2", s.Tags.Topics, s.Tags.Found)
	}
	if got := s.Tags.GoodShare(); got != 0.4 {
		t.Errorf("good share = %v, want 0.4", got)
	}
}

func TestLoadRejectsBadLabels(t *testing.T) {
	for name, body := range map[string]string{
		"unknown key": "feed: a.xml\nepisodes:\n  - guid: x\n    peoples: []\n",
		"bad chapter": "feed: a.xml\nepisodes:\n  - guid: x\n    chapters: [\"Intro at 5\"]\n",
		"no id":       "feed: a.xml\nepisodes:\n  - title: x\n",
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(dir); err == nil {
			t.Errorf("%s: Load accepted it", name)
		}
	}
}

func TestParseChapter(t *testing.T) {
	for in, want := range map[string]float64{"00:00:00 Intro": 0, "1:02:03 X": 3723, "12:30 Y": 750, "00:01:29.336 Z": 89.336} {
		got, _, ok := parseChapter(in)
		if !ok || got != want {
			t.Errorf("parseChapter(%q) = %v %v, want %v", in, got, ok, want)
		}
	}
}
