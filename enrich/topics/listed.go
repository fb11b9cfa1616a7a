package topics

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Notes that are mostly an enumeration of names — "Video games! Ghost
// Recon Breakpoint, The Last of Us Part II, Code Vein, Outer Wilds...",
// "Topics: iPhone, AirPods, Mac" — name the episode's topics once each:
// no phrase is said twice, and the stopwords inside the titles ("The Last
// of Us") would split them into pieces. listedItems finds such lists: three
// or more items between commas (or semicolons, the last one after "and"),
// each written as a name. The items become candidates as a whole, with the
// evidence of a title mention.

// maxListedWords is the longest item of a list taken as a name (the
// longest tag); maxChunkWords the longest chunk between commas an
// enumeration goes on through: longer ones are prose.
const (
	maxListedWords = 4
	maxChunkWords  = 6
)

// listedItems returns the items of the enumerations in line s, as
// substrings of s. An enumeration is a run of short chunks (at most
// maxListedWords words) between commas; a long chunk ends one and may start
// the next with the name it ends in ("… to help us make sense of Fallout
// 76, Assassin's Creed Odyssey, …"). A chunk gives the name it ends in
// ("the new Wolfenstein", "revitalizing Star Fox"), the last one of a
// sentence the name it starts with after "and". An enumeration counts with
// three names or more.
func listedItems(s string) []string {
	if strings.Count(s, ",")+strings.Count(s, ";") < 2 {
		return nil
	}
	var out []string
	for _, sent := range sentences(s) {
		chunks := splitList(sent)
		if len(chunks) < 3 {
			continue
		}
		var run []string
		flushRun := func() {
			if len(run) >= 3 && !repeats(run) {
				out = append(out, run...)
			}
			run = run[:0]
		}
		for k, c := range chunks {
			long := len(strings.Fields(c)) > maxChunkWords
			if long && k > 0 {
				flushRun()
			}
			var it string
			switch {
			case k == len(chunks)-1 && k > 0:
				it = namePrefix(trimJoin(c))
			case k > 0 && isListedName(c):
				it = c // "Alien: Isolation"
			default:
				it = nameSuffix(c) // "Topics: iPhone"
			}
			if it != "" {
				run = append(run, it)
			}
		}
		flushRun()
	}
	return out
}

// sentences splits s at sentence ends: ". ", "! ", "? ", "…" and "...".
func sentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		end := -1
		switch {
		case c == '.' && strings.HasPrefix(s[i:], "..."):
			end = i
			for i+1 < len(s) && s[i+1] == '.' {
				i++
			}
		case (c == '!' || c == '?') && (i+1 == len(s) || s[i+1] == ' '):
			end = i
		case c == '.' && (i+1 == len(s) || s[i+1] == ' ' && upperNext(s[i+1:])):
			// "New Super Mario Bros. 2" goes on
			end = i
		case strings.HasPrefix(s[i:], "…"):
			end = i
			i += len("…") - 1
		}
		if end >= 0 {
			out = append(out, s[start:end])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// upperNext reports whether the first letter or digit of s is an
// upper-case letter.
func upperNext(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.IsUpper(r)
		}
	}
	return false
}

// splitList splits a sentence at commas and semicolons, the chunks trimmed
// of spaces.
func splitList(s string) []string {
	var out []string
	for {
		i := strings.IndexAny(s, ",;")
		if i < 0 {
			break
		}
		out = append(out, strings.TrimSpace(s[:i]))
		s = s[i+1:]
	}
	return append(out, strings.TrimSpace(s))
}

// listJoins are the words that join the last item of a list.
var listJoins = []string{"and ", "und ", "& ", "y ", "et ", "i ", "en ", "e ", "or ", "oder "}

func trimJoin(s string) string {
	for _, j := range listJoins {
		if strings.HasPrefix(s, j) {
			return strings.TrimSpace(s[len(j):])
		}
	}
	return s
}

