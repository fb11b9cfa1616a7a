package doctor

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/recast-podcast/recast/feed"
)

// rule is one check: its id (Finding.Rule), its severity, and the rule it
// holds a feed to, as the summary of many findings says it.
type rule struct {
	id   string
	sev  Severity
	what string
}

// ruleTable is every rule, in the order a channel's or an item's findings
// are listed.
var ruleTable = []rule{
	{"xml-not-well-formed", Error, "the feed must be well-formed XML: strict readers (Apple Podcasts among them) refuse it whole; fix what the generator writes"},
	{"encoding-mismatch", Warning, "the XML declaration must name the feed's real encoding; declare UTF-8"},
	{"feed-atom", Warning, "podcast directories and most apps read RSS 2.0 only; publish an RSS 2.0 feed"},
	{"doctor-incomplete", Warning, "the doctor could not read all of it; what follows may miss some findings"},
	{"title-missing", Warning, "a show and each episode need a <title>: apps list them by it"},
	{"description-missing", Warning, "the channel needs a <description> (or itunes:summary): apps and directories show it on the show's page"},
	{"description-too-long", Warning, "Apple Podcasts takes at most 4,000 bytes of description, content:encoded and itunes:summary and cuts or refuses the rest; shorten the notes or link to a page"},
	{"language-missing", Warning, "the channel needs a <language> (ISO 639, e.g. \"en\" or \"de-DE\"): directories list the show by it"},
	{"language-invalid", Warning, "<language> must be an ISO 639 code, e.g. \"en\" or \"pt-BR\""},
	{"artwork-missing", Warning, "Apple Podcasts requires show artwork in <itunes:image href=\"…\"/>, square, 1400 to 3000 px"},
	{"artwork-not-square", Warning, "show artwork must be square: apps crop other shapes"},
	{"artwork-small", Warning, "Apple Podcasts wants show artwork of at least 1400×1400 px"},
	{"category-missing", Warning, "Apple Podcasts requires an <itunes:category> from its list"},
	{"category-unknown", Warning, "itunes:category must be one of Apple's categories, spelt as Apple spells it, a subcategory inside its parent"},
	{"explicit-missing", Warning, "Apple Podcasts requires <itunes:explicit>true</itunes:explicit> or false on the channel"},
	{"explicit-invalid", Warning, "itunes:explicit must be \"true\" or \"false\""},
	{"podcast-guid-missing", Warning, "a <podcast:guid> keeps the show's identity across hosts and feed URLs (Podcasting 2.0); add the UUIDv5 of the feed URL"},
	{"podcast-guid-invalid", Warning, "podcast:guid must be a UUID (the UUIDv5 of the feed URL)"},
	{"podcast-url-http", Warning, "the podcast namespace requires https: for every URL; apps block http: fetches"},
	{"self-link-missing", Warning, "the channel should say where it is served with <atom:link rel=\"self\" href=\"…\"/>, so apps follow moves"},
	{"self-link-mismatch", Warning, "atom:link rel=\"self\" must be the URL the feed is served at, or apps subscribe to the wrong one"},
	{"guid-missing", Warning, "each item needs a permanent, unique <guid>: without one apps guess, and re-download or lose episodes when anything changes"},
	{"guid-duplicate", Error, "item GUIDs must be unique: apps show one episode for all items with the same GUID"},
	{"pubdate-missing", Warning, "each item needs a <pubDate>: apps sort episodes by it"},
	{"pubdate-invalid", Error, "pubDate must be an RFC 822 date (\"Tue, 10 Jun 2003 04:00:00 +0000\"): apps drop or misplace an episode whose date they cannot read"},
	{"pubdate-format", Warning, "pubDate should be an RFC 822 date (\"Tue, 10 Jun 2003 04:00:00 +0000\"), as RSS 2.0 says; stricter apps misread other forms"},
	{"enclosure-missing", Warning, "each episode needs an <enclosure url length type>: without one there is nothing to play"},
	{"enclosure-http", Warning, "enclosure URLs should be https: Apple and many apps refuse or warn on http:"},
	{"enclosure-length", Warning, "an enclosure needs its length in bytes: apps show download sizes and some check the file by it"},
	{"enclosure-type", Warning, "an enclosure needs its MIME type (audio/mpeg, audio/x-m4a, video/mp4…): apps decide how to play it by the type"},
	{"enclosure-duplicate", Warning, "each episode needs its own audio: apps that key episodes by enclosure URL show items with the same one as one"},
}

