package jsonfeed

import (
	"time"

	"github.com/recast-podcast/recast/feed"
)

// datePublished is an RSS pubDate as RFC 3339 in the offset the feed wrote
// ("Tue, 10 Jun 2003 04:00:00 GMT" → "2003-06-10T04:00:00Z"); "" when it
// cannot be read. Spec: JSON Feed 1.1, date_published; RSS 2.0 pubDate is an
// RFC 822 date-time.
//
// Besides RFC 822 and RFC 1123 it reads what feeds write instead: no weekday
// or one without its comma, a full month name ("1 June 2017"), a two-digit
// year, no seconds, a "+01:00" offset, no zone at all (read as UTC), and an
// RFC 3339 date-time: what feed.ParseDate reads. An unknown zone name makes
// the date unreadable rather than guessed, and the machine's time zone
// database is never used, so the output does not depend on it.
func datePublished(s string) string {
	t, form := feed.ParseDate(s)
	if form == feed.DateInvalid {
		return ""
	}
	return t.Format(time.RFC3339)
}
