package proxy

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/recast-podcast/recast/fetch"
)

// The admin API for the feed registry (registry.go), behind the admin
// token:
//
//	POST   /admin/feeds         {"name", "url", "mode"} → 201 {"name", "url", "feed_url"}
//	GET    /admin/feeds         every feed served, configured and runtime, with its last refresh
//	DELETE /admin/feeds/{name}  a runtime feed → 204
//	POST   /admin/opml          an app's OPML export → OPML of the recast URLs
//
// Input is checked whole before anything is written: a bad request adds
// nothing.

const (
	maxFeedJSON = 16 << 10
	maxOPML     = 2 << 20 // an app's export of a few thousand shows is far less
	maxOutlines = 2000
)

type feedRequest struct {
	Name        string          `json:"name"`
	URL         string          `json:"url"`
	Mode        string          `json:"mode"`
	FollowMoves *bool           `json:"follow_moves"`
	Enrich      json.RawMessage `json:"enrich"` // the config file's feeds[].enrich block, as JSON
}

// adminError answers a bad admin request: status and a one-line reason.
func adminError(w http.ResponseWriter, status int, format string, a ...any) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	fmt.Fprintf(w, "recast: "+format+"\n", a...)
}

// registryStatus is the status of a registry error.
func registryStatus(err error) int {
	switch {
	case errors.Is(err, errNameTaken), errors.Is(err, errConfigured):
		return http.StatusConflict
	case errors.Is(err, errNoRegistry):
		return http.StatusNotFound
	case errors.Is(err, errRegistryCap):
		return http.StatusInsufficientStorage
	case errors.Is(err, errBadFeed):
		return http.StatusBadRequest
	}
	return http.StatusServiceUnavailable
}

var errBadFeed = errors.New("proxy: bad feed")

// checkSpec refuses what cannot be a runtime feed: a name that is no slug,
// a URL that is not absolute http(s) (file:, gopher:, a relative path).
// The private-network guard checks the address when the feed is fetched.
func checkSpec(sp FeedSpec) error {
	if !ValidName(sp.Name) {
		return fmt.Errorf("%w: name %q: use lower-case letters, digits and dashes (at most 63), such as my-show", errBadFeed, sp.Name)
	}
	u, err := url.Parse(sp.URL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("%w: url %q: want an http:// or https:// feed URL", errBadFeed, sp.URL)
	}
	if u.User != nil {
		return fmt.Errorf("%w: url: user information in a feed URL is refused", errBadFeed)
	}
	return nil
}

// addSpecs adds specs to the registry's list: a name already served is
// errNameTaken (errConfigured when the config file has it), unless it is
// the same URL (then it is reported in existing, not added twice).
func (s *Server) addSpecs(list []FeedSpec, specs []FeedSpec) (out []FeedSpec, added, existing []FeedSpec, err error) {
	s.regMu.Lock()
	configured := map[string]string{}
	for _, f := range s.configured {
		configured[f.Name] = f.URL
	}
	s.regMu.Unlock()
	byName := map[string]string{}
	for _, sp := range list {
		byName[sp.Name] = sp.URL
	}
	for _, sp := range specs {
		if u, ok := configured[sp.Name]; ok {
			if u == sp.URL {
				existing = append(existing, sp)
				continue
			}
			return nil, nil, nil, fmt.Errorf("%w: %q", errConfigured, sp.Name)
		}
		if u, ok := byName[sp.Name]; ok {
			if u == sp.URL {
				existing = append(existing, sp)
				continue
			}
			return nil, nil, nil, fmt.Errorf("%w: %q serves %s", errNameTaken, sp.Name, u)
		}
		if _, err := s.opts.NewFeed(sp); err != nil {
			return nil, nil, nil, fmt.Errorf("%w: %q: %v", errBadFeed, sp.Name, err)
		}
		if err := s.opts.Fetch.WithAllowPrivate(false).Check(sp.URL); err != nil {
			return nil, nil, nil, fmt.Errorf("%w: %q: %v", errBadFeed, sp.Name, strings.TrimPrefix(err.Error(), "fetch: "))
		}
		byName[sp.Name] = sp.URL
		list = append(list, sp)
		added = append(added, sp)
	}
	return list, added, existing, nil
}