var rules = func() map[string]rule {
	m := make(map[string]rule, len(ruleTable))
	for _, r := range ruleTable {
		m[r.id] = r
	}
	return m
}()

// perRule is how many items a rule names before it sums the rest up.
const perRule = 10

// checker runs the rules over one parsed feed and collects the findings.
type checker struct {
	doc   *feed.Document
	opt   Options
	ch    channelFacts
	items []itemFacts
	out   []Finding

	named    map[string]int       // items named per rule
	overflow map[string]*overflow // items not named, per rule
	order    []string             // rules that overflowed, in the order they did

	noGUID     int            // items without a GUID
	guids      map[string]int // GUID → index of the first item with it
	enclosures map[string]int // enclosure URL → index of the first item with it
}

type overflow struct {
	n     int
	first string // Where of the first item not named
}

func (c *checker) run() []Finding {
	c.named, c.overflow = map[string]int{}, map[string]*overflow{}
	c.guids, c.enclosures = map[string]int{}, map[string]int{}
	for _, r := range channelRules {
		r(c)
	}
	for i := range c.doc.Items {
		for _, r := range itemRules {
			r(c, i)
		}
	}
	for _, id := range c.order {
		o := c.overflow[id]
		c.out = append(c.out, Finding{Severity: rules[id].sev, Rule: id, Where: fmt.Sprintf("%d more items", o.n),
			Message: fmt.Sprintf("and %d more items, from %s on: %s", o.n, o.first, rules[id].what)})
	}
	return c.out
}

// channel adds a finding on the channel, once: a category listed twice is
// one finding.
func (c *checker) channel(id, format string, args ...any) {
	f := Finding{Severity: rules[id].sev, Rule: id, Where: "channel", Message: fmt.Sprintf(format, args...)}
	for _, g := range c.out {
		if g == f {
			return
		}
	}
	c.out = append(c.out, f)
}

// item adds a finding on item i, or counts it once perRule items were named.
func (c *checker) item(i int, id, format string, args ...any) {
	if c.named[id] >= perRule {
		o := c.overflow[id]
		if o == nil {
			o = &overflow{first: c.where(i)}
			c.overflow[id] = o
			c.order = append(c.order, id)
		}
		o.n++
		return
	}
	c.named[id]++
	c.out = append(c.out, Finding{Severity: rules[id].sev, Rule: id, Where: c.where(i), Message: fmt.Sprintf(format, args...)})
}

// where names item i: `item 12 "Title"`, `item 12 (guid "…")` or `item 12`.
func (c *checker) where(i int) string {
	it := &c.doc.Items[i]
	switch t := firstNonEmpty(it.Title, it.ITunes.Title); {
	case t != "":
		return fmt.Sprintf("item %d %q", i+1, clip(t, 60))
	case it.GUID != "":
		return fmt.Sprintf("item %d (guid %q)", i+1, clip(it.GUID, 60))
	}
	return fmt.Sprintf("item %d", i+1)
}

var channelRules = []func(*checker){
	(*checker).repairs,
	(*checker).channelTitle,
	(*checker).channelDescription,
	(*checker).language,
	(*checker).artwork,
	(*checker).categories,
	(*checker).explicit,
	(*checker).podcastGUID,
	(*checker).channelURLs,
	(*checker).selfLink,
	(*checker).guidSummary,
}

var itemRules = []func(*checker, int){
	(*checker).itemTitle,
	(*checker).guid,
	(*checker).pubDate,
	(*checker).enclosure,
	(*checker).itemDescription,
	(*checker).itemURLs,
}

