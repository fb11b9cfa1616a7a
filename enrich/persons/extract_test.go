package persons

import (
	"reflect"
	"testing"

	"github.com/recast-podcast/recast/enrich"
)

// TestExtract runs real show-note fragments (corpus and seed, quoted as
// published) through ParseNotes and the extractor.
func TestExtract(t *testing.T) {
	type p = [2]string // name, role
	tests := map[string]struct {
		title string // channel title
		notes string
		want  []p
	}{
		// Credits.
		"seed credits block": {
			notes: `<p><i>Producer and editor: Keiran Harris<br>Audio Engineering Lead: Ben Cordell<br>Technical editing: Simon Monsour and Milo McGuire<br>Additional content editing: Katy Moore and Luisa Rodriguez<br>Transcriptions: Katy Moore</i></p>`,
			want: []p{{"Keiran Harris", "producer"}, {"Keiran Harris", "editor"},
				{"Ben Cordell", "audio engineer"}, {"Simon Monsour", "audio editor"},
				{"Milo McGuire", "audio editor"}, {"Katy Moore", "editor"},
				{"Luisa Rodriguez", "editor"}, {"Katy Moore", "transcriber"}},
		},
		"80000hours credits with periods": {
			notes: `<p><i>Producer: Keiran Harris.<br>Audio mastering: Ben Cordell.<br>Transcriptions: Zakee Ulhaq.</i></p>`,
			want:  []p{{"Keiran Harris", "producer"}, {"Ben Cordell", "audio engineer"}, {"Zakee Ulhaq", "transcriber"}},
		},
		"80000hours produced by, show as subject": {
			title: "80,000 Hours Podcast",
			notes: `<p>*The 80,000 Hours Podcast is produced by Keiran Harris.*</p>`,
			want:  []p{{"Keiran Harris", "producer"}},
		},
		"linux unplugged special guests list": {
			notes: `<p>Special Guests: Brent Gervais, Drew DeVore, and Neal Gompa.</p>`,
			want:  []p{{"Brent Gervais", "guest"}, {"Drew DeVore", "guest"}, {"Neal Gompa", "guest"}},
		},
		"nyt guest with initial and suffix, then a description": {
			notes: `<p>Guest: Donald G. McNeil Jr., a science and health reporter for The New York Times. For more information on today’s episode, visit <a href="http://nytimes.com/thedaily">nytimes.com/thedaily</a>.</p>`,
			want:  []p{{"Donald G. McNeil Jr.", "guest"}},
		},
		"nyt two guests and a shared description": {
			notes: `<p>Guests: Jodi Kantor and Megan Twohey, investigative reporters for The New York Times and the authors of “She Said.”</p>`,
			want:  []p{{"Jodi Kantor", "guest"}, {"Megan Twohey", "guest"}},
		},
		"nyt title is dropped": {
			notes: `<p>Guest: Representative-elect Abigail Spanberger, Democrat of Virginia.</p>`,
			want:  []p{{"Abigail Spanberger", "guest"}},
		},
		"nyt guest host": {
			notes: `<p>Guest Host: Kevin Roose, who writes about technology for The New York Times, reported this story for “The Daily.”</p>`,
			want:  []p{{"Kevin Roose", "guest host"}},
		},
		"nyt guest who is a producer stays a guest": {
			notes: `<p>Guest: Annie Brown, a producer on “The Daily,” spoke with Kashmir Hill, a technology reporter for The New York Times.</p>`,
			want:  []p{{"Annie Brown", "guest"}},
		},
		"pc perspective hosts, a first name alone skipped": {
			notes: `<p>Hosts: Ryan Shrout, Allyn Malventano, Josh Walrath, Jermey</p>`,
			want:  []p{{"Ryan Shrout", "host"}, {"Allyn Malventano", "host"}, {"Josh Walrath", "host"}},
		},
		"pc perspective missing comma": {
			notes: `<p>Hosts: Ryan Shrout Josh Walrath, Jeremy Hellstrom, Allyn Malventano</p>`,
			want:  []p{{"Jeremy Hellstrom", "host"}, {"Allyn Malventano", "host"}},
		},
		"sentimental garbage passive and music by": {
			notes: `<p>This episode was produced by Caroline O'Donoghue and mixed by Hannah Varral. Music by Harry Harris, artwork by Gavin Day</p>`,
			want:  []p{{"Harry Harris", "music contributor"}, {"Caroline O'Donoghue", "producer"}},
		},

		// Heading blocks.
		"engineering kiosk hosts block": {
			notes: `<h3>Hosts</h3><ul><li>Wolfgang Gassler (https://mastodon.social/@woolf)</li><li>Andy Grunwald (https://twitter.com/andygrunwald)</li></ul><h3>Feedback</h3>`,
			want:  []p{{"Wolfgang Gassler", "host"}, {"Andy Grunwald", "host"}},
		},
		"nyt guests block": {
			notes: `<p>Guests: </p><p>Pete Buttigieg, mayor of South Bend, Ind., and 2020 Democratic presidential candidate.</p><p>Jeremy W. Peters, a politics reporter in the Washington bureau of The New York Times.</p><p>“The Candidates” is a new series from “The Daily”</p>`,
			want:  []p{{"Pete Buttigieg", "guest"}, {"Jeremy W. Peters", "guest"}},
		},
		"vector guests and links": {
			notes: `<h2>Guests & Links</h2> <ul> <li>Michael Fey: <a href="https://twitter.com/mrfey">Twitter</a></li> <li>Matt Davey: <a href="https://twitter.com/mattdavey">Twitter</a></li> <li>AgileBits: <a href="https://agilebits.com">1Password</a></li></ul>`,
			want:  []p{{"Michael Fey", "guest"}, {"Matt Davey", "guest"}},
		},
		"podland guest line with a job title is no credit": {
			notes: `<p>GUEST: </p><p>Winslow Bright - Executive Producer at Premier Music Group</p><p>NEWS: </p>`,
			want:  []p{{"Winslow Bright", "guest"}},
		},
		"empower singular heading takes one name": {
			notes: `<p><b>Guest</b></p><ul><li>Mustafa Yusuf (@mufasaYC)</li><li>Tasks App</li></ul>`,
			want:  []p{{"Mustafa Yusuf", "guest"}},
		},
		"empower bare name under guest": {
			notes: `<p><b>Guest</b></p><p>Mikaela Caron</p><p>Youtube - MikaelaCaron</p>`,
			want:  []p{{"Mikaela Caron", "guest"}},
		},

		// Prose.
		"seed today's guest and host": {
			notes: `<p>Today's guest, Jan Leike, is Head of Alignment at OpenAI and will be co-leading the project.</p><p>In today's interview host Rob Wiblin puts these doubts to Jan to hear how he responds to each, and they also cover:</p>`,
			want:  []p{{"Jan Leike", "guest"}, {"Rob Wiblin", "host"}},
		},
		"80000hours guest between dashes with a description": {
			notes: `<p>Today’s guest — world-renowned computer security expert Bruce Schneier — thinks this scenario is plausible.</p>`,
			want:  []p{{"Bruce Schneier", "guest"}},
		},
		"80000hours guest appositive cut at 'at'": {
			notes: `<p>This astonishing fact has driven today's guest, economics researcher Philip Trammell at Oxford's Global Priorities Institute, to investigate the case.</p>`,
			want:  []p{{"Philip Trammell", "guest"}},
		},
		"80000hours return guest with title": {
			notes: `<p>And yet, according to today’s return guest, philosophy Prof Will MacAskill, in a real sense we’re shaking this box every time we leave the house.</p>`,
			want:  []p{{"Will MacAskill", "guest"}},
		},
		"80000hours episode hosted by": {
			notes: `<p>Today’s episode is hosted by Natalie Cargill, a barrister in London with a background in animal advocacy.</p>`,
			want:  []p{{"Natalie Cargill", "host"}},
		},
		"80000hours joined by": {
			notes: `<p>On today’s episode Daniel is joined by Catherine Olsson, who has also worked at OpenAI.</p>`,
			want:  []p{{"Catherine Olsson", "guest"}},
		},
		"deprogram joined by": {
			notes: `<p>Today we're joined by Alan MacLeod on the topic of media manipulation, objectivity, western bias.</p>`,
			want:  []p{{"Alan MacLeod", "guest"}},
		},
		"reply all special guest": {
			notes: `<p>This week, a conspiracy theory involving a furniture company. Yes Yes no is back, with special guest Jason Mantzoukas.</p>`,
			want:  []p{{"Jason Mantzoukas", "guest"}},
		},
		"reply all producer at sentence start": {
			notes: `<p>Black people all across the US are receiving Venmo payments from white people. Producer Emmanuel Dzotsi investigates.</p>`,
			want:  []p{{"Emmanuel Dzotsi", "producer"}},
		},
		"reply all producer after the show's title": {
			title: "Reply All",
			notes: `<p>There are parents in the US desperate for breast milk. Reply All Producer Phia Bennin wades into the world of breast milk markets.</p>`,
			want:  []p{{"Phia Bennin", "producer"}},
		},
		"planet money we talk to": {
			notes: `<p>We talk to Kid Rock about how he tried to cut scalpers out of the business.</p>`,
			want:  []p{{"Kid Rock", "guest"}},
		},
		"engineering kiosk zu Gast": {
			notes: `<p>In dieser Episode ist Dirk Deimeke zu Gast, Systems Engineer bei der Swisscom, Open-Source-Enthusiast.</p>`,
			want:  []p{{"Dirk Deimeke", "guest"}},
		},
		"empower speaker labels": {
			notes: `<p><strong>Leo Dion (Host): </strong>[00:00:00] Thank you for joining me.</p><p>[00:00:01] <strong>Kyle Newsome (Guest): </strong>I'm doing great.</p>`,
			want:  []p{{"Leo Dion", "host"}, {"Kyle Newsome", "guest"}},
		},
		"empower your host": {
			notes: `<p>Thank you for joining me for another episode of empower apps. I'm your host, Leo Dion joining us again is Antoine Vander Lee.</p>`,
			want:  []p{{"Leo Dion", "host"}},
		},
		"pc perspective host and guest at once is neither": {
			notes: `<p>Special guest Austin Evans joins us this week to discuss news from Computex 2014.</p><p>Hosts: Ryan Shrout, Josh Walrath, Jeremy Hellstrom, Allyn Maleventano, and Austin Evans</p>`,
			want: []p{{"Ryan Shrout", "host"}, {"Josh Walrath", "host"}, {"Jeremy Hellstrom", "host"},
				{"Allyn Maleventano", "host"}},
		},

		// The show's title (synthetic fragments).
		"the show's own name is no person": {
			title: "Tasty Bytes",
			notes: `<p>Special guest: Tasty Bytes!</p>`,
		},
		"a show named after its host": {
			title: "The Joe Rogan Experience",
			notes: `<p>Your host, Joe Rogan, talks to a comedian.</p>`,
			want:  []p{{"Joe Rogan", "host"}},
		},

		// Negatives.
		"seed first name only": {
			notes: `<p>In the interview, Danny and I also discuss a range of other topics.</p>`,
		},
		"80000hours previous guest": {
			notes: `<p>Along with previous guest Glen Weyl, Buterin has helped develop a model for so-called 'quadratic funding'.</p>`,
		},
		"80000hours last guest": {
			notes: `<p>According to our last guest, Bryan Caplan, there’s an 80% chance that Stalin would still be ruling Russia today. Today’s guest disagrees.</p>`,
		},
		"80000hours story character": {
			notes: `<p>Our host, Uncle Bill, takes pride in his barbecuing skills.</p>`,
		},
		"80000hours cross-post": {
			notes: `<p>Today's episode is a cross-post of some interviews Rob did recently.</p><p>I speak with David Kadavy on his show, Love Your Work.</p>`,
		},
		"80000hours joined by my colleague": {
			notes: `<p>In this interview I’m joined by my colleague Natalie Cargill, and we ask Bruce about:</p><p>Rob is then joined by two of his colleagues — Niel Bowerman and Michelle Hutchinson — to quickly discuss:</p>`,
		},
		"cre im Gespräch mit names the host": {
			notes: `<p>Im Gespräch mit Tim Pritlove erzählt er die Geschichte der Planetarien.</p>`,
		},
		"podnews host of another show": {
			notes: `<p>A form of collectable digital art, host Brian McCullough, above, seems quite keen on it.</p><p>Olly Mann, a UK podcast host, has added a new daily podcast.</p>`,
		},
		"vector another show hosted by": {
			notes: `<ul><li>Mobile Tech Podcast hosted by Myriam Joire</li></ul>`,
		},
		"reply all possessive": {
			title: "Reply All",
			notes: `<p>Listen to Reply All Executive Producer Tim Howard's latest release as Soltero!</p>`,
		},
		"street fight music credits are tracks": {
			notes: `<p>Music: Ladies Night - Kool & The Gang</p><p>Music - Howling Commandos</p>`,
		},
		"taverncast a group, not a person": {
			notes: `<p>Special 2 hour episode of The Screen looks at all things Star Wars! With special guests Definitive Geek!</p>`,
		},
		"podland hosts heading then prose": {
			notes: `<p>HOSTS:</p><p>Listen to James Cridland and Sam Sethi</p><p>GUEST: </p><p>Jeff Price CEO - Word Collections</p>`,
		},
		"giantbomb joined by descriptions": {
			notes: `<p>We're joined by Xbox boss Phil Spencer, Mortal Kombat boss Ed Boon, Waypoint boss Austin Walker, and many more.</p>`,
		},
		"podcasting 2.0 nicknames and long titles": {
			notes: `<p>Adam & Dave discuss the week's developments on podcastindex.org and we're joined by Sir Brian of London</p><p>we're joined by Renowned Industry Expert Daniel J Lewis</p>`,
		},
		"empower words run together": {
			notes: `<p>[00:17:06] AppFiguresLeo Dion (Host): [00:17:06] I want her to talk to you again about app figures.</p>`,
		},
		"engineering kiosk chapter and tool credits": {
			notes: `<p>(00:05:08) Dirk Deimeke: Systems Engineering, Open Source und Produktivität</p><ul><li>Podcast Transcripte: <a href="https://www.assemblyai.com/">AssemblyAI</a></li><li>Audio-Editting: <a href="https://www.audacityteam.org/">Audacity</a></li></ul>`,
		},
		"linux unplugged link title with roles": {
			notes: `<ul><li>Drew DeVore: Podcast Producer and Audio Engineer for Jupiter Broadcasting – PES 194</li></ul>`,
		},
		"no agenda donor credits": {
			notes: `<p>Credits</p><p>"Afghaniscam"</p><p>Executive Producers: </p><p>Sir Emiloseph</p><p>Anonymous</p>`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			x := extractor{labels: defaultLabels(), prose: true, title: asciiLower(tc.title)}
			text := enrich.ParseNotes(tc.notes).Text
			x.extract(text)
			var got []p
			for _, f := range x.result() {
				got = append(got, p{f.name, f.role})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %q\nwant %q\ntext %q", got, tc.want, text)
				for _, f := range x.out {
					t.Logf("%s (%s) via %s", f.name, f.role, f.via)
				}
			}
		})
	}
}
