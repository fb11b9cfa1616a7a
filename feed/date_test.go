package feed

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := map[string]struct {
		form DateForm
		want string // RFC 3339, when readable
	}{
		"Tue, 10 Jun 2003 04:00:00 +0000":   {DateRFC822, "2003-06-10T04:00:00Z"},
		"Tue, 10 Jun 2003 04:00:00 GMT":     {DateRFC822, "2003-06-10T04:00:00Z"},
		"10 Jun 2003 04:00 EST":             {DateRFC822, "2003-06-10T04:00:00-05:00"},
		"Tue, 1 Jun 2003 04:00:00 -0700":    {DateRFC822, "2003-06-01T04:00:00-07:00"},
		"Tue, 10 Jun 03 04:00:00 UT":        {DateRFC822, "2003-06-10T04:00:00Z"},
		"Sat, 31 Dec 2022 23:59:60 UTC":     {DateRFC822, "2023-01-01T00:00:00Z"}, // a leap second
		"Tue 10 Jun 2003 04:00:00 GMT":      {DateLoose, "2003-06-10T04:00:00Z"},
		"Tuesday, 10 Jun 2003 04:00:00 GMT": {DateLoose, "2003-06-10T04:00:00Z"},
		"Tue, 10 June 2003 04:00:00 GMT":    {DateLoose, "2003-06-10T04:00:00Z"},
		"Tue, 10 Sept 2003 04:00:00 GMT":    {DateLoose, "2003-09-10T04:00:00Z"},
		"Tue, 10 Jun 2003 04:00:00 +02:00":  {DateLoose, "2003-06-10T04:00:00+02:00"},
		"Tue, 10 Jun 2003 04:00:00 CEST":    {DateLoose, "2003-06-10T04:00:00+02:00"},
		"Tue, 10 Jun 2003 04:00:00":         {DateLoose, "2003-06-10T04:00:00Z"},
		"2003-06-10T04:00:00+02:00":         {DateLoose, "2003-06-10T04:00:00+02:00"},
		"yesterday":                         {DateInvalid, ""},
		"2003-06-10":                        {DateInvalid, ""},
		"Tue, 31 Apr 2003 04:00:00 GMT":     {DateInvalid, ""},
		"Tue, 10 Jun 2003 25:00:00 GMT":     {DateInvalid, ""},
		"Tue, 10 Jun 2003 04:00:00 XYZ":     {DateInvalid, ""},
		"Tue, 10 Jun 203 04:00:00 GMT":      {DateInvalid, ""},
		"Tue, 10 Foo 2003 04:00:00 GMT":     {DateInvalid, ""},
		"Tue, 10 Jun 2003 04:00:00 +020":    {DateInvalid, ""},
	}
	for in, tc := range tests {
		got, form := ParseDate(in)
		if form != tc.form || tc.want != "" && got.Format(time.RFC3339) != tc.want {
			t.Errorf("ParseDate(%q) = %s, %d; want %s, %d", in, got.Format(time.RFC3339), form, tc.want, tc.form)
		}
	}
}
