package proxy

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"

	"github.com/recast-podcast/recast/fetch"
)

// Open mode serves feeds recast was not configured with: any public feed
// URL, when the request path carries an HMAC-SHA256 signature of it made
// with the operator's key. The URL and its signature live in the path,
// /open/{sig}/{url}, because podcast apps keep paths but drop or mangle
// query strings on some requests; the feed's chapter files are served under
// the same signed prefix. Who holds the key decides what recast fetches: a
// public signing form would make recast an open proxy again.
//
// An open feed is fetched through the private-network guard (its URL is
// nobody's config), never follows an itunes:new-feed-url (the signer signed
// this URL, not the one it announces) and is refreshed on demand only.
// Bounds: a replica keeps at most OpenOptions.MaxFeeds open feeds, and
// dropping the least recently requested one deletes its store entry, so a
// key holder cannot fill Redis; a feed no copy exists of anywhere (a cold
// fetch) costs the client address a token of a per-address rate limiter.

// OpenOptions switch open mode on (Options.Open).
type OpenOptions struct {
	Key      []byte // signs the URLs; at least 32 bytes
	MaxFeeds int    // open feeds kept per replica; 0: 100
	// ColdRate and ColdBurst limit the cold fetches one client address
	// may cause; 0: 6 a minute, burst 3.
	ColdRate  rate.Limit
	ColdBurst int
	// Feed builds an open feed as cmd builds configured ones (mode,
	// enrichers); name is derived from the URL. The Server points its self
	// link and chapter files at the signed path.
	Feed func(name, url string) (Feed, error)
}

// maxOpenURL bounds a signed URL, before it is decoded.
const maxOpenURL = 2048

// sigBytes is how much of the HMAC the path carries: 128 bits.
const sigBytes = 16

// limiterAddrs bounds the client addresses whose cold-fetch budgets are
// remembered; a forgotten address starts with a full burst.
const limiterAddrs = 10000

var (
	errBadSignature = errors.New("proxy: open mode: missing or wrong signature")
	errOpenOff      = errors.New("proxy: open mode is off")
	errRefusedURL   = errors.New("proxy: open mode: URL refused")
)

// rateError is a cold fetch refused by the per-address limit.
type rateError struct{ wait time.Duration }

func (e *rateError) Error() string {
	return "proxy: open mode: too many new feeds from this address; retry in " + e.wait.Round(time.Second).String()
}

// OpenPath is the path, under the public URL, that serves feedURL in open
// mode with key: /open/{signature}/{url}, both base64url without padding.
func OpenPath(key []byte, feedURL string) string {
	return "/open/" + openSig(key, feedURL) + "/" + base64.RawURLEncoding.EncodeToString([]byte(feedURL))
}

func openSig(key []byte, feedURL string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("recast open v1\n"))
	m.Write([]byte(feedURL))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:sigBytes])
}

// openState is open mode's share of a Server.
type openState struct {
	opts     OpenOptions
	feeds    *lru.Cache[string, *feedState] // by upstream URL
	limiters *lru.Cache[string, *rate.Limiter]
}

func (s *Server) newOpen(o *OpenOptions) *openState {
	if o == nil || len(o.Key) == 0 || o.Feed == nil {
		return nil
	}
	opts := *o
	if opts.MaxFeeds <= 0 {
		opts.MaxFeeds = 100
	}
	if opts.ColdRate <= 0 {
		opts.ColdRate = rate.Every(10 * time.Second)
	}
	if opts.ColdBurst <= 0 {
		opts.ColdBurst = 3
	}
	feeds, _ := lru.NewWithEvict(opts.MaxFeeds, func(_ string, st *feedState) { s.dropOpen(st) })
	limiters, _ := lru.New[string, *rate.Limiter](limiterAddrs)
	return &openState{opts: opts, feeds: feeds, limiters: limiters}
}

// dropOpen forgets an open feed evicted from the bound: its copy here and
// its store entry, so that what a key holder adds stays bounded.
func (s *Server) dropOpen(st *feedState) {
	st.cur.Store(nil)
	if s.opts.Store == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(s.base, cacheWriteTimeout)
		defer cancel()
		for _, k := range []string{st.entryKey, st.failKey} {
			if err := s.opts.Store.Delete(ctx, k); err != nil {
				s.m.storeError("delete")
			}
		}
	}()
	s.log.Info("open feed dropped: least recently requested", "feed", st.Name, "upstream", fetch.RedactString(st.URL))
}

