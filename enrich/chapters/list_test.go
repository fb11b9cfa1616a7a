package chapters

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/recast-podcast/recast/enrich"
	"github.com/recast-podcast/recast/feed"
)

// Real show-note fragments from the corpus (file named in each case) and
// the forms TAGS.md lists; want nil means "no chapter list here".
func TestFromNotes(t *testing.T) {
	tests := map[string]struct {
		notes string
		dur   float64
		want  []feed.Chapter
	}{
		// Positives.
		"engineering-kiosk Sprungmarken (00:00:00) Title": {
			notes: `<h3>Sprungmarken</h3><p>(00:00:00) Openwashing, digitale Souveränität und warum das Thema wichtiger wird</p><p>(00:02:39) Johannes Näder, FSFE und der politische Blick auf freie Software</p><p>(00:08:31) Info/Werbung</p><p>(00:09:31) Johannes Näder, FSFE und der politische Blick auf freie Software</p><p><br></p><h3>Hosts</h3>`,
			dur:   4382,
			want: []feed.Chapter{
				{Start: 0, Title: "Openwashing, digitale Souveränität und warum das Thema wichtiger wird"},
				{Start: 159, Title: "Johannes Näder, FSFE und der politische Blick auf freie Software"},
				{Start: 511, Title: "Info/Werbung"},
				{Start: 571, Title: "Johannes Näder, FSFE und der politische Blick auf freie Software"},
			},
		},
		"empower-apps (00:00) - Topic": {
			notes: "<ul>\n<li>(00:00) - Mac Hardware</li>\n<li>(01:46) - Swift Macros</li>\n<li>(06:48) - SwiftUI (4.0)</li>\n<li>(14:54) - iOS 17</li>\n</ul>",
			dur:   4258,
			want: []feed.Chapter{
				{Start: 0, Title: "Mac Hardware"}, {Start: 106, Title: "Swift Macros"},
				{Start: 408, Title: "SwiftUI (4.0)"}, {Start: 894, Title: "iOS 17"},
			},
		},
		"linux-unplugged plain-text description m:ss": {
			notes: "We put the new Ubuntu 20.10 to the test.\nChapters:\n0:00 Pre-show\n1:37 Intro\n2:55 Edge for Linux\n7:29 Thelio Mega\n16:00 NVIDIA's 5.9 Problem",
			dur:   58*60 + 14,
			want: []feed.Chapter{
				{Start: 0, Title: "Pre-show"}, {Start: 97, Title: "Intro"}, {Start: 175, Title: "Edge for Linux"},
				{Start: 449, Title: "Thelio Mega"}, {Start: 960, Title: "NVIDIA's 5.9 Problem"},
			},
		},
		"linux-unplugged hours only after the first hour": {
			notes: "Chapters:\n0:00 Pre-Show\n0:44 Intro\n56:16 Pick: Autotier\n59:09 Pick: Antennapod 2.0.1\n1:00:30 SPONSOR: Core Contributors\n1:01:10 Outro",
			dur:   3945,
			want: []feed.Chapter{
				{Start: 0, Title: "Pre-Show"}, {Start: 44, Title: "Intro"}, {Start: 3376, Title: "Pick: Autotier"},
				{Start: 3549, Title: "Pick: Antennapod 2.0.1"}, {Start: 3630, Title: "SPONSOR: Core Contributors"},
				{Start: 3670, Title: "Outro"},
			},
		},
		"linux-unplugged chapters run together on one line": {
			notes: "<p>Chapters: 00:00:00 Pre-show 00:01:01 Intro 00:02:23 Meet the Raspberry Pi 400 00:11:21 Manjaro Update</p>",
			want: []feed.Chapter{
				{Start: 0, Title: "Pre-show"}, {Start: 61, Title: "Intro"},
				{Start: 143, Title: "Meet the Raspberry Pi 400"}, {Start: 681, Title: "Manjaro Update"},
			},
		},
		"pc-perspective times before links, program length left out": {
			notes: `<p><strong>Program length</strong>: 1:29:42</p>
<ol><li dir="ltr"><div dir="ltr">Week in Review:</div>
  <ol>
    <li dir="ltr">
    <div dir="ltr">0:04:30 <a href="https://www.pcper.com/news/Processors/Intel-Announces-New-CPUs-Integrating-AMD-Radeon-Graphics">Intel Announces New CPUs Integrating AMD Radeon Graphics</a></div>
    </li>
    <li dir="ltr">
    <div dir="ltr">0:15:55 <a href="https://www.pcper.com/reviews/Editorial/Raja-Koduri-Leaves-AMD-and-Joins-Intel-Build-Discrete-Graphics">Raja Koduri Leaves AMD and Joins Intel to Build Discrete Graphics</a></div>
    </li>
  </ol></li>
  <li dir="ltr"><div dir="ltr">0:35:30 <a href="https://casper.com/pcper">CASPER</a></div></li></ol>`,
			dur: 99*60 + 42,
			want: []feed.Chapter{
				{Start: 270, Title: "Intel Announces New CPUs Integrating AMD Radeon Graphics", URL: "https://www.pcper.com/news/Processors/Intel-Announces-New-CPUs-Integrating-AMD-Radeon-Graphics"},
				{Start: 955, Title: "Raja Koduri Leaves AMD and Joins Intel to Build Discrete Graphics", URL: "https://www.pcper.com/reviews/Editorial/Raja-Koduri-Leaves-AMD-and-Joins-Intel-Build-Discrete-Graphics"},
				{Start: 2130, Title: "CASPER", URL: "https://casper.com/pcper"},
			},
		},
		"pc-perspective picks keep the speaker label": {
			notes: `<div dir="ltr">0:06:01 <a href="https://www.pcper.com/reviews/Processors/Apple-A11-Performance-Review-iPhone-8-Plus-Taking-Desktop">Apple A11 Performance Review with the iPhone 8 Plus: Taking on Desktop?</a></div>
<div dir="ltr">1:30:10 <a href="https://www.pcper.com/news/General-Tech/Samsung-Odyssey-VR-Headset-Announced">Samsung Odyssey VR Headset Announced</a></div>
<div dir="ltr">Hardware/Software Picks of the Week</div>
<div dir="ltr">Ryan: 1:32:30 <a href="https://www.amazon.com/Certain-Point-View-Star-Wars/dp/0345511476">From a Certain Point of View</a></div>
<div dir="ltr">Josh: 1:34:30 <a href="https://www.amazon.com/Blade-Runner-Final-Cut-Blu-ray/dp/B073C1ZYW9/">$65 seems a little harsh&hellip; but worth it?</a></div>`,
			dur: 101*60 + 19,
			want: []feed.Chapter{
				{Start: 361, Title: "Apple A11 Performance Review with the iPhone 8 Plus: Taking on Desktop?", URL: "https://www.pcper.com/reviews/Processors/Apple-A11-Performance-Review-iPhone-8-Plus-Taking-Desktop"},
				{Start: 5410, Title: "Samsung Odyssey VR Headset Announced", URL: "https://www.pcper.com/news/General-Tech/Samsung-Odyssey-VR-Headset-Announced"},
				{Start: 5550, Title: "Ryan: From a Certain Point of View", URL: "https://www.amazon.com/Certain-Point-View-Star-Wars/dp/0345511476"},
				{Start: 5670, Title: "Josh: $65 seems a little harsh… but worth it?", URL: "https://www.amazon.com/Blade-Runner-Final-Cut-Blu-ray/dp/B073C1ZYW9/"},
			},
		},
		"engineering-kiosk list a few seconds past itunes:duration is kept whole": {
			notes: "<p>(00:00:00) Bug Management: Sollten Bugs überhaupt gemanaged werden?</p><p>(00:04:55) Info/Werbung</p><p>(00:05:55) Bug Management: Sollten Bugs überhaupt gemanaged werden?</p><p>(00:21:36) Was ist eigentlich ein Bug?</p><p>(00:50:47) Episode 2 zum Thema Bug Management</p>",
			dur:   3040,
			want: []feed.Chapter{
				{Start: 0, Title: "Bug Management: Sollten Bugs überhaupt gemanaged werden?"}, {Start: 295, Title: "Info/Werbung"},
				{Start: 355, Title: "Bug Management: Sollten Bugs überhaupt gemanaged werden?"}, {Start: 1296, Title: "Was ist eigentlich ein Bug?"},
				{Start: 3047, Title: "Episode 2 zum Thema Bug Management"},
			},
		},
		"a list mostly past itunes:duration is another episode's (a trailer's notes)": {
			notes: "<p>(00:00:00) Intro</p><p>(00:05:00) Erstes Thema</p><p>(00:20:00) Zweites Thema</p><p>(00:40:00) Outro</p>",
			dur:   90,
		},
		"a list running a quarter past itunes:duration is refused": {
			notes: "<p>(00:00:00) Intro</p><p>(00:10:00) A</p><p>(00:20:00) B</p><p>(00:30:00) C</p><p>(00:40:00) D</p><p>(00:50:00) E</p><p>(00:55:00) F</p><p>(01:20:00) G</p>",
			dur:   3600,
		},
		"engineering-kiosk #37: a clean list whose last two stamps run past itunes:duration": {
			notes: "<p>Sprungmarken</p><p>(00:00:00) Intro</p><p>(00:00:40) Schreib-Skills</p><p>(00:21:17) Was verdient man mit einem IT Fachbuch?</p>" +
				"<p>(00:35:52) Amazon-Reviews</p><p>(00:46:32) Empfehlungen</p><p>(00:58:46) Lohnt sich das?</p><p>(01:01:22) Selbst-Publishing und Print on Demand</p><p>(01:03:56) Audio-Rants, Reddit und Outro</p>",
			dur: 3621,
			want: []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 40, Title: "Schreib-Skills"}, {Start: 1277, Title: "Was verdient man mit einem IT Fachbuch?"},
				{Start: 2152, Title: "Amazon-Reviews"}, {Start: 2792, Title: "Empfehlungen"}, {Start: 3526, Title: "Lohnt sich das?"}, {Start: 3682, Title: "Selbst-Publishing und Print on Demand"}, {Start: 3836, Title: "Audio-Rants, Reddit und Outro"}},
		},
		"engineering-kiosk #94: a stamp given twice, its first title repeated later, loses that slip": {
			notes: "<p>(00:00:00) Intro</p><p>(00:02:01) Vorstellung der Gäste</p><p>(00:07:59) Freelancing als zwei große Kategorien</p>" +
				"<p>(00:07:59) Info/Werbung</p><p>(00:09:07) Freelancing als zwei große Kategorien</p><p>(00:09:48) Arbeitnehmerüberlassung und Leiharbeit</p>",
			want: []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 121, Title: "Vorstellung der Gäste"}, {Start: 479, Title: "Info/Werbung"},
				{Start: 547, Title: "Freelancing als zwei große Kategorien"}, {Start: 588, Title: "Arbeitnehmerüberlassung und Leiharbeit"}},
		},
		"engineering-kiosk #89: two titles at one stamp are both kept": {
			notes: "<p>(00:00:00) Intro</p><p>(00:06:00) Warum Green IT?</p><p>(00:07:14) Welche Rolle spielt die IT?</p>" +
				"<p>(00:07:14) Info/Werbung</p><p>(00:16:06) Welche Komponenten?</p>",
			want: []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 360, Title: "Warum Green IT?"}, {Start: 434, Title: "Welche Rolle spielt die IT?"},
				{Start: 434, Title: "Info/Werbung"}, {Start: 966, Title: "Welche Komponenten?"}},
		},
		"pc perspective: one line swapped with the next is put in order": {
			notes: "<p>0:06:33 How 3D XPoint Works</p><p>0:23:10 ECS LIVA Z Review</p><p>0:52:10 ASRock X399</p>" +
				"<p>0:56:50 WWDC 2017: iMac</p><p>0:54:47 WWDC 2017: MacBook</p><p>1:04:30 Plex Live TV</p><p>1:06:55 SHIELD TV</p>",
			want: []feed.Chapter{{Start: 393, Title: "How 3D XPoint Works"}, {Start: 1390, Title: "ECS LIVA Z Review"}, {Start: 3130, Title: "ASRock X399"},
				{Start: 3287, Title: "WWDC 2017: MacBook"}, {Start: 3410, Title: "WWDC 2017: iMac"}, {Start: 3870, Title: "Plex Live TV"}, {Start: 4015, Title: "SHIELD TV"}},
		},
		"pc perspective: each stamp alone on its line, the linked headline on the next": {
			notes: "<ol><li><div><span>0:04:14</span>\n<a href=\"https://example.invalid/1\">\nNVIDIA Announces GTX 1080 Ti</a></div></li>" +
				"<li><div><span>0:09:26</span>\n<a href=\"https://example.invalid/2\">\nGTX 1080 Price Drop</a></div></li>" +
				"<li><div><span>0:18:29</span>\n<a href=\"https://example.invalid/3\">\nRadeon RX Vega</a></div></li></ol>",
			want: []feed.Chapter{{Start: 254, Title: "NVIDIA Announces GTX 1080 Ti", URL: "https://example.invalid/1"},
				{Start: 566, Title: "GTX 1080 Price Drop", URL: "https://example.invalid/2"}, {Start: 1109, Title: "Radeon RX Vega", URL: "https://example.invalid/3"}},
		},
		"a lone stamp without a title before a promo line gets no title from it": {
			notes: "<ul><li>(00:00) - Introduction</li><li>(03:01) - Excited about Technology</li><li>(05:55) - Widening gap</li>" +
				"<li>(35:15) - </li></ul><p>★ Support this podcast on Patreon ★</p>",
			want: []feed.Chapter{{Start: 0, Title: "Introduction"}, {Start: 181, Title: "Excited about Technology"}, {Start: 355, Title: "Widening gap"}},
		},
		"pc perspective #282: a few lines listed in reverse are put in order": {
			notes: "<p>0:05:00 Holiday Building Guide</p><p>0:14:45 Sapphire R9 290X Review</p><p>0:13:10 Phanteks Cooler</p>" +
				"<p>0:12:30 Seasonic PSU</p><p>0:08:15 EVGA Hadron Case</p><p>0:23:45 IKEA Standing Desk</p><p>0:27:00 Steam Sales</p>",
			want: []feed.Chapter{{Start: 300, Title: "Holiday Building Guide"}, {Start: 495, Title: "EVGA Hadron Case"}, {Start: 750, Title: "Seasonic PSU"},
				{Start: 790, Title: "Phanteks Cooler"}, {Start: 885, Title: "Sapphire R9 290X Review"}, {Start: 1425, Title: "IKEA Standing Desk"}, {Start: 1620, Title: "Steam Sales"}},
		},
		"a second list starting over is not merged into the first": {
			notes: "<p>00:00 Intro</p><p>10:00 A</p><p>20:00 B</p><p>30:00 C</p><p>Part two</p><p>00:00 Intro 2</p><p>05:00 D</p><p>08:00 E</p><p>12:00 F</p><p>15:00 G</p><p>18:00 Outro</p>",
			want:  []feed.Chapter{{Start: 0, Title: "Intro 2"}, {Start: 300, Title: "D"}, {Start: 480, Title: "E"}, {Start: 720, Title: "F"}, {Start: 900, Title: "G"}, {Start: 1080, Title: "Outro"}},
		},
		"an exact repeated line is one chapter": {
			notes: "<p>00:00 Intro</p><p>05:00 Topic</p><p>05:00 Topic</p><p>10:00 Outro</p>",
			want:  []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 300, Title: "Topic"}, {Start: 600, Title: "Outro"}},
		},
		"empower-apps list followed by a pasted transcript keeps the list": {
			notes: "<ul><li>(00:00) - Beginner to Pro</li><li>(03:59) - The Tutorial Trap</li><li>(11:33) - Soft Skills</li></ul>" +
				"<p><b>Transcription</b></p><p>Leo Dion (Host): [00:00:00] Thank you for joining me for another episode of empower apps.</p>" +
				"<p>[00:00:26] Antoine v.d. SwiftLee (Guest): [00:00:26] I was honored to be at WWDC the, when S</p>" +
				"<p>[00:00:44] And yeah, I was at a point where I had to convince kind of my project manager to</p>" +
				"<p>[00:01:09] Yeah. Yeah. So we, we started using that and the first week, two weeks, it was al</p>" +
				"<p>[00:01:42] Up until I think  introduced incremental building, which was a lot better already</p>" +
				"<p>[00:02:00] Leo Dion (Host): [00:02:00] Yes. One to two was a big rewrite, but two to three,</p>",
			want: []feed.Chapter{{Start: 0, Title: "Beginner to Pro"}, {Start: 239, Title: "The Tutorial Trap"}, {Start: 693, Title: "Soft Skills"}},
		},
		// Forms TAGS.md lists that the corpus does not happen to carry.
		"form [01:02:03] Title and bullets": {
			notes: "• [00:00:00] Intro\n• [00:10:20] News\n• [01:02:03] Listener mail",
			want:  []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 620, Title: "News"}, {Start: 3723, Title: "Listener mail"}},
		},
		"form markdown [00:04:50](link) - Title": {
			notes: "[00:00:00](https://youtu.be/x?t=0) - Welcome\n[00:04:50](https://youtu.be/x?t=290) - The news\n[00:31:05](https://youtu.be/x?t=1865) - Wrap-up",
			want:  []feed.Chapter{{Start: 0, Title: "Welcome"}, {Start: 290, Title: "The news"}, {Start: 1865, Title: "Wrap-up"}},
		},
		"form 00:00-Title and 12:34 - Title": {
			notes: "00:00-Intro\n03:10 - Topic one\n12:34 - Topic two",
			want:  []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 190, Title: "Topic one"}, {Start: 754, Title: "Topic two"}},
		},
		"form title before the time": {
			notes: "<p>Intro (0:00)</p><p>Interview - 4:12</p><p>Listener questions (38:40)</p>",
			want:  []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 252, Title: "Interview"}, {Start: 2320, Title: "Listener questions"}},
		},
		"form range 0:00 - 5:12 counts at its start": {
			notes: "0:00 - 5:12 Intro\n5:12 - 20:00 Main topic\n20:00 - 31:00 Outro",
			want:  []feed.Chapter{{Start: 0, Title: "Intro"}, {Start: 312, Title: "Main topic"}, {Start: 1200, Title: "Outro"}},
		},

		// Negatives: the corpus traps.
		"nyt-the-daily clock time in prose": {
			notes: `Robert S. Mueller III, the former special counsel, will testify before the House Judiciary Committee and the House Intelligence Committee beginning at 8:30 a.m. Eastern on Wednesday. We spoke to our colleague about what to expect.`,
		},
		"gooaye-zh-tw deadlines": {
			notes: "<p>6/19-7/3 23:59 輸入代碼 KoboGooaye2 享 7 折</p><p>6/26 23:59PM 前購買填單</p><p>獨家早鳥優惠只到 2021/12/28 中午 11:59</p><p>留言活動說明：2021/01/30 - 2021/02/04 23:59, 並於2021/02/05 抽出三位幸運兒</p>",
		},
		"soundon-adult-small-talk-zh-tw broadcast and offer times": {
			notes: "<p>播出資訊：2021/3/25起，每周四晚間21:00首播</p><p>募資優惠｜只到 9/30 23:59</p><p>12/1~12/10 輸入大人的Small Talk 專屬推薦碼【7PQFNWW】，並在12/10 22:00前完成第一筆消費</p>",
			dur:   3600,
		},
		"sentimental-garbage event times": {
			notes: `<p>Caroline's dates: </p><p>8 October: Live Sentimental Garbage with Alexandra Haddow at the Daffodil Restaurant (9.30)</p><p>8 October: Live Wild Garbage with Jen Cownie at Boston Tea Party (18.30)</p><p>9 October: The Sunday Papers with Marcus Brigstocke  (12.15) </p><p>9 October: Literature's Worst Agony Aunt (16:30) </p><br><p>Jen's dates: </p><p>8 October: tarot talk at Waterstones (17:00)</p><p>8 October: Live Wild Garbage with Jen Cownie at Boston Tea Party (18.30)</p>`,
		},
		"freak-show running time": {
			notes: `<p><strong>Dauer:</strong> 5:16:10</p><p><strong>Dauer:</strong> 4:29:44</p><p><strong>Dauer:</strong> 5:32:59</p>`,
		},
		"street-fight-radio time in a title": {
			notes: "// I Love The 80’s // Putting The Screws On Yourself // Good For The Heart // Noon Bryan Vs 9:30 Bryan // Monsanto Seeds //",
		},
		"linux-unplugged date and zone": {
			notes: "<li>As of Tuesday, 11/24/20 17:00 EST ZaReason is no longer in business.</li>",
		},
		"pc-perspective program length alone": {
			notes: `<p><strong>Program length</strong>: 1:29:42</p><p><strong>Program length</strong>: 1:32:19</p><p><strong>Program length</strong>: 1:03:33</p>`,
		},
		"pc-perspective times without titles": {
			notes: "Program length: 1:41:49\n0:04:14\n0:09:26\n0:18:29\n0:32:08\n0:36:35 Ryzen\n0:50:37",
		},
		"pc-perspective list starting at 0:15:20 is refused": {
			notes: "0:15:20 SUPERMICRO C7Z170-SQ Motherboard Review\n0:24:00 be quiet! Dark Power Pro 11 1,000W PSU Review\n0:28:00 CES 2016: AMD Announces Wraith Cooler\n0:32:00 Dell Showcases New Products at CES 2016",
			dur:   92*60 + 11,
		},
		"chaosradio-express times under their headings": {
			notes: `<div class="osf_chapterbox">  <h2 class="osf_chapter">Vorstellung</h2> <span class="osf_chaptertime" data-time="118">00:01:58</span><p class="osf_items"></p></div><div class="osf_chapterbox">  <h2 class="osf_chapter">Filme</h2> <span class="osf_chaptertime">00:11:03</span></div><div class="osf_chapterbox">  <h2 class="osf_chapter">Hacker</h2> <span class="osf_chaptertime">00:19:25</span></div>`,
		},
		"engineering-kiosk list running minutes past itunes:duration": {
			notes: "<p>(00:00:00) Intro</p><p>(00:00:54) Wolfgangs Weltreise und Duisburg's Binnenhafen, der größte der Welt</p><p>(00:47:37) Das Killer-Argument von Docker: Updaten von Applikationen</p><p>(00:51:06) Zukünftige Podcast-Episoden über Docker und das Container-Ecosystem</p><p>(00:52:25) Outro: Feedback und Shownote-Links</p>",
			dur:   2792,
		},
		"empower-apps pasted transcript": {
			notes: "<p>[00:04:24] Leo Dion (Host): [00:04:24] How are you switching over to Swift UI at we transfer</p>" +
				"<p>[00:04:30] Antoine v.d. SwiftLee (Guest): [00:04:30] well, what we decided to do is really l</p>" +
				"<p>[00:05:02] So we decided to build those views with Swift way while keeping the older product</p>" +
				"<p>[00:05:37] And with that, we, we started with full confidence on building these SwitUI views</p>" +
				"<p>[00:06:06] So we can, until you're re you switched away from iOS 13, but it was early days a</p>" +
				"<p>[00:06:22] Leo Dion (Host): [00:06:22] That's a good point. I didn't think about that.</p>" +
				"<p>[00:06:23] Antoine v.d. SwiftLee (Guest): [00:06:23] Yeah. We ended up fixing a lot of books</p>",
		},
		"two entries are not a list": {
			notes: "(00:00) - My Travels\n(03:55) - My Talk",
		},
		"times going backwards are not one list": {
			notes: "00:00 Intro\n10:00 Topic\n05:00 Other\n02:00 More",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			n := enrich.ParseNotes(tc.notes)
			got := FromNotes(&n, ListOptions{Duration: tc.dur})
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("FromNotes(%q)\n got %+v\nwant %+v", n.Text, got, tc.want)
			}
			// ParseList sees the same list, without URLs.
			plain := ParseList(n.Text, ListOptions{Duration: tc.dur})
			if len(plain) != len(tc.want) {
				t.Errorf("ParseList found %d chapters, FromNotes %d", len(plain), len(tc.want))
			}
		})
	}
}

