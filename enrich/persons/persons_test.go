package persons

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/recast-podcast/recast/enrich/enrichtest"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

func TestSeed(t *testing.T) {
	f := enrichtest.LoadFeed(t, "seed", testcorpus.Seed(t, "eighty-thousand-hours-jan-leike.xml"))
	adds := enrichtest.EnrichAll(t, New(Config{}), f)
	want := [][]feed.Person{{
		{Name: "Jan Leike", Role: "guest", Group: "cast"},
		{Name: "Rob Wiblin", Role: "host", Group: "cast"},
		{Name: "Keiran Harris", Role: "producer", Group: "creative direction"},
		{Name: "Keiran Harris", Role: "editor", Group: "writing"},
		{Name: "Ben Cordell", Role: "audio engineer", Group: "audio production"},
		{Name: "Simon Monsour", Role: "audio editor", Group: "audio post-production"},
		{Name: "Milo McGuire", Role: "audio editor", Group: "audio post-production"},
		{Name: "Katy Moore", Role: "editor", Group: "writing"},
		{Name: "Luisa Rodriguez", Role: "editor", Group: "writing"},
		{Name: "Katy Moore", Role: "transcriber", Group: "writing"},
	}, {
		// "Danny and I also discuss…" names him by first name only; the
		// title "#78 – Danny Hernandez on forecasting…" says who he is.
		{Name: "Keiran Harris", Role: "producer", Group: "creative direction"},
		{Name: "Ben Cordell", Role: "audio engineer", Group: "audio production"},
		{Name: "Zakee Ulhaq", Role: "transcriber", Group: "writing"},
		{Name: "Danny Hernandez", Role: "guest", Group: "cast"},
	}}
	for i := range want {
		if !reflect.DeepEqual(adds[i].Persons, want[i]) {
			t.Errorf("item %d:\n got  %+v\n want %+v", i, adds[i].Persons, want[i])
		}
	}
}

func TestEnrich(t *testing.T) {
	const notes = `<p>Today's guest, Jan Leike, is Head of Alignment at OpenAI.</p><p>In today's interview host Rob Wiblin puts these doubts to Jan.</p><p>Producer: Keiran Harris.</p>`
	host := feed.Person{Name: "Rob Wiblin", Role: "host", Group: "cast", Img: "https://example.org/rob.jpg"}
	luisa := feed.Person{Name: "Luisa Rodriguez", Role: "host", Href: "https://example.org/luisa"}
	tests := map[string]struct {
		cfg     Config
		notes   string // "": the notes above
		channel []feed.Person
		have    []feed.Person // already on the item
		added   []feed.Person // already in the additions
		want    []feed.Person
	}{
		"found": {
			want: []feed.Person{
				{Name: "Jan Leike", Role: "guest", Group: "cast"},
				{Name: "Rob Wiblin", Role: "host", Group: "cast"},
				{Name: "Keiran Harris", Role: "producer", Group: "creative direction"},
			},
		},
		"the channel's entry preferred; its other host not repeated where the notes name this episode's": {
			channel: []feed.Person{host, luisa},
			want: []feed.Person{
				{Name: "Jan Leike", Role: "guest", Group: "cast"},
				host,
				{Name: "Keiran Harris", Role: "producer", Group: "creative direction"},
			},
		},
		"channel persons are repeated on an item with people of its own": {
			notes:   "<p>Producer: Keiran Harris.</p>",
			channel: []feed.Person{luisa},
			have:    []feed.Person{{Name: "Jan Leike", Role: "guest"}},
			want:    []feed.Person{{Name: "Keiran Harris", Role: "producer", Group: "creative direction"}, luisa},
		},
		"not when configured off": {
			cfg:     Config{NoChannelPersons: true},
			channel: []feed.Person{luisa},
			want: []feed.Person{
				{Name: "Jan Leike", Role: "guest", Group: "cast"},
				{Name: "Rob Wiblin", Role: "host", Group: "cast"},
				{Name: "Keiran Harris", Role: "producer", Group: "creative direction"},
			},
		},
		"a name the item lists is not added, nor the channel's": {
			channel: []feed.Person{luisa},
			have:    []feed.Person{{Name: " jan leike ", Role: "researcher"}},
			want: []feed.Person{
				{Name: "Rob Wiblin", Role: "host", Group: "cast"},
				{Name: "Keiran Harris", Role: "producer", Group: "creative direction"},
			},
		},
		"a role the item fills is left to the publisher": {
			have: []feed.Person{{Name: "Jan Leike 🤖", Role: "Guest"}, {Name: "Rob"}},
			want: []feed.Person{{Name: "Keiran Harris", Role: "producer", Group: "creative direction"}},
		},
		"same name and role already added": {
			added: []feed.Person{{Name: "KEIRAN HARRIS", Role: "producer"}},
			want: []feed.Person{
				{Name: "KEIRAN HARRIS", Role: "producer"},
				{Name: "Jan Leike", Role: "guest", Group: "cast"},
				{Name: "Rob Wiblin", Role: "host", Group: "cast"},
			},
		},
		"credits off": {
			cfg: Config{SkipCredits: true},
			want: []feed.Person{
				{Name: "Jan Leike", Role: "guest", Group: "cast"},
				{Name: "Rob Wiblin", Role: "host", Group: "cast"},
			},
		},
		"prose off": {
			cfg:  Config{SkipProse: true},
			want: []feed.Person{{Name: "Keiran Harris", Role: "producer", Group: "creative direction"}},
		},
		"extra label": {
			cfg: Config{Labels: map[string][]string{"Producer": {"Senior Producer"}}},
			want: []feed.Person{
				{Name: "Jan Leike", Role: "guest", Group: "cast"},
				{Name: "Rob Wiblin", Role: "host", Group: "cast"},
				{Name: "Keiran Harris", Role: "senior producer", Group: "creative direction"},
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			desc := notes
			if tc.notes != "" {
				desc = tc.notes
			}
			f := &enrich.Feed{Channel: &feed.Channel{Title: "80,000 Hours Podcast", Persons: tc.channel},
				Items: []feed.Item{{Description: desc, Persons: tc.have}}}
			add := feed.Additions{Persons: tc.added}
			if err := New(tc.cfg).Enrich(context.Background(), f, &f.Items[0], &add); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(add.Persons, tc.want) {
				t.Errorf("persons %+v\nwant    %+v", add.Persons, tc.want)
			}
		})
	}
}

