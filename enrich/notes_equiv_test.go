package enrich

import (
	"fmt"
	"html"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/recast-podcast/recast/feed"
	"github.com/recast-podcast/recast/internal/testcorpus"
)

// TestParseNotesMatchesXNetHTML checks that ParseNotes returns exactly what
// the x/net/html reference returns for the notes of every item of every
// corpus feed and of the seed. (Where the two differ by design, see
// TestParseNotesDiffersFromXNetHTML: none of those inputs occur here.)
func TestParseNotesMatchesXNetHTML(t *testing.T) {
	inputs := map[string][]string{}
	for _, p := range testcorpus.Feeds(t) {
		name := filepath.Base(p)
		inputs[name] = corpusNotes(t, name)
	}
	doc, err := feed.Parse(testcorpus.Seed(t, "eighty-thousand-hours-jan-leike.xml"))
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	for i := range doc.Items {
		it := &doc.Items[i]
		inputs["seed feed"] = append(inputs["seed feed"], notesHTML(it), it.Description, it.ITunes.Summary)
	}
	inputs["seed notes"] = []string{string(testcorpus.Seed(t, "000_74e677cda6ae4280.txt"))}
	inputs["seed episode page"] = []string{string(testcorpus.Seed(t, "jan-leike-episode-page.html"))}

	var items, links int
	for name, notes := range inputs {
		t.Run(name, func(t *testing.T) {
			for i, s := range notes {
				got, want := ParseNotes(s), parseNotesXNetHTML(s)
				if d := notesDiff(got, want); d != "" {
					t.Errorf("item %d: ParseNotes differs from x/net/html: %s\nnotes: %.300q", i, d, s)
				}
				items++
				links += len(want.Links)
			}
		})
	}
	t.Logf("%d notes, %d links: ParseNotes == x/net/html reference", items, links)
}