func TestParseListMinEntries(t *testing.T) {
	text := "(00:00) - My Travels\n(03:55) - My Talk\n(09:05) - 32 Talks\n(33:53) - WWDC and Other Thoughts"
	tests := map[string]struct {
		min  int
		want int
	}{
		"default is 3": {min: 0, want: 4},
		"1 means 2":    {min: 1, want: 4},
		"4 accepts 4":  {min: 4, want: 4},
		"5 refuses 4":  {min: 5, want: 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := ParseList(text, ListOptions{MinEntries: tc.min}); len(got) != tc.want {
				t.Errorf("got %d chapters, want %d", len(got), tc.want)
			}
		})
	}
}

func TestScanStamps(t *testing.T) {
	tests := map[string]struct {
		line string
		want []float64
	}{
		"h:mm:ss":                   {"0:04:30 Intel", []float64{270}},
		"bracketed":                 {"(00:02:39) Johannes", []float64{159}},
		"milliseconds":              {"35:12.250 Title", []float64{2112.25}},
		"three-digit minutes":       {"100:05 late", []float64{6005}},
		"am/pm":                     {"at 8:30 a.m. Eastern, 11:59 PM", nil},
		"Uhr":                       {"Beginn 16:30 Uhr", nil},
		"glued to letters":          {"晚間21:00首播 23:59PM T21:46:05", nil},
		"dates and ISO times":       {"2021-12-01T10:59:59.021Z", nil},
		"seconds over 59":           {"12:75 and 1:61:00", nil},
		"four fields":               {"1:02:03:04", nil},
		"ratio with one digit":      {"3:1 win", nil},
		"range is one stamp":        {"0:00 - 5:12 Intro", []float64{0}},
		"clock range is none":       {"9:00 - 17:00 Uhr", nil},
		"several on one line":       {"00:00:00 Pre-show 00:01:01 Intro", []float64{0, 61}},
		"preceded by a preposition": {"we meet at 12:30 again", nil},
		// A title whose first word starts like a clock word is no clock:
		// "Hörsuppe" is not "h", "Übersicht" after "für" not "r".
		"title starting with H and an umlaut": {"01:37 Hörsuppe", []float64{97}},
		"word before ending in an umlaut":     {"Kapitel für 00:10 Übersicht", []float64{10}},
		"clock word then a non-letter":        {"14:30 h, danach", nil},
		"clock word then a dash":              {"Einlass 16:30 Uhr–Ende", nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got []float64
			for _, s := range scanStamps(tc.line, nil) {
				got = append(got, s.sec)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("scanStamps(%q) = %v, want %v", tc.line, got, tc.want)
			}
		})
	}
}

