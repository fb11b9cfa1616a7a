package topics

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// Real note fragments (short excerpts) from the seed and the corpus.
const (
	seedTitle = "#159 – Jan Leike on OpenAI's massive push to make superintelligence safe in 4 years or less"
	seedNotes = `<p>In July, OpenAI announced a new team and project: Superalignment. The goal is to figure out how to make superintelligent AI systems aligned and safe to use within four years, and the lab is putting a massive 20% of its computational resources behind the effort.</p>
<p>Today's guest, Jan Leike, is Head of Alignment at OpenAI and will be co-leading the project.</p>
<p><a href="https://80000hours.org/podcast/episodes/jan-leike-superalignment/"><b>Links to learn more, summary and full transcript.</b></a></p>
<p>Given that OpenAI is in the business of developing superintelligent AI, it sees that as a scary problem that urgently has to be fixed. So it’s not just throwing compute at the problem -- it’s also hiring dozens of scientists and engineers to build out the Superalignment team.</p>
<p>The plan, in a nutshell, is to get AI to help us solve alignment.</p>
<ul><li>OpenAI's current plans to achieve 'superalignment' and the reasoning behind them</li><li>Why alignment work is the most fundamental and scientifically interesting research in ML</li><li>The three ways Jan expects AI to help solve alignment: mechanistic interpretability, generalization, and scalable oversight</li></ul>
<p><i>Producer and editor: Keiran Harris<br>Audio Engineering Lead: Ben Cordell<br>Technical editing: Simon Monsour and Milo McGuire</i></p>`
	dannyTitle = "#78 – Danny Hernandez on forecasting and the drivers of AI progress"
	dannyNotes = `<p>Companies use about 300,000 times more computation training the best AI systems today than they did in 2012 and algorithmic innovations have also made them 25 times more efficient at the same tasks.</p>
<p><a href="https://80000hours.org/podcast/episodes/danny-hernandez-forecasting-ai-progress/"><b>Links to learn more, summary and full transcript.</b></a></p>
<p>In the interview, Danny and I also discuss a range of other topics, including: the question of which experts to believe, Danny's journey to working at OpenAI, the usefulness of "decision boundaries", and the importance of Moore's law for people who care about the long-term future.</p>
<p><i>Producer: Keiran Harris.<br>Audio mastering: Ben Cordell.<br>Transcriptions: Zakee Ulhaq.</i></p>`
	lipsitchTitle = "#77 - Professor Marc Lipsitch on whether we're winning or losing against COVID-19"
	lipsitchNotes = `<p>Here he lays out where the fight against COVID-19 stands today, why he's open to deliberately giving people COVID-19 to speed up vaccine development, and how we could do better next time.</p>
<p>As Marc tells us, island nations like Taiwan and New Zealand are successfully suppressing SARS-COV-2. But everyone else is struggling.</p>
<p><a href="https://80000hours.org/podcast/episodes/marc-lipsitch-winning-or-losing-against-covid19-and-epidemiology/"><b>Links to learn more, summary and full transcript.</b></a></p>
<p>Get this episode by subscribing to our podcast on the world’s most pressing problems and how to solve them: type 80,000 Hours into your podcasting app. Or read the linked transcript.</p>
<p><i>Producer: Keiran Harris.<br>Audio mastering: Ben Cordell.<br>Transcriptions: Zakee Ulhaq.</i></p>`

	ekBoiler = `<p>Unsere aktuellen Werbepartner findest du auf <a href="https://engineeringkiosk.dev/partners">https://engineeringkiosk.dev/partners</a></p>
<p>Das schnelle Feedback zur Episode:</p><p>Anregungen, Gedanken, Themen und Wünsche</p>
<p>Email: <a href="mailto:stehtisch@engineeringkiosk.dev">stehtisch@engineeringkiosk.dev</a></p>`
	ek274Title = "#274 Openwashing: Wenn Open Source nicht wirklich offen ist - mit Johannes Näder"
	ek274Notes = `<p>Open Source draufschreiben und digitale Souveränität dazu sagen, fertig? Leider nicht. Gerade jetzt, wo Behörden, Unternehmen und Politik verstärkt über freie Software, Public Money, Public Code und europäische Unabhängigkeit sprechen, wird ein Problem immer sichtbarer: Open Washing. Produkte wirken offen, klingen nach Open Source und versprechen Kontrolle.</p>
<p>In dieser Episode sprechen wir mit Johannes Näder von der Free Software Foundation Europe darüber, was freie Software wirklich bedeutet und warum die vier Freiheiten der entscheidende Maßstab sind. Wir klären, wie Open Washing funktioniert, warum Begriffe wie Source Available, Open Core oder souveräne Cloud schnell in die Irre führen können und weshalb digitale Souveränität ohne freie Software nicht funktioniert.</p>` + ekBoiler
	ek273Title = "#273 Bäume, Hashes, Bitmaps: Performance ist kein Zufall"
	ek273Notes = `<p>Wir schauen auf Indexstrukturen, Datenstrukturen und die oft übersehene Frage, wie Workload, Hardware, Lese- und Schreibzugriffe und Algorithmen zusammenhängen. Denn häufig ist nicht die Datenbank schuld, sondern die falsche Struktur für den falschen Job.</p>
<p>In dieser Episode sprechen wir über Red Black Trees, B-Bäume, B-Plus-Bäume, Hash-Indizes, Trie, Radix Tree, Bitmap Index und Bloomfilter. Etwa mit Nginx und Timeout-Management im Event-Loop, mit HTTP-Routern und Prefix-Suche, mit Git und Bloom Filtern für schnellere Dateipfad-Abfragen. Und vielleicht ist die wichtigste Erkenntnis am Ende gar nicht, welche Indexstruktur die beste ist, sondern dass du Indexstrukturen in deiner eigenen Codebase vermutlich längst benutzt.</p>` + ekBoiler

	catTitle  = "Wong Kar-Wai, per Joana Serrat: la sincronia de l'amor"
	catNotes  = `Memento #192. El cinema profundament esteticista de Wong Kar-Wai no busca tant explicar-nos una història com fer-nos viure una experiència i recrear estats d'ànim. Els seus temes de fons solen ser la melangia de la solitud i l'amor vist com una qüestió d'atzar i sincronia. De l'autor d'una obra tan immortal com és "Desitjant estimar" ens en parla la Joana Serrat, que amb el seu últim disc, "Hardcore from the heart", ha recollit totes les lloances possibles.`
	catTitle2 = `S'estrena, per fi, un dels millors films del 2021, "Drive my car"`
	catNotes2 = `Després que molts crítics el consideressin, si no el millor, un dels millors films de l'any passat, ara arriba a les sales "Drive my car", de Ryûsuke Hamaguchi. Totes, comentades pel nostre especialista, Marc Garriga.`
)