// TestParseNotesDiffersFromXNetHTML documents, with a short example each,
// where ParseNotes returns something else than the x/net/html reference,
// and checks that what it returns is the better answer.
func TestParseNotesDiffersFromXNetHTML(t *testing.T) {
	tests := map[string]struct {
		in, ref, want string // ref and want: Text
	}{
		// A character reference to a carriage return is a line break, like
		// a literal CR; the reference left a raw '\r' in Text (a plain-text
		// note with Windows line endings escaped as "&#13;&#10;").
		"decoded CR ends a line": {
			in:   "(00:00) Intro&#13;&#10;(01:10) Main topic",
			ref:  "(00:00) Intro\r\n(01:10) Main topic",
			want: "(00:00) Intro\n(01:10) Main topic",
		},
		"decoded lone CR ends a line": {
			in:   "<p>Line one&#x0D;Line two</p>",
			ref:  "Line one\rLine two",
			want: "Line one\nLine two",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if ref := parseNotesXNetHTML(tc.in).Text; ref != tc.ref {
				t.Errorf("reference Text = %q, want %q (has x/net/html changed?)", ref, tc.ref)
			}
			if got := ParseNotes(tc.in).Text; got != tc.want {
				t.Errorf("Text = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestParseNotesMalformed compares ParseNotes with the reference on HTML
// that real feeds get wrong.
func TestParseNotesMalformed(t *testing.T) {
	for _, in := range malformedNotes {
		got, want := ParseNotes(in), parseNotesXNetHTML(in)
		if d := notesDiff(got, want); d != "" {
			t.Errorf("ParseNotes(%q): %s", in, d)
		}
	}
}

// malformedNotes are test and fuzz inputs.
var malformedNotes = []string{
	"",
	"plain text, no tags",
	"a < b and c > d, 3<4",
	"<p>unclosed <b>bold <a href=x>link",
	"<P>Upper <A HREF=\"https://example.org/U\" TITLE='T'>case</A></P>",
	"<a href=https://example.org/q?a=1&amp;b=2&c=3&copy=4&notit;x>unquoted</a>",
	"<a href='single' title=\"double\" href=second>first href wins</a>",
	"<a\nhref\n=\n\"spaced\"\n>spaced</a> after",
	"<a href=x/>not self-closing</a><a href=\"y\"/>self-closing<a href=z>z</a>",
	"<!-- comment <a href=no>no</a> -->text<!--> <!---> <!-- a --!> b",
	"<![CDATA[ x > y ]]> after <!DOCTYPE html><?xml version=\"1.0\"?>",
	"<script>var a = '</p>'; <!-- <script> </script> --> </script>after",
	"<style>p { color: red }</style><p>styled</p>",
	"<script/>shown<p>x</p></script>",
	"<noscript><img src=x></noscript><iframe src=y>fallback</iframe><title>a &amp; b</title>",
	"<textarea>a\x00b &lt;</textarea><xmp><b>raw</b></xmp>",
	"text</ notatag>more</>and</3>",
	"&lt;p&gt;escaped &amp;amp; &lt;a href=&quot;https://example.org/e&quot;&gt;link&lt;/a&gt;&lt;/p&gt;",
	"nbsp&nbsp;and\u00a0here&#160;&#xA0;",
	"line\r\nbreaks\rand\nmore&#10;decoded",
	"<ul><li>one<li>two</ul><br/><hr>three<div>four</div>",
	"<a href=1>outer <a href=2>inner</a> tail</a>",
	"<a href=\" https://example.org/trim \">  lots   of\tspace\n here </a>",
	"<a href=x>multi\nline</a><a href=y><p>block</p>inside</a>",
	"&#0; &#x110000; &#55296; &#128; &#x9f &#65 &#x41; &#; &#x; &",
	"&NotEqualTilde; &fjlig; &amp &ampx &notin; &notit &copy",
	"<a href=\"&NotEqualTilde;&notit;&amp=&fjlig;\x00\r\n&#13;\">attrs</a>",
	"<p>cut off <a href=\"https://example.org/",
	"cut off <",
	"cut off </",
	"cut off <!",
	"<plaintext><p>all text</p>",
	"<p>Ünïcödé\u2003em\u2028space\u0085nel</p><a href=u>\u3000 wide\u00a0</a>",
	"\xff\xfe<a href=\"\xc2\">\xc2</a>\xc2\xa0",
	"<br a=1 a=x/><a b=1 b=x/>dup</a><script a=x/>s</script>t",
	"<SCRIPT>x</SCRIPT >y<Style>z</STYLE/>w",
	"<script><!--<script>--></script>x</script>y</script>z",
}

// notesDiff describes how got differs from want, "" if it does not.
func notesDiff(got, want Notes) string {
	if reflect.DeepEqual(got, want) {
		return ""
	}
	var b strings.Builder
	if got.Text != want.Text {
		fmt.Fprintf(&b, "Text %q, want %q; ", got.Text, want.Text)
	}
	if (got.Links == nil) != (want.Links == nil) || len(got.Links) != len(want.Links) {
		fmt.Fprintf(&b, "links %+v, want %+v", got.Links, want.Links)
		return b.String()
	}
	for i := range got.Links {
		if got.Links[i] != want.Links[i] {
			fmt.Fprintf(&b, "link %d %+v, want %+v; ", i, got.Links[i], want.Links[i])
		}
	}
	return b.String()
}

// FuzzParseNotes checks that ParseNotes never panics, leaves no '\r' in
// Text and trims URLs, and that it returns what the x/net/html reference
// returns, but where the reference keeps a decoded '\r'.
func FuzzParseNotes(f *testing.F) {
	for _, s := range malformedNotes {
		f.Add(s)
	}
	for _, p := range testcorpus.Feeds(f) {
		// One short note of each feed: the fuzzer mutates small inputs best.
		for _, s := range corpusNotes(f, filepath.Base(p)) {
			if 200 <= len(s) && len(s) <= 2000 {
				f.Add(s)
				break
			}
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := ParseNotes(s)
		if strings.Contains(got.Text, "\r") {
			t.Errorf("Text has a CR: %q", got.Text)
		}
		for _, l := range got.Links {
			if l.URL != strings.TrimSpace(l.URL) {
				t.Errorf("URL not trimmed: %q", l.URL)
			}
		}
		want := parseNotesXNetHTML(s)
		if strings.Contains(want.Text, "\r") {
			return // see TestParseNotesDiffersFromXNetHTML
		}
		for _, l := range want.Links {
			if strings.Contains(l.Text, "\r") || strings.Contains(l.Context, "\r") {
				return
			}
		}
		if d := notesDiff(got, want); d != "" {
			t.Errorf("%s", d)
		}
	})
}

// TestDecodeRefFastNames checks decodeRef's table of common names against
// html.UnescapeString.
func TestDecodeRefFastNames(t *testing.T) {
	for _, ref := range []string{"&amp;", "&amp", "&lt;", "&lt", "&gt;", "&gt", "&quot;", "&quot", "&apos;", "&nbsp;", "&nbsp"} {
		r1, r2, n := decodeRef(ref+" ", false)
		if got, want := string(r1), html.UnescapeString(ref); r2 != 0 || n != len(ref) || got != want {
			t.Errorf("decodeRef(%q) = %q, %d, %d; want %q", ref, got, r2, n, want)
		}
	}
}
