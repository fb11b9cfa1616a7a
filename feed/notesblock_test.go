package feed

import (
	"strings"
	"testing"
)

func TestRenderDescriptionChapters(t *testing.T) {
	three := []Chapter{{Start: 0, Title: "Intro"}, {Start: 95.5, Title: "Q & A"}, {Start: 1510, Title: "Outro"}}
	long := []Chapter{{Start: 0, Title: "Intro"}, {Start: 600, Title: "Middle"}, {Start: 3725, Title: "End"}}
	wrap := func(lang, item string) string {
		return "<rss><channel><language>" + lang + "</language><item>" + item + "</item></channel></rss>"
	}
	tests := map[string]struct {
		item     string
		lang     string
		add      Additions
		wantItem string // "" when the item must come out unchanged
	}{
		"plain text in CDATA gets plain lines inside it": {
			item:     "<description><![CDATA[Notes & more]]></description>",
			add:      Additions{Chapters: []Chapter{{Start: 0, Title: "a"}, {Start: 60, Title: "b ]]> c"}, {Start: 120, Title: "d"}}},
			wantItem: "<description><![CDATA[Notes & more\n\nChapters:\n00:00 a\n01:00 b ]]]]><![CDATA[> c\n02:00 d]]></description>",
		},
		"inside one CDATA section, as HTML": {
			item:     "<description>\n  <![CDATA[<p>Notes</p>]]>\n</description>",
			add:      Additions{Chapters: three},
			wantItem: "<description>\n  <![CDATA[<p>Notes</p><p>Chapters:<br>\n00:00 Intro<br>\n01:35 Q &amp; A<br>\n25:10 Outro</p>]]>\n</description>",
		},
		"escaped HTML notes get escaped HTML": {
			item:     "<description>&lt;p&gt;Notes&lt;/p&gt;</description>",
			add:      Additions{Chapters: three},
			wantItem: "<description>&lt;p&gt;Notes&lt;/p&gt;&lt;p&gt;Chapters:&lt;br&gt;\n00:00 Intro&lt;br&gt;\n01:35 Q &amp;amp; A&lt;br&gt;\n25:10 Outro&lt;/p&gt;</description>",
		},
		"plain text notes get plain lines, in the feed's language, hours past an hour": {
			item:     "<description>Notes &amp; more</description>",
			lang:     "de-DE",
			add:      Additions{Chapters: long},
			wantItem: "<description>Notes &amp; more\n\nKapitel:\n00:00:00 Intro\n00:10:00 Middle\n01:02:05 End</description>",
		},
		"description and content:encoded both": {
			item: `<description>Short</description><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>Long</p>]]></content:encoded>`,
			add:  Additions{Chapters: three},
			wantItem: "<description>Short\n\nChapters:\n00:00 Intro\n01:35 Q &amp; A\n25:10 Outro</description>" +
				`<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>Long</p><p>Chapters:<br>` + "\n00:00 Intro<br>\n01:35 Q &amp; A<br>\n25:10 Outro</p>]]></content:encoded>",
		},
		"a title closing CDATA is escaped in HTML": {
			item:     "<description><![CDATA[<p>x</p>]]></description>",
			add:      Additions{Chapters: []Chapter{{Start: 0, Title: "a"}, {Start: 60, Title: "b ]]> c"}, {Start: 120, Title: "d"}}},
			wantItem: "<description><![CDATA[<p>x</p><p>Chapters:<br>\n00:00 a<br>\n01:00 b ]]&gt; c<br>\n02:00 d</p>]]></description>",
		},
		"characters XML does not allow are left out, in CDATA too": {
			item:     "<description><![CDATA[Notes]]></description>",
			add:      Additions{Chapters: []Chapter{{Start: 0, Title: "Teil\x1f1"}, {Start: 60, Title: "Teil \xff2"}, {Start: 120, Title: "Teil\uFFFE3 \x00"}}},
			wantItem: "<description><![CDATA[Notes\n\nChapters:\n00:00 Teil1\n01:00 Teil 2\n02:00 Teil3]]></description>",
		},
		"a title of nothing XML allows": {
			item: "<description>x</description>",
			add:  Additions{Chapters: []Chapter{{Start: 0, Title: "a"}, {Start: 60, Title: "\x01\x02"}, {Start: 120, Title: "c"}}},
		},
		"notes that list chapters already": {
			item: "<description>00:00 Intro</description>",
			add:  Additions{Chapters: three, NotesListChapters: true},
		},
		"fewer than three chapters": {
			item: "<description>x</description>",
			add:  Additions{Chapters: three[:2]},
		},
		"first chapter not at 0:00": {
			item: "<description>x</description>",
			add:  Additions{Chapters: three[1:]},
		},
		"two chapters in one second": {
			item: "<description>x</description>",
			add:  Additions{Chapters: []Chapter{{Start: 0, Title: "a"}, {Start: 10.2, Title: "b"}, {Start: 10.7, Title: "c"}}},
		},
		"an empty-element description": {
			item: "<description/>",
			add:  Additions{Chapters: three},
		},
		"a description with child elements": {
			item: "<description><p>x</p></description>",
			add:  Additions{Chapters: three},
		},
		// With several descriptions, readers take the first that is not
		// empty: the list goes there, where they see it.
		"an empty description, then the notes": {
			item:     "<description></description><description>&lt;p&gt;Real&lt;/p&gt;</description>",
			add:      Additions{Chapters: three},
			wantItem: "<description></description><description>&lt;p&gt;Real&lt;/p&gt;&lt;p&gt;Chapters:&lt;br&gt;\n00:00 Intro&lt;br&gt;\n01:35 Q &amp;amp; A&lt;br&gt;\n25:10 Outro&lt;/p&gt;</description>",
		},
		"an empty-element description, then the notes": {
			item:     "<description/><description>Real</description>",
			add:      Additions{Chapters: three},
			wantItem: "<description/><description>Real\n\nChapters:\n00:00 Intro\n01:35 Q &amp; A\n25:10 Outro</description>",
		},
		"the notes, then another description": {
			item:     "<description>Real</description><description>Other</description>",
			add:      Additions{Chapters: three},
			wantItem: "<description>Real\n\nChapters:\n00:00 Intro\n01:35 Q &amp; A\n25:10 Outro</description><description>Other</description>",
		},
		"an empty description, then notes with child elements": {
			item: "<description></description><description><p>x</p></description>",
			add:  Additions{Chapters: three},
		},
		"only an empty description": {
			item:     "<description></description>",
			add:      Additions{Chapters: three},
			wantItem: "<description>Chapters:\n00:00 Intro\n01:35 Q &amp; A\n25:10 Outro</description>",
		},
		"no description": {
			item: "<title>t</title>",
			add:  Additions{Chapters: three},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			in := wrap(tc.lang, tc.item)
			d, err := Parse([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			got := string(d.Render([]Additions{tc.add}, RenderOptions{DescriptionChapters: true}))
			want := in
			if tc.wantItem != "" {
				want = wrap(tc.lang, tc.wantItem)
			}
			if got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
			if _, err := Parse([]byte(got)); err != nil {
				t.Errorf("output does not parse: %v", err)
			}
			// Off, nothing changes.
			if off := string(d.Render([]Additions{tc.add}, RenderOptions{})); off != in {
				t.Errorf("without the option: %s", off)
			}
		})
	}
}

func TestLooksHTML(t *testing.T) {
	for s, want := range map[string]bool{
		"<p>x</p>":                  true,
		"a<br>b":                    true,
		"x </b>":                    true,
		"<!-- c -->":                true,
		"plain text":                false,
		"1 < 2 and 3 <4":            false,
		"if a<b then":               true, // reads as a tag, as browsers would
		"":                          false,
		strings.Repeat("< ", 3):     false,
		"ends with <":               false,
		"Die <3 Folge, <b>fett</b>": true,
	} {
		if got := looksHTML(s); got != want {
			t.Errorf("looksHTML(%q) = %v, want %v", s, got, want)
		}
	}
}
