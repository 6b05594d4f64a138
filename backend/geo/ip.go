package geo

import (
	"net/netip"
	"strings"
)

// ipClass is what normalising a session's SourceIP found.
type ipClass int

const (
	ipInvalid ipClass = iota // empty or not an address: location unknown
	ipPrivate                // not publicly routable: never looked up
	ipPublic                 // worth a database lookup
)

// cgnat is the shared address space of RFC 6598 (carrier-grade NAT).
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// parseIP turns what a session server reports as the client address into an address.
// It accepts "", a bare IPv4 or IPv6 address (with or without a zone), "host:port",
// "[v6]:port", "[v6]", IPv4-mapped IPv6 (unmapped to IPv4) and a forwarded-for style list
// ("client, proxy1, proxy2": the first entry is the client). ok is false for anything else.
func parseIP(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, ','); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	if s == "" {
		return netip.Addr{}, false
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		ap, perr := netip.ParseAddrPort(s)
		switch {
		case perr == nil:
			addr = ap.Addr()
		case len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']':
			if addr, err = netip.ParseAddr(s[1 : len(s)-1]); err != nil {
				return netip.Addr{}, false
			}
		default:
			return netip.Addr{}, false
		}
	}
	return addr.WithZone("").Unmap(), true
}

// classify normalises s and says whether it is worth a lookup.
func classify(s string) (netip.Addr, ipClass) {
	addr, ok := parseIP(s)
	if !ok {
		return netip.Addr{}, ipInvalid
	}
	if isPrivate(addr) {
		return addr, ipPrivate
	}
	return addr, ipPublic
}

// isPrivate reports addresses that no geolocation database can place: private (RFC 1918,
// IPv6 ULA), loopback, link-local, CGNAT, unspecified and multicast.
func isPrivate(a netip.Addr) bool {
	return a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() || cgnat.Contains(a)
}