// showFeed builds a feed of items given as title, notes pairs.
func showFeed(lang, title, author string, items ...[2]string) *enrich.Feed {
	f := &enrich.Feed{Name: "test", Channel: &feed.Channel{Title: title, Author: author, Language: lang}}
	for _, it := range items {
		f.Items = append(f.Items, feed.Item{Title: it[0], Description: it[1]})
	}
	return f
}

func hasFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(c string) bool { return strings.EqualFold(c, s) })
}

func TestTags(t *testing.T) {
	eighty := func() *enrich.Feed {
		return showFeed("en", "80,000 Hours Podcast with Rob Wiblin", "The 80000 Hours team",
			[2]string{seedTitle, seedNotes}, [2]string{dannyTitle, dannyNotes}, [2]string{lipsitchTitle, lipsitchNotes})
	}
	tests := map[string]struct {
		f        *enrich.Feed
		item     int
		cats     []string // the item's own categories
		want     []string // each must be a tag
		anyOf    []string // at least minAny of these must be tags
		minAny   int
		notWant  []string
		none     bool // no tags at all
		stopLang uint16
	}{
		"seed episode: subjects, not the guest or the credits": {
			f: eighty(), item: 0,
			want:     []string{"OpenAI", "AI Alignment", "Superintelligence"},
			anyOf:    []string{"Superalignment", "Scalable Oversight", "Mechanistic Interpretability"},
			minAny:   1,
			notWant:  []string{"Jan Leike", "Jan", "Leike", "Keiran Harris", "Ben Cordell", "Head", "Links", "transcript", "summary", "Alignment"},
			stopLang: langEN,
		},
		"guest named before 'on' and in the notes": {
			f: eighty(), item: 1,
			want:    []string{"Forecasting"},
			notWant: []string{"Danny Hernandez", "Danny", "Hernandez", "Zakee Ulhaq", "Moore"},
		},
		"lines on every episode are boilerplate": {
			f: eighty(), item: 2,
			want:    []string{"COVID-19"},
			notWant: []string{"pressing problems", "podcasting app", "Hours", "80,000 Hours", "Marc", "Marc Lipsitch", "Professor", "Rob Wiblin"},
		},
		"german: tech terms, not stopwords nor the guest": {
			f:        showFeed("de", "Engineering Kiosk", "Wolfgang Gassler, Andy Grunwald", [2]string{ek274Title, ek274Notes}, [2]string{ek273Title, ek273Notes}),
			want:     []string{"Open Washing", "digitale Souveränität"},
			notWant:  []string{"Johannes Näder", "Näder", "Engineering Kiosk", "Werbepartner", "Feedback", "wirklich", "Problem", "Episode"},
			stopLang: langDE | langEN,
		},
		"german: the second episode": {
			f:        showFeed("de", "Engineering Kiosk", "", [2]string{ek274Title, ek274Notes}, [2]string{ek273Title, ek273Notes}),
			item:     1,
			anyOf:    []string{"Indexstrukturen", "Red Black Trees", "Radix Tree", "Bitmap Index", "Bloomfilter", "Databases", "Datenbanken"},
			minAny:   2,
			notWant:  []string{"Performance ist", "Zufall", "Episode", "Engineering Kiosk"},
			stopLang: langDE | langEN,
		},
		"own categories are not repeated": {
			f:       showFeed("de", "Engineering Kiosk", "", [2]string{ek274Title, ek274Notes}, [2]string{ek273Title, ek273Notes}),
			cats:    []string{"open washing"},
			notWant: []string{"Open Washing"},
			want:    []string{"digitale Souveränität"},
		},
		"catalan: do no harm": {
			f:        showFeed("ca-es", "Sèries i cinema", "Catalunya Ràdio", [2]string{catTitle, catNotes}, [2]string{catTitle2, catNotes2}),
			notWant:  []string{"Joana Serrat", "Joana", "Memento", "amor"},
			stopLang: 1<<7 | langEN,
		},
		"cjk show by language: nothing": {
			f:    showFeed("zh-tw", "股癌 Gooaye", "謝孟恭", [2]string{"EP229 | 🙏", "這集聊聊 Apple 與 Nvidia 的財報，還有 Apple 新品。Nvidia 財報超預期。"}, [2]string{"EP228 | 🧛", "美股與台股的走勢，聊聊 Nvidia。"}),
			none: true,
		},
		"cjk show without language: nothing": {
			f:    showFeed("", "股癌 Gooaye", "", [2]string{"EP229 | 🙏", "這集聊聊 Apple 與 Nvidia 的財報，還有 Apple 新品。Nvidia 財報超預期。"}, [2]string{"EP228 | 🧛", "美股與台股的走勢，聊聊 Nvidia。"}),
			none: true,
		},
		"empty notes and title": {
			f:    showFeed("en", "Show", "", [2]string{"", ""}, [2]string{"", "<p></p>"}),
			none: true,
		},
	}
	e := newEnricher(t, Config{})
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			it := &tc.f.Items[tc.item]
			it.Categories = tc.cats
			var add feed.Additions
			if err := e.Enrich(context.Background(), tc.f, it, &add); err != nil {
				t.Fatal(err)
			}
			got := add.Categories
			t.Logf("tags: %q", got)
			if tc.none && len(got) > 0 {
				t.Fatalf("tags %q, want none", got)
			}
			if len(got) > DefaultMax {
				t.Errorf("%d tags, want at most %d", len(got), DefaultMax)
			}
			for _, w := range tc.want {
				if !hasFold(got, w) {
					t.Errorf("tags %q lack %q", got, w)
				}
			}
			n := 0
			for _, w := range tc.anyOf {
				if hasFold(got, w) {
					n++
				}
			}
			if n < tc.minAny {
				t.Errorf("tags %q hold %d of %q, want %d", got, n, tc.anyOf, tc.minAny)
			}
			for _, w := range tc.notWant {
				if hasFold(got, w) {
					t.Errorf("tags %q hold %q", got, w)
				}
			}
			for _, g := range got {
				if !validTag(g) {
					t.Errorf("invalid tag %q", g)
				}
				if tc.stopLang != 0 && e.isStopPhrase(g, tc.stopLang) {
					t.Errorf("stopword tag %q", g)
				}
				for _, c := range tc.cats {
					if strings.EqualFold(c, g) {
						t.Errorf("tag %q repeats a category", g)
					}
				}
			}
		})
	}
}