func TestSameText(t *testing.T) {
	tests := map[string]struct {
		line, context string
		want          bool
	}{
		"equal":                        {"0:04:30 Intel", "0:04:30 Intel", true},
		"runs of spaces and a CR":      {"  0:04:30   Intel\r", "0:04:30 Intel", true},
		"unicode space folded":         {"0:04:30\u2003Intel", "0:04:30 Intel", true},
		"other line":                   {"0:15:55 Raja", "0:04:30 Intel", false},
		"prefix only":                  {"0:04:30 Intel Announces", "0:04:30 Intel", false},
		"context longer than the line": {"0:04:30", "0:04:30 Intel", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := sameText(tc.line, tc.context); got != tc.want {
				t.Errorf("sameText(%q, %q) = %v", tc.line, tc.context, got)
			}
		})
	}
}

func TestShorten(t *testing.T) {
	long := "This episode of PC Perspective Podcast is brought to you by Braintree. Even the best mobile app won’t work without the right payments API. " + strings.Repeat("More words here. ", 10)
	if got := shorten(long, maxLeadTitle); got != "This episode of PC Perspective Podcast is brought to you by Braintree." {
		t.Errorf("shorten = %q", got)
	}
	noStop := strings.Repeat("word ", 60)
	if got := shorten(noStop, 20); !strings.HasSuffix(got, "…") || len([]rune(got)) > 21 {
		t.Errorf("shorten without a sentence end = %q", got)
	}
}

