// Package persons finds an episode's people in its show notes — hosts,
// guests and the credits block — and adds them as podcast:person with a
// role and group of the Podcasting 2.0 taxonomy (person-roles.tsv).
//
// It reads what notes say in so many words: credit lines ("Producer and
// editor: Keiran Harris", "Special Guests: Brent Gervais and Neal Gompa"),
// heading blocks ("Hosts" then one name a line), and a few prose patterns
// ("Today's guest, Jan Leike, is…", "host Rob Wiblin", "We're joined by…",
// "I spoke with…", "ist Dirk Deimeke zu Gast", "Leo Dion (Host):"). A name
// must look like a full personal name (see names.go); a first name alone,
// a company or a sentence fragment is never added. When in doubt it adds
// nothing.
package persons

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// Config changes what the enricher reads. The zero value is the default.
type Config struct {
	// Labels adds credit labels or overrides shipped ones: a label as
	// written before the colon, any case ("Sound Design"), mapped to roles
	// of person-roles.tsv ("sound designer"). Entries naming an unknown role
	// are ignored by New; Validate reports them.
	Labels map[string][]string `yaml:"labels"`
	// SkipCredits turns off credit lines and heading blocks.
	SkipCredits bool `yaml:"skip_credits"`
	// SkipProse turns off host and guest found in running text.
	SkipProse bool `yaml:"skip_prose"`
	// NoChannelPersons stops repeating the channel's podcast:person on
	// items that get persons of their own (clients show item persons
	// instead of channel ones, so by default the channel's are repeated).
	NoChannelPersons bool `yaml:"no_channel_persons"`
}

// ErrUnknownRole is wrapped by Validate for a label mapped to a role that
// person-roles.tsv does not have.
var ErrUnknownRole = errors.New("unknown role")

// Validate reports Labels entries that name no taxonomy role
// (ErrUnknownRole).
func (c Config) Validate() error {
	groups, err := parseTaxonomy(rolesTSV)
	if err != nil {
		return err
	}
	var errs []error
	for label, roles := range c.Labels {
		for _, r := range roles {
			if _, ok := groups[strings.ToLower(strings.TrimSpace(r))]; !ok {
				errs = append(errs, fmt.Errorf("persons: label %q: %w %q", label, ErrUnknownRole, r))
			}
		}
	}
	return errors.Join(errs...)
}

// Enricher adds podcast:person for people named in show notes. It is safe
// for concurrent use.
type Enricher struct {
	cfg    Config
	groups map[string]string   // role -> group, lower-case
	labels map[string][]string // credit label -> roles
}

var _ enrich.Enricher = (*Enricher)(nil)

// New returns an Enricher using cfg.
func New(cfg Config) *Enricher {
	// The embedded taxonomy is part of the build and TestTaxonomy keeps it
	// valid; were it not, no role would be known and nothing added
	// (Validate reports the error).
	groups, _ := parseTaxonomy(rolesTSV)
	labels := defaultLabels()
	for label, roles := range cfg.Labels {
		var ok []string
		for _, r := range roles {
			r = strings.ToLower(strings.TrimSpace(r))
			if _, known := groups[r]; known {
				ok = append(ok, r)
			}
		}
		if len(ok) > 0 {
			labels[normLabel(strings.ToLower(label))] = ok
		}
	}
	return &Enricher{cfg: cfg, groups: groups, labels: labels}
}

// Name implements enrich.Enricher.
func (e *Enricher) Name() string { return "persons" }

// Version implements enrich.Enricher.
func (e *Enricher) Version() string { return "1" }

// ErrNilArgument is returned by Enrich when the feed, item or additions are nil.
var ErrNilArgument = errors.New("persons: nil feed, item or additions")

