package fetch

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// The guard for URLs that do not come from the operator's config (episode
// pages and files a feed links to, and every redirect they lead to) has two
// halves. checkURL, before any connection and before DNS, refuses what the
// URL alone shows: another scheme, user information, a port other than 80
// and 443, and a host that is a non-public address in any form a resolver
// would read ("127.1", "2130706433", "0x7f.0.0.1", "0177.0.0.1",
// "[::ffff:127.0.0.1]") or a loopback name ("localhost"). The dialer then
// checks the address each connection really uses, after DNS (guard.go), so
// a name that resolves, or is rebound, to a private address is refused
// too. Allow, the operator's list of "host:port" entries (LAN feeds,
// tests), lets named private hosts through both halves.

// allowList is a set of "host:port" entries, hosts lower-case.
type allowList map[string]bool

func newAllowList(entries []string) allowList {
	if len(entries) == 0 {
		return nil
	}
	a := make(allowList, len(entries))
	for _, e := range entries {
		a[strings.ToLower(strings.TrimSpace(e))] = true
	}
	return a
}

// has reports whether hostport (as a URL or a dialer writes it) is listed.
func (a allowList) has(hostport string) bool {
	return a[strings.ToLower(hostport)]
}

// checkURL refuses u, with ErrBlockedAddress or ErrUnsupported, when the
// guard does not let it be fetched; see above.
func checkURL(u *url.URL, allow allowList) error {
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return kindf(ErrUnsupported, "refused %s: URL", u.Scheme)
	}
	if u.User != nil {
		return kindf(ErrBlockedAddress, "refused a URL with user information")
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return kindf(ErrBlockedAddress, "refused a URL without a host")
	}
	port := u.Port()
	if port == "" {
		port = "80"
		if scheme == "https" {
			port = "443"
		}
	}
	if allow.has(net.JoinHostPort(host, port)) {
		return nil
	}
	if port != "80" && port != "443" {
		return kindf(ErrBlockedAddress, "refused port %s (only 80 and 443 unless fetch.allow_private lists the host)", port)
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || host == "localhost.localdomain" {
		return kindf(ErrBlockedAddress, "refused loopback host %q", host)
	}
	if ip, ok := hostAddr(host); ok && !isPublic(ip) {
		return kindf(ErrBlockedAddress, "refused non-public address %s", ip)
	}
	return nil
}

// hostAddr reads host as an IP address the way resolvers do: an IPv6
// literal, or IPv4 in inet_aton's forms — one to four parts, each decimal,
// octal (leading 0) or hex (0x), the last filling the remaining bytes
// ("127.1", "2130706433", "0x7f000001") — with or without a trailing dot.
func hostAddr(host string) (netip.Addr, bool) {
	host = strings.TrimSuffix(host, ".")
	if strings.Contains(host, ":") {
		ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
		return ip, err == nil
	}
	parts := strings.Split(host, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		n, ok := atonPart(p)
		if !ok {
			return netip.Addr{}, false
		}
		nums[i] = n
	}
	var v uint64
	last := len(nums) - 1
	for i, n := range nums[:last] {
		if n > 0xff {
			return netip.Addr{}, false
		}
		v |= n << (8 * (3 - i))
	}
	rest := 8 * (4 - last) // bits the last part fills
	if nums[last] >= 1<<rest {
		return netip.Addr{}, false
	}
	v |= nums[last]
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
}

// atonPart parses one part of an inet_aton address.
func atonPart(p string) (uint64, bool) {
	if p == "" {
		return 0, false
	}
	base, digits := 10, p
	switch {
	case strings.HasPrefix(p, "0x") || strings.HasPrefix(p, "0X"):
		base, digits = 16, p[2:]
		if digits == "" {
			return 0, true // "0x" is 0 to inet_aton
		}
	case len(p) > 1 && p[0] == '0':
		base, digits = 8, p[1:]
	}
	n, err := strconv.ParseUint(digits, base, 32)
	return n, err == nil
}

// Check reports, without any connection, whether c would refuse raw
// before dialing: for a guarded Client (AllowPrivate false) the checks of
// checkURL; an AllowPrivate Client refuses only what it cannot fetch.
// Callers that take URLs from users (the admin API) say so at once instead
// of at the first fetch; the dialer still checks the resolved address.
// A refusal is reported to Refused, as Fetch's are.
func (c *Client) Check(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("fetch: bad URL: %w", errors.Unwrap(err))
	}
	if c.AllowPrivate || c.HTTP != nil {
		return nil
	}
	c.poolsOnce.Do(func() {
		if c.pools == nil {
			c.pools = newPools(Options{})
		}
	})
	if err := checkURL(u, c.pools.allow); err != nil {
		err = fmt.Errorf("fetch: %s: %w", Redact(u), err)
		if c.Refused != nil && errors.Is(err, ErrBlockedAddress) {
			c.Refused(err)
		}
		return err
	}
	return nil
}
