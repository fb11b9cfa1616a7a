package feed

import (
	"errors"
	"strings"
	"testing"
)

// scanAll runs the scanner over src to the end and returns its error, with
// the position filled in.
func scanAll(src []byte) *SyntaxError {
	s := newScanner(src)
	for s.next() != tokEOF {
	}
	if s.err != nil {
		s.err.Line, s.err.Column = position(src, s.err.off)
	}
	return s.err
}

func TestScanWellFormed(t *testing.T) {
	tests := map[string]string{
		"empty element":                  `<r/>`,
		"declaration":                    `<?xml version="1.0"?><r/>`,
		"declaration in full":            `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>` + "\n<r></r>",
		"declaration spaces around =":    `<?xml version = "1.0" encoding = "utf-8"?><r/>`,
		"misc before and after the root": "<!-- c --><?pi x?>\n<r/>\n<!-- after --><?pi?>\n",
		"doctype with internal subset":   `<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd" [<!ELEMENT r ANY><!ATTLIST r a CDATA "x>y"><!ENTITY e "<b>"> %pe; <!-- c -->]><r/>`,
		"doctype name only":              `<!DOCTYPE rss><rss/>`,
		"doctype with every declaration": "<!DOCTYPE r SYSTEM \"r.dtd\" [\n<!ELEMENT r (a|b)*>\n<!ELEMENT a (#PCDATA|b)*>\n<!ELEMENT b EMPTY>\n" +
			"<!ELEMENT c ((a,b?)+|(b*))>\n<!ATTLIST r x CDATA #IMPLIED y (p|q) \"p\" z NOTATION (n) #REQUIRED w ID #FIXED 'k'>\n" +
			"<!ENTITY e \"v&#65;&amp;\">\n<!ENTITY % pe SYSTEM \"p.ent\">\n<!ENTITY u SYSTEM \"u\" NDATA n>\n" +
			"<!NOTATION n PUBLIC \"-//n//x\">\n<!NOTATION m SYSTEM \"m\">\n%pe;\n<!-- it's -->\n]>\n<r><a>t</a><b/></r>",
		"cdata with markup":               `<r><![CDATA[<b>&nbsp; ]] ]]]></r>`,
		"character references":            `<r>&#65;&#x1F600;&#xe9;&lt;&gt;&amp;&apos;&quot;</r>`,
		"brackets in text":                `<r>a]]b ]>c</r>`,
		"attribute values":                "<r a='\"' b=\"'\" c=\">\" d=\"&amp;&#10;\tx\"/>",
		"white space in tags":             "<r\n  a = \"1\"\r\n\tb='2' ></r >",
		"default namespace":               `<r xmlns="urn:a"><x xmlns=""/></r>`,
		"prefix rebinding":                `<p:r xmlns:p="urn:a"><p:x xmlns:p="urn:b" p:y="1"/></p:r>`,
		"xml prefix predeclared":          `<r xml:lang="de" xmlns:xml="http://www.w3.org/XML/1998/namespace"/>`,
		"same local name, other prefixes": `<r xmlns:a="urn:a" xmlns:b="urn:b" a:x="1" b:x="2" x="3"/>`,
		"non-ASCII names":                 `<é:rôle xmlns:é="urn:e" ñ="1">ü</é:rôle>`,
		"line ends":                       "<r>\r\n<a/>\r<b/>\n</r>",
		"C1 controls and astral chars":    "<r>\u0085\U0001F600</r>",
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			if err := scanAll([]byte(doc)); err != nil {
				t.Fatalf("rejected: %v", err)
			}
			if err := strictTokens([]byte(doc), nil); err != nil {
				t.Fatalf("encoding/xml rejects what the scanner accepts: %v", err)
			}
		})
	}
}