// checkList fails t unless chs is a chapter list as ParseList promises.
func checkList(t *testing.T, chs []feed.Chapter, min int) {
	t.Helper()
	if chs == nil {
		return
	}
	if len(chs) < min {
		t.Fatalf("%d chapters, want at least %d: %+v", len(chs), min, chs)
	}
	for i, c := range chs {
		if c.Start < 0 || math.IsNaN(c.Start) || math.IsInf(c.Start, 0) {
			t.Fatalf("chapter %d starts at %v", i, c.Start)
		}
		if strings.TrimSpace(c.Title) == "" || c.Title != strings.TrimSpace(c.Title) {
			t.Fatalf("chapter %d title %q", i, c.Title)
		}
		// Two stories begun at one stamp are both kept; nothing goes back
		// in time or repeats.
		if i > 0 && (c.Start < chs[i-1].Start || c.Start == chs[i-1].Start && c.Title == chs[i-1].Title) {
			t.Fatalf("chapter %d (%v %q) after %v %q", i, c.Start, c.Title, chs[i-1].Start, chs[i-1].Title)
		}
	}
}

func FuzzChapterList(f *testing.F) {
	for _, s := range []string{
		"(00:00:00) Intro\n(00:02:39) Johannes\n(00:08:31) Info/Werbung",
		"Chapters: 00:00:00 Pre-show 00:01:01 Intro 00:02:23 Meet the Raspberry Pi 400",
		"0:00 Pre-Show\n0:44 Intro\n59:09 Pick\n1:00:30 SPONSOR\n1:01:10 Outro",
		"Intro (0:00)\nInterview - 4:12\nListener questions (38:40)",
		"[00:00:00](https://youtu.be/x?t=0) - Welcome\n[00:04:50](l) - News\n[00:31:05](l) - Wrap",
		"0:00 - 5:12 Intro\n5:12 - 20:00 Main\n20:00 - 31:00 Outro",
		"beginning at 8:30 a.m. Eastern; 6/26 23:59PM; Dauer: 5:16:10; (16:30)",
		"[00:00:26] A: [00:00:26] x\n[00:00:44] y\n[00:01:09] z",
		"00:00 \u200b\n01:00 \ufeff\n02:00 ...",
	} {
		f.Add(s, 0.0)
	}
	f.Fuzz(func(t *testing.T, text string, dur float64) {
		chs := ParseList(text, ListOptions{Duration: dur})
		checkList(t, chs, 3)
		if dur > 0 && len(chs) > 0 {
			// Three in four start before the duration, none much after it.
			before := 0
			for _, c := range chs {
				if c.Start < dur {
					before++
				}
			}
			if last := chs[len(chs)-1].Start; before*4 < len(chs)*3 || last >= dur*1.25+durationSlack {
				t.Fatalf("%d of %d chapters before duration %v, the last at %v", before, len(chs), dur, last)
			}
		}
	})
}
