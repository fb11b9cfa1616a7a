package transcripts

import (
	"net/url"
	"path"
	"strings"
)

// MIME types written in podcast:transcript type.
const (
	typeHTML  = "text/html"
	typeVTT   = "text/vtt"
	typeSRT   = "application/x-subrip"
	typeJSON  = "application/json"
	typePlain = "text/plain"
)

// fileKind is what a link's URL says about the document behind it.
type fileKind int

const (
	kindNone  fileKind = iota // not a document a transcript can be (audio, image, pdf...)
	kindPage                  // an HTML page: no extension or .html, .php...
	kindVTT                   // .vtt
	kindSRT                   // .srt
	kindJSON                  // .json
	kindPlain                 // .txt
)

// parseLink returns the URL of an absolute http(s) link and the kind of
// document its path names; ok is false for anything else (relative,
// mailto:, javascript:, no host).
func parseLink(raw string) (u *url.URL, k fileKind, ok bool) {
	raw = strings.TrimSpace(raw)
	if len(raw) < len("http://x") || !hasPrefixFold(raw, "http") {
		return nil, kindNone, false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, kindNone, false
	}
	switch strings.ToLower(path.Ext(u.Path)) {
	case "", ".html", ".htm", ".shtml", ".php", ".asp", ".aspx", ".jsp", ".cfm":
		k = kindPage
	case ".vtt", ".webvtt":
		k = kindVTT
	case ".srt":
		k = kindSRT
	case ".json":
		k = kindJSON
	case ".txt":
		k = kindPlain
	default:
		// A dot in the last segment that is no file extension ("/1.5-release",
		// "/v2.0") still names a page; a real extension (.mp3, .pdf) does not.
		if !isFileExt(path.Ext(u.Path)) {
			k = kindPage
		}
	}
	return u, k, true
}

// isFileExt reports whether ext (".mp3") looks like a file extension: a
// letter then up to four letters or digits.
func isFileExt(ext string) bool {
	if len(ext) < 2 || len(ext) > 6 {
		return false
	}
	for i := 1; i < len(ext); i++ {
		c := ext[i] | 0x20
		if !(c >= 'a' && c <= 'z') && !(i > 1 && ext[i] >= '0' && ext[i] <= '9') {
			return false
		}
	}
	return true
}

// isRoot reports whether u is a site's home page, which is never an
// episode's transcript ("Transcripts by <a href=https://rev.com/>Rev</a>").
func isRoot(u *url.URL) bool {
	return strings.Trim(u.Path, "/") == "" && u.RawQuery == ""
}

// docKey returns the identity of the document a URL names, for duplicate
// checks: host lower-cased without "www.", path without a trailing slash,
// the query without utm_* parameters; scheme and fragment ignored. It
// returns the trimmed input when it does not parse.
func docKey(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	p := strings.TrimRight(u.EscapedPath(), "/")
	q := stripTracking(u.RawQuery)
	if q != "" {
		return host + p + "?" + q
	}
	return host + p
}

// stripTracking removes utm_* parameters from a raw query, keeping the
// others as written and in order.
func stripTracking(q string) string {
	if q == "" || !strings.Contains(q, "utm_") {
		return q
	}
	var b strings.Builder
	for part := range strings.SplitSeq(q, "&") {
		if part == "" || hasPrefixFold(part, "utm_") {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(part)
	}
	return b.String()
}

// cleanURL returns raw with its utm_* parameters removed, else as written.
func cleanURL(raw string) string {
	raw = strings.TrimSpace(raw)
	qi := strings.IndexByte(raw, '?')
	if qi < 0 || !strings.Contains(raw[qi:], "utm_") {
		return raw
	}
	rest := raw[qi+1:]
	frag := ""
	if hi := strings.IndexByte(rest, '#'); hi >= 0 {
		rest, frag = rest[:hi], rest[hi:]
	}
	q := stripTracking(rest)
	if q == "" {
		return raw[:qi] + frag
	}
	return raw[:qi] + "?" + q + frag
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
