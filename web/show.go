package web

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/recast-podcast/recast/enrich/chapters"
	"github.com/recast-podcast/recast/feed"
)

// Episode is one episode on a show's page.
type Episode struct {
	ID, Title string
	Link      string // the episode's page, http(s) only
	Date      string // as a listener reads it: "2 Jan 2006"
	Duration  float64
	// Upstream is what the publisher's feed already carries.
	HasChapters    bool // podcast:chapters or psc:chapters of the publisher
	UpTranscripts  int
	UpTags         []string
	UpPersons      []feed.Person
	Added          Added
	Timeline       []Band
	Evidence       []feed.Evidence
	AddedSomething bool
}

// Band is one chapter of a timeline: where it starts and how wide it is, in
// thousandths of the episode.
type Band struct {
	X, W  float64
	Start float64
	Title string
	Odd   bool // alternate shading
}

// Model is a served feed as the pages show it, built once per version.
type Model struct {
	Channel  feed.Channel
	Episodes []Episode
	Counts   [4]int // episodes with added chapters, transcripts, tags, persons
}

// NewModel reads a served feed's body and the record of what recast added
// (AddedFile; nil when there is none).
func NewModel(body, added []byte) (*Model, error) {
	doc, err := feed.Parse(body)
	if err != nil {
		return nil, err
	}
	var adds []Added
	if len(added) > 0 {
		if err := json.Unmarshal(added, &adds); err != nil {
			adds = nil // an old or damaged record: show the episodes without it
		}
	}
	byID := make(map[string]*Added, len(adds))
	for i := range adds {
		byID[adds[i].ID] = &adds[i]
	}
	m := &Model{Channel: doc.Channel, Episodes: make([]Episode, 0, len(doc.Items))}
	for i := range doc.Items {
		it := &doc.Items[i]
		ep := Episode{ID: it.ID(), Title: it.Title, Link: HTTPURL(it.Link), Date: listenerDate(it.PubDate),
			Duration: chapters.ParseDuration(it.ITunes.Duration)}
		if ep.Title == "" {
			ep.Title = it.ITunes.Title
		}
		a := byID[ep.ID]
		if a != nil {
			ep.Added, ep.Evidence, ep.AddedSomething = *a, a.Evidence, true
			delete(byID, ep.ID) // a repeated ID shows its additions once
			ep.Timeline = timeline(a.Chapters, ep.Duration)
			if len(a.Chapters) > 0 {
				m.Counts[0]++
			}
			if len(a.Transcripts) > 0 {
				m.Counts[1]++
			}
			if len(a.Tags) > 0 {
				m.Counts[2]++
			}
			if len(a.Persons) > 0 {
				m.Counts[3]++
			}
		}
		// What the item carries beyond recast's additions is the
		// publisher's (recast appends; it never removes).
		ep.HasChapters = it.HasChapters && it.ChaptersURL != ep.Added.ChaptersURL || it.HasPSC && len(ep.Added.Chapters) == 0
		for _, t := range it.Transcripts {
			if !slices.ContainsFunc(ep.Added.Transcripts, func(a feed.Transcript) bool { return a.URL == t.URL }) {
				ep.UpTranscripts++
			}
		}
		for _, c := range it.Categories {
			if !slices.Contains(ep.Added.Tags, c) {
				ep.UpTags = append(ep.UpTags, c)
			}
		}
		for _, p := range it.Persons {
			if !slices.ContainsFunc(ep.Added.Persons, func(a feed.Person) bool { return a.Name == p.Name && a.Role == p.Role }) {
				ep.UpPersons = append(ep.UpPersons, p)
			}
		}
		m.Episodes = append(m.Episodes, ep)
	}
	return m, nil
}

// timeline lays chapters out to scale over dur seconds (or, without a
// duration, up to a little past the last chapter's start).
func timeline(chs []feed.Chapter, dur float64) []Band {
	if len(chs) == 0 {
		return nil
	}
	end := dur
	if last := chs[len(chs)-1].Start; end <= last {
		end = last + max(60, last/float64(len(chs)))
	}
	out := make([]Band, len(chs))
	for i, c := range chs {
		next := end
		if i+1 < len(chs) {
			next = chs[i+1].Start
		}
		out[i] = Band{X: c.Start / end * 1000, W: max(0, (next-c.Start)/end*1000), Start: c.Start, Title: c.Title, Odd: i%2 == 1}
	}
	return out
}

// listenerDate writes an RSS date as "2 Jan 2006"; a date it cannot read
// is shown as written.
func listenerDate(s string) string {
	if t, form := feed.ParseDate(s); form != feed.DateInvalid {
		return t.Format("2 Jan 2006")
	}
	return strings.TrimSpace(s)
}

// ShowPage is page n (1-based, clamped) of m's episodes, per to a page.
func (m *Model) ShowPage(f Feed, n, per int) Show {
	pages := max(1, (len(m.Episodes)+per-1)/per)
	n = min(max(n, 1), pages)
	lo := (n - 1) * per
	hi := min(lo+per, len(m.Episodes))
	return Show{Feed: f, Episodes: m.Episodes[lo:hi], Page: n, Pages: pages, PerPage: per}
}