// openFeed returns the open feed a request's path names, after checking its
// signature, the guard and, for a feed no copy exists of, the client's
// cold-fetch budget. The error says why not.
func (s *Server) openFeed(r *http.Request) (*feedState, error) {
	o := s.open
	if o == nil {
		return nil, errOpenOff
	}
	enc, sig := r.PathValue("url"), r.PathValue("sig")
	if len(enc) > maxOpenURL*4/3+4 {
		return nil, errBadSignature
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || base64.RawURLEncoding.EncodeToString(raw) != enc {
		// Only the one encoding OpenPath writes: the decoder skips line
		// breaks and loose trailing bits, and another spelling of the same
		// URL would be another feed, with links in that spelling.
		return nil, errBadSignature
	}
	feedURL := string(raw)
	if !hmac.Equal([]byte(sig), []byte(openSig(o.opts.Key, feedURL))) {
		return nil, errBadSignature
	}
	if st, ok := o.feeds.Get(feedURL); ok {
		return st, nil
	}
	// One request builds the feed's state (requests for the same new feed
	// arriving together share it, and pay one cold fetch between them).
	addr := clientAddr(r)
	got, err, _ := s.sf.Do("open:"+feedURL, func() (any, error) {
		if st, ok := o.feeds.Get(feedURL); ok {
			return st, nil
		}
		st, err := s.newOpenFeed(feedURL, "/open/"+sig+"/"+enc)
		if err != nil {
			return nil, err
		}
		ctx, cancel := context.WithTimeout(s.base, cacheWriteTimeout)
		defer cancel()
		if s.stored(ctx, st) == nil {
			// Nothing anywhere: this request makes recast fetch a new feed.
			if err := o.allowCold(addr); err != nil {
				return nil, err
			}
		}
		o.feeds.Add(feedURL, st)
		return st, nil
	})
	if err != nil {
		return nil, err
	}
	return got.(*feedState), nil
}

// newOpenFeed builds the state of the open feed at feedURL served under
// prefix, once the guard lets its URL through.
func (s *Server) newOpenFeed(feedURL, prefix string) (*feedState, error) {
	if err := s.opts.Fetch.WithAllowPrivate(false).Check(feedURL); err != nil {
		// The guard refuses it (another scheme, a private address): nothing
		// is sent.
		return nil, fmt.Errorf("%w: %w", errRefusedURL, err)
	}
	f, err := s.open.opts.Feed(openName(feedURL), feedURL)
	if err != nil {
		return nil, err
	}
	f.Runtime, f.FollowMoves = true, false
	if s.opts.PublicURL != "" {
		f.Recipe.Render.SelfURL = s.opts.PublicURL + prefix
		f.Recipe.ChaptersBase = s.opts.PublicURL + prefix
	}
	// The key changes with the prefix (a new signing key writes new
	// chapter URLs).
	sum := sha256.Sum256([]byte(prefix))
	f.Key += ":" + hex.EncodeToString(sum[:4])
	if f.TTL <= 0 {
		f.TTL = s.fresh.TTL
	}
	st := newFeedState(f)
	st.open = true
	return st, nil
}

// allowCold takes a token from addr's cold-fetch budget, or says how long
// until there is one.
func (o *openState) allowCold(addr string) error {
	lim, ok := o.limiters.Get(addr)
	if !ok {
		lim = rate.NewLimiter(o.opts.ColdRate, o.opts.ColdBurst)
		if prev, found, _ := o.limiters.PeekOrAdd(addr, lim); found {
			lim = prev
		}
	}
	res := lim.Reserve()
	if d := res.Delay(); d > 0 {
		res.Cancel()
		return &rateError{wait: d}
	}
	return nil
}

// openName is an open feed's name in logs and store keys: "open-" and a
// hash of its URL.
func openName(feedURL string) string {
	sum := sha256.Sum256([]byte(feedURL))
	return "open-" + hex.EncodeToString(sum[:6])
}

// clientAddr is the address a request came from, without its port.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// serveOpen answers GET and HEAD /open/{sig}/{url}.
func (s *Server) serveOpen(w http.ResponseWriter, r *http.Request) {
	st, err := s.openFeed(r)
	if err != nil {
		s.fail(w, r, nil, err)
		return
	}
	if v, xcache, ok := s.currentOf(w, r, st); ok {
		s.write(w, r, st, v, xcache)
	}
}

// serveOpenChapters answers GET and HEAD /open/{sig}/{url}/chapters/{file}.
func (s *Server) serveOpenChapters(w http.ResponseWriter, r *http.Request) {
	st, err := s.openFeed(r)
	if err != nil {
		s.fail(w, r, nil, err)
		return
	}
	s.chaptersOf(w, r, st)
}