func (s *Server) addFeed(w http.ResponseWriter, r *http.Request) {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxFeedJSON))
	dec.DisallowUnknownFields()
	var req feedRequest
	if err := dec.Decode(&req); err != nil {
		adminError(w, http.StatusBadRequest, "bad JSON: %v", err)
		return
	}
	if dec.More() {
		adminError(w, http.StatusBadRequest, "bad JSON: one object expected")
		return
	}
	if req.Mode == "" {
		req.Mode = "mirror" // someone else's feed, re-served
	}
	sp := FeedSpec{Name: req.Name, URL: req.URL, Mode: req.Mode, FollowMoves: req.FollowMoves, Enrich: req.Enrich, Added: s.opts.Now().UTC()}
	if string(sp.Enrich) == "null" {
		sp.Enrich = nil
	}
	if err := checkSpec(sp); err != nil {
		adminError(w, http.StatusBadRequest, "%v", strings.TrimPrefix(err.Error(), "proxy: "))
		return
	}
	err := s.editRegistry(r.Context(), func(list []FeedSpec) ([]FeedSpec, error) {
		out, _, existing, err := s.addSpecs(list, []FeedSpec{sp})
		if err == nil && len(existing) > 0 {
			err = fmt.Errorf("%w: %q is already served from that URL", errNameTaken, sp.Name)
		}
		return out, err
	})
	if err != nil {
		adminError(w, registryStatus(err), "%v", strings.TrimPrefix(err.Error(), "proxy: "))
		return
	}
	s.log.Info("runtime feed added", "feed", sp.Name, "url", fetch.RedactString(sp.URL))
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Location", "/feeds/"+sp.Name)
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]string{"name": sp.Name, "url": sp.URL, "feed_url": FeedURL(s.publicBase(r), sp.Name)})
}

func (s *Server) removeFeed(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	err := s.editRegistry(r.Context(), func(list []FeedSpec) ([]FeedSpec, error) {
		for i, sp := range list {
			if sp.Name == name {
				return append(list[:i], list[i+1:]...), nil
			}
		}
		s.regMu.Lock()
		conf := s.configuredName(name)
		s.regMu.Unlock()
		if conf {
			return nil, fmt.Errorf("%w: %q: remove it there", errConfigured, name)
		}
		return nil, errNotFound
	})
	switch {
	case errors.Is(err, errNotFound):
		adminError(w, http.StatusNotFound, "no runtime feed %q", name)
	case err != nil:
		adminError(w, registryStatus(err), "%v", strings.TrimPrefix(err.Error(), "proxy: "))
	default:
		s.log.Info("runtime feed removed", "feed", name)
		w.WriteHeader(http.StatusNoContent)
	}
}

// feedInfo is one feed in GET /admin/feeds.
type feedInfo struct {
	Name        string     `json:"name"`
	URL         string     `json:"url"`
	FeedURL     string     `json:"feed_url"`
	Source      string     `json:"source"` // "config" or "runtime"
	LastRefresh *time.Time `json:"last_refresh,omitempty"`
	Outcome     string     `json:"outcome"`           // "fresh", "stale", "failing: …", "not fetched yet"
	Private     bool       `json:"private,omitempty"` // served at feed_url with its token for {token}
}

func (s *Server) listFeeds(w http.ResponseWriter, r *http.Request) {
	if err := s.syncRegistry(r.Context()); err != nil {
		s.log.Warn("reading the runtime feeds failed", "err", err)
	}
	now := s.opts.Now()
	base := s.publicBase(r)
	out := []feedInfo{}
	for _, st := range s.set.Load().list {
		fi := feedInfo{Name: st.Name, URL: fetch.RedactString(st.URL), FeedURL: FeedURL(base, st.Name), Source: "config", Outcome: "not fetched yet"}
		if st.Runtime {
			fi.Source = "runtime"
		}
		if st.Token != "" {
			fi.Private, fi.FeedURL = true, fi.FeedURL+"/{token}"
		}
		if v := st.cur.Load(); v != nil {
			t := v.entry.FetchedAt.UTC()
			fi.LastRefresh = &t
			fi.Outcome = "fresh"
			if !now.Before(v.entry.FreshUntil) {
				fi.Outcome = "stale"
			}
		}
		if err := failure(st, now); err != nil {
			fi.Outcome = "failing: " + oneLine(err.Error())
		}
		out = append(out, fi)
	}
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}

// opmlIn is the part of an app's OPML export recast reads.
type opmlIn struct {
	XMLName xml.Name      `xml:"opml"`
	Body    []opmlOutline `xml:"body>outline"`
}

type opmlOutline struct {
	Type     string        `xml:"type,attr"`
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr"`
	XMLURL   string        `xml:"xmlUrl,attr"`
	XMLURL2  string        `xml:"xmlurl,attr"` // some exporters lower-case it
	URL      string        `xml:"url,attr"`
	Outlines []opmlOutline `xml:"outline"`
}