// repairs: what feed.Parse had to repair to read the feed (Document.Repairs)
// that a strict reader would not have. A byte order mark, a legacy encoding
// declared as such and UTF-16 are XML; these are not.
func (c *checker) repairs() {
	for _, r := range c.doc.Repairs {
		switch {
		case strings.HasPrefix(r, "removed") && strings.Contains(r, "bytes before the"),
			strings.HasPrefix(r, "removed") && strings.Contains(r, "bytes after the root element"),
			strings.HasPrefix(r, "replaced") && strings.Contains(r, "HTML entity"),
			strings.HasPrefix(r, "escaped") && strings.Contains(r, "'&'"),
			strings.HasPrefix(r, "declared the namespace prefix"):
			c.channel("xml-not-well-formed", "the feed is not well-formed XML (recast %s): strict readers, Apple Podcasts among them, refuse it whole; fix the generator", r)
		case strings.HasPrefix(r, "unknown encoding"), strings.Contains(r, "but the content is UTF-8"):
			c.channel("encoding-mismatch", "the XML declaration names the wrong encoding (recast: %s): readers that trust it garble every accent; declare encoding=\"UTF-8\"", r)
		case r == "converted from Atom":
			c.channel("feed-atom", "the feed is Atom, not RSS 2.0: Apple Podcasts, Spotify and most podcast apps read only RSS 2.0; publish RSS 2.0 with the itunes: tags")
		}
	}
	if err := c.ch.walkErr; err != nil {
		c.channel("doctor-incomplete", "the doctor stopped reading the channel (%v): its findings on the channel may be incomplete", err)
	}
}

func (c *checker) channelTitle() {
	if c.doc.Channel.Title == "" {
		c.channel("title-missing", "the channel has no <title>: apps and directories list the show by it; add one")
	}
}

func (c *checker) channelDescription() {
	ch := &c.doc.Channel
	if strings.TrimSpace(ch.Description) == "" && c.ch.summary == "" {
		c.channel("description-missing", "the channel has no <description> or itunes:summary: apps and directories show it on the show's page; add one")
	}
	if long := tooLong("description", ch.Description, "itunes:summary", c.ch.summary); long != "" {
		c.channel("description-too-long", "%s over Apple's 4,000-byte limit: Apple Podcasts cuts or refuses it; shorten it", long)
	}
}

// languageTag is an ISO 639 code with optional subtags, as RSS and Apple
// want it ("en", "en-us", "pt-BR", "zh-Hant-TW").
var languageTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

func (c *checker) language() {
	switch l := c.doc.Channel.Language; {
	case l == "":
		c.channel("language-missing", "the channel has no <language>: directories list shows by language and country; add one, e.g. <language>en</language>")
	case !languageTag.MatchString(l):
		c.channel("language-invalid", "<language>%s</language> is not an ISO 639 code: directories may not list the show in its language; write e.g. \"en\", \"en-US\" or \"de\"", clip(l, 40))
	}
}

// minArtwork is Apple's smallest show artwork, in pixels each side.
const minArtwork = 1400

// artwork: the channel's itunes:image, and what the feed's own attributes
// say of that image (never the RSS <image> width and height, which describe
// a 144-pixel badge whatever the file).
func (c *checker) artwork() {
	art := c.ch.itunesImage
	if art == "" {
		what := "no <itunes:image>"
		switch {
		case c.ch.itunesImageText != "":
			what = fmt.Sprintf("an <itunes:image> without href (%q is its text: Apple reads only the href attribute)", clip(c.ch.itunesImageText, 60))
		case c.ch.hasItunesImage:
			what = "an <itunes:image> without href"
		}
		also := ""
		if c.doc.Channel.Image != "" {
			also = " (Apple does not use the RSS <image>)"
		}
		c.channel("artwork-missing", "the channel has %s: Apple Podcasts refuses a show without artwork and apps show a blank square%s; add <itunes:image href=\"https://…\"/>, square, 1400 to 3000 px", what, also)
		return
	}
	square, small := false, false
	for _, im := range c.ch.art {
		if im.href != art {
			continue
		}
		if !square && (im.ratio > 0 && (im.ratio < 0.99 || im.ratio > 1.01) || im.width > 0 && im.height > 0 && im.width != im.height) {
			square = true
			shape := im.ratioText
			if shape == "" {
				shape = fmt.Sprintf("%d×%d px", im.width, im.height)
			}
			c.channel("artwork-not-square", "the show artwork is %s, says its %s: it must be square, or apps crop it; upload a square image", shape, im.from)
		}
		if !small && (im.width > 0 && im.width < minArtwork || im.height > 0 && im.height < minArtwork) {
			small = true
			size := fmt.Sprintf("%d px wide", im.width)
			if im.width == 0 || im.height > 0 && im.height < im.width {
				size = fmt.Sprintf("%d px high", im.height)
			}
			c.channel("artwork-small", "the show artwork is %s, says its %s: Apple Podcasts wants at least 1400×1400 px (up to 3000); upload a larger image", size, im.from)
		}
	}
}

