package feed

import (
	"strings"
	"time"
)

// Dates: pubDate is RFC 822 in RSS 2.0, and feeds write much else. The
// doctor says which form a date has; the JSON Feed and the pages read every
// date apps read. One reader for all of them, by hand: time.Parse takes
// one layout at a time and reads zone names from the machine's database.

// DateForm is how well a pubDate reads.
type DateForm int

const (
	DateRFC822  DateForm = iota // RFC 822 as RSS 2.0 says, with RFC 1123's four-digit year
	DateLoose                   // a date apps commonly read, but not RFC 822
	DateInvalid                 // not a date
)

// ParseDate reads an RSS pubDate. RFC 822 (section 5, with RFC 1123's
// four-digit years and RFC 2822's optional seconds) is DateRFC822: an
// optional "Tue," a one- or two-digit day, a three-letter English month, a
// year, hh:mm[:ss] and a zone, "+0000" or a name of RFC 822 (UT, GMT, EST…)
// or UTC. What apps commonly read besides is DateLoose: no weekday comma,
// full month names ("June", "Sept"), a "+00:00" zone, a few more zone names,
// no zone at all, and RFC 3339 ("2024-03-15T10:00:00Z"). Anything else, or
// a day the month does not have, is DateInvalid. The machine's time zone
// database is never used.
func ParseDate(s string) (time.Time, DateForm) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, DateLoose
	}
	form := DateRFC822
	loose := func() { form = DateLoose }
	f := strings.Fields(s)
	if len(f) > 0 {
		if w, comma := strings.CutSuffix(f[0], ","); isWeekday(w) {
			if !comma || len(w) != 3 {
				loose()
			}
			f = f[1:]
		} else if i := strings.IndexByte(f[0], ','); i > 0 && isWeekday(f[0][:i]) {
			f[0] = f[0][i+1:] // "Tue,10 Jun 2003…"
			loose()
		}
	}
	if len(f) == 4 {
		loose() // no zone
	} else if len(f) != 5 {
		return time.Time{}, DateInvalid
	}
	day, okDay := number(f[0], 1, 2)
	month, monthForm := monthOf(f[1])
	year, okYear := number(f[2], 2, 4)
	if okYear && len(f[2]) == 2 {
		year += 1900
		if year < 1950 {
			year += 100
		}
	}
	hour, minute, sec, okClock := clock(f[3])
	offset, zoneForm := 0, DateRFC822
	if len(f) == 5 {
		offset, zoneForm = zoneOf(f[4])
	}
	if !okDay || monthForm == DateInvalid || !okYear || len(f[2]) == 3 || !okClock || zoneForm == DateInvalid {
		return time.Time{}, DateInvalid
	}
	if time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Day() != day {
		return time.Time{}, DateInvalid // 31 Apr
	}
	t := time.Date(year, month, day, hour, minute, sec, 0, time.FixedZone("", offset)) // a leap second is the next
	return t, max(form, monthForm, zoneForm)
}

func isWeekday(s string) bool {
	s = strings.ToLower(s)
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		if len(s) >= 3 && strings.HasPrefix(d, s) {
			return true
		}
	}
	return false
}

var monthNames = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// monthOf reads a month: DateRFC822 for "Jun", DateLoose for "June" or
// "Sept".
func monthOf(s string) (time.Month, DateForm) {
	l := strings.ToLower(s)
	for i, m := range monthNames {
		switch {
		case len(l) == 3 && l == m[:3]:
			return time.Month(i + 1), DateRFC822
		case len(l) > 3 && strings.HasPrefix(m, l), l == "sept" && i == 8:
			return time.Month(i + 1), DateLoose
		}
	}
	return 0, DateInvalid
}

// clock reads hh:mm or hh:mm:ss.
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
	return h, m, sec, okH && okM && okS && h < 24 && m < 60 && sec < 61
}

// rfc822Zones are the zone names of RFC 822 (and UTC), in hours east of UTC.
var rfc822Zones = map[string]int{"UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7}

// looseZones are zone names feeds write that are not RFC 822's but whose
// meaning is not in doubt (not IST: India's +05:30 or Ireland's +01:00).
var looseZones = map[string]int{"AKST": -9, "AKDT": -8, "HST": -10, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2,
	"MEZ": 1, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13}

// zoneOf reads a zone: "+hhmm" or an RFC 822 name is DateRFC822, "+hh:mm"
// or a looseZones name is DateLoose; the offset is in seconds.
func zoneOf(s string) (int, DateForm) {
	u := strings.ToUpper(s)
	if h, ok := rfc822Zones[u]; ok {
		return h * 3600, DateRFC822
	}
	if h, ok := looseZones[u]; ok {
		return h * 3600, DateLoose
	}
	if len(s) < 5 || s[0] != '+' && s[0] != '-' {
		return 0, DateInvalid
	}
	form := DateRFC822
	digits := s[1:]
	if len(s) == 6 && s[3] == ':' {
		digits, form = s[1:3]+s[4:], DateLoose
	}
	h, okH := number(digits[:min(2, len(digits))], 2, 2)
	m, okM := number(digits[min(2, len(digits)):], 2, 2)
	if len(digits) != 4 || !okH || !okM || h > 23 || m > 59 {
		return 0, DateInvalid
	}
	off := h*3600 + m*60
	if s[0] == '-' {
		off = -off
	}
	return off, form
}

// number reads s as a decimal of min to max digits.
func number(s string, min, max int) (int, bool) {
	if len(s) < min || len(s) > max {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
