package transcripts

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// candidate is a transcript found in the notes.
type candidate struct {
	t       feed.Transcript // URL, Type and Rel; Language is set by Enrich
	key     string          // docKey of the URL
	pointed bool            // the URL's fragment names the transcript ("#transcript")
	why     string          // the link it came from, for evidence
}

// find returns the transcripts links point to, one per document, in
// document order. When the links name more than one distinct transcript
// page, none of the pages is returned: which is the episode's is unclear.
func find(links []enrich.Link, keepTracking bool) []candidate {
	var (
		out     []candidate
		lastCtx string // links on one line share its context: test it once
		ctxHas  bool
	)
	for i := range links {
		l := &links[i]
		if l.Context != lastCtx {
			lastCtx, ctxHas = l.Context, hasStem(l.Context)
		}
		if !ctxHas && !hasStem(l.Text) && !hasStem(l.Title) && !hasStem(l.URL) && !captionExt(l.URL) {
			continue
		}
		u, k, ok := parseLink(l.URL)
		if !ok {
			continue
		}
		var t feed.Transcript
		switch k {
		case kindVTT:
			t.Type, t.Rel = typeVTT, "captions"
		case kindSRT:
			t.Type, t.Rel = typeSRT, "captions"
		case kindJSON, kindPlain:
			if !hasStem(u.Path) && !hasStem(l.Text) && !hasStem(l.Title) {
				continue
			}
			t.Type = typeJSON
			if k == kindPlain {
				t.Type = typePlain
			}
		case kindPage:
			if isRoot(u) || !(saysTranscript(l.Text) || saysTranscript(l.Title) || contextSays(l)) {
				continue
			}
			t.Type = typeHTML
		default:
			continue
		}
		t.URL = strings.TrimSpace(l.URL)
		if !keepTracking {
			t.URL = cleanURL(t.URL)
		}
		c := candidate{t: t, key: docKey(l.URL), pointed: hasStem(u.Fragment),
			why: fmt.Sprintf("notes link %q on the line %q", l.Text, clip(l.Context, 160))}
		merged := false
		for j := range out {
			if out[j].key == c.key {
				if c.pointed && !out[j].pointed {
					out[j] = c
				}
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, c)
		}
	}
	pages := 0
	for _, c := range out {
		if c.t.Type == typeHTML {
			pages++
		}
	}
	if pages > 1 {
		kept := out[:0]
		for _, c := range out {
			if c.t.Type != typeHTML {
				kept = append(kept, c)
			}
		}
		out = kept
	}
	return out
}

// captionExt reports whether raw's path ends in .vtt or .srt.
func captionExt(raw string) bool {
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		raw = raw[:i]
	}
	raw = strings.TrimSpace(raw)
	return len(raw) > 4 && (strings.EqualFold(raw[len(raw)-4:], ".vtt") || strings.EqualFold(raw[len(raw)-4:], ".srt"))
}

// stems are the ASCII beginnings of the transcript words of transcriptWords.
var stems = [...]string{"transcri", "trascri", "transkri"}

// hasStem reports whether s contains a transcript word stem, ignoring ASCII
// case. (A byte loop: on show-note lines it beats six strings.Index calls.)
func hasStem(s string) bool {
	for i := 0; i+7 <= len(s); i++ {
		if s[i]|0x20 != 't' {
			continue
		}
		for _, st := range stems {
			if len(s)-i >= len(st) && asciiEqualFold(s[i:i+len(st)], st) {
				return true
			}
		}
	}
	return false
}

// asciiEqualFold reports whether a equals the lower-case ASCII b, ignoring
// the case of a.
func asciiEqualFold(a, b string) bool {
	for i := 0; i < len(a); i++ {
		if a[i]|0x20 != b[i] {
			return false
		}
	}
	return true
}

// transcriptWords are the words, lower-case and singular, that name an
// episode's transcript in the corpus languages. Plurals ("transcripts",
// "Transkripte") are left out on purpose: they talk about transcripts in
// general.
var transcriptWords = set(
	"transcript", "transcription", // en, fr
	"transkript", "transkription", // de, sv
	"transcripción", "transcripcion", "transcripció", // es, ca
	"trascrizione",               // it
	"transcrição", "transcricao", // pt
	"transcriptie", // nl
	"transkrypcja", // pl
)