func (c *checker) categories() {
	if len(c.ch.categories) == 0 {
		c.channel("category-missing", "the channel has no <itunes:category>: Apple Podcasts requires one and lists the show under it; add one from Apple's list, e.g. <itunes:category text=\"Technology\"/>")
		return
	}
	for _, cat := range c.ch.categories {
		if msg := judgeCategory(cat); msg != "" {
			c.channel("category-unknown", "%s", msg)
		}
	}
}

// judgeCategory says what is wrong with one itunes:category; "" when nothing.
func judgeCategory(cat category) string {
	subs, ok := appleCategory[cat.text]
	if !ok {
		hint := "pick one of Apple's"
		if right, ok := appleSpelling[foldCategory(cat.text)]; ok {
			hint = fmt.Sprintf("write it as Apple does: %q", right)
		} else if now, ok := retiredCategories[foldCategory(cat.text)]; ok {
			hint = fmt.Sprintf("Apple retired it in 2019; the nearest now is %q", now)
		} else if parent, ok := appleParent[foldCategory(cat.text)]; ok {
			hint = fmt.Sprintf("it is a subcategory: nest it in <itunes:category text=%q>", parent)
		}
		return fmt.Sprintf("itunes:category %q is not one of Apple's categories: Apple Podcasts ignores it; %s", clip(cat.text, 60), hint)
	}
	for _, s := range cat.subs {
		if !subs[s] {
			hint := fmt.Sprintf("pick one of the subcategories of %q", cat.text)
			if parent, ok := appleParent[foldCategory(s)]; ok && parent == cat.text {
				hint = fmt.Sprintf("write it as Apple does: %q", appleSpelling[foldCategory(s)])
			} else if ok {
				hint = fmt.Sprintf("it belongs in %q", parent)
			} else if now, ok := retiredCategories[foldCategory(s)]; ok && now == cat.text {
				hint = fmt.Sprintf("Apple retired it in 2019: use %q alone", now)
			} else if ok {
				hint = fmt.Sprintf("Apple retired it in 2019; the nearest now is %q", now)
			} else if len(subs) == 0 {
				hint = fmt.Sprintf("%q has none", cat.text)
			}
			return fmt.Sprintf("itunes:category %q > %q is not one of Apple's subcategories: Apple Podcasts ignores it; %s", cat.text, clip(s, 60), hint)
		}
	}
	return ""
}

func (c *checker) explicit() {
	switch v := strings.ToLower(c.ch.explicit); {
	case !c.ch.hasExplicit:
		c.channel("explicit-missing", "the channel has no <itunes:explicit>: Apple Podcasts requires it; add <itunes:explicit>false</itunes:explicit> (or true)")
	case v != "true" && v != "false" && v != "yes" && v != "no" && v != "clean" && v != "explicit":
		c.channel("explicit-invalid", "<itunes:explicit>%s</itunes:explicit> is neither true nor false: Apple Podcasts may mark the show explicit; write true or false", clip(c.ch.explicit, 40))
	}
}

// uuid is the form of a podcast:guid (podcast namespace, <podcast:guid>).
var uuid = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func (c *checker) podcastGUID() {
	switch {
	case !c.ch.hasPodcastGUID:
		c.channel("podcast-guid-missing", "the channel has no <podcast:guid>: apps and the Podcast Index lose the show when its feed URL changes; add the UUIDv5 of the feed URL (podcast namespace)")
	case !uuid.MatchString(c.ch.podcastGUID):
		c.channel("podcast-guid-invalid", "podcast:guid %q is not a UUID: the podcast namespace wants the UUIDv5 of the feed URL; replace it", clip(c.ch.podcastGUID, 60))
	}
}