func TestScanNotWellFormed(t *testing.T) {
	tests := map[string]struct {
		doc       string
		msg       string
		line, col int
		code      errCode
	}{
		"mismatched end tag":         {"<a>\n  <b>\r\n</c></a>", "mismatched end tag </c>, expected </b>", 3, 1, errSyntax},
		"unclosed root":              {"<a><b></b>", "unexpected end of input: <a> is not closed", 1, 11, errSyntax},
		"less-than in text":          {"<a>x < y</a>", "invalid element name", 1, 6, errSyntax},
		"bare ampersand":             {"<a>AT&T</a>", "'&' that starts no entity", 1, 6, errEntity},
		"undefined entity":           {"<a>éé&nbsp;</a>", "undefined entity &nbsp;", 1, 6, errEntity},
		"entity in attribute":        {`<a b="&eacute;"/>`, "undefined entity &eacute;", 1, 7, errEntity},
		"reference to NUL":           {"<a>&#0;</a>", "reference to invalid character &#0;", 1, 4, errEntity},
		"reference to surrogate":     {"<a>&#xD800;</a>", "invalid character", 1, 4, errEntity},
		"reference to U+FFFE":        {"<a>&#xFFFE;</a>", "invalid character", 1, 4, errEntity},
		"huge reference":             {"<a>&#99999999999999999999;</a>", "invalid character", 1, 4, errEntity},
		"empty hex reference":        {"<a>&#x;</a>", "malformed character reference", 1, 4, errEntity},
		"uppercase X reference":      {"<a>&#X41;</a>", "malformed character reference", 1, 4, errEntity},
		"control character":          {"<a>x\x01</a>", "invalid character U+0001", 1, 5, errSyntax},
		"control character in attr":  {"<a b=\"\x0b\"/>", "invalid character U+000B", 1, 7, errSyntax},
		"invalid UTF-8":              {"<a>\xff</a>", "invalid UTF-8", 1, 4, errSyntax},
		"U+FFFF":                     {"<a>\uffff</a>", "invalid character U+FFFF", 1, 4, errSyntax},
		"double hyphen in comment":   {"<a><!-- a -- b --></a>", "'--' inside a comment", 1, 11, errSyntax},
		"comment ending --->":        {"<a><!-- a ---></a>", "'--' inside a comment", 1, 11, errSyntax},
		"]]> in text":                {"<a>x]]>y</a>", "']]>' in character data", 1, 5, errSyntax},
		"declaration not at start":   {" <?xml version='1.0'?><a/>", "XML declaration not at the start", 1, 2, errBeforeRoot},
		"declaration in content":     {"<a><?xml version='1.0'?></a>", "XML declaration not at the start", 1, 4, errSyntax},
		"declaration w/o version":    {"<?xml encoding='UTF-8'?><a/>", "XML declaration without version", 1, 6, errSyntax},
		"version 2.0":                {"<?xml version='2.0'?><a/>", "invalid XML version", 1, 16, errSyntax},
		"bad encoding name":          {"<?xml version='1.0' encoding='8bit'?><a/>", "invalid encoding name", 1, 31, errSyntax},
		"bad standalone":             {"<?xml version='1.0' standalone='maybe'?><a/>", "invalid standalone value", 1, 33, errSyntax},
		"reserved PI target":         {"<a><?XmL x?></a>", "reserved processing instruction target XmL", 1, 6, errSyntax},
		"two roots":                  {"<a/><b/>", "junk after the root element", 1, 5, errAfterRoot},
		"text after root":            {"<a/>\nx", "junk after the root element", 2, 1, errAfterRoot},
		"text before root":           {"x<a/>", "text before the root element", 1, 1, errBeforeRoot},
		"doctype twice":              {"<!DOCTYPE a><!DOCTYPE a><a/>", "misplaced DOCTYPE", 1, 13, errBeforeRoot},
		"doctype in content":         {"<a><!DOCTYPE a></a>", "misplaced DOCTYPE", 1, 4, errSyntax},
		"PI in internal subset":      {"<!DOCTYPE a [<?pi it's?>]><a/>", "unsupported markup in DOCTYPE", 1, 14, errSyntax},
		"mixed separators":           {"<!DOCTYPE a [<!ELEMENT a (b|c,d)>]><a/>", "malformed markup declaration", 1, 30, errSyntax},
		"mixed content without *":    {"<!DOCTYPE a [<!ELEMENT a (#PCDATA|b)>]><a/>", "malformed markup declaration", 1, 37, errSyntax},
		"unknown attribute type":     {"<!DOCTYPE a [<!ATTLIST a b BOGUS #IMPLIED>]><a/>", "malformed markup declaration", 1, 28, errSyntax},
		"PE reference in value":      {"<!DOCTYPE a [<!ENTITY % p \"%q;\">]><a/>", "parameter-entity reference in an entity value", 1, 28, errSyntax},
		"colon in notation name":     {"<!DOCTYPE a [<!NOTATION n:x SYSTEM \"x\">]><a/>", "malformed markup declaration", 1, 25, errSyntax},
		"colon in PI target":         {"<a><?p:i x?></a>", "colon in processing instruction target p:i", 1, 6, errSyntax},
		"colon in entity reference":  {"<a>&a:b;</a>", "'&' that starts no entity", 1, 4, errEntity},
		"combining mark after colon": {"<a xmlns:p=\"u\"><p:\u0301x/></a>", "invalid qualified element name", 1, 17, errSyntax},
		"CDATA outside root":         {"<![CDATA[x]]><a/>", "CDATA section outside the root", 1, 1, errBeforeRoot},
		"unquoted attribute":         {"<a b=1/>", "value of attribute b is not quoted", 1, 6, errSyntax},
		"attribute without value":    {"<a b/>", "attribute b without value", 1, 5, errSyntax},
		"duplicate attribute":        {`<a b="1" b="2"/>`, "duplicate attribute b", 1, 10, errSyntax},
		"duplicate expanded name":    {`<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>`, "duplicate attribute q:x", 1, 36, errSyntax},
		"less-than in attribute":     {`<a b="<"/>`, "'<' in attribute value", 1, 7, errSyntax},
		"attributes run together":    {`<a b="1"c="2"/>`, "expected white space", 1, 9, errSyntax},
		"unbound element prefix":     {`<a><p:b/></a>`, "unbound namespace prefix p", 1, 5, errUnbound},
		"unbound attribute prefix":   {`<a p:b="1"/>`, "unbound namespace prefix p", 1, 4, errUnbound},
		"prefix out of scope":        {`<a><b xmlns:p="u"/><p:c/></a>`, "unbound namespace prefix p", 1, 21, errUnbound},
		"undeclaring a prefix":       {`<a xmlns:p=""/>`, "empty namespace name for prefix p", 1, 4, errSyntax},
		"declaring xmlns":            {`<a xmlns:xmlns="u"/>`, "the prefix xmlns must not be declared", 1, 4, errSyntax},
		"rebinding xml":              {`<a xmlns:xml="u"/>`, "the prefix xml must not be bound", 1, 4, errSyntax},
		"binding the XML namespace":  {`<a xmlns:p="http://www.w3.org/XML/1998/namespace"/>`, "reserved namespace", 1, 4, errSyntax},
		"two colons":                 {`<a:b:c/>`, "more than one colon", 1, 2, errBeforeRoot},
		"empty prefix":               {`<r><:a/></r>`, "invalid qualified element name", 1, 5, errSyntax},
		"empty local name":           {`<r><a:/></r>`, "invalid qualified element name", 1, 5, errSyntax},
		"empty document":             {"", "no root element", 1, 1, errBeforeRoot},
		"white space only":           {" \n ", "no root element", 2, 2, errBeforeRoot},
		"junk in end tag":            {"<a></a x>", "expected '>' in end tag </a>", 1, 8, errSyntax},
		"unterminated comment":       {"<a><!-- x", "unexpected end of input in comment", 1, 10, errSyntax},
		"unterminated CDATA":         {"<a><![CDATA[x", "unexpected end of input in CDATA", 1, 14, errSyntax},
		"unterminated PI":            {"<a><?pi x", "unexpected end of input in processing instruction", 1, 10, errSyntax},
		"unterminated attribute":     {`<a b="x`, "unexpected end of input in attribute value", 1, 8, errSyntax},
		"unterminated start tag":     {`<a b="x"`, "unexpected end of input in start tag <a>", 1, 9, errSyntax},
		"truncated after <":          {"<a><", "unexpected end of input after '<'", 1, 4, errSyntax},
		"invalid <! markup":          {"<a><!ELEMENT x></a>", "invalid markup after '<!'", 1, 4, errSyntax},
		"lone CR counts as a line":   {"<a>\r\r<b></a>", "mismatched end tag </a>, expected </b>", 3, 4, errSyntax},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := scanAll([]byte(tc.doc))
			if err == nil {
				t.Fatalf("accepted %q", tc.doc)
			}
			if !strings.Contains(err.Msg, tc.msg) {
				t.Errorf("message %q, want it to contain %q", err.Msg, tc.msg)
			}
			if err.Line != tc.line || err.Column != tc.col {
				t.Errorf("position %d:%d, want %d:%d", err.Line, err.Column, tc.line, tc.col)
			}
			if err.code != tc.code {
				t.Errorf("code %d, want %d", err.code, tc.code)
			}
		})
	}
}

