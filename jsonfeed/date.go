package jsonfeed

import (
	"strconv"
	"strings"
	"time"
)

// datePublished is an RSS pubDate as RFC 3339 in the offset the feed wrote
// ("Tue, 10 Jun 2003 04:00:00 GMT" → "2003-06-10T04:00:00Z"); "" when it
// cannot be read. Spec: JSON Feed 1.1, date_published; RSS 2.0 pubDate is an
// RFC 822 date-time.
//
// Besides RFC 822 and RFC 1123 it reads what feeds write instead: no weekday
// or one without its comma, a full month name ("1 June 2017"), a two-digit
// year, no seconds, a "+01:00" offset, no zone at all (read as UTC), and an
// RFC 3339 date-time. Named zones are those of RFC 822 (UT, GMT, EST, EDT,
// CST, CDT, MST, MDT, PST, PDT, Z) and a few more in zoneOffsets; any other
// name makes the date unreadable rather than guessed. The machine's time
// zone database is never used, so the output does not depend on it.
func datePublished(s string) string {
	t, ok := parsePubDate(s)
	if !ok {
		return ""
	}
	return t.Format(time.RFC3339)
}

func parsePubDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	f := strings.Fields(strings.ReplaceAll(s, ",", " "))
	if len(f) > 0 && isWeekday(f[0]) {
		f = f[1:]
	}
	if len(f) < 4 || len(f) > 5 {
		return time.Time{}, false
	}
	day, okDay := number(f[0], 1, 2)
	month, okMonth := monthOf(f[1])
	year, okYear := yearOf(f[2])
	hour, minute, sec, okTime := clock(f[3])
	offset, okZone := 0, true
	if len(f) == 5 {
		offset, okZone = zoneOffset(f[4])
	}
	if !okDay || !okMonth || !okYear || !okTime || !okZone {
		return time.Time{}, false
	}
	t := time.Date(year, month, day, hour, minute, sec, 0, time.FixedZone("", offset))
	if t.Day() != day || t.Month() != month {
		return time.Time{}, false // 31 Apr
	}
	return t, true
}

var weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// isWeekday reports whether s names a day of the week ("Mon", "Monday").
func isWeekday(s string) bool {
	s = strings.ToLower(s)
	for _, d := range weekdays {
		if strings.HasPrefix(s, d) && len(s) <= 9 {
			return true
		}
	}
	return false
}

var months = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// monthOf reads an English month name, abbreviated ("Jun", "Sept") or not.
func monthOf(s string) (time.Month, bool) {
	s = strings.ToLower(s)
	if len(s) < 3 {
		return 0, false
	}
	for i, m := range months {
		if strings.HasPrefix(m, s) || s == "sept" && i == 8 {
			return time.Month(i + 1), true
		}
	}
	return 0, false
}

// yearOf reads a four-digit year, or a two-digit one as RFC 2822 section
// 4.3 says (under 50 is 20xx).
func yearOf(s string) (int, bool) {
	y, ok := number(s, 2, 4)
	switch {
	case !ok || len(s) == 3:
		return 0, false
	case len(s) == 2 && y < 50:
		return 2000 + y, true
	case len(s) == 2:
		return 1900 + y, true
	}
	return y, true
}

// clock reads "hh:mm:ss" or "hh:mm".
func clock(s string) (h, m, sec int, ok bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, false
	}
	h, okH := number(parts[0], 1, 2)
	m, okM := number(parts[1], 2, 2)
	okS := true
	if len(parts) == 3 {
		sec, okS = number(parts[2], 2, 2)
	}
	if !okH || !okM || !okS || h > 23 || m > 59 || sec > 59 {
		return 0, 0, 0, false
	}
	return h, m, sec, true
}

// zoneOffsets are the zone names read, in seconds east of UTC: RFC 822's,
// then a few others feeds use whose meaning is not in doubt.
var zoneOffsets = map[string]int{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
	"AKST": -9, "AKDT": -8, "HST": -10,
	"WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
	"JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}

// zoneOffset reads "+hhmm", "-hhmm", "+hh:mm" or a name of zoneOffsets.
func zoneOffset(s string) (int, bool) {
	if h, ok := zoneOffsets[strings.ToUpper(s)]; ok {
		return h * 3600, true
	}
	if len(s) < 5 || s[0] != '+' && s[0] != '-' {
		return 0, false
	}
	digits := strings.Replace(s[1:], ":", "", 1)
	if len(digits) != 4 || len(s) == 6 && s[3] != ':' {
		return 0, false
	}
	h, okH := number(digits[:2], 2, 2)
	m, okM := number(digits[2:], 2, 2)
	if !okH || !okM || h > 23 || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if s[0] == '-' {
		off = -off
	}
	return off, true
}

// number reads s as a decimal of min to max digits.
func number(s string, min, max int) (int, bool) {
	if len(s) < min || len(s) > max {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}
