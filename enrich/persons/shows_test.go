package persons

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/enrich/enrichtest"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

func TestTitleGuests(t *testing.T) {
	for title, want := range map[string][]string{
		"#76 - Tara Kirk Sell on misinformation, who's done well and badly": {"Tara Kirk Sell"},
		"#44 Classic episode - Paul Christiano on finding real solutions":   {"Paul Christiano"},
		"080: Apple's next big software thing, with Christina Warren":       {"Christina Warren"},
		"013: 1Password, with Michael Fey and Matt Davey":                   {"Michael Fey", "Matt Davey"},
		"103: Why AI will keep humans as PETS — with Neil deGrasse Tyson":   {"Neil deGrasse Tyson"},
		"LS019 hr2 der Tag - ein Gespräch mit Florian Schwinn":              {"Florian Schwinn"},
		"Episode 102 - Bubble City Boys (Ft. Matt Bors and Ben Clarkson)":   {"Matt Bors", "Ben Clarkson"},
		"Episode 155 - Communism is magic (Ft. Spice8rack)":                 {"Spice8rack"},
		"Episode 34 - Line Goes Down (Ft. Dr. Richard Wolff)":               {"Richard Wolff"},
		"The Key to Making Your Podcast Stand Out // Eric Nuzum":            {"Eric Nuzum"},
		"Pau Freixas: \"'Todos mienten' no és un espòiler\"":                {"Pau Freixas"},
		"Gov. Andrew Cuomo: ‘It’s Making Sure We Live Through This.’":       {"Andrew Cuomo"},
		"Steven Spielberg, per Quim Morales: l'autor més taquiller":         {"Quim Morales"},
		"Andrea McVittie, User Experience Designer":                         {"Andrea McVittie"},
		"Street Fight with Adam Johnson":                                    {"Adam Johnson"},
		"Spezial: “Medien-Menschen” S01E01 mit Tommy Krappweis":             {"Tommy Krappweis"},
		// Not people: projects, podcasts, things done "with" something.
		"#94 Die Realität des Freelancings mit Index out of bounds":             nil,
		"Approaching Relationships With Radical Honesty":                        nil,
		"Winning With Windmill Fighting":                                        nil,
		"Pay Street Fight $5 to beat you with Kendo Sticks":                     nil,
		"Street Fight with Srsly Wrong":                                         nil,
		"#5 – Os 5 passos para gerar uma boa ideia – Design Thinking":           nil,
		"#3 – Autogestão de Carreira":                                           nil,
		"Giant Bombcast 594: Tea Leads to Intimacy":                             nil,
		"FS229 Telefonischturm":                                                 nil,
		"#15 - Prof Tetlock on how chimps beat Berkeley undergrads":             nil, // a surname alone
		"Jonas Woost Director Of Strategy predicts the near future of podcasts": nil,
	} {
		got, via := titleGuests(title)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("titleGuests(%q) = %q (%s), want %q", title, got, via, want)
		}
		if len(got) > 0 && via == "" {
			t.Errorf("titleGuests(%q): no evidence", title)
		}
	}
}

func TestChannelHosts(t *testing.T) {
	for name, tc := range map[string]struct {
		ch   feed.Channel
		want []string
	}{
		"title with":           {feed.Channel{Title: "80,000 Hours Podcast with Rob Wiblin", Link: "https://80000hours.org/podcast/"}, []string{"Rob Wiblin"}},
		"description hosted":   {feed.Channel{Title: "The Daily", Description: "Hosted by Michael Barbaro. Twenty minutes a day."}, []string{"Michael Barbaro"}},
		"initials":             {feed.Channel{Title: "Reply All", Description: "Hosted by PJ Vogt, Alex Goldman and Emmanuel Dzotsi from Gimlet."}, []string{"PJ Vogt", "Alex Goldman", "Emmanuel Dzotsi"}},
		"german podcast mit":   {feed.Channel{Title: "CRE", Description: "Der Interview-Podcast mit Tim Pritlove"}, []string{"Tim Pritlove"}},
		"author list":          {feed.Channel{Title: "Accidental Tech Podcast", Author: "Marco Arment, Casey Liss, John Siracusa"}, []string{"Marco Arment", "Casey Liss", "John Siracusa"}},
		"author nicknames":     {feed.Channel{Title: "The Deprogram", Author: "JT, Hakim, and Yugopnik"}, []string{"JT", "Hakim", "Yugopnik"}},
		"author after company": {feed.Channel{Title: "Freak Show", Author: "Metaebene Personal Media - Tim Pritlove"}, []string{"Tim Pritlove"}},
		"cjk author":           {feed.Channel{Title: "Gooaye 股癌", Author: "謝孟恭"}, []string{"謝孟恭"}},
		"cjk description":      {feed.Channel{Title: "大人的Small Talk", Author: "大人學", Description: "姚詩豪(Bryan)與張國洋(Joe)兩位管理顧問"}, []string{"姚詩豪", "張國洋"}},
		"brand is no host":     {feed.Channel{Title: "Giant Bombcast", Author: "Giant Bomb", Link: "https://www.giantbomb.com"}, nil},
		"company is no host":   {feed.Channel{Title: "The Daily", Author: "The New York Times"}, nil},
		"one name, unrepeated": {feed.Channel{Title: "Show", Author: "Maria Example"}, nil},
		"presented by a firm":  {feed.Channel{Title: "How to Start a Podcast", Description: "Presented by Buzzsprout, this podcast is perfect"}, nil},
		"publisher persons":    {feed.Channel{Title: "Der Lautsprecher with Tim Pritlove", Persons: []feed.Person{{Name: "Tim Pritlove"}}}, nil},
	} {
		h := channelHosts(&tc.ch)
		if !reflect.DeepEqual(h.names, tc.want) {
			t.Errorf("%s: hosts %q, want %q", name, h.names, tc.want)
		}
		if len(h.via) != len(h.names) {
			t.Errorf("%s: %d hosts, %d pieces of evidence", name, len(h.names), len(h.via))
		}
	}
}