// beforeWord are the words that may stand right before a transcript word in
// a phrase naming the episode's transcript ("full transcript", "read the
// transcript", "including a transcript").
var beforeWord = set(
	"full", "complete", "entire", "whole", "the", "a", "an", "read", "see", "view", "download",
	"get", "episode", "show", "interview", "official", "our", "this", "and", "or", "with",
	"including", "includes", "text", "written", "verbatim", "edited", "also", "episode's",
	"episode’s", "show's", "show’s",
	"das", "die", "zum", "zur", "vollständige", "vollständiges", "komplette", "komplettes",
	"ganze", "ganzes", "hier", // de
	"la", "el", "le", "il", "lo", "o", "het", "een", "volledige", "leer", "lire", "leggi",
	"lees", "ver", "ler",
)

// afterWord are the words that may follow a transcript word in such a
// phrase ("transcript here", "transcript and links").
var afterWord = set(
	"and", "here", "hier", "aquí", "aqui", "qui", "available", "online", "also", "or", "with",
	"at", "on", "now", "page", "seite", "completa", "completo", "complète", "complet",
	"integrale", "vollständig", "und", "y", "e", "en", "et",
)

// ofWord are prepositions after which only the episode itself may follow
// ("transcript of the conversation", not "transcript of his talk").
var ofWord = set("of", "for", "de", "del", "della", "dell", "do", "da", "van", "der", "des",
	"zur", "zum", "von", "di", "du", "für")

// determiner may stand between ofWord and episodeWord.
var determiner = set("the", "this", "today's", "today’s", "todays", "our", "that", "la", "el",
	"le", "l", "der", "die", "das", "dieser", "diese", "diesen", "des", "het", "deze", "este",
	"esta", "questa", "questo", "il", "lo", "do", "da", "o", "a", "cette", "ce", "episode's")

// episodeWord names the episode or its conversation.
var episodeWord = set("episode", "show", "conversation", "interview", "podcast", "discussion",
	"programme", "program", "chat", "folge", "sendung", "gesprächs", "gespräch", "interviews",
	"episodio", "episódio", "puntata", "aflevering", "épisode", "entrevista", "conversación",
	"programa", "émission", "emission", "conversa", "recording", "episodes")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// saysTranscript reports whether anchor text (or a title) names the
// episode's transcript: a transcript word whose neighbours make a phrase
// such as "Full transcript", "read the transcript", "transcript here",
// "summary and full transcript." or "Full transcript of the conversation".
// "a transcript of his talk", "Mac Pro transcript posted", "podcast
// transcripts" and "the podcast:transcript tag" do not.
func saysTranscript(s string) bool {
	if !hasStem(s) || strings.Contains(strings.ToLower(s), "podcast:transcript") {
		return false
	}
	toks := tokens(s)
	for i, w := range toks {
		if transcriptWords[w] && okBefore(toks, i) && okAfter(toks, i) {
			return true
		}
	}
	return false
}

// okBefore checks the token before the transcript word at i.
func okBefore(toks []string, i int) bool {
	return i == 0 || !isWord(toks[i-1]) || beforeWord[toks[i-1]]
}

// okAfter checks the tokens after the transcript word at i.
func okAfter(toks []string, i int) bool {
	j := i + 1
	switch {
	case j == len(toks) || !isWord(toks[j]) || afterWord[toks[j]]:
		return true
	case ofWord[beforeApostrophe(toks[j])] && episodeWord[afterApostrophe(toks[j])]:
		return true // "dell'episodio", "de l’épisode" arrives as "l’épisode" below
	case ofWord[toks[j]]:
		j++
		if j < len(toks) && determiner[toks[j]] {
			j++
		}
		// "dell'episodio", "l’épisode" arrive as one token.
		return j < len(toks) && (episodeWord[toks[j]] || episodeWord[afterApostrophe(toks[j])])
	}
	return false
}

func beforeApostrophe(w string) string {
	if i := strings.IndexAny(w, "'’"); i >= 0 {
		return w[:i]
	}
	return ""
}