func (c *checker) channelURLs() {
	if msg := httpURLs(c.ch.urls); msg != "" {
		c.channel("podcast-url-http", "%s", msg)
	}
}

// httpURLs sums up the http: URLs among urls in one line; "" when none.
func httpURLs(urls []podURL) string {
	var (
		kinds []string
		count = map[string]int{}
		first string
		n     int
	)
	for _, u := range urls {
		if !hasScheme(u.url, "http") {
			continue
		}
		k := "podcast:" + u.elem + " " + u.attr
		if count[k] == 0 {
			kinds = append(kinds, k)
		}
		count[k]++
		if n++; first == "" {
			first = u.url
		}
	}
	if len(kinds) == 0 {
		return ""
	}
	for i, k := range kinds {
		if n := count[k]; n > 1 {
			kinds[i] = fmt.Sprintf("%s (%d)", k, n)
		}
	}
	return fmt.Sprintf("%s %s http: (%s): the podcast namespace requires https: URLs, and apps block or warn on http: fetches; serve %s over https",
		strings.Join(kinds, ", "), plural(n > 1, "is", "are"), clip(first, 80), plural(n > 1, "it", "them"))
}

func (c *checker) selfLink() {
	served := strings.TrimSpace(c.opt.ServedURL)
	if served == "" {
		return
	}
	if len(c.ch.selfLinks) == 0 {
		c.channel("self-link-missing", "the channel has no atom:link rel=\"self\": apps cannot tell where the feed lives; add <atom:link rel=\"self\" type=\"application/rss+xml\" href=%q/>", served)
		return
	}
	for _, s := range c.ch.selfLinks {
		if sameURL(s, served) {
			return
		}
	}
	c.channel("self-link-mismatch", "atom:link rel=\"self\" is %q, but the feed is served at %q: apps that follow the self link subscribe to the other; make them the same", clip(c.ch.selfLinks[0], 100), clip(served, 100))
}

// guidSummary sums up missing GUIDs in one finding when more than perRule
// items lack one, or every item of several.
func (c *checker) guidSummary() {
	first := -1
	for i := range c.doc.Items {
		if c.doc.Items[i].GUID == "" {
			c.noGUID++
			if first < 0 {
				first = i
			}
		}
	}
	if n := c.noGUID; c.guidSummed() {
		c.channel("guid-missing", "%d of %d items have no <guid> (the first: %s): without one apps guess, and re-download or lose episodes when a title or link changes; give each item a permanent, unique guid",
			n, len(c.doc.Items), c.where(first))
	}
}

func (c *checker) guidSummed() bool {
	return c.noGUID > perRule || c.noGUID > 1 && c.noGUID == len(c.doc.Items)
}

func (c *checker) itemTitle(i int) {
	it := &c.doc.Items[i]
	if it.Title == "" && it.ITunes.Title == "" {
		c.item(i, "title-missing", "the item has no <title>: apps list it as untitled; add one")
	}
}

func (c *checker) guid(i int) {
	it := &c.doc.Items[i]
	if it.GUID == "" {
		if !c.guidSummed() {
			c.item(i, "guid-missing", "the item has no <guid>: apps guess which episode it is, and re-download or lose it when its title or link changes; add a permanent, unique guid")
		}
		return
	}
	if j, ok := c.guids[it.GUID]; ok {
		c.item(i, "guid-duplicate", "guid %q is also that of %s: apps show one episode for both; give each item its own guid", clip(it.GUID, 80), c.where(j))
		return
	}
	c.guids[it.GUID] = i
}

func (c *checker) pubDate(i int) {
	s := c.doc.Items[i].PubDate
	if s == "" {
		c.item(i, "pubdate-missing", "the item has no <pubDate>: apps cannot sort it among the episodes; add its publication date (RFC 822, e.g. \"Tue, 10 Jun 2003 04:00:00 +0000\")")
		return
	}
	t, form := feed.ParseDate(s)
	switch form {
	case feed.DateInvalid:
		c.item(i, "pubdate-invalid", "pubDate %q is not a date apps can read (RFC 822): they drop the episode or sort it wrongly; write e.g. \"Tue, 10 Jun 2003 04:00:00 +0000\"", clip(s, 60))
	case feed.DateLoose:
		c.item(i, "pubdate-format", "pubDate %q is not RFC 822 as RSS 2.0 requires: stricter apps misread it; write %q", clip(s, 60), t.Format(time.RFC1123Z))
	}
}

