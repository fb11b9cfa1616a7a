package topics

import (
	"net/url"
	"strings"

	"github.com/recast-podcast/recast/enrich"
)

// adWords mark a line of show notes that sells rather than tells: sponsor
// reads, discount codes, shop prices, affiliate boxes. Such a line names
// products and sponsors, never the episode's topic, and the tagger does not
// read it. Lower-case; matched as substrings.
var adWords = []string{
	"sponsor", "brought to you by", "promo code", "use code", "coupon", "% off", "free trial",
	"discount", "affiliate", "patreon", "support the show", "support us",
	"werbung", "anzeige", "gesponsert", "rabatt", "gutschein", "unterstütz",
	"patrocin", "publicidad", "descuento", "código", "publicité", "parrain",
	"preis:", "price:", "prijs:", "precio:", "prix :", "prix:", "€", "us$",
}

// stripAds returns line without its sentences that sell (adWords), or ""
// when it is the text of a link to a shop (promo) or sells throughout; line
// itself when nothing sells.
func stripAds(line string, promo map[string]bool) string {
	if promo[line] {
		return ""
	}
	if !selling(line) {
		return line
	}
	var b strings.Builder
	for rest := line; rest != ""; {
		end := sentenceEnd(rest)
		if s := rest[:end]; !selling(s) {
			b.WriteString(s)
		}
		rest = rest[end:]
	}
	return strings.TrimSpace(b.String())
}

func selling(s string) bool {
	for i := 0; i < len(s); i++ {
		for _, w := range adByFirst[lowerByte(s[i])] {
			if hasPrefixFold(s[i:], w) {
				return true
			}
		}
	}
	return false
}

// adByFirst holds adWords by their first byte, so that selling reads a
// line once.
var adByFirst = func() (m [256][]string) {
	for _, w := range adWords {
		m[w[0]] = append(m[w[0]], w)
	}
	return m
}()

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFold reports whether s starts with w (lower-case), ASCII
// letters compared without case.
func hasPrefixFold(s, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for j := 0; j < len(w); j++ {
		if lowerByte(s[j]) != w[j] {
			return false
		}
	}
	return true
}

// sentenceEnd returns the end of the first sentence of s, its closing
// punctuation and the space after it included.
func sentenceEnd(s string) int {
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' {
			return i + 2
		}
	}
	return len(s)
}

// mayShop reports whether raw can be a shop link at all, before parsing
// it: it names a shop host or has an affiliate parameter.
func mayShop(raw string) bool {
	low := strings.ToLower(raw)
	for _, h := range shopHosts {
		if strings.Contains(low, h) {
			return true
		}
	}
	return strings.Contains(low, "aff")
}

// shopHosts are the hosts of shop and affiliate links.
var shopHosts = []string{"amazon.", "amzn.", "ebay.", "bol.com", "thomann.", "geni.us", "shareasale", "awin1", "tkqlhce", "bit.ly/amzn"}

// promoted returns the texts of the links of n that lead to a shop, or
// carry an affiliate tag: the product boxes shows paste into their notes.
func promoted(n *enrich.Notes) map[string]bool {
	var m map[string]bool
	for _, l := range n.Links {
		text := strings.TrimSpace(l.Text)
		if text == "" || !isShopLink(l.URL) {
			continue
		}
		if m == nil {
			m = make(map[string]bool)
		}
		m[text] = true
		m[l.Context] = true
	}
	return m
}

func isShopLink(raw string) bool {
	if !mayShop(raw) {
		return false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host := strings.ToLower(u.Host)
	for _, h := range shopHosts {
		if strings.Contains(host, h) {
			return true
		}
	}
	q := u.Query()
	return q.Get("tag") != "" && strings.Contains(host, "amazon") || q.Get("affiliate") != "" || q.Get("aff") != ""
}
