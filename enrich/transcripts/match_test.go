package transcripts

import (
	"reflect"
	"testing"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// TestFind runs real show-note fragments (corpus and seed, quoted as
// published) through ParseNotes and find.
func TestFind(t *testing.T) {
	html := func(u string) []feed.Transcript { return []feed.Transcript{{URL: u, Type: typeHTML}} }
	tests := map[string]struct {
		notes string
		want  []feed.Transcript
	}{
		// Positives.
		"80000hours links to learn more, summary and full transcript": {
			notes: `• <a href="https://80k.link/tks"><b>Links to learn more, summary and full transcript.</b></a> <br><br>`,
			want:  html("https://80k.link/tks"),
		},
		"80000hours utm params are removed": {
			notes: `<p><a href="https://80000hours.org/podcast/episodes/danny-hernandez-forecasting-ai-progress/?utm_campaign=podcast__danny-hernandez&amp;utm_source=80000+Hours+Podcast&amp;utm_medium=podcast"><b>Links to learn more, summary and full transcript.</b></a></p>`,
			want:  html("https://80000hours.org/podcast/episodes/danny-hernandez-forecasting-ai-progress/"),
		},
		"80000hours transcript here": {
			notes: `If you would prefer to read you can find the <b><a href="https://80000hours.org/podcast/episodes/rob-howie-coronavirus-crisis/#transcript">transcript here</a></b>.<br><br>`,
			want:  html("https://80000hours.org/podcast/episodes/rob-howie-coronavirus-crisis/#transcript"),
		},
		"80000hours see a full transcript in a list": {
			notes: `<a href="https://80k.link/ord-2"><b>Click here to read the whole list, see a full transcript, and find related links.</b></a> <br><br>`,
			want:  html("https://80k.link/ord-2"),
		},
		"80000hours full transcript of the conversation": {
			notes: `<a href="https://80000hours.org/podcast/episodes/anders-sandberg-extending-life/">Full transcript of the conversation, summary, and links to learn more.</a>`,
			want:  html("https://80000hours.org/podcast/episodes/anders-sandberg-extending-life/"),
		},
		"80000hours including transcript": {
			notes: `<a href="https://80000hours.org/2017/12/michelle-hutchinson-global-priorities/">Link to the full blog post about this episode including transcript and links to learn more</a>`,
			want:  html("https://80000hours.org/2017/12/michelle-hutchinson-global-priorities/"),
		},
		"seed two links to one page keep the #transcript one": {
			notes: `<p><a href="https://80000hours.org/podcast/episodes/jan-leike-superalignment/?utm_campaign=podcast__jan-leike&amp;utm_source=80000+Hours+Podcast&amp;utm_medium=podcast"><b>Links to learn more, summary and full transcript.</b></a></p>
<p><i>Get this episode by subscribing to our podcast on the world’s most pressing problems and how to solve them: type ‘80,000 Hours’ into your podcasting app. Or <a href="https://80000hours.org/podcast/episodes/jan-leike-superalignment/#transcript">read the transcript</a>.</i></p>`,
			want: html("https://80000hours.org/podcast/episodes/jan-leike-superalignment/#transcript"),
		},
		"omni show escaped html, transcript attached by the line": {
			notes: `Full transcript and show notes at &lt;a href='https://theomnishow.omnigroup.com/episode/andrea-mcvittie-user-experience-designer/'&gt;theomnishow.omnigroup.com&lt;/a&gt;`,
			want:  html("https://theomnishow.omnigroup.com/episode/andrea-mcvittie-user-experience-designer/"),
		},
		"vector transcript label before the link": {
			notes: `<p>Increasing security and speed to usability with Matt Davey and Michael Fey of AgileBits.</p> <p>Transcript: <a href= "https://www.imore.com/1password-7-interview">1Password 7: The Interview</a></p> <h2>Guests & Links</h2>`,
			want:  html("https://www.imore.com/1password-7-interview"),
		},
		"click here for the full transcript": {
			notes: `<p>Click <a href="https://example.org/ep/12">here</a> for the full transcript.</p>`,
			want:  html("https://example.org/ep/12"),
		},
		"german transkript": {
			notes: `<p>Das vollständige <a href="https://example.org/folge-12/transkript/">Transkript der Folge</a></p>`,
			want:  html("https://example.org/folge-12/transkript/"),
		},
		"vtt file is captions": {
			notes: `<p>Captions: <a href="https://cdn.example.org/ep12.vtt">WebVTT</a></p>`,
			want:  []feed.Transcript{{URL: "https://cdn.example.org/ep12.vtt", Type: typeVTT, Rel: "captions"}},
		},
		"srt file is captions": {
			notes: `<a href="https://cdn.example.org/ep12.SRT?x=1">subtitles</a>`,
			want:  []feed.Transcript{{URL: "https://cdn.example.org/ep12.SRT?x=1", Type: typeSRT, Rel: "captions"}},
		},
		"json that says transcript": {
			notes: `<a href="https://cdn.example.org/274-transcript-slim.json">JSON</a>`,
			want:  []feed.Transcript{{URL: "https://cdn.example.org/274-transcript-slim.json", Type: typeJSON}},
		},
		"txt transcript by anchor text": {
			notes: `<a href="https://cdn.example.org/ep12.txt">Plain text transcript</a>`,
			want:  []feed.Transcript{{URL: "https://cdn.example.org/ep12.txt", Type: typePlain}},
		},

		// Negatives.
		"nyt transcript of a statement": {
			notes: `<li>Here’s<a href="https://www.nytimes.com/2019/05/29/us/politics/mueller-transcript.html?smid=pc-thedaily" target="_blank"> the full transcript of Mr. Mueller’s statement</a>. </li>`,
		},
		"nyt transcript of a reporter's conversation": {
			notes: `<li>Read a <a href="https://www.nytimes.com/2019/07/30/us/politics/kamala-harris-interview-transcript.html?smid=pc-thedaily" target="_blank">transcript of our reporter’s conversation with Ms. Harris</a>.</li>`,
		},
		"nyt transcript of the call": {
			notes: `<a href="https://www.nytimes.com/2019/09/26/us/politics/whistleblower-complaint-released.html?smid=pc-thedaily" target="_blank">tried to “lock down” the transcript of the call</a>.`,
		},
		"podnews the podcast:transcript tag": {
			notes: `<li><a href='https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md#transcript?utm_source=podnews.net&amp;utm_medium=web'>The podcast:transcript tag</a> is an open standard, supported by a number of podcasts and offers both static transcripts (in HTML or text)</li>`,
		},
		"podnews transcripts in general": {
			notes: `<li>As we researched in June 2020, <a href='https://podnews.net/article/podcast-transcripts-why-and-when'>transcripts can offer significant SEO benefits</a>.</li>`,
		},
		"podnews #transcript fragment alone": {
			notes: `a <a href='https://podnews.net/article/new-podcast-apps#transcript'>number of podcast apps</a> display these transcripts, including the popular Android app Podcast Addict.`,
		},
		"podnews transcript of his talk": {
			notes: `<li>Adam Bowie, Business Development Manager at the BBC World Service, has <a href="https://www.adambowie.com/blog/2021/06/top-10-podcast-trends-in-10-minutes/?utm_source=podnews.net&amp;utm_medium=rss">published a transcript of his talk made at Podcast Day 24</a> - the top 10 podcast trends in 10 minutes.</li>`,
		},
		"atp transcript only in the url": {
			notes: `<li><a href="http://atp.fm/205-chris-lattner-interview-transcript#bitcode">Chris Lattner interview</a></li>`,
		},
		"atp someone else's transcript posted": {
			notes: `<li><a href="https://techcrunch.com/2017/04/06/transcript-phil-schiller-craig-federighi-and-john-ternus-on-the-state-of-apples-pro-macs/">Mac Pro transcript posted</a></li>`,
		},
		"engineering kiosk transcription service credit": {
			notes: `<li>Podcast Transcripte: <a href="https://www.assemblyai.com/" rel="nofollow">AssemblyAI</a></li>`,
		},
		"transcription service sponsor": {
			notes: `<p>This episode is sponsored by <a href="https://www.rev.com/blog/podcast">Rev</a>, the transcription service for podcasters.</p>`,
		},
		"transcription label to a home page": {
			notes: `<p>Transcription: <a href="https://otter.ai/">Otter</a></p>`,
		},
		"credit line without a link": {
			notes: `<p><i>Producer: Keiran Harris.<br>Audio mastering: Ben Cordell.<br>Transcriptions: Zakee Ulhaq.</i></p>`,
		},
		"blog post about making transcripts": {
			notes: `<p>Read <a href="https://example.org/blog/how-we-make-transcripts">How we make transcripts</a> on our blog.</p>`,
		},
		"transcript coming soon next to another link": {
			notes: `<p>Transcript coming soon. Support us on <a href="https://www.patreon.com/show/posts">Patreon</a>.</p>`,
		},
		"nyt line mentions a transcript, link is elsewhere": {
			notes: `<p>The White House released a reconstructed transcript of President Trump’s phone call. For more information on today’s episode, visit <a href="https://www.nytimes.com/thedaily">nytimes.com/thedaily</a>.</p>`,
		},
		"json without transcript": {
			notes: `<a href="https://example.org/chapters.json">Chapters</a>`,
		},
		"pdf transcript is not a transcript type": {
			notes: `<a href="https://example.org/ep12.pdf">Full transcript</a>`,
		},
		"relative and mailto links": {
			notes: `<a href="/ep12/transcript">Full transcript</a> <a href="mailto:x@example.org">transcript</a>`,
		},
		"two different transcript pages are ambiguous": {
			notes: `<p><a href="https://example.org/ep12/transcript">Full transcript</a></p><p><a href="https://example.org/ep11/transcript">Full transcript</a> of last week</p>`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			n := enrich.ParseNotes(tc.notes)
			var got []feed.Transcript
			for _, c := range find(n.Links, false) {
				got = append(got, c.t)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("find = %+v\nwant  %+v\nlinks %+v", got, tc.want, n.Links)
			}
		})
	}
}