func (c *checker) enclosure(i int) {
	e := c.doc.Items[i].Enclosure
	if e.URL == "" {
		c.item(i, "enclosure-missing", "the item has no <enclosure> with a url: there is nothing to play, and apps hide it or show it as text; add <enclosure url=\"https://…\" length=\"BYTES\" type=\"audio/mpeg\"/>")
		return
	}
	if hasScheme(e.URL, "http") {
		c.item(i, "enclosure-http", "the enclosure is http: (%s): Apple and many apps want https and some refuse plain http; serve the audio over https", clip(e.URL, 80))
	}
	switch n, err := strconv.ParseInt(strings.TrimSpace(e.Length), 10, 64); {
	case e.Length == "":
		c.item(i, "enclosure-length", "the enclosure has no length: apps cannot show the download size and some refuse it; add length=\"BYTES\" (the file's size)")
	case err != nil || n <= 0:
		c.item(i, "enclosure-length", "the enclosure's length is %q, not the file's size in bytes: apps show a wrong size and some refuse it; write the size in bytes", clip(e.Length, 30))
	}
	if strings.TrimSpace(e.Type) == "" {
		c.item(i, "enclosure-type", "the enclosure has no type: apps decide how to play it by it; add type=\"audio/mpeg\" (or the file's MIME type)")
	}
	if j, ok := c.enclosures[e.URL]; ok {
		c.item(i, "enclosure-duplicate", "the enclosure URL is also that of %s: apps that key episodes by their audio show one of them; give each its own file", c.where(j))
	} else {
		c.enclosures[e.URL] = i
	}
}

func (c *checker) itemDescription(i int) {
	it := &c.doc.Items[i]
	if long := tooLong("description", it.Description, "content:encoded", it.ContentEncoded, "itunes:summary", it.ITunes.Summary); long != "" {
		c.item(i, "description-too-long", "%s over Apple's 4,000-byte limit: Apple Podcasts cuts the notes; shorten them or link to a page with the rest", long)
	}
}

func (c *checker) itemURLs(i int) {
	f := c.items[i]
	if f.walkErr != nil {
		c.item(i, "doctor-incomplete", "the doctor could not read the item's podcast: tags (%v): its findings may be incomplete", f.walkErr)
	}
	if msg := httpURLs(f.urls); msg != "" {
		c.item(i, "podcast-url-http", "%s", msg)
	}
}

// maxDescription is Apple's limit on a description, in bytes.
const maxDescription = 4000

// tooLong names the fields over maxDescription among name, value pairs:
// "content:encoded (6,120 bytes) is"; "" when none is.
func tooLong(pairs ...string) string {
	var long []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if n := len(strings.TrimSpace(pairs[i+1])); n > maxDescription {
			long = append(long, fmt.Sprintf("%s (%s bytes)", pairs[i], thousands(n)))
		}
	}
	if len(long) == 0 {
		return ""
	}
	return strings.Join(long, " and ") + plural(len(long) > 1, " is", " are")
}

// hasScheme reports whether the URL s has the scheme (case-insensitive).
func hasScheme(s, scheme string) bool {
	return len(s) > len(scheme) && s[len(scheme)] == ':' && strings.EqualFold(s[:len(scheme)], scheme)
}

// sameURL compares two URLs as HTTP does: the scheme and host in any case,
// a default port or an empty path the same as none, the rest exactly.
func sameURL(a, b string) bool {
	if a == b {
		return true
	}
	ua, err1 := url.Parse(strings.TrimSpace(a))
	ub, err2 := url.Parse(strings.TrimSpace(b))
	if err1 != nil || err2 != nil {
		return false
	}
	norm := func(u *url.URL) string {
		scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Host)
		host = strings.TrimSuffix(host, map[string]string{"http": ":80", "https": ":443"}[scheme])
		path := u.EscapedPath()
		if path == "" {
			path = "/"
		}
		return scheme + "://" + host + path + "?" + u.RawQuery
	}
	return norm(ua) == norm(ub)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// clip shortens s to at most n runes, on one line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// thousands writes n with thousands separators: 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func plural(many bool, one, other string) string {
	if many {
		return other
	}
	return one
}

