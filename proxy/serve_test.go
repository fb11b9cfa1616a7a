package proxy

import "testing"

func TestNegotiate(t *testing.T) {
	tests := map[string]struct{ accept, want string }{
		"none":                  {"", ""},
		"identity":              {"identity", ""},
		"gzip":                  {"gzip", "gzip"},
		"browsers":              {"gzip, deflate, br", "br"},
		"br refused":            {"br;q=0, gzip", "gzip"},
		"x-gzip":                {"x-gzip", "gzip"},
		"star":                  {"*", "gzip"},
		"star refused":          {"*;q=0", ""},
		"gzip refused, star":    {"gzip;q=0, *", ""},
		"both refused, star":    {"br;q=0, gzip;q=0, *", ""},
		"br refused, star":      {"*, br;q=0", "gzip"},
		"q after another param": {"gzip;foo=1;q=0", ""},
		"spaces around q":       {"br; q=0, gzip", "gzip"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := negotiate(tc.accept); got != tc.want {
				t.Errorf("negotiate(%q) = %q, want %q", tc.accept, got, tc.want)
			}
		})
	}
}
