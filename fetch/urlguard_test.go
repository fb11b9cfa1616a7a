package fetch

import (
	"errors"
	"net/netip"
	"net/url"
	"testing"
)

// TestCheckURL is the guard's table: URL forms that must be refused before
// any connection, and forms that must pass on to the dialer.
func TestCheckURL(t *testing.T) {
	allow := newAllowList([]string{"nas.lan:8080", "127.0.0.1:8001"})
	refused := []string{
		"http://127.0.0.1/feed",
		"http://127.0.0.1:80/feed",
		"https://127.255.255.254/",
		"http://127.1/",                 // short dotted
		"http://127.0.1/",               // three parts
		"http://2130706433/",            // decimal
		"http://0x7f000001/",            // hex
		"http://0x7f.0.0.1/",            // hex part
		"http://0177.0.0.1/",            // octal part
		"http://017700000001/",          // octal whole
		"http://0/",                     // 0.0.0.0
		"http://0.0.0.0/",               // unspecified
		"http://127.0.0.1./",            // trailing dot
		"http://10.0.0.1/",              // RFC 1918
		"http://172.16.0.1/",            // RFC 1918
		"http://192.168.1.1/",           // RFC 1918
		"http://169.254.169.254/latest", // cloud metadata
		"http://0xa9fea9fe/",            // metadata in hex
		"http://2852039166/",            // metadata in decimal
		"http://100.64.0.1/",            // CGNAT
		"http://224.0.0.1/",             // multicast
		"http://255.255.255.255/",       // broadcast
		"http://240.0.0.1/",             // reserved
		"http://192.0.2.1/",             // documentation
		"http://198.18.0.1/",            // benchmarking
		"http://[::1]/",                 // v6 loopback
		"http://[::]/",                  // v6 unspecified
		"http://[::ffff:127.0.0.1]/",    // v4-mapped
		"http://[::ffff:7f00:1]/",       // v4-mapped, hex
		"http://[::127.0.0.1]/",         // v4-compatible
		"http://[64:ff9b::7f00:1]/",     // NAT64 of loopback
		"http://[64:ff9b::a9fe:a9fe]/",  // NAT64 of metadata
		"http://[2002:7f00:1::1]/",      // 6to4 of loopback
		"http://[fc00::1]/",             // unique-local
		"http://[fd12:3456::1]/",        // unique-local
		"http://[fe80::1]/",             // link-local
		"http://[fe80::1%25eth0]/",      // link-local, zoned
		"http://[ff02::1]/",             // multicast
		"http://[2001:db8::1]/",         // documentation
		"http://localhost/",
		"http://LOCALHOST./",
		"http://app.localhost/",
		"http://user:pass@example.com/feed", // user information
		"http://user@example.com/",
		"https://example.com:8443/feed", // port
		"http://example.com:22/",
		"http://nas.lan:9090/",       // listed only with its own port
		"http://127.0.0.1:8002/",     // another port than the listed one
		"ftp://example.com/feed.xml", // scheme
		"file:///etc/passwd",
		"gopher://example.com/",
		"http:///feed", // no host
	}
	pass := []string{
		"https://example.com/feed.xml",
		"http://example.com/feed.xml",
		"https://example.com:443/feed",
		"http://example.com:80/feed",
		"https://feeds.example.org/show?format=rss",
		"http://93.184.215.14/",
		"http://1572395790/", // 93.184.215.14 in decimal: public
		"https://[2606:4700::6810:85e5]/",
		"http://[::ffff:93.184.215.14]/",
		"http://nas.lan:8080/feed.xml",   // listed
		"http://127.0.0.1:8001/feed.xml", // listed
		"http://NAS.lan:8080/",           // hosts compare without case
		"https://1.1.1.1/",
	}
	for _, raw := range refused {
		u, err := url.Parse(raw)
		if err != nil {
			continue // unparsable URLs never reach the dialer either
		}
		err = checkURL(u, allow)
		if err == nil {
			t.Errorf("%s: passed, want refused", raw)
		} else if !errors.Is(err, ErrBlockedAddress) && !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: %v is neither ErrBlockedAddress nor ErrUnsupported", raw, err)
		}
	}
	for _, raw := range pass {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if err := checkURL(u, allow); err != nil {
			t.Errorf("%s: %v, want it passed", raw, err)
		}
	}
	if len(refused) < 40 || len(pass) < 10 {
		t.Fatalf("the table needs 40 refused and 10 passing forms, has %d and %d", len(refused), len(pass))
	}
}

// TestHostAddr: inet_aton's forms read as the dialer's resolver would.
func TestHostAddr(t *testing.T) {
	for host, want := range map[string]string{
		"127.1": "127.0.0.1", "2130706433": "127.0.0.1", "0x7f.1": "127.0.0.1", "0177.0.0.01": "127.0.0.1",
		"10.1.65535": "10.1.255.255", "1.2.3.4.": "1.2.3.4", "0": "0.0.0.0", "[::1]": "::1",
		"example.com": "", "1.2.3.4.5": "", "256.1.1.1": "", "1.2.3.256": "", "08.1.1.1": "", "4294967296": "",
		"1.2.3": "1.2.0.3", "0x": "0.0.0.0", "12a.1": "",
	} {
		ip, ok := hostAddr(host)
		got := ""
		if ok {
			got = ip.String()
		}
		if got != want {
			t.Errorf("hostAddr(%q) = %q, want %q", host, got, want)
		}
	}
	if ip, _ := hostAddr("0x7f000001"); ip != netip.MustParseAddr("127.0.0.1") {
		t.Errorf("hex whole = %v", ip)
	}
}

func FuzzHostAddr(f *testing.F) {
	for _, s := range []string{"127.1", "0x7f.0.0.1", "[::ffff:127.0.0.1]", "2130706433", "a.b", "..", "0x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		ip, ok := hostAddr(host)
		if ok && !ip.IsValid() {
			t.Errorf("hostAddr(%q) ok with an invalid address", host)
		}
		// A standard dotted quad reads as itself.
		if std, err := netip.ParseAddr(host); err == nil && std.Is4() && (!ok || ip != std) {
			t.Errorf("hostAddr(%q) = %v, %v; want %v", host, ip, ok, std)
		}
	})
}
