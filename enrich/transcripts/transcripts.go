// Package transcripts finds the transcripts an episode's show notes link to
// and adds them as podcast:transcript.
//
// It is precise rather than eager: a link counts only when its anchor text or
// title names the episode's transcript ("Full transcript", "read the
// transcript", "Links to learn more, summary and full transcript."), when the
// words of its line attach a transcript to it ("Full transcript and show notes
// at <a>…</a>", "Transcript: <a>…</a>"), or when it is a caption file (.vtt,
// .srt). Links about transcripts in general ("How we make transcripts", "a
// transcript of his talk", "the podcast:transcript tag") and transcription
// services are not transcripts of the episode and are left alone.
package transcripts

import (
	"context"
	"errors"
	"strings"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// Config changes what the enricher writes. The zero value is the default.
type Config struct {
	// Language is written as the language of every transcript found; ""
	// uses the channel's <language> (trimmed, as written) when it looks like
	// a language tag, and writes none otherwise.
	Language string `yaml:"language"`
	// KeepTrackingParams keeps utm_* query parameters in found URLs. By
	// default they are removed: they track the click, not the document.
	KeepTrackingParams bool `yaml:"keep_tracking_params"`
}

// Enricher adds podcast:transcript for transcripts linked from show notes.
// It is safe for concurrent use.
type Enricher struct {
	cfg Config
}

var _ enrich.Enricher = (*Enricher)(nil)

// New returns an Enricher using cfg.
func New(cfg Config) *Enricher {
	cfg.Language = strings.TrimSpace(cfg.Language)
	return &Enricher{cfg: cfg}
}

// Name implements enrich.Enricher.
func (e *Enricher) Name() string { return "transcripts" }

// Version implements enrich.Enricher.
func (e *Enricher) Version() string { return "1" }

// ErrNilArgument is returned by Enrich when the feed, item or additions are nil.
var ErrNilArgument = errors.New("transcripts: nil feed, item or additions")

// Enrich adds to add.Transcripts the transcripts the notes of it link to,
// except those the item (or add) already has.
//
// Duplicates: two URLs are the same document when they are equal ignoring
// the scheme, the case of the host and a leading "www.", a trailing slash,
// utm_* parameters and the fragment; so ".../episode/#transcript" and
// ".../episode/?utm_source=x" are one transcript. Of such a group the URL
// that points at the transcript (fragment naming it) is kept, else the first,
// as written except for removed utm_* parameters.
//
// Conservative choices: a page (text/html) is added only when the notes point
// to exactly one transcript page, and no transcript is added whose type the
// item already carries (a publisher's own podcast:transcript wins).
// Type is text/html for pages, text/vtt and application/x-subrip (with
// rel="captions") for caption files, application/json and text/plain for
// .json and .txt files that say they are transcripts.
func (e *Enricher) Enrich(ctx context.Context, f *enrich.Feed, it *feed.Item, add *feed.Additions) error {
	if f == nil || it == nil || add == nil {
		return ErrNilArgument
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	n := f.Notes(it)
	found := find(n.Links, e.cfg.KeepTrackingParams)
	if len(found) == 0 {
		return nil
	}
	lang := e.cfg.Language
	if lang == "" && f.Channel != nil {
		lang = languageTag(f.Channel.Language)
	}
	for _, c := range found {
		if has(it.Transcripts, c.key, c.t.Type) || has(add.Transcripts, c.key, "") || has(f.Prior(it).Transcripts, c.key, "") {
			continue
		}
		t := c.t
		t.Language = lang
		add.Transcripts = append(add.Transcripts, t)
		add.Evidence = append(add.Evidence, feed.Evidence{Of: "transcript", Value: t.URL, Why: c.why})
	}
	return nil
}

// has reports whether ts holds a transcript with the document key k, or one
// of type typ when typ is not "".
func has(ts []feed.Transcript, k, typ string) bool {
	for _, t := range ts {
		if docKey(t.URL) == k {
			return true
		}
		if typ != "" && strings.EqualFold(strings.TrimSpace(t.Type), typ) {
			return true
		}
	}
	return false
}

// languageTag returns s trimmed when it looks like a BCP 47 language tag
// ("en", "en-us", "de-DE"), else "".
func languageTag(s string) string {
	s = strings.TrimSpace(s)
	if len(s) < 2 || len(s) > 35 {
		return ""
	}
	for i, part := range strings.Split(s, "-") {
		if part == "" || len(part) > 8 || (i == 0 && (len(part) < 2 || len(part) > 3)) {
			return ""
		}
		for j := 0; j < len(part); j++ {
			c := part[j] | 0x20
			if !(c >= 'a' && c <= 'z') && !(i > 0 && part[j] >= '0' && part[j] <= '9') {
				return ""
			}
		}
	}
	return s
}