func TestOnAir(t *testing.T) {
	notes := "Dauer: 5:16:10\nOn Air\nTim Pritlove\nroddi\nMaria Reimer\nLeiter Zeiss-Großplanetarium Berlin\n" +
		"Flattr Tim Pritlove@CRE207\nSupport\nRainer\nShownotes:\nWikipedia: Barcelona"
	want := []string{"Tim Pritlove", "roddi", "Maria Reimer"}
	if got := onAir(notes); !reflect.DeepEqual(got, want) {
		t.Errorf("onAir = %q, want %q", got, want)
	}
	if got := onAir("Hosts\nTim Pritlove"); got != nil {
		t.Errorf("no On Air group: %q", got)
	}
}

// Freak Show's On Air lists: the host from itunes:author, the regulars as
// co-hosts, the others as guests.
func TestFreakShowOnAir(t *testing.T) {
	name := "freak-show-podlove-psc-chapters-de.xml"
	raw, err := os.ReadFile(filepath.Join(testcorpus.Dir(t), "feeds", name))
	if err != nil {
		t.Fatal(err)
	}
	f := enrichtest.LoadFeed(t, name, raw)
	adds := enrichtest.EnrichAll(t, New(Config{}), f)
	got := map[string]string{}
	for _, p := range adds[0].Persons {
		got[p.Name] = p.Role
	}
	want := map[string]string{"Tim Pritlove": "host", "roddi": "co-host", "Maria Reimer": "guest", "Gregor Sedlag": "guest"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FS229 persons = %v, want %v", got, want)
	}
}

// TestCorpusHosts pins the hosts read from each corpus channel that names
// them, checked by hand against the channel elements.
func TestCorpusHosts(t *testing.T) {
	want := map[string][]string{
		"80000hours-podcast-2020-05-feedburner.xml":                 {"Rob Wiblin"},
		"accidental-tech-podcast-squarespace.xml":                   {"Marco Arment", "Casey Liss", "John Siracusa"},
		"chaosradio-express-cre-psc-chapters-de.xml":                {"Tim Pritlove"},
		"deprogram-2026-02-13.xml":                                  {"JT", "Hakim", "Yugopnik"},
		"engineering-kiosk-2026-07-01-redcircle-de.xml":             {"Wolfgang Gassler", "Andy Grunwald"},
		"freak-show-podlove-psc-chapters-de.xml":                    {"Tim Pritlove"},
		"gooaye-zh-tw.xml":                                          {"謝孟恭"},
		"linux-unplugged-2020-12-19-pc20.xml":                       {"Chris Fisher", "Wes Payne"},
		"no-agenda-2022-pc20.xml":                                   {"Adam Curry", "John C. Dvorak"},
		"nyt-the-daily.xml":                                         {"Michael Barbaro"},
		"reply-all-2020-12-29-reruns.xml":                           {"PJ Vogt", "Alex Goldman", "Emmanuel Dzotsi"},
		"soundon-adult-small-talk-zh-tw.xml":                        {"姚詩豪", "張國洋"},
		"vector-rene-ritchie-libsyn.xml":                            {"Rene Ritchie"},
		"MALFORMED-sentimental-garbage-acast-ws-before-xmldecl.xml": {"Caroline O'Donoghue"},
		"giantbomb-bombcast.xml":                                    nil,
		"bbc-world-service-new-feed-url.xml":                        nil,
		"npr-planet-money.xml":                                      nil,
		"buzzsprout-how-to-start-a-podcast-pc20.xml":                nil,
		"catradio-series-i-cinema-iso-8859-1.xml":                   nil,
		"podland-pc20.xml":                                          nil, // its channel lists them as podcast:person
	}
	dir := testcorpus.Dir(t)
	for name, hosts := range want {
		raw, err := os.ReadFile(filepath.Join(dir, "feeds", name))
		if err != nil {
			t.Fatal(err)
		}
		if got := hostsOf(enrichtest.LoadFeed(t, name, raw)).names; !reflect.DeepEqual(got, hosts) {
			t.Errorf("%s: hosts %q, want %q", name, got, hosts)
		}
	}
}