func TestSyntaxErrorString(t *testing.T) {
	_, err := Parse([]byte("<rss>\n<channel>\n  <item>\n    <title>x</item>\n</channel></rss>"))
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("Parse error %v (%T), want *SyntaxError", err, err)
	}
	if want := "feed: line 4, column 13: mismatched end tag </item>, expected </title>"; err.Error() != want {
		t.Errorf("error %q, want %q", err.Error(), want)
	}
}

func TestDecodeText(t *testing.T) {
	tests := map[string]struct {
		raw       string
		attr      bool
		want      string
		ref, cr   bool
		cdataLike bool
	}{
		"plain":                {raw: "a b", want: "a b"},
		"references":           {raw: "&lt;p&gt; &amp;amp; &#233;&#x1F600;&quot;&apos;", ref: true, want: "<p> &amp; é\U0001F600\"'"},
		"CRLF and CR":          {raw: "a\r\nb\rc\n", cr: true, want: "a\nb\nc\n"},
		"attribute whitespace": {raw: "a\tb\r\nc\nd&#10;e", attr: true, want: "a b c d\ne"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got []byte
			if tc.attr {
				got = appendAttrValue(nil, []byte(tc.raw))
			} else {
				got = appendCharData(nil, []byte(tc.raw), tc.ref, tc.cr)
			}
			if string(got) != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