// appleCategories is Apple Podcasts' category list, each category with its
// subcategories, spelt as itunes:category text must be. Source: Apple
// Podcasts for Creators, "Apple Podcasts categories" (the list of 2019,
// still current): 19 categories, 91 subcategories. The older list ("Games &
// Hobbies", "Technology > Podcasting"...) is gone from it.
var appleCategories = []struct {
	name string
	subs []string
}{
	{"Arts", []string{"Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"}},
	{"Business", []string{"Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"}},
	{"Comedy", []string{"Comedy Interviews", "Improv", "Stand-Up"}},
	{"Education", []string{"Courses", "How To", "Language Learning", "Self-Improvement"}},
	{"Fiction", []string{"Comedy Fiction", "Drama", "Science Fiction"}},
	{"Government", nil},
	{"History", nil},
	{"Health & Fitness", []string{"Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"}},
	{"Kids & Family", []string{"Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"}},
	{"Leisure", []string{"Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies", "Home & Garden", "Video Games"}},
	{"Music", []string{"Music Commentary", "Music History", "Music Interviews"}},
	{"News", []string{"Business News", "Daily News", "Entertainment News", "News Commentary", "Politics", "Sports News", "Tech News"}},
	{"Religion & Spirituality", []string{"Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality"}},
	{"Science", []string{"Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics", "Natural Sciences", "Nature", "Physics", "Social Sciences"}},
	{"Society & Culture", []string{"Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"}},
	{"Sports", []string{"Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey", "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling"}},
	{"Technology", nil},
	{"True Crime", nil},
	{"TV & Film", []string{"After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"}},
}

// retiredCategories maps names of Apple's list before 2019, keyed by
// foldCategory, to the nearest category of the current one.
var retiredCategories = map[string]string{
	"games&hobbies":            "Leisure",
	"news&politics":            "News",
	"science&medicine":         "Science",
	"sports&recreation":        "Sports",
	"government&organizations": "Government",
	"health":                   "Health & Fitness",
	"literature":               "Books",
	"othergames":               "Games",
	"highereducation":          "Courses",
	"languagecourses":          "Language Learning",
	"selfhelp":                 "Self-Improvement",
	"fitness&nutrition":        "Fitness",
	"management&marketing":     "Management",
	"softwarehowto":            "Technology",
	"podcasting":               "Technology",
	"gadgets":                  "Technology",
	"other":                    "Religion",
	"amateur":                  "Sports",
	"college&highschool":       "Sports",
	"outdoor":                  "Wilderness",
	"professional":             "Sports",
	"educationaltechnology":    "Courses",
	"training":                 "Courses",
	"k12":                      "Education for Kids",
	"shopping":                 "Business",
	"local":                    "Government",
	"national":                 "Government",
	"regional":                 "Government",
}

// Lookups built from appleCategories: a category's subcategories; the
// parent of a subcategory and Apple's spelling of any name, both keyed by
// foldCategory.
var appleCategory, appleParent, appleSpelling = func() (map[string]map[string]bool, map[string]string, map[string]string) {
	cats, parents, spelling := map[string]map[string]bool{}, map[string]string{}, map[string]string{}
	for _, c := range appleCategories {
		subs := map[string]bool{}
		for _, s := range c.subs {
			subs[s] = true
			parents[foldCategory(s)] = c.name
			spelling[foldCategory(s)] = s
		}
		cats[c.name] = subs
		spelling[foldCategory(c.name)] = c.name
	}
	return cats, parents, spelling
}()

// foldCategory is a category name without case, spaces, hyphens or "and"
// for "&": "how-to" and "Health and Fitness" find Apple's spelling.
func foldCategory(s string) string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, " and ", "&")
	return strings.NewReplacer(" ", "", "-", "", "&amp;", "&").Replace(s)
}
