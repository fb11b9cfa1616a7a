package persons

import (
	_ "embed"
	"fmt"
	"strings"
)

// rolesTSV is the Podcasting 2.0 person taxonomy (group<TAB>role), CC0.
//
//go:embed person-roles.tsv
var rolesTSV string

// parseTaxonomy reads person-roles.tsv into role -> group, both lower-case.
// A role listed in two groups ("Editor": Writing and Video Post-Production)
// keeps the first, which is the one a podcast means.
func parseTaxonomy(tsv string) (map[string]string, error) {
	groups := make(map[string]string)
	for n, line := range strings.Split(tsv, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || line == "group\trole" {
			continue
		}
		group, role, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("persons: person-roles.tsv line %d: no tab", n+1)
		}
		group, role = strings.ToLower(strings.TrimSpace(group)), strings.ToLower(strings.TrimSpace(role))
		if _, dup := groups[role]; !dup {
			groups[role] = group
		}
	}
	return groups, nil
}

// Credit labels, lower-case with single spaces, mapped to taxonomy roles.
// Decisions: "editor"/"editing" is the writing group's editor (a podcast's
// content editor); "technical editing", "audio editing" and "sound editing"
// are audio editor; mastering, mixing and sound/audio engineering are audio
// engineer; "music" (usually licensed tracks) is music contributor, while
// "original music"/"composer" is composer and "theme music" is theme music.
func defaultLabels() map[string][]string {
	return map[string][]string{
		// cast
		"host": {"host"}, "hosts": {"host"}, "hosted by": {"host"}, "your host": {"host"},
		"your hosts": {"host"}, "presenter": {"host"}, "presented by": {"host"},
		"moderation": {"host"}, "moderator": {"host"}, "moderiert von": {"host"},
		"co-host": {"co-host"}, "co-hosts": {"co-host"}, "cohost": {"co-host"}, "cohosts": {"co-host"},
		"co-hosted by": {"co-host"}, "guest host": {"guest host"},
		"guest": {"guest"}, "guests": {"guest"}, "special guest": {"guest"},
		"special guests": {"guest"}, "featuring": {"guest"}, "gast": {"guest"}, "gäste": {"guest"},
		"guests & links": {"guest"}, "guests and links": {"guest"}, "invitado": {"guest"},
		"invitados": {"guest"}, "invité": {"guest"}, "invités": {"guest"}, "ospite": {"guest"},
		"ospiti":   {"guest"},
		"narrator": {"narrator"}, "narrated by": {"narrator"}, "narration": {"narrator"},
		"read by": {"narrator"}, "announcer": {"announcer"},
		"reporter": {"reporter"}, "reported by": {"reporter"}, "reporting": {"reporter"},
		// creative direction
		"producer": {"producer"}, "producers": {"producer"}, "produced by": {"producer"},
		"production": {"producer"}, "produktion": {"producer"},
		"producer and editor": {"producer", "editor"}, "producer & editor": {"producer", "editor"},
		"produced and edited by": {"producer", "editor"},
		"executive producer":     {"executive producer"}, "executive producers": {"executive producer"},
		"senior producer": {"senior producer"}, "associate producer": {"associate producer"},
		"associate producers": {"associate producer"}, "development producer": {"development producer"},
		"director": {"director"}, "directed by": {"director"}, "creative director": {"creative director"},
		"assistant director": {"assistant director"},
		// writing
		"editor": {"editor"}, "editors": {"editor"}, "edited by": {"editor"}, "editing": {"editor"},
		"content editing": {"editor"}, "content editor": {"editor"}, "editorial": {"editor"},
		"senior editor": {"editor"}, "redaktion": {"editor"},
		"managing editor": {"managing editor"}, "story editor": {"story editor"},
		"story editing": {"story editor"}, "script editor": {"script editor"},
		"editorial director": {"editorial director"},
		"writer":             {"writer"}, "writers": {"writer"}, "written by": {"writer"}, "writing": {"writer"},
		"script": {"writer"}, "author": {"author"},
		"research": {"researcher"}, "researcher": {"researcher"}, "researched by": {"researcher"},
		"research by":   {"researcher"},
		"fact checking": {"fact checker"}, "fact-checking": {"fact checker"},
		"fact checker": {"fact checker"}, "fact-checker": {"fact checker"},
		"fact checked by": {"fact checker"}, "fact-checked by": {"fact checker"},
		"transcription": {"transcriber"}, "transcriptions": {"transcriber"},
		"transcribed by": {"transcriber"}, "transcriber": {"transcriber"}, "transkription": {"transcriber"},
		"translation": {"translator"}, "translated by": {"translator"}, "translator": {"translator"},
		// audio production and post-production
		"audio engineer": {"audio engineer"}, "audio engineering": {"audio engineer"},
		"sound engineer": {"audio engineer"}, "sound engineering": {"audio engineer"},
		"engineer": {"audio engineer"}, "engineered by": {"audio engineer"},
		"recording engineer": {"audio engineer"}, "audio mastering": {"audio engineer"},
		"mastering": {"audio engineer"}, "mastered by": {"audio engineer"}, "mixing": {"audio engineer"},
		"mixed by": {"audio engineer"}, "mixing and mastering": {"audio engineer"},
		"mix and mastering": {"audio engineer"}, "mixed and mastered by": {"audio engineer"},
		"tontechnik":                {"audio engineer"},
		"technical director":        {"technical director"},
		"remote recording engineer": {"remote recording engineer"},
		"post production engineer":  {"post production engineer"},
		"technical editing":         {"audio editor"}, "technical editor": {"audio editor"},
		"audio editing": {"audio editor"}, "audio editor": {"audio editor"},
		"audio edited by": {"audio editor"}, "sound editing": {"audio editor"},
		"sound editor": {"audio editor"}, "schnitt": {"audio editor"},
		"sound design": {"sound designer"}, "sound designer": {"sound designer"},
		"sound design by": {"sound designer"},
		"music":           {"music contributor"}, "music by": {"music contributor"},
		"additional music": {"music contributor"}, "musik": {"music contributor"},
		"original music": {"composer"}, "original music by": {"composer"}, "composer": {"composer"},
		"composed by": {"composer"}, "score": {"composer"},
		"theme music": {"theme music"}, "theme music by": {"theme music"}, "theme song": {"theme music"},
		"theme song by": {"theme music"}, "theme": {"theme music"}, "intro music": {"theme music"},
		// administration, visuals, community
		"booking": {"booking coordinator"}, "bookings": {"booking coordinator"},
		"production coordinator": {"production coordinator"},
		"production assistant":   {"production assistant"},
		"artwork":                {"cover art designer"}, "artwork by": {"cover art designer"},
		"cover art": {"cover art designer"}, "cover art by": {"cover art designer"},
		"cover design": {"cover art designer"}, "graphic design": {"graphic designer"},
		"social media": {"social media manager"},
	}
}

// labelModifiers are dropped from the front of an unknown label before it
// is looked up again ("additional content editing" -> "content editing");
// labelSuffixes from its end ("audio engineering lead" -> "audio engineering").
var (
	labelModifiers = []string{"additional ", "lead ", "chief ", "head ", "main ", "today's ",
		"today’s ", "this week's ", "this week’s ", "this episode's ", "this episode’s ", "our ",
		"my ", "with "}
	labelSuffixes = []string{" lead", " team", " support", " assistance"}
)

// lookupLabel returns the roles of a credit label, or nil.
func lookupLabel(labels map[string][]string, label string) []string {
	if r, ok := labels[label]; ok {
		return r
	}
	for range 3 {
		changed := false
		for _, m := range labelModifiers {
			if strings.HasPrefix(label, m) {
				label, changed = label[len(m):], true
			}
		}
		for _, s := range labelSuffixes {
			if strings.HasSuffix(label, s) {
				label, changed = label[:len(label)-len(s)], true
			}
		}
		if r, ok := labels[label]; ok {
			return r
		}
		if !changed {
			break
		}
	}
	return nil
}