func TestIntros(t *testing.T) {
	hosts := &showHosts{names: []string{"Rob Wiblin"}}
	for line, want := range map[string][]string{
		"Today Rob talks with Jan Leike about alignment.":                      {"Jan Leike"},
		"In this episode we interview Sarah Connor about time travel.":         {"Sarah Connor"},
		"Heute unterhalten wir uns mit Florian Schwinn über das Radio.":        {"Florian Schwinn"},
		"Cette semaine, nous recevons Marie Dupont pour parler de cinéma.":     {"Marie Dupont"},
		"Hoy entrevistamos a Ana García sobre economía.":                       {"Ana García"},
		"Avui parlem amb Quim Morales de Steven Spielberg.":                    {"Quim Morales"},
		"Deze week in gesprek met Eva Daeleman.":                               {"Eva Daeleman"},
		"Neste episódio conversamos com Enio Moraes sobre projetos.":           {"Enio Moraes"},
		"Co-host Sam Sethi is back.":                                           {"Sam Sethi"},
		"Dave Jackson talks to Dan Franks about preparation.":                  nil, // another show's host
		"Plus a preview of our upcoming interview with Mark Shuttleworth.":     nil,
		"We talk with Google about search.":                                    nil,
		"Wir sprechen mit Index out of bounds über Freelancing.":               nil,
		"Im Gespräch mit Tim Pritlove erzählt Harald Welte von TETRA.":         nil, // CRE names its host so
		"Deze week praten met Windmill Fighting Records over de nieuwe plaat.": nil,
	} {
		x := extractor{prose: true, hosts: hosts}
		x.intros(line, asciiLower(line))
		var got []string
		for _, f := range x.out {
			got = append(got, f.name)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %q, want %q", line, got, want)
		}
	}
}

// TestOutros: a guest named before the phrase that brings them on.
func TestOutros(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"This week world traveler Drew Scanlon joins us to talk about the new Fire Emblem.", "Drew Scanlon"},
		{`Matthew "Matt" Rorie joins us to chat Driveclub.`, "Matthew Rorie"},
		{"Heute ist Anna Schmidt bei uns zu Gast.", ""}, // the name is not before the phrase
		{"Anna Schmidt ist bei uns zu Gast und erzählt von Git.", "Anna Schmidt"},
		{"Marie Dupont est notre invitée.", "Marie Dupont"},
		{"The show joins us in a new studio.", ""},
		{"Jane Doe joins usability experts on stage.", ""},
		{"Jeff Gerstmann joins us from home.", ""}, // the show's host
	} {
		x := &extractor{prose: true, hosts: &showHosts{names: []string{"Jeff Gerstmann"}}}
		x.outros(tc.line, asciiLower(tc.line))
		var got string
		if len(x.out) > 0 {
			got = x.out[0].name
		}
		if got != tc.want {
			t.Errorf("outros(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

// TestStandInHost: an episode whose notes name who hosts it in place of
// the show's host gets that guest host, not the show's.
func TestStandInHost(t *testing.T) {
	f := &enrich.Feed{Channel: &feed.Channel{Title: "The Daily", Description: "Hosted by Michael Barbaro. Twenty minutes a day."},
		Items: []feed.Item{
			{Title: "A normal day", Description: "<p>Today we look at the news.</p>"},
			{Title: "A summer day", Description: "<p>Guest: Jane Roe, a reporter.</p><p>Caitlin Dickerson is our host; Michael Barbaro will return tomorrow.</p>"},
			{Title: "Another show", Description: "<p>A new podcast about history, hosted by Simone Polanen.</p>"},
		}}
	adds := enrichtest.EnrichAll(t, New(Config{}), f)
	roles := func(i int) map[string]string {
		m := map[string]string{}
		for _, p := range adds[i].Persons {
			m[p.Name] = p.Role
		}
		return m
	}
	for i, want := range []map[string]string{
		{"Michael Barbaro": "host"},
		{"Caitlin Dickerson": "guest host", "Jane Roe": "guest"},
		{"Michael Barbaro": "host"}, // "hosted by" another show's host, mid-sentence
	} {
		if got := roles(i); !reflect.DeepEqual(got, want) {
			t.Errorf("item %d: persons %v, want %v", i, got, want)
		}
	}
}