func TestConfig(t *testing.T) {
	seedFeed := func() *enrich.Feed {
		return showFeed("en", "80,000 Hours Podcast with Rob Wiblin", "", [2]string{seedTitle, seedNotes}, [2]string{dannyTitle, dannyNotes})
	}
	vocab := filepath.Join(t.TempDir(), "vocab.yaml")
	if err := os.WriteFile(vocab, []byte("- tag: Moore's law\n- tag: Forecasting\n  exact: [Forecasting]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		cfg     Config
		item    int
		feed    string // enrich.Feed.Name
		prefix  []string
		want    []string
		notWant []string
		max     int
	}{
		"phrase rule comes first": {
			cfg:    Config{Rules: []Rule{{Match: "scalable oversight", Tag: "Oversight"}}},
			prefix: []string{"Oversight"},
		},
		"regex rule": {
			cfg:    Config{Rules: []Rule{{Match: `/(?i)\bhead of alignment\b/`, Tag: "Alignment teams"}, {Match: "/nothing like this/", Tag: "Never"}}},
			prefix: []string{"Alignment teams"},
		},
		"phrase rules match whole words only": {
			cfg:     Config{Rules: []Rule{{Match: "align", Tag: "Never"}}},
			notWant: []string{"Never"},
		},
		"exclude drops tags containing the phrase": {
			cfg:     Config{Exclude: []string{"openai", "Alignment"}},
			notWant: []string{"OpenAI", "AI Alignment"},
		},
		"max": {
			cfg: Config{Max: 2},
			max: 2,
		},
		"negative max tags nothing, rules neither": {
			cfg: Config{Max: -1, Rules: []Rule{{Match: "OpenAI", Tag: "X"}}},
			max: -1,
		},
		"per-feed rules apply to their feed": {
			cfg:    Config{Feeds: map[string]FeedConfig{"test": {Rules: []Rule{{Match: "OpenAI", Tag: "Labs"}}, Max: 3}}},
			feed:   "test",
			prefix: []string{"Labs"},
			max:    3,
		},
		"per-feed rules do not apply to other feeds": {
			cfg:     Config{Feeds: map[string]FeedConfig{"other": {Rules: []Rule{{Match: "OpenAI", Tag: "Labs"}}}}},
			feed:    "test",
			notWant: []string{"Labs"},
		},
		"language none keeps only rules": {
			cfg:    Config{Feeds: map[string]FeedConfig{"test": {Language: "none", Rules: []Rule{{Match: "OpenAI", Tag: "Labs"}}}}},
			feed:   "test",
			prefix: []string{"Labs"},
			max:    1,
		},
		"vocabulary file adds and replaces entries": {
			cfg:     Config{VocabularyFile: vocab},
			item:    1,
			want:    []string{"Moore's law"},
			notWant: []string{"Forecasting"},
		},
		"shipped vocabulary without the file": {
			item:    1,
			want:    []string{"Forecasting"},
			notWant: []string{"Moore's law"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			e := newEnricher(t, tc.cfg)
			f := seedFeed()
			if tc.feed != "" {
				f.Name = tc.feed
			}
			var add feed.Additions
			if err := e.Enrich(context.Background(), f, &f.Items[tc.item], &add); err != nil {
				t.Fatal(err)
			}
			got := add.Categories
			t.Logf("tags: %q", got)
			if len(got) < len(tc.prefix) || !slices.Equal(got[:len(tc.prefix)], tc.prefix) {
				t.Errorf("tags %q do not start with %q", got, tc.prefix)
			}
			for _, w := range tc.want {
				if !hasFold(got, w) {
					t.Errorf("tags %q lack %q", got, w)
				}
			}
			for _, w := range tc.notWant {
				if hasFold(got, w) {
					t.Errorf("tags %q hold %q", got, w)
				}
			}
			switch {
			case tc.max < 0 && len(got) > 0:
				t.Errorf("tags %q, want none", got)
			case tc.max > 0 && len(got) > tc.max:
				t.Errorf("%d tags, want at most %d", len(got), tc.max)
			case tc.max == 0 && len(got) == 0:
				t.Errorf("no tags")
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := map[string]struct {
		cfg  Config
		want string // in the error
		is   error
	}{
		"bad regex":          {cfg: Config{Rules: []Rule{{Match: "/(/", Tag: "X"}}}, want: "rule 1"},
		"rule without tag":   {cfg: Config{Rules: []Rule{{Match: "x"}}}, want: "match and tag are required"},
		"unknown language":   {cfg: Config{Feeds: map[string]FeedConfig{"f": {Language: "sv"}}}, want: `feed "f": no stopwords`},
		"bad feed rule":      {cfg: Config{Feeds: map[string]FeedConfig{"f": {Rules: []Rule{{Match: "/[/", Tag: "X"}}}}}, want: `feed "f"`},
		"missing vocabulary": {cfg: Config{VocabularyFile: filepath.Join(dir, "nope.yaml")}, is: os.ErrNotExist},
		"vocabulary not yaml": {
			cfg: Config{VocabularyFile: write("bad.yaml", "- tag: [unclosed")}, want: "vocabulary file",
		},
		"unknown broader tag": {
			cfg: Config{VocabularyFile: write("broader.yaml", "- tag: X\n  broader: Nothing\n")}, want: `broader "Nothing"`,
		},
		"context of two words": {
			cfg: Config{VocabularyFile: write("ctx.yaml", "- tag: X\n  context: [two words]\n")}, want: "must be one word",
		},
		"duplicate tag": {
			cfg: Config{VocabularyFile: write("dup.yaml", "- tag: X\n- tag: x\n")}, want: "listed twice",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			e, err := New(tc.cfg)
			if err == nil {
				t.Fatalf("New = %v, want an error", e)
			}
			if !strings.HasPrefix(err.Error(), "topics: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			if tc.want != "" && !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	v := func(cfg Config) string { return newEnricher(t, cfg).Version() }
	base := v(Config{})
	if base == "" || base != v(Config{}) {
		t.Fatalf("version %q not stable", base)
	}
	if base != v(Config{Max: DefaultMax}) {
		t.Errorf("Max 0 and Max %d differ", DefaultMax)
	}
	for name, cfg := range map[string]Config{
		"max":     {Max: 3},
		"rules":   {Rules: []Rule{{Match: "x", Tag: "X"}}},
		"exclude": {Exclude: []string{"x"}},
		"feeds":   {Feeds: map[string]FeedConfig{"f": {Max: 1}}},
	} {
		if v(cfg) == base {
			t.Errorf("%s: version unchanged", name)
		}
	}
	two := map[string]FeedConfig{"a": {Max: 1}, "b": {Max: 2}}
	if a, b := v(Config{Feeds: two}), v(Config{Feeds: two}); a != b {
		t.Errorf("feed map order changes the version: %q, %q", a, b)
	}
}

func TestEnrichErrors(t *testing.T) {
	e := newEnricher(t, Config{})
	f := showFeed("en", "Show", "", [2]string{seedTitle, seedNotes})
	t.Run("item not in the feed", func(t *testing.T) {
		it := f.Items[0] // a copy
		var add feed.Additions
		if err := e.Enrich(context.Background(), f, &it, &add); err == nil || !strings.HasPrefix(err.Error(), "topics: ") {
			t.Errorf("err = %v, want a topics error", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var add feed.Additions
		err := e.Enrich(ctx, f, &f.Items[0], &add)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if len(add.Categories) > 0 {
			t.Errorf("tags %q after an error", add.Categories)
		}
	})
	t.Run("pending categories are not repeated", func(t *testing.T) {
		add := feed.Additions{Categories: []string{"openai"}}
		if err := e.Enrich(context.Background(), f, &f.Items[0], &add); err != nil {
			t.Fatal(err)
		}
		if n := len(slices.DeleteFunc(slices.Clone(add.Categories), func(c string) bool { return !strings.EqualFold(c, "OpenAI") })); n != 1 {
			t.Errorf("categories %q hold OpenAI %d times", add.Categories, n)
		}
	})
	t.Run("no channel", func(t *testing.T) {
		g := &enrich.Feed{Items: []feed.Item{{Title: seedTitle, Description: seedNotes}}}
		var add feed.Additions
		if err := e.Enrich(context.Background(), g, &g.Items[0], &add); err != nil {
			t.Fatal(err)
		}
		if len(add.Categories) == 0 {
			t.Errorf("no tags for an English episode without a channel")
		}
	})
}

// TestShippedVocabulary checks the shipped vocabulary entry by entry: a
// valid tag, aliases of one to six words, and no alias that is only
// stopwords unless it is matched case-sensitively or needs context.
func TestShippedVocabulary(t *testing.T) {
	e := newEnricher(t, Config{})
	if len(e.lx.vocab) < 40 {
		t.Errorf("%d vocabulary entries, want a few dozen", len(e.lx.vocab))
	}
	aliases := make([][]alias, len(e.lx.vocab))
	for _, a := range e.lx.aliases {
		aliases[a.entry] = append(aliases[a.entry], a)
	}
	for i, v := range e.lx.vocab {
		t.Run(v.Tag, func(t *testing.T) {
			if !validTag(v.Tag) {
				t.Errorf("invalid tag")
			}
			if len(aliases[i]) == 0 || len(aliases[i]) != len(v.aliases) {
				t.Errorf("%d aliases compiled of %d", len(aliases[i]), len(v.aliases))
			}
			for k, a := range aliases[i] {
				if len(a.words) == 0 || len(a.words) > 6 {
					t.Errorf("alias %q has %d words", v.aliases[k], len(a.words))
				}
				stop := true
				for _, w := range a.words {
					en := e.lx.m[w.stem]
					stop = stop && w.exact == "" && en != nil && en.stop != 0
				}
				if stop && len(v.ctx) == 0 {
					t.Errorf("alias %q is only stopwords and needs no context", v.aliases[k])
				}
			}
		})
	}
}

// TestConcurrentEnrich runs one Enricher over the items of two feeds from
// several goroutines (go test -race): the show statistics are computed once
// per feed and the results equal a serial run.
func TestConcurrentEnrich(t *testing.T) {
	e := newEnricher(t, Config{})
	mk := func() []*enrich.Feed {
		return []*enrich.Feed{
			showFeed("en", "80,000 Hours Podcast", "", [2]string{seedTitle, seedNotes}, [2]string{dannyTitle, dannyNotes}, [2]string{lipsitchTitle, lipsitchNotes}),
			showFeed("de", "Engineering Kiosk", "", [2]string{ek274Title, ek274Notes}, [2]string{ek273Title, ek273Notes}),
		}
	}
	serial := map[string][]string{}
	for _, f := range mk() {
		for i, tags := range tagAll(t, e, f) {
			serial[f.Items[i].Title] = tags
		}
	}
	feeds := mk()
	type result struct {
		title string
		tags  []string
		err   error
	}
	results := make(chan result)
	n := 0
	for _, f := range feeds {
		for i := range f.Items {
			for range 3 {
				n++
				go func() {
					var add feed.Additions
					err := e.Enrich(context.Background(), f, &f.Items[i], &add)
					results <- result{f.Items[i].Title, add.Categories, err}
				}()
			}
		}
	}
	for range n {
		r := <-results
		if r.err != nil {
			t.Fatal(r.err)
		}
		if !slices.Equal(r.tags, serial[r.title]) {
			t.Errorf("%q: concurrent tags %q, serial %q", r.title, r.tags, serial[r.title])
		}
	}
}

// Editing one feed's topic settings changes that feed's tagger version
// only: the other feeds' cached tags stay valid.
func TestForFeedVersions(t *testing.T) {
	cfg := func(rule string) Config {
		return Config{Feeds: map[string]FeedConfig{
			"a": {Rules: []Rule{{Match: "kubernetes", Tag: "Kubernetes"}}},
			"b": {Rules: []Rule{{Match: rule, Tag: "Rust"}}},
		}}
	}
	one, two := newEnricher(t, cfg("rust")), newEnricher(t, cfg("cargo"))
	if one.ForFeed("a").Version() != two.ForFeed("a").Version() {
		t.Error("feed a's version changed with feed b's rules")
	}
	if one.ForFeed("b").Version() == two.ForFeed("b").Version() {
		t.Error("feed b's version did not change with its rules")
	}
	if one.ForFeed("c").Version() != two.ForFeed("c").Version() {
		t.Error("an unconfigured feed's version changed")
	}
	// The feed's own rules apply whatever name the run carries.
	f := showFeed("en", "Show", "", [2]string{"Cargo and crates", "<p>We talk cargo builds.</p>"})
	f.Name = "other"
	var add feed.Additions
	if err := two.ForFeed("b").Enrich(t.Context(), f, &f.Items[0], &add); err != nil {
		t.Fatal(err)
	}
	if len(add.Categories) == 0 || add.Categories[0] != "Rust" {
		t.Errorf("feed b's rule did not apply: %q", add.Categories)
	}
}