func afterApostrophe(w string) string {
	if i := strings.LastIndexAny(w, "'’"); i >= 0 {
		_, size := utf8.DecodeRuneInString(w[i:])
		return w[i+size:]
	}
	return w
}

// contextSays reports whether the words of the anchor's line attach a
// transcript to this very link: "Full transcript and show notes at <a>",
// "Transcript: <a>", "Read the transcript <a>here</a>", or after a short
// anchor "<a>Click here</a> for the full transcript". A line that merely
// mentions transcripts elsewhere does not count.
func contextSays(l *enrich.Link) bool {
	if l.Text == "" || l.Context == "" || strings.Count(l.Context, l.Text) != 1 {
		return false
	}
	i := strings.Index(l.Context, l.Text)
	before, after := l.Context[:i], l.Context[i+len(l.Text):]
	if hasStem(before) && prefixAttaches(tokens(before)) {
		return true
	}
	return hasStem(after) && len(strings.Fields(l.Text)) <= 4 && suffixAttaches(tokens(after))
}

// connector may stand between the transcript phrase and the link.
var connector = set(":", "-", "–", "—", "→", ">", "»", "at", "on", "here", "under", "unter",
	"bei", "auf", "en", "em", "su", "op", "via", "hier", "aquí")

// filler may stand between a transcript word and the connector: "Full
// transcript and show notes at", "Transcript available at".
var filler = set("available", "is", "are", "can", "be", "found", "online", "and", "show",
	"notes", "shownotes", "&", ",", "links", "summary", "more", "verfügbar", "gibt", "es",
	"disponible", "está", "also", "now", "ist", "und")

// prefixAttaches reports whether the text before a link ends with a
// transcript phrase: [transcript word] [fillers] [connectors].
func prefixAttaches(toks []string) bool {
	j := len(toks) - 1
	for n := 0; j >= 0 && n < 3 && connector[toks[j]]; n++ {
		j--
	}
	for n := 0; j >= 0 && n < 6 && filler[toks[j]] && !transcriptWords[toks[j]]; n++ {
		j--
	}
	return j >= 0 && transcriptWords[toks[j]] && okBefore(toks, j)
}

// lead may open the text after a short anchor: "<a>here</a> for the
// transcript", "<a>Here</a> is the full transcript".
var lead = set("for", "to", "read", "see", "view", "get", "find", "is", "'s", "’s", "für",
	"para", "per", "pour", "ist", "zum", "zur")

var adjective = set("full", "complete", "entire", "whole", "episode", "vollständige",
	"vollständigen", "komplette", "kompletten", "ganze", "ganzen")

// suffixAttaches reports whether the text after a link starts with a
// transcript phrase: [lead words] [determiner] [adjectives] transcript word.
func suffixAttaches(toks []string) bool {
	j := 0
	for n := 0; j < len(toks) && n < 2 && lead[toks[j]]; n++ {
		j++
	}
	if j == 0 {
		return false
	}
	if j < len(toks) && determiner[toks[j]] {
		j++
	}
	for n := 0; j < len(toks) && n < 2 && adjective[toks[j]]; n++ {
		j++
	}
	return j < len(toks) && transcriptWords[toks[j]] && okAfter(toks, j)
}

// tokens splits s into lower-case tokens: a word is a run of letters and
// digits with inner apostrophes ("today's"); every other rune that is not
// space is a token of its own.
func tokens(s string) []string {
	toks := make([]string, 0, 16)
	start := -1
	flush := func(end int) {
		if start >= 0 {
			toks = append(toks, strings.ToLower(s[start:end]))
			start = -1
		}
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if start < 0 {
				start = i
			}
		case (r == '\'' || r == '’') && start >= 0 && i+size < len(s) && isLetterAt(s, i+size):
			// inner apostrophe: part of the word
		default:
			flush(i)
			if !unicode.IsSpace(r) {
				toks = append(toks, s[i:i+size])
			}
		}
		i += size
	}
	flush(len(s))
	return toks
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// isWord reports whether tok is a word rather than punctuation.
func isWord(tok string) bool {
	r, _ := utf8.DecodeRuneInString(tok)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// clip cuts s to at most n bytes at a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