func TestSaysTranscript(t *testing.T) {
	tests := map[string]bool{
		"Links to learn more, summary and full transcript.":         true,
		"Links to learn more, episode summary & full transcript":    true,
		"Full transcript, key points & links to articles discussed": true,
		"read the transcript":        true,
		"Transcript":                 true,
		"Transcripción completa":     true,
		"Trascrizione dell'episodio": true,
		"transcrição do episódio":    true,
		"Full blog post about this episode, including a transcript, summary":        true,
		"SiriusXM is being sued for failing to provide podcast transcripts":         false,
		"existing open transcript standard from the new podcast namespace":          false,
		"Amazon Music has announced a \"synchronised podcast transcripts\" feature": false,
		"right to transcribe":                       false,
		"transcription service":                     false,
		"Transcriptions: Katy Moore":                false,
		"the transcript of the call":                false,
		"transcript of our reporter’s conversation": false,
		"": false,
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := saysTranscript(in); got != want {
				t.Errorf("saysTranscript(%q) = %v, want %v (tokens %q)", in, got, want, tokens(in))
			}
		})
	}
}

// FuzzFind checks that no show notes panic find, and that what it finds is
// an absolute http(s) URL of a known transcript type.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		`<a href="https://80k.link/tks"><b>Links to learn more, summary and full transcript.</b></a>`,
		`Full transcript and show notes at &lt;a href='https://x.org/e/1/'&gt;x.org&lt;/a&gt;`,
		`<p>Transcript: <a href="https://x.org/1">One</a></p>`, `<a href="https://x.org/a.vtt">c</a>`,
		`<p>Click <a href="https://x.org/12">here</a> for the full transcript.</p>`,
	} {
		f.Add(s)
	}
	types := map[string]bool{typeHTML: true, typeVTT: true, typeSRT: true, typeJSON: true, typePlain: true}
	f.Fuzz(func(t *testing.T, notes string) {
		for _, c := range find(enrich.ParseNotes(notes).Links, false) {
			if _, _, ok := parseLink(c.t.URL); !ok || !types[c.t.Type] {
				t.Errorf("%q: found %+v", notes, c.t)
			}
		}
	})
}