// Enrich adds to add.Persons the people the notes of it name, each with
// the role and group of the taxonomy ("Producer and editor: X" gives two
// persons). It skips a name the item already lists (any role; letters
// compared without case or accents), anyone in a role the item's own
// podcast:person already fills (the publisher named its guest, perhaps
// spelt otherwise), and a name+role already in add. When it adds someone and the item
// has no podcast:person of its own, it also adds the channel's persons
// (unless Config.NoChannelPersons): clients show item persons instead of
// the channel's.
func (e *Enricher) Enrich(ctx context.Context, f *enrich.Feed, it *feed.Item, add *feed.Additions) error {
	if f == nil || it == nil || add == nil {
		return ErrNilArgument
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x := extractor{labels: e.labels, prose: !e.cfg.SkipProse}
	if e.cfg.SkipCredits {
		x.labels = nil
	}
	if f.Channel != nil {
		x.title = asciiLower(strings.TrimSpace(f.Channel.Title))
	}
	earlier := f.Prior(it).Persons
	text := f.Notes(it).Text
	hosts := hostsOf(f)
	x.hosts = hosts
	x.extract(text)
	if !e.cfg.SkipProse {
		if guests, via := titleGuests(it.Title); len(guests) > 0 {
			for _, g := range guests {
				x.add(g, "guest", via+" — title "+strconv.Quote(it.Title))
			}
		}
	}
	if !e.cfg.SkipCredits {
		if air := onAir(text); len(air) > 0 {
			stats := onAirStats(f)
			for _, n := range air {
				switch {
				case hosts.has(n) || listed(f.Channel.Persons, n, "host"):
					x.add(n, "host", "On Air")
				case stats.regular(n):
					x.add(n, "co-host", "On Air, a regular")
				default:
					x.add(n, "guest", "On Air")
				}
			}
		}
	}
	people := x.result()
	if len(hosts.names) > 0 && standIn(people, hosts) {
		// Standing in for the show's hosts: a guest host.
		for i := range people {
			if people[i].role == "host" && !hosts.has(people[i].name) {
				people[i].role = "guest host"
			}
		}
	} else if len(hosts.names) > 0 {
		// The show's hosts first, and nobody both host and guest. An
		// episode whose notes name another host ("Guest hosts: …",
		// "Caitlin Dickerson is our host") is hosted by them.
		kept := make([]found, 0, len(people)+len(hosts.names))
		for i, h := range hosts.names {
			kept = append(kept, found{name: h, role: "host", via: hosts.via[i]})
		}
		for _, p := range people {
			if !(isCastRole(p.role) && hosts.has(p.name)) {
				kept = append(kept, p)
			}
		}
		people = kept
	}
	added := false
	for _, p := range people {
		if listed(it.Persons, p.name, "") || roleFilled(it.Persons, p.role) ||
			listed(add.Persons, p.name, p.role) || listed(earlier, p.name, p.role) {
			continue
		}
		group, ok := e.groups[p.role]
		if !ok {
			continue
		}
		person := feed.Person{Name: p.name, Role: p.role, Group: group}
		if f.Channel != nil {
			// The channel's own entry for this person carries href and img.
			for _, c := range f.Channel.Persons {
				if nameKey(c.Name) == nameKey(p.name) && personRole(c) == p.role {
					person = c
					break
				}
			}
		}
		add.Persons = append(add.Persons, person)
		add.Evidence = append(add.Evidence, feed.Evidence{Of: "person", Value: person.Name + " (" + person.Role + ")", Why: p.via})
		added = true
	}
	// Items with people of their own (the publisher's or recast's) hide
	// the channel's from clients: repeat the channel's on them, but for a
	// role the item's own people or its notes already fill (this
	// episode's host, named, is not the channel's other one).
	if (added || len(it.Persons) > 0) && f.Channel != nil && !e.cfg.NoChannelPersons {
		found := append([]feed.Person(nil), add.Persons...)
		for _, p := range f.Channel.Persons {
			role := personRole(p)
			if strings.TrimSpace(p.Name) == "" || listed(add.Persons, p.Name, p.Role) || listed(it.Persons, p.Name, "") ||
				roleFilled(it.Persons, role) || roleFilled(found, role) && !listed(found, p.Name, "") {
				continue
			}
			add.Persons = append(add.Persons, p)
			add.Evidence = append(add.Evidence, feed.Evidence{Of: "person", Value: p.Name + " (" + role + ")",
				Why: "the channel's podcast:person, repeated: clients show an item's people instead of the channel's"})
		}
	}
	return nil
}

// listed reports whether ps has name, with role when role is not "".
// Names compare by their letters only, without case or accents:
// "Marcin Krzyzanowski" lists "Marcin Krzyżanowski", "Mikaela Caron 🦄"
// lists "Mikaela Caron".
func listed(ps []feed.Person, name, role string) bool {
	key := nameKey(name)
	for _, p := range ps {
		if nameKey(p.Name) == key && (role == "" || personRole(p) == role) {
			return true
		}
	}
	return false
}

// roleFilled reports whether ps has someone in role. The publisher who
// lists a guest has said who the guest is, in their own spelling
// ("Steven Lipton", "CompileSwift"); recast adds no second one.
func roleFilled(ps []feed.Person, role string) bool {
	for _, p := range ps {
		if personRole(p) == role {
			return true
		}
	}
	return false
}

// personRole is p's role, lower-case; the spec's default is "host".
func personRole(p feed.Person) string {
	if r := strings.ToLower(strings.TrimSpace(p.Role)); r != "" {
		return r
	}
	return "host"
}

// nameKey folds a name to its lower-case letters without accents.
func nameKey(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// standIn reports whether people has a host (or guest host) who is none of
// the show's hosts.
func standIn(people []found, hosts *showHosts) bool {
	for _, p := range people {
		if (p.role == "host" || p.role == "guest host") && !hosts.has(p.name) {
			return true
		}
	}
	return false
}
