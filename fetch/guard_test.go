package fetch

import (
	"errors"
	"net/netip"
	"testing"
)

func TestIsPublic(t *testing.T) {
	tests := map[string]struct {
		ip   string
		want bool
	}{
		"public v4":             {"93.184.215.14", true},
		"public v6":             {"2606:4700::6810:85e5", true},
		"loopback":              {"127.0.0.1", false},
		"loopback range":        {"127.255.0.9", false},
		"v6 loopback":           {"::1", false},
		"unspecified":           {"0.0.0.0", false},
		"this network":          {"0.1.2.3", false},
		"v6 unspecified":        {"::", false},
		"10/8":                  {"10.1.2.3", false},
		"172.16/12":             {"172.31.255.255", false},
		"172.32 is public":      {"172.32.0.1", true},
		"192.168/16":            {"192.168.1.1", false},
		"cgnat":                 {"100.64.0.1", false},
		"cgnat end":             {"100.127.255.254", false},
		"just past cgnat":       {"100.128.0.1", true},
		"link-local":            {"169.254.169.254", false},
		"v6 link-local":         {"fe80::1", false},
		"v6 link-local zoned":   {"fe80::1%eth0", false},
		"unique-local":          {"fd12:3456::1", false},
		"multicast":             {"224.0.0.251", false},
		"v6 multicast":          {"ff02::fb", false},
		"broadcast":             {"255.255.255.255", false},
		"reserved 240/4":        {"240.0.0.1", false},
		"mapped loopback":       {"::ffff:127.0.0.1", false},
		"mapped private":        {"::ffff:10.0.0.1", false},
		"mapped public":         {"::ffff:93.184.215.14", true},
		"nat64 of private":      {"64:ff9b::a00:1", false},
		"nat64 of public":       {"64:ff9b::5db8:d70e", true},
		"6to4 of loopback":      {"2002:7f00:1::1", false},
		"6to4 of public":        {"2002:5db8:d70e::1", true},
		"v4-compatible":         {"::7f00:1", false},
		"site-local":            {"fec0::1", false},
		"documentation":         {"2001:db8::1", false},
		"benchmarking":          {"198.18.0.1", false},
		"ietf protocol":         {"192.0.0.170", false},
		"documentation v4 test": {"203.0.113.7", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ip := netip.MustParseAddr(tc.ip)
			if got := isPublic(ip); got != tc.want {
				t.Errorf("isPublic(%s) = %v, want %v", ip, got, tc.want)
			}
		})
	}
	if isPublic(netip.Addr{}) {
		t.Error("the zero Addr counts as public")
	}
}

func TestRefusePrivate(t *testing.T) {
	tests := map[string]struct {
		addr    string
		refused bool
	}{
		"public":     {"93.184.215.14:443", false},
		"loopback":   {"127.0.0.1:80", true},
		"v6 private": {"[fd00::1]:443", true},
		"zoned":      {"[fe80::1%eth0]:80", true},
		"garbage":    {"not-an-address", true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := refusePrivate("tcp", tc.addr, nil)
			if (err != nil) != tc.refused {
				t.Fatalf("refusePrivate(%s) = %v, want refused=%v", tc.addr, err, tc.refused)
			}
			if err != nil && !errors.Is(err, ErrBlockedAddress) {
				t.Errorf("error %v does not wrap ErrBlockedAddress", err)
			}
		})
	}
}