func TestEnrichOddInput(t *testing.T) {
	e := New(Config{})
	if err := e.Enrich(context.Background(), &enrich.Feed{}, nil, &feed.Additions{}); !errors.Is(err, ErrNilArgument) {
		t.Errorf("nil item: err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := &enrich.Feed{Items: []feed.Item{{Description: "Producer: Keiran Harris"}}}
	if err := e.Enrich(ctx, f, &f.Items[0], &feed.Additions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: err = %v", err)
	}
	for _, notes := range []string{
		"", "Producer:", "Producer: ", ":", "guest", "Today's guest,", "Today's guest, ", "host ",
		"joined by", "joined by ", "(host)", " (guest)", "zu Gast", "zu Gast ist", "Hosts\n",
		"Guests:\nJane", "is produced by", "Leo Dion (Host", "\xff\xfe Producer: \xff", "Ö (Host)",
		"Producer: Jane-", "Producer: O' Brien", "Producer: Jane D.", "— guest —",
		"Today’s guest — ", "Special Guests: ,,,", "Dr Dr Dr", "Jr. Jr.", "Guest: van der",
	} {
		f := &enrich.Feed{Channel: &feed.Channel{}, Items: []feed.Item{{Description: notes}}}
		add := &feed.Additions{}
		if err := e.Enrich(context.Background(), f, &f.Items[0], add); err != nil {
			t.Errorf("%q: %v", notes, err)
		}
		if len(add.Persons) != 0 {
			t.Errorf("%q: persons %+v", notes, add.Persons)
		}
	}
}

func TestTaxonomy(t *testing.T) {
	groups, err := parseTaxonomy(rolesTSV)
	if err != nil {
		t.Fatal(err)
	}
	for role, group := range map[string]string{"guest": "cast", "host": "cast",
		"producer": "creative direction", "editor": "writing", "transcriber": "writing",
		"audio engineer": "audio production", "audio editor": "audio post-production",
		"translator": "writing", "cover art designer": "visuals"} {
		if groups[role] != group {
			t.Errorf("group of %q = %q, want %q", role, groups[role], group)
		}
	}
	// Every shipped label maps to taxonomy roles.
	for label, roles := range defaultLabels() {
		for _, r := range roles {
			if _, ok := groups[r]; !ok {
				t.Errorf("label %q: role %q is not in person-roles.tsv", label, r)
			}
		}
	}
	if err := (Config{Labels: map[string][]string{"Sound": {"Sound Designer"}}}).Validate(); err != nil {
		t.Errorf("valid config: %v", err)
	}
	if err := (Config{Labels: map[string][]string{"Vibes": {"vibe curator"}}}).Validate(); !errors.Is(err, ErrUnknownRole) {
		t.Errorf("unknown role: err = %v, want ErrUnknownRole", err)
	}
	if _, err := parseTaxonomy("group role\n"); err == nil {
		t.Error("line without tab: no error")
	}
}