// importOPML adds every feed outline of an OPML export (Apple Podcasts,
// Pocket Casts, AntennaPod, Overcast, gPodder) and answers with an OPML of
// the recast URLs of all of them, ready to import back into the app.
// Feeds already served from the same URL are listed, not added again; a
// title that names a feed served from another URL gets a number ("show-2").
func (s *Server) importOPML(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxOPML))
	if err != nil {
		adminError(w, http.StatusRequestEntityTooLarge, "OPML over %d bytes", maxOPML)
		return
	}
	var doc opmlIn
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "us-ascii") {
			return in, nil
		}
		return nil, fmt.Errorf("encoding %q: export as UTF-8", label)
	}
	if err := dec.Decode(&doc); err != nil {
		adminError(w, http.StatusBadRequest, "bad OPML: %v", err) // encoding/xml names the line
		return
	}
	var found []opmlOutline
	var walk func([]opmlOutline) bool
	walk = func(os []opmlOutline) bool {
		for _, o := range os {
			if o.xmlURL() != "" && (o.Type == "" || strings.EqualFold(o.Type, "rss") || strings.EqualFold(o.Type, "link")) {
				found = append(found, o)
				if len(found) > maxOutlines {
					return false
				}
			}
			if !walk(o.Outlines) {
				return false
			}
		}
		return true
	}
	if !walk(doc.Body) {
		adminError(w, http.StatusRequestEntityTooLarge, "OPML with over %d feeds", maxOutlines)
		return
	}
	if len(found) == 0 {
		adminError(w, http.StatusBadRequest, `bad OPML: no outline type="rss" with an xmlUrl`)
		return
	}
	now := s.opts.Now().UTC()
	var added, existing []FeedSpec
	err = s.editRegistry(r.Context(), func(list []FeedSpec) ([]FeedSpec, error) {
		taken := map[string]string{}
		s.regMu.Lock()
		for _, f := range s.configured {
			taken[f.Name] = f.URL
		}
		s.regMu.Unlock()
		for _, sp := range list {
			taken[sp.Name] = sp.URL
		}
		var specs []FeedSpec
		for i, o := range found {
			u := o.xmlURL()
			sp := FeedSpec{URL: u, Mode: "mirror", Added: now}
			if err := checkSpec(FeedSpec{Name: "x", URL: u}); err != nil {
				return nil, fmt.Errorf("outline %d (%q): %w", i+1, o.title(), err)
			}
			sp.Name = freeName(slug(o.title()), u, taken)
			taken[sp.Name] = u
			specs = append(specs, sp)
		}
		out, a, e, err := s.addSpecs(list, specs)
		added, existing = a, e
		return out, err
	})
	if err != nil {
		adminError(w, registryStatus(err), "%v", strings.TrimPrefix(err.Error(), "proxy: "))
		return
	}
	s.log.Info("OPML imported", "added", len(added), "already_there", len(existing))
	base := s.publicBase(r)
	doc2 := opmlDoc{Version: "2.0", Head: opmlHead{Title: "recast feeds", DateCreated: now.Format(time.RFC1123Z)}}
	for _, sp := range append(added, existing...) {
		doc2.Body = append(doc2.Body, opmlEntry{Type: "rss", Text: sp.Name, Title: sp.Name, XMLURL: FeedURL(base, sp.Name)})
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	fmt.Fprintf(&b, "<!-- %d added, %d already served -->\n", len(added), len(existing))
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	enc.Encode(doc2)
	b.WriteByte('\n')
	w.Header().Set("Content-Type", "text/x-opml; charset=utf-8")
	w.Header().Set("X-Recast-Added", fmt.Sprint(len(added)))
	w.Header().Set("X-Recast-Existing", fmt.Sprint(len(existing)))
	w.WriteHeader(http.StatusOK)
	w.Write(b.Bytes())
}

func (o opmlOutline) xmlURL() string {
	for _, u := range [...]string{o.XMLURL, o.XMLURL2, o.URL} {
		if u = strings.TrimSpace(u); u != "" {
			return u
		}
	}
	return ""
}

func (o opmlOutline) title() string {
	if t := strings.TrimSpace(o.Title); t != "" {
		return t
	}
	return strings.TrimSpace(o.Text)
}

// slug makes a feed name of a show's title: "Der Lautsprecher" →
// "der-lautsprecher", "Ça va?" → "ca-va"; "feed" when nothing is left.
func slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(title)) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case unicode.Is(unicode.Mn, r):
			// accents go
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 48 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		return "feed"
	}
	return s
}

// freeName returns name, or name-2, name-3… when name serves another URL.
func freeName(name, u string, taken map[string]string) string {
	for n, try := name, 2; ; try++ {
		if have, ok := taken[n]; !ok || have == u {
			return n
		}
		n = fmt.Sprintf("%s-%d", name, try)
	}
}

// publicBase is the URL feeds are served under for links in answers.
func (s *Server) publicBase(r *http.Request) string {
	if s.opts.PublicURL != "" {
		return s.opts.PublicURL
	}
	return requestBase(r)
}

func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