// isListedName reports whether s is written as a name: one to
// maxListedWords words, the first and last capitalised (or a number: "Fallout
// 76", "Part II"), any between either capitalised or a short joining word
// ("of", "the", "de"), at most 40 characters, and no URL.
func isListedName(s string) bool {
	s = strings.Trim(s, " \"'“”‘’()[]")
	if s == "" || utf8.RuneCountInString(s) > 40 || strings.Contains(s, "://") {
		return false
	}
	words := strings.Fields(s)
	if len(words) > maxListedWords {
		return false
	}
	if last := words[len(words)-1]; utf8.RuneCountInString(last) < 2 && !unicode.IsDigit(rune(last[0])) {
		return false // "the 900th P"
	}
	if r, _ := utf8.DecodeRuneInString(words[0]); unicode.IsDigit(r) {
		return false // "2018", "60 FPS": a year or a number
	}
	for k, w := range words {
		if capitalWord(w) {
			continue
		}
		if k == 0 || k == len(words)-1 || !slices.Contains(nameJoins, w) {
			return false
		}
	}
	return true
}

// nameJoins are the lower-case words names are written with ("The Last of
// Us", "Pod People in Molten Core", "Ni de coña"); "and", "by", "für" join
// two things, not the words of one.
var nameJoins = []string{"of", "the", "a", "an", "in", "on", "at", "to", "de", "la", "le", "les", "el", "du", "del", "des", "da", "do", "dos", "von", "van", "der", "den", "vs", "x"}

// capitalWord reports whether w is written like part of a name: it starts
// with an upper-case letter or a digit, or has one after a lower-case letter
// (iPhone).
func capitalWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.IsUpper(r) || unicode.IsDigit(r) {
		return true
	}
	prevLower := false
	for _, r := range w {
		if unicode.IsUpper(r) && prevLower {
			return true
		}
		prevLower = unicode.IsLower(r)
	}
	return false
}

// nameSuffix returns the name that ends s ("Video games: Ghost Recon" →
// "Ghost Recon", "we played Code Vein" → "Code Vein"): its longest run of
// final words written as a name, not past a colon or a dash.
func nameSuffix(s string) string {
	words := strings.Fields(s)
	k := len(words)
	nameWord := func(k int) bool {
		w := words[k-1]
		return !strings.ContainsAny(w[len(w)-1:], ":-–—") && (capitalWord(w) || k < len(words) && slices.Contains(nameJoins, w))
	}
	for k > 0 && nameWord(k) {
		if len(words)-k == maxListedWords {
			return "" // the end of a longer name: "… of Us Part II"
		}
		k--
	}
	for k < len(words) && !capitalWord(words[k]) {
		k++
	}
	if k == len(words) {
		return ""
	}
	name := strings.Join(words[k:], " ")
	if !isListedName(name) {
		return ""
	}
	return sub(s, name)
}

// namePrefix returns the name that starts s ("Outer Wilds this week" →
// "Outer Wilds").
func namePrefix(s string) string {
	words := strings.Fields(s)
	k := 0
	for k < len(words) && k < maxListedWords {
		if !capitalWord(words[k]) && !(k > 0 && slices.Contains(nameJoins, words[k])) {
			break
		}
		k++
	}
	for k > 0 && !capitalWord(words[k-1]) {
		k--
	}
	if k == 0 {
		return ""
	}
	name := strings.Join(words[:k], " ")
	if !isListedName(name) {
		return ""
	}
	return sub(s, name)
}

// sub returns name as the substring of s it was joined from (the words of
// s separated by single spaces, as in the notes) or name itself.
func sub(s, name string) string {
	if i := strings.Index(s, name); i >= 0 {
		return s[i : i+len(name)]
	}
	return name
}

// repeats reports whether an item occurs twice in a run: "Sing, Unburied,
// Sing" is a title with commas, not a list.
func repeats(run []string) bool {
	for i := range run {
		for j := i + 1; j < len(run); j++ {
			if strings.EqualFold(run[i], run[j]) {
				return true
			}
		}
	}
	return false
}
